//! Paying instalments from prepaid balances: automatically when they fall due (`Settle`), or
//! on a bank operator's order (`MakePayment`). An instalment whose consumer or retailer is
//! blacklisted is never paid: it stays unpaid and is held (see `ledger::hold`).

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Order, Response, StdResult, Uint128};
use cw_storage_plus::Bound;
use cw_utils::nonpayable;
use ledger_contract_kit::pause::ensure_running;
use ledger_types::bank::{DEFAULT_SETTLE_LIMIT, Instalment, MAX_SETTLE_LIMIT, PaymentSource};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::{ensure_operator_action, load_registry, load_token};
use crate::ledger::{self, METER_DUES, PREPAID_BALANCES, Transfers, load_account, remaining};
use crate::registry::{Blacklist, meter};
use crate::state::{
    BILLS, HELD, HELD_CURSOR, INSTALMENTS, OPEN_BY_DUE, OVERDUE_BY_CONSUMER, RECHECK, TOTALS,
    UNPAID_BY_METER,
};
use crate::statuses::BillStatuses;

/// What one `Settle` did.
#[derive(Default)]
struct Run {
    transfers: Transfers,
    /// The regional bills paid, for their router.
    statuses: BillStatuses,
    paid: u32,
    overdue: u32,
    held: u32,
    released: u32,
    processed: u32,
}

