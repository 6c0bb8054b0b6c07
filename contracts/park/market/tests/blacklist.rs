//! Participants barred while value is in flight: what the market owes them is held on their
//! orders, never sent to a barred address and never lost, and paid once they are cleared.

mod common;

use common::{DELAY, GATE, ORIGIN, Park, SLOT};
use ledger_park_market::ContractError;
use ledger_testing::err;
use ledger_types::park::clearing::Side;
use ledger_types::park::{ExecuteMsg, OrdersResponse, QueryMsg, Requirements};

fn held(park: &Park, side: Side, id: u64) -> u128 {
    let book: OrdersResponse = park.query(&QueryMsg::OrderBook {
        slot: 0,
        side,
        start_after: None,
        limit: None,
    });
    book.orders.iter().find(|o| o.id == id).unwrap().held
}

#[test]
fn a_buyer_and_a_seller_barred_mid_trade_are_paid_once_cleared() {
    let mut park = Park::new();
    park.offer("wendy", "wind-1", 5_000, 20); // order 1
    park.bid("alice", 5_000, 30, Requirements::default()); // order 2, escrow 150
    let blacklister = park.suite.addrs.blacklister.clone();
    let (alice, wendy) = (park.suite.consumer("alice"), park.suite.consumer("wendy"));
    let anyone = park.suite.addrs.stranger.clone();
    park.suite
        .blacklist(&blacklister, &alice, "chargeback")
        .unwrap();

    // One crossing pair: the price is 25; 5 kWh at 25 reserve 125, and the 25 left over is
    // held for Alice instead of being sent to her.
    park.suite.advance_to(ORIGIN - GATE);
    park.execute(
        &anyone,
        &ExecuteMsg::ClearSlot {
            slot: 0,
            limit: None,
        },
    );
    assert_eq!(held(&park, Side::Bid, 2), 25);
    assert_eq!(park.balance("alice"), 10_000 - 150);

    // Her meter signed 3 kWh in the slot; Wendy is barred before settlement: 75 is owed to
    // her, 50 back to Alice; both are held.
    park.suite.advance_to(ORIGIN + SLOT + DELAY);
    park.suite.feed("wind-1", 50).unwrap();
    park.suite.blacklist(&blacklister, &wendy, "audit").unwrap();
    park.execute(&anyone, &ExecuteMsg::SettleOffer { offer_id: 1 });
    assert_eq!(held(&park, Side::Offer, 1), 75);
    assert_eq!(held(&park, Side::Bid, 2), 25 + 50);
    assert_eq!(park.balance("wendy"), 0);
    assert_eq!(park.suite.balance(&park.market), 150);

    // Nothing moves while they are barred, nor for an order that is owed nothing.
    let got: ContractError =
        err(park.try_execute(&anyone, &ExecuteMsg::ReleaseHeld { order_id: 1 }));
    assert_eq!(
        got,
        ContractError::StillBarred {
            order_id: 1,
            owner: wendy.clone()
        }
    );
    park.suite.unblacklist(&blacklister, &alice).unwrap();
    park.suite.unblacklist(&blacklister, &wendy).unwrap();
    for order_id in [1, 2] {
        park.execute(&anyone, &ExecuteMsg::ReleaseHeld { order_id });
    }
    let got: ContractError =
        err(park.try_execute(&anyone, &ExecuteMsg::ReleaseHeld { order_id: 2 }));
    assert_eq!(got, ContractError::NothingHeld { order_id: 2 });
    let got: ContractError =
        err(park.try_execute(&anyone, &ExecuteMsg::ReleaseHeld { order_id: 9 }));
    assert_eq!(got, ContractError::UnknownOrder { order_id: 9 });
    assert_eq!(park.balance("wendy"), 75);
    assert_eq!(park.balance("alice"), 10_000 - 75);
    assert_eq!(park.suite.balance(&park.market), 0);
}
