//! The load generator and what it measures.
//!
//! Before a phase, every transaction is signed in advance: each loader account gets its own
//! run of explicit sequence numbers, a fixed gas limit (the simulated gas of the phase's first
//! transaction with a margin) and the fee for it. Loaders own disjoint sets of meters, so a
//! meter's readings always travel in one account's sequence order and land in order.
//!
//! During the phase one task per loader hands its transactions to a validator's mempool
//! (`broadcast_tx_sync`, loaders spread over the validators), **one at a time**: the next only
//! once the previous is in a block. Several transactions of one account in flight at once do
//! not reliably land in sequence order on a busy multi-validator chain: CometBFT checks
//! transactions arriving over RPC and from different peers concurrently, so a validator's
//! mempool can hold sequence n+1 before n, and a block then carries n+1 as a failure ("account
//! sequence mismatch"), after which every later transaction of that account fails too (the
//! first full run lost 518 bank sends that way). The mempool is kept fed by many accounts
//! instead (2,000 for the single-transaction loads). On top of that, a loader only sends while
//! fewer than `limit` of the phase's transactions are waiting; the limit follows the chain
//! (twice what recent blocks took, plus a floor), so the mempool always holds more than the next
//! block takes without piling up a queue that would only add latency; and at most
//! [`BROADCASTS_PER_NODE`] broadcasts are in progress per node. A watcher reads every new
//! block and its results, and finds the phase's transactions in them by hash.
//!
//! Figures come from the blocks of the measuring window: the first block stamped at least
//! `warmup` after the phase began, to the first block stamped `duration` after that.
//! Throughput is what those blocks carried (successful transactions only) divided by the
//! difference of their timestamps. Inclusion latency of a transaction is counted in blocks
//! (its block's height minus the height the chain was at when it was sent) and in seconds
//! (from sending to its block's commit, i.e. the next block's timestamp, which CometBFT takes
//! from the validators' commit votes).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use ledger_client::{Client, Signer};
use ledger_sdk::Ledger as SdkLedger;
use ledger_sdk::contracts::meter;
use tokio::sync::Semaphore;

use crate::fleet::Fleet;
use crate::localnet;

mod send;
mod sign;

use send::{BROADCASTS_PER_NODE, feed, watch};
use sign::{account_infos, plan, sign_all};

/// What a phase sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// 1-unit bank sends between loaders (the reference).
    #[value(name = "bank")]
    BankSend,
    /// One reading per transaction.
    #[value(name = "single")]
    SingleReading,
    /// `SubmitReadings` with the contract's maximum readings, of distinct meters.
    #[value(name = "batched")]
    Batch,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::BankSend => "bank_sends",
            Kind::SingleReading => "readings_single_tx",
            Kind::Batch => "readings_batched",
        }
    }

    fn units_per_tx(self) -> usize {
        match self {
            Kind::BankSend | Kind::SingleReading => 1,
            Kind::Batch => meter::MAX_READINGS_PER_MSG,
        }
    }

    /// Gas limit over simulated gas. A block's gas limit counts what transactions ask for,
    /// not what they use, so a loose limit wastes block space: in the first full run the
    /// one-validator chain's batched blocks were full at 12 transactions (95.6M of 100M gas
    /// asked, 83M used) with a 1.15 margin. Batches vary by ±0.1% (a day roll-over every
    /// 48th reading, spread evenly); a single reading that starts a day also writes the finished
    /// day and its period, so single readings keep a wider margin.
    fn gas_margin(self) -> f64 {
        match self {
            Kind::BankSend => 1.05,
            Kind::SingleReading => 1.2,
            Kind::Batch => 1.05,
        }
    }

    /// Growth of the limit per later transaction of a loader, as a share of the simulated gas.
    /// A loader's batches cost more as its meters' readings go on: on the four-validator
    /// localnet the gas used climbed from 6.81M to 7.15M over a loader's first 30 batches
    /// (about 0.17% a batch), so a fixed limit of 1.05 × the first ran out after some 45 s,
    /// and a batch that runs out of gas leaves its meters' next readings out of sequence, so
    /// that every later batch of that loader failed too (76 failures in one window). The
    /// limit follows that climb with room to spare; the gas asked stays a few percent above
    /// the gas used, as a full block's count of transactions needs.
    fn gas_drift(self) -> f64 {
        match self {
            Kind::BankSend | Kind::SingleReading => 0.0,
            Kind::Batch => 0.0025,
        }
    }

    /// Gas limit of a loader's transaction number `t` (from 0) when the phase's first
    /// transaction simulated at `simulated`.
    fn gas_limit(self, simulated: u64, t: usize) -> u64 {
        (simulated as f64 * (self.gas_margin() + self.gas_drift() * t as f64)).ceil() as u64
    }

    /// Loader accounts the phase sends from (each has one transaction in flight at a time).
    /// Batches of 500 readings of distinct meters need 500 meters per loader.
    pub fn accounts(self, available: usize, meters: usize) -> usize {
        match self {
            Kind::BankSend | Kind::SingleReading => available,
            Kind::Batch => (meters / meter::MAX_READINGS_PER_MSG).clamp(1, available),
        }
    }

    /// Fewest transactions kept waiting.
    fn floor(self) -> usize {
        match self {
            Kind::BankSend | Kind::SingleReading => 200,
            Kind::Batch => 4,
        }
    }
}

