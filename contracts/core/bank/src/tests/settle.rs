//! Automatic payment of fallen-due instalments.

use ledger_types::bank::{DEFAULT_SETTLE_LIMIT, InstalmentStatus, MAX_SETTLE_LIMIT, PaymentSource};

use super::*;

#[test]
fn settle_pays_in_due_order_and_marks_the_unfunded_overdue() {
    let mut suite = Suite::new();
    let who = suite.who.clone();
    // Listed out of date order on purpose: 400 due on day 25 is id 1, 300 due on day 10 is id 2.
    suite
        .schedule(
            M_ALICE,
            P,
            1_000,
            &[(4_000, T0 + 25 * DAY), (3_000, T0 + 10 * DAY)],
        )
        .unwrap();
    suite.fund(&who.alice, 500);

    // Day 10: only the 300 has fallen due.
    suite.set_time(T0 + 10 * DAY);
    let res = suite.settle(None).unwrap();
    assert_attrs(
        &res,
        &[
            ("action", "settle"),
            ("processed", "1"),
            ("paid", "1"),
            ("overdue", "0"),
        ],
    );
    assert_eq!(
        token_msgs(&res),
        vec![Cw20ExecuteMsg::Transfer {
            recipient: who.retailer.to_string(),
            amount: Uint128::new(300),
        }]
    );
    assert_eq!(suite.instalment(2).status, InstalmentStatus::Paid);
    assert_eq!(suite.instalment(1).status, InstalmentStatus::Open);
    assert_eq!(suite.prepaid(&who.alice), Uint128::new(200));

    // Day 25: 200 left cannot cover 400.
    suite.set_time(T0 + 25 * DAY);
    let res = suite.settle(None).unwrap();
    assert_attrs(&res, &[("processed", "1"), ("paid", "0"), ("overdue", "1")]);
    assert!(res.messages.is_empty());
    assert_eq!(suite.instalment(1).status, InstalmentStatus::Overdue);
    assert_eq!(suite.overdue(), vec![suite.instalment(1)]);
    assert_eq!(suite.prepaid(&who.alice), Uint128::new(200));

    // A settle without new funds leaves it overdue.
    let res = suite.settle(None).unwrap();
    assert_eq!(attr(&res, "processed"), "0");
    assert_eq!(suite.instalment(1).status, InstalmentStatus::Overdue);

    // Once funded, the next settle pays the overdue instalment: a funded consumer is never
    // left overdue.
    suite.fund(&who.alice, 1_000);
    let res = suite.settle(None).unwrap();
    assert_attrs(&res, &[("processed", "1"), ("paid", "1")]);
    assert_eq!(suite.instalment(1).status, InstalmentStatus::Paid);
    assert!(suite.overdue().is_empty());
    assert_eq!(suite.prepaid(&who.alice), Uint128::new(800));

    let payments = suite.payments_of(&who.alice);
    assert_eq!(payments.len(), 2);
    assert_eq!(payments[0].instalment_id, 2);
    assert_eq!(payments[0].source, PaymentSource::Automatic);
    assert_eq!(payments[0].at, T0 + 10 * DAY);
    assert_eq!(payments[1].instalment_id, 1);
    assert_eq!(suite.totals().paid_out, Uint128::new(700));
    assert_eq!(suite.balance(&who.retailer), Uint128::new(700));
    suite.assert_books();
}

#[test]
fn settle_orders_across_meters_by_due_date() {
    let mut suite = Suite::new();
    let who = suite.who.clone();
    // Alice and Bob share one prepaid-less retailer; Bob's instalment falls due first.
    suite
        .schedule(M_ALICE, P, 1_000, &[(5_000, T0 + 5 * DAY)])
        .unwrap(); // id 1: 500
    suite
        .schedule(M_BOB, P, 1_000, &[(2_000, T0 + 3 * DAY)])
        .unwrap(); // id 2: 200
    suite.fund(&who.alice, 500);
    suite.fund(&who.bob, 200);
    suite.set_time(T0 + 5 * DAY);
    let res = suite.settle(Some(1)).unwrap();
    assert_eq!(attr(&res, "processed"), "1");
    assert_eq!(suite.instalment(2).status, InstalmentStatus::Paid);
    assert_eq!(suite.instalment(1).status, InstalmentStatus::Open);
    suite.settle(Some(1)).unwrap();
    assert_eq!(suite.instalment(1).status, InstalmentStatus::Paid);
    suite.assert_books();
}

