//! `SubmitReadings`: verifies a batch of signed readings and folds it into the running totals.
//!
//! The whole batch is checked and added up in memory first; only then is anything written,
//! and each record once: every reading, every day the batch completed, every period record
//! it added to, every meter record it touched. A single reading of a meter costs two reads
//! (the reading rules and the meter record) and two writes (the reading and the meter
//! record); the daily and period records are written only when a day is complete.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use cosmwasm_std::{Api, DepsMut, Env, MessageInfo, Response, Storage};
use ledger_types::admin::MeterStatus;
use ledger_types::billing::average_power_w;
use ledger_types::meter::MAX_READINGS_PER_MSG;
use ledger_types::reading::SignedReading;

use crate::ContractResult;
use crate::error::ContractError;
use crate::records::{
    DayRecord, LateRecord, MeterRecord, OpenDay, PeriodRecord, ReadingRecord, Rules,
};
use crate::state::{DAYS, LATE, METER_RECORDS, METERS, PERIODS, READINGS, RULES};
use crate::usage::tariff_hour;

/// Anyone (a meter's gateway): 1 ..= [`MAX_READINGS_PER_MSG`] readings, all or none accepted.
pub fn submit_readings(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    readings: Vec<SignedReading>,
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    ledger_contract_kit::pause::ensure_running(deps.storage)?;
    if readings.is_empty() {
        return Err(ContractError::NoReadings {});
    }
    if readings.len() > MAX_READINGS_PER_MSG {
        return Err(ContractError::TooManyReadings {
            count: readings.len(),
            max: MAX_READINGS_PER_MSG,
        });
    }

    let rules = RULES.load(deps.storage)?;
    let mut batch = Batch {
        rules: &rules,
        chain_id: &env.block.chain_id,
        contract: env.contract.address.as_str(),
        // A tolerance so large that it would overflow accepts any end.
        latest_end: env
            .block
            .time
            .seconds()
            .saturating_add(rules.future_tolerance_seconds),
        meters: BTreeMap::new(),
        numbers: Vec::with_capacity(readings.len()),
        periods: BTreeMap::new(),
        late: BTreeMap::new(),
        days: Vec::new(),
    };
    for reading in &readings {
        batch.accept(&*deps.storage, deps.api, reading)?;
    }
    let meters = batch.write(deps.storage, &readings)?;

    Ok(Response::new()
        .add_attribute("action", "submit_readings")
        .add_attribute("accepted", readings.len().to_string())
        .add_attribute("meters", meters.join(",")))
}

/// The batch's effect, held in memory until every reading has passed.
struct Batch<'a> {
    rules: &'a Rules,
    chain_id: &'a str,
    contract: &'a str,
    /// Latest interval end accepted: block time plus tolerance.
    latest_end: u64,
    /// Every meter the batch touched, loaded once.
    meters: BTreeMap<&'a str, MeterRecord>,
    /// The meter number of each accepted reading, in order.
    numbers: Vec<u32>,
    /// Every period record the batch added a completed day (or full open hours) to, by
    /// (meter number, period).
    periods: BTreeMap<(u32, u32), PeriodRecord>,
    /// Late energy the batch added, by (meter number, the period whose bill carries it).
    late: BTreeMap<(u32, u32), LateRecord>,
    /// Days the batch completed, by meter number; each appears once, since a meter's days
    /// only move forward.
    days: Vec<(u32, u64, DayRecord)>,
}

/// The period record of `(meter number, period)`, loaded into the batch on first use.
fn period_record<'b>(
    periods: &'b mut BTreeMap<(u32, u32), PeriodRecord>,
    storage: &dyn Storage,
    meter: u32,
    period: u32,
) -> ContractResult<&'b mut PeriodRecord> {
    Ok(match periods.entry((meter, period)) {
        Entry::Occupied(e) => e.into_mut(),
        Entry::Vacant(e) => {
            let stored = PERIODS.may_load(storage, meter, u64::from(period))?;
            e.insert(stored.unwrap_or_default())
        }
    })
}

