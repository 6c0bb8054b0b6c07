//! The commands: `init`, `pubkey`, `run`, `fleet` and `fleet keys`.

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, OpenOptions};
use std::future::Future;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand, ValueEnum};
use ledger_client::config::{DEFAULT_ACCOUNT_PREFIX, LOCALNET_CHAIN_ID, LOCALNET_NODE};
use ledger_client::{ChainConfig, ClientError, Decimal, Deployment, Signer};
use ledger_reading::signer::MeterKey;
use ledger_types::meter::{MAX_READINGS_PER_MSG, MeterState};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::backoff::Backoff;
use crate::chain::{Chain, LedgerChain};
use crate::checkpoint::{Checkpoint, ContractEntry, Limits, MeterCursor};
use crate::curve::{Household, mix};
use crate::engine::{Engine, EngineConfig, MeterSlot, SourceEvent, Summary};
use crate::keys::{self, GATEWAY_PASSPHRASE_ENV, METER_PASSPHRASE_ENV};
use crate::outbox::Outbox;
use crate::source::{LineSource, ReadingSource, SimMeter, Simulator, SimulatorConfig, SystemClock};
use crate::tariff_clock::TariffClock;
use crate::when::parse_instant;

/// File in the data directory naming the meter.
pub const METER_FILE: &str = "meter.json";
/// The outbox's file.
pub const OUTBOX_FILE: &str = "outbox.log";
/// The checkpoint's file.
pub const STATE_FILE: &str = "state.json";
/// Readings refused for good.
pub const REJECTED_FILE: &str = "rejected.jsonl";
/// Most readings in one fleet transaction (about 300 bytes each).
pub const MAX_FLEET_BATCH: usize = 2_000;

// ---------------------------------------------------------------------------------------------
// Arguments

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
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub tx_timeout: u64,
}

/// Sending settings shared by `run` and `fleet`.
#[derive(Args, Debug, Clone)]
pub struct SendArgs {
    /// Simulator: interval length, seconds
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
    /// The simulator's time compression: the contracts' compressed clock when
    /// `--compress-time` asks for it.
    fn compression<'a>(
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
}

