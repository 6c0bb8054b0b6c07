//! `ClosePeriod`: prices an ended period with the tariff, stores the bill and hands it to the
//! bank. The work is the same whatever the number of readings: the period's totals and
//! hourly profile were kept up to date as the readings arrived, and so was the energy of
//! late readings (of periods closed before they arrived) that this bill carries.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Uint128};
use ledger_contract_kit::adapters::Tariff;
use ledger_types::bank::{BillNotice, ExecuteMsg as BankExecuteMsg};
use ledger_types::meter::{Bill, MeterKind};
use ledger_types::tariff::{LineItem, LineKind, QuoteResponse, UsageProfile};

use crate::ContractResult;
use crate::billing::{advance_notice, bank_msg, day_start};
use crate::error::ContractError;
use crate::query::load_record;
use crate::records::PeriodRecord;
use crate::state::{BILLS, CONFIG, LATE, METER_RECORDS, METERS, RULES};
use crate::usage::period_usage;

/// Minor units per MWh from minor units per Wh.
const WH_PER_MWH: u128 = 1_000_000;

/// Anyone, once the period has ended; periods close in order, each once, from the period the
/// meter was registered in up to the one it was retired in. A generation meter is never
/// billed: the park market settles what its readings prove was delivered.
pub fn close_period(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    meter_id: String,
    period: u32,
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    ledger_contract_kit::pause::ensure_running(deps.storage)?;
    let mut record = load_record(deps.storage, &meter_id)?;
    let profile = METERS.load(deps.storage, &meter_id)?;
    if profile.kind == MeterKind::Generation {
        return Err(ContractError::GenerationNotBilled { meter_id });
    }
    let rules = RULES.load(deps.storage)?;
    if period < profile.first_period {
        return Err(ContractError::PeriodBeforeRegistration {
            meter_id,
            period,
            first_period: profile.first_period,
        });
    }
    let expected = record.next_period_to_close;
    if period < expected {
        return Err(ContractError::PeriodAlreadyClosed { meter_id, period });
    }
    let retired_in = match profile.retired_at {
        Some(at) => Some(
            rules
                .cycle
                .period_of(at)
                .ok_or(ContractError::BeforeCycle { at })?,
        ),
        None => None,
    };
    if let Some(retired_in) = retired_in.filter(|r| period > *r) {
        return Err(ContractError::PeriodAfterRetirement {
            meter_id,
            period,
            retired_in,
        });
    }
    if period > expected {
        return Err(ContractError::PeriodNotNext {
            meter_id,
            period,
            expected,
        });
    }
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
    let last = retired_in == Some(period);

    // The meter is billed from its registration (priced with the version in force then) up
    // to its retirement.
    let billed_from = usage.start.max(profile.started_at);
    let billed_to = match profile.retired_at {
        Some(at) if last => usage.end.min(at).max(billed_from),
        _ => usage.end,
    };
    let own = UsageProfile {
        period_start: billed_from,
        period_end: billed_to,
        energy_wh: usage.energy_wh,
        max_power_w: usage.max_power_w,
        hourly: usage.hourly.clone(),
    };
    let config = CONFIG.load(deps.storage)?;
    let tariff = Tariff::new(config.tariff_contract.clone());
    let quote_of = |usage: UsageProfile| -> ContractResult<QuoteResponse> {
        tariff
            .quote(&deps.querier, &profile.tariff_id, usage)
            .map_err(|err| ContractError::QuoteFailed {
                meter_id: meter_id.clone(),
                period,
                reason: err.to_string(),
            })
    };
    let late = LATE
        .may_load(deps.storage, record.number, u64::from(period))?
        .filter(|late| late.usage.energy_wh > 0);
    let mut quote = quote_of(own.clone())?;
    let mut late_energy_wh = 0;
    if let Some(late) = late {
        // Late energy is priced as this bill's tariff prices energy: added to the period's
        // usage (in its own hours and months, on top of the period's energy for tiers); its
        // line is what that adds to the subtotal. Its power does not count for demand.
        let mut with = PeriodRecord {
            energy_wh: own.energy_wh,
            readings: 0,
            max_power_w: own.max_power_w,
            hourly: own.hourly.clone(),
        };
        with.add_energy_of(&late.usage)?;
        let with_late = quote_of(UsageProfile {
            energy_wh: with.energy_wh,
            hourly: with.hourly,
            ..own
        })?;
        let amount = with_late
            .subtotal
            .checked_sub(quote.subtotal)
            .unwrap_or_default();
        late_energy_wh = late.usage.energy_wh;
        let wh = u128::from(late_energy_wh);
        // Average price per MWh, rounded half up (the line's amount is exact).
        let unit_price = amount
            .checked_mul(Uint128::new(2 * WH_PER_MWH))?
            .checked_add(Uint128::new(wh))?
            .checked_div(Uint128::new(2 * wh))
            .map_err(cosmwasm_std::StdError::from)?;
        let from = late.from_period;
        let to = late.to_period;
        let description = if from == to {
            format!("Late energy from period {from}")
        } else {
            format!("Late energy from periods {from} to {to}")
        };
        quote.lines.push(LineItem {
            kind: LineKind::LateEnergy {
                from_period: from,
                to_period: to,
            },
            description,
            quantity: late_energy_wh,
            unit_price,
            amount,
        });
        quote.version = with_late.version;
        quote.subtotal = with_late.subtotal;
        quote.tax = with_late.tax;
        quote.total = with_late.total;
    }

    // After the retirement period nothing more falls due: no advances for the next period.
    let next = if last {
        advance_notice(
            &rules.cycle,
            &ledger_types::billing::PaymentSchedule {
                advances: vec![],
                final_day: config.schedule.final_day,
            },
            &meter_id,
            next_period,
            Uint128::zero(),
        )?
    } else {
        advance_notice(
            &rules.cycle,
            &config.schedule,
            &meter_id,
            next_period,
            quote.total,
        )?
    };
    let notice = BillNotice {
        meter_id: meter_id.clone(),
        period,
        total: quote.total,
        final_due: day_start(&rules.cycle, next_period, config.schedule.final_day)?,
        next,
    };
    let bill = Bill {
        meter_id: meter_id.clone(),
        period,
        period_start: usage.start,
        period_end: usage.end,
        billed_from,
        billed_to,
        energy_wh: usage.energy_wh,
        late_energy_wh,
        max_power_w: usage.max_power_w,
        tariff_id: profile.tariff_id.clone(),
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
        .add_attribute("late_energy_wh", bill.late_energy_wh.to_string())
        .add_attribute("tariff_version", bill.tariff_version.to_string())
        .add_attribute("total", bill.total))
}
