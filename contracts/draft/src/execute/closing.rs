//! Closing a draft: expiry (anyone, once its time has come) and cancellation (an issuer, at
//! any time).
//!
//! Either returns everything the draft still locks to its issuer (a clawback) and ends it:
//! nothing can be endorsed afterwards. An active draft may always be closed; a delivered one
//! only while it still locks a remainder (its shares added up to less than the whole). Closing
//! a draft before it was delivered withdraws its stage, which stops the project (unless the
//! stage was already reported complete).

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::draft::{ClawbackReason, Draft, DraftRole, DraftStatus, EventKind, StageStatus};

use crate::ContractError;
use crate::execute::transfer;
use crate::records::{load_draft, load_project, record, save_draft, save_project, stage_mut};
use crate::roles::ensure_role;
use crate::state::{CONFIG, TOTALS};
use crate::validate;

/// Anyone, once the draft has expired: returns what it still locks to its issuer.
pub fn expire(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    draft_id: u64,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let draft = load_draft(deps.storage, draft_id)?;
    ensure_closable(&draft)?;
    let now = env.block.time.seconds();
    if now < draft.expires_at {
        return Err(ContractError::NotYetExpired {
            draft_id,
            expires_at: draft.expires_at,
            now,
        });
    }
    close(
        deps,
        env,
        info.sender,
        draft,
        ClawbackReason::Expired,
        String::new(),
    )
}

/// Issuer: cancels a draft and returns what it still locks to its issuer.
pub fn cancel(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    draft_id: u64,
    reason: String,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    ensure_role(deps.storage, &info.sender, DraftRole::Issuer)?;
    let draft = load_draft(deps.storage, draft_id)?;
    ensure_closable(&draft)?;
    validate::long_text(&reason, "cancellation reason")?;
    close(
        deps,
        env,
        info.sender,
        draft,
        ClawbackReason::Cancelled,
        reason,
    )
}

fn ensure_closable(draft: &Draft) -> Result<(), ContractError> {
    match draft.status {
        DraftStatus::Active => Ok(()),
        DraftStatus::Delivered if !draft.locked.is_zero() => Ok(()),
        DraftStatus::Delivered => Err(ContractError::NothingToReturn { draft_id: draft.id }),
        DraftStatus::Expired | DraftStatus::Cancelled => Err(ContractError::DraftClosed {
            draft_id: draft.id,
            status: draft.status.as_str().to_string(),
        }),
    }
}

fn close(
    deps: DepsMut,
    env: Env,
    actor: Addr,
    mut draft: Draft,
    reason: ClawbackReason,
    note: String,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut project = load_project(deps.storage, draft.project_id)?;
    let mut totals = TOTALS.load(deps.storage)?;
    let amount = draft.locked;
    let delivered = draft.status == DraftStatus::Delivered;
    totals.locked = totals.locked.checked_sub(amount)?;
    totals.clawed_back = totals.clawed_back.checked_add(amount)?;
    draft.locked = draft.locked.checked_sub(amount)?;
    draft.clawed_back = draft.clawed_back.checked_add(amount)?;
    draft.status = match reason {
        ClawbackReason::Expired => DraftStatus::Expired,
        ClawbackReason::Cancelled => DraftStatus::Cancelled,
    };
    draft.closed_at = Some(env.block.time.seconds());

    let draft_id = draft.id;
    let stored = project.status;
    let stage = stage_mut(&mut project, draft.stage)?;
    if !delivered && stage.status == StageStatus::Issued {
        stage.status = StageStatus::Withdrawn;
    }
    record(
        deps.storage,
        &env,
        &mut project,
        Some(&mut draft),
        &actor,
        EventKind::ClawedBack {
            draft_id,
            amount,
            reason,
            note,
        },
    )?;
    save_draft(deps.storage, &draft)?;
    save_project(deps.storage, &mut project, Some(stored))?;
    TOTALS.save(deps.storage, &totals)?;

    let mut response = Response::new()
        .add_attribute(
            "action",
            match reason {
                ClawbackReason::Expired => "expire",
                ClawbackReason::Cancelled => "cancel",
            },
        )
        .add_attribute("draft_id", draft.id.to_string())
        .add_attribute("project_id", draft.project_id.to_string())
        .add_attribute("issuer", draft.issuer.clone())
        .add_attribute("clawed_back", amount)
        .add_attribute("by", actor);
    if !amount.is_zero() {
        response = response.add_message(transfer(&config.fund_token, &draft.issuer, amount)?);
    }
    Ok(response)
}
