//! Endorsement: the current holder passes the draft to the next holder of its plan.
//!
//! The holder names the serial number of the bank transfer behind the hop (each serial is
//! endorsed once). The hop's share is released to the new holder and the draft's holder
//! changes; if the bank has already posted a record with that serial, the two are reconciled
//! at once, otherwise the hop counts as missing its bank record until the record arrives.
//! Nothing can be endorsed once the draft has expired, been cancelled or been delivered.
//!
//! Serial numbers are bound to drafts: a bank record names the draft it belongs to, and an
//! endorsement is refused with a serial the bank posted for another draft. A serial is endorsed
//! once per draft; the same serial endorsed on a draft the bank did not post it for stays a
//! missing bank record there, a discrepancy on the draft of whoever used it, and never blocks
//! the draft it belongs to.
//!
//! Blacklisting: the holder endorsing (whose draft leaves it) and the next holder (which
//! receives the draft and the hop's release) must be neither blacklisted nor suspended.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, StdError, Storage};
use cw_utils::nonpayable;
use ledger_types::draft::{Draft, DraftStatus, EventKind, HopCheck, HopRef};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::transfer;
use crate::reconcile::{compare, set_check};
use crate::records::{Journal, load_draft, load_project};
use crate::state::{
    BANK_RECORDS, CONFIG, DRAFTS_BY_HOLDER, ENDORSED_SERIALS, TOTALS, UNMATCHED_RECORDS, increment,
};
use crate::validate;
use ledger_contract_kit::registry::ensure_may_receive;

/// The draft's current holder: endorses it to the next holder with the bank transfer's serial.
pub fn endorse(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    draft_id: u64,
    to: String,
    serial: String,
) -> ContractResult {
    nonpayable(&info)?;
    let mut draft = holders_draft(deps.storage, &info.sender, draft_id)?;
    let config = CONFIG.load(deps.storage)?;
    ensure_may_receive(&deps.querier, &config.admin_contract, &info.sender)?;
    if draft.status != DraftStatus::Active {
        return Err(ContractError::DraftNotActive {
            draft_id,
            status: draft.status.as_str().to_string(),
        });
    }
    let now = env.block.time.seconds();
    if now >= draft.expires_at {
        return Err(ContractError::DraftExpired {
            draft_id,
            expires_at: draft.expires_at,
        });
    }
    let to = deps.api.addr_validate(&to)?;
    let index = draft.endorsed;
    let hop = usize::try_from(index)
        .ok()
        .and_then(|i| draft.hops.get(i))
        .cloned()
        .ok_or_else(|| StdError::not_found(format!("hop {index} of draft {draft_id}")))?;
    if to != hop.to {
        return Err(ContractError::NotNextHolder {
            draft_id,
            expected: hop.to,
            to,
        });
    }
    ensure_may_receive(&deps.querier, &config.admin_contract, &to)?;
    validate::serial(&serial)?;
    if let Some(hop) = ENDORSED_SERIALS.may_load(deps.storage, (draft_id, &serial))? {
        return Err(ContractError::SerialUsed {
            serial,
            draft_id,
            hop,
        });
    }
    let bank_record = BANK_RECORDS.may_load(deps.storage, &serial)?;
    if let Some(bound) = &bank_record {
        if bound.draft_id != draft_id {
            return Err(ContractError::SerialOfAnotherDraft {
                serial,
                bound_to: bound.draft_id,
                draft_id,
            });
        }
    }
    let (value, release, from) = (hop.value, hop.release, hop.from.clone());
    if release > draft.locked {
        return Err(ContractError::ExceedsLocked {
            draft_id,
            locked: draft.locked,
            requested: release,
        });
    }

    let mut project = load_project(deps.storage, draft.project_id)?;
    let mut totals = TOTALS.load(deps.storage)?;
    totals.locked = totals.locked.checked_sub(release)?;
    totals.released = totals.released.checked_add(release)?;
    draft.locked = draft.locked.checked_sub(release)?;
    draft.released = draft.released.checked_add(release)?;
    draft.endorsed = increment(draft.endorsed)?;
    draft.holder = to.clone();
    let delivered = usize::try_from(draft.endorsed).ok() == Some(draft.hops.len());
    if delivered {
        draft.status = DraftStatus::Delivered;
    }
    if let Some(slot) = usize::try_from(index)
        .ok()
        .and_then(|i| draft.hops.get_mut(i))
    {
        slot.serial = Some(serial.clone());
        slot.endorsed_at = Some(now);
    }
    let hop_ref = HopRef {
        draft_id,
        hop: index,
    };
    ENDORSED_SERIALS.save(deps.storage, (draft_id, &serial), &index)?;
    DRAFTS_BY_HOLDER.remove(deps.storage, (&from, draft_id));
    DRAFTS_BY_HOLDER.save(deps.storage, (&to, draft_id), &())?;

    let mut journal = Journal::new(&env, &info.sender);
    journal.push(EventKind::Endorsed {
        draft_id,
        hop: index,
        from: from.clone(),
        to: to.clone(),
        value,
        release,
        serial: serial.clone(),
    });
    // The bank may have reported the transfer before the endorsement.
    let check = match bank_record {
        Some(mut bank_record) => {
            let check = compare(&hop, &bank_record);
            bank_record.matched = Some(hop_ref);
            BANK_RECORDS.save(deps.storage, &serial, &bank_record)?;
            UNMATCHED_RECORDS.remove(deps.storage, &serial);
            set_check(&mut draft, index, check.clone())?;
            journal.push(EventKind::BankRecordMatched {
                draft_id,
                hop: index,
                serial: serial.clone(),
                check: check.clone(),
            });
            check
        }
        None => {
            set_check(&mut draft, index, HopCheck::MissingBankRecord)?;
            HopCheck::MissingBankRecord
        }
    };
    if delivered {
        journal.push(EventKind::Delivered { draft_id });
    }
    journal.save_with_draft(deps.storage, &mut project, &mut draft)?;
    TOTALS.save(deps.storage, &totals)?;

    let mut response = Response::new()
        .add_attribute("action", "endorse")
        .add_attribute("draft_id", draft_id.to_string())
        .add_attribute("project_id", draft.project_id.to_string())
        .add_attribute("hop", index.to_string())
        .add_attribute("from", from)
        .add_attribute("to", to.clone())
        .add_attribute("serial", serial)
        .add_attribute("value", value)
        .add_attribute("release", release)
        .add_attribute("reconciliation", check_name(&check))
        .add_attribute("draft_status", draft.status.as_str());
    if !release.is_zero() {
        response = response.add_message(transfer(&config.fund_token, &to, release)?);
    }
    Ok(response)
}

/// Draft `draft_id`, refused to anyone but its current holder.
fn holders_draft(storage: &dyn Storage, sender: &Addr, draft_id: u64) -> ContractResult<Draft> {
    let draft = load_draft(storage, draft_id)?;
    if *sender != draft.holder {
        return Err(ContractError::NotCurrentHolder {
            draft_id,
            holder: draft.holder,
            sender: sender.clone(),
        });
    }
    Ok(draft)
}

/// A hop check's name in attributes.
pub fn check_name(check: &HopCheck) -> &'static str {
    match check {
        HopCheck::NotEndorsed => "not_endorsed",
        HopCheck::MissingBankRecord => "missing_bank_record",
        HopCheck::Reconciled => "reconciled",
        HopCheck::Mismatch { .. } => "mismatch",
    }
}
