//! Live reconciliation: every bank record is matched with the endorsement of the same serial
//! number, whichever arrives first, and each way it can go wrong is reported as its own kind
//! of discrepancy the moment it happens: a hop with no bank record is missing one; a record
//! that disagrees names the amount, payer or payee that differ; a record no endorsement
//! claims waits among the unmatched records.

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, Uint128};
use ledger_testing::{DAY, Suite, SuiteBuilder, bank_record};
use ledger_types::draft::{Disagreement, EventKind, HopCheck, ReconciliationCounts};

const AMOUNT: u128 = 100_000_00;

/// A world with one approved project per amount and a standard draft issued for each; returns
/// the draft ids.
fn world(drafts: usize) -> (Suite, Vec<u64>) {
    let mut s = SuiteBuilder::new().with_drafts().build();
    let ids = s.standard_drafts(drafts, AMOUNT, "project");
    (s, ids)
}

fn operator(s: &Suite) -> Addr {
    s.addrs.bank_operator.clone()
}

#[test]
fn a_bank_record_that_disagrees_is_reported_with_every_field_that_differs() {
    let (mut s, ids) = world(1);
    let id = ids[0];
    let p = s.parties.clone();
    let op = operator(&s);
    for hop in 0..3 {
        s.endorse_next(id, &format!("S-{hop}")).unwrap();
    }
    let now = s.now();
    // Hop 0: the bank booked one cent less. Hop 1: it paid the partnership fund instead of the
    // commercial bank. Hop 2: the payer was not the commercial bank, nor the payee the fund.
    s.post_bank_records(
        &op,
        vec![
            bank_record(
                id,
                "S-0",
                &p.province,
                &p.finance_department,
                AMOUNT - 1,
                now,
            ),
            bank_record(
                id,
                "S-1",
                &p.finance_department,
                &p.partnership_fund,
                AMOUNT,
                now,
            ),
            bank_record(id, "S-2", &p.county, &p.county_fund, AMOUNT, now),
        ],
    )
    .unwrap();

    let r = s.reconciliation(id).unwrap();
    assert_eq!(
        r.counts,
        ReconciliationCounts {
            reconciled: 0,
            missing: 0,
            mismatched: 3
        }
    );
    assert_eq!(r.mismatches.len(), 3);
    assert_eq!(
        r.mismatches[0].disagreements,
        vec![Disagreement::Amount {
            endorsed: Uint128::new(AMOUNT),
            bank: Uint128::new(AMOUNT - 1)
        }]
    );
    assert_eq!(r.mismatches[0].serial, "S-0");
    assert_eq!(
        r.mismatches[1].disagreements,
        vec![Disagreement::Payee {
            endorsed: p.commercial_bank.clone(),
            bank: p.partnership_fund.clone()
        }]
    );
    assert_eq!(
        r.mismatches[2].disagreements,
        vec![
            Disagreement::Payer {
                endorsed: p.commercial_bank.clone(),
                bank: p.county.clone()
            },
            Disagreement::Payee {
                endorsed: p.partnership_fund.clone(),
                bank: p.county_fund.clone()
            },
        ]
    );
    // The draft is listed with its discrepancies, and its history says what was found.
    let open = s.discrepancies();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0], r);
    let matched: Vec<HopCheck> = s
        .draft_history(id)
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::BankRecordMatched { check, .. } => Some(check),
            _ => None,
        })
        .collect();
    assert_eq!(matched.len(), 3);
    assert!(
        matched
            .iter()
            .all(|c| matches!(c, HopCheck::Mismatch { .. }))
    );
    // A mismatch stays on the record: the draft keeps moving, and stays listed.
    s.endorse_next(id, "S-3").unwrap();
    s.post_matching_record(id, 3, "S-3").unwrap();
    let r = s.reconciliation(id).unwrap();
    assert_eq!(r.reconciled, vec![3]);
    assert_eq!(r.counts.mismatched, 3);
    assert_eq!(s.discrepancies().len(), 1);
    s.assert_draft_books();
}