impl std::str::FromStr for SourceSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "simulator" {
            return Ok(SourceSpec::Simulator);
        }
        match s.strip_prefix("lines:") {
            Some(path) if !path.is_empty() => Ok(SourceSpec::Lines(path.to_string())),
            _ => Err(format!(
                "'{s}': expected `simulator` or `lines:<file, serial device, or - for stdin>`"
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
    /// The meter contract of the meter's owner
    #[arg(long, value_name = "ADDRESS")]
    pub contract: String,
    /// `simulator`, or `lines:<path>` for a file or serial device, or `lines:-` for stdin
    #[arg(long, value_name = "SOURCE")]
    pub source: SourceSpec,
    /// Most readings per transaction
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub batch: usize,
    /// File whose first line is the meter key's passphrase [default:
    /// LEDGER_METER_PASSPHRASE, else asked]
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Deployment file, for the node and chain id
    #[arg(long, env = "LEDGER_DEPLOYMENT", value_name = "FILE")]
    pub deployment: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub chain: ChainArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub send: SendArgs,
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

// ---------------------------------------------------------------------------------------------
// init, pubkey

/// What `init` writes next to the key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeterFile {
    /// Format version (1).
    pub version: u32,
    /// The meter's id.
    pub meter_id: String,
}

/// Reads `<data-dir>/meter.json`.
pub fn read_meter_file(data_dir: &Path) -> anyhow::Result<MeterFile> {
    let path = data_dir.join(METER_FILE);
    let bytes = fs::read(&path).with_context(|| {
        format!(
            "cannot read {}: run `meter-client init --data-dir {} --meter-id <id>` first",
            path.display(),
            data_dir.display()
        )
    })?;
    serde_json::from_slice(&bytes).with_context(|| format!("{} is not valid", path.display()))
}

/// `init`: makes the data directory and the meter's key; returns the public key in hex.
pub fn init(args: &InitArgs) -> anyhow::Result<String> {
    let id = &args.meter_id;
    if id.is_empty() || id.len() > ledger_reading::MAX_METER_ID_LEN {
        bail!(
            "the meter id must be 1 to {} bytes long",
            ledger_reading::MAX_METER_ID_LEN
        );
    }
    let meter_path = args.data_dir.join(METER_FILE);
    if meter_path.exists() {
        bail!(
            "{} already exists: this directory belongs to meter '{}'",
            meter_path.display(),
            read_meter_file(&args.data_dir)?.meter_id
        );
    }
    create_private_dir(&args.data_dir)?;
    let info = match &args.import_key {
        None => {
            let pass = keys::new_passphrase(
                args.passphrase_file.as_deref(),
                METER_PASSPHRASE_ENV,
                "the meter key",
            )?;
            keys::generate_meter_key(&args.data_dir, &pass, args.insecure_fast_kdf)?
        }
        Some(file) => {
            let old = keys::passphrase(
                args.import_passphrase_file.as_deref(),
                METER_PASSPHRASE_ENV,
                &format!("Passphrase of {}: ", file.display()),
            )?;
            let new = keys::new_passphrase(
                args.passphrase_file.as_deref(),
                METER_PASSPHRASE_ENV,
                "the meter key",
            )?;
            keys::import_meter_key(&args.data_dir, file, &old, &new, args.insecure_fast_kdf)?
        }
    };
    let file = MeterFile {
        version: 1,
        meter_id: id.clone(),
    };
    let mut json = serde_json::to_vec_pretty(&file)?;
    json.push(b'\n');
    crate::outbox::write_atomically(&meter_path, &json)
        .with_context(|| format!("cannot write {}", meter_path.display()))?;
    Ok(info.public_key)
}

/// `pubkey`: the meter's public key in hex.
pub fn pubkey(data_dir: &Path) -> anyhow::Result<String> {
    read_meter_file(data_dir)?;
    Ok(keys::meter_pubkey(data_dir)?)
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
}

// ---------------------------------------------------------------------------------------------
// The data directory lock

/// `<data-dir>/lock`: one client per data directory, or two would number readings alike.
#[derive(Debug)]
pub struct DirLock {
    path: PathBuf,
}

impl DirLock {
    /// Takes the lock; a lock left by a process that no longer runs (checked in `/proc`) is
    /// taken over.
    pub fn acquire(dir: &Path) -> anyhow::Result<DirLock> {
        create_private_dir(dir)?;
        let path = dir.join("lock");
        for _ in 0..2 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    write!(file, "{}", std::process::id())
                        .and_then(|()| file.sync_all())
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    return Ok(DirLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let owner = fs::read_to_string(&path).unwrap_or_default();
                    let owner = owner.trim();
                    let alive = !owner.is_empty()
                        && owner != std::process::id().to_string()
                        && Path::new("/proc").join(owner).exists();
                    if alive {
                        bail!(
                            "{} is in use by process {owner}; stop it first (or remove {} if \
                             it is not a meter client)",
                            dir.display(),
                            path.display()
                        );
                    }
                    let _ = fs::remove_file(&path);
                }
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot create {}", path.display()));
                }
            }
        }
        bail!("cannot take the lock {}", path.display())
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

// ---------------------------------------------------------------------------------------------
// Chain settings

/// `0.025stake` as price and denom.
pub fn parse_gas_prices(text: &str) -> anyhow::Result<(Decimal, String)> {
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .ok_or_else(|| {
            anyhow!("--gas-prices '{text}': expected an amount and a denom, e.g. 0.025stake")
        })?;
    let (amount, denom) = text.split_at(split);
    let price: Decimal = amount
        .parse()
        .with_context(|| format!("--gas-prices '{text}'"))?;
    Ok((price, denom.to_string()))
}

/// The chain settings: flags, then the deployment file, then the localnet's.
pub fn chain_config(
    args: &ChainArgs,
    deployment: Option<&Deployment>,
) -> anyhow::Result<ChainConfig> {
    let node = args
        .node
        .clone()
        .or_else(|| deployment.map(|d| d.node.clone()))
        .unwrap_or_else(|| LOCALNET_NODE.to_string());
    let chain_id = args
        .chain_id
        .clone()
        .or_else(|| deployment.map(|d| d.chain_id.clone()))
        .unwrap_or_else(|| LOCALNET_CHAIN_ID.to_string());
    if let Some(d) = deployment {
        d.ensure_chain(&chain_id)?;
    }
    let (gas_price, denom) = parse_gas_prices(&args.gas_prices)?;
    Ok(ChainConfig {
        node,
        chain_id,
        account_prefix: DEFAULT_ACCOUNT_PREFIX.to_string(),
        denom,
        gas_price,
        gas_adjustment: args.gas_adjustment,
        tx_timeout: Duration::from_secs(args.tx_timeout.max(1)),
    })
}

fn home(args: &ChainArgs) -> anyhow::Result<PathBuf> {
    if let Some(home) = &args.home {
        return Ok(home.clone());
    }
    let user = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .ok_or_else(|| anyhow!("HOME is not set: pass --home <dir>"))?;
    Ok(PathBuf::from(user).join(".ledger"))
}

fn gateway(args: &ChainArgs) -> anyhow::Result<Signer> {
    let spec = args
        .gateway_key
        .as_deref()
        .ok_or_else(|| anyhow!("--gateway-key is required: the account that pays the fees"))?;
    let (store, name) = keys::gateway_store(spec, &home(args)?)?;
    let pass = keys::passphrase(
        args.gateway_passphrase_file.as_deref(),
        GATEWAY_PASSPHRASE_ENV,
        &format!("Passphrase of the gateway key '{name}': "),
    )?;
    Ok(store.load(&name, &pass)?)
}

/// Repeats `call` while the chain is unreachable, with backoff; other errors return.
async fn patiently<T, F, Fut>(what: &str, cap: Duration, mut call: F) -> Result<T, ClientError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ClientError>>,
{
    let mut backoff = Backoff::new(Duration::from_millis(500), cap);
    loop {
        match call().await {
            Ok(v) => return Ok(v),
            Err(e) if e.is_transient() => {
                let delay = backoff.next_delay();
                tracing::warn!(retry_in_ms = delay.as_millis() as u64, "{what}: {e}");
                tokio::time::sleep(delay).await;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// Runs a source on a thread of its own, feeding `tx`.
pub fn spawn_source(mut source: Box<dyn ReadingSource>, tx: mpsc::Sender<SourceEvent>) {
    let name = source.describe();
    tracing::info!("reading from {name}");
    let spawned = std::thread::Builder::new()
        .name("reading-source".to_string())
        .spawn(move || {
            loop {
                let event = match source.next_measurement() {
                    Ok(Some(m)) => SourceEvent::Measurement(m),
                    Ok(None) => SourceEvent::End,
                    Err(e) => SourceEvent::Failed(e.to_string()),
                };
                let last = !matches!(event, SourceEvent::Measurement(_));
                if tx.blocking_send(event).is_err() || last {
                    return;
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!("cannot start the reading source: {e}");
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// First interval start of a fresh simulated meter: the next interval boundary after both the
/// chain's last interval end (its registration, before any reading) and the backfill instant
/// (or now).
pub fn first_start(last_end: u64, backfill: Option<u64>, interval: u32, now: u64) -> u64 {
    let interval = u64::from(interval.max(1));
    let from = match backfill {
        Some(t) => t,
        None => now / interval * interval,
    };
    from.max(last_end).div_ceil(interval) * interval
}

fn engine_config(
    data_dir: &Path,
    batch: usize,
    send: &SendArgs,
    fleet_seed: Option<u64>,
    default_max: usize,
) -> EngineConfig {
    let fleet = fleet_seed.is_some();
    EngineConfig {
        batch: batch.max(1),
        max_pending: send.max_pending.unwrap_or(default_max).max(1),
        linger: Duration::from_millis(if fleet { 300 } else { 100 }),
        backoff_base: Duration::from_millis(500),
        backoff_cap: Duration::from_secs(send.backoff_cap.max(1)),
        hold_base: Duration::from_secs(30),
        hold_cap: Duration::from_secs(600),
        fleet,
        state_path: data_dir.join(STATE_FILE),
        rejected_path: data_dir.join(REJECTED_FILE),
        fleet_seed,
    }
}

fn open_outbox(data_dir: &Path) -> anyhow::Result<Outbox> {
    let (outbox, recovery) = Outbox::open(data_dir.join(OUTBOX_FILE))?;
    if recovery.truncated_bytes > 0 {
        tracing::warn!(
            bytes = recovery.truncated_bytes,
            "the outbox ended in an interrupted write; cut back to its last complete record"
        );
    }
    if let Some(copy) = &recovery.damaged_copy {
        tracing::error!(
            "the outbox was damaged; a copy is kept at {}",
            copy.display()
        );
    }
    tracing::info!(
        pending = outbox.len(),
        records = recovery.records,
        "outbox opened"
    );
    Ok(outbox)
}

fn describe(summary: &Summary) -> String {
    format!(
        "{} readings recorded, {} sent in {} transactions, {} found already on chain, {} set \
         aside, {} skipped, {} still in the outbox{}",
        summary.recorded,
        summary.sent,
        summary.batches,
        summary.found_on_chain,
        summary.rejected,
        summary.skipped,
        summary.pending,
        if summary.interrupted {
            " (stopped by a signal)"
        } else {
            ""
        }
    )
}

// ---------------------------------------------------------------------------------------------
// run

/// `run`: one meter.
pub async fn run(args: RunArgs) -> anyhow::Result<Summary> {
    if args.batch > MAX_READINGS_PER_MSG {
        bail!(
            "--batch {} is above the contract's {MAX_READINGS_PER_MSG} readings per message",
            args.batch
        );
    }
    let data_dir = &args.data_dir;
    let meter = read_meter_file(data_dir)?;
    let _lock = DirLock::acquire(data_dir)?;
    let pass = keys::passphrase(
        args.passphrase_file.as_deref(),
        METER_PASSPHRASE_ENV,
        "Passphrase of the meter key: ",
    )?;
    let key = keys::load_meter_key(data_dir, &pass)?;
    drop(pass);
    let deployment = args.deployment.as_ref().map(Deployment::load).transpose()?;
    let config = chain_config(&args.chain, deployment.as_ref())?;
    let chain_id = config.chain_id.clone();
    let chain = Arc::new(LedgerChain::new(config, gateway(&args.chain)?));
    tracing::info!(
        meter = %meter.meter_id,
        contract = %args.contract,
        gateway = %chain.gateway_address(),
        node = %chain.config().node,
        "meter client starting"
    );

    let outbox = open_outbox(data_dir)?;
    if outbox.meter_slots() > 1 {
        bail!(
            "{} holds readings of several meters: it belongs to a fleet",
            data_dir.join(OUTBOX_FILE).display()
        );
    }
    let state_path = data_dir.join(STATE_FILE);
    let saved = Checkpoint::load(&state_path)?;
    let usable = saved.filter(|cp| {
        let same = cp.chain_id == chain_id
            && cp.contracts.len() == 1
            && cp.contracts[0].address == args.contract
            && cp.meters.len() == 1
            && cp.meters[0].id == meter.meter_id;
        if !same && !outbox.is_empty() {
            tracing::error!(
                chain = %cp.chain_id,
                contract = %cp.contracts.first().map(|c| c.address.as_str()).unwrap_or(""),
                "the outbox holds readings signed for another chain or contract"
            );
        }
        same
    });
    let now = unix_now();
    let backfill = args
        .send
        .backfill
        .as_deref()
        .map(|t| parse_instant(t, now).map_err(|e| anyhow!("--backfill {e}")))
        .transpose()?;
    let until = args
        .send
        .until
        .as_deref()
        .map(|t| parse_instant(t, now).map_err(|e| anyhow!("--until {e}")))
        .transpose()?;
    let cap = Duration::from_secs(args.send.backoff_cap.max(1));

    let (mut cursor, utc_offset, limits) = match usable {
        Some(cp) => (
            cp.meters[0].cursor,
            cp.meters[0].utc_offset_minutes,
            cp.contracts[0].limits,
        ),
        None => {
            if !outbox.is_empty() {
                bail!(
                    "the outbox holds {} readings signed for another chain, contract or meter; \
                     run with the settings they were made for until it is empty",
                    outbox.len()
                );
            }
            let state = patiently("waiting for the chain to learn where the meter stands", cap, || {
                chain.meter(&args.contract, &meter.meter_id)
            })
            .await?
            .ok_or_else(|| {
                anyhow!(
                    "meter '{}' is not registered in contract {}: register it with public key {} first",
                    meter.meter_id,
                    args.contract,
                    hex::encode(key.public_key())
                )
            })?;
            check_pubkey(&state, &key)?;
            let limits = patiently("reading the contract's limits", cap, || {
                chain.limits(&args.contract)
            })
            .await?;
            let next_start = match args.source {
                SourceSpec::Simulator => {
                    first_start(state.last_interval_end, backfill, args.send.interval, now)
                }
                SourceSpec::Lines(_) => state.last_interval_end,
            };
            let cursor = MeterCursor {
                next_sequence: state.last_sequence + 1,
                register_wh: state.register_wh,
                next_start,
            };
            (cursor, state.tariff_utc_offset_minutes, Some(limits))
        }
    };
    if let Some(tail) = outbox.tail(0) {
        cursor.advance_to(tail);
    }
    tracing::info!(
        next_sequence = cursor.next_sequence,
        register_wh = cursor.register_wh,
        next_start = cursor.next_start,
        "meter state"
    );

    let source: Box<dyn ReadingSource> = match &args.source {
        SourceSpec::Simulator => {
            let seed = args.send.seed.unwrap_or_else(|| seed_of(&meter.meter_id));
            Box::new(Simulator::new(
                vec![SimMeter {
                    household: Household::new(seed, 0),
                    next_start: cursor.next_start,
                    register_wh: cursor.register_wh,
                    utc_offset_minutes: utc_offset,
                }],
                SimulatorConfig {
                    interval: args.send.interval.max(1),
                    seed,
                    until,
                    max_power_w: limits.map(|l| l.max_power_w),
                    compression: args.send.compression(limits.iter())?,
                },
                SystemClock,
            ))
        }
        SourceSpec::Lines(path) if path == "-" => {
            Box::new(LineSource::new(BufReader::new(std::io::stdin()), "-"))
        }
        SourceSpec::Lines(path) => {
            let file = fs::File::open(path).with_context(|| format!("cannot open {path}"))?;
            Box::new(LineSource::new(BufReader::new(file), path.clone()))
        }
    };

    let contracts = vec![ContractEntry {
        address: args.contract.clone(),
        limits,
    }];
    let slots = vec![MeterSlot::new(
        meter.meter_id.clone(),
        0,
        key,
        utc_offset,
        cursor,
    )];
    let config = engine_config(data_dir, args.batch, &args.send, None, 100_000);
    let engine = Engine::new(chain, chain_id, contracts, slots, outbox, config);
    let (tx, rx) = mpsc::channel(1_024);
    spawn_source(source, tx);
    let summary = engine.run(rx, shutdown_signal()).await?;
    tracing::info!("{}", describe(&summary));
    Ok(summary)
}

fn check_pubkey(state: &MeterState, key: &MeterKey) -> anyhow::Result<()> {
    if state.pubkey.as_slice() != key.public_key().as_slice() {
        bail!(
            "meter '{}' is registered with public key {}, but this meter's key is {}: register \
             this meter's key (`meter-client pubkey`)",
            state.meter_id,
            hex::encode(state.pubkey.as_slice()),
            hex::encode(key.public_key())
        );
    }
    Ok(())
}

/// The default simulator seed of a meter: a hash of its id.
pub fn seed_of(meter_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in meter_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

// ---------------------------------------------------------------------------------------------
// fleet

/// One line of `fleet keys`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetKey {
    /// The meter id.
    pub meter_id: String,
    /// Its compressed public key, hex (what `ledger admin meter register --pubkey` takes).
    pub pubkey_hex: String,
    /// The same in base64 (what the admin contract's JSON message carries).
    pub pubkey_base64: String,
}

/// The fleet's meter ids and public keys.
pub fn fleet_keys(args: &FleetKeysArgs) -> Vec<FleetKey> {
    (0..args.meters)
        .map(|i| {
            let pubkey = keys::fleet_key(args.seed, i).public_key();
            FleetKey {
                meter_id: keys::fleet_meter_id(&args.id_prefix, i),
                pubkey_hex: hex::encode(pubkey),
                pubkey_base64: cosmwasm_std::Binary::from(pubkey.to_vec()).to_base64(),
            }
        })
        .collect()
}

/// `fleet keys` as text.
pub fn render_fleet_keys(args: &FleetKeysArgs) -> anyhow::Result<String> {
    let keys = fleet_keys(args);
    Ok(match args.format {
        KeysFormat::Json => serde_json::to_string_pretty(&keys)? + "\n",
        KeysFormat::Csv => {
            let mut out = String::from("meter_id,pubkey_hex,pubkey_base64\n");
            for k in keys {
                out.push_str(&format!(
                    "{},{},{}\n",
                    k.meter_id, k.pubkey_hex, k.pubkey_base64
                ));
            }
            out
        }
    })
}

/// `fleet`: many simulated meters through one gateway.
pub async fn fleet(args: FleetArgs) -> anyhow::Result<Summary> {
    let meters = args
        .meters
        .ok_or_else(|| anyhow!("fleet needs --meters (and --deployment and --gateway-key)"))?;
    if meters == 0 {
        bail!("--meters must be at least 1");
    }
    if args.batch > MAX_FLEET_BATCH {
        bail!(
            "--batch {} is above {MAX_FLEET_BATCH}: a transaction must stay well below the \
             chain's 1 MiB limit",
            args.batch
        );
    }
    let deployment_path = args
        .deployment
        .clone()
        .ok_or_else(|| anyhow!("fleet needs --deployment (the file `ledger deploy` wrote)"))?;
    let seed = args.send.seed.unwrap_or(1);
    let data_dir = &args.data_dir;
    let _lock = DirLock::acquire(data_dir)?;
    let deployment = Deployment::load(&deployment_path)?;
    let config = chain_config(&args.chain, Some(&deployment))?;
    let chain_id = config.chain_id.clone();
    let chain = Arc::new(LedgerChain::new(config, gateway(&args.chain)?));
    let n = meters as usize;
    tracing::info!(
        meters = n,
        seed,
        gateway = %chain.gateway_address(),
        node = %chain.config().node,
        "fleet starting"
    );
    let ids: Vec<String> = (0..meters)
        .map(|i| keys::fleet_meter_id(&args.id_prefix, i))
        .collect();
    let keys: Vec<MeterKey> = (0..meters).map(|i| keys::fleet_key(seed, i)).collect();

    let outbox = open_outbox(data_dir)?;
    if let Some(beyond) = outbox.meters_with_pending().find(|&m| m as usize >= n) {
        bail!(
            "the outbox holds readings of meter #{beyond}, beyond --meters {n}: run with at \
             least --meters {} until it is empty",
            beyond + 1
        );
    }
    let state_path = data_dir.join(STATE_FILE);
    let mut saved = Checkpoint::load(&state_path)?;
    if let Some(cp) = &saved {
        let same = cp.chain_id == chain_id
            && cp.fleet_seed == Some(seed)
            && cp.meters.iter().zip(&ids).all(|(m, id)| &m.id == id);
        if !same {
            if !outbox.is_empty() {
                bail!(
                    "the outbox holds {} readings for another chain, seed or meter ids; run \
                     with the settings they were made for until it is empty",
                    outbox.len()
                );
            }
            saved = None;
        }
    }
    let mut contracts: Vec<ContractEntry> = Vec::new();
    let mut entries: Vec<Option<(u32, i32, MeterCursor)>> = vec![None; n];
    if let Some(cp) = saved {
        contracts = cp.contracts;
        for (i, m) in cp.meters.into_iter().enumerate().take(n) {
            entries[i] = Some((m.contract, m.utc_offset_minutes, m.cursor));
        }
    }

    let now = unix_now();
    let backfill = args
        .send
        .backfill
        .as_deref()
        .map(|t| parse_instant(t, now).map_err(|e| anyhow!("--backfill {e}")))
        .transpose()?;
    let until = args
        .send
        .until
        .as_deref()
        .map(|t| parse_instant(t, now).map_err(|e| anyhow!("--until {e}")))
        .transpose()?;
    let cap = Duration::from_secs(args.send.backoff_cap.max(1));

    let missing: Vec<usize> = (0..n).filter(|&i| entries[i].is_none()).collect();
    if !missing.is_empty() {
        tracing::info!(meters = missing.len(), "looking the meters up on chain");
        let infos = patiently("waiting for the chain to find the meters", cap, || {
            chain.admin_meters_with_prefix(&deployment.contracts.admin, &args.id_prefix)
        })
        .await?;
        let by_id: HashMap<&str, _> = infos.iter().map(|i| (i.meter_id.as_str(), i)).collect();
        let unregistered: Vec<&str> = missing
            .iter()
            .map(|&i| ids[i].as_str())
            .filter(|id| !by_id.contains_key(id))
            .collect();
        if !unregistered.is_empty() {
            bail!(
                "{} of the {n} meters are not registered with the admin contract {} (first: {}); \
                 register them with the public keys from `meter-client fleet keys --meters {n} \
                 --seed {seed} --id-prefix {}`",
                unregistered.len(),
                deployment.contracts.admin,
                unregistered[0],
                args.id_prefix
            );
        }
        for &i in &missing {
            let info = by_id[ids[i].as_str()];
            if info.pubkey.as_slice() != keys[i].public_key().as_slice() {
                bail!(
                    "meter {} is registered with another public key: was the fleet registered \
                     with --seed {seed}?",
                    ids[i]
                );
            }
        }
        // The meter contracts' states, contract by contract.
        let mut wanted: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in &missing {
            wanted
                .entry(by_id[ids[i].as_str()].contract.to_string())
                .or_default()
                .push(i);
        }
        for (contract, meters) in wanted {
            let states = patiently("reading the meters' states", cap, || {
                chain.meters(&contract)
            })
            .await?;
            let limits = patiently("reading the contract's limits", cap, || {
                chain.limits(&contract)
            })
            .await?;
            let c = match contracts.iter().position(|e| e.address == contract) {
                Some(c) => {
                    contracts[c].limits = Some(limits);
                    c
                }
                None => {
                    contracts.push(ContractEntry {
                        address: contract.clone(),
                        limits: Some(limits),
                    });
                    contracts.len() - 1
                }
            } as u32;
            let states: HashMap<&str, &MeterState> =
                states.iter().map(|s| (s.meter_id.as_str(), s)).collect();
            for i in meters {
                let state = states.get(ids[i].as_str()).ok_or_else(|| {
                    anyhow!("meter {} is not in its meter contract {contract}", ids[i])
                })?;
                entries[i] = Some((
                    c,
                    state.tariff_utc_offset_minutes,
                    MeterCursor {
                        next_sequence: state.last_sequence + 1,
                        register_wh: state.register_wh,
                        next_start: first_start(
                            state.last_interval_end,
                            backfill,
                            args.send.interval,
                            now,
                        ),
                    },
                ));
            }
        }
    }

    let mut slots = Vec::with_capacity(n);
    let mut sims = Vec::with_capacity(n);
    for (i, (id, key)) in ids.into_iter().zip(keys).enumerate() {
        let Some((contract, offset, mut cursor)) = entries[i] else {
            unreachable!("every meter was looked up");
        };
        if let Some(tail) = outbox.tail(i as u32) {
            cursor.advance_to(tail);
        }
        sims.push(SimMeter {
            household: Household::new(seed, i as u32),
            next_start: cursor.next_start,
            register_wh: cursor.register_wh,
            utc_offset_minutes: offset,
        });
        slots.push(MeterSlot::new(id, contract, key, offset, cursor));
    }
    let max_power = contracts
        .iter()
        .filter_map(|c| c.limits.map(|l: Limits| l.max_power_w))
        .min();
    let source = Simulator::new(
        sims,
        SimulatorConfig {
            interval: args.send.interval.max(1),
            seed,
            until,
            max_power_w: max_power,
            compression: args
                .send
                .compression(contracts.iter().filter_map(|c| c.limits.as_ref()))?,
        },
        SystemClock,
    );
    let config = engine_config(data_dir, args.batch, &args.send, Some(seed), 200_000);
    let engine = Engine::new(chain, chain_id, contracts, slots, outbox, config);
    let (tx, rx) = mpsc::channel(4_096);
    spawn_source(Box::new(source), tx);
    let summary = engine.run(rx, shutdown_signal()).await?;
    tracing::info!("{}", describe(&summary));
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse() {
        assert_eq!("simulator".parse(), Ok(SourceSpec::Simulator));
        assert_eq!("lines:-".parse(), Ok(SourceSpec::Lines("-".into())));
        assert_eq!(
            "lines:/dev/ttyUSB0".parse(),
            Ok(SourceSpec::Lines("/dev/ttyUSB0".into()))
        );
        assert!("lines:".parse::<SourceSpec>().is_err());
        assert!("serial".parse::<SourceSpec>().is_err());
    }

    #[test]
    fn first_interval_starts_on_a_boundary_after_registration() {
        // Registered at 12:03:17, now 12:10: the first interval is 12:30-13:00.
        let day = 1_793_491_200;
        let registered = day + 12 * 3_600 + 197;
        let now = day + 12 * 3_600 + 600;
        assert_eq!(
            first_start(registered, None, 1_800, now),
            day + 12 * 3_600 + 1_800
        );
        // Registered long ago: from the current interval on.
        assert_eq!(first_start(day, None, 1_800, now), day + 12 * 3_600);
        // Backfill: from the backfill instant, but never before registration.
        assert_eq!(
            first_start(registered, Some(day), 1_800, now),
            day + 12 * 3_600 + 1_800
        );
        assert_eq!(first_start(day, Some(day + 3_600), 1_800, now), day + 3_600);
    }

    #[test]
    fn gas_prices_and_fleet_keys() {
        let (price, denom) = parse_gas_prices("0.025stake").unwrap();
        assert_eq!(
            (price.to_string().as_str(), denom.as_str()),
            ("0.025", "stake")
        );
        assert!(parse_gas_prices("0.025").is_err());
        assert!(parse_gas_prices("stake").is_err());
        let args = FleetKeysArgs {
            meters: 3,
            seed: 9,
            id_prefix: "f-".into(),
            format: KeysFormat::Csv,
        };
        let csv = render_fleet_keys(&args).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], "meter_id,pubkey_hex,pubkey_base64");
        assert!(lines[1].starts_with("f-000000,0"));
        let json: Vec<FleetKey> = serde_json::from_str(
            &render_fleet_keys(&FleetKeysArgs {
                format: KeysFormat::Json,
                ..args
            })
            .unwrap(),
        )
        .unwrap();
        assert_eq!(json[2].meter_id, "f-000002");
        assert_eq!(
            json[2].pubkey_hex,
            hex::encode(keys::fleet_key(9, 2).public_key())
        );
    }

    #[test]
    fn a_data_directory_has_one_client() {
        let dir = tempfile::tempdir().unwrap();
        let lock = DirLock::acquire(dir.path()).unwrap();
        // A lock of a process that is gone is taken over.
        drop(lock);
        fs::write(dir.path().join("lock"), "999999999").unwrap();
        let lock = DirLock::acquire(dir.path()).unwrap();
        // A live process (pid 1 always exists on Linux) keeps it.
        fs::write(dir.path().join("lock"), "1").unwrap();
        if Path::new("/proc/1").exists() {
            let err = DirLock::acquire(dir.path()).unwrap_err();
            assert!(err.to_string().contains("in use by process 1"), "{err}");
        }
        drop(lock);
    }

    #[test]
    fn init_and_pubkey() {
        let dir = tempfile::tempdir().unwrap();
        let pass = dir.path().join("pass");
        fs::write(&pass, "secret\n").unwrap();
        let args = InitArgs {
            data_dir: dir.path().join("meter"),
            meter_id: "m-7".into(),
            import_key: None,
            import_passphrase_file: None,
            passphrase_file: Some(pass.clone()),
            insecure_fast_kdf: true,
        };
        let key = init(&args).unwrap();
        assert_eq!(key.len(), 66);
        assert_eq!(pubkey(&args.data_dir).unwrap(), key);
        assert_eq!(read_meter_file(&args.data_dir).unwrap().meter_id, "m-7");
        let err = init(&args).unwrap_err();
        assert!(err.to_string().contains("belongs to meter 'm-7'"), "{err}");
        let loaded = keys::load_meter_key(&args.data_dir, "secret").unwrap();
        assert_eq!(hex::encode(loaded.public_key()), key);
        let too_long = InitArgs {
            meter_id: "x".repeat(65),
            data_dir: dir.path().join("other"),
            ..args
        };
        assert!(init(&too_long).is_err());
    }
}