impl<'a> Batch<'a> {
    /// Checks one reading against its meter's state as left by the readings before it, and
    /// adds it. Cheap checks come first; the signature last.
    fn accept(
        &mut self,
        storage: &dyn Storage,
        api: &dyn Api,
        r: &'a SignedReading,
    ) -> ContractResult<()> {
        let meter_id = r.meter_id.as_str();
        let sequence = r.sequence;
        let id = || meter_id.to_string();

        let meter = match self.meters.entry(meter_id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => match METER_RECORDS.may_load(storage, meter_id)? {
                Some(record) => e.insert(record),
                None => {
                    return Err(ContractError::ReadingUnknownMeter {
                        meter_id: id(),
                        sequence,
                    });
                }
            },
        };
        let not_active = |status: MeterStatus| ContractError::MeterNotActive {
            meter_id: id(),
            sequence,
            status: status.as_str().to_string(),
        };
        if meter.status == MeterStatus::Suspended {
            return Err(not_active(meter.status));
        }
        if self.rules.owner_blocked {
            return Err(ContractError::OwnerBlocked {
                meter_id: id(),
                sequence,
            });
        }
        if sequence <= meter.last_sequence {
            return Err(ContractError::ReplayedOrOutOfOrder {
                meter_id: id(),
                sequence,
                last: meter.last_sequence,
            });
        }
        let length = r.interval_length;
        if length == 0 || length > self.rules.max_interval_seconds {
            return Err(ContractError::BadIntervalLength {
                meter_id: id(),
                sequence,
                length,
                max: self.rules.max_interval_seconds,
            });
        }
        let start = r.interval_start;
        if start < meter.last_interval_end {
            return Err(ContractError::OverlappingInterval {
                meter_id: id(),
                sequence,
                start,
                last_end: meter.last_interval_end,
            });
        }
        let overflow = |what| ContractError::ReadingOverflow {
            meter_id: id(),
            sequence,
            what,
        };
        let end = start
            .checked_add(u64::from(length))
            .ok_or_else(|| overflow("interval end"))?;
        if end > self.latest_end {
            return Err(ContractError::FutureReading {
                meter_id: id(),
                sequence,
                end,
                latest: self.latest_end,
            });
        }
        if meter.status == MeterStatus::Retired {
            // A retired meter's readings up to its retirement are still accepted, as long as
            // the period it was retired in (its last bill) is open.
            let retired_at = METERS
                .may_load(storage, meter_id)?
                .and_then(|p| p.retired_at)
                .unwrap_or(0);
            let billable = self
                .rules
                .cycle
                .period_of(retired_at)
                .is_some_and(|p| p >= meter.next_period_to_close);
            if end > retired_at || !billable {
                return Err(not_active(meter.status));
            }
        }
        let Some(delta_wh) = r.register_wh.checked_sub(meter.register_wh) else {
            return Err(ContractError::RegisterWentBackwards {
                meter_id: id(),
                sequence,
                register_wh: r.register_wh,
                last_wh: meter.register_wh,
            });
        };
        if r.energy_wh != delta_wh {
            return Err(ContractError::EnergyMismatch {
                meter_id: id(),
                sequence,
                energy_wh: r.energy_wh,
                delta_wh,
            });
        }
        // Over the time the interval stands for on the tariff clock (see `tariff_clock`).
        let power_w = average_power_w(r.energy_wh, length, self.rules.cycle.tariff_day_seconds())
            .ok_or_else(|| overflow("average power"))?;
        if power_w > u128::from(self.rules.max_power_w) {
            return Err(ContractError::ImpossiblePower {
                meter_id: id(),
                sequence,
                power_w,
                max_w: self.rules.max_power_w,
            });
        }
        let power_w = u64::try_from(power_w).map_err(|_| overflow("average power"))?;
        let before_cycle = || ContractError::ReadingBeforeCycle {
            meter_id: id(),
            sequence,
            start,
        };
        let cycle = &self.rules.cycle;
        let period = cycle.period_of(start).ok_or_else(before_cycle)?;
        let day = cycle.day_index(start).ok_or_else(before_cycle)?;
        // A cycle of short days (a demo) is a compressed clock: each day is a whole tariff day.
        let hour = cycle
            .tariff_clock(start)
            .and_then(|at| tariff_hour(at, meter.tariff_offset_minutes))
            .ok_or_else(before_cycle)?;

        let digest = r.digest(self.chain_id, self.contract);
        if !matches!(
            api.secp256k1_verify(&digest, &r.signature, &meter.pubkey),
            Ok(true)
        ) {
            return Err(ContractError::InvalidSignature {
                meter_id: id(),
                sequence,
            });
        }

        // Accepted. A reading of a period already closed is late: besides the running totals
        // (which keep showing what each period consumed), its energy goes to the late record
        // of the next period to close, whose bill carries it.
        if period < meter.next_period_to_close {
            let carrier = meter.next_period_to_close;
            let late = match self.late.entry((meter.number, carrier)) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => {
                    let stored = LATE.may_load(storage, meter.number, u64::from(carrier))?;
                    e.insert(stored.unwrap_or(LateRecord {
                        from_period: period,
                        to_period: period,
                        usage: PeriodRecord::default(),
                    }))
                }
            };
            late.from_period = late.from_period.min(period);
            late.to_period = late.to_period.max(period);
            late.usage
                .add_reading(hour, r.energy_wh, power_w)
                .map_err(|_| overflow("late energy"))?;
        }
        // Roll the open day over if this reading starts a later one.
        if meter.open_day.as_ref().is_some_and(|open| open.day != day) {
            if let Some(done) = meter.open_day.take() {
                self.days.push((
                    meter.number,
                    done.day,
                    DayRecord {
                        energy_wh: done.energy_wh,
                        readings: done.readings,
                    },
                ));
                period_record(&mut self.periods, storage, meter.number, done.period)?
                    .add_day(&done)
                    .map_err(|_| overflow("period total"))?;
            }
        }
        let open = meter
            .open_day
            .get_or_insert_with(|| OpenDay::new(day, period));
        if !open.has_room_for(hour) {
            // Only with days longer than the open-hours window (see records::OPEN_HOURS).
            let (first_hour, hours) = open.take_hours();
            period_record(&mut self.periods, storage, meter.number, open.period)?
                .add_hours(first_hour, &hours)
                .map_err(|_| overflow("period profile"))?;
        }
        open.add(hour, r.energy_wh, power_w)
            .map_err(|_| overflow("daily total"))?;
        meter.readings = meter
            .readings
            .checked_add(1)
            .ok_or_else(|| overflow("reading count"))?;
        meter.last_sequence = sequence;
        meter.last_interval_end = end;
        meter.register_wh = r.register_wh;
        self.numbers.push(meter.number);
        Ok(())
    }

    /// Writes the batch, each record once; returns the meters touched.
    fn write(
        self,
        storage: &mut dyn Storage,
        readings: &[SignedReading],
    ) -> ContractResult<Vec<&'a str>> {
        for (r, meter) in readings.iter().zip(&self.numbers) {
            let record = ReadingRecord {
                sequence: r.sequence,
                interval_length: r.interval_length,
                energy_wh: r.energy_wh,
                register_wh: r.register_wh,
            };
            READINGS.save(storage, *meter, r.interval_start, &record)?;
        }
        for (meter, day, record) in &self.days {
            DAYS.save(storage, *meter, *day, record)?;
        }
        for ((meter, period), record) in &self.periods {
            PERIODS.save(storage, *meter, u64::from(*period), record)?;
        }
        for ((meter, period), record) in &self.late {
            LATE.save(storage, *meter, u64::from(*period), record)?;
        }
        for (meter_id, record) in &self.meters {
            METER_RECORDS.save(storage, meter_id, record)?;
        }
        Ok(self.meters.into_keys().collect())
    }
}
