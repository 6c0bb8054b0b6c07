//! The sender against a simulated meter contract that applies the real contract's rules
//! (sequence, interval, register, power, signature, status; each reading accepted or refused
//! on its own, as the contract reports in its response data) and fails on demand:
//! unreachable, or landing but answering too late.

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;
use std::sync::Mutex;

use cosmwasm_std::{Addr, Uint128};
use ledger_reading::SignedReading;
use ledger_reading::signer::verify;
use ledger_types::admin::MeterStatus;
use ledger_types::error_code::common;
use ledger_types::meter::MeterKind;
use ledger_types::meter::codes;

use super::*;
use crate::checkpoint::{Checkpoint, Limits};
use crate::keys::fleet_key;
use crate::metrics::{CodeLabel, Metrics};
use crate::outbox::Outbox;

const CHAIN: &str = "fake-1";
const T0: u64 = 1_793_491_200;
const INTERVAL: u32 = 900;

#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Nothing reaches the chain.
    Unreachable,
    /// The transaction lands, but the answer is lost.
    LandsButTimesOut,
}

#[derive(Clone, Debug)]
struct FakeMeter {
    pubkey: Vec<u8>,
    last_sequence: u64,
    register_wh: u64,
    last_end: u64,
    status: MeterStatus,
    stored: Vec<SignedReading>,
}

#[derive(Default)]
struct FakeState {
    meters: BTreeMap<(String, String), FakeMeter>,
    faults: VecDeque<Fault>,
    height: u64,
    failed_txs: u32,
    submits: u32,
    /// After this many submissions the chain is gone: every call fails.
    down_after: Option<u32>,
    /// Contracts on a chain other than [`CHAIN`] (a region's), by address.
    chain_of: BTreeMap<String, String>,
    /// Every transaction that landed: its chain and its messages' contracts.
    landed: Vec<(String, Vec<String>)>,
}

impl FakeState {
    fn down(&self) -> bool {
        self.down_after.is_some_and(|n| self.submits >= n)
    }

    /// The chain `contract` is on.
    fn chain(&self, contract: &str) -> &str {
        self.chain_of.get(contract).map_or(CHAIN, String::as_str)
    }
}

fn unreachable() -> ClientError {
    ClientError::NodeUnreachable {
        node: "fake".into(),
        reason: "connection refused".into(),
    }
}

struct FakeChain {
    max_power_w: u64,
    state: Mutex<FakeState>,
}

impl FakeChain {
    fn new(max_power_w: u64) -> Self {
        FakeChain {
            max_power_w,
            state: Mutex::new(FakeState::default()),
        }
    }

    fn register(&self, contract: &str, id: &str, key: &MeterKey, register_wh: u64) {
        self.state.lock().unwrap().meters.insert(
            (contract.to_string(), id.to_string()),
            FakeMeter {
                pubkey: key.public_key().to_vec(),
                last_sequence: 0,
                register_wh,
                last_end: T0,
                status: MeterStatus::Active,
                stored: Vec::new(),
            },
        );
    }

    /// Puts `contract` on chain `chain_id` (a region's) instead of [`CHAIN`].
    fn place(&self, contract: &str, chain_id: &str) {
        self.state
            .lock()
            .unwrap()
            .chain_of
            .insert(contract.to_string(), chain_id.to_string());
    }

    /// The transactions that landed: chain and contracts of each.
    fn landed(&self) -> Vec<(String, Vec<String>)> {
        self.state.lock().unwrap().landed.clone()
    }

    fn faults(&self, faults: &[Fault]) {
        self.state
            .lock()
            .unwrap()
            .faults
            .extend(faults.iter().copied());
    }

    fn meter(&self, contract: &str, id: &str) -> FakeMeter {
        self.state.lock().unwrap().meters[&(contract.to_string(), id.to_string())].clone()
    }

    fn set_status(&self, contract: &str, id: &str, status: MeterStatus) {
        self.state
            .lock()
            .unwrap()
            .meters
            .get_mut(&(contract.to_string(), id.to_string()))
            .unwrap()
            .status = status;
    }

