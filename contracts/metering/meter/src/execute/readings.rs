//! `SubmitReadings`: verifies a batch of signed readings and folds the valid ones into the
//! running totals; each refused reading is reported and leaves no trace.
//!
//! The whole batch is checked and added up in memory first; only then is anything written,
//! and each record once: every accepted reading, every day the batch completed, every period
//! record it added to, every meter record it touched. A single reading of a meter costs two
//! reads (the reading rules and the meter record) and two writes (the reading and the meter
//! record); the daily and period records are written only when a day is complete.
//!
//! What refuses the whole message: funds sent, the contract paused, no readings, too many.
//! Everything else is judged reading by reading, including the owner's blacklisting: it is
//! the state of one consumer, and a gateway's transaction may carry messages to many meter
//! contracts, which must not all fail for one blocked owner.

use std::collections::BTreeMap;

use cosmwasm_std::{Api, DepsMut, Env, Event, MessageInfo, Response, Storage, to_json_binary};
use ledger_types::admin::MeterStatus;
use ledger_types::billing::average_power_w;
use ledger_types::error_code::HasCode;
use ledger_types::meter::{
    MAX_READINGS_PER_MSG, RefusedReading, SubmitReadingsResponse, refused_event,
};
use ledger_types::reading::SignedReading;

use crate::ContractResult;
use crate::error::ContractError;
use crate::records::{
    DayRecord, LateRecord, MeterRecord, OpenDay, PeriodRecord, ReadingRecord, Rules,
};
use crate::state::{DAYS, LATE, METER_RECORDS, METERS, PERIODS, READINGS, RULES};
use crate::usage::tariff_hour;

/// Anyone (a meter's gateway): 1 ..= [`MAX_READINGS_PER_MSG`] readings; the valid ones are
/// stored, the others reported in the response data and a `readings_refused` event.
pub fn submit_readings(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    readings: Vec<SignedReading>,
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    ledger_contract_kit::pause::ensure_running(deps.storage)?;
    submit(deps, env, readings)
}

/// [`submit_readings`] of a packed batch: the same checks first, then the bytes unpacked.
pub fn submit_packed_readings(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    packed: &[u8],
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    ledger_contract_kit::pause::ensure_running(deps.storage)?;
    let readings = ledger_types::reading::packed::unpack(packed).map_err(|e| {
        ContractError::MalformedPackedReadings {
            reason: e.to_string(),
        }
    })?;
    submit(deps, env, readings)
}

fn submit(deps: DepsMut, env: Env, readings: Vec<SignedReading>) -> ContractResult {
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
    let (batch, refusals) = judge(&*deps.storage, deps.api, &env, &rules, &readings)?;
    let accepted = batch.accepted.len();
    let meters = batch.write(deps.storage)?;
    let refused: Vec<RefusedReading> = refusals
        .into_iter()
        .map(|(reading, error)| RefusedReading {
            meter_id: reading.meter_id.clone(),
            sequence: reading.sequence,
            code: error.code().to_string(),
        })
        .collect();

    let mut response = Response::new()
        .add_attribute("action", "submit_readings")
        .add_attribute("accepted", accepted.to_string())
        .add_attribute("meters", meters.join(","));
    if !refused.is_empty() {
        response = response.add_event(refused_readings_event(&refused));
    }
    let data = SubmitReadingsResponse {
        // At most MAX_READINGS_PER_MSG, checked above.
        accepted: u32::try_from(accepted).unwrap_or(u32::MAX),
        refused,
    };
    Ok(response.set_data(to_json_binary(&data)?))
}

/// Judges every reading in order, without writing: the batch of accepted ones, and each
/// refused reading with the error it alone would have failed with.
fn judge<'a>(
    storage: &dyn Storage,
    api: &dyn Api,
    env: &'a Env,
    rules: &'a Rules,
    readings: &'a [SignedReading],
) -> ContractResult<(Batch<'a>, Vec<(&'a SignedReading, ContractError)>)> {
    let mut batch = Batch {
        rules,
        chain_id: &env.block.chain_id,
        contract: env.contract.address.as_str(),
        // A tolerance so large that it would overflow accepts any end.
        latest_end: env
            .block
            .time
            .seconds()
            .saturating_add(rules.future_tolerance_seconds),
        meters: BTreeMap::new(),
        accepted: Vec::with_capacity(readings.len()),
        periods: BTreeMap::new(),
        late: BTreeMap::new(),
        days: Vec::new(),
    };
    let mut refused = Vec::new();
    for reading in readings {
        match batch.accept(storage, api, reading) {
            Ok(()) => {}
            Err(error) if error.refuses_only_the_reading() => refused.push((reading, error)),
            // A storage or encoding failure is the contract's, not the reading's.
            Err(error) => return Err(error),
        }
    }
    Ok((batch, refused))
}

