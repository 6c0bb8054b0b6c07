//! Advances, bills, superseding, final instalments and credit.

use ledger_types::bank::{InstalmentKind, InstalmentStatus, PaymentSource};

use super::*;
use crate::execute::billing::MAX_ADVANCES;

#[test]
fn schedule_creates_floor_rounded_advances_and_skips_zero_ones() {
    let mut suite = Suite::new();
    let terms = [
        (3_000, T0 + 10 * DAY),
        (0, T0 + 12 * DAY),
        (4_000, T0 + 25 * DAY),
    ];
    let res = suite.schedule(M_ALICE, P, 1_001, &terms).unwrap();
    assert_attrs(
        &res,
        &[("action", "schedule_advances"), ("instalment_ids", "1,2")],
    );
    assert!(res.messages.is_empty());

    let list = suite.instalments(M_ALICE);
    assert_eq!(list.len(), 2);
    assert_eq!(
        list[0],
        Instalment {
            id: 1,
            meter_id: M_ALICE.to_string(),
            consumer: suite.who.alice.clone(),
            retailer: suite.who.retailer.clone(),
            period: P,
            kind: InstalmentKind::Advance { number: 1 },
            due: T0 + 10 * DAY,
            amount: Uint128::new(300),
            paid: Uint128::zero(),
            status: InstalmentStatus::Open,
        }
    );
    assert_eq!(list[1].kind, InstalmentKind::Advance { number: 3 });
    assert_eq!(list[1].amount, Uint128::new(400));
    let account = suite.bill(M_ALICE, P);
    assert_eq!(account.instalment_ids, vec![1, 2]);
    assert_eq!(account.total, None);
}

#[test]
fn meter_notices_refuse_other_senders_and_unknown_meters() {
    let mut suite = Suite::with_advances();
    let who = suite.who.clone();
    let next = T0 + 30 * DAY;
    let schedule = advance_notice(M_ALICE, P, 1_000, &default_terms(T0));
    let bill = bill_notice(M_ALICE, P, 900, next, 900, &default_terms(next));
    let refusals = [
        (
            ExecuteMsg::ScheduleAdvances(schedule),
            vec![&who.alice, &who.bob_meter, &who.operator],
        ),
        (
            ExecuteMsg::RecordBill(bill),
            vec![&who.carol_meter, &who.stranger],
        ),
    ];
    for (msg, senders) in refusals {
        for sender in senders {
            let expected = ContractError::NotMeterContract {
                meter_id: M_ALICE.to_string(),
                expected: who.alice_meter.clone(),
                sender: sender.clone(),
            };
            suite.assert_refused(sender, msg.clone(), expected);
        }
    }
    let unknown = |meter_id: &str| ContractError::UnknownMeter {
        meter_id: meter_id.to_string(),
    };
    let cases = vec![
        (
            ExecuteMsg::ScheduleAdvances(advance_notice("m-nobody", P, 1_000, &default_terms(T0))),
            unknown("m-nobody"),
        ),
        (
            ExecuteMsg::RecordBill(bill_notice("m-ghost", P, 900, next, 900, &[])),
            unknown("m-ghost"),
        ),
    ];
    suite.assert_each_refused(&who.alice_meter, cases);
}

#[test]
fn schedule_bad_input() {
    let mut suite = Suite::with_advances();
    let alice_meter = suite.who.alice_meter.clone();
    let too_many: Vec<(u16, u64)> = (0..=MAX_ADVANCES as u64).map(|i| (10, T0 + i)).collect();
    let cases = vec![
        (
            advance_notice(M_ALICE, P, 1_000, &default_terms(T0)),
            ContractError::AlreadyScheduled {
                meter_id: M_ALICE.to_string(),
                period: P,
            },
        ),
        (
            advance_notice(M_ALICE, P + 1, 1_000, &[(6_000, T0), (4_001, T0)]),
            ContractError::AdvancesExceedWhole { total_bps: 10_001 },
        ),
        (
            advance_notice(M_ALICE, P + 1, 1_000, &too_many),
            ContractError::TooManyAdvances {
                count: MAX_ADVANCES + 1,
                max: MAX_ADVANCES,
            },
        ),
    ];
    for (notice, expected) in cases {
        suite.assert_refused(&alice_meter, ExecuteMsg::ScheduleAdvances(notice), expected);
    }
    suite.assert_refuses_funds(
        &alice_meter,
        ExecuteMsg::ScheduleAdvances(advance_notice(M_ALICE, P + 1, 1_000, &[])),
    );

    // The whole estimate in advances is allowed.
    suite
        .schedule(M_ALICE, P + 1, 1_000, &[(10_000, T0 + DAY)])
        .unwrap();
}