    /// The contract's checks, reading by reading; the refused readings, or why the whole
    /// transaction fails.
    fn apply(
        &self,
        state: &mut FakeState,
        chain_id: &str,
        messages: &[Submission],
    ) -> Result<Vec<Refusal>, String> {
        let mut refused = Vec::new();
        let mut meters = state.meters.clone();
        for message in messages {
            // A contract of another chain does not exist on this one.
            if state.chain(&message.contract) != chain_id {
                return Err(format!(
                    "no such contract: {} on {chain_id}",
                    message.contract
                ));
            }
            for r in &message.readings {
                if let Err(refusal) = Self::check(
                    self.max_power_w,
                    &mut meters,
                    chain_id,
                    &message.contract,
                    r,
                ) {
                    refused.push(refusal);
                }
            }
        }
        state.meters = meters;
        Ok(refused)
    }

    /// One reading against its meter's state; stored if it passes.
    fn check(
        max_power_w: u64,
        meters: &mut BTreeMap<(String, String), FakeMeter>,
        chain_id: &str,
        contract: &str,
        r: &SignedReading,
    ) -> Result<(), Refusal> {
        let (id, seq) = (&r.meter_id, r.sequence);
        // As the contract words them: the code, then the reading, then why.
        let refuse = |code: &str, why: String| {
            Err(Refusal {
                meter_id: id.clone(),
                sequence: seq,
                kind: refusal_kind(Some(code)),
                code: Some(code.to_string()),
                message: format!("[ledger:{code}] reading {seq} of meter {id}: {why}"),
            })
        };
        let Some(m) = meters.get_mut(&(contract.to_string(), id.clone())) else {
            return refuse(
                codes::READING_UNKNOWN_METER,
                "the meter is not registered in this contract".into(),
            );
        };
        if m.status != MeterStatus::Active {
            return refuse(
                codes::METER_NOT_ACTIVE,
                format!("the meter is not active (status: {})", m.status.as_str()),
            );
        }
        if seq <= m.last_sequence {
            return refuse(
                codes::REPLAYED_OR_OUT_OF_ORDER,
                format!(
                    "replayed or out of order; the sequence must be greater than {}",
                    m.last_sequence
                ),
            );
        }
        if r.interval_start < m.last_end {
            return refuse(codes::OVERLAPPING_INTERVAL, "overlapping".into());
        }
        let Some(delta) = r.register_wh.checked_sub(m.register_wh) else {
            return refuse(
                codes::REGISTER_WENT_BACKWARDS,
                "register went backwards".into(),
            );
        };
        if delta != r.energy_wh {
            return refuse(
                codes::ENERGY_MISMATCH,
                format!(
                    "energy {} Wh does not equal the register increase {delta} Wh",
                    r.energy_wh
                ),
            );
        }
        let power = u128::from(r.energy_wh) * 3_600 / u128::from(r.interval_length);
        if power > u128::from(max_power_w) {
            return refuse(
                codes::IMPOSSIBLE_POWER,
                format!(
                    "implies an average power of {power} W, above the possible {max_power_w} W"
                ),
            );
        }
        if !verify(chain_id, contract, r, &m.pubkey) {
            return refuse(
                codes::INVALID_SIGNATURE,
                "the signature does not verify against the meter's key for this chain and contract"
                    .into(),
            );
        }
        m.last_sequence = seq;
        m.last_end = r.interval_start + u64::from(r.interval_length);
        m.register_wh = r.register_wh;
        m.stored.push(r.clone());
        Ok(())
    }

    fn state_of(contract: &str, id: &str, m: &FakeMeter) -> MeterState {
        let _ = contract;
        MeterState {
            meter_id: id.to_string(),
            retailer: Addr::unchecked("retailer"),
            pubkey: m.pubkey.clone().into(),
            tariff_id: "flat".into(),
            tariff_utc_offset_minutes: 0,
            status: m.status,
            contracted_monthly_amount: Uint128::zero(),
            last_sequence: m.last_sequence,
            last_interval_end: m.last_end,
            register_wh: m.register_wh,
            readings: m.stored.len() as u64,
            next_period_to_close: 0,
            started_at: 0,
            retired_at: None,
            kind: MeterKind::Consumption,
        }
    }
}

