//! Regional bills: the router that reports a regional meter's billing is told, in the same
//! transaction, whenever what is paid of a recorded bill changes; a main-chain meter's
//! payments tell nobody.

use ledger_types::router::BillPayment;

use super::*;

/// The router's view of Alice's bill of period [`P`].
fn status(total: u128, paid: u128) -> BillPayment {
    BillPayment {
        meter_id: M_ALICE.to_string(),
        period: P,
        total: Uint128::new(total),
        paid: Uint128::new(paid),
        settled: paid >= total,
    }
}

/// Alice's meter in a region, its period [`P`] scheduled by the router (300 due on day 10,
/// 400 on day 25), 1_000 prepaid.
fn regional_alice() -> Suite {
    let mut suite = Suite::new();
    suite.make_regional(M_ALICE);
    let res = suite
        .schedule(M_ALICE, P, 1_000, &default_terms(T0))
        .unwrap();
    assert!(router_msgs(&res, &suite.who.router).is_empty());
    let alice = suite.who.alice.clone();
    suite.fund(&alice, 1_000);
    suite
}

/// The `ledger_bill_paid` event of a response, as (key, value) pairs.
fn bill_paid_event(res: &Response) -> Vec<(String, String)> {
    let [event] = &res.events[..] else {
        panic!("expected one event, got {:?}", res.events);
    };
    assert_eq!(event.ty, "ledger_bill_paid");
    event
        .attributes
        .iter()
        .map(|a| (a.key.clone(), a.value.clone()))
        .collect()
}

#[test]
fn a_regional_bill_tells_its_router_of_every_payment() {
    let mut suite = regional_alice();
    let router = suite.who.router.clone();

    // An advance paid before the bill exists is not reported: a status needs the total.
    suite.set_time(T0 + 10 * DAY);
    let res = suite.settle(None).unwrap();
    assert_eq!(attr(&res, "paid"), "1");
    assert!(router_msgs(&res, &router).is_empty());

    // The bill's recording reports the advances paid so far.
    let next = T0 + 30 * DAY;
    let bill = bill_notice(M_ALICE, P, 900, next + 3 * DAY, 900, &default_terms(next));
    let res = suite.record_bill(bill).unwrap();
    assert_eq!(router_msgs(&res, &router), vec![status(900, 300)]);
    assert_eq!(suite.bill(M_ALICE, P).router, Some(router.clone()));
    assert_eq!(
        bill_paid_event(&res),
        [
            ("meter_id", M_ALICE),
            ("period", &P.to_string()),
            ("total", "900"),
            ("paid", "300"),
            ("settled", "false"),
            ("router", router.as_str()),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );

    // An operator's partial payment, then the rest paid automatically when due.
    let res = suite.make_payment(M_ALICE, 250).unwrap();
    assert_eq!(router_msgs(&res, &router), vec![status(900, 550)]);
    suite.set_time(next + 3 * DAY);
    let res = suite.settle(None).unwrap();
    assert_eq!(router_msgs(&res, &router), vec![status(900, 900)]);
    let account = suite.bill(M_ALICE, P);
    assert_eq!(
        account.advances_paid + account.final_paid,
        Uint128::new(900)
    );
    suite.assert_books();
}

/// One action paying a recorded bill and the next period's advances reports the bill once,
/// and nothing of the advances, whose bill does not exist yet.
#[test]
fn one_status_per_recorded_bill_touched() {
    let mut suite = regional_alice();
    let router = suite.who.router.clone();
    let next = T0 + 30 * DAY;
    let bill = bill_notice(M_ALICE, P, 900, next + 3 * DAY, 900, &default_terms(next));
    let res = suite.record_bill(bill).unwrap();
    assert_eq!(router_msgs(&res, &router), vec![status(900, 0)]);
    // The final 900 of P, then 100 of the next period's first advance (270).
    let res = suite.make_payment(M_ALICE, 1_000).unwrap();
    assert_eq!(attr(&res, "instalments_paid"), "1");
    assert_eq!(router_msgs(&res, &router), vec![status(900, 900)]);
    assert_eq!(suite.bill(M_ALICE, P + 1).router, Some(router));
}

/// Advances paid beyond the bill: the bill is settled with more paid than its total (the
/// excess is the meter's credit).
#[test]
fn advances_beyond_the_bill_settle_it_on_recording() {
    let mut suite = regional_alice();
    let router = suite.who.router.clone();
    suite.make_payment(M_ALICE, 700).unwrap();
    let next = T0 + 30 * DAY;
    let bill = bill_notice(M_ALICE, P, 600, next + 3 * DAY, 600, &default_terms(next));
    let res = suite.record_bill(bill).unwrap();
    assert_eq!(router_msgs(&res, &router), vec![status(600, 700)]);
    assert!(status(600, 700).settled);
    assert_eq!(
        suite.credit_of(M_ALICE),
        Uint128::zero(),
        "used by the next advances"
    );
}

#[test]
fn main_chain_meters_tell_no_router() {
    let mut suite = Suite::with_advances();
    let router = suite.who.router.clone();
    let alice = suite.who.alice.clone();
    suite.fund(&alice, 2_000);
    let next = T0 + 30 * DAY;
    let bill = bill_notice(M_ALICE, P, 900, next + 3 * DAY, 900, &default_terms(next));
    let mut responses = vec![suite.record_bill(bill).unwrap()];
    responses.push(suite.make_payment(M_ALICE, 500).unwrap());
    suite.set_time(next + 3 * DAY);
    responses.push(suite.settle(None).unwrap());
    for res in &responses {
        assert!(router_msgs(res, &router).is_empty());
        assert!(res.events.is_empty(), "{:?}", res.events);
    }
    assert_eq!(suite.bill(M_ALICE, P).router, None);
    suite.assert_books();
}
