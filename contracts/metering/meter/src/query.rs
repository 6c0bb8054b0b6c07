//! Queries. Every list is one page after an exclusive `start_after`, with `has_more`
//! (`ledger_contract_kit::paging`; the binary series read one entry past the page).

use cosmwasm_std::{Deps, Order, StdResult, Storage};
use ledger_contract_kit::paging::{after, page};
use ledger_types::billing::MeterSettings;
use ledger_types::meter::{
    Bill, BillsResponse, ConfigResponse, DailyTotal, DailyTotalsResponse, MeterState,
    MetersResponse, PeriodInfo, PeriodUsage, ReadingsResponse, StoredReading,
};
use ledger_types::paging::page_size;

use crate::ContractResult;
use crate::error::ContractError;
use crate::records::MeterRecord;
use crate::state::{BILLS, CONFIG, DAYS, METER_RECORDS, METERS, MeterProfile, READINGS, RULES};
use crate::usage::period_usage;

pub fn config(deps: Deps) -> ContractResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    let rules = RULES.load(deps.storage)?;
    Ok(ConfigResponse {
        owner: config.owner,
        admin_contract: config.admin_contract,
        tariff_contract: config.tariff_contract,
        bank_contract: config.bank_contract,
        settings: MeterSettings {
            cycle: rules.cycle,
            schedule: config.schedule,
            future_tolerance_seconds: rules.future_tolerance_seconds,
            max_interval_seconds: rules.max_interval_seconds,
            max_power_w: rules.max_power_w,
        },
        owner_blocked: rules.owner_blocked,
    })
}

/// The meter's record, or [`ContractError::UnknownMeter`].
pub(crate) fn load_record(storage: &dyn Storage, meter_id: &str) -> ContractResult<MeterRecord> {
    METER_RECORDS
        .may_load(storage, meter_id)?
        .ok_or_else(|| ContractError::UnknownMeter {
            meter_id: meter_id.to_string(),
        })
}

fn meter_state(meter_id: String, profile: MeterProfile, record: MeterRecord) -> MeterState {
    MeterState {
        meter_id,
        retailer: profile.retailer,
        pubkey: record.pubkey.into(),
        tariff_id: profile.tariff_id,
        kind: profile.kind,
        tariff_utc_offset_minutes: record.tariff_offset_minutes,
        status: record.status,
        contracted_monthly_amount: profile.contracted_monthly_amount,
        last_sequence: record.last_sequence,
        last_interval_end: record.last_interval_end,
        register_wh: record.register_wh,
        readings: record.readings,
        next_period_to_close: record.next_period_to_close,
        started_at: profile.started_at,
        retired_at: profile.retired_at,
    }
}

pub fn meter(deps: Deps, meter_id: &str) -> ContractResult<MeterState> {
    let record = load_record(deps.storage, meter_id)?;
    let profile = METERS.load(deps.storage, meter_id)?;
    Ok(meter_state(meter_id.to_string(), profile, record))
}