impl Chain for FakeChain {
    async fn submit(
        &self,
        chain_id: &str,
        messages: Vec<Submission>,
    ) -> Result<Submitted, ClientError> {
        tokio::task::yield_now().await;
        let mut state = self.state.lock().unwrap();
        if state.down() {
            return Err(unreachable());
        }
        state.submits += 1;
        let fault = state.faults.pop_front();
        if let Some(Fault::Unreachable) = fault {
            return Err(unreachable());
        }
        let result = self.apply(&mut state, chain_id, &messages);
        if result.is_ok() {
            let contracts = messages.iter().map(|m| m.contract.clone()).collect();
            state.landed.push((chain_id.to_string(), contracts));
        }
        state.height += 1;
        let height = state.height;
        if result.is_err() {
            state.failed_txs += 1;
        }
        match (fault, result) {
            (Some(Fault::LandsButTimesOut), _) => Err(ClientError::TxTimeout {
                hash: format!("H{height}"),
                timeout: Duration::from_millis(1),
            }),
            (_, Ok(refused)) => Ok(Submitted {
                hash: format!("H{height}"),
                height,
                gas_used: 1_000,
                refused: Some(refused),
            }),
            (_, Err(message)) => Err(ClientError::Contract { message }),
        }
    }

    async fn meter(
        &self,
        chain_id: &str,
        contract: &str,
        meter_id: &str,
    ) -> Result<Option<MeterState>, ClientError> {
        let state = self.state.lock().unwrap();
        if state.down() {
            return Err(unreachable());
        }
        if state.chain(contract) != chain_id {
            return Ok(None);
        }
        Ok(state
            .meters
            .get(&(contract.to_string(), meter_id.to_string()))
            .map(|m| Self::state_of(contract, meter_id, m)))
    }

    async fn meters(&self, chain_id: &str, contract: &str) -> Result<Vec<MeterState>, ClientError> {
        let state = self.state.lock().unwrap();
        if state.down() {
            return Err(unreachable());
        }
        Ok(state
            .meters
            .iter()
            .filter(|((c, _), _)| c == contract && state.chain(c) == chain_id)
            .map(|((c, id), m)| Self::state_of(c, id, m))
            .collect())
    }
}

fn config(dir: &Path, batch: usize, fleet: bool) -> EngineConfig {
    EngineConfig {
        batch,
        max_pending: 10_000,
        linger: Duration::ZERO,
        backoff_base: Duration::from_millis(2),
        backoff_cap: Duration::from_millis(20),
        hold_base: Duration::from_millis(10),
        hold_cap: Duration::from_millis(40),
        fleet,
        state_path: dir.join("state.json"),
        rejected_path: dir.join("rejected.jsonl"),
        fleet_seed: None,
    }
}

/// Meter `i` is `m-<i>` in contract `c-<i % contracts>`, with the fleet key of seed 1.
fn world(
    chain: &FakeChain,
    meters: u32,
    contracts: u32,
    limits: Option<Limits>,
) -> (Vec<ContractEntry>, Vec<MeterSlot>) {
    let entries = (0..contracts)
        .map(|c| ContractEntry::main(format!("c-{c}"), limits))
        .collect();
    let slots = (0..meters)
        .map(|i| {
            let key = fleet_key(1, i);
            chain.register(
                &format!("c-{}", i % contracts),
                &format!("m-{i}"),
                &key,
                1_000,
            );
            MeterSlot::new(
                format!("m-{i}"),
                i % contracts,
                key,
                0,
                MeterCursor {
                    next_sequence: 1,
                    register_wh: 1_000,
                    next_start: T0,
                },
            )
        })
        .collect();
    (entries, slots)
}