/// Anyone: settles what can be settled, in three steps of at most `limit` instalments each:
///
/// 1. held instalments (id order, from where the last `Settle` stopped, wrapping round) are
///    re-checked; one whose parties are no longer blacklisted is released and its consumer
///    queued;
/// 2. consumers funded since their instalments went overdue are walked in address order, each
///    one's overdue instalments oldest due first, paid while the prepaid balance covers them;
///    a blacklisted party holds the instalment, a balance short of the oldest ends the
///    consumer's turn (it is queued again by its next funding);
/// 3. Open instalments that have fallen due, in due-date order: paid in full from the prepaid
///    balance, or marked Overdue when the balance falls short, when the consumer still has
///    older overdue instalments (oldest first), or when a party is blacklisted (then held).
pub fn settle(deps: DepsMut, env: Env, info: MessageInfo, limit: Option<u32>) -> ContractResult {
    nonpayable(&info)?;
    ensure_running(deps.storage)?;
    let limit = limit.unwrap_or(DEFAULT_SETTLE_LIMIT);
    if limit == 0 || limit > MAX_SETTLE_LIMIT {
        return Err(ContractError::InvalidSettleLimit {
            limit,
            max: MAX_SETTLE_LIMIT,
        });
    }
    let registry = load_registry(deps.storage)?;
    let token = load_token(deps.storage)?;
    let querier = deps.querier;
    let mut blacklist = Blacklist::new(&registry, &querier);
    let storage = deps.storage;
    let now = env.block.time.seconds();
    let mut run = Run::default();

    // 1. Held instalments whose parties were cleared.
    let cursor = HELD_CURSOR.may_load(storage)?.unwrap_or_default();
    let held_ids = HELD
        .keys(
            storage,
            Some(Bound::exclusive(cursor)),
            None,
            Order::Ascending,
        )
        .take(limit as usize)
        .collect::<StdResult<Vec<_>>>()?;
    let next_cursor = match held_ids.last() {
        Some(last) if held_ids.len() == limit as usize => *last,
        _ => 0,
    };
    if next_cursor != cursor {
        HELD_CURSOR.save(storage, &next_cursor)?;
    }
    for id in held_ids {
        let inst = INSTALMENTS.load(storage, id)?;
        match blacklist.barred(&inst)? {
            Some((party, reason)) => {
                ledger::hold(storage, &inst, &party, &reason, now)?;
                run.held += 1;
            }
            None => {
                ledger::release(storage, &inst)?;
                run.released += 1;
            }
        }
    }

    // 2. Funded consumers' overdue instalments, oldest first.
    let mut budget = limit;
    let queued = RECHECK
        .keys(storage, None, None, Order::Ascending)
        .take(limit as usize)
        .collect::<StdResult<Vec<Addr>>>()?;
    for consumer in queued {
        loop {
            if budget == 0 {
                break;
            }
            let oldest = OVERDUE_BY_CONSUMER
                .sub_prefix(&consumer)
                .keys(storage, None, None, Order::Ascending)
                .next()
                .transpose()?;
            let Some((_, id)) = oldest else {
                RECHECK.remove(storage, &consumer);
                break;
            };
            budget -= 1;
            run.processed += 1;
            let mut inst = INSTALMENTS.load(storage, id)?;
            if let Some((party, reason)) = blacklist.barred(&inst)? {
                ledger::hold(storage, &inst, &party, &reason, now)?;
                run.held += 1;
                continue;
            }
            if !pay_from_prepaid(storage, &mut inst, now, &mut run)? {
                RECHECK.remove(storage, &consumer);
                break;
            }
        }
    }

    // 3. Open instalments that have fallen due.
    let fallen_due = OPEN_BY_DUE
        .keys(
            storage,
            None,
            Some(Bound::inclusive((now, u64::MAX))),
            Order::Ascending,
        )
        .take(limit as usize)
        .collect::<StdResult<Vec<_>>>()?;
    for (_, id) in fallen_due {
        run.processed += 1;
        let mut inst = INSTALMENTS.load(storage, id)?;
        if let Some((party, reason)) = blacklist.barred(&inst)? {
            ledger::mark_overdue(storage, &mut inst)?;
            ledger::hold(storage, &inst, &party, &reason, now)?;
            run.overdue += 1;
            run.held += 1;
            continue;
        }
        let older_overdue = OVERDUE_BY_CONSUMER
            .sub_prefix(&inst.consumer)
            .keys(storage, None, None, Order::Ascending)
            .next()
            .is_some();
        if older_overdue || !pay_from_prepaid(storage, &mut inst, now, &mut run)? {
            ledger::mark_overdue(storage, &mut inst)?;
            run.overdue += 1;
        }
    }

    let amount_paid = run.transfers.total()?;
    let mut totals = TOTALS.load(storage)?;
    totals.prepaid = totals.prepaid.checked_sub(amount_paid)?;
    totals.paid_out = totals.paid_out.checked_add(amount_paid)?;
    TOTALS.save(storage, &totals)?;

    let response = Response::new()
        .add_messages(run.transfers.into_msgs(&token)?)
        .add_attribute("action", "settle")
        .add_attribute("processed", run.processed.to_string())
        .add_attribute("paid", run.paid.to_string())
        .add_attribute("overdue", run.overdue.to_string())
        .add_attribute("held_blacklisted", run.held.to_string())
        .add_attribute("released", run.released.to_string())
        .add_attribute("amount_paid", amount_paid);
    run.statuses.report(response)
}

/// Pays what remains of `inst` from its consumer's prepaid balance, if the balance covers it;
/// `false` (nothing written) when it does not. Totals are the caller's.
fn pay_from_prepaid(
    storage: &mut dyn cosmwasm_std::Storage,
    inst: &mut Instalment,
    now: u64,
    run: &mut Run,
) -> ContractResult<bool> {
    let owed = remaining(inst)?;
    let balance = PREPAID_BALANCES.get(storage, &inst.consumer)?;
    if balance < owed {
        return Ok(false);
    }
    let mut account = load_account(storage, &inst.meter_id, inst.period)?;
    ledger::pay(
        storage,
        inst,
        &mut account,
        owed,
        PaymentSource::Automatic,
        now,
    )?;
    BILLS.save(storage, (&inst.meter_id, inst.period), &account)?;
    run.statuses.touch(&account)?;
    PREPAID_BALANCES.set(storage, &inst.consumer, balance.checked_sub(owed)?)?;
    run.transfers.add(&inst.retailer, owed)?;
    run.paid += 1;
    Ok(true)
}