#[test]
fn settle_aggregates_transfers_per_retailer() {
    let mut suite = Suite::with_advances(); // 300 + 400 -> retailer
    let who = suite.who.clone();
    suite.schedule(M_BOB, P, 100, &default_terms(T0)).unwrap(); // 30 + 40 -> retailer
    suite.schedule(M_CAROL, P, 10, &default_terms(T0)).unwrap(); // 3 + 4 -> retailer2
    suite.fund(&who.alice, 700);
    suite.fund(&who.bob, 70);
    suite.fund(&who.carol, 7);
    suite.set_time(T0 + 25 * DAY);
    let res = suite.settle(None).unwrap();
    assert_attrs(
        &res,
        &[("processed", "6"), ("paid", "6"), ("amount_paid", "777")],
    );
    let mut transfers = token_msgs(&res);
    transfers.sort_by_key(|m| format!("{m:?}"));
    let mut expected = vec![
        Cw20ExecuteMsg::Transfer {
            recipient: who.retailer.to_string(),
            amount: Uint128::new(770),
        },
        Cw20ExecuteMsg::Transfer {
            recipient: who.retailer2.to_string(),
            amount: Uint128::new(7),
        },
    ];
    expected.sort_by_key(|m| format!("{m:?}"));
    assert_eq!(transfers, expected);
    assert_eq!(suite.totals().paid_out, Uint128::new(777));
    assert_eq!(suite.totals().prepaid, Uint128::zero());
    suite.assert_books();
}

#[test]
fn settle_respects_the_limit() {
    let mut suite = Suite::new();
    let alice = suite.who.alice.clone();
    let terms: Vec<(u16, u64)> = (1..=12u64).map(|i| (100, T0 + i)).collect();
    suite.schedule(M_ALICE, P, 10_000, &terms).unwrap();
    suite.schedule(M_BOB, P, 10_000, &terms).unwrap();
    suite.fund(&alice, 10_000);
    suite.set_time(T0 + DAY);
    // Due order is (due, id): alice 1, bob 13, alice 2, bob 14, ...
    let res = suite.settle(Some(3)).unwrap();
    assert_attrs(&res, &[("processed", "3"), ("paid", "2"), ("overdue", "1")]);
    let res = suite.settle(None).unwrap();
    assert_eq!(attr(&res, "processed"), DEFAULT_SETTLE_LIMIT.to_string());
    assert_attrs(&res, &[("paid", "10"), ("overdue", "10")]);
    // Alice's were all paid; Bob has no prepaid balance; Bob's last one is still open.
    assert_eq!(suite.overdue().len(), 11);
    assert_eq!(suite.instalment(24).status, InstalmentStatus::Open);
    assert_eq!(suite.prepaid(&alice), Uint128::new(8_800));
    suite.assert_books();
}

#[test]
fn settle_marks_a_blacklisted_owners_instalments_overdue() {
    let mut suite = Suite::new();
    let who = suite.who.clone();
    suite
        .schedule(M_CAROL, P, 1_000, &default_terms(T0))
        .unwrap();
    suite
        .schedule(M_ALICE, P, 1_000, &default_terms(T0))
        .unwrap();
    suite.fund(&who.carol, 700);
    suite.fund(&who.alice, 700);
    suite.blacklist(&who.carol);
    suite.set_time(T0 + 25 * DAY);
    let res = suite.settle(None).unwrap();
    assert_attrs(&res, &[("paid", "2"), ("overdue", "2")]);
    for inst in suite.instalments(M_CAROL) {
        assert_eq!(inst.status, InstalmentStatus::Overdue);
    }
    assert_eq!(
        suite.prepaid(&who.carol),
        Uint128::new(700),
        "nothing taken"
    );
    assert_eq!(suite.prepaid(&who.alice), Uint128::zero());
    suite.assert_books();

    // Cleared, Carol's overdue instalments are paid by an operator.
    suite.unblacklist(&who.carol);
    suite.make_payment(M_CAROL, 700).unwrap();
    assert!(suite.overdue().is_empty());
    suite.assert_books();
}

#[test]
fn settle_bad_input() {
    let mut suite = Suite::with_advances();
    let stranger = suite.who.stranger.clone();
    suite.set_time(T0 + 25 * DAY);
    for limit in [0, MAX_SETTLE_LIMIT + 1] {
        suite.assert_refused(
            &stranger,
            ExecuteMsg::Settle { limit: Some(limit) },
            ContractError::InvalidSettleLimit {
                limit,
                max: MAX_SETTLE_LIMIT,
            },
        );
    }
    suite.assert_refuses_funds(&stranger, ExecuteMsg::Settle { limit: None });

    // The maximum is allowed, and anyone may settle.
    let res = suite.settle(Some(MAX_SETTLE_LIMIT)).unwrap();
    assert_eq!(attr(&res, "overdue"), "2");
}

#[test]
fn settle_with_nothing_due_does_nothing() {
    let mut suite = Suite::with_advances();
    let before = suite.snapshot();
    let res = suite.settle(None).unwrap();
    assert_eq!(attr(&res, "processed"), "0");
    assert!(res.messages.is_empty());
    assert_eq!(suite.snapshot(), before);
}
