//! Paged queries and lookups of things that do not exist.

use ledger_types::bank::{
    InstalmentsResponse, PaymentsResponse, PrepaidListResponse, QueryMsg, RedemptionsResponse,
};

use super::*;

#[test]
fn prepaid_balances_page_in_address_order() {
    let mut suite = Suite::new();
    let who = suite.who.clone();
    suite.fund(&who.alice, 10);
    suite.fund(&who.bob, 20);
    suite.fund(&who.carol, 30);
    let mut all = [
        (who.alice.clone(), 10u128),
        (who.bob.clone(), 20),
        (who.carol.clone(), 30),
    ];
    all.sort();

    let page = |start_after: Option<String>, limit| -> PrepaidListResponse {
        suite.query(QueryMsg::PrepaidBalances { start_after, limit })
    };
    let first = page(None, Some(2));
    assert_eq!(first.balances.len(), 2);
    assert_eq!(first.balances[0].consumer, all[0].0);
    assert_eq!(first.balances[1].balance, Uint128::new(all[1].1));
    let rest = page(Some(first.balances[1].consumer.to_string()), Some(2));
    assert_eq!(rest.balances.len(), 1);
    assert_eq!(rest.balances[0].consumer, all[2].0);
    assert!(page(Some(all[2].0.to_string()), None).balances.is_empty());
    // A limit of 0 still returns one item (page_size clamps).
    assert_eq!(page(None, Some(0)).balances.len(), 1);
    // A stranger's balance is zero.
    assert_eq!(suite.prepaid(&suite.who.stranger), Uint128::zero());
}

#[test]
fn instalments_overdue_and_payments_page() {
    let mut suite = Suite::new();
    let alice = suite.who.alice.clone();
    let terms: Vec<(u16, u64)> = (1..=5u64).map(|i| (1_000, T0 + 10 - i)).collect();
    suite.schedule(M_ALICE, P, 1_000, &terms).unwrap(); // ids 1..5, each 100, due T0+9..T0+5
    suite.schedule(M_BOB, P, 1_000, &terms).unwrap(); // ids 6..10
    suite.set_time(T0 + 10);
    suite.settle(None).unwrap(); // all overdue

    let by_meter = |start_after, limit| {
        suite.instalment_ids(QueryMsg::InstalmentsByMeter {
            meter_id: M_ALICE.to_string(),
            start_after,
            limit,
        })
    };
    assert_eq!(by_meter(None, Some(3)), vec![1, 2, 3]);
    assert_eq!(by_meter(Some(3), Some(3)), vec![4, 5]);
    assert!(by_meter(Some(5), None).is_empty());

    let overdue = |start_after, limit| -> Vec<(u64, u64)> {
        let res: InstalmentsResponse = suite.query(QueryMsg::Overdue { start_after, limit });
        res.instalments.into_iter().map(|i| (i.due, i.id)).collect()
    };
    let first = overdue(None, Some(4));
    assert_eq!(
        first,
        vec![(T0 + 5, 5), (T0 + 5, 10), (T0 + 6, 4), (T0 + 6, 9)]
    );
    let second = overdue(Some(first[3]), Some(100));
    assert_eq!(second.len(), 6);
    assert_eq!(second[0], (T0 + 7, 3));

    // Pay alice's in four operator payments.
    suite.fund(&alice, 500);
    for _ in 0..4 {
        suite.make_payment(M_ALICE, 125).unwrap();
    }
    let by_consumer = |start_after, limit| {
        suite.payment_ids(QueryMsg::PaymentsByConsumer {
            consumer: alice.to_string(),
            start_after,
            limit,
        })
    };
    let all = by_consumer(None, None);
    assert_eq!(all, (1..=8).collect::<Vec<u64>>());
    assert_eq!(by_consumer(Some(6), None), vec![7, 8]);
    let by_bill = |start_after, limit| {
        suite.payment_ids(QueryMsg::PaymentsByBill {
            meter_id: M_ALICE.to_string(),
            period: P,
            start_after,
            limit,
        })
    };
    assert_eq!(by_bill(None, Some(2)), vec![1, 2]);
    assert_eq!(by_bill(Some(2), Some(100)).len(), 6);
    let other: PaymentsResponse = suite.query(QueryMsg::PaymentsByBill {
        meter_id: M_ALICE.to_string(),
        period: P + 1,
        start_after: None,
        limit: None,
    });
    assert!(other.payments.is_empty());
    assert_eq!(suite.overdue().len(), 5, "only bob's are left");
    suite.assert_books();
}

#[test]
fn redemptions_page() {
    let mut suite = Suite::new();
    let retailer = suite.who.retailer.clone();
    suite.deposit("SEPA-1", &retailer, 100, false).unwrap();
    for i in 0..5 {
        suite
            .send(
                &retailer,
                10,
                &ReceiveMsg::RequestRedemption {
                    payout_account: format!("ACC-{i}"),
                },
            )
            .unwrap();
    }
    let page = |start_after, limit| -> Vec<u64> {
        let res: RedemptionsResponse = suite.query(QueryMsg::Redemptions { start_after, limit });
        res.redemptions.into_iter().map(|r| r.id).collect()
    };
    assert_eq!(page(None, Some(2)), vec![1, 2]);
    assert_eq!(page(Some(2), None), vec![3, 4, 5]);
    assert_eq!(suite.totals().escrowed, Uint128::new(50));
    suite.assert_books();
}

#[test]
fn lookups_of_missing_records() {
    let suite = Suite::new();
    assert_eq!(
        suite.query_err(QueryMsg::Instalment { id: 3 }),
        ContractError::InstalmentNotFound { id: 3 }
    );
    assert_eq!(
        suite.query_err(QueryMsg::BillAccount {
            meter_id: M_ALICE.to_string(),
            period: 1
        }),
        ContractError::BillNotFound {
            meter_id: M_ALICE.to_string(),
            period: 1
        }
    );
    assert_eq!(
        suite.query_err(QueryMsg::Redemption { id: 1 }),
        ContractError::RedemptionNotFound { id: 1 }
    );
    assert_eq!(suite.credit_of(M_ALICE), Uint128::zero());
}
