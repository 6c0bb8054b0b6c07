//! Readings that reach the chain after their slot was settled are not counted: a settlement
//! reads what the meter had signed for by then, once, and the delay before it is the meters'
//! time to report. A meter that reports late is paid for what had arrived, and the buyer's
//! refund stands.

mod common;

use common::{DELAY, GATE, ORIGIN, Park, SLOT};
use ledger_park_market::ContractError;
use ledger_testing::err;
use ledger_types::park::{ExecuteMsg, FillsResponse, QueryMsg, Requirements, SellerRecord};

/// Sol offers 5 kWh at 10 and Alice bids for them at 30: the slot clears at 20 for 5 kWh,
/// and the market is ready to settle the offer (id 1).
fn cleared_slot() -> Park {
    let mut park = Park::new();
    park.offer("sol", "solar-1", 5_000, 10);
    park.bid("alice", 5_000, 30, Requirements::default());
    park.suite.advance_to(ORIGIN - GATE);
    let anyone = park.suite.addrs.stranger.clone();
    park.execute(
        &anyone,
        &ExecuteMsg::ClearSlot {
            slot: 0,
            limit: None,
        },
    );
    park
}

fn fill_outcome(park: &Park) -> (Option<u64>, Option<u128>) {
    let fills: FillsResponse = park.query(&QueryMsg::Fills {
        slot: 0,
        start_after: None,
        limit: None,
    });
    assert_eq!(fills.fills.len(), 1);
    (fills.fills[0].delivered_wh, fills.fills[0].paid)
}

#[test]
fn readings_arriving_after_settlement_are_not_paid_for() {
    let mut park = cleared_slot();
    let anyone = park.suite.addrs.stranger.clone();
    // The meter is silent through the slot and the delay; the offer is settled on nothing.
    park.suite.advance_to(ORIGIN + SLOT + DELAY);
    park.execute(&anyone, &ExecuteMsg::SettleOffer { offer_id: 1 });
    assert_eq!(fill_outcome(&park), (Some(0), Some(0)));
    assert_eq!(
        park.balance("alice"),
        10_000,
        "Alice's whole escrow is back"
    );
    assert_eq!(park.balance("sol"), 0);

    // Now the meter's readings of the slot arrive (2 kWh each five minutes: 6 kWh).
    let late = park.suite.feed("solar-1", 50).unwrap();
    let in_slot = late
        .iter()
        .filter(|r| (ORIGIN..ORIGIN + SLOT).contains(&r.interval_start))
        .count();
    assert_eq!(in_slot, 3, "the slot's readings are on chain now");
    let before = park.snapshot();
    let got: ContractError =
        err(park.try_execute(&anyone, &ExecuteMsg::SettleOffer { offer_id: 1 }));
    assert_eq!(got, ContractError::AlreadySettled { offer_id: 1 });
    assert_eq!(park.snapshot(), before);
    let sol: SellerRecord = park.query(&QueryMsg::Seller {
        seller: park.suite.consumer("sol").to_string(),
    });
    assert_eq!(
        sol,
        SellerRecord {
            sold_wh: 5_000,
            delivered_wh: 0,
            short_slots: 1
        }
    );
}

#[test]
fn a_slot_is_settled_on_the_readings_that_had_arrived() {
    let mut park = cleared_slot();
    let anyone = park.suite.addrs.stranger.clone();
    // The first reading of the slot (2 kWh) arrives in time; the other two after settlement.
    park.suite.advance_to(ORIGIN + 300);
    park.suite.feed("solar-1", 50).unwrap();
    park.suite.advance_to(ORIGIN + SLOT + DELAY);
    park.execute(&anyone, &ExecuteMsg::SettleOffer { offer_id: 1 });
    park.suite.feed("solar-1", 50).unwrap();

    // 2 kWh at 20 is 40; Alice had escrowed 150, got 50 back at clearing and 60 now.
    assert_eq!(fill_outcome(&park), (Some(2_000), Some(40)));
    assert_eq!(park.balance("sol"), 40);
    assert_eq!(park.balance("alice"), 10_000 - 40);
    assert_eq!(park.suite.balance(&park.market), 0);
}
