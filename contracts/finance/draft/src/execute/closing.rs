//! Closing a draft: expiry (anyone, once its time has come), cancellation (the draft's own
//! issuer or the registry's administrator, at any time) and clawback (the same, while the
//! draft's holder is blacklisted).
//!
//! Each returns everything the draft still locks to its issuer and ends it:
//! nothing can be endorsed afterwards. An active draft may always be closed; a delivered one
//! only while it still locks a remainder (its shares added up to less than the whole). Closing
//! a draft before it was delivered withdraws its stage, which stops the project (unless the
//! stage was already reported complete).
//!
//! Blacklisting: the returned value reaches the issuer, so nothing is returned while the issuer
//! is blacklisted (the draft stays as it is and shows in queries until the blacklisting is
//! lifted). An issuer acting itself must also not be suspended. What a blacklisted holder
//! already received stays in its wallet, where the settlement token keeps it frozen; what the
//! draft still locks is clawed back to the issuer.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::admin::Standing;
use ledger_types::draft::{ClawbackReason, Draft, DraftStatus, EventKind, StageStatus};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::transfer;
use crate::records::{Journal, load_draft, load_project, stage_mut};
use crate::registry::{is_registry_admin, registry};
use crate::state::{CONFIG, TOTALS};
use crate::validate;
use ledger_contract_kit::registry::{ensure_may_receive, ensure_not_blacklisted};

/// Anyone, once the draft has expired: returns what it still locks to its issuer.
pub fn expire(deps: DepsMut, env: Env, info: MessageInfo, draft_id: u64) -> ContractResult {
    close_as(
        deps,
        env,
        info,
        draft_id,
        ClawbackReason::Expired,
        String::new(),
    )
}

/// The draft's own issuer or the registry's administrator: cancels a draft and returns what
/// it still locks to its issuer.
pub fn cancel(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    draft_id: u64,
    reason: String,
) -> ContractResult {
    close_as(deps, env, info, draft_id, ClawbackReason::Cancelled, reason)
}

/// The draft's own issuer or the registry's administrator: ends a draft whose holder is
/// blacklisted and returns what it still locks to its issuer.
pub fn clawback(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    draft_id: u64,
    reason: String,
) -> ContractResult {
    close_as(
        deps,
        env,
        info,
        draft_id,
        ClawbackReason::HolderBlacklisted,
        reason,
    )
}

/// Expiry, cancellation or clawback (`why`), with the reason given in `note`: the checks each
/// one needs, then [`close`].
fn close_as(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    draft_id: u64,
    why: ClawbackReason,
    note: String,
) -> ContractResult {
    nonpayable(&info)?;
    let draft = load_draft(deps.storage, draft_id)?;
    if why != ClawbackReason::Expired {
        ensure_issuer_or_admin(&deps, &draft, &info)?;
    }
    ensure_closable(&draft)?;
    match why {
        ClawbackReason::Expired => {
            let config = CONFIG.load(deps.storage)?;
            ensure_not_blacklisted(&deps.querier, &config.admin_contract, &draft.issuer)?;
            let now = env.block.time.seconds();
            if now < draft.expires_at {
                return Err(ContractError::NotYetExpired {
                    draft_id,
                    expires_at: draft.expires_at,
                    now,
                });
            }
        }
        ClawbackReason::Cancelled => validate::long_text(&note, "cancellation reason")?,
        ClawbackReason::HolderBlacklisted => {
            let config = CONFIG.load(deps.storage)?;
            let standing =
                registry(&config.admin_contract).standing(&deps.querier, &draft.holder)?;
            if !matches!(standing, Standing::Blacklisted { .. }) {
                return Err(ContractError::HolderNotBlacklisted {
                    draft_id,
                    holder: draft.holder,
                });
            }
            validate::long_text(&note, "clawback reason")?;
        }
    }
    close(deps, env, info.sender, draft, why, note)
}

/// Refuses anyone but the draft's own issuer and the registry's administrator; the issuer
/// acting itself must be neither blacklisted nor suspended, and the issuer, who receives what
/// is returned, must not be blacklisted.
fn ensure_issuer_or_admin(deps: &DepsMut, draft: &Draft, info: &MessageInfo) -> ContractResult<()> {
    let config = CONFIG.load(deps.storage)?;
    let admin = &config.admin_contract;
    if info.sender == draft.issuer {
        ensure_may_receive(&deps.querier, admin, &info.sender)?;
    } else if is_registry_admin(&deps.querier, admin, &info.sender)? {
        ensure_not_blacklisted(&deps.querier, admin, &draft.issuer)?;
    } else {
        return Err(ContractError::NotDraftIssuer {
            draft_id: draft.id,
            issuer: draft.issuer.clone(),
            sender: info.sender.clone(),
        });
    }
    Ok(())
}

fn ensure_closable(draft: &Draft) -> ContractResult<()> {
    match draft.status {
        DraftStatus::Active => Ok(()),
        DraftStatus::Delivered if !draft.locked.is_zero() => Ok(()),
        DraftStatus::Delivered => Err(ContractError::NothingToReturn { draft_id: draft.id }),
        DraftStatus::Expired | DraftStatus::Cancelled | DraftStatus::ClawedBack => {
            Err(ContractError::DraftClosed {
                draft_id: draft.id,
                status: draft.status.as_str().to_string(),
            })
        }
    }
}

fn close(
    deps: DepsMut,
    env: Env,
    actor: Addr,
    mut draft: Draft,
    reason: ClawbackReason,
    note: String,
) -> ContractResult {
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
        ClawbackReason::HolderBlacklisted => DraftStatus::ClawedBack,
    };
    draft.closed_at = Some(env.block.time.seconds());

    let stage = stage_mut(&mut project, draft.stage)?;
    if !delivered && stage.status == StageStatus::Issued {
        stage.status = StageStatus::Withdrawn;
    }
    let mut journal = Journal::new(&env, &actor);
    journal.push(EventKind::ClawedBack {
        draft_id: draft.id,
        amount,
        reason,
        note,
    });
    journal.save_with_draft(deps.storage, &mut project, &mut draft)?;
    TOTALS.save(deps.storage, &totals)?;

    let mut response = Response::new()
        .add_attribute(
            "action",
            match reason {
                ClawbackReason::Expired => "expire",
                ClawbackReason::Cancelled => "cancel",
                ClawbackReason::HolderBlacklisted => "clawback",
            },
        )
        .add_attribute("draft_id", draft.id.to_string())
        .add_attribute("project_id", draft.project_id.to_string())
        .add_attribute("issuer", draft.issuer.clone())
        .add_attribute("holder", draft.holder.clone())
        .add_attribute("clawed_back", amount)
        .add_attribute("by", actor);
    if !amount.is_zero() {
        response = response.add_message(transfer(&config.fund_token, &draft.issuer, amount)?);
    }
    Ok(response)
}
