//! The command line: each command's arguments.

use std::path::PathBuf;

use anyhow::{anyhow, bail};
use clap::{Args, Subcommand, ValueEnum};
use ledger_client::Decimal;

use crate::checkpoint::Limits;
use crate::tariff_clock::TariffClock;
use crate::when::parse_instant;

/// `meter-client init`
#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// Directory for the meter's key, outbox and state (created if missing)
    #[arg(long, value_name = "DIR")]
    pub data_dir: PathBuf,
    /// The meter's id, as it will be registered (1 to 64 bytes)
    #[arg(long, value_name = "ID")]
    pub meter_id: String,
    /// Take the key from a key file made elsewhere (`ledger admin meter register
    /// --generate-key FILE`) instead of generating one; its passphrase from
    /// --import-passphrase-file or LEDGER_METER_PASSPHRASE
    #[arg(long, value_name = "FILE")]
    pub import_key: Option<PathBuf>,
    /// File whose first line is the passphrase of the key given to --import-key
    #[arg(long, value_name = "FILE")]
    pub import_passphrase_file: Option<PathBuf>,
    /// File whose first line is the passphrase the key is encrypted with [default:
    /// LEDGER_METER_PASSPHRASE, else asked twice]
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Cheap key derivation, for tests only
    #[arg(long, hide = true)]
    pub insecure_fast_kdf: bool,
}

/// How to reach the chain and pay for transactions.
#[derive(Args, Debug, Clone)]
pub struct ChainArgs {
    /// CometBFT RPC address [default: the deployment file's, else http://127.0.0.1:26657]
    #[arg(long, env = "LEDGER_NODE", value_name = "URL")]
    pub node: Option<String>,
    /// Chain id the node must serve [default: the deployment file's, else ledger-localnet-1]
    #[arg(long, env = "LEDGER_CHAIN_ID", value_name = "ID")]
    pub chain_id: Option<String>,
    /// Directory of the key store `keys/` holding --gateway-key [default: ~/.ledger]
    #[arg(long, env = "LEDGER_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,
    /// The gateway account that pays the fees: a key name in <home>/keys, or a key file
    /// (`.json`) [required]
    #[arg(long, value_name = "NAME|FILE")]
    pub gateway_key: Option<String>,
    /// File whose first line is the gateway key's passphrase [default: LEDGER_PASSPHRASE,
    /// else asked]
    #[arg(long, value_name = "FILE")]
    pub gateway_passphrase_file: Option<PathBuf>,
    /// Gas price; the fee is ceil(gas limit × price)
    #[arg(long, default_value = "0.025stake", value_name = "PRICE")]
    pub gas_prices: String,
    /// Factor applied to simulated gas
    #[arg(long, default_value = "1.4", value_name = "FACTOR")]
    pub gas_adjustment: Decimal,
    /// Seconds to wait for a transaction to be in a block before asking the chain again
    #[arg(
        long,
        env = "LEDGER_TX_TIMEOUT",
        default_value_t = 60,
        value_name = "SECONDS"
    )]
    pub tx_timeout: u64,
}

/// Sending settings shared by `run` and `fleet`.
#[derive(Args, Debug, Clone)]
pub struct SendArgs {
    /// Simulator and real meters: interval length, seconds (a real meter's readings are
    /// cut at multiples of it in unix time)
    #[arg(long, default_value_t = 1_800, value_name = "SECONDS")]
    pub interval: u32,
    /// Simulator seed: the same seed gives the same readings (a fleet's keys derive from it
    /// too) [default: a hash of the meter id; for a fleet 1]
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Simulator, for a meter without readings yet: simulate from this instant (unix seconds, now-2h,
    /// 2026-11-01T00:00:00Z) instead of from now; the intervals already past are produced
    /// at once
    #[arg(long, value_name = "WHEN")]
    pub backfill: Option<String>,
    /// Simulator: produce no interval ending after this instant; the client stops once
    /// everything is on chain
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Most readings kept in the outbox; the source waits when it is full
    #[arg(long, value_name = "N")]
    pub max_pending: Option<usize>,
    /// Longest wait between retries while the chain is unreachable, seconds
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub backoff_cap: u64,
    /// Simulator, for demos: when the meter contract's billing cycle has days shorter than a
    /// civil day (`ledger deploy --cycle days --day-seconds 5`), simulate each of them as a
    /// whole day, as the contract prices it (hours, weekdays, demand), so that a period
    /// carries a month's energy, daily shape and peak power. Use intervals of a small part of
    /// such a day (`--interval 1` with 5-second days: five readings a day)
    #[arg(long)]
    pub compress_time: bool,
}

impl SendArgs {
    /// `--backfill` and `--until` as unix seconds, read at `now`.
    pub fn window(&self, now: u64) -> anyhow::Result<(Option<u64>, Option<u64>)> {
        let instant = |text: &Option<String>, flag: &str| {
            text.as_deref()
                .map(|t| parse_instant(t, now).map_err(|e| anyhow!("--{flag} {e}")))
                .transpose()
        };
        Ok((
            instant(&self.backfill, "backfill")?,
            instant(&self.until, "until")?,
        ))
    }