/// Slots as `app` restores them after a restart: checkpoint, then the outbox's tails.
fn restore(dir: &Path, outbox: &Outbox) -> (Vec<ContractEntry>, Vec<MeterSlot>) {
    let cp = Checkpoint::load(&dir.join("state.json")).unwrap().unwrap();
    let slots = cp
        .meters
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut cursor = m.cursor;
            if let Some(tail) = outbox.tail(i as u32) {
                cursor.advance_to(tail);
            }
            MeterSlot::new(m.id.clone(), m.contract, fleet_key(1, i as u32), 0, cursor)
        })
        .collect();
    (cp.contracts, slots)
}

/// An empty outbox in `dir`.
fn fresh_outbox(dir: &Path) -> Outbox {
    Outbox::open(dir.join("outbox.log")).unwrap().0
}

/// An engine sending `chain`'s meters (see [`world`]) from a new outbox in `dir`.
fn fresh_engine(
    chain: &Arc<FakeChain>,
    contracts: Vec<ContractEntry>,
    slots: Vec<MeterSlot>,
    dir: &Path,
    cfg: EngineConfig,
) -> Engine<FakeChain> {
    engine_over(chain, contracts, slots, fresh_outbox(dir), cfg)
}

/// An engine sending `chain`'s meters (see [`world`]) from `outbox`.
fn engine_over(
    chain: &Arc<FakeChain>,
    contracts: Vec<ContractEntry>,
    slots: Vec<MeterSlot>,
    outbox: Outbox,
    cfg: EngineConfig,
) -> Engine<FakeChain> {
    Engine::new(
        Arc::clone(chain),
        CHAIN.into(),
        contracts,
        slots,
        outbox,
        cfg,
    )
}

/// `count` intervals of each of `meters` meters from interval `from`, with `energy(meter, k)`.
fn measurements(
    meters: u32,
    from: u64,
    count: u64,
    energy: impl Fn(u32, u64) -> u64,
) -> Vec<SourceEvent> {
    let mut out = Vec::new();
    let mut registers: Vec<u64> = (0..meters)
        .map(|m| 1_000 + (0..from).map(|k| energy(m, k)).sum::<u64>())
        .collect();
    for k in from..from + count {
        for m in 0..meters {
            registers[m as usize] += energy(m, k);
            out.push(SourceEvent::Measurement(Measurement {
                meter: m,
                interval_start: T0 + k * u64::from(INTERVAL),
                interval_length: INTERVAL,
                register_wh: registers[m as usize],
            }));
        }
    }
    out
}

fn energy(m: u32, k: u64) -> u64 {
    50 + (u64::from(m) * 7 + k * 13) % 40
}

async fn drive<C: Chain>(
    engine: Engine<C>,
    mut events: Vec<SourceEvent>,
    end: bool,
) -> Result<Summary, EngineError> {
    let (tx, rx) = mpsc::channel(16);
    if end {
        events.push(SourceEvent::End);
    }
    tokio::spawn(async move {
        for e in events {
            if tx.send(e).await.is_err() {
                return;
            }
        }
        // Without an end the channel stays open (a live source) until the engine stops.
        if !end {
            std::future::pending::<()>().await;
        }
    });
    tokio::time::timeout(
        Duration::from_secs(30),
        engine.run(rx, std::future::pending()),
    )
    .await
    .expect("the sender finishes")
}

/// The chain holds exactly readings 1..=count of the meter, with the energies produced.
fn assert_exactly(chain: &FakeChain, contract: &str, id: &str, m: u32, count: u64) {
    let meter = chain.meter(contract, id);
    let seqs: Vec<u64> = meter.stored.iter().map(|r| r.sequence).collect();
    assert_eq!(seqs, (1..=count).collect::<Vec<_>>(), "{id}");
    for (k, r) in meter.stored.iter().enumerate() {
        assert_eq!(
            r.interval_start,
            T0 + k as u64 * u64::from(INTERVAL),
            "{id}"
        );
        assert_eq!(r.energy_wh, energy(m, k as u64), "{id} reading {}", k + 1);
    }
}

