//! The instalment ledger: creating, paying, superseding and marking instalments overdue,
//! keeping every index and the per-meter running total of what is open in step.
//!
//! Invariants held here: an instalment is in `OPEN_BY_DUE` exactly while Open, in
//! `OVERDUE_BY_DUE` exactly while Overdue, in `UNPAID_BY_METER` while either; an Overdue
//! instalment is either in `OVERDUE_BY_CONSUMER` or in `HELD`, never both; `METER_DUE` of a
//! meter is the sum of `amount - paid` over the unpaid ones; `paid` never exceeds `amount`.

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, CosmosMsg, Storage, Uint128, WasmMsg, to_json_binary};
use cw_storage_plus::{Map, PrimaryKey};
use cw20::Cw20ExecuteMsg;
use ledger_types::admin::MeterInfo;
use ledger_types::bank::{
    BillAccount, Instalment, InstalmentKind, InstalmentStatus, Payment, PaymentSource,
};

use crate::ContractError;
use crate::ContractResult;
use crate::state::{
    BILLS, CREDIT, HELD, Hold, INSTALMENTS, INSTALMENTS_BY_METER, LAST_INSTALMENT_ID,
    LAST_PAYMENT_ID, METER_DUE, OPEN_BY_DUE, OVERDUE_BY_CONSUMER, OVERDUE_BY_DUE, PAYMENTS,
    PAYMENTS_BY_BILL, PAYMENTS_BY_CONSUMER, PREPAID, RECHECK, UNPAID_BY_METER, next_id,
};

/// A fresh account for a period that has none yet.
pub fn new_account(meter_id: &str, period: u32) -> BillAccount {
    BillAccount {
        meter_id: meter_id.to_string(),
        period,
        total: None,
        advances_paid: Uint128::zero(),
        final_paid: Uint128::zero(),
        instalment_ids: vec![],
        router: None,
    }
}

/// The account of a bill that must exist (every instalment belongs to one).
pub fn load_account(
    storage: &dyn Storage,
    meter_id: &str,
    period: u32,
) -> ContractResult<BillAccount> {
    BILLS
        .may_load(storage, (meter_id, period))?
        .ok_or_else(|| ContractError::BillNotFound {
            meter_id: meter_id.to_string(),
            period,
        })
}

/// Whether an instalment still waits for payment.
pub fn is_unpaid(status: InstalmentStatus) -> bool {
    matches!(status, InstalmentStatus::Open | InstalmentStatus::Overdue)
}

/// What remains to pay on an instalment.
pub fn remaining(inst: &Instalment) -> ContractResult<Uint128> {
    Ok(inst.amount.checked_sub(inst.paid)?)
}

/// Creates an Open instalment in `account`'s period, indexes it, and applies the meter's
/// credit to it first (a payment with source Credit; fully covered means Paid). The caller
/// saves `account`.
pub fn create_instalment(
    storage: &mut dyn Storage,
    meter: &MeterInfo,
    account: &mut BillAccount,
    kind: InstalmentKind,
    due: u64,
    amount: Uint128,
    now: u64,
) -> ContractResult<Instalment> {
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {
            what: "instalment".to_string(),
        });
    }
    let id = next_id(storage, &LAST_INSTALMENT_ID)?;
    let meter_id = account.meter_id.as_str();
    let mut inst = Instalment {
        id,
        meter_id: meter_id.to_string(),
        consumer: meter.owner.clone(),
        retailer: meter.retailer.clone(),
        period: account.period,
        kind,
        due,
        amount,
        paid: Uint128::zero(),
        status: InstalmentStatus::Open,
    };
    INSTALMENTS_BY_METER.save(storage, (meter_id, id), &())?;
    OPEN_BY_DUE.save(storage, (due, id), &())?;
    UNPAID_BY_METER.save(storage, (meter_id, due, id), &())?;
    let due_total = METER_DUES.get(storage, meter_id)?.checked_add(amount)?;
    METER_DUE.save(storage, meter_id, &due_total)?;
    account.instalment_ids.push(id);

    let credit = CREDIT.may_load(storage, meter_id)?.unwrap_or_default();
    let used = credit.min(amount);
    if used.is_zero() {
        INSTALMENTS.save(storage, id, &inst)?;
    } else {
        pay(
            storage,
            &mut inst,
            account,
            used,
            PaymentSource::Credit,
            now,
        )?;
        CREDITS.set(storage, &inst.meter_id, credit.checked_sub(used)?)?;
    }
    Ok(inst)
}

