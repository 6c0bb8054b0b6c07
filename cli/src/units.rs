//! Money, energy and fee amounts as people type and read them, converted exactly.
//!
//! The contracts count money in integer minor units (cents) and energy in watt-hours. On the
//! command line and in tables money is written in currency units with up to two decimals
//! (`12.34` is 1234 minor units) and energy in kWh with three decimals. No floating point is
//! used for any of it.

use std::fmt;
use std::str::FromStr;

use cosmwasm_std::Uint128;
use ledger_client::Decimal;
use ledger_types::tariff::LineKind;

/// Decimal places of the currency: amounts are held in minor units (hundredths).
pub const MONEY_DECIMALS: u32 = 2;
const MINOR_PER_UNIT: u128 = 100;

/// A money amount typed in currency units, held in minor units.
///
/// ```
/// use ledger_cli::units::Money;
/// assert_eq!("12.34".parse::<Money>().unwrap().minor(), 1234);
/// assert_eq!("7".parse::<Money>().unwrap().minor(), 700);
/// assert_eq!("0.5".parse::<Money>().unwrap().minor(), 50);
/// assert!("1.234".parse::<Money>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Money(u128);

impl Money {
    /// An amount of `minor` minor units.
    pub fn from_minor(minor: u128) -> Self {
        Money(minor)
    }

    /// The amount in minor units, as the contracts count it.
    pub fn minor(self) -> u128 {
        self.0
    }

    /// The amount as a contract `Uint128`.
    pub fn uint(self) -> Uint128 {
        Uint128::new(self.0)
    }
}

impl FromStr for Money {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_fixed(s, MONEY_DECIMALS).map(Money).map_err(|why| {
            format!("'{s}' is not an amount: {why} (e.g. 12.34 for 1234 minor units)")
        })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{:02}",
            self.0 / MINOR_PER_UNIT,
            self.0 % MINOR_PER_UNIT
        )
    }
}

/// Energy typed in kWh with up to three decimals, held in Wh (`1.5` is 1500 Wh).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kwh(pub u64);

impl FromStr for Kwh {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_fixed(s, 3)
            .and_then(|v| u64::try_from(v).map_err(|_| "too large"))
            .map(Kwh)
            .map_err(|why| format!("'{s}' is not an amount of kWh: {why} (e.g. 1.5)"))
    }
}

/// A length of time typed as seconds (`3600`) or with one unit: `90s`, `30m`, `8h`, `2d`;
/// held in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span(pub u64);

impl FromStr for Span {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad =
            || format!("'{s}' is not a length of time: give seconds or e.g. 90s, 30m, 8h, 2d");
        let t = s.trim();
        let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
            Some(i) => t.split_at(i),
            None => (t, "s"),
        };
        let per = match unit {
            "s" => 1,
            "m" => 60,
            "h" => 3_600,
            "d" => 86_400,
            _ => return Err(bad()),
        };
        let n: u64 = digits.parse().map_err(|_| bad())?;
        n.checked_mul(per).map(Span).ok_or_else(bad)
    }
}

impl fmt::Display for Span {
    /// The largest whole unit: `28800` is `8h`, `90` is `90s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => write!(f, "0s"),
            s if s % 86_400 == 0 => write!(f, "{}d", s / 86_400),
            s if s % 3_600 == 0 => write!(f, "{}h", s / 3_600),
            s if s % 60 == 0 => write!(f, "{}m", s / 60),
            s => write!(f, "{s}s"),
        }
    }
}

/// A non-negative decimal with at most `decimals` places, as an integer scaled by
/// `10^decimals`: `parse_fixed("12.3", 2)` is 1230.
pub fn parse_fixed(s: &str, decimals: u32) -> Result<u128, &'static str> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() && fraction.is_empty() {
        return Err("empty");
    }
    if s.ends_with('.') {
        return Err("digits must follow the decimal point");
    }
    if !whole
        .bytes()
        .chain(fraction.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return Err("only digits and one '.' are allowed");
    }
    if fraction.len() > decimals as usize {
        return Err(if decimals == 2 {
            "at most 2 decimals"
        } else {
            "too many decimals"
        });
    }
    let mut value: u128 = 0;
    let padding = decimals as usize - fraction.len();
    for b in whole
        .bytes()
        .chain(fraction.bytes())
        .chain(std::iter::repeat_n(b'0', padding))
    {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u128::from(b - b'0')))
            .ok_or("too large")?;
    }
    Ok(value)
}

/// Minor units shown as currency with two decimals: `1234` is `12.34`.
pub fn money(minor: Uint128) -> String {
    Money(minor.u128()).to_string()
}

/// Watt-hours shown as kWh with three decimals: `12345` is `12.345`.
pub fn kwh(wh: u64) -> String {
    format!("{}.{:03}", wh / 1000, wh % 1000)
}