#[test]
fn record_bill_supersedes_unpaid_advances_and_creates_the_final() {
    let mut suite = Suite::with_advances(); // ids 1 (300), 2 (400)
    let alice = suite.who.alice.clone();
    suite.fund(&alice, 300);
    suite.set_time(T0 + 10 * DAY);
    suite.settle(None).unwrap(); // pays advance 1
    suite.set_time(T0 + 26 * DAY);
    suite.settle(None).unwrap(); // advance 2 goes overdue
    assert_eq!(suite.instalment(2).status, InstalmentStatus::Overdue);

    let next = T0 + 30 * DAY;
    let res = suite
        .record_bill(bill_notice(
            M_ALICE,
            P,
            1_100,
            next + 17 * DAY,
            1_100,
            &default_terms(next),
        ))
        .unwrap();
    assert_attrs(
        &res,
        &[
            ("action", "record_bill"),
            ("superseded_ids", "2"),
            ("final_amount", "800"),
            ("final_instalment_id", "3"),
            ("next_instalment_ids", "4,5"),
        ],
    );
    assert!(res.messages.is_empty());

    assert_eq!(suite.instalment(1).status, InstalmentStatus::Paid);
    assert_eq!(suite.instalment(2).status, InstalmentStatus::Superseded);
    assert!(
        suite.overdue().is_empty(),
        "superseded leaves the overdue list"
    );
    let final_inst = suite.instalment(3);
    assert_eq!(final_inst.kind, InstalmentKind::Final);
    assert_eq!(final_inst.amount, Uint128::new(800));
    assert_eq!(final_inst.due, next + 17 * DAY);
    assert_eq!(final_inst.status, InstalmentStatus::Open);
    assert_eq!(final_inst.period, P);

    let account = suite.bill(M_ALICE, P);
    assert_eq!(account.total, Some(Uint128::new(1_100)));
    assert_eq!(account.advances_paid, Uint128::new(300));
    assert_eq!(account.instalment_ids, vec![1, 2, 3]);
    let next_account = suite.bill(M_ALICE, P + 1);
    assert_eq!(next_account.instalment_ids, vec![4, 5]);
    assert_eq!(suite.instalment(4).amount, Uint128::new(330));
    assert_eq!(suite.instalment(5).amount, Uint128::new(440));

    // What is open on the meter is now the final and the new advances only.
    let operator = suite.who.operator.clone();
    suite.fund(&alice, 5_000);
    suite.assert_refused(
        &operator,
        ExecuteMsg::MakePayment {
            meter_id: M_ALICE.to_string(),
            amount: Uint128::new(1_571),
        },
        ContractError::PaymentExceedsDue {
            meter_id: M_ALICE.to_string(),
            due: Uint128::new(1_570),
            requested: Uint128::new(1_571),
        },
    );
    suite.assert_books();
}

#[test]
fn a_partly_paid_advance_counts_towards_the_final() {
    let mut suite = Suite::with_advances();
    let alice = suite.who.alice.clone();
    suite.fund(&alice, 350);
    suite.make_payment(M_ALICE, 350).unwrap(); // 300 on advance 1, 50 on advance 2
    assert_eq!(suite.instalment(2).paid, Uint128::new(50));

    let next = T0 + 30 * DAY;
    suite
        .record_bill(bill_notice(M_ALICE, P, 1_000, next + 17 * DAY, 1_000, &[]))
        .unwrap();
    let advance = suite.instalment(2);
    assert_eq!(advance.status, InstalmentStatus::Superseded);
    assert_eq!(advance.paid, Uint128::new(50));
    assert_eq!(suite.instalment(3).amount, Uint128::new(650));
    assert_eq!(suite.bill(M_ALICE, P).advances_paid, Uint128::new(350));
    // An empty next schedule still opens the next period's account.
    assert!(suite.bill(M_ALICE, P + 1).instalment_ids.is_empty());
    suite.assert_books();
}

