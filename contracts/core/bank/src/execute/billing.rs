//! Notices from meter contracts: a period's advances, and a closed period's bill.

use cosmwasm_std::{
    DepsMut, Env, MessageInfo, OverflowError, OverflowOperation, Response, Storage, Uint128,
};
use ledger_types::admin::MeterInfo;
use ledger_types::bank::{AdvanceNotice, BillNotice, InstalmentKind};
use ledger_types::billing::BPS_WHOLE;

use crate::ContractError;
use crate::ContractResult;
use crate::execute::ensure_meter_notice;
use crate::ledger::{self, CREDITS, is_unpaid, new_account};
use crate::state::{BILLS, INSTALMENTS};
use crate::statuses::{BillStatuses, reporting_router};

/// Most advances one period may have.
pub const MAX_ADVANCES: usize = 12;

/// `next_advances` of a recorded bill: the next period's advances were created by this bill.
pub const NEXT_SCHEDULED: &str = "scheduled";

/// `next_advances` of a recorded bill: the next period already had its account (its advances
/// or its bill arrived first), so this bill created none.
pub const NEXT_ALREADY_SCHEDULED: &str = "already_scheduled";

/// The meter's contract: creates the period's advances.
pub fn schedule_advances(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    notice: AdvanceNotice,
) -> ContractResult {
    let meter = ensure_meter_notice(deps.as_ref(), &info, &notice.meter_id)?;

    check_advances(&notice)?;
    ensure_unscheduled(deps.storage, &notice.meter_id, notice.period)?;

    let ids = write_advances(deps.storage, &meter, &notice, env.block.time.seconds())?;
    Ok(Response::new()
        .add_attribute("action", "schedule_advances")
        .add_attribute("meter_id", notice.meter_id)
        .add_attribute("period", notice.period.to_string())
        .add_attribute("estimate", notice.estimate)
        .add_attribute("instalment_ids", join(&ids)))
}

/// The meter's contract: records the bill, supersedes the period's unpaid advances, creates
/// the final instalment (or credit when the advances paid exceed the bill) and schedules the
/// next period's advances, unless that period already has an account: then its advances stay
/// as they are (`next_advances = already_scheduled`). A regional bill's status goes to its
/// router (see `statuses`).
pub fn record_bill(deps: DepsMut, env: Env, info: MessageInfo, bill: BillNotice) -> ContractResult {
    let meter = ensure_meter_notice(deps.as_ref(), &info, &bill.meter_id)?;
    // The consumer's standing is deliberately not asked: a bill is a debt for energy already
    // consumed, and a blacklisting (which may come while a regional bill is crossing) does not
    // undo it. Refusing it would leave a true debt parked on the region's chain, invisible
    // here. It is recorded and owed; what blacklisting stops is payment (`Settle` holds the
    // instalment, `MakePayment` refuses) until it is lifted. The meter's own credit, money
    // already paid, still offsets it. See router/tests/blacklisted_in_flight.rs.

    let next_period = bill
        .period
        .checked_add(1)
        .ok_or(OverflowError::new(OverflowOperation::Add))?;
    if bill.next.meter_id != bill.meter_id || bill.next.period != next_period {
        return Err(ContractError::NextNoticeMismatch {
            meter_id: bill.meter_id,
            expected_period: next_period,
            next_meter_id: bill.next.meter_id,
            next_period: bill.next.period,
        });
    }
    check_advances(&bill.next)?;
    let mut account = BILLS
        .may_load(deps.storage, (&bill.meter_id, bill.period))?
        .unwrap_or_else(|| new_account(&bill.meter_id, bill.period));
    if account.total.is_some() {
        return Err(ContractError::BillAlreadyRecorded {
            meter_id: bill.meter_id,
            period: bill.period,
        });
    }
    // Regional bills cross an unordered channel: the next period's bill (or its advances) may
    // have been recorded first. That period already charges its own instalments, so this bill is
    // still recorded but must not schedule them a second time.
    let next_already_open = BILLS.has(deps.storage, (&bill.meter_id, next_period));

    let now = env.block.time.seconds();
    let mut superseded = Vec::new();
    for id in account.instalment_ids.clone() {
        let mut inst = INSTALMENTS.load(deps.storage, id)?;
        if matches!(inst.kind, InstalmentKind::Advance { .. }) && is_unpaid(inst.status) {
            ledger::supersede(deps.storage, &mut inst)?;
            superseded.push(id);
        }
    }

    let (final_amount, excess) = if account.advances_paid > bill.total {
        (
            Uint128::zero(),
            account.advances_paid.checked_sub(bill.total)?,
        )
    } else {
        (
            bill.total.checked_sub(account.advances_paid)?,
            Uint128::zero(),
        )
    };
    if !excess.is_zero() {
        let credit = CREDITS
            .get(deps.storage, &bill.meter_id)?
            .checked_add(excess)?;
        CREDITS.set(deps.storage, &bill.meter_id, credit)?;
    }
    account.total = Some(bill.total);
    account.router = reporting_router(&meter);
    let final_id = if final_amount.is_zero() {
        None
    } else {
        let inst = ledger::create_instalment(
            deps.storage,
            &meter,
            &mut account,
            InstalmentKind::Final,
            bill.final_due,
            final_amount,
            now,
        )?;
        Some(inst.id)
    };
    BILLS.save(deps.storage, (&bill.meter_id, bill.period), &account)?;
    let (next_advances, next_ids) = if next_already_open {
        (NEXT_ALREADY_SCHEDULED, Vec::new())
    } else {
        (
            NEXT_SCHEDULED,
            write_advances(deps.storage, &meter, &bill.next, now)?,
        )
    };
    let mut statuses = BillStatuses::default();
    statuses.touch(&account)?;

    let response = Response::new()
        .add_attribute("action", "record_bill")
        .add_attribute("meter_id", bill.meter_id)
        .add_attribute("period", bill.period.to_string())
        .add_attribute("total", bill.total)
        .add_attribute("advances_paid", account.advances_paid)
        .add_attribute("final_amount", final_amount)
        .add_attribute(
            "final_instalment_id",
            final_id.map(|id| id.to_string()).unwrap_or_default(),
        )
        .add_attribute("credit_added", excess)
        .add_attribute("superseded_ids", join(&superseded))
        .add_attribute("next_period", next_period.to_string())
        .add_attribute("next_advances", next_advances)
        .add_attribute("next_instalment_ids", join(&next_ids));
    statuses.report(response)
}

