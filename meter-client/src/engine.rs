//! The sender: measurements become signed readings in the outbox, and the outbox becomes
//! transactions, until the chain has every reading exactly once.
//!
//! One loop owns the outbox. It
//!
//! 1. takes measurements from the source, numbers them with the meter's next sequence, signs
//!    them for (chain id, meter contract, meter id) and appends them to the outbox (synced)
//!    before anything else sees them;
//! 2. sends the outbox's oldest readings, up to `--batch` per transaction, grouped into one
//!    `SubmitPackedReadings` per meter contract, one transaction at a time, paid by the gateway;
//!    a regional meter's readings are signed for, and sent to, its region's chain, and one
//!    transaction carries the readings of one chain only;
//! 3. removes readings from the outbox only once their transaction is in a block and the
//!    contract accepted them: the contract judges each reading on its own and reports the
//!    refused ones (meter, sequence, code) in its response data, so a landed transaction
//!    confirms each meter's readings up to its first refused one;
//! 4. after a restart and after any failed or timed-out broadcast, first asks the meter
//!    contract for each affected meter's `last_sequence` and confirms what the chain already
//!    has, so that the next transaction carries only what is missing. The contract refuses a
//!    replayed sequence anyway; the client never insists on one.
//!
//! While the chain cannot be reached it waits with exponential backoff and jitter (capped,
//! 30 s by default) and keeps recording. A refusal by the contract names the reading (in the
//! verdict of a landed transaction, or in the error of one that failed); the chain is asked
//! where the meter stands (which resyncs a replay), and the client then acts on the code of
//! the meter's first refused reading: a reading ending in the future waits, a suspended,
//! blacklisted or unknown meter, or one whose registered key differs, is held back (its
//! readings kept) and retried now and then, and a reading refused for good (an impossible
//! power, a closed period, ...) is moved to `rejected.jsonl` with the contract's words, the
//! next reading being re-signed to follow the last one the chain accepted, so one bad reading
//! never blocks the meter.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ledger_client::ClientError;
use ledger_reading::Reading;
use ledger_reading::signer::MeterKey;
use ledger_types::meter::{MAX_READINGS_PER_MSG, MeterState};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::backoff::Backoff;
use crate::chain::{Chain, Submission, Submitted};
use crate::checkpoint::{
    Checkpoint, CheckpointError, ContractEntry, MeterCursor, MeterEntry, VERSION,
};
use crate::metrics::Metrics;
use crate::outbox::{Change, Outbox, OutboxError, Pending};
use crate::source::Measurement;

mod refusal;
mod resync;

pub use refusal::{Refusal, RefusalKind, parse_refusal, refusal_kind};

/// Above this many meters of one contract to look up, the contract's whole meter list is
/// paged instead of asking meter by meter.
const PAGE_THRESHOLD: usize = 30;

/// What a source thread reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceEvent {
    /// A measurement.
    Measurement(Measurement),
    /// The source has ended normally.
    End,
    /// The source failed; the client sends what it has and stops with this error.
    Failed(String),
}

/// How the sender behaves.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    /// Most readings per transaction.
    pub batch: usize,
    /// Most readings held in the outbox; the source waits (and a simulator catches up later)
    /// when it is full.
    pub max_pending: usize,
    /// How long a first pending reading waits for company before a transaction leaves.
    pub linger: Duration,
    /// First backoff delay.
    pub backoff_base: Duration,
    /// Longest backoff delay.
    pub backoff_cap: Duration,
    /// First hold of a meter the contract does not take readings from (suspended, unknown,
    /// another key); doubles up to `hold_cap`.
    pub hold_base: Duration,
    /// Longest hold.
    pub hold_cap: Duration,
    /// Status lines for a fleet (meters and messages) rather than one meter (sequences).
    pub fleet: bool,
    /// Where the checkpoint goes.
    pub state_path: PathBuf,
    /// Where readings the contract refused for good go.
    pub rejected_path: PathBuf,
    /// The fleet's seed, recorded in the checkpoint (the keys depend on it).
    pub fleet_seed: Option<u64>,
}