/// Watts shown as kW with three decimals.
pub fn kw(w: u64) -> String {
    kwh(w)
}

/// A price in minor units per MWh shown in currency per kWh with five decimals
/// (`23450` is `0.23450`), exact because 1 currency unit per kWh is 100,000 per MWh.
pub fn price_per_kwh(minor_per_mwh: Uint128) -> String {
    let v = minor_per_mwh.u128();
    format!("{}.{:05}", v / 100_000, v % 100_000)
}

/// A bill line's quantity with its unit.
pub fn line_quantity(kind: &LineKind, quantity: u64) -> String {
    match kind {
        LineKind::FixedCharge | LineKind::MinimumTopUp => quantity.to_string(),
        LineKind::Demand => format!("{} kW", kw(quantity)),
        LineKind::FlatRate
        | LineKind::Tier { .. }
        | LineKind::TimeOfUse { .. }
        | LineKind::LateEnergy { .. } => format!("{} kWh", kwh(quantity)),
    }
}

/// A bill line's unit price with its unit.
pub fn line_price(kind: &LineKind, unit_price: Uint128) -> String {
    match kind {
        LineKind::FixedCharge | LineKind::MinimumTopUp => money(unit_price),
        LineKind::Demand => format!("{}/kW", money(unit_price)),
        // A late-energy line's price is its average, rounded; its amount is exact.
        LineKind::FlatRate
        | LineKind::Tier { .. }
        | LineKind::TimeOfUse { .. }
        | LineKind::LateEnergy { .. } => format!("{}/kWh", price_per_kwh(unit_price)),
    }
}

/// A `--gas-prices` value such as `0.025stake`: a decimal amount and a denomination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GasPrice {
    /// Price of one unit of gas.
    pub amount: Decimal,
    /// Denomination fees are paid in.
    pub denom: String,
}

impl FromStr for GasPrice {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (amount, denom) = split_amount_denom(s, true)
            .ok_or_else(|| format!("'{s}' is not a gas price such as 0.025stake"))?;
        let amount = amount
            .parse::<Decimal>()
            .map_err(|e| format!("'{s}' is not a gas price such as 0.025stake: {e}"))?;
        Ok(GasPrice {
            amount,
            denom: check_denom(s, denom)?,
        })
    }
}

impl fmt::Display for GasPrice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.denom)
    }
}

/// A `--fees` value such as `5000stake`: a whole amount and a denomination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fees {
    /// Amount in the denomination's base unit.
    pub amount: u128,
    /// Denomination.
    pub denom: String,
}

impl FromStr for Fees {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (amount, denom) = split_amount_denom(s, false)
            .ok_or_else(|| format!("'{s}' is not a fee such as 5000stake"))?;
        let amount = amount
            .parse::<u128>()
            .map_err(|e| format!("'{s}' is not a fee such as 5000stake: {e}"))?;
        Ok(Fees {
            amount,
            denom: check_denom(s, denom)?,
        })
    }
}

impl fmt::Display for Fees {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.denom)
    }
}

/// `--gas`: `auto` (simulate, then multiply by `--gas-adjustment`) or a fixed limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GasSetting {
    /// Simulate first.
    Auto,
    /// A fixed gas limit.
    Fixed(u64),
}

impl FromStr for GasSetting {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("auto") {
            return Ok(GasSetting::Auto);
        }
        match s.parse::<u64>() {
            Ok(0) | Err(_) => Err(format!(
                "'{s}' is not a gas setting: use `auto` or a positive whole number"
            )),
            Ok(n) => Ok(GasSetting::Fixed(n)),
        }
    }
}

impl From<GasSetting> for ledger_client::Gas {
    fn from(g: GasSetting) -> Self {
        match g {
            GasSetting::Auto => ledger_client::Gas::Auto,
            GasSetting::Fixed(n) => ledger_client::Gas::Fixed(n),
        }
    }
}

/// Splits `0.025stake` into `("0.025", "stake")`.
fn split_amount_denom(s: &str, allow_point: bool) -> Option<(&str, &str)> {
    let at = s.find(|c: char| !(c.is_ascii_digit() || (allow_point && c == '.')))?;
    (at > 0).then(|| s.split_at(at))
}