/// The typed error of each reading `SubmitReadings` would refuse now, in order; for tests,
/// which compare whole errors where the response data carries only codes.
#[cfg(test)]
pub fn refusals(
    deps: cosmwasm_std::Deps,
    env: &Env,
    readings: &[SignedReading],
) -> ContractResult<Vec<ContractError>> {
    let rules = RULES.load(deps.storage)?;
    let (_, refused) = judge(deps.storage, deps.api, env, &rules, readings)?;
    Ok(refused.into_iter().map(|(_, error)| error).collect())
}

/// One event listing every refused reading of the message, so that an indexer sees them without
/// decoding the response data.
fn refused_readings_event(refused: &[RefusedReading]) -> Event {
    let listed = refused
        .iter()
        .map(|r| format!("{}:{}:{}", r.meter_id, r.sequence, r.code))
        .collect::<Vec<_>>()
        .join(",");
    Event::new(refused_event::TYPE)
        .add_attribute(refused_event::COUNT, refused.len().to_string())
        .add_attribute(refused_event::READINGS, listed)
}

/// The batch's effect, held in memory until every reading has been judged.
struct Batch<'a> {
    rules: &'a Rules,
    chain_id: &'a str,
    contract: &'a str,
    /// Latest interval end accepted: block time plus tolerance.
    latest_end: u64,
    /// Every meter with an accepted reading, loaded once.
    meters: BTreeMap<&'a str, MeterRecord>,
    /// Each accepted reading and its meter's number, in order.
    accepted: Vec<(&'a SignedReading, u32)>,
    /// Every period record the batch added a completed day (or full open hours) to, by
    /// (meter number, period).
    periods: BTreeMap<(u32, u32), PeriodRecord>,
    /// Late energy the batch added, by (meter number, the period whose bill carries it).
    late: BTreeMap<(u32, u32), LateRecord>,
    /// Days the batch completed, by meter number; each appears once, since a meter's days
    /// only move forward.
    days: Vec<(u32, u64, DayRecord)>,
}

/// Where a reading falls, once it has passed every check.
struct Placed {
    end: u64,
    period: u32,
    day: u64,
    hour: u64,
    power_w: u64,
}

/// What an accepted reading changes, computed on copies so that a reading refused halfway
/// (an overflowing total) changes nothing.
struct Folded {
    open_day: Option<OpenDay>,
    readings: u64,
    late: Option<((u32, u32), LateRecord)>,
    /// At most two: the completed day's period and the open day's.
    periods: Vec<((u32, u32), PeriodRecord)>,
    day: Option<(u32, u64, DayRecord)>,
}

impl Folded {
    /// A copy of the period record of `key` as the batch has it, staged for change.
    fn period<'f>(
        &'f mut self,
        batch: &BTreeMap<(u32, u32), PeriodRecord>,
        storage: &dyn Storage,
        key: (u32, u32),
    ) -> ContractResult<&'f mut PeriodRecord> {
        let index = match self.periods.iter().position(|(k, _)| *k == key) {
            Some(index) => index,
            None => {
                let record = match batch.get(&key) {
                    Some(record) => record.clone(),
                    None => PERIODS
                        .may_load(storage, key.0, u64::from(key.1))?
                        .unwrap_or_default(),
                };
                self.periods.push((key, record));
                self.periods.len() - 1
            }
        };
        Ok(&mut self.periods[index].1)
    }
}

