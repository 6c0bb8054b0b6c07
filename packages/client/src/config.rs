//! Where the chain is and how transactions pay for themselves.
//!
//! Fees are computed with exact decimal arithmetic: a gas price of `0.025` is the fraction
//! 25/1000, and the fee for `gas` units is `ceil(gas × 25 / 1000)`. No floating point touches a
//! fee, so the amount offered is exactly what `wasmd` computes from the same gas price.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ClientError;

/// RPC address of the localnet's first validator.
pub const LOCALNET_NODE: &str = "http://127.0.0.1:26657";
/// Chain id of the localnet (`localnet/README.md`).
pub const LOCALNET_CHAIN_ID: &str = "ledger-localnet-1";
/// Bech32 prefix of wasmd account addresses.
pub const DEFAULT_ACCOUNT_PREFIX: &str = "wasm";
/// Fee denomination of the localnet.
pub const DEFAULT_DENOM: &str = "stake";
/// The localnet's minimum gas price, in `denom` per unit of gas.
pub const DEFAULT_GAS_PRICE: &str = "0.025";
/// Factor applied to simulated gas, as `wasmd --gas-adjustment` does.
pub const DEFAULT_GAS_ADJUSTMENT: &str = "1.4";
/// How long [`crate::Client::broadcast`] waits for a transaction to be included in a block.
pub const DEFAULT_TX_TIMEOUT: Duration = Duration::from_secs(60);

/// Most decimal places a [`Decimal`] accepts (the Cosmos SDK's `LegacyDec` precision).
const MAX_DECIMALS: u32 = 18;

/// Connection and fee settings for one chain.
///
/// ```
/// use ledger_client::ChainConfig;
/// let config = ChainConfig::localnet();
/// assert_eq!(config.fee_for_gas(200_000).unwrap(), 5_000); // 200000 × 0.025
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainConfig {
    /// CometBFT RPC address, e.g. `http://127.0.0.1:26657`.
    pub node: String,
    /// Chain id the node must report (`ledger-localnet-1` on the localnet).
    pub chain_id: String,
    /// Bech32 prefix of account addresses (`wasm`).
    pub account_prefix: String,
    /// Denomination fees are paid in (`stake`).
    pub denom: String,
    /// Price of one unit of gas in `denom`, e.g. `0.025`.
    pub gas_price: Decimal,
    /// Factor applied to simulated gas when gas is [`crate::Gas::Auto`], e.g. `1.4`.
    pub gas_adjustment: Decimal,
    /// How long to wait for a broadcast transaction to be included in a block.
    #[serde(with = "duration_secs", default = "default_tx_timeout")]
    pub tx_timeout: Duration,
}

fn default_tx_timeout() -> Duration {
    DEFAULT_TX_TIMEOUT
}

impl ChainConfig {
    /// Settings for the local network started by `localnet/start.sh`.
    pub fn localnet() -> Self {
        Self {
            node: LOCALNET_NODE.to_string(),
            chain_id: LOCALNET_CHAIN_ID.to_string(),
            account_prefix: DEFAULT_ACCOUNT_PREFIX.to_string(),
            denom: DEFAULT_DENOM.to_string(),
            gas_price: Decimal::from_static(DEFAULT_GAS_PRICE),
            gas_adjustment: Decimal::from_static(DEFAULT_GAS_ADJUSTMENT),
            tx_timeout: DEFAULT_TX_TIMEOUT,
        }
    }

    /// The fee, in `denom`, for a gas limit: `ceil(gas_limit × gas_price)`.
    pub fn fee_for_gas(&self, gas_limit: u64) -> Result<u128, ClientError> {
        self.gas_price
            .mul_ceil(u128::from(gas_limit))
            .ok_or_else(|| ClientError::InvalidInput {
                what: "fee".to_string(),
                reason: format!("gas {gas_limit} × price {} overflows", self.gas_price),
            })
    }

    /// The gas limit to ask for when simulation used `simulated` gas:
    /// `ceil(simulated × gas_adjustment)`.
    pub fn adjusted_gas(&self, simulated: u64) -> Result<u64, ClientError> {
        self.gas_adjustment
            .mul_ceil(u128::from(simulated))
            .and_then(|gas| u64::try_from(gas).ok())
            .ok_or_else(|| ClientError::InvalidInput {
                what: "gas limit".to_string(),
                reason: format!(
                    "simulated gas {simulated} × adjustment {} overflows",
                    self.gas_adjustment
                ),
            })
    }
}

impl Default for ChainConfig {
    fn default() -> Self {
        Self::localnet()
    }
}

/// A non-negative decimal number held exactly, as `atomics / 10^decimals`.
///
/// Parsed from strings such as `"0.025"` or `"1.4"`; at most 18 decimal places, no sign, no
/// exponent. Serialized as the same string.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    atomics: u128,
    decimals: u32,
}

impl Decimal {
    /// The value `atomics / 10^decimals`; `None` if `decimals` is above 18.
    pub fn new(atomics: u128, decimals: u32) -> Option<Self> {
        (decimals <= MAX_DECIMALS).then_some(Self { atomics, decimals })
    }

