//! The bank's word on what is paid of regional bills, carried to each bill's region as a
//! `BillStatus` whose revision grows with every change, so that the region keeps the newest
//! whatever order the unordered channel delivers them in.

use cosmwasm_std::{DepsMut, Env, MessageInfo, OverflowError, OverflowOperation, StdError};
use ledger_types::region::{BillStatus, ChainPoint, ToRegion};
use ledger_types::router::BillPayment;

use crate::execute::ensure_bank;
use crate::execute::routing::send_or_keep;
use crate::state::{BILL_STATUSES, ROUTES};
use crate::{ContractError, ContractResult};

/// The bank: what is paid of a bill of a routed meter changed. Sent to the meter's region, or
/// kept unsent while it has no open channel (a payment must not fail because a region is cut
/// off).
pub fn bill_paid(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    payment: BillPayment,
) -> ContractResult {
    let config = ensure_bank(deps.storage, &info)?;
    let Some(route) = ROUTES.may_load(deps.storage, &payment.meter_id)? else {
        return Err(ContractError::UnknownMeter {
            meter_id: payment.meter_id,
        });
    };
    let key = (payment.meter_id.as_str(), payment.period);
    let last = BILL_STATUSES.may_load(deps.storage, key)?;
    check(&payment, last.as_ref())?;
    let revision = last
        .map_or(0, |last| last.revision)
        .checked_add(1)
        .ok_or_else(|| StdError::from(OverflowError::new(OverflowOperation::Add)))?;

    let status = BillStatus {
        meter_id: payment.meter_id.clone(),
        period: payment.period,
        total: payment.total,
        paid: payment.paid,
        settled: payment.settled,
        revision,
        at: ChainPoint {
            height: env.block.height,
            time: env.block.time.seconds(),
        },
    };
    BILL_STATUSES.save(deps.storage, key, &status)?;
    let body = ToRegion::BillStatus(status);
    Ok(send_or_keep(
        deps.storage,
        &env,
        &config,
        "bill_paid",
        &route.region,
        body,
    )?
    .add_attribute("meter_id", payment.meter_id)
    .add_attribute("period", payment.period.to_string())
    .add_attribute("total", payment.total)
    .add_attribute("paid", payment.paid)
    .add_attribute("settled", payment.settled.to_string())
    .add_attribute("revision", revision.to_string()))
}

/// Refuses a payment that contradicts itself (`settled` is exactly `paid` reaching `total`) or
/// the bill's last status (a recorded bill's total never changes, and what is paid of it never
/// goes down).
fn check(payment: &BillPayment, last: Option<&BillStatus>) -> ContractResult<()> {
    let reason = if payment.settled != (payment.paid >= payment.total) {
        format!(
            "settled is {} while {} of {} is paid",
            payment.settled, payment.paid, payment.total
        )
    } else if let Some(last) = last.filter(|last| last.total != payment.total) {
        format!(
            "the bill's total is {}, not {} as before",
            payment.total, last.total
        )
    } else if let Some(last) = last.filter(|last| payment.paid < last.paid) {
        format!(
            "{} paid is less than the {} already reported",
            payment.paid, last.paid
        )
    } else {
        return Ok(());
    };
    Err(ContractError::InvalidBillPayment {
        meter_id: payment.meter_id.clone(),
        period: payment.period,
        reason,
    })
}