impl<'a> Batch<'a> {
    /// Judges one reading against its meter's state as left by the readings accepted before
    /// it, and adds it if it passes. A refused reading leaves the batch as it was.
    fn accept(
        &mut self,
        storage: &dyn Storage,
        api: &dyn Api,
        r: &'a SignedReading,
    ) -> ContractResult<()> {
        let meter_id = r.meter_id.as_str();
        // A meter enters the batch with its first accepted reading, not before.
        let mut loaded = None;
        let meter = match self.meters.get(meter_id) {
            Some(meter) => meter,
            None => match METER_RECORDS.may_load(storage, meter_id)? {
                Some(record) => &*loaded.insert(record),
                None => {
                    return Err(ContractError::ReadingUnknownMeter {
                        meter_id: meter_id.to_string(),
                        sequence: r.sequence,
                    });
                }
            },
        };
        let placed = self.check(storage, api, r, meter)?;
        let folded = self.fold(storage, r, meter, &placed)?;

        let meter = match loaded {
            Some(record) => self.meters.entry(meter_id).or_insert(record),
            None => match self.meters.get_mut(meter_id) {
                Some(meter) => meter,
                None => {
                    return Err(ContractError::ReadingUnknownMeter {
                        meter_id: meter_id.to_string(),
                        sequence: r.sequence,
                    });
                }
            },
        };
        meter.open_day = folded.open_day;
        meter.readings = folded.readings;
        meter.last_sequence = r.sequence;
        meter.last_interval_end = placed.end;
        meter.register_wh = r.register_wh;
        self.accepted.push((r, meter.number));
        if let Some((key, record)) = folded.late {
            self.late.insert(key, record);
        }
        self.periods.extend(folded.periods);
        self.days.extend(folded.day);
        Ok(())
    }

    /// Every refusal rule, without changing anything. Cheap checks come first; the
    /// signature last.
    fn check(
        &self,
        storage: &dyn Storage,
        api: &dyn Api,
        r: &SignedReading,
        meter: &MeterRecord,
    ) -> ContractResult<Placed> {
        let meter_id = r.meter_id.as_str();
        let sequence = r.sequence;
        let id = || meter_id.to_string();

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
        Ok(Placed {
            end,
            period,
            day,
            hour,
            power_w,
        })
    }

    /// The changes a checked reading makes, on copies of the records it touches. Fails only
    /// when a total would overflow.
    fn fold(
        &self,
        storage: &dyn Storage,
        r: &SignedReading,
        meter: &MeterRecord,
        placed: &Placed,
    ) -> ContractResult<Folded> {
        let overflow = |what| ContractError::ReadingOverflow {
            meter_id: r.meter_id.clone(),
            sequence: r.sequence,
            what,
        };
        let &Placed {
            period,
            day,
            hour,
            power_w,
            ..
        } = placed;
        let mut folded = Folded {
            open_day: meter.open_day.clone(),
            readings: meter
                .readings
                .checked_add(1)
                .ok_or_else(|| overflow("reading count"))?,
            late: None,
            periods: Vec::new(),
            day: None,
        };

        // A reading of a period already closed is late: besides the running totals (which
        // keep showing what each period consumed), its energy goes to the late record of the
        // next period to close, whose bill carries it.
        if period < meter.next_period_to_close {
            let key = (meter.number, meter.next_period_to_close);
            let stored = match self.late.get(&key) {
                Some(late) => Some(late.clone()),
                None => LATE.may_load(storage, key.0, u64::from(key.1))?,
            };
            let mut late = stored.unwrap_or(LateRecord {
                from_period: period,
                to_period: period,
                usage: PeriodRecord::default(),
            });
            late.from_period = late.from_period.min(period);
            late.to_period = late.to_period.max(period);
            late.usage
                .add_reading(hour, r.energy_wh, power_w)
                .map_err(|_| overflow("late energy"))?;
            folded.late = Some((key, late));
        }
        // Roll the open day over if this reading starts a later one.
        if let Some(done) = folded.open_day.take_if(|open| open.day != day) {
            folded
                .period(&self.periods, storage, (meter.number, done.period))?
                .add_day(&done)
                .map_err(|_| overflow("period total"))?;
            folded.day = Some((
                meter.number,
                done.day,
                DayRecord {
                    energy_wh: done.energy_wh,
                    readings: done.readings,
                },
            ));
        }
        let mut open = folded
            .open_day
            .take()
            .unwrap_or_else(|| OpenDay::new(day, period));
        if !open.has_room_for(hour) {
            // Only with days longer than the open-hours window (see records::OPEN_HOURS).
            let (first_hour, hours) = open.take_hours();
            folded
                .period(&self.periods, storage, (meter.number, open.period))?
                .add_hours(first_hour, &hours)
                .map_err(|_| overflow("period profile"))?;
        }
        open.add(hour, r.energy_wh, power_w)
            .map_err(|_| overflow("daily total"))?;
        folded.open_day = Some(open);
        Ok(folded)
    }

    /// Writes the batch, each record once; returns the meters with an accepted reading.
    fn write(self, storage: &mut dyn Storage) -> ContractResult<Vec<&'a str>> {
        for (r, meter) in &self.accepted {
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