#[tokio::test]
async fn every_reading_lands_exactly_once_through_outages_and_lost_answers() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Arc::new(FakeChain::new(100_000));
    let (contracts, slots) = world(&chain, 3, 2, None);
    use Fault::*;
    chain.faults(&[
        Unreachable,
        LandsButTimesOut,
        Unreachable,
        Unreachable,
        LandsButTimesOut,
        LandsButTimesOut,
    ]);
    let engine = fresh_engine(
        &chain,
        contracts,
        slots,
        dir.path(),
        config(dir.path(), 7, true),
    );
    let summary = drive(engine, measurements(3, 0, 30, energy), true)
        .await
        .unwrap();
    for m in 0..3 {
        assert_exactly(&chain, &format!("c-{}", m % 2), &format!("m-{m}"), m, 30);
    }
    assert_eq!(summary.recorded, 90);
    assert_eq!(summary.pending, 0);
    assert_eq!(summary.sent + summary.found_on_chain, 90);
    assert!(summary.found_on_chain > 0, "{summary:?}");
    assert_eq!(summary.rejected, 0);
    let outbox = fresh_outbox(dir.path());
    assert!(outbox.is_empty());
}

#[tokio::test]
async fn a_restart_sends_only_what_is_missing_and_numbering_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Arc::new(FakeChain::new(100_000));
    let (contracts, slots) = world(&chain, 2, 1, None);
    // The first run: two transactions land but their answers are lost, and after the second
    // the chain is gone; the run is stopped (as by a crash: nothing more is written).
    chain.faults(&[Fault::LandsButTimesOut, Fault::LandsButTimesOut]);
    chain.state.lock().unwrap().down_after = Some(2);
    let engine = fresh_engine(
        &chain,
        contracts,
        slots,
        dir.path(),
        config(dir.path(), 5, true),
    );
    let (tx, rx) = mpsc::channel(64);
    for e in measurements(2, 0, 20, energy) {
        tx.send(e).await.unwrap();
    }
    let stop = tokio::time::sleep(Duration::from_millis(300));
    let first = engine.run(rx, stop).await.unwrap();
    assert!(first.interrupted);
    assert_eq!(first.recorded, 40);
    let landed = chain.meter("c-0", "m-0").stored.len() + chain.meter("c-0", "m-1").stored.len();
    assert_eq!(landed, 10, "two batches of five landed");
    // The first lost answer was made up for by asking the chain; the second could not be.
    assert_eq!(first.found_on_chain, 5);
    assert_eq!(first.pending, 35);

    // The restart, chain back: only the 30 missing readings go, then ten more intervals.
    chain.state.lock().unwrap().down_after = None;
    let outbox = fresh_outbox(dir.path());
    assert_eq!(outbox.len(), 35);
    let (contracts, slots) = restore(dir.path(), &outbox);
    assert_eq!(slots[0].cursor.next_sequence, 21);
    let engine = engine_over(
        &chain,
        contracts,
        slots,
        outbox,
        config(dir.path(), 5, true),
    );
    let second = drive(engine, measurements(2, 20, 10, energy), true)
        .await
        .unwrap();
    assert_eq!(second.found_on_chain, 5);
    assert_eq!(second.sent, 50);
    assert_eq!(
        chain.state.lock().unwrap().failed_txs,
        0,
        "no replay was ever sent"
    );
    assert_exactly(&chain, "c-0", "m-0", 0, 30);
    assert_exactly(&chain, "c-0", "m-1", 1, 30);
}