/// How a phase runs.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub kind: Kind,
    pub warmup: Duration,
    pub duration: Duration,
    /// Units (sends or readings) per second to sign in advance for; more than the chain can
    /// take, so that the generator does not run dry.
    pub presign_rate: f64,
}

/// What a phase measured.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Sends or readings per second.
    pub units_per_s: f64,
    pub txs_per_s: f64,
    pub window_s: f64,
    pub blocks: u64,
    pub latency_blocks_p50: f64,
    pub latency_blocks_p95: f64,
    pub latency_s_p50: f64,
    pub latency_s_p95: f64,
    /// The generator sent everything it had signed before the window closed: the rate is a
    /// lower bound.
    pub ran_dry: bool,
    /// Transactions that failed in a block or were refused at broadcast.
    pub failed: u64,
    pub first_failure: Option<String>,
    pub block_interval_s: f64,
    pub block_gas_used: f64,
    pub block_gas_wanted: f64,
    pub block_bytes: f64,
    /// CPU the validator processes used during the window, in cores.
    pub chain_cpu_cores: f64,
    /// CPU each of the target's other chains used during the window, in cores.
    pub other_cpu_cores: Vec<f64>,
    /// CPU the whole machine used during the window (every process), in cores.
    pub machine_busy_cores: f64,
    /// Gas limit of a loader's first transaction (later ones grow: [`Kind::gas_drift`]).
    pub gas_limit_per_tx: u64,
}

pub(super) struct PreTx {
    bytes: Vec<u8>,
    units: u32,
}

pub(super) struct Sent {
    units: u32,
    at: f64,
    height: u64,
}

pub(super) struct Included {
    height: u64,
    ok: bool,
    at: f64,
    sent_height: u64,
}

#[derive(Clone, Copy, Default)]
pub(super) struct BlockRec {
    height: u64,
    time: f64,
    bytes: usize,
    gas_used: i64,
    gas_wanted: i64,
    ours_ok_units: u64,
    ours_ok_txs: u64,
}

#[derive(Default)]
pub(super) struct Shared {
    pending: AtomicUsize,
    limit: AtomicUsize,
    latest_height: AtomicU64,
    stop_feeding: AtomicBool,
    stop_watching: AtomicBool,
    feeders_done: AtomicUsize,
    sent: Mutex<HashMap<String, Sent>>,
    included: Mutex<Vec<Included>>,
    blocks: Mutex<Vec<BlockRec>>,
    failures: Mutex<Vec<String>>,
}

pub(super) fn now_s() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
}

pub(super) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What a phase loads: one chain's ledger, the accounts that send and the meters they read.
pub struct Target<'a> {
    /// The ledger on the loaded chain (its meter contracts hold the fleet).
    pub sdk: &'a SdkLedger,
    /// Accounts funded on the loaded chain.
    pub loaders: &'a [Signer],
    pub fleet: &'a mut Fleet,
    /// The chain's validator processes, whose CPU the window records.
    pub pids: Vec<u32>,
    /// Other chains' processes whose CPU the window records too (one entry per chain).
    pub other_pids: Vec<Vec<u32>>,
}