/// Refuses more advances than a period may have, or shares beyond the whole.
fn check_advances(notice: &AdvanceNotice) -> ContractResult<()> {
    let count = notice.advances.len();
    if count > MAX_ADVANCES {
        return Err(ContractError::TooManyAdvances {
            count,
            max: MAX_ADVANCES,
        });
    }
    let total_bps: u32 = notice.advances.iter().map(|term| u32::from(term.bps)).sum();
    if total_bps > u32::from(BPS_WHOLE) {
        return Err(ContractError::AdvancesExceedWhole { total_bps });
    }
    Ok(())
}

/// Refuses a period that already has advances or a bill.
fn ensure_unscheduled(storage: &dyn Storage, meter_id: &str, period: u32) -> ContractResult<()> {
    if BILLS.has(storage, (meter_id, period)) {
        return Err(ContractError::AlreadyScheduled {
            meter_id: meter_id.to_string(),
            period,
        });
    }
    Ok(())
}

/// Opens the period's account with one instalment per advance of non-zero amount
/// (`estimate * bps / 10000`, rounded down). Returns the new instalments' ids.
fn write_advances(
    storage: &mut dyn Storage,
    meter: &MeterInfo,
    notice: &AdvanceNotice,
    now: u64,
) -> ContractResult<Vec<u64>> {
    let mut account = new_account(&notice.meter_id, notice.period);
    account.router = reporting_router(meter);
    for (index, term) in notice.advances.iter().enumerate() {
        let amount = notice
            .estimate
            .checked_multiply_ratio(term.bps, BPS_WHOLE)?;
        if amount.is_zero() {
            continue;
        }
        let number = u8::try_from(index + 1).map_err(|_| ContractError::TooManyAdvances {
            count: notice.advances.len(),
            max: MAX_ADVANCES,
        })?;
        ledger::create_instalment(
            storage,
            meter,
            &mut account,
            InstalmentKind::Advance { number },
            term.due,
            amount,
            now,
        )?;
    }
    BILLS.save(storage, (&notice.meter_id, notice.period), &account)?;
    Ok(account.instalment_ids)
}

fn join(ids: &[u64]) -> String {
    ids.iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(",")
}