    /// The simulator's time compression: the contracts' compressed clock when
    /// `--compress-time` asks for it.
    pub fn compression<'a>(
        &self,
        limits: impl IntoIterator<Item = &'a Limits>,
    ) -> anyhow::Result<Option<TariffClock>> {
        if !self.compress_time {
            return Ok(None);
        }
        let clocks: Vec<Option<TariffClock>> = limits.into_iter().map(|l| l.clock).collect();
        match clocks.first() {
            Some(Some(clock)) if clocks.iter().all(|c| *c == Some(*clock)) => Ok(Some(*clock)),
            Some(Some(_)) => bail!("--compress-time: the meter contracts' billing cycles differ"),
            _ => bail!(
                "--compress-time needs a billing cycle of days shorter than a civil day \
                 (`ledger deploy --cycle days --day-seconds N`); the meter contract's days are \
                 civil days"
            ),
        }
    }
}

/// Where a meter's readings come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceSpec {
    /// The load-curve simulator.
    Simulator,
    /// Lines from a file, a serial device, or stdin (`-`).
    Lines(String),
    /// DSMR P1 telegrams from a serial device (a P1 cable), a file, or stdin (`-`).
    Dsmr(String),
    /// SML frames from an optical head on a German meter: a serial device, a file, or `-`.
    Sml(String),
    /// A Modbus meter on an RS-485 serial device.
    ModbusRtu(String),
    /// A Modbus meter behind a Modbus TCP gateway, `host:port`.
    ModbusTcp(String),
}

impl std::str::FromStr for SourceSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "simulator" {
            return Ok(SourceSpec::Simulator);
        }
        if let Some(path) = s.strip_prefix("dsmr:").filter(|p| !p.is_empty()) {
            return Ok(SourceSpec::Dsmr(path.to_string()));
        }
        if let Some(path) = s.strip_prefix("sml:").filter(|p| !p.is_empty()) {
            return Ok(SourceSpec::Sml(path.to_string()));
        }
        if let Some(path) = s.strip_prefix("modbus-rtu:").filter(|p| !p.is_empty()) {
            return Ok(SourceSpec::ModbusRtu(path.to_string()));
        }
        if let Some(address) = s.strip_prefix("modbus-tcp:").filter(|p| !p.is_empty()) {
            return Ok(SourceSpec::ModbusTcp(address.to_string()));
        }
        match s.strip_prefix("lines:") {
            Some(path) if !path.is_empty() => Ok(SourceSpec::Lines(path.to_string())),
            _ => Err(format!(
                "'{s}': expected `simulator`, `lines:<file, serial device, or - for stdin>` or \
                 `dsmr:<P1 serial device, file of telegrams, or ->`, `sml:<optical head, file, or ->`, \
                 `modbus-rtu:<RS-485 serial device>` or `modbus-tcp:<host:port>`"
            )),
        }
    }
}