/// One meter as the sender keeps it (about 300 bytes with its key).
pub struct MeterSlot {
    /// Meter id.
    pub id: String,
    /// Index of its meter contract.
    pub contract: u32,
    /// Its signing key.
    pub key: MeterKey,
    /// The tariff's UTC offset, minutes.
    pub utc_offset_minutes: i32,
    /// Where its numbering and register stand.
    pub cursor: MeterCursor,
    parked: bool,
    chain: Option<ChainView>,
    hold: Option<Hold>,
}

impl MeterSlot {
    /// A meter at `cursor`.
    pub fn new(
        id: String,
        contract: u32,
        key: MeterKey,
        utc_offset_minutes: i32,
        cursor: MeterCursor,
    ) -> Self {
        MeterSlot {
            id,
            contract,
            key,
            utc_offset_minutes,
            cursor,
            parked: false,
            chain: None,
            hold: None,
        }
    }

    /// A meter without a contract yet (its region has not created it, or refused it): its
    /// measurements are skipped, nothing is signed for it, and the checkpoint marks it so
    /// that the next start locates it again.
    pub fn parked(id: String, key: MeterKey) -> Self {
        MeterSlot {
            parked: true,
            ..MeterSlot::new(
                id,
                0,
                key,
                0,
                MeterCursor {
                    next_sequence: 1,
                    register_wh: 0,
                    next_start: 0,
                },
            )
        }
    }

    /// Whether the meter waits for its contract ([`MeterSlot::parked`]).
    pub fn is_parked(&self) -> bool {
        self.parked
    }
}

/// The meter as the contract last reported it.
#[derive(Clone, Copy, Debug)]
struct ChainView {
    register_wh: u64,
    last_end: u64,
}

/// A meter whose readings wait.
#[derive(Clone, Copy, Debug)]
struct Hold {
    until: Instant,
    strikes: u32,
    /// Ask the chain about the meter again when the hold ends, before sending.
    recheck: bool,
}

/// What the sender did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Readings signed and stored.
    pub recorded: u64,
    /// Readings that landed in this client's transactions.
    pub sent: u64,
    /// Readings found already on chain after a restart or a lost answer.
    pub found_on_chain: u64,
    /// Transactions that landed.
    pub batches: u64,
    /// Readings set aside in `rejected.jsonl`.
    pub rejected: u64,
    /// Measurements skipped (already recorded, or unusable).
    pub skipped: u64,
    /// Readings still in the outbox at the end.
    pub pending: usize,
    /// Whether a signal stopped the client.
    pub interrupted: bool,
}

impl Summary {
    /// Adds what a later run did (a fleet's next round): its counts, and its outbox and
    /// interruption as they are now.
    pub fn add(&mut self, later: &Summary) {
        self.recorded += later.recorded;
        self.sent += later.sent;
        self.found_on_chain += later.found_on_chain;
        self.batches += later.batches;
        self.rejected += later.rejected;
        self.skipped += later.skipped;
        self.pending = later.pending;
        self.interrupted = later.interrupted;
    }
}