#[test]
fn overpayment_becomes_credit_applied_to_the_next_instalments() {
    let mut suite = Suite::with_advances();
    let alice = suite.who.alice.clone();
    suite.fund(&alice, 700);
    suite.set_time(T0 + 25 * DAY);
    suite.settle(None).unwrap();
    assert_eq!(suite.bill(M_ALICE, P).advances_paid, Uint128::new(700));
    let paid_out = suite.totals().paid_out;

    // The bill is 500: 200 too much was paid; the next estimate of 500 asks 150 and 200.
    let next = T0 + 30 * DAY;
    let res = suite
        .record_bill(bill_notice(
            M_ALICE,
            P,
            500,
            next + 17 * DAY,
            500,
            &default_terms(next),
        ))
        .unwrap();
    assert_attrs(
        &res,
        &[
            ("final_amount", "0"),
            ("final_instalment_id", ""),
            ("credit_added", "200"),
        ],
    );
    assert!(res.messages.is_empty(), "credit moves no tokens");

    let list = suite.instalments(M_ALICE);
    assert_eq!(list.len(), 4, "no final instalment");
    let (first, second) = (&list[2], &list[3]);
    assert_eq!(first.amount, Uint128::new(150));
    assert_eq!(first.paid, Uint128::new(150));
    assert_eq!(first.status, InstalmentStatus::Paid);
    assert_eq!(second.amount, Uint128::new(200));
    assert_eq!(second.paid, Uint128::new(50));
    assert_eq!(second.status, InstalmentStatus::Open);
    assert_eq!(suite.credit_of(M_ALICE), Uint128::zero());

    let credit_payments: Vec<_> = suite
        .payments_of_bill(M_ALICE, P + 1)
        .into_iter()
        .map(|p| (p.instalment_id, p.amount, p.source))
        .collect();
    assert_eq!(
        credit_payments,
        vec![
            (first.id, Uint128::new(150), PaymentSource::Credit),
            (second.id, Uint128::new(50), PaymentSource::Credit),
        ]
    );
    assert_eq!(suite.bill(M_ALICE, P + 1).advances_paid, Uint128::new(200));
    assert_eq!(
        suite.totals().paid_out,
        paid_out,
        "credit is not paid out again"
    );
    suite.assert_books();

    // Next bill of 600 with 200 (credit) paid in advances: final 400.
    let after = next + 30 * DAY;
    suite
        .record_bill(bill_notice(M_ALICE, P + 1, 600, after + 17 * DAY, 600, &[]))
        .unwrap();
    assert_eq!(
        suite.instalment(second.id).status,
        InstalmentStatus::Superseded
    );
    let final_inst = suite.instalments(M_ALICE).pop().unwrap();
    assert_eq!(final_inst.kind, InstalmentKind::Final);
    assert_eq!(final_inst.amount, Uint128::new(400));
}

#[test]
fn credit_left_over_waits_for_later_instalments() {
    let mut suite = Suite::new();
    let alice = suite.who.alice.clone();
    suite
        .schedule(M_ALICE, P, 1_000, &[(10_000, T0 + DAY)])
        .unwrap();
    suite.fund(&alice, 1_000);
    suite.set_time(T0 + DAY);
    suite.settle(None).unwrap();
    // Bill 100: 900 credit; no next advances.
    let next = T0 + 30 * DAY;
    suite
        .record_bill(bill_notice(
            M_ALICE,
            P,
            100,
            next + 17 * DAY,
            0,
            &default_terms(next),
        ))
        .unwrap();
    assert_eq!(suite.credit_of(M_ALICE), Uint128::new(900));
    assert!(
        suite.bill(M_ALICE, P + 1).instalment_ids.is_empty(),
        "zero estimate"
    );
    // Next period billed 1_000: final 1_000, of which 900 comes from credit.
    suite
        .record_bill(bill_notice(M_ALICE, P + 1, 1_000, next + 47 * DAY, 0, &[]))
        .unwrap();
    let final_inst = suite.instalments(M_ALICE).pop().unwrap();
    assert_eq!(final_inst.amount, Uint128::new(1_000));
    assert_eq!(final_inst.paid, Uint128::new(900));
    assert_eq!(suite.credit_of(M_ALICE), Uint128::zero());
    assert_eq!(suite.bill(M_ALICE, P + 1).final_paid, Uint128::new(900));
    suite.assert_books();
}