#[test]
fn a_hop_without_a_bank_record_is_reported_missing_until_the_record_arrives() {
    let (mut s, ids) = world(1);
    let id = ids[0];
    for hop in 0..3 {
        s.endorse_next(id, &format!("S-{hop}")).unwrap();
    }
    let d = s.draft(id).unwrap();
    let now = s.now();
    // The bank's statement has hops 0 and 2; the transfer of hop 1 is not on it.
    let statement = [0, 2]
        .iter()
        .map(|&hop| {
            let h = &d.hops[hop];
            bank_record(id, &format!("S-{hop}"), &h.from, &h.to, h.value.u128(), now)
        })
        .collect();
    s.post_bank_records(&operator(&s), statement).unwrap();
    let r = s.reconciliation(id).unwrap();
    assert_eq!(r.reconciled, vec![0, 2]);
    assert_eq!(r.missing, vec![1]);
    assert!(r.mismatches.is_empty());
    assert_eq!(s.discrepancies(), vec![r]);

    // The late record clears it.
    s.advance_time(DAY);
    s.post_matching_record(id, 1, "S-1").unwrap();
    let r = s.reconciliation(id).unwrap();
    assert_eq!(r.reconciled, vec![0, 1, 2]);
    assert!(r.missing.is_empty());
    assert!(s.discrepancies().is_empty());
    s.assert_draft_books();
}

#[test]
fn a_bank_record_may_come_before_its_endorsement() {
    let (mut s, ids) = world(1);
    let id = ids[0];
    let p = s.parties.clone();
    let now = s.now();
    // The bank reports hop 0 correctly, hop 1 with the wrong amount, and a transfer no draft
    // will ever claim.
    s.post_bank_records(
        &operator(&s),
        vec![
            bank_record(
                id,
                "EARLY-0",
                &p.province,
                &p.finance_department,
                AMOUNT,
                now,
            ),
            bank_record(
                id,
                "EARLY-1",
                &p.finance_department,
                &p.commercial_bank,
                5,
                now,
            ),
            bank_record(id, "STRAY-9", &p.county, &p.unit, 77_00, now),
        ],
    )
    .unwrap();
    let waiting: Vec<String> = s
        .unmatched_bank_records()
        .into_iter()
        .map(|r| r.serial)
        .collect();
    assert_eq!(waiting, vec!["EARLY-0", "EARLY-1", "STRAY-9"]);
    assert!(s.discrepancies().is_empty());

    s.endorse_next(id, "EARLY-0").unwrap();
    s.endorse_next(id, "EARLY-1").unwrap();
    let r = s.reconciliation(id).unwrap();
    assert_eq!(r.reconciled, vec![0]);
    assert_eq!(
        r.mismatches[0].disagreements,
        vec![Disagreement::Amount {
            endorsed: Uint128::new(AMOUNT),
            bank: Uint128::new(5)
        }]
    );
    let waiting: Vec<String> = s
        .unmatched_bank_records()
        .into_iter()
        .map(|r| r.serial)
        .collect();
    assert_eq!(waiting, vec!["STRAY-9"]);
    let matched = s.bank_record("EARLY-0").unwrap().matched.unwrap();
    assert_eq!((matched.draft_id, matched.hop), (id, 0));
    assert!(s.bank_record("STRAY-9").unwrap().matched.is_none());
    assert_eq!(s.bank_records().len(), 3);
    s.assert_draft_books();
}

#[test]
fn drafts_with_open_discrepancies_are_listed_in_id_order_and_leave_when_cleared() {
    let (mut s, ids) = world(4);
    // Drafts 1 and 3 (of 0..4) get a hop without a record; draft 2 a reconciled hop.
    for &i in &[1usize, 3] {
        s.endorse_next(ids[i], &format!("D{i}-0")).unwrap();
    }
    s.endorse_next(ids[2], "D2-0").unwrap();
    s.post_matching_record(ids[2], 0, "D2-0").unwrap();
    let listed: Vec<u64> = s.discrepancies().iter().map(|d| d.draft_id).collect();
    assert_eq!(listed, vec![ids[1], ids[3]]);

    s.post_matching_record(ids[1], 0, "D1-0").unwrap();
    let listed: Vec<u64> = s.discrepancies().iter().map(|d| d.draft_id).collect();
    assert_eq!(listed, vec![ids[3]]);
    s.assert_draft_books();
}
