//! Bank records: bank operators post the transfers their bank booked.
//!
//! Each record is kept by serial number (posted once) and names the draft it belongs to, which
//! must exist. If an endorsement of that draft already carries the serial, the record is
//! compared with that hop at once and the hop becomes reconciled or a
//! mismatch; otherwise it waits among the unmatched records until an endorsement claims it.
//! A batch is checked whole before anything is written.

use std::collections::BTreeSet;

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::draft::{
    BankRecord, BankRecordInput, EventKind, HopCheck, HopRef, MAX_BANK_RECORDS,
};

use crate::ContractError;
use crate::ContractResult;
use crate::reconcile::{compare, set_check};
use crate::records::{Journal, load_draft, load_project};
use crate::registry::{RegistryRole, config_for_registry_role};
use crate::state::{BANK_RECORDS, DRAFTS, ENDORSED_SERIALS, UNMATCHED_RECORDS};
use crate::validate;

/// Bank operator: posts up to [`MAX_BANK_RECORDS`] bank records.
pub fn post_bank_records(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    inputs: Vec<BankRecordInput>,
) -> ContractResult {
    nonpayable(&info)?;
    config_for_registry_role(deps.as_ref(), &info.sender, RegistryRole::BankOperator)?;
    if inputs.is_empty() || inputs.len() > MAX_BANK_RECORDS {
        return Err(ContractError::InvalidRecordCount {
            count: inputs.len(),
            max: MAX_BANK_RECORDS,
        });
    }
    let now = env.block.time.seconds();
    let mut serials = BTreeSet::new();
    let mut records = Vec::with_capacity(inputs.len());
    for input in inputs {
        validate::serial(&input.serial)?;
        if !serials.insert(input.serial.clone()) {
            return Err(ContractError::DuplicateSerial {
                serial: input.serial,
            });
        }
        if BANK_RECORDS.has(deps.storage, &input.serial) {
            return Err(ContractError::BankRecordExists {
                serial: input.serial,
            });
        }
        if !DRAFTS.has(deps.storage, input.draft_id) {
            return Err(ContractError::DraftNotFound {
                draft_id: input.draft_id,
            });
        }
        let payer = deps.api.addr_validate(&input.payer)?;
        let payee = deps.api.addr_validate(&input.payee)?;
        if input.amount.is_zero() {
            return Err(ContractError::ZeroAmount {
                what: format!("amount of bank record {}", input.serial),
            });
        }
        if input.time > now {
            return Err(ContractError::BankRecordInFuture {
                serial: input.serial,
                time: input.time,
                now,
            });
        }
        records.push(BankRecord {
            serial: input.serial,
            draft_id: input.draft_id,
            payer,
            payee,
            amount: input.amount,
            time: input.time,
            operator: info.sender.clone(),
            posted_at: now,
            matched: None,
        });
    }

    let (mut reconciled, mut mismatched, mut unmatched) = (0u32, 0u32, 0u32);
    for mut bank_record in records {
        let draft_id = bank_record.draft_id;
        match ENDORSED_SERIALS.may_load(deps.storage, (draft_id, &bank_record.serial))? {
            Some(hop) => {
                let hop_ref = HopRef { draft_id, hop };
                let mut draft = load_draft(deps.storage, hop_ref.draft_id)?;
                let mut project = load_project(deps.storage, draft.project_id)?;
                let hop = usize::try_from(hop_ref.hop)
                    .ok()
                    .and_then(|i| draft.hops.get(i))
                    .ok_or_else(|| {
                        cosmwasm_std::StdError::not_found(format!(
                            "hop {} of draft {}",
                            hop_ref.hop, hop_ref.draft_id
                        ))
                    })?;
                let check = compare(hop, &bank_record);
                match check {
                    HopCheck::Reconciled => reconciled = reconciled.saturating_add(1),
                    _ => mismatched = mismatched.saturating_add(1),
                }
                set_check(&mut draft, hop_ref.hop, check.clone())?;
                bank_record.matched = Some(hop_ref);
                let mut journal = Journal::new(&env, &info.sender);
                journal.push(EventKind::BankRecordMatched {
                    draft_id: hop_ref.draft_id,
                    hop: hop_ref.hop,
                    serial: bank_record.serial.clone(),
                    check,
                });
                journal.save_with_draft(deps.storage, &mut project, &mut draft)?;
            }
            None => {
                unmatched = unmatched.saturating_add(1);
                UNMATCHED_RECORDS.save(deps.storage, &bank_record.serial, &())?;
            }
        }
        BANK_RECORDS.save(deps.storage, &bank_record.serial, &bank_record)?;
    }
    Ok(Response::new()
        .add_attribute("action", "post_bank_records")
        .add_attribute("operator", info.sender)
        .add_attribute("records", serials.len().to_string())
        .add_attribute("reconciled", reconciled.to_string())
        .add_attribute("mismatched", mismatched.to_string())
        .add_attribute("unmatched", unmatched.to_string())
        .add_attribute("serials", serials.into_iter().collect::<Vec<_>>().join(",")))
}