/// Records a payment of `amount` on an Open or Overdue instalment and updates its bill's
/// `account` (which the caller saves). A fully paid instalment becomes Paid and leaves every
/// index. Moving tokens is the caller's business.
pub fn pay(
    storage: &mut dyn Storage,
    inst: &mut Instalment,
    account: &mut BillAccount,
    amount: Uint128,
    source: PaymentSource,
    now: u64,
) -> ContractResult<Payment> {
    if !is_unpaid(inst.status) {
        return Err(ContractError::InstalmentNotPayable {
            id: inst.id,
            status: format!("{:?}", inst.status),
        });
    }
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {
            what: "instalment payment".to_string(),
        });
    }
    let paid = inst.paid.checked_add(amount)?;
    if paid > inst.amount {
        return Err(ContractError::InstalmentOverpaid {
            id: inst.id,
            amount: inst.amount,
            paid: inst.paid,
            payment: amount,
        });
    }
    match inst.kind {
        InstalmentKind::Advance { .. } => {
            account.advances_paid = account.advances_paid.checked_add(amount)?
        }
        InstalmentKind::Final => account.final_paid = account.final_paid.checked_add(amount)?,
    }
    let due_total = METER_DUES
        .get(storage, &inst.meter_id)?
        .checked_sub(amount)?;
    METER_DUES.set(storage, &inst.meter_id, due_total)?;
    inst.paid = paid;
    if paid == inst.amount {
        unindex(storage, inst);
        inst.status = InstalmentStatus::Paid;
    }
    INSTALMENTS.save(storage, inst.id, inst)?;

    let id = next_id(storage, &LAST_PAYMENT_ID)?;
    let payment = Payment {
        id,
        instalment_id: inst.id,
        meter_id: inst.meter_id.clone(),
        period: inst.period,
        consumer: inst.consumer.clone(),
        retailer: inst.retailer.clone(),
        amount,
        source,
        at: now,
    };
    PAYMENTS.save(storage, id, &payment)?;
    PAYMENTS_BY_CONSUMER.save(storage, (&inst.consumer, id), &())?;
    PAYMENTS_BY_BILL.save(storage, (&inst.meter_id, inst.period, id), &())?;
    Ok(payment)
}

/// Turns an Open instalment that fell due unpaid into an Overdue one.
pub fn mark_overdue(storage: &mut dyn Storage, inst: &mut Instalment) -> ContractResult<()> {
    if inst.status != InstalmentStatus::Open {
        return Err(ContractError::InstalmentNotPayable {
            id: inst.id,
            status: format!("{:?}", inst.status),
        });
    }
    OPEN_BY_DUE.remove(storage, (inst.due, inst.id));
    OVERDUE_BY_DUE.save(storage, (inst.due, inst.id), &())?;
    OVERDUE_BY_CONSUMER.save(storage, (&inst.consumer, inst.due, inst.id), &())?;
    inst.status = InstalmentStatus::Overdue;
    INSTALMENTS.save(storage, inst.id, inst)?;
    Ok(())
}

/// Holds an Overdue instalment because `party` (its consumer or retailer) is blacklisted:
/// `Settle` no longer tries to pay it until the hold is released. Keeps the first `since`.
pub fn hold(
    storage: &mut dyn Storage,
    inst: &Instalment,
    party: &Addr,
    reason: &str,
    now: u64,
) -> ContractResult<()> {
    if inst.status != InstalmentStatus::Overdue {
        return Err(ContractError::InstalmentNotPayable {
            id: inst.id,
            status: format!("{:?}", inst.status),
        });
    }
    let since = HELD
        .may_load(storage, inst.id)?
        .map_or(now, |held| held.since);
    OVERDUE_BY_CONSUMER.remove(storage, (&inst.consumer, inst.due, inst.id));
    HELD.save(
        storage,
        inst.id,
        &Hold {
            party: party.clone(),
            reason: reason.to_string(),
            since,
        },
    )?;
    Ok(())
}

/// Releases a held instalment whose parties are no longer blacklisted: it is an ordinary
/// Overdue instalment again, and its consumer is queued for `Settle`.
pub fn release(storage: &mut dyn Storage, inst: &Instalment) -> ContractResult<()> {
    HELD.remove(storage, inst.id);
    OVERDUE_BY_CONSUMER.save(storage, (&inst.consumer, inst.due, inst.id), &())?;
    RECHECK.save(storage, &inst.consumer, &())?;
    Ok(())
}