/// What stops the sender.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The outbox cannot be written.
    #[error(transparent)]
    Outbox(#[from] OutboxError),
    /// The checkpoint cannot be written.
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    /// `rejected.jsonl` cannot be written.
    #[error("cannot write {}: {source}", path.display())]
    Rejected {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The source failed (after everything it produced was sent).
    #[error("the reading source failed: {0}")]
    Source(String),
}

/// A transaction's content, remembered until its answer.
#[derive(Debug)]
struct BatchInfo {
    /// The chain it goes to.
    chain_id: String,
    /// (meter, first sequence, last sequence) per meter in it.
    meters: Vec<(u32, u64, u64)>,
    readings: usize,
    messages: usize,
}

/// Work done outside the loop.
enum TaskOutput {
    Submitted {
        batch: BatchInfo,
        result: Result<Submitted, ClientError>,
    },
    Resynced {
        requested: Vec<u32>,
        result: Result<Vec<(u32, Option<MeterState>)>, ClientError>,
    },
}

/// The sender. See the module documentation.
pub struct Engine<C: Chain> {
    chain: Arc<C>,
    chain_id: String,
    contracts: Vec<ContractEntry>,
    meters: Vec<MeterSlot>,
    index: HashMap<String, u32>,
    outbox: Outbox,
    config: EngineConfig,
    backoff: Backoff,
    batch_limit: usize,
    resync: BTreeSet<u32>,
    /// Refusals to act on once the chain has said where their meters stand.
    refusals: Vec<Refusal>,
    /// The last refusal, to slow down if the same one comes back.
    last_refusal: Option<(String, u64)>,
    held: usize,
    round_robin: usize,
    linger_from: Option<Instant>,
    summary: Summary,
    metrics: Arc<Metrics>,
}

impl<C: Chain> Engine<C> {
    /// A sender for `meters` (index = outbox meter index) over `chain`. The cursors must
    /// already include the outbox's tails.
    pub fn new(
        chain: Arc<C>,
        chain_id: String,
        contracts: Vec<ContractEntry>,
        meters: Vec<MeterSlot>,
        outbox: Outbox,
        config: EngineConfig,
    ) -> Self {
        let index = meters
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i as u32))
            .collect();
        let resync = outbox.meters_with_pending().collect();
        Engine {
            chain,
            chain_id,
            contracts,
            meters,
            index,
            outbox,
            backoff: Backoff::new(config.backoff_base, config.backoff_cap),
            batch_limit: config.batch.max(1),
            config,
            resync,
            refusals: Vec::new(),
            last_refusal: None,
            held: 0,
            round_robin: 0,
            linger_from: None,
            summary: Summary::default(),
            metrics: Arc::new(Metrics::default()),
        }
    }

    /// Reports what it does in `metrics` (several engines may share them: a fleet's rounds).
    pub fn with_metrics(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = metrics;
        self
    }

    /// The checkpoint of the current state.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            version: VERSION,
            chain_id: self.chain_id.clone(),
            fleet_seed: self.config.fleet_seed,
            contracts: self.contracts.clone(),
            meters: self
                .meters
                .iter()
                .map(|m| MeterEntry {
                    id: m.id.clone(),
                    contract: m.contract,
                    utc_offset_minutes: m.utc_offset_minutes,
                    cursor: m.cursor,
                    parked: m.parked,
                })
                .collect(),
        }
    }

    /// The chain the readings of contract `contract` are signed for and sent to.
    fn chain_of(&self, contract: u32) -> &str {
        chain_of(&self.contracts, &self.chain_id, contract)
    }

    /// The outbox.
    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// Runs until the source has ended and the outbox is empty, or `shutdown` completes.
    pub async fn run(
        mut self,
        mut events: mpsc::Receiver<SourceEvent>,
        shutdown: impl Future<Output = ()>,
    ) -> Result<Summary, EngineError> {
        tokio::pin!(shutdown);
        let mut source_open = true;
        let mut source_error = None;
        let mut inflight: Option<JoinHandle<TaskOutput>> = None;
        let mut not_before = Instant::now();
        self.checkpoint().save(&self.config.state_path)?;
        loop {
            self.metrics.outbox.set(self.outbox.len() as i64);
            if !source_open && self.outbox.is_empty() && inflight.is_none() {
                break;
            }
            let wake = if inflight.is_none() {
                self.next_action(not_before)
            } else {
                None
            };
            let receive = source_open && self.outbox.len() < self.config.max_pending;
            tokio::select! {
                biased;
                () = &mut shutdown => {
                    tracing::debug!(inflight = inflight.is_some(), "stopping");
                    self.summary.interrupted = true;
                    if let Some(task) = inflight.take() {
                        // Let the transaction on its way finish, so that its confirmation is
                        // recorded; correctness does not depend on it.
                        if let Ok(Ok(output)) = tokio::time::timeout(Duration::from_secs(15), task).await {
                            self.handle(output)?;
                        }
                    }
                    break;
                }
                output = async {
                    match inflight.as_mut() {
                        Some(task) => task.await,
                        None => std::future::pending().await,
                    }
                }, if inflight.is_some() => {
                    inflight = None;
                    match output {
                        Ok(output) => not_before = self.handle(output)?,
                        Err(error) => {
                            tracing::error!(%error, "the sending task failed");
                            not_before = Instant::now() + self.backoff.next_delay();
                        }
                    }
                }
                event = events.recv(), if receive => {
                    match event {
                        Some(SourceEvent::Measurement(first)) => {
                            let mut batch = vec![first];
                            let room = self.config.max_pending.saturating_sub(self.outbox.len());
                            while batch.len() < room.clamp(1, 4_096) {
                                match events.try_recv() {
                                    Ok(SourceEvent::Measurement(m)) => batch.push(m),
                                    Ok(SourceEvent::End) => { source_open = false; break; }
                                    Ok(SourceEvent::Failed(e)) => {
                                        source_open = false;
                                        source_error = Some(e);
                                        break;
                                    }
                                    Err(_) => break,
                                }
                            }
                            self.record(&batch)?;
                        }
                        Some(SourceEvent::End) | None => {
                            tracing::info!(pending = self.outbox.len(), "the source has ended; sending what is left");
                            source_open = false;
                        }
                        Some(SourceEvent::Failed(error)) => {
                            tracing::error!(%error, pending = self.outbox.len(), "the source failed; sending what is left");
                            source_open = false;
                            source_error = Some(error);
                        }
                    }
                }
                () = tokio::time::sleep_until(wake.unwrap_or_else(Instant::now)), if wake.is_some() => {
                    inflight = self.start_task();
                    if inflight.is_none() {
                        not_before = Instant::now() + self.config.backoff_base;
                    }
                }
            }
        }
        self.checkpoint().save(&self.config.state_path)?;
        if self.outbox.wants_compaction() || self.outbox.is_empty() {
            self.outbox.compact()?;
        }
        self.summary.pending = self.outbox.len();
        self.metrics.outbox.set(self.outbox.len() as i64);
        if let Some(error) = source_error {
            return Err(EngineError::Source(error));
        }
        Ok(self.summary)
    }

    /// When to start the next task, if there is anything to do.
    fn next_action(&self, not_before: Instant) -> Option<Instant> {
        let now = Instant::now();
        if !self.resync.is_empty() || self.due_rechecks(now).next().is_some() {
            return Some(not_before);
        }
        if self.outbox.is_empty() {
            return None;
        }
        let sendable = self.held == 0
            || self.outbox.meters_with_pending().any(|m| {
                self.meters[m as usize]
                    .hold
                    .is_none_or(|h| h.until <= now && !h.recheck)
            });
        if sendable {
            let ready = if self.outbox.len() >= self.batch_limit {
                now
            } else {
                self.linger_from.unwrap_or(now) + self.config.linger
            };
            return Some(ready.max(not_before));
        }
        let earliest = self
            .outbox
            .meters_with_pending()
            .filter_map(|m| self.meters[m as usize].hold.map(|h| h.until))
            .min()?;
        Some(earliest.max(not_before))
    }

    /// Numbers, signs and stores measurements.
    fn record(&mut self, measurements: &[Measurement]) -> Result<(), EngineError> {
        let mut readings = Vec::with_capacity(measurements.len());
        for m in measurements {
            let Some(slot) = self.meters.get_mut(m.meter as usize) else {
                tracing::warn!(
                    meter = m.meter,
                    "measurement for an unknown meter index skipped"
                );
                self.summary.skipped += 1;
                continue;
            };
            if slot.parked {
                tracing::debug!(meter = %slot.id, "no meter contract yet; measurement skipped");
                self.summary.skipped += 1;
                continue;
            }
            let limits = self.contracts[slot.contract as usize].limits;
            let cursor = &mut slot.cursor;
            let skip = |why: String| {
                tracing::warn!(meter = %slot.id, start = m.interval_start, "measurement skipped: {why}");
            };
            if m.interval_start < cursor.next_start {
                if m.end() <= cursor.next_start {
                    tracing::debug!(meter = %slot.id, start = m.interval_start, "already recorded; skipped");
                } else {
                    skip(format!(
                        "its interval [{}, {}) overlaps the last recorded one, which ends at {}",
                        m.interval_start,
                        m.end(),
                        cursor.next_start
                    ));
                }
                self.summary.skipped += 1;
                continue;
            }
            let Some(energy_wh) = m.register_wh.checked_sub(cursor.register_wh) else {
                skip(format!(
                    "the register went backwards: {} Wh after {} Wh",
                    m.register_wh, cursor.register_wh
                ));
                self.summary.skipped += 1;
                continue;
            };
            if let Some(limits) = limits {
                if m.interval_length > limits.max_interval_seconds {
                    skip(format!(
                        "interval of {} s, longer than the contract's {} s",
                        m.interval_length, limits.max_interval_seconds
                    ));
                    self.summary.skipped += 1;
                    continue;
                }
                let power = limits.power_w(energy_wh, m.interval_length);
                if power > u128::from(limits.max_power_w) {
                    skip(format!(
                        "{energy_wh} Wh in {} s is {power} W on average, above the contract's {} W",
                        m.interval_length, limits.max_power_w
                    ));
                    self.summary.skipped += 1;
                    continue;
                }
            }
            let reading = Reading {
                meter_id: slot.id.clone(),
                sequence: cursor.next_sequence,
                interval_start: m.interval_start,
                interval_length: m.interval_length,
                energy_wh,
                register_wh: m.register_wh,
            };
            let contract = &self.contracts[slot.contract as usize].address;
            let chain_id = chain_of(&self.contracts, &self.chain_id, slot.contract);
            let signed = slot.key.sign(chain_id, contract, reading);
            let Some(pending) = Pending::from_signed(&signed) else {
                unreachable!("k256 signatures are 64 bytes");
            };
            cursor.next_sequence += 1;
            cursor.register_wh = m.register_wh;
            cursor.next_start = m.end();
            readings.push((m.meter, pending));
        }
        if !readings.is_empty() {
            self.outbox.append(&readings)?;
            self.summary.recorded += readings.len() as u64;
            self.metrics.recorded.inc_by(readings.len() as u64);
            self.linger_from.get_or_insert_with(Instant::now);
            tracing::debug!(
                count = readings.len(),
                outbox = self.outbox.len(),
                "readings recorded"
            );
        }
        Ok(())
    }

    /// Starts a resync if one is due, else a transaction (if anything can be sent).
    fn start_task(&mut self) -> Option<JoinHandle<TaskOutput>> {
        let chain = Arc::clone(&self.chain);
        let rechecks: Vec<u32> = self.due_rechecks(Instant::now()).collect();
        for m in rechecks {
            if let Some(hold) = self.meters[m as usize].hold.as_mut() {
                hold.recheck = false;
            }
            self.resync.insert(m);
        }
        if !self.resync.is_empty() {
            let requested: Vec<u32> = std::mem::take(&mut self.resync).into_iter().collect();
            let mut by_contract: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
            for &m in &requested {
                let slot = &self.meters[m as usize];
                by_contract
                    .entry(slot.contract)
                    .or_default()
                    .push((m, slot.id.clone()));
            }
            let work: Vec<StateQuery> = by_contract
                .into_iter()
                .map(|(c, meters)| StateQuery {
                    chain_id: self.chain_of(c).to_string(),
                    contract: self.contracts[c as usize].address.clone(),
                    meters,
                })
                .collect();
            return Some(tokio::spawn(async move {
                let result = fetch_states(&*chain, work).await;
                TaskOutput::Resynced { requested, result }
            }));
        }
        let (batch, messages) = self.build_batch();
        if messages.is_empty() {
            return None;
        }
        self.linger_from = None;
        self.metrics.sent.inc_by(batch.readings as u64);
        let chain_id = batch.chain_id.clone();
        Some(tokio::spawn(async move {
            let result = chain.submit(&chain_id, messages).await;
            TaskOutput::Submitted { batch, result }
        }))
    }

    /// The oldest pending readings of meters not on hold, up to the batch limit, meters taking
    /// turns; one message per meter contract (split at the contract's maximum). The first
    /// meter with readings chooses the chain; meters of other chains wait, and the next batch
    /// starts with the first of them, so that every chain has its turn.
    fn build_batch(&mut self) -> (BatchInfo, Vec<Submission>) {
        let now = Instant::now();
        let n = self.meters.len();
        let mut room = self.batch_limit;
        let mut groups: BTreeMap<u32, Vec<ledger_reading::SignedReading>> = BTreeMap::new();
        let mut info = BatchInfo {
            chain_id: String::new(),
            meters: Vec::new(),
            readings: 0,
            messages: 0,
        };
        let mut chain: Option<&str> = None;
        let mut other_chain_first: Option<usize> = None;
        let mut visited = 0;
        while room > 0 && visited < n {
            let m = (self.round_robin + visited) % n;
            visited += 1;
            let slot = &mut self.meters[m];
            if slot.hold.is_some_and(|h| h.until > now || h.recheck) {
                continue;
            }
            let queue = self.outbox.pending(m as u32);
            if queue.is_empty() {
                continue;
            }
            let slot_chain = chain_of(&self.contracts, &self.chain_id, slot.contract);
            match chain {
                None => chain = Some(slot_chain),
                Some(c) if c != slot_chain => {
                    other_chain_first.get_or_insert(m);
                    continue;
                }
                Some(_) => {}
            }
            let take = queue.len().min(room);
            let group = groups.entry(slot.contract).or_default();
            for p in queue.iter().take(take) {
                group.push(p.to_signed(&slot.id));
            }
            info.meters
                .push((m as u32, queue[0].sequence, queue[take - 1].sequence));
            room -= take;
        }
        info.chain_id = chain.unwrap_or(&self.chain_id).to_string();
        self.round_robin = other_chain_first.unwrap_or((self.round_robin + visited) % n.max(1));
        let mut messages = Vec::new();
        for (contract, readings) in groups {
            info.readings += readings.len();
            for chunk in readings.chunks(MAX_READINGS_PER_MSG) {
                messages.push(Submission {
                    contract: self.contracts[contract as usize].address.clone(),
                    readings: chunk.to_vec(),
                });
            }
        }
        info.messages = messages.len();
        (info, messages)
    }

    /// Acts on a finished task; returns when the next may start.
    fn handle(&mut self, output: TaskOutput) -> Result<Instant, EngineError> {
        let now = Instant::now();
        match output {
            TaskOutput::Submitted {
                batch,
                result: Ok(submitted),
            } => {
                let accepted = self.confirm_batch(&batch, &submitted)?;
                self.backoff.reset();
                self.last_refusal = None;
                self.batch_limit = (self.batch_limit * 2).min(self.config.batch.max(1));
                self.summary.sent += accepted;
                self.summary.batches += 1;
                self.metrics.accepted.inc_by(accepted);
                self.metrics.last_send.set(unix_seconds());
                self.status(&batch, &submitted);
                if self.outbox.wants_compaction() {
                    self.checkpoint().save(&self.config.state_path)?;
                    self.outbox.compact()?;
                }
                Ok(now)
            }
            TaskOutput::Submitted {
                batch,
                result: Err(error),
            } => {
                self.resync.extend(batch.meters.iter().map(|&(m, _, _)| m));
                match &error {
                    ClientError::Contract { message } => {
                        self.metrics
                            .refusal(ledger_types::error_code::code_in(message));
                        let mut next = now;
                        match parse_refusal(message) {
                            Some(refusal) => {
                                tracing::warn!(
                                    chain = %batch.chain_id,
                                    meter = %refusal.meter_id,
                                    sequence = refusal.sequence,
                                    "the contract refused the batch: {message}"
                                );
                                let key = (refusal.meter_id.clone(), refusal.sequence);
                                if self.last_refusal.as_ref() == Some(&key) {
                                    // The same refusal again: not resolved by asking the
                                    // chain; do not hammer it.
                                    next = now + self.backoff.next_delay();
                                }
                                self.last_refusal = Some(key);
                                self.refusals.push(refusal);
                            }
                            None if batch.readings == 1 => {
                                let &(meter, sequence, _) = &batch.meters[0];
                                tracing::warn!(
                                    "the contract refused reading {sequence}: {message}"
                                );
                                self.refusals.push(Refusal {
                                    meter_id: self.meters[meter as usize].id.clone(),
                                    sequence,
                                    kind: RefusalKind::Permanent,
                                    code: ledger_types::error_code::code_in(message)
                                        .map(str::to_string),
                                    message: message.clone(),
                                });
                            }
                            None => {
                                self.batch_limit = (batch.readings / 2).max(1);
                                tracing::warn!(
                                    batch = self.batch_limit,
                                    "the contract refused the batch without naming a reading \
                                     ({message}); trying smaller batches"
                                );
                                next = now + self.backoff.next_delay();
                            }
                        }
                        Ok(next)
                    }
                    _ => {
                        let delay = self.backoff.next_delay();
                        let what = match &error {
                            e if e.is_transient() => "the chain is unreachable or slow",
                            ClientError::InsufficientFunds { .. }
                            | ClientError::AccountNotFound { .. }
                            | ClientError::InsufficientFees { .. } => {
                                "the gateway account cannot pay"
                            }
                            _ => "the batch could not be sent",
                        };
                        tracing::warn!(
                            chain = %batch.chain_id,
                            readings = batch.readings,
                            outbox = self.outbox.len(),
                            retry_in_ms = delay.as_millis() as u64,
                            "{what}: {error}"
                        );
                        Ok(now + delay)
                    }
                }
            }
            TaskOutput::Resynced {
                requested,
                result: Err(error),
            } => {
                let delay = self.backoff.next_delay();
                tracing::warn!(
                    retry_in_ms = delay.as_millis() as u64,
                    outbox = self.outbox.len(),
                    "cannot ask the chain where the meters stand: {error}"
                );
                self.resync.extend(requested);
                Ok(now + delay)
            }
            TaskOutput::Resynced {
                requested,
                result: Ok(states),
            } => {
                let mut answered = BTreeSet::new();
                for (meter, state) in states {
                    answered.insert(meter);
                    self.apply_chain_state(meter, state)?;
                }
                for meter in requested {
                    if !answered.contains(&meter) {
                        self.apply_chain_state(meter, None)?;
                    }
                }
                for refusal in std::mem::take(&mut self.refusals) {
                    self.apply_refusal(refusal)?;
                }
                Ok(now)
            }
        }
    }

    /// Takes in a transaction that landed: confirms every reading the contracts accepted up
    /// to the first refused one of its meter, and sends a meter with a refused reading to be
    /// asked about (which confirms any later reading the chain took, and resyncs a replay)
    /// before its refusals are acted on. Returns how many readings were accepted.
    fn confirm_batch(
        &mut self,
        batch: &BatchInfo,
        submitted: &Submitted,
    ) -> Result<u64, EngineError> {
        let Some(refused) = &submitted.refused else {
            // No verdicts: the chain says what it took.
            self.resync.extend(batch.meters.iter().map(|&(m, _, _)| m));
            return Ok(0);
        };
        // The first refused sequence of each meter.
        let mut first_refused: HashMap<&str, u64> = HashMap::new();
        for r in refused {
            let first = first_refused
                .entry(r.meter_id.as_str())
                .or_insert(r.sequence);
            *first = (*first).min(r.sequence);
        }
        let mut changes = Vec::new();
        for &(meter, first, through) in &batch.meters {
            match first_refused.get(self.meters[meter as usize].id.as_str()) {
                None => {
                    changes.push(Change::Confirmed { meter, through });
                    self.release(meter);
                }
                Some(&refused_at) => {
                    if refused_at > first {
                        changes.push(Change::Confirmed {
                            meter,
                            through: refused_at - 1,
                        });
                    }
                    self.resync.insert(meter);
                }
            }
        }
        self.outbox.write(&changes)?;
        for r in refused {
            self.metrics.refusal(r.code.as_deref());
            tracing::warn!(
                chain = %batch.chain_id,
                hash = %submitted.hash,
                meter = %r.meter_id,
                sequence = r.sequence,
                code = r.code.as_deref().unwrap_or("unknown"),
                "the contract refused a reading; the rest of the batch landed"
            );
        }
        // Only a meter's first refusal is acted on: the readings after it were judged
        // against a state without it (an energy mismatch, an overlap), and are repaired or
        // resent once it is dealt with.
        self.refusals.extend(
            refused
                .iter()
                .filter(|r| first_refused.get(r.meter_id.as_str()) == Some(&r.sequence))
                .cloned(),
        );
        Ok((batch.readings - refused.len().min(batch.readings)) as u64)
    }

    fn status(&self, batch: &BatchInfo, submitted: &Submitted) {
        if self.config.fleet {
            tracing::info!(
                chain = %batch.chain_id,
                hash = %submitted.hash,
                "batch sent: {} readings of {} meters in {} message(s), height {}, gas {}, outbox {}",
                batch.readings,
                batch.meters.len(),
                batch.messages,
                submitted.height,
                submitted.gas_used,
                self.outbox.len()
            );
        } else {
            let first = batch.meters.first().map_or(0, |m| m.1);
            let last = batch.meters.last().map_or(0, |m| m.2);
            tracing::info!(
                chain = %batch.chain_id,
                hash = %submitted.hash,
                "batch sent: {} readings seq {first}..{last}, height {}, gas {}, outbox {}",
                batch.readings,
                submitted.height,
                submitted.gas_used,
                self.outbox.len()
            );
        }
    }
}