/// Bank operator: pays `amount` of a meter's Open and Overdue instalments, oldest due first,
/// from its owner's prepaid balance. The last instalment reached may be paid in part. Refused
/// with `Blacklisted` when the consumer, or the retailer of an instalment it would reach, is
/// blacklisted (a suspended consumer's or retailer's instalments are in flight and are paid).
pub fn make_payment(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    meter_id: String,
    amount: Uint128,
) -> ContractResult {
    let registry = ensure_operator_action(deps.as_ref(), &info)?;

    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {
            what: "payment".to_string(),
        });
    }
    let info_meter = meter(&deps.querier, &registry, &meter_id)?;
    let consumer = info_meter.owner;
    registry.ensure_not_blacklisted(&deps.querier, &consumer)?;
    let mut blacklist = Blacklist::new(&registry, &deps.querier);
    let due = METER_DUES.get(deps.storage, &meter_id)?;
    if amount > due {
        return Err(ContractError::PaymentExceedsDue {
            meter_id,
            due,
            requested: amount,
        });
    }
    let balance = PREPAID_BALANCES.get(deps.storage, &consumer)?;
    if balance < amount {
        return Err(ContractError::InsufficientPrepaid {
            consumer,
            balance,
            requested: amount,
        });
    }
    let token = load_token(deps.storage)?;

    // Plan first (reads only): which instalments take how much, oldest due first.
    let mut plan: Vec<(u64, Uint128)> = Vec::new();
    let mut left = amount;
    for key in
        UNPAID_BY_METER
            .sub_prefix(&meter_id)
            .keys(deps.storage, None, None, Order::Ascending)
    {
        if left.is_zero() {
            break;
        }
        let (_, id) = key?;
        let inst = INSTALMENTS.load(deps.storage, id)?;
        // An instalment owed to (or by) a blacklisted party stays open: refused, not skipped.
        blacklist.ensure_payable(&inst)?;
        let portion = remaining(&inst)?.min(left);
        if !portion.is_zero() {
            plan.push((id, portion));
            left = left.checked_sub(portion)?;
        }
    }
    if !left.is_zero() {
        return Err(ContractError::DueMismatch {
            meter_id,
            unallocated: left,
        });
    }

    let now = env.block.time.seconds();
    let mut transfers = Transfers::default();
    let mut statuses = BillStatuses::default();
    let mut payment_ids = Vec::with_capacity(plan.len());
    let mut settled = 0u32;
    for (id, portion) in plan {
        let mut inst = INSTALMENTS.load(deps.storage, id)?;
        let mut account = load_account(deps.storage, &inst.meter_id, inst.period)?;
        let payment = ledger::pay(
            deps.storage,
            &mut inst,
            &mut account,
            portion,
            PaymentSource::Operator,
            now,
        )?;
        BILLS.save(deps.storage, (&inst.meter_id, inst.period), &account)?;
        statuses.touch(&account)?;
        transfers.add(&inst.retailer, portion)?;
        payment_ids.push(payment.id.to_string());
        if inst.paid == inst.amount {
            settled += 1;
        }
    }
    PREPAID_BALANCES.set(deps.storage, &consumer, balance.checked_sub(amount)?)?;
    let mut totals = TOTALS.load(deps.storage)?;
    totals.prepaid = totals.prepaid.checked_sub(amount)?;
    totals.paid_out = totals.paid_out.checked_add(amount)?;
    TOTALS.save(deps.storage, &totals)?;

    let response = Response::new()
        .add_messages(transfers.into_msgs(&token)?)
        .add_attribute("action", "make_payment")
        .add_attribute("meter_id", meter_id)
        .add_attribute("consumer", consumer)
        .add_attribute("amount", amount)
        .add_attribute("payment_ids", payment_ids.join(","))
        .add_attribute("instalments_paid", settled.to_string())
        .add_attribute("operator", info.sender);
    statuses.report(response)
}