/// Queues `consumer` for `Settle` when it has Overdue instalments that are not held: called
/// whenever its prepaid balance grows.
pub fn queue_if_overdue(storage: &mut dyn Storage, consumer: &Addr) -> ContractResult<()> {
    let overdue = OVERDUE_BY_CONSUMER
        .sub_prefix(consumer)
        .keys(storage, None, None, cosmwasm_std::Order::Ascending)
        .next()
        .transpose()?
        .is_some();
    if overdue {
        RECHECK.save(storage, consumer, &())?;
    }
    Ok(())
}

/// Replaces an unpaid instalment (an advance whose period got its bill): it leaves every index
/// and what remained of it is no longer open. Returns what remained.
pub fn supersede(storage: &mut dyn Storage, inst: &mut Instalment) -> ContractResult<Uint128> {
    if !is_unpaid(inst.status) {
        return Err(ContractError::InstalmentNotPayable {
            id: inst.id,
            status: format!("{:?}", inst.status),
        });
    }
    let left = remaining(inst)?;
    let due_total = METER_DUES.get(storage, &inst.meter_id)?.checked_sub(left)?;
    METER_DUES.set(storage, &inst.meter_id, due_total)?;
    unindex(storage, inst);
    inst.status = InstalmentStatus::Superseded;
    INSTALMENTS.save(storage, inst.id, inst)?;
    Ok(left)
}

/// Removes an unpaid instalment from the indexes of its current status.
fn unindex(storage: &mut dyn Storage, inst: &Instalment) {
    match inst.status {
        InstalmentStatus::Open => OPEN_BY_DUE.remove(storage, (inst.due, inst.id)),
        InstalmentStatus::Overdue => {
            OVERDUE_BY_DUE.remove(storage, (inst.due, inst.id));
            OVERDUE_BY_CONSUMER.remove(storage, (&inst.consumer, inst.due, inst.id));
            HELD.remove(storage, inst.id);
        }
        InstalmentStatus::Paid | InstalmentStatus::Superseded => {}
    }
    UNPAID_BY_METER.remove(storage, (&inst.meter_id, inst.due, inst.id));
}

/// Amounts kept per key where no entry stands for zero.
pub struct Amounts<K>(Map<K, Uint128>);

impl<'a, K: PrimaryKey<'a>> Amounts<K> {
    /// The amount under `key`; zero when there is no entry.
    pub fn get(&self, storage: &dyn Storage, key: K) -> ContractResult<Uint128> {
        Ok(self.0.may_load(storage, key)?.unwrap_or_default())
    }

    /// Sets the amount under `key`, removing the entry when zero.
    pub fn set(&self, storage: &mut dyn Storage, key: K, amount: Uint128) -> ContractResult<()> {
        if amount.is_zero() {
            self.0.remove(storage, key);
        } else {
            self.0.save(storage, key, &amount)?;
        }
        Ok(())
    }
}

/// What remains to pay on each meter's Open and Overdue instalments.
pub const METER_DUES: Amounts<&str> = Amounts(METER_DUE);
/// Each meter's unused credit.
pub const CREDITS: Amounts<&str> = Amounts(CREDIT);
/// Each consumer's prepaid balance.
pub const PREPAID_BALANCES: Amounts<&Addr> = Amounts(PREPAID);

/// Token transfers to retailers gathered over one action, sent as one transfer per retailer.
#[derive(Default)]
pub struct Transfers(BTreeMap<Addr, Uint128>);

impl Transfers {
    pub fn add(&mut self, retailer: &Addr, amount: Uint128) -> ContractResult<()> {
        let entry = self.0.entry(retailer.clone()).or_default();
        *entry = entry.checked_add(amount)?;
        Ok(())
    }

    /// The sum of every transfer.
    pub fn total(&self) -> ContractResult<Uint128> {
        self.0
            .values()
            .try_fold(Uint128::zero(), |sum, amount| Ok(sum.checked_add(*amount)?))
    }

    /// One cw20 `Transfer` from the bank's balance per retailer, in address order.
    pub fn into_msgs(self, token: &Addr) -> ContractResult<Vec<CosmosMsg>> {
        self.0
            .into_iter()
            .filter(|(_, amount)| !amount.is_zero())
            .map(|(recipient, amount)| {
                Ok(WasmMsg::Execute {
                    contract_addr: token.to_string(),
                    msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                        recipient: recipient.to_string(),
                        amount,
                    })?,
                    funds: vec![],
                }
                .into())
            })
            .collect()
    }
}