    /// `ceil(self × n)`, or `None` on overflow.
    pub fn mul_ceil(&self, n: u128) -> Option<u128> {
        let scale = 10u128.checked_pow(self.decimals)?;
        Some(n.checked_mul(self.atomics)?.div_ceil(scale))
    }

    /// Parses one of this module's constants, which are known to be valid.
    fn from_static(s: &'static str) -> Self {
        s.parse().unwrap_or(Self {
            atomics: 0,
            decimals: 0,
        })
    }
}

impl FromStr for Decimal {
    type Err = ClientError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = |reason: &str| ClientError::InvalidInput {
            what: format!("decimal '{s}'"),
            reason: reason.to_string(),
        };
        let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
        if whole.is_empty() && fraction.is_empty() {
            return Err(invalid("expected a number such as 0.025"));
        }
        if !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return Err(invalid(
                "only digits and one '.' are allowed (no sign, no exponent)",
            ));
        }
        let decimals = u32::try_from(fraction.len())
            .ok()
            .filter(|d| *d <= MAX_DECIMALS)
            .ok_or_else(|| invalid("at most 18 decimal places"))?;
        let mut atomics: u128 = 0;
        for digit in whole.bytes().chain(fraction.bytes()) {
            atomics = atomics
                .checked_mul(10)
                .and_then(|a| a.checked_add(u128::from(digit - b'0')))
                .ok_or_else(|| invalid("too large"))?;
        }
        Ok(Self { atomics, decimals })
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.atomics.to_string();
        let decimals = self.decimals as usize;
        if decimals == 0 {
            return f.write_str(&digits);
        }
        let padded = format!("{digits:0>width$}", width = decimals + 1);
        let (whole, fraction) = padded.split_at(padded.len() - decimals);
        write!(f, "{whole}.{fraction}")
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decimal({self})")
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Serializes a [`Duration`] as whole seconds.
mod duration_secs {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_secs())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_decimals_exactly() {
        assert_eq!(dec("0.025"), Decimal::new(25, 3).unwrap());
        assert_eq!(dec("1.4"), Decimal::new(14, 1).unwrap());
        assert_eq!(dec("3"), Decimal::new(3, 0).unwrap());
        assert_eq!(dec(".5"), Decimal::new(5, 1).unwrap());
        assert_eq!(dec("0.025").to_string(), "0.025");
        assert_eq!(dec("1.40").to_string(), "1.40");
        assert_eq!(dec("12").to_string(), "12");
        assert_eq!(Decimal::new(5, 4).unwrap().to_string(), "0.0005");
    }

    #[test]
    fn refuses_what_is_not_a_plain_decimal() {
        for bad in [
            "",
            ".",
            "-1",
            "+1",
            "1e3",
            "0.0.1",
            "0,025",
            " 1",
            "1.0000000000000000001",
        ] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad:?} should be refused");
        }
        assert!(
            "340282366920938463463374607431768211456"
                .parse::<Decimal>()
                .is_err()
        );
    }

    #[test]
    fn fee_is_gas_times_price_rounded_up() {
        let config = ChainConfig::localnet();
        assert_eq!(config.fee_for_gas(200_000).unwrap(), 5_000);
        assert_eq!(config.fee_for_gas(200_001).unwrap(), 5_001); // 5000.025 -> 5001
        assert_eq!(config.fee_for_gas(1).unwrap(), 1); // 0.025 -> 1
        assert_eq!(config.fee_for_gas(0).unwrap(), 0);
        assert_eq!(config.fee_for_gas(40).unwrap(), 1);
        assert_eq!(config.fee_for_gas(41).unwrap(), 2);
        assert_eq!(
            config.fee_for_gas(u64::MAX).unwrap(),
            u128::from(u64::MAX).div_ceil(40)
        );
    }

    #[test]
    fn a_price_that_binary_floats_get_wrong_is_exact() {
        // 0.1 + 0.2 style trap: 0.3 × 10 must be exactly 3.
        let config = ChainConfig {
            gas_price: dec("0.3"),
            ..ChainConfig::localnet()
        };
        assert_eq!(config.fee_for_gas(10).unwrap(), 3);
        assert_eq!(config.fee_for_gas(7).unwrap(), 3); // 2.1 -> 3
    }

    #[test]
    fn adjusted_gas_is_simulated_times_adjustment_rounded_up() {
        let config = ChainConfig::localnet();
        assert_eq!(config.adjusted_gas(100_000).unwrap(), 140_000);
        assert_eq!(config.adjusted_gas(100_001).unwrap(), 140_002); // 140001.4 -> 140002
        assert_eq!(config.adjusted_gas(0).unwrap(), 0);
        assert!(config.adjusted_gas(u64::MAX).is_err());
    }

    #[test]
    fn config_round_trips_through_json() {
        let config = ChainConfig::localnet();
        let json = serde_json::to_string(&config).unwrap();
        assert!(json.contains(r#""gas_price":"0.025""#), "{json}");
        assert!(json.contains(r#""tx_timeout":60"#), "{json}");
        assert_eq!(serde_json::from_str::<ChainConfig>(&json).unwrap(), config);
        let bad = json.replace("0.025", "0.0x");
        assert!(serde_json::from_str::<ChainConfig>(&bad).is_err());
    }
}