#[test]
fn record_bill_without_advances_and_a_zero_bill() {
    let mut suite = Suite::new();
    let next = T0 + 30 * DAY;
    suite
        .record_bill(bill_notice(
            M_BOB,
            P,
            0,
            next + 17 * DAY,
            0,
            &default_terms(next),
        ))
        .unwrap();
    let account = suite.bill(M_BOB, P);
    assert_eq!(account.total, Some(Uint128::zero()));
    assert!(account.instalment_ids.is_empty());
    assert!(suite.instalments(M_BOB).is_empty());

    suite
        .record_bill(bill_notice(M_BOB, P + 1, 250, next + 47 * DAY, 250, &[]))
        .unwrap();
    assert_eq!(suite.instalments(M_BOB)[0].amount, Uint128::new(250));
}

#[test]
fn record_bill_bad_input() {
    let mut suite = Suite::with_advances();
    let alice_meter = suite.who.alice_meter.clone();
    let next = T0 + 30 * DAY;

    let mut wrong_period = bill_notice(M_ALICE, P, 900, next, 900, &[]);
    wrong_period.next.period = P + 2;
    let mut wrong_meter = bill_notice(M_ALICE, P, 900, next, 900, &[]);
    wrong_meter.next.meter_id = M_BOB.to_string();
    let cases = vec![
        (
            wrong_period,
            ContractError::NextNoticeMismatch {
                meter_id: M_ALICE.to_string(),
                expected_period: P + 1,
                next_meter_id: M_ALICE.to_string(),
                next_period: P + 2,
            },
        ),
        (
            wrong_meter,
            ContractError::NextNoticeMismatch {
                meter_id: M_ALICE.to_string(),
                expected_period: P + 1,
                next_meter_id: M_BOB.to_string(),
                next_period: P + 1,
            },
        ),
        (
            bill_notice(M_ALICE, P, 900, next, 900, &[(9_000, next), (1_001, next)]),
            ContractError::AdvancesExceedWhole { total_bps: 10_001 },
        ),
    ];
    for (notice, expected) in cases {
        suite.assert_refused(&alice_meter, ExecuteMsg::RecordBill(notice), expected);
    }

    let mut last = bill_notice(M_ALICE, u32::MAX, 900, next, 900, &[]);
    last.next.period = 0;
    let before = suite.snapshot();
    let err = suite
        .exec(&alice_meter, ExecuteMsg::RecordBill(last))
        .unwrap_err();
    assert!(matches!(err, ContractError::Overflow(_)), "{err:?}");
    assert_eq!(suite.snapshot(), before);

    // A bill recorded twice.
    suite
        .record_bill(bill_notice(M_BOB, P, 900, next, 900, &default_terms(next)))
        .unwrap();
    let bob_meter = suite.who.bob_meter.clone();
    suite.assert_refused(
        &bob_meter,
        ExecuteMsg::RecordBill(bill_notice(M_BOB, P, 900, next, 900, &[])),
        ContractError::BillAlreadyRecorded {
            meter_id: M_BOB.to_string(),
            period: P,
        },
    );
    // A period with a bill cannot get advances either.
    suite.assert_refused(
        &bob_meter,
        ExecuteMsg::ScheduleAdvances(advance_notice(M_BOB, P, 900, &default_terms(T0))),
        ContractError::AlreadyScheduled {
            meter_id: M_BOB.to_string(),
            period: P,
        },
    );

    suite.assert_refuses_funds(
        &alice_meter,
        ExecuteMsg::RecordBill(bill_notice(M_ALICE, P + 5, 900, next, 900, &[])),
    );
}