#[tokio::test]
async fn a_reading_refused_for_good_is_set_aside_and_the_next_follows_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    // 15 kW at most; the client does not know the limit, so the contract decides.
    let chain = Arc::new(FakeChain::new(15_000));
    let (contracts, slots) = world(&chain, 1, 1, None);
    let engine = fresh_engine(
        &chain,
        contracts,
        slots,
        dir.path(),
        config(dir.path(), 4, false),
    );
    // Reading 3 claims 5 kWh in 15 minutes (20 kW).
    let spike = |_: u32, k: u64| if k == 2 { 5_000 } else { 100 };
    let summary = drive(engine, measurements(1, 0, 10, spike), true)
        .await
        .unwrap();
    assert_eq!(summary.rejected, 1);
    let stored = chain.meter("c-0", "m-0").stored;
    let seqs: Vec<u64> = stored.iter().map(|r| r.sequence).collect();
    assert_eq!(seqs, [1, 2, 4, 5, 6, 7, 8, 9, 10]);
    // Reading 4 covers the refused interval too, with its energy: nothing is lost.
    let four = &stored[2];
    assert_eq!(four.interval_start, T0 + 2 * 900);
    assert_eq!(four.interval_length, 1_800);
    assert_eq!(four.energy_wh, 5_100);
    assert_eq!(
        chain.meter("c-0", "m-0").register_wh,
        1_000 + 9 * 100 + 5_000
    );
    let rejected = std::fs::read_to_string(dir.path().join("rejected.jsonl")).unwrap();
    assert_eq!(rejected.lines().count(), 1);
    assert!(rejected.contains("\"sequence\":3"), "{rejected}");
    assert!(rejected.contains(codes::IMPOSSIBLE_POWER), "{rejected}");
    // The refusal came back in the verdict of a transaction that landed.
    assert_eq!(chain.state.lock().unwrap().failed_txs, 0);
}

#[tokio::test]
async fn a_suspended_meter_waits_and_goes_on_when_reactivated() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Arc::new(FakeChain::new(100_000));
    let (contracts, slots) = world(&chain, 2, 1, None);
    chain.set_status("c-0", "m-1", MeterStatus::Suspended);
    let reactivate = {
        let chain = Arc::clone(&chain);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            chain.set_status("c-0", "m-1", MeterStatus::Active);
        })
    };
    let engine = fresh_engine(
        &chain,
        contracts,
        slots,
        dir.path(),
        config(dir.path(), 6, true),
    );
    let summary = drive(engine, measurements(2, 0, 12, energy), true)
        .await
        .unwrap();
    reactivate.await.unwrap();
    assert_exactly(&chain, "c-0", "m-0", 0, 12);
    assert_exactly(&chain, "c-0", "m-1", 1, 12);
    assert_eq!(summary.rejected, 0);
}

#[tokio::test]
async fn a_client_behind_the_chain_numbers_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Arc::new(FakeChain::new(100_000));
    let (contracts, slots) = world(&chain, 1, 1, None);
    {
        // The chain already has ten readings this client's state does not know about.
        let mut state = chain.state.lock().unwrap();
        let m = state
            .meters
            .get_mut(&("c-0".to_string(), "m-0".to_string()))
            .unwrap();
        m.last_sequence = 10;
    }
    let engine = fresh_engine(
        &chain,
        contracts,
        slots,
        dir.path(),
        config(dir.path(), 5, false),
    );
    let summary = drive(engine, measurements(1, 0, 8, energy), true)
        .await
        .unwrap();
    let seqs: Vec<u64> = chain
        .meter("c-0", "m-0")
        .stored
        .iter()
        .map(|r| r.sequence)
        .collect();
    assert_eq!(seqs, (11..=18).collect::<Vec<_>>());
    assert_eq!(summary.found_on_chain, 0);
    let cp = Checkpoint::load(&dir.path().join("state.json"))
        .unwrap()
        .unwrap();
    assert_eq!(cp.meters[0].cursor.next_sequence, 19);
}

#[tokio::test]
async fn the_outbox_bounds_what_is_taken_from_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Arc::new(FakeChain::new(100_000));
    let (contracts, slots) = world(&chain, 1, 1, None);
    chain.faults(&[Fault::Unreachable; 1_000]);
    let outbox = fresh_outbox(dir.path());
    let mut cfg = config(dir.path(), 5, false);
    cfg.max_pending = 7;
    let engine = engine_over(&chain, contracts, slots, outbox, cfg);
    let (tx, rx) = mpsc::channel(64);
    for e in measurements(1, 0, 20, energy) {
        tx.send(e).await.unwrap();
    }
    let summary = engine
        .run(rx, tokio::time::sleep(Duration::from_millis(200)))
        .await
        .unwrap();
    assert_eq!(summary.recorded, 7);
    assert_eq!(summary.pending, 7);
}