/// The system clock in unix seconds, for the last-send metric (0 before 1970).
fn unix_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The chain `contract` (an index into `contracts`) is on: its own, or the client's `main`.
fn chain_of<'a>(contracts: &'a [ContractEntry], main: &'a str, contract: u32) -> &'a str {
    contracts
        .get(contract as usize)
        .and_then(|c| c.chain_id.as_deref())
        .unwrap_or(main)
}

/// Meters of one contract whose state is wanted: (meter index, meter id) each.
struct StateQuery {
    chain_id: String,
    contract: String,
    meters: Vec<(u32, String)>,
}

/// Asks the chains where the meters stand: meter by meter, or a whole contract's list when
/// many of its meters are wanted.
async fn fetch_states<C: Chain>(
    chain: &C,
    work: Vec<StateQuery>,
) -> Result<Vec<(u32, Option<MeterState>)>, ClientError> {
    let mut out = Vec::new();
    for StateQuery {
        chain_id,
        contract,
        meters,
    } in work
    {
        if meters.len() > PAGE_THRESHOLD {
            let mut states: HashMap<String, MeterState> = chain
                .meters(&chain_id, &contract)
                .await?
                .into_iter()
                .map(|s| (s.meter_id.clone(), s))
                .collect();
            for (m, id) in meters {
                out.push((m, states.remove(&id)));
            }
        } else {
            for (m, id) in meters {
                out.push((m, chain.meter(&chain_id, &contract, &id).await?));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
