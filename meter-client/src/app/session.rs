//! What `run` and `fleet` share: the chain settings and gateway key, retries while the chain
//! is away, the reading source's thread, where the first interval starts, the engine's
//! settings and the closing summary.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, anyhow};
use ledger_client::config::{DEFAULT_ACCOUNT_PREFIX, LOCALNET_CHAIN_ID, LOCALNET_NODE};
use ledger_client::{ChainConfig, ClientError, Decimal, Deployment, Signer};
use tokio::sync::mpsc;

use super::args::{ChainArgs, SendArgs};
use super::data_dir::{OUTBOX_FILE, REJECTED_FILE, STATE_FILE};
use crate::backoff::Backoff;
use crate::engine::{EngineConfig, SourceEvent, Summary};
use crate::keys::{self, GATEWAY_PASSPHRASE_ENV};
use crate::outbox::Outbox;
use crate::source::ReadingSource;

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

pub(super) fn home(args: &ChainArgs) -> anyhow::Result<PathBuf> {
    if let Some(home) = &args.home {
        return Ok(home.clone());
    }
    let user = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .ok_or_else(|| anyhow!("HOME is not set: pass --home <dir>"))?;
    Ok(PathBuf::from(user).join(".ledger"))
}

pub(super) fn gateway(args: &ChainArgs) -> anyhow::Result<Signer> {
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
pub(super) async fn patiently<T, F, Fut>(
    what: &str,
    cap: Duration,
    mut call: F,
) -> Result<T, ClientError>
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
    tracing::info!("stopping: signal received");
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

pub(super) fn unix_now() -> u64 {
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

pub(super) fn engine_config(
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

pub(super) fn open_outbox(data_dir: &Path) -> anyhow::Result<Outbox> {
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

pub(super) fn describe(summary: &Summary) -> String {
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
