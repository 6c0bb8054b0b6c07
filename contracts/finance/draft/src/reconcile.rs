//! Reconciliation of endorsements with the banks' records.
//!
//! Every endorsement names the serial number of the bank transfer behind it, and every bank
//! record carries one. Whichever arrives second finds the first by serial number (an index
//! lookup, never a scan) and the hop's check is set in place: reconciled when amount, payer
//! and payee agree, a mismatch naming each field that does not. A hop endorsed without a bank
//! record counts as missing one until the record arrives. Each draft keeps the three counts,
//! which decide its place in the index of drafts with open discrepancies.

use cosmwasm_std::{OverflowError, StdError};
use ledger_types::draft::{
    BankRecord, Disagreement, Draft, Hop, HopCheck, HopMismatch, ReconciliationCounts,
    ReconciliationResponse,
};

use crate::ContractResult;
use crate::state::{decrement, increment};

/// How a bank record compares with a hop's endorsement.
pub fn compare(hop: &Hop, record: &BankRecord) -> HopCheck {
    let mut disagreements = vec![];
    if record.amount != hop.value {
        disagreements.push(Disagreement::Amount {
            endorsed: hop.value,
            bank: record.amount,
        });
    }
    if record.payer != hop.from {
        disagreements.push(Disagreement::Payer {
            endorsed: hop.from.clone(),
            bank: record.payer.clone(),
        });
    }
    if record.payee != hop.to {
        disagreements.push(Disagreement::Payee {
            endorsed: hop.to.clone(),
            bank: record.payee.clone(),
        });
    }
    if disagreements.is_empty() {
        HopCheck::Reconciled
    } else {
        HopCheck::Mismatch { disagreements }
    }
}

/// Moves the counter of the check's kind by `step`.
fn count(
    counts: &mut ReconciliationCounts,
    check: &HopCheck,
    step: fn(u32) -> Result<u32, OverflowError>,
) -> ContractResult<()> {
    let counter = match check {
        HopCheck::NotEndorsed => return Ok(()),
        HopCheck::MissingBankRecord => &mut counts.missing,
        HopCheck::Reconciled => &mut counts.reconciled,
        HopCheck::Mismatch { .. } => &mut counts.mismatched,
    };
    *counter = step(*counter)?;
    Ok(())
}

/// Sets a hop's check and keeps the draft's counts in step.
pub fn set_check(draft: &mut Draft, hop: u32, check: HopCheck) -> ContractResult<()> {
    let slot = usize::try_from(hop)
        .ok()
        .and_then(|index| draft.hops.get_mut(index))
        .ok_or_else(|| StdError::not_found(format!("hop {hop} of draft {}", draft.id)))?;
    let previous = std::mem::replace(&mut slot.check, check.clone());
    count(&mut draft.counts, &previous, decrement)?;
    count(&mut draft.counts, &check, increment)?;
    Ok(())
}

/// A draft's hops by reconciliation state.
pub fn summary(draft: &Draft) -> ReconciliationResponse {
    let mut reconciled = vec![];
    let mut missing = vec![];
    let mut mismatches = vec![];
    for hop in &draft.hops {
        match &hop.check {
            HopCheck::NotEndorsed => {}
            HopCheck::MissingBankRecord => missing.push(hop.index),
            HopCheck::Reconciled => reconciled.push(hop.index),
            HopCheck::Mismatch { disagreements } => mismatches.push(HopMismatch {
                hop: hop.index,
                serial: hop.serial.clone().unwrap_or_default(),
                disagreements: disagreements.clone(),
            }),
        }
    }
    ReconciliationResponse {
        draft_id: draft.id,
        project_id: draft.project_id,
        counts: draft.counts,
        reconciled,
        missing,
        mismatches,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{Addr, Uint128};
    use ledger_types::draft::DraftStatus;

    fn hop(index: u32, from: &str, to: &str, value: u128) -> Hop {
        Hop {
            index,
            label: "bank".into(),
            from: Addr::unchecked(from),
            to: Addr::unchecked(to),
            release_bps: 0,
            value: Uint128::new(value),
            release: Uint128::zero(),
            serial: Some(format!("S-{index}")),
            endorsed_at: Some(1),
            check: HopCheck::NotEndorsed,
        }
    }

    fn record(payer: &str, payee: &str, amount: u128) -> BankRecord {
        BankRecord {
            serial: "S-0".into(),
            draft_id: 7,
            payer: Addr::unchecked(payer),
            payee: Addr::unchecked(payee),
            amount: Uint128::new(amount),
            time: 1,
            operator: Addr::unchecked("op"),
            posted_at: 1,
            matched: None,
        }
    }

    fn draft() -> Draft {
        Draft {
            id: 7,
            project_id: 3,
            stage: 1,
            issuer: Addr::unchecked("province"),
            amount: Uint128::new(100),
            locked: Uint128::new(100),
            released: Uint128::zero(),
            clawed_back: Uint128::zero(),
            holder: Addr::unchecked("province"),
            endorsed: 0,
            hops: vec![
                hop(0, "province", "finance", 100),
                hop(1, "finance", "bank", 100),
            ],
            final_recipients: vec![Addr::unchecked("bank")],
            issued_at: 1,
            expires_at: 2,
            status: DraftStatus::Active,
            closed_at: None,
            counts: ReconciliationCounts::default(),
            events: 0,
        }
    }

    #[test]
    fn agreeing_records_reconcile() {
        let h = hop(0, "a", "b", 100);
        assert_eq!(compare(&h, &record("a", "b", 100)), HopCheck::Reconciled);
    }

    #[test]
    fn every_disagreeing_field_is_named() {
        let h = hop(0, "a", "b", 100);
        assert_eq!(
            compare(&h, &record("x", "y", 99)),
            HopCheck::Mismatch {
                disagreements: vec![
                    Disagreement::Amount {
                        endorsed: Uint128::new(100),
                        bank: Uint128::new(99)
                    },
                    Disagreement::Payer {
                        endorsed: Addr::unchecked("a"),
                        bank: Addr::unchecked("x")
                    },
                    Disagreement::Payee {
                        endorsed: Addr::unchecked("b"),
                        bank: Addr::unchecked("y")
                    },
                ]
            }
        );
        assert_eq!(
            compare(&h, &record("a", "y", 100)),
            HopCheck::Mismatch {
                disagreements: vec![Disagreement::Payee {
                    endorsed: Addr::unchecked("b"),
                    bank: Addr::unchecked("y")
                }]
            }
        );
    }

    #[test]
    fn counts_follow_each_hop_check() {
        let mut d = draft();
        set_check(&mut d, 0, HopCheck::MissingBankRecord).unwrap();
        set_check(&mut d, 1, HopCheck::MissingBankRecord).unwrap();
        assert_eq!(d.counts.missing, 2);
        set_check(&mut d, 0, HopCheck::Reconciled).unwrap();
        let mismatch = compare(&d.hops[1], &record("finance", "bank", 1));
        set_check(&mut d, 1, mismatch).unwrap();
        assert_eq!(
            d.counts,
            ReconciliationCounts {
                reconciled: 1,
                missing: 0,
                mismatched: 1
            }
        );
        let view = summary(&d);
        assert_eq!(view.reconciled, vec![0]);
        assert!(view.missing.is_empty());
        assert_eq!(view.mismatches.len(), 1);
        assert_eq!(view.mismatches[0].hop, 1);
        assert_eq!(view.mismatches[0].serial, "S-1");
        assert!(set_check(&mut d, 2, HopCheck::Reconciled).is_err());
    }
}
