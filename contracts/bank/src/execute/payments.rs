//! Paying instalments from prepaid balances: automatically when they fall due (`Settle`), or
//! on a bank operator's order (`MakePayment`).

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Order, Response, StdResult, Uint128};
use cw_storage_plus::Bound;
use cw_utils::nonpayable;
use ledger_types::bank::{DEFAULT_SETTLE_LIMIT, MAX_SETTLE_LIMIT, PaymentSource};

use crate::ContractError;
use crate::execute::load_token;
use crate::ledger::{self, Transfers, load_account, meter_due, prepaid_of, remaining, set_prepaid};
use crate::registry::{blacklisting, ensure_bank_operator, ensure_not_blacklisted, meter};
use crate::state::{BILLS, CONFIG, INSTALMENTS, OPEN_BY_DUE, TOTALS, UNPAID_BY_METER};

/// Anyone: walks the Open instalments that have fallen due, oldest first, at most `limit`;
/// pays each in full from its consumer's prepaid balance, or marks it Overdue when the balance
/// falls short or the consumer is blacklisted.
pub fn settle(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    limit: Option<u32>,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let limit = limit.unwrap_or(DEFAULT_SETTLE_LIMIT);
    if limit == 0 || limit > MAX_SETTLE_LIMIT {
        return Err(ContractError::InvalidSettleLimit {
            limit,
            max: MAX_SETTLE_LIMIT,
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let token = load_token(deps.storage)?;

    let now = env.block.time.seconds();
    let fallen_due = OPEN_BY_DUE
        .keys(
            deps.storage,
            None,
            Some(Bound::inclusive((now, u64::MAX))),
            Order::Ascending,
        )
        .take(limit as usize)
        .collect::<StdResult<Vec<_>>>()?;

    let mut blacklisted: BTreeMap<Addr, bool> = BTreeMap::new();
    let mut transfers = Transfers::default();
    let mut totals = TOTALS.load(deps.storage)?;
    let (mut paid, mut overdue) = (0u32, 0u32);
    for (_, id) in &fallen_due {
        let mut inst = INSTALMENTS.load(deps.storage, *id)?;
        let barred = match blacklisted.get(&inst.consumer) {
            Some(barred) => *barred,
            None => {
                let barred =
                    blacklisting(&deps.querier, &config.admin_contract, &inst.consumer)?.is_some();
                blacklisted.insert(inst.consumer.clone(), barred);
                barred
            }
        };
        let owed = remaining(&inst)?;
        let balance = prepaid_of(deps.storage, &inst.consumer)?;
        if barred || balance < owed {
            ledger::mark_overdue(deps.storage, &mut inst)?;
            overdue += 1;
            continue;
        }
        let mut account = load_account(deps.storage, &inst.meter_id, inst.period)?;
        ledger::pay(
            deps.storage,
            &mut inst,
            &mut account,
            owed,
            PaymentSource::Automatic,
            now,
        )?;
        BILLS.save(deps.storage, (&inst.meter_id, inst.period), &account)?;
        set_prepaid(deps.storage, &inst.consumer, balance.checked_sub(owed)?)?;
        transfers.add(&inst.retailer, owed)?;
        paid += 1;
    }
    let amount_paid = transfers.total()?;
    totals.prepaid = totals.prepaid.checked_sub(amount_paid)?;
    totals.paid_out = totals.paid_out.checked_add(amount_paid)?;
    TOTALS.save(deps.storage, &totals)?;

    Ok(Response::new()
        .add_messages(transfers.into_msgs(&token)?)
        .add_attribute("action", "settle")
        .add_attribute("processed", fallen_due.len().to_string())
        .add_attribute("paid", paid.to_string())
        .add_attribute("overdue", overdue.to_string())
        .add_attribute("amount_paid", amount_paid))
}

/// Bank operator: pays `amount` of a meter's Open and Overdue instalments, oldest due first,
/// from its owner's prepaid balance. The last instalment reached may be paid in part.
pub fn make_payment(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    meter_id: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let config = CONFIG.load(deps.storage)?;
    ensure_bank_operator(&deps.querier, &config.admin_contract, &info.sender)?;

    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {
            what: "payment".to_string(),
        });
    }
    let info_meter = meter(&deps.querier, &config.admin_contract, &meter_id)?;
    let consumer = info_meter.owner;
    ensure_not_blacklisted(&deps.querier, &config.admin_contract, &consumer)?;
    let due = meter_due(deps.storage, &meter_id)?;
    if amount > due {
        return Err(ContractError::PaymentExceedsDue {
            meter_id,
            due,
            requested: amount,
        });
    }
    let balance = prepaid_of(deps.storage, &consumer)?;
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
        transfers.add(&inst.retailer, portion)?;
        payment_ids.push(payment.id.to_string());
        if inst.paid == inst.amount {
            settled += 1;
        }
    }
    set_prepaid(deps.storage, &consumer, balance.checked_sub(amount)?)?;
    let mut totals = TOTALS.load(deps.storage)?;
    totals.prepaid = totals.prepaid.checked_sub(amount)?;
    totals.paid_out = totals.paid_out.checked_add(amount)?;
    TOTALS.save(deps.storage, &totals)?;

    Ok(Response::new()
        .add_messages(transfers.into_msgs(&token)?)
        .add_attribute("action", "make_payment")
        .add_attribute("meter_id", meter_id)
        .add_attribute("consumer", consumer)
        .add_attribute("amount", amount)
        .add_attribute("payment_ids", payment_ids.join(","))
        .add_attribute("instalments_paid", settled.to_string())
        .add_attribute("operator", info.sender))
}