/// CPU seconds used so far: by the loaded chain, by each other chain, by the whole machine.
#[derive(Clone, Debug)]
struct CpuSnapshot {
    chain: f64,
    others: Vec<f64>,
    machine: f64,
}

impl CpuSnapshot {
    fn take(pids: &[u32], others: &[Vec<u32>]) -> Self {
        let sum = |pids: &[u32]| {
            pids.iter()
                .filter_map(|&p| localnet::cpu_seconds(p))
                .sum::<f64>()
        };
        CpuSnapshot {
            chain: sum(pids),
            others: others.iter().map(|p| sum(p)).collect(),
            machine: localnet::machine_busy_seconds().unwrap_or(f64::NAN),
        }
    }
}

/// A phase's transactions, signed and waiting for their window.
pub struct Prepared {
    txs: Vec<Vec<PreTx>>,
    gas_limit: u64,
}

/// Runs one phase on the chain of `clients` (its validators' RPCs) with the target's loaders.
pub async fn run(
    clients: &[Client],
    target: &mut Target<'_>,
    spec: Spec,
) -> anyhow::Result<Outcome> {
    let prepared = prepare(&clients[0], target, spec).await?;
    send(clients, target, spec, prepared).await
}

/// Reads the fleet's cursors from the chain and signs the phase's transactions. Separate from
/// [`send`] so that phases on several chains can be prepared one after the other and then
/// loaded at once: signing takes every core for a minute or more, and a window must not
/// overlap another chain's signing.
pub async fn prepare(
    client: &Client,
    target: &mut Target<'_>,
    spec: Spec,
) -> anyhow::Result<Prepared> {
    let loaders = spec.kind.accounts(target.loaders.len(), target.fleet.len());
    let total_s = (spec.warmup + spec.duration).as_secs_f64() + 15.0;
    let per_tx = spec.kind.units_per_tx();
    let txs_per_loader = ((spec.presign_rate * total_s) / per_tx as f64 / loaders as f64)
        .ceil()
        .max(1.0) as usize;
    let accounts = account_infos(client, &target.loaders[..loaders]).await?;
    if spec.kind != Kind::BankSend {
        target.fleet.resync(target.sdk).await?;
    }
    say(&format!(
        "{}: signing {} transactions in advance ({} per loader, {loaders} loaders)",
        spec.kind.key(),
        txs_per_loader * loaders,
        txs_per_loader
    ));
    let signed_at = Instant::now();
    let msgs = plan(target, spec.kind, loaders, txs_per_loader)?;
    let simulated = {
        let first = msgs
            .first()
            .and_then(|l| l.first())
            .context("nothing to send")?;
        client
            .simulate_at(
                &target.loaders[0],
                &first.0,
                "",
                accounts[0].account_number,
                accounts[0].sequence,
            )
            .await
            .context("simulating the phase's first transaction")?
    };
    let kind = spec.kind;
    let gas_limit = kind.gas_limit(simulated, 0);
    let txs = sign_all(client, target.loaders, &accounts, msgs, |t| {
        kind.gas_limit(simulated, t)
    })?;
    say(&format!(
        "{}: signed in {:.1} s; gas limit {gas_limit} for a loader's first transaction",
        spec.kind.key(),
        signed_at.elapsed().as_secs_f64()
    ));
    Ok(Prepared { txs, gas_limit })
}