/// The Cosmos SDK's denomination rule: a letter, then 2 to 127 of letters, digits, `/:._-`.
fn check_denom(input: &str, denom: &str) -> Result<String, String> {
    let ok = denom.len() >= 3
        && denom.len() <= 128
        && denom.starts_with(|c: char| c.is_ascii_alphabetic())
        && denom
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/:._-".contains(c));
    if ok {
        Ok(denom.to_string())
    } else {
        Err(format!("'{input}': '{denom}' is not a valid denomination"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_parses_exactly() {
        let m = |s: &str| s.parse::<Money>().map(Money::minor);
        assert_eq!(m("12.34"), Ok(1234));
        assert_eq!(m("12.3"), Ok(1230));
        assert_eq!(m("12"), Ok(1200));
        assert_eq!(m("0.01"), Ok(1));
        assert_eq!(m(".5"), Ok(50));
        assert_eq!(m("0"), Ok(0));
        assert_eq!(m("000123.40"), Ok(12340));
        for bad in [
            "", ".", "1.", "-1", "+1", "1e3", "1,5", "1.234", " 1", "1.2.3", "abc",
        ] {
            assert!(m(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(m("3402823669209384634633746074317682114.56").is_err());
        assert_eq!(m("3402823669209384634633746074317682114.55"), Ok(u128::MAX));
        assert_eq!("1.5".parse::<Kwh>(), Ok(Kwh(1_500)));
        assert_eq!("0.001".parse::<Kwh>(), Ok(Kwh(1)));
        assert!("0.0001".parse::<Kwh>().is_err());
        assert!("99999999999999999999".parse::<Kwh>().is_err());
        let err = m("1.234").unwrap_err();
        assert!(err.contains("at most 2 decimals"), "{err}");
    }

    #[test]
    fn money_and_energy_print_with_fixed_decimals() {
        assert_eq!(money(Uint128::new(1234)), "12.34");
        assert_eq!(money(Uint128::new(5)), "0.05");
        assert_eq!(money(Uint128::zero()), "0.00");
        assert_eq!(kwh(12_345), "12.345");
        assert_eq!(kwh(7), "0.007");
        assert_eq!(price_per_kwh(Uint128::new(23_450)), "0.23450");
        assert_eq!(
            line_price(&LineKind::Demand, Uint128::new(1_250)),
            "12.50/kW"
        );
        assert_eq!(line_quantity(&LineKind::Demand, 4_200), "4.200 kW");
        assert_eq!(line_quantity(&LineKind::FlatRate, 1_500), "1.500 kWh");
        let late = LineKind::LateEnergy {
            from_period: 682,
            to_period: 682,
        };
        assert_eq!(line_quantity(&late, 250), "0.250 kWh");
        assert_eq!(line_price(&late, Uint128::new(23_450)), "0.23450/kWh");
        for v in [0u128, 1, 99, 100, 123_456_789] {
            assert_eq!(
                Money::from_minor(v)
                    .to_string()
                    .parse::<Money>()
                    .unwrap()
                    .minor(),
                v
            );
        }
    }

    #[test]
    fn spans_parse_in_one_unit_and_print_in_the_largest_whole_one() {
        let span = |s: &str| s.parse::<Span>().map(|d| d.0);
        assert_eq!(span("3600"), Ok(3600));
        assert_eq!(span("90s"), Ok(90));
        assert_eq!(span("30m"), Ok(1800));
        assert_eq!(span("8h"), Ok(28_800));
        assert_eq!(span("2d"), Ok(172_800));
        for bad in [
            "",
            "h",
            "1.5h",
            "8x",
            "-1h",
            "8h30m",
            "99999999999999999999d",
        ] {
            assert!(span(bad).is_err(), "{bad}");
        }
        assert_eq!(Span(28_800).to_string(), "8h");
        assert_eq!(Span(90).to_string(), "90s");
        assert_eq!(Span(172_800).to_string(), "2d");
        assert_eq!(Span(1_800).to_string(), "30m");
    }

    #[test]
    fn gas_prices_fees_and_gas_parse() {
        let p: GasPrice = "0.025stake".parse().unwrap();
        assert_eq!(p.amount.to_string(), "0.025");
        assert_eq!(p.denom, "stake");
        assert_eq!(p.to_string(), "0.025stake");
        assert!("stake".parse::<GasPrice>().is_err());
        assert!("0.025".parse::<GasPrice>().is_err());
        assert!("0.025s".parse::<GasPrice>().is_err());
        assert!("-1stake".parse::<GasPrice>().is_err());
        let f: Fees = "5000stake".parse().unwrap();
        assert_eq!((f.amount, f.denom.as_str()), (5000, "stake"));
        assert!("1.5stake".parse::<Fees>().is_err());
        assert!("ibc/ABC".parse::<Fees>().is_err());
        assert_eq!("7ibc/ABC".parse::<Fees>().unwrap().denom, "ibc/ABC");
        assert_eq!("auto".parse::<GasSetting>(), Ok(GasSetting::Auto));
        assert_eq!("AUTO".parse::<GasSetting>(), Ok(GasSetting::Auto));
        assert_eq!(
            "200000".parse::<GasSetting>(),
            Ok(GasSetting::Fixed(200_000))
        );
        assert!("0".parse::<GasSetting>().is_err());
        assert!("lots".parse::<GasSetting>().is_err());
    }
}