#[test]
fn refusals_are_sorted_by_their_codes_not_their_words() {
    let r = parse_refusal(
        "[ledger:meter.impossible_power] reading 17 of meter m-1: implies an average power of \
         20000 W, above the possible 15000 W",
    )
    .unwrap();
    assert_eq!(
        (r.meter_id.as_str(), r.sequence, r.kind),
        ("m-1", 17, RefusalKind::Permanent)
    );
    // The same words under different codes lead to different actions: only the code counts.
    let kind = |code: &str| {
        parse_refusal(&format!(
            "[ledger:{code}] reading 3 of meter a: in the future"
        ))
        .unwrap()
        .kind
    };
    assert_eq!(kind(codes::FUTURE_READING), RefusalKind::Future);
    assert_eq!(kind(codes::METER_NOT_ACTIVE), RefusalKind::NotAccepting);
    assert_eq!(kind(codes::OWNER_BLOCKED), RefusalKind::NotAccepting);
    assert_eq!(kind(common::PAUSED), RefusalKind::NotAccepting);
    assert_eq!(
        kind(codes::READING_UNKNOWN_METER),
        RefusalKind::UnknownMeter
    );
    assert_eq!(kind(codes::REPLAYED_OR_OUT_OF_ORDER), RefusalKind::Replay);
    assert_eq!(kind(codes::INVALID_SIGNATURE), RefusalKind::BadSignature);
    assert_eq!(kind(codes::ENERGY_MISMATCH), RefusalKind::Permanent);
    // Without a code nothing is assumed: the reading is set aside, not retried forever.
    assert_eq!(
        parse_refusal("reading 3 of meter a: interval ends at 9, in the future")
            .unwrap()
            .kind,
        RefusalKind::Permanent
    );
    assert_eq!(
        parse_refusal("[ledger:meter.no_readings] a submission must carry at least one reading"),
        None
    );
    assert_eq!(
        parse_refusal("[ledger:meter.future_reading] reading x of meter a: y"),
        None
    );
}

#[test]
fn per_meter_state_is_compact() {
    // What a fleet keeps per meter: the sender's slot (key included), the simulator's
    // household, and the outbox's queue head; 10,000 meters stay within a few megabytes.
    let slot = std::mem::size_of::<MeterSlot>();
    let sim = std::mem::size_of::<crate::source::SimMeter>();
    let pending = std::mem::size_of::<Pending>();
    eprintln!("per meter: slot {slot} B, simulator {sim} B; per pending reading {pending} B");
    assert!(slot <= 400, "{slot}");
    assert!(sim <= 64, "{sim}");
    assert!(pending <= 104, "{pending}");
}

#[tokio::test]
async fn ten_thousand_meters_share_transactions_through_one_gateway() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Arc::new(FakeChain::new(100_000));
    let meters = 10_000;
    let (contracts, slots) = world(&chain, meters, 4, None);
    let outbox = fresh_outbox(dir.path());
    let mut cfg = config(dir.path(), 500, true);
    // A transaction leaves as soon as 500 readings wait (the linger only matters for the
    // last, partial one).
    cfg.linger = Duration::from_secs(10);
    let engine = engine_over(&chain, contracts, slots, outbox, cfg);
    let summary = drive(engine, measurements(meters, 0, 1, energy), true)
        .await
        .unwrap();
    assert_eq!(summary.recorded, u64::from(meters));
    assert_eq!(summary.sent, u64::from(meters));
    // Full transactions of 500 readings, from meters of all four contracts.
    assert_eq!(summary.batches, 20, "{summary:?}");
    let state = chain.state.lock().unwrap();
    assert!(
        state
            .meters
            .values()
            .all(|m| m.stored.len() == 1 && m.last_sequence == 1)
    );
}

mod regions;