/// Sends a prepared phase's transactions and measures its window.
pub async fn send(
    clients: &[Client],
    target: &Target<'_>,
    spec: Spec,
    prepared: Prepared,
) -> anyhow::Result<Outcome> {
    let client = &clients[0];
    let Prepared { txs, gas_limit } = prepared;
    let shared = Arc::new(Shared::default());
    shared.limit.store(spec.kind.floor(), Ordering::SeqCst);
    let (h0, _) = client.latest_height_and_time().await?;
    shared.latest_height.store(h0, Ordering::SeqCst);
    let watcher = tokio::spawn(watch(
        client.clone(),
        Arc::clone(&shared),
        h0 + 1,
        spec.kind.floor(),
    ));
    let started = now_s();
    let mut feeders = Vec::new();
    let gates: Vec<Arc<Semaphore>> = clients
        .iter()
        .map(|_| Arc::new(Semaphore::new(BROADCASTS_PER_NODE)))
        .collect();
    for (j, list) in txs.into_iter().enumerate() {
        let node = j % clients.len();
        feeders.push(tokio::spawn(feed(
            clients[node].clone(),
            Arc::clone(&gates[node]),
            Arc::clone(&shared),
            list,
        )));
    }

    // The window: from the first block stamped after the warm-up to the first stamped
    // `duration` after that (or the last block once the generator ran dry).
    let mut window_start: Option<(BlockRec, f64, CpuSnapshot)> = None;
    let mut window_end: Option<(BlockRec, f64, CpuSnapshot)> = None;
    let mut ran_dry = false;
    let mut last_report = Instant::now();
    let deadline = Instant::now() + spec.warmup + spec.duration + Duration::from_secs(180);
    while window_end.is_none() {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if watcher.is_finished() {
            shared.stop_feeding.store(true, Ordering::SeqCst);
            watcher.await.context("the block watcher failed")??;
            bail!("the block watcher stopped early");
        }
        let blocks = lock(&shared.blocks).clone();
        let cpu = || CpuSnapshot::take(&target.pids, &target.other_pids);
        match window_start {
            None => {
                if let Some(b) = blocks
                    .iter()
                    .find(|b| b.time >= started + spec.warmup.as_secs_f64())
                {
                    window_start = Some((*b, now_s(), cpu()));
                }
            }
            Some((ref start, _, _)) => {
                let end_time = start.time + spec.duration.as_secs_f64();
                if let Some(b) = blocks
                    .iter()
                    .find(|b| b.height > start.height && b.time >= end_time)
                {
                    window_end = Some((*b, now_s(), cpu()));
                }
            }
        }
        let all_sent = shared.feeders_done.load(Ordering::SeqCst) == feeders.len();
        if all_sent && shared.pending.load(Ordering::SeqCst) == 0 && window_end.is_none() {
            ran_dry = true;
            let last = blocks.iter().rev().find(|b| b.ours_ok_txs > 0).copied();
            match (&window_start, last) {
                (Some((start, _, _)), Some(last)) if last.height > start.height => {
                    window_end = Some((last, now_s(), cpu()));
                }
                _ => bail!(
                    "{}: the generator ran dry before the window began; raise BENCH_PRESIGN_SCALE",
                    spec.kind.key()
                ),
            }
        }
        if last_report.elapsed() >= Duration::from_secs(10) {
            last_report = Instant::now();
            let recent: Vec<&BlockRec> = blocks.iter().rev().take(5).collect();
            let units: u64 = recent.iter().map(|b| b.ours_ok_units).sum();
            let span = match (recent.first(), recent.last()) {
                (Some(a), Some(b)) if a.height > b.height => a.time - b.time,
                _ => 0.0,
            };
            say(&format!(
                "{}: {:.0} s, height {}, ~{:.0}/s lately, {} waiting (limit {})",
                spec.kind.key(),
                now_s() - started,
                shared.latest_height.load(Ordering::SeqCst),
                if span > 0.0 { units as f64 / span } else { 0.0 },
                shared.pending.load(Ordering::SeqCst),
                shared.limit.load(Ordering::SeqCst)
            ));
        }
        if Instant::now() > deadline {
            bail!(
                "{}: the chain did not produce the measuring window in time",
                spec.kind.key()
            );
        }
    }
    shared.stop_feeding.store(true, Ordering::SeqCst);
    for f in feeders {
        f.await.context("a feeder task failed")?;
    }
    // Let what was sent land, so the next phase starts with an empty mempool.
    let drain_deadline = Instant::now() + Duration::from_secs(120);
    while shared.pending.load(Ordering::SeqCst) > 0 && Instant::now() < drain_deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // One more block, for the commit time of the window's last block.
    let end_height = window_end.as_ref().map(|w| w.0.height).unwrap_or_default();
    let wait_next = Instant::now() + Duration::from_secs(20);
    while shared.latest_height.load(Ordering::SeqCst) <= end_height + 1
        && Instant::now() < wait_next
    {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    shared.stop_watching.store(true, Ordering::SeqCst);
    watcher.await.context("the block watcher failed")??;
    let leftover = shared.pending.load(Ordering::SeqCst);
    if leftover > 0 {
        say(&format!(
            "{}: {leftover} transactions did not land within 2 minutes",
            spec.kind.key()
        ));
    }

    let (Some((start, start_wall, start_cpu)), Some((end, end_wall, end_cpu))) =
        (window_start, window_end)
    else {
        bail!("no measuring window");
    };
    let blocks = lock(&shared.blocks).clone();
    let in_window: Vec<&BlockRec> = blocks
        .iter()
        .filter(|b| b.height > start.height && b.height <= end.height)
        .collect();
    let per_s = |cpu: f64| {
        if end_wall > start_wall {
            cpu / (end_wall - start_wall)
        } else {
            0.0
        }
    };
    let span = end.time - start.time;
    let n = in_window.len().max(1) as f64;
    let units: u64 = in_window.iter().map(|b| b.ours_ok_units).sum();
    let txs_ok: u64 = in_window.iter().map(|b| b.ours_ok_txs).sum();
    // Block H is committed when block H+1 is stamped; the last block falls back on its own stamp.
    let mut commit_time: HashMap<u64, f64> = blocks.iter().map(|b| (b.height, b.time)).collect();
    for b in &blocks {
        commit_time.insert(b.height.saturating_sub(1), b.time);
    }
    let included = lock(&shared.included);
    let mut lat_blocks = Vec::new();
    let mut lat_s = Vec::new();
    let mut failed = 0u64;
    for inc in included.iter() {
        if !inc.ok {
            failed += 1;
            continue;
        }
        if inc.height > start.height && inc.height <= end.height {
            lat_blocks.push(inc.height.saturating_sub(inc.sent_height) as f64);
            let commit = commit_time.get(&inc.height).copied().unwrap_or(inc.at);
            lat_s.push((commit - inc.at).max(0.0));
        }
    }
    let failures = lock(&shared.failures);
    failed += failures.len() as u64;
    Ok(Outcome {
        units_per_s: units as f64 / span,
        txs_per_s: txs_ok as f64 / span,
        window_s: span,
        blocks: in_window.len() as u64,
        latency_blocks_p50: percentile(&mut lat_blocks, 0.50),
        latency_blocks_p95: percentile(&mut lat_blocks, 0.95),
        latency_s_p50: percentile(&mut lat_s, 0.50),
        latency_s_p95: percentile(&mut lat_s, 0.95),
        ran_dry,
        failed,
        first_failure: failures.first().cloned(),
        block_interval_s: span / n,
        block_gas_used: in_window.iter().map(|b| b.gas_used as f64).sum::<f64>() / n,
        block_gas_wanted: in_window.iter().map(|b| b.gas_wanted as f64).sum::<f64>() / n,
        block_bytes: in_window.iter().map(|b| b.bytes as f64).sum::<f64>() / n,
        chain_cpu_cores: per_s(end_cpu.chain - start_cpu.chain),
        other_cpu_cores: end_cpu
            .others
            .iter()
            .zip(&start_cpu.others)
            .map(|(e, s)| per_s(e - s))
            .collect(),
        machine_busy_cores: per_s(end_cpu.machine - start_cpu.machine),
        gas_limit_per_tx: gas_limit,
    })
}

fn percentile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let rank = ((values.len() as f64) * q).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

pub(super) fn say(message: &str) {
    eprintln!("bench: load: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let mut v: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&mut v, 0.50), 10.0);
        assert_eq!(percentile(&mut v, 0.95), 19.0);
        assert_eq!(percentile(&mut [3.0], 0.95), 3.0);
        assert!(percentile(&mut [], 0.5).is_nan());
    }

    #[test]
    fn batch_limits_follow_the_climb_of_a_loaders_gas() {
        let sim = 6_812_887;
        assert_eq!(Kind::Batch.gas_limit(sim, 0), 7_153_532);
        // The run that ran out of gas: 7,151,755 used by a loader's 30th batch or so, over
        // the fixed limit of 7,149,659; the limit now leaves a few percent of room there.
        let at_30 = Kind::Batch.gas_limit(sim, 30);
        assert!(at_30 > 7_151_755 * 102 / 100, "{at_30}");
        // Single transactions keep one limit for the whole phase.
        assert_eq!(
            Kind::BankSend.gas_limit(100_000, 0),
            Kind::BankSend.gas_limit(100_000, 500)
        );
    }
}
