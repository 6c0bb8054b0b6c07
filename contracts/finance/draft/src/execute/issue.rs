//! Issuing a draft: the fund token's `Send` hook.
//!
//! The issuer sends exactly the approved stage's amount with the draft's terms; the draft is
//! created in the same transaction that moves the tokens into the contract, so no draft ever
//! exists unfunded. The issuer is the draft's first holder; every later holder must hold the
//! draft role `Holder`, appear once in the chain, and the last must be an allowed final
//! recipient.

use std::collections::BTreeSet;

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Uint128, from_json};
use cw_utils::nonpayable;
use cw20::Cw20ReceiveMsg;
use ledger_types::draft::{
    Draft, DraftRole, DraftStatus, DraftTerms, EventKind, Hop, HopCheck, MAX_HOPS, ReceiveMsg,
    ReconciliationCounts, StageStatus,
};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::count_one_more;
use crate::records::{
    Journal, StageNeed, ensure_current_stage, ensure_stage, load_project, stage_mut,
};
use crate::roles::ensure_role;
use crate::shares::share_out;
use crate::state::{CONFIG, DRAFTS_BY_HOLDER, LAST_DRAFT_ID, TOTALS, next_id};
use crate::validate;
use ledger_contract_kit::registry::ensure_may_receive;

/// The fund token's `Send` hook.
pub fn receive(deps: DepsMut, env: Env, info: MessageInfo, msg: Cw20ReceiveMsg) -> ContractResult {
    nonpayable(&info)?;
    let config = CONFIG.load(deps.storage)?;
    if info.sender != config.fund_token {
        return Err(ContractError::WrongToken {
            token: config.fund_token,
            sender: info.sender,
        });
    }
    let issuer = deps.api.addr_validate(&msg.sender)?;
    ensure_role(deps.storage, &issuer, DraftRole::Issuer)?;
    // The issuer acts and its tokens leave it: neither blacklisted nor suspended.
    ensure_may_receive(&deps.querier, &config.admin_contract, &issuer)?;
    match from_json(&msg.msg)? {
        ReceiveMsg::IssueDraft(terms) => {
            issue(deps, env, &config.admin_contract, issuer, msg.amount, terms)
        }
    }
}

fn issue(
    deps: DepsMut,
    env: Env,
    admin: &Addr,
    issuer: Addr,
    amount: Uint128,
    terms: DraftTerms,
) -> ContractResult {
    let now = env.block.time.seconds();
    let mut project = load_project(deps.storage, terms.project_id)?;
    let stage = ensure_current_stage(&project, terms.stage)?;
    ensure_stage(&project, stage, StageNeed::Approved)?;
    if amount != stage.amount {
        return Err(ContractError::AmountMismatch {
            project_id: project.id,
            stage: terms.stage,
            expected: stage.amount,
            sent: amount,
        });
    }
    if terms.expires_at <= now {
        return Err(ContractError::ExpiryNotInFuture {
            expires_at: terms.expires_at,
            now,
        });
    }
    let shares: Vec<u16> = terms.hops.iter().map(|hop| hop.release_bps).collect();
    let amounts = share_out(amount, &shares)?;
    let mut seen = BTreeSet::from([issuer.clone()]);
    let mut hops = Vec::with_capacity(terms.hops.len());
    let mut from = issuer.clone();
    for ((plan, planned), index) in terms.hops.iter().zip(&amounts).zip(0u32..) {
        let to = deps.api.addr_validate(&plan.holder)?;
        validate::short_text(&plan.label, "holder label")?;
        ensure_role(deps.storage, &to, DraftRole::Holder)?;
        // Every holder of the chain is to receive the draft (and a release): none may be
        // blacklisted or suspended when it is issued.
        ensure_may_receive(&deps.querier, admin, &to)?;
        if !seen.insert(to.clone()) {
            return Err(ContractError::DuplicateHolder { address: to });
        }
        hops.push(Hop {
            index,
            label: plan.label.clone(),
            from: from.clone(),
            to: to.clone(),
            release_bps: plan.release_bps,
            value: planned.value,
            release: planned.release,
            serial: None,
            endorsed_at: None,
            check: HopCheck::NotEndorsed,
        });
        from = to;
    }
    let final_recipients = final_recipients(&deps, &terms.final_recipients)?;
    if !final_recipients.contains(&from) {
        return Err(ContractError::FinalHolderNotAllowed { address: from });
    }

    let id = next_id(deps.storage, &LAST_DRAFT_ID)?;
    let mut draft = Draft {
        id,
        project_id: project.id,
        stage: terms.stage,
        issuer: issuer.clone(),
        amount,
        locked: amount,
        released: Uint128::zero(),
        clawed_back: Uint128::zero(),
        holder: issuer.clone(),
        endorsed: 0,
        hops,
        final_recipients,
        issued_at: now,
        expires_at: terms.expires_at,
        status: DraftStatus::Active,
        closed_at: None,
        counts: ReconciliationCounts::default(),
        events: 0,
    };
    let stage = stage_mut(&mut project, terms.stage)?;
    stage.status = StageStatus::Issued;
    stage.draft_id = Some(id);

    let mut totals = TOTALS.load(deps.storage)?;
    totals.issued = totals.issued.checked_add(amount)?;
    totals.locked = totals.locked.checked_add(amount)?;
    totals.drafts = count_one_more(totals.drafts)?;

    DRAFTS_BY_HOLDER.save(deps.storage, (&issuer, id), &())?;
    let mut journal = Journal::new(&env, &issuer);
    journal.push(EventKind::Issued {
        stage: terms.stage,
        draft_id: id,
        amount,
        expires_at: terms.expires_at,
    });
    journal.save_with_draft(deps.storage, &mut project, &mut draft)?;
    TOTALS.save(deps.storage, &totals)?;
    Ok(Response::new()
        .add_attribute("action", "issue_draft")
        .add_attribute("draft_id", id.to_string())
        .add_attribute("project_id", project.id.to_string())
        .add_attribute("stage", terms.stage.to_string())
        .add_attribute("issuer", issuer)
        .add_attribute("amount", amount)
        .add_attribute("hops", draft.hops.len().to_string())
        .add_attribute("expires_at", terms.expires_at.to_string()))
}

/// 1 to [`MAX_HOPS`] valid addresses; repeats are dropped.
fn final_recipients(deps: &DepsMut, given: &[String]) -> ContractResult<Vec<Addr>> {
    if given.is_empty() || given.len() > MAX_HOPS {
        return Err(ContractError::InvalidFinalRecipientCount {
            count: given.len(),
            max: MAX_HOPS,
        });
    }
    let mut out: Vec<Addr> = Vec::with_capacity(given.len());
    for address in given {
        let address = deps.api.addr_validate(address)?;
        if !out.contains(&address) {
            out.push(address);
        }
    }
    Ok(out)
}