#[tokio::test]
async fn the_metrics_count_sends_acceptances_and_refusals_by_code() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Arc::new(FakeChain::new(15_000));
    let (contracts, slots) = world(&chain, 1, 1, None);
    let metrics = Arc::new(Metrics::default());
    let engine = fresh_engine(
        &chain,
        contracts,
        slots,
        dir.path(),
        config(dir.path(), 4, false),
    )
    .with_metrics(Arc::clone(&metrics));
    // Reading 3 claims 20 kW: refused for good, set aside, the rest lands.
    let spike = |_: u32, k: u64| if k == 2 { 5_000 } else { 100 };
    let summary = drive(engine, measurements(1, 0, 10, spike), true)
        .await
        .unwrap();
    assert_eq!(metrics.recorded.get(), summary.recorded);
    assert_eq!(metrics.accepted.get(), summary.sent);
    assert_eq!(metrics.accepted.get(), 9);
    // The refused batch was sent too, so more went out than landed.
    assert!(metrics.sent.get() > metrics.accepted.get());
    assert_eq!(metrics.set_aside.get(), 1);
    let power = CodeLabel {
        code: codes::IMPOSSIBLE_POWER.to_string(),
    };
    assert!(metrics.refused.get_or_create(&power).get() >= 1);
    assert_eq!(metrics.outbox.get(), 0);
    assert!(metrics.last_send.get() > 1_700_000_000);
    let text = metrics.render();
    assert!(
        text.contains(&format!(
            "meter_client_refusals_total{{code=\"{}\"}}",
            codes::IMPOSSIBLE_POWER
        )),
        "{text}"
    );
}

#[tokio::test]
async fn the_outbox_metric_holds_what_an_unreachable_chain_has_not_taken() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Arc::new(FakeChain::new(100_000));
    chain.state.lock().unwrap().down_after = Some(0);
    let (contracts, slots) = world(&chain, 1, 1, None);
    let metrics = Arc::new(Metrics::default());
    let engine = fresh_engine(
        &chain,
        contracts,
        slots,
        dir.path(),
        config(dir.path(), 4, false),
    )
    .with_metrics(Arc::clone(&metrics));
    // A live source: the engine keeps trying until the timeout below stops it.
    let run = tokio::spawn(drive(engine, measurements(1, 0, 6, energy), false));
    let deadline = Instant::now() + Duration::from_secs(10);
    while (metrics.sent.get() == 0 || metrics.outbox.get() < 6) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    run.abort();
    assert_eq!(metrics.recorded.get(), 6);
    assert_eq!(metrics.outbox.get(), 6);
    assert!(metrics.sent.get() >= 1);
    assert_eq!(metrics.accepted.get(), 0);
    assert_eq!(metrics.last_send.get(), 0);
}

#[tokio::test]
async fn one_misbehaving_meter_does_not_hold_back_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Arc::new(FakeChain::new(15_000));
    let (contracts, slots) = world(&chain, 4, 1, None);
    let engine = fresh_engine(
        &chain,
        contracts,
        slots,
        dir.path(),
        config(dir.path(), 40, true),
    );
    // Meter 2's third reading claims 20 kW; everyone shares each transaction.
    let spike = |m: u32, k: u64| if m == 2 && k == 2 { 5_000 } else { 100 };
    let summary = drive(engine, measurements(4, 0, 10, spike), true)
        .await
        .unwrap();
    assert_eq!(chain.state.lock().unwrap().failed_txs, 0);
    for m in [0u32, 1, 3] {
        let id = format!("m-{m}");
        let seqs: Vec<u64> = chain
            .meter("c-0", &id)
            .stored
            .iter()
            .map(|r| r.sequence)
            .collect();
        assert_eq!(seqs, (1..=10).collect::<Vec<_>>(), "{id}");
    }
    let seqs: Vec<u64> = chain
        .meter("c-0", "m-2")
        .stored
        .iter()
        .map(|r| r.sequence)
        .collect();
    assert_eq!(seqs, [1, 2, 4, 5, 6, 7, 8, 9, 10]);
    assert_eq!(summary.rejected, 1);
    // Accepted readings are confirmed once: nothing of the clean meters was sent twice.
    assert_eq!((summary.sent, summary.found_on_chain), (39, 0));
}