pub fn meters(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> ContractResult<MetersResponse> {
    let range = METERS.range(
        deps.storage,
        after(start_after.as_deref()),
        None,
        Order::Ascending,
    );
    let meters = page(range, limit, |(meter_id, profile)| {
        let record = load_record(deps.storage, &meter_id)?;
        Ok::<_, ContractError>(meter_state(meter_id, profile, record))
    })?;
    Ok(MetersResponse {
        meters: meters.items,
        has_more: meters.has_more,
    })
}

/// The inclusive lower bound of `[from, ..)` after `start_after`, or `None` if nothing
/// can follow `start_after`.
fn lower_bound(from: Option<u64>, start_after: Option<u64>) -> Option<u64> {
    let from = from.unwrap_or(0);
    match start_after {
        Some(after) => after.checked_add(1).map(|next| next.max(from)),
        None => Some(from),
    }
}

pub fn readings(
    deps: Deps,
    meter_id: String,
    from: Option<u64>,
    to: Option<u64>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<ReadingsResponse> {
    let record = load_record(deps.storage, &meter_id)?;
    let size = page_size(limit);
    let (readings, has_more) = match lower_bound(from, start_after) {
        None => (Vec::new(), false),
        Some(lower) => trim(
            READINGS.range(deps.storage, record.number, lower, to, size + 1)?,
            size,
        ),
    };
    let readings = readings
        .into_iter()
        .map(|(interval_start, r)| StoredReading {
            sequence: r.sequence,
            interval_start,
            interval_length: r.interval_length,
            energy_wh: r.energy_wh,
            register_wh: r.register_wh,
        })
        .collect();
    Ok(ReadingsResponse {
        meter_id,
        readings,
        has_more,
    })
}

/// Splits what a series read one entry past the page (`size + 1` asked for) into the page
/// and whether more follow.
fn trim<T>(mut entries: Vec<T>, size: usize) -> (Vec<T>, bool) {
    let has_more = entries.len() > size;
    entries.truncate(size);
    (entries, has_more)
}

pub fn daily_totals(
    deps: Deps,
    meter_id: String,
    from_day: Option<u64>,
    to_day: Option<u64>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<DailyTotalsResponse> {
    let record = load_record(deps.storage, &meter_id)?;
    let Some(lower) = lower_bound(from_day, start_after) else {
        return Ok(DailyTotalsResponse {
            meter_id,
            days: Vec::new(),
            has_more: false,
        });
    };
    let cycle = RULES.load(deps.storage)?.cycle;
    let limit = page_size(limit);
    let total = |day: u64, energy_wh: u64, readings: u32| {
        Ok(DailyTotal {
            day,
            day_start: cycle
                .day_index_start(day)
                .ok_or(ContractError::DayOutOfRange { day })?,
            energy_wh,
            readings,
        })
    };
    let (stored, mut has_more) = trim(
        DAYS.range(deps.storage, record.number, lower, to_day, limit + 1)?,
        limit,
    );
    let mut days = stored
        .into_iter()
        .map(|(day, d)| total(day, d.energy_wh, d.readings))
        .collect::<ContractResult<Vec<_>>>()?;
    // The open day is later than every stored one, so it comes last.
    if let Some(open) = record.open_day {
        if !has_more && open.day >= lower && to_day.is_none_or(|to| open.day < to) {
            if days.len() < limit {
                days.push(total(open.day, open.energy_wh, open.readings)?);
            } else {
                has_more = true;
            }
        }
    }
    Ok(DailyTotalsResponse {
        meter_id,
        days,
        has_more,
    })
}

pub fn period_totals(deps: Deps, meter_id: &str, period: u32) -> ContractResult<PeriodUsage> {
    let record = load_record(deps.storage, meter_id)?;
    let cycle = RULES.load(deps.storage)?.cycle;
    period_usage(deps.storage, &cycle, &record, period)
}

pub fn period_at(deps: Deps, at: u64) -> ContractResult<PeriodInfo> {
    let cycle = RULES.load(deps.storage)?.cycle;
    let period = cycle
        .period_of(at)
        .ok_or(ContractError::BeforeCycle { at })?;
    let (start, end) = cycle
        .bounds(period)
        .ok_or(ContractError::PeriodOutOfRange { period })?;
    Ok(PeriodInfo { period, start, end })
}

pub fn bill(deps: Deps, meter_id: &str, period: u32) -> ContractResult<Bill> {
    load_record(deps.storage, meter_id)?;
    BILLS
        .may_load(deps.storage, (meter_id, period))?
        .ok_or_else(|| ContractError::NoBill {
            meter_id: meter_id.to_string(),
            period,
        })
}

pub fn bills(
    deps: Deps,
    meter_id: &str,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> ContractResult<BillsResponse> {
    load_record(deps.storage, meter_id)?;
    let range =
        BILLS
            .prefix(meter_id)
            .range(deps.storage, after(start_after), None, Order::Ascending);
    let bills = page(range, limit, |(_, bill)| StdResult::Ok(bill))?;
    Ok(BillsResponse {
        bills: bills.items,
        has_more: bills.has_more,
    })
}
