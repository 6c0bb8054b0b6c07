//! Where the bank and the router meet: a regional bill's payments at the bank reach the
//! router in the same transaction, and leave it as `BillStatus` packets for the region whose
//! revisions rise and whose `paid` is what the bank shows.

mod common;

use common::*;
use cosmwasm_std::Uint128;
use cw_multi_test::AppResponse;
use ledger_types::region::{BillStatus, ChainPoint};
use proptest::prelude::*;

/// The attributes of the router's own response (its `wasm` event) in `res`.
fn router_attributes(world: &World, res: &AppResponse) -> Vec<(String, String)> {
    let router = world.router.to_string();
    events(res, "wasm")
        .into_iter()
        .find(|attrs| {
            attrs.contains(&("_contract_address".to_string(), router.clone()))
                && attrs.contains(&("action".to_string(), "bill_paid".to_string()))
        })
        .unwrap_or_else(|| panic!("no bill_paid from the router in {res:?}"))
}

fn value(attrs: &[(String, String)], key: &str) -> String {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no {key} in {attrs:?}"))
}

fn here(world: &World) -> ChainPoint {
    let block = world.app.block_info();
    ChainPoint {
        height: block.height,
        time: block.time.seconds(),
    }
}

#[test]
fn a_regional_bill_paid_in_two_parts_reaches_its_region_with_rising_revisions() {
    let mut world = World::new();
    let final_due = START + 40 * DAY;
    world.advance_to(START + 30 * DAY);
    assert_eq!(world.bill(1, 900, final_due), "confirmed");
    let recorded = BillStatus {
        meter_id: METER.to_string(),
        period: 1,
        total: Uint128::new(900),
        paid: Uint128::zero(),
        settled: false,
        revision: 1,
        at: here(&world),
    };
    assert_eq!(world.statuses_sent(), vec![recorded.clone()]);

    // A bank operator pays the first part.
    world.fund_alice(1_000);
    let res = world.make_payment(400).unwrap();
    assert_eq!(world.bank_paid(1), Uint128::new(400));
    let first = BillStatus {
        paid: Uint128::new(400),
        revision: 2,
        at: here(&world),
        ..recorded.clone()
    };
    assert_eq!(world.statuses_sent(), vec![recorded.clone(), first.clone()]);
    let bank_event = events(&res, "wasm-ledger_bill_paid");
    assert_eq!(bank_event.len(), 1);
    assert_eq!(value(&bank_event[0], "paid"), "400");
    assert_eq!(value(&bank_event[0], "router"), world.router.to_string());
    let router = router_attributes(&world, &res);
    for (key, expected) in [
        ("meter_id", METER),
        ("period", "1"),
        ("paid", "400"),
        ("settled", "false"),
        ("revision", "2"),
        ("packet_id", "3"),
        ("region", REGION),
        ("channel_id", CHANNEL),
    ] {
        assert_eq!(value(&router, key), expected, "{key}");
    }

    // The rest is paid automatically when it falls due.
    world.advance_to(final_due);
    let res = world.settle();
    assert_eq!(world.bank_paid(1), Uint128::new(900));
    let last = BillStatus {
        paid: Uint128::new(900),
        settled: true,
        revision: 3,
        at: here(&world),
        ..recorded.clone()
    };
    assert_eq!(world.statuses_sent(), vec![recorded, first, last.clone()]);
    assert_eq!(value(&router_attributes(&world, &res), "settled"), "true");
    assert_eq!(world.last_status(1), Some(last));
}

/// Advances paid before the bill are not reported (a status needs the bill's total); the
/// bill's recording reports them.
#[test]
fn advances_paid_before_the_bill_are_reported_with_it() {
    let mut world = World::new();
    let terms = [(3_000, START + 5 * DAY), (4_000, START + 15 * DAY)];
    assert_eq!(world.advances(1, 1_000, &terms), "applied");
    world.fund_alice(2_000);
    world.advance_to(START + 15 * DAY);
    world.settle();
    assert_eq!(world.bank_paid(1), Uint128::new(700));
    assert!(world.statuses_sent().is_empty());

    world.advance_to(START + 30 * DAY);
    assert_eq!(world.bill(1, 650, START + 40 * DAY), "confirmed");
    let [status] = &world.statuses_sent()[..] else {
        panic!("expected the recording's status");
    };
    assert_eq!(
        (status.total, status.paid, status.settled, status.revision),
        (Uint128::new(650), Uint128::new(700), true, 1)
    );
}

/// What one step of a random sequence does.
#[derive(Clone, Debug)]
enum Op {
    /// A deposit into Alice's prepaid balance.
    Fund(u128),
    /// A bank operator pays this percentage of what is open (at least 1, at most prepaid).
    Pay(u8),
    /// Time moves on this many days, then anyone settles.
    Settle(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1u128..=1_500).prop_map(Op::Fund),
        (1u8..=100).prop_map(Op::Pay),
        (0u8..=12).prop_map(Op::Settle),
    ]
}

fn apply(world: &mut World, op: &Op) {
    match *op {
        Op::Fund(amount) => world.fund_alice(amount),
        Op::Pay(percent) => {
            let due = world.due().u128();
            let amount = (due * u128::from(percent) / 100)
                .max(1)
                .min(due)
                .min(world.prepaid().u128());
            if amount > 0 {
                world
                    .make_payment(amount)
                    .expect("a payment within what is due");
            }
        }
        Op::Settle(days) => {
            world.advance_to(world.now() + u64::from(days) * DAY);
            world.settle();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        max_shrink_iters: 100,
        ..ProptestConfig::default()
    })]

    /// For any payments before and after the bill, every status of the bill the router sent
    /// has the next revision, and the last one's `paid` is what the bank shows paid of it.
    #[test]
    fn the_last_status_is_what_the_bank_shows(
        estimate in 0u128..=3_000,
        total in 0u128..=4_000,
        before in prop::collection::vec(op(), 0..5),
        after in prop::collection::vec(op(), 1..10),
    ) {
        let mut world = World::new();
        let terms = [(3_000, START + 5 * DAY), (4_000, START + 15 * DAY)];
        prop_assert_eq!(world.advances(1, estimate, &terms), "applied");
        for op in &before {
            apply(&mut world, op);
        }
        prop_assert!(world.statuses_sent().is_empty());
        world.advance_to(START + 30 * DAY);
        prop_assert_eq!(world.bill(1, total, START + 40 * DAY), "confirmed");
        for op in &after {
            apply(&mut world, op);
            let sent = world.statuses_sent();
            let revisions: Vec<u64> = sent.iter().map(|status| status.revision).collect();
            prop_assert_eq!(revisions, (1..=sent.len() as u64).collect::<Vec<_>>());
            prop_assert!(sent.windows(2).all(|pair| pair[0].paid <= pair[1].paid));
            let last = sent.last().expect("the recording's status at least");
            let paid = world.bank_paid(1);
            prop_assert_eq!(last.paid, paid);
            prop_assert_eq!(last.total, Uint128::new(total));
            prop_assert_eq!(last.settled, paid >= Uint128::new(total));
            prop_assert!(sent.iter().all(|status| status.period == 1));
            prop_assert_eq!(world.last_status(1), Some(last.clone()));
        }
    }
}
