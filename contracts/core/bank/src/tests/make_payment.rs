//! Payments ordered by bank operators.

use ledger_contract_kit::GuardError;
use ledger_types::bank::{InstalmentStatus, PaymentSource};

use super::*;

fn pay_msg(meter_id: &str, amount: u128) -> ExecuteMsg {
    ExecuteMsg::MakePayment {
        meter_id: meter_id.to_string(),
        amount: Uint128::new(amount),
    }
}

/// Alice's advances 300 (id 1, overdue) and 400 (id 2, open, not yet due), 500 prepaid.
fn alice_with_an_overdue_advance() -> Suite {
    let mut suite = Suite::with_advances();
    suite.set_time(T0 + 10 * DAY);
    suite.settle(None).unwrap();
    assert_eq!(suite.instalment(1).status, InstalmentStatus::Overdue);
    let alice = suite.who.alice.clone();
    suite.fund(&alice, 500);
    suite
}

#[test]
fn partial_then_exact_then_exceeding() {
    let mut suite = alice_with_an_overdue_advance();
    let who = suite.who.clone();

    // Partial: 350 pays the overdue 300 in full and 50 of the next one.
    let res = suite.make_payment(M_ALICE, 350).unwrap();
    assert_attrs(
        &res,
        &[
            ("action", "make_payment"),
            ("payment_ids", "1,2"),
            ("instalments_paid", "1"),
        ],
    );
    assert_eq!(
        token_msgs(&res),
        vec![Cw20ExecuteMsg::Transfer {
            recipient: who.retailer.to_string(),
            amount: Uint128::new(350),
        }]
    );
    let first = suite.instalment(1);
    assert_eq!(
        (first.status, first.paid),
        (InstalmentStatus::Paid, Uint128::new(300))
    );
    let second = suite.instalment(2);
    assert_eq!(
        (second.status, second.paid),
        (InstalmentStatus::Open, Uint128::new(50))
    );
    assert!(
        suite.overdue().is_empty(),
        "the paid overdue one left the list"
    );
    assert_eq!(suite.prepaid(&who.alice), Uint128::new(150));
    assert_eq!(suite.bill(M_ALICE, P).advances_paid, Uint128::new(350));
    let sources: Vec<_> = suite
        .payments_of(&who.alice)
        .iter()
        .map(|p| p.source)
        .collect();
    assert_eq!(sources, vec![PaymentSource::Operator; 2]);
    suite.assert_books();

    // Exceeding what is open (350 left).
    suite.fund(&who.alice, 1_000);
    suite.assert_refused(
        &who.operator,
        pay_msg(M_ALICE, 351),
        ContractError::PaymentExceedsDue {
            meter_id: M_ALICE.to_string(),
            due: Uint128::new(350),
            requested: Uint128::new(351),
        },
    );

    // Exact: the rest.
    let res = suite.make_payment(M_ALICE, 350).unwrap();
    assert_eq!(attr(&res, "instalments_paid"), "1");
    let second = suite.instalment(2);
    assert_eq!(
        (second.status, second.paid),
        (InstalmentStatus::Paid, Uint128::new(400))
    );
    suite.assert_refused(
        &who.operator,
        pay_msg(M_ALICE, 1),
        ContractError::PaymentExceedsDue {
            meter_id: M_ALICE.to_string(),
            due: Uint128::zero(),
            requested: Uint128::new(1),
        },
    );

    // Settle finds nothing left of it.
    suite.set_time(T0 + 30 * DAY);
    let res = suite.settle(None).unwrap();
    assert_eq!(attr(&res, "processed"), "0");
    suite.assert_books();
}

#[test]
fn make_payment_unauthorized() {
    let mut suite = alice_with_an_overdue_advance();
    let who = suite.who.clone();
    suite.assert_operators_only(
        &[&who.alice, &who.retailer, &who.alice_meter],
        pay_msg(M_ALICE, 100),
    );
}

#[test]
fn make_payment_bad_input() {
    let mut suite = alice_with_an_overdue_advance();
    let who = suite.who.clone();
    suite
        .schedule(M_CAROL, P, 1_000, &default_terms(T0))
        .unwrap();
    suite.fund(&who.carol, 1_000);
    suite.blacklist(&who.carol);
    let cases = vec![
        (
            pay_msg(M_ALICE, 0),
            ContractError::ZeroAmount {
                what: "payment".to_string(),
            },
        ),
        (
            pay_msg("m-unknown", 10),
            ContractError::UnknownMeter {
                meter_id: "m-unknown".to_string(),
            },
        ),
        (
            pay_msg(M_CAROL, 10),
            ContractError::Guard(GuardError::Blacklisted {
                address: who.carol.clone(),
                reason: "sanctioned".to_string(),
            }),
        ),
        (
            pay_msg(M_ALICE, 701),
            ContractError::PaymentExceedsDue {
                meter_id: M_ALICE.to_string(),
                due: Uint128::new(700),
                requested: Uint128::new(701),
            },
        ),
        (
            pay_msg(M_ALICE, 600),
            ContractError::InsufficientPrepaid {
                consumer: who.alice.clone(),
                balance: Uint128::new(500),
                requested: Uint128::new(600),
            },
        ),
        (
            pay_msg(M_BOB, 1),
            ContractError::PaymentExceedsDue {
                meter_id: M_BOB.to_string(),
                due: Uint128::zero(),
                requested: Uint128::new(1),
            },
        ),
    ];
    suite.assert_each_refused(&who.operator, cases);
    suite.assert_refuses_funds(&who.operator, pay_msg(M_ALICE, 100));
}

#[test]
fn make_payment_reaches_across_periods_oldest_due_first() {
    let mut suite = Suite::with_advances(); // 1: 300, 2: 400
    let who = suite.who.clone();
    let next = T0 + 30 * DAY;
    suite
        .record_bill(bill_notice(
            M_ALICE,
            P,
            1_000,
            next + 17 * DAY,
            1_000,
            &default_terms(next),
        ))
        .unwrap(); // 1, 2 superseded; 3: final 1000 due next+17d; 4: 300 next+10d; 5: 400 next+25d
    suite.fund(&who.alice, 1_500);
    suite.make_payment(M_ALICE, 1_500).unwrap();
    // Order by due: 4 (300), final 3 (1000), then 5 (400) gets 200.
    assert_eq!(suite.instalment(4).status, InstalmentStatus::Paid);
    assert_eq!(suite.instalment(3).status, InstalmentStatus::Paid);
    assert_eq!(suite.instalment(5).paid, Uint128::new(200));
    assert_eq!(suite.bill(M_ALICE, P).final_paid, Uint128::new(1_000));
    assert_eq!(suite.bill(M_ALICE, P + 1).advances_paid, Uint128::new(500));
    assert_eq!(suite.balance(&who.retailer), Uint128::new(1_500));
    suite.assert_books();
}