/// `meter-client run`
#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// The meter's data directory (see `init`)
    #[arg(long, value_name = "DIR")]
    pub data_dir: PathBuf,
    /// The meter contract of the meter's owner, on the chain of --node/--chain-id [default:
    /// asked of the main chain of --deployment, which knows where a meter of a regional
    /// sub-chain lives; remembered in the data directory's state.json]
    #[arg(long, value_name = "ADDRESS")]
    pub contract: Option<String>,
    /// `simulator`, or `lines:<path>` for a file or serial device, or `lines:-` for stdin,
    /// or `dsmr:<path>` for a smart meter's P1 port (e.g. `dsmr:/dev/ttyUSB0`), or
    /// `modbus-rtu:<path>` / `modbus-tcp:<host:port>` for a Modbus meter (with --modbus-map),
    /// or `sml:<path>` for a German meter's optical interface
    #[arg(long, value_name = "SOURCE")]
    pub source: SourceSpec,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: crate::inputs::InputArgs,
    /// Most readings per transaction
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub batch: usize,
    /// File whose first line is the meter key's passphrase [default:
    /// LEDGER_METER_PASSPHRASE, else asked]
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Deployment file: the main chain's node and chain id, its registry and router (to
    /// locate the meter without --contract), and the regional sub-chains' nodes and chain ids
    #[arg(long, env = "LEDGER_DEPLOYMENT", value_name = "FILE")]
    pub deployment: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub chain: ChainArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub send: SendArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub metrics: crate::metrics::MetricsArgs,
}

/// `meter-client fleet` (running a fleet).
#[derive(Args, Debug, Clone)]
pub struct FleetArgs {
    /// How many meters: ids <prefix>000000 .. (see `fleet keys`) [required]
    #[arg(long, value_name = "N")]
    pub meters: Option<u32>,
    /// Deployment file (chain, node and the admin contract that knows the meters) [required]
    #[arg(long, env = "LEDGER_DEPLOYMENT", value_name = "FILE")]
    pub deployment: Option<PathBuf>,
    /// Directory for the fleet's outbox and state
    #[arg(long, default_value = "fleet-data", value_name = "DIR")]
    pub data_dir: PathBuf,
    /// Meter id prefix
    #[arg(long, default_value = "fleet-", value_name = "PREFIX")]
    pub id_prefix: String,
    /// Most readings per transaction (several messages when they go to several contracts;
    /// at most 2000)
    #[arg(long, default_value_t = 500, value_name = "N")]
    pub batch: usize,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub chain: ChainArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub send: SendArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub metrics: crate::metrics::MetricsArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub park: ParkArgs,
}

/// The simulated park of a fleet: generation meters and consumers trading on the park market.
#[derive(Args, Debug, Clone, Default)]
pub struct ParkArgs {
    /// A park file (JSON): which meters (by index) are generation meters, which consuming
    /// meters buy, the key of the trader of each, and the prices (see the README's "Fleet").
    /// Generation meters produce on a solar curve; every listed meter's trader posts an order
    /// for each market slot
    #[arg(long = "park", value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The park market's address [default: the deployment file's `contracts.park_market`]
    #[arg(long, value_name = "ADDRESS", requires = "file")]
    pub market: Option<String>,
    /// How many of the market's open slots (gate not closed) ahead the traders post orders
    /// for
    #[arg(long = "park-slots-ahead", default_value_t = 2, value_name = "N")]
    pub slots_ahead: u32,
    /// File whose first line is the passphrase of the park's trader keys [default:
    /// LEDGER_TRADER_PASSPHRASE, else asked for each key]
    #[arg(long, value_name = "FILE", requires = "file")]
    pub trader_passphrase_file: Option<PathBuf>,
}

/// `meter-client fleet keys`
#[derive(Args, Debug, Clone)]
pub struct FleetKeysArgs {
    /// How many meters
    #[arg(long, value_name = "N")]
    pub meters: u32,
    /// The fleet's seed (the same as `fleet --seed`)
    #[arg(long, value_name = "N")]
    pub seed: u64,
    /// Meter id prefix
    #[arg(long, default_value = "fleet-", value_name = "PREFIX")]
    pub id_prefix: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = KeysFormat::Json)]
    pub format: KeysFormat,
}

/// Output of `fleet keys`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KeysFormat {
    /// A JSON array of {meter_id, pubkey_hex, pubkey_base64}
    Json,
    /// CSV with a header: meter_id,pubkey_hex,pubkey_base64
    Csv,
}

/// Subcommands of `fleet`.
#[derive(Subcommand, Debug, Clone)]
pub enum FleetCommand {
    /// Print the fleet's meter ids and public keys, for registration
    Keys(FleetKeysArgs),
}