/// Unordered channel: the next period's bill is recorded first (opening the period after it),
/// then this period's bill arrives. It is recorded with its final, and creates no advances.
#[test]
fn a_bill_after_the_next_periods_bill_is_recorded_without_new_advances() {
    let mut suite = Suite::with_advances(); // P: ids 1 (300), 2 (400)
    let next = T0 + 30 * DAY;
    let after = next + 30 * DAY;
    let res = suite
        .record_bill(bill_notice(
            M_ALICE,
            P + 1,
            500,
            after,
            600,
            &default_terms(after),
        ))
        .unwrap();
    // P + 1 had no account: its final is the whole bill; P + 2 gets 180 and 240.
    assert_attrs(
        &res,
        &[
            ("final_instalment_id", "3"),
            ("next_advances", "scheduled"),
            ("next_instalment_ids", "4,5"),
        ],
    );
    let count_before = suite.instalments(M_ALICE).len();
    assert_eq!(count_before, 5);
    let next_account = suite.bill(M_ALICE, P + 1);
    let after_account = suite.bill(M_ALICE, P + 2);

    let res = suite
        .record_bill(bill_notice(
            M_ALICE,
            P,
            1_100,
            next + 17 * DAY,
            1_100,
            &default_terms(next),
        ))
        .unwrap();
    assert_attrs(
        &res,
        &[
            ("action", "record_bill"),
            ("period", &P.to_string()),
            ("superseded_ids", "1,2"),
            ("final_amount", "1100"),
            ("final_instalment_id", "6"),
            ("next_period", &(P + 1).to_string()),
            ("next_advances", "already_scheduled"),
            ("next_instalment_ids", ""),
        ],
    );

    let list = suite.instalments(M_ALICE);
    assert_eq!(list.len(), count_before + 1, "only the final is new");
    let final_inst = suite.instalment(6);
    assert_eq!(final_inst.kind, InstalmentKind::Final);
    assert_eq!(final_inst.period, P);
    assert_eq!(final_inst.amount, Uint128::new(1_100));
    assert_eq!(final_inst.due, next + 17 * DAY);
    assert_eq!(suite.instalment(1).status, InstalmentStatus::Superseded);
    assert_eq!(suite.instalment(2).status, InstalmentStatus::Superseded);
    let account = suite.bill(M_ALICE, P);
    assert_eq!(account.total, Some(Uint128::new(1_100)));
    assert_eq!(account.instalment_ids, vec![1, 2, 6]);
    assert_eq!(suite.bill(M_ALICE, P + 1), next_account);
    assert_eq!(suite.bill(M_ALICE, P + 2), after_account);
    suite.assert_books();
}

/// Unordered channel: the next period's advances are in place before this period's bill.
/// The bill is recorded; those advances stay exactly as they were.
#[test]
fn a_bill_after_the_next_periods_advances_leaves_them_untouched() {
    let mut suite = Suite::with_advances(); // P: ids 1 (300), 2 (400)
    let alice = suite.who.alice.clone();
    let next = T0 + 30 * DAY;
    suite
        .schedule(M_ALICE, P + 1, 2_000, &default_terms(next))
        .unwrap(); // 3 (600), 4 (800)
    suite.fund(&alice, 300);
    suite.set_time(T0 + 10 * DAY);
    suite.settle(None).unwrap(); // pays advance 1
    let next_account = suite.bill(M_ALICE, P + 1);
    let next_instalments = [3, 4].map(|id| suite.instalment(id));

    let res = suite
        .record_bill(bill_notice(M_ALICE, P, 200, next, 5_000, &[(10_000, next)]))
        .unwrap();
    // 300 paid against a bill of 200: no final, 100 to credit.
    assert_attrs(
        &res,
        &[
            ("superseded_ids", "2"),
            ("final_amount", "0"),
            ("final_instalment_id", ""),
            ("credit_added", "100"),
            ("next_advances", "already_scheduled"),
            ("next_instalment_ids", ""),
        ],
    );
    assert_eq!(suite.instalments(M_ALICE).len(), 4);
    assert_eq!(suite.bill(M_ALICE, P).total, Some(Uint128::new(200)));
    assert_eq!(suite.bill(M_ALICE, P + 1), next_account);
    assert_eq!([3, 4].map(|id| suite.instalment(id)), next_instalments);
    suite.assert_books();
}

/// Out of order or not, one period takes one bill: a second is refused and changes nothing.
#[test]
fn a_second_bill_for_a_period_is_refused_after_the_next_periods_bill() {
    let mut suite = Suite::with_advances();
    let alice_meter = suite.who.alice_meter.clone();
    let next = T0 + 30 * DAY;
    suite
        .record_bill(bill_notice(
            M_ALICE,
            P + 1,
            500,
            next,
            600,
            &default_terms(next),
        ))
        .unwrap();
    suite
        .record_bill(bill_notice(
            M_ALICE,
            P,
            900,
            next,
            900,
            &default_terms(next),
        ))
        .unwrap();
    for period in [P, P + 1] {
        let instalments = suite.instalments(M_ALICE);
        suite.assert_refused(
            &alice_meter,
            ExecuteMsg::RecordBill(bill_notice(M_ALICE, period, 800, next, 900, &[])),
            ContractError::BillAlreadyRecorded {
                meter_id: M_ALICE.to_string(),
                period,
            },
        );
        assert_eq!(suite.instalments(M_ALICE), instalments);
    }
}
