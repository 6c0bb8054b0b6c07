//! Holding credits: a holder transfers tradable credits (optionally retired on arrival),
//! retires them with a certificate, or cancels them. Each keeps the batch's running totals at
//! `issued = tradable + retired + cancelled`.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Storage};
use ledger_types::park::credits::{
    BatchStatus, HistoryEntry, MAX_REASON_LEN, RetiredThrough, RetirementTerms,
};

use crate::execute::batches::status_name;
use crate::execute::retirements::{NewRetirement, certify, checked_terms};
use crate::execute::{add, sub};
use crate::registry::{ensure_in_good_standing, load_registry};
use crate::state::{BATCHES, HOLDINGS, Holding, StoredBatch, record_event, save_holding};
use crate::validate;
use crate::{ContractError, ContractResult};

/// The issued batch.
pub(crate) fn issued_batch(storage: &dyn Storage, batch_id: u64) -> ContractResult<StoredBatch> {
    let batch = BATCHES
        .may_load(storage, batch_id)?
        .ok_or(ContractError::UnknownBatch { id: batch_id })?;
    if !matches!(batch.status, BatchStatus::Issued { .. }) {
        return Err(ContractError::NotIssued {
            batch_id,
            status: status_name(&batch.status).to_string(),
        });
    }
    Ok(batch)
}

pub(crate) fn ensure_some(field: &str, amount: u64) -> ContractResult<()> {
    if amount == 0 {
        return Err(ContractError::ZeroAmount {
            field: field.to_string(),
        });
    }
    Ok(())
}

/// The holder's holding with `amount` tradable credits taken out.
pub(crate) fn take_tradable(
    storage: &dyn Storage,
    batch_id: u64,
    holder: &Addr,
    amount: u64,
) -> ContractResult<Holding> {
    let mut holding = HOLDINGS
        .may_load(storage, (holder, batch_id))?
        .unwrap_or_default();
    if holding.tradable < amount {
        return Err(ContractError::InsufficientCredits {
            batch_id,
            holder: holder.clone(),
            available: holding.tradable,
            requested: amount,
        });
    }
    holding.tradable = sub(holding.tradable, amount)?;
    Ok(holding)
}

/// What a transfer moves.
pub struct Transfer {
    pub batch_id: u64,
    pub recipient: String,
    pub amount: u64,
    pub retire: Option<RetirementTerms>,
}

pub fn transfer(deps: DepsMut, env: Env, info: MessageInfo, transfer: Transfer) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let batch_id = transfer.batch_id;
    let recipient = deps.api.addr_validate(&transfer.recipient)?;
    if recipient == info.sender {
        return Err(ContractError::TransferToSelf {
            holder: info.sender,
        });
    }
    ensure_in_good_standing(&deps.querier, &registry, &recipient)?;
    ensure_some("a transfer's amount", transfer.amount)?;
    let terms = transfer
        .retire
        .map(|terms| checked_terms(deps.storage, &deps.querier, &registry, terms, &recipient))
        .transpose()?;
    let mut batch = issued_batch(deps.storage, batch_id)?;
    let amount = transfer.amount;
    let from = take_tradable(deps.storage, batch_id, &info.sender, amount)?;

    let now = env.block.time.seconds();
    save_holding(deps.storage, &info.sender, batch_id, &from)?;
    let mut to = HOLDINGS
        .may_load(deps.storage, (&recipient, batch_id))?
        .unwrap_or_default();
    if terms.is_some() {
        to.retired = add(to.retired, amount)?;
        batch.totals.tradable = sub(batch.totals.tradable, amount)?;
        batch.totals.retired = add(batch.totals.retired, amount)?;
    } else {
        to.tradable = add(to.tradable, amount)?;
    }
    save_holding(deps.storage, &recipient, batch_id, &to)?;
    record_event(
        deps.storage,
        batch_id,
        now,
        &[&info.sender, &recipient],
        HistoryEntry::Transferred {
            from: info.sender.to_string(),
            to: recipient.to_string(),
            amount,
            retired: terms.is_some(),
        },
    )?;
    let mut response = Response::new()
        .add_attribute("action", "transfer")
        .add_attribute("batch_id", batch_id.to_string())
        .add_attribute("from", info.sender.as_str())
        .add_attribute("to", recipient.as_str())
        .add_attribute("amount", amount.to_string())
        .add_attribute("retired", terms.is_some().to_string());
    if let Some(terms) = terms {
        let certified = certify(
            deps.storage,
            NewRetirement {
                batch_id,
                batch: &batch,
                holder: &recipient,
                amount,
                terms,
                through: RetiredThrough::Transfer {
                    from: info.sender.to_string(),
                },
                at: now,
            },
        )?;
        response = certified.add_to(response);
        BATCHES.save(deps.storage, batch_id, &batch)?;
    }
    Ok(response)
}

pub fn retire(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    batch_id: u64,
    amount: u64,
    terms: RetirementTerms,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    ensure_some("a retirement's amount", amount)?;
    let terms = checked_terms(deps.storage, &deps.querier, &registry, terms, &info.sender)?;
    let mut batch = issued_batch(deps.storage, batch_id)?;
    let mut holding = take_tradable(deps.storage, batch_id, &info.sender, amount)?;

    holding.retired = add(holding.retired, amount)?;
    save_holding(deps.storage, &info.sender, batch_id, &holding)?;
    batch.totals.tradable = sub(batch.totals.tradable, amount)?;
    batch.totals.retired = add(batch.totals.retired, amount)?;
    BATCHES.save(deps.storage, batch_id, &batch)?;
    let certified = certify(
        deps.storage,
        NewRetirement {
            batch_id,
            batch: &batch,
            holder: &info.sender,
            amount,
            terms,
            through: RetiredThrough::Retire,
            at: env.block.time.seconds(),
        },
    )?;
    let response = Response::new()
        .add_attribute("action", "retire")
        .add_attribute("batch_id", batch_id.to_string())
        .add_attribute("holder", info.sender)
        .add_attribute("amount", amount.to_string());
    Ok(certified.add_to(response))
}

pub fn cancel(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    batch_id: u64,
    amount: u64,
    reason: String,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    ensure_some("a cancellation's amount", amount)?;
    let reason = validate::text("reason", &reason, MAX_REASON_LEN)?;
    let mut batch = issued_batch(deps.storage, batch_id)?;
    let holding = take_tradable(deps.storage, batch_id, &info.sender, amount)?;

    save_holding(deps.storage, &info.sender, batch_id, &holding)?;
    batch.totals.tradable = sub(batch.totals.tradable, amount)?;
    batch.totals.cancelled = add(batch.totals.cancelled, amount)?;
    BATCHES.save(deps.storage, batch_id, &batch)?;
    record_event(
        deps.storage,
        batch_id,
        env.block.time.seconds(),
        &[&info.sender],
        HistoryEntry::Cancelled {
            holder: info.sender.to_string(),
            amount,
            reason: reason.clone(),
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "cancel")
        .add_attribute("batch_id", batch_id.to_string())
        .add_attribute("holder", info.sender)
        .add_attribute("amount", amount.to_string())
        .add_attribute("reason", reason))
}
