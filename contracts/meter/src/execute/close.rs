//! `ClosePeriod`: prices an ended period with the tariff, stores the bill and hands it to the
//! bank. The work is the same whatever the number of readings: the period's totals and
//! hourly profile were kept up to date as the readings arrived.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use ledger_types::bank::{BillNotice, ExecuteMsg as BankExecuteMsg};
use ledger_types::meter::Bill;
use ledger_types::tariff::{QueryMsg as TariffQueryMsg, QuoteResponse, UsageProfile};

use crate::billing::{advance_notice, bank_msg, day_start};
use crate::error::ContractError;
use crate::state::{BILLS, CONFIG, METER_RECORDS, METERS, RULES};
use crate::usage::period_usage;

/// Anyone, once the period has ended; periods close in order, each once.
pub fn close_period(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    meter_id: String,
    period: u32,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let Some(mut record) = METER_RECORDS.may_load(deps.storage, &meter_id)? else {
        return Err(ContractError::UnknownMeter { meter_id });
    };
    let expected = record.next_period_to_close;
    if period < expected {
        return Err(ContractError::PeriodAlreadyClosed { meter_id, period });
    }
    if period > expected {
        return Err(ContractError::PeriodNotNext {
            meter_id,
            period,
            expected,
        });
    }
    let rules = RULES.load(deps.storage)?;
    let now = env.block.time.seconds();
    let usage = period_usage(deps.storage, &rules.cycle, &record, period)?;
    if now < usage.end {
        return Err(ContractError::PeriodNotEnded {
            meter_id,
            period,
            ends_at: usage.end,
        });
    }
    let next_period = period
        .checked_add(1)
        .ok_or(ContractError::PeriodOutOfRange { period })?;

    let config = CONFIG.load(deps.storage)?;
    let profile = METERS.load(deps.storage, &meter_id)?;
    let quote: QuoteResponse = deps
        .querier
        .query_wasm_smart(
            &config.tariff_contract,
            &TariffQueryMsg::Quote {
                tariff_id: profile.tariff_id.clone(),
                usage: UsageProfile {
                    period_start: usage.start,
                    period_end: usage.end,
                    energy_wh: usage.energy_wh,
                    max_power_w: usage.max_power_w,
                    hourly: usage.hourly,
                },
            },
        )
        .map_err(|e| ContractError::QuoteFailed {
            meter_id: meter_id.clone(),
            period,
            reason: e.to_string(),
        })?;

    let notice = BillNotice {
        meter_id: meter_id.clone(),
        period,
        total: quote.total,
        final_due: day_start(&rules.cycle, next_period, config.schedule.final_day)?,
        next: advance_notice(
            &rules.cycle,
            &config.schedule,
            &meter_id,
            next_period,
            quote.total,
        )?,
    };
    let bill = Bill {
        meter_id: meter_id.clone(),
        period,
        period_start: usage.start,
        period_end: usage.end,
        energy_wh: usage.energy_wh,
        max_power_w: usage.max_power_w,
        tariff_id: profile.tariff_id,
        tariff_version: quote.version,
        lines: quote.lines,
        subtotal: quote.subtotal,
        tax: quote.tax,
        total: quote.total,
        closed_at: now,
    };
    BILLS.save(deps.storage, (&meter_id, period), &bill)?;
    record.next_period_to_close = next_period;
    METER_RECORDS.save(deps.storage, &meter_id, &record)?;

    Ok(Response::new()
        .add_message(bank_msg(
            &config.bank_contract,
            &BankExecuteMsg::RecordBill(notice),
        )?)
        .add_attribute("action", "close_period")
        .add_attribute("meter_id", meter_id)
        .add_attribute("period", period.to_string())
        .add_attribute("energy_wh", bill.energy_wh.to_string())
        .add_attribute("tariff_version", bill.tariff_version.to_string())
        .add_attribute("total", bill.total))
}
