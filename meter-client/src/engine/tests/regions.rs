//! Meters of regional sub-chains: their readings are signed for and sent to their region's
//! chain, a transaction never mixes chains, and a meter without a contract yet is parked.

use super::*;

const REGION_1: &str = "region-1-chain";
const REGION_2: &str = "region-2-chain";

/// Six meters on three contracts: `c-0` on the main chain, `c-1` on region 1, `c-2` on
/// region 2 (meter `i` in `c-<i % 3>`).
fn three_chains(chain: &FakeChain) -> (Vec<ContractEntry>, Vec<MeterSlot>) {
    let (mut contracts, slots) = world(chain, 6, 3, None);
    for (c, region) in [(1, REGION_1), (2, REGION_2)] {
        contracts[c].chain_id = Some(region.to_string());
        chain.place(&contracts[c].address, region);
    }
    (contracts, slots)
}

/// The chain each contract of [`three_chains`] is on.
fn chain_of_contract(contract: &str) -> &'static str {
    match contract {
        "c-1" => REGION_1,
        "c-2" => REGION_2,
        _ => CHAIN,
    }
}

#[tokio::test]
async fn regional_readings_go_to_their_region_and_never_share_a_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Arc::new(FakeChain::new(100_000));
    let (contracts, slots) = three_chains(&chain);
    // Lost answers make the sender ask each meter's own chain where it stands.
    chain.faults(&[
        Fault::LandsButTimesOut,
        Fault::Unreachable,
        Fault::LandsButTimesOut,
    ]);
    let engine = fresh_engine(
        &chain,
        contracts,
        slots,
        dir.path(),
        config(dir.path(), 9, true),
    );
    let summary = drive(engine, measurements(6, 0, 20, energy), true)
        .await
        .unwrap();
    // The fake chain accepts a reading only on the chain its contract is on, signed for
    // that chain: every one landed, none set aside.
    for m in 0..6 {
        assert_exactly(&chain, &format!("c-{}", m % 3), &format!("m-{m}"), m, 20);
    }
    assert_eq!(summary.rejected, 0);
    assert_eq!(summary.sent + summary.found_on_chain, 120);
    let landed = chain.landed();
    for (chain_id, contracts) in &landed {
        for contract in contracts {
            assert_eq!(chain_of_contract(contract), chain_id, "{landed:?}");
        }
    }
    for chain_id in [CHAIN, REGION_1, REGION_2] {
        assert!(
            landed.iter().any(|(c, _)| c == chain_id),
            "nothing sent to {chain_id}: {landed:?}"
        );
    }
    assert_eq!(chain.state.lock().unwrap().failed_txs, 0);
}

#[tokio::test]
async fn a_batch_takes_one_chain_and_the_next_starts_with_another() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Arc::new(FakeChain::new(100_000));
    let (contracts, slots) = three_chains(&chain);
    let mut engine = fresh_engine(
        &chain,
        contracts,
        slots,
        dir.path(),
        config(dir.path(), 500, true),
    );
    let all: Vec<Measurement> = measurements(6, 0, 4, energy)
        .into_iter()
        .map(|e| match e {
            SourceEvent::Measurement(m) => m,
            other => panic!("{other:?}"),
        })
        .collect();
    engine.record(&all).unwrap();
    // Room for everything, yet each batch holds one chain's readings only, and the three
    // chains take turns.
    let mut seen = Vec::new();
    for _ in 0..3 {
        let (info, messages) = engine.build_batch();
        assert!(!messages.is_empty());
        for message in &messages {
            assert_eq!(chain_of_contract(&message.contract), info.chain_id);
        }
        assert_eq!(
            info.readings, 8,
            "two meters of four readings on each chain"
        );
        seen.push(info.chain_id);
    }
    seen.sort();
    assert_eq!(seen, [CHAIN, REGION_1, REGION_2]);
}

#[tokio::test]
async fn a_parked_meter_is_skipped_then_sent_once_its_region_creates_its_contract() {
    let dir = tempfile::tempdir().unwrap();
    let chain = Arc::new(FakeChain::new(100_000));
    // Meter 0 on the main chain; meter 1 routed to region 1, which has not created its
    // contract yet.
    let (contracts, mut slots) = world(&chain, 1, 1, None);
    slots.push(MeterSlot::parked("m-1".into(), fleet_key(1, 1)));
    let engine = fresh_engine(
        &chain,
        contracts,
        slots,
        dir.path(),
        config(dir.path(), 50, true),
    );
    let first = drive(engine, measurements(2, 0, 10, energy), true)
        .await
        .unwrap();
    assert_eq!((first.recorded, first.skipped), (10, 10));
    assert_exactly(&chain, "c-0", "m-0", 0, 10);
    assert!(chain.landed().iter().all(|(c, _)| c == CHAIN));
    let saved = Checkpoint::load(&dir.path().join("state.json"))
        .unwrap()
        .unwrap();
    assert!(saved.meters[1].parked && !saved.meters[0].parked);

    // The region creates the meter's contract; the next round places it there.
    chain.register("c-r1", "m-1", &fleet_key(1, 1), 1_000);
    chain.place("c-r1", REGION_1);
    let outbox = fresh_outbox(dir.path());
    let (mut contracts, mut slots) = restore(dir.path(), &outbox);
    contracts.push(ContractEntry {
        address: "c-r1".into(),
        limits: None,
        chain_id: Some(REGION_1.into()),
    });
    slots[1] = MeterSlot::new(
        "m-1".into(),
        1,
        fleet_key(1, 1),
        0,
        MeterCursor {
            next_sequence: 1,
            register_wh: 1_000,
            next_start: T0,
        },
    );
    let engine = engine_over(
        &chain,
        contracts,
        slots,
        outbox,
        config(dir.path(), 50, true),
    );
    // The simulator starts again from the cursors: meter 0's intervals are already recorded.
    let second = drive(engine, measurements(2, 0, 10, energy), true)
        .await
        .unwrap();
    assert_eq!((second.recorded, second.skipped), (10, 10));
    assert_exactly(&chain, "c-r1", "m-1", 1, 10);
    assert_exactly(&chain, "c-0", "m-0", 0, 10);
    let landed = chain.landed();
    assert!(
        landed
            .iter()
            .filter(|(_, contracts)| contracts.iter().any(|c| c == "c-r1"))
            .all(|(c, _)| c == REGION_1),
        "{landed:?}"
    );
    let saved = Checkpoint::load(&dir.path().join("state.json"))
        .unwrap()
        .unwrap();
    assert!(!saved.meters[1].parked);
    assert_eq!(saved.contracts[1].chain_id.as_deref(), Some(REGION_1));
}
