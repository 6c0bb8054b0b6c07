//! Running totals: how a reading's energy is added to its day, its period and the period's
//! hourly profile, and how the open day is folded into the stored records.
//!
//! An interval is attributed as a whole to the day, the period and the tariff-local hour in
//! which it *starts*: a half-hour from 23:45 to 00:15 counts for 23:00 of the first day.
//! Hours, weekdays and months are those of the meter's tariff (its UTC offset), so that the
//! tariff prices each Wh in the band it defines; days and periods are those of the billing
//! cycle.

use cosmwasm_std::{OverflowError, OverflowOperation, Storage};
use ledger_types::billing::BillingCycle;
use ledger_types::meter::PeriodUsage;
use ledger_types::tariff::MonthHours;
use ledger_types::time;

use crate::ContractResult;
use crate::error::ContractError;
use crate::records::{MeterRecord, OPEN_HOURS, OpenDay, PeriodRecord};
use crate::state::PERIODS;

const SECONDS_PER_HOUR: u64 = 3_600;

fn overflow() -> OverflowError {
    OverflowError::new(OverflowOperation::Add)
}

/// The tariff-local hour an instant falls in, counted from the local epoch.
pub fn tariff_hour(unix: u64, utc_offset_minutes: i32) -> Option<u64> {
    Some(time::to_local(unix, utc_offset_minutes)? / SECONDS_PER_HOUR)
}

impl OpenDay {
    pub fn new(day: u64, period: u32) -> Self {
        OpenDay {
            day,
            period,
            ..OpenDay::default()
        }
    }

    /// Whether a reading of tariff hour `hour` fits among the pending hours.
    pub fn has_room_for(&self, hour: u64) -> bool {
        self.hours.is_empty()
            || hour
                .checked_sub(self.first_hour)
                .is_some_and(|i| i < OPEN_HOURS as u64)
    }

    /// Removes the pending hours (to add them to the period record); returns the first hour.
    pub fn take_hours(&mut self) -> (u64, Vec<u64>) {
        (self.first_hour, std::mem::take(&mut self.hours))
    }

    /// Adds one reading. The caller has made room for its hour (see [`Self::has_room_for`]).
    /// Nothing changes when it fails.
    pub fn add(&mut self, hour: u64, energy_wh: u64, power_w: u64) -> Result<(), OverflowError> {
        let first_hour = if self.hours.is_empty() {
            hour
        } else {
            self.first_hour
        };
        let index = hour
            .checked_sub(first_hour)
            .and_then(|i| usize::try_from(i).ok())
            .filter(|i| *i < OPEN_HOURS)
            .ok_or_else(overflow)?;
        let in_hour = self
            .hours
            .get(index)
            .copied()
            .unwrap_or_default()
            .checked_add(energy_wh)
            .ok_or_else(overflow)?;
        let energy = self.energy_wh.checked_add(energy_wh).ok_or_else(overflow)?;
        let readings = self.readings.checked_add(1).ok_or_else(overflow)?;

        self.energy_wh = energy;
        self.readings = readings;
        self.max_power_w = self.max_power_w.max(power_w);
        self.first_hour = first_hour;
        if index >= self.hours.len() {
            self.hours.resize(index.saturating_add(1), 0);
        }
        if let Some(slot) = self.hours.get_mut(index) {
            *slot = in_hour;
        }
        Ok(())
    }
}

impl PeriodRecord {
    /// Adds Wh per consecutive tariff-local hour, starting at hour `first_hour`.
    pub fn add_hours(&mut self, first_hour: u64, hours: &[u64]) -> Result<(), OverflowError> {
        for (i, wh) in (0u64..).zip(hours) {
            if *wh == 0 {
                continue;
            }
            let local = first_hour
                .checked_add(i)
                .and_then(|h| h.checked_mul(SECONDS_PER_HOUR))
                .ok_or_else(overflow)?;
            let at = time::local_time(local);
            if !self.hourly.iter().any(|m| m.month == at.month) {
                self.hourly.push(MonthHours {
                    month: at.month,
                    weekday_wh: [0; 24],
                    weekend_wh: [0; 24],
                });
            }
            let table = self
                .hourly
                .iter_mut()
                .find(|m| m.month == at.month)
                .ok_or_else(overflow)?;
            let row = if at.is_weekend() {
                &mut table.weekend_wh
            } else {
                &mut table.weekday_wh
            };
            let slot = row.get_mut(usize::from(at.hour)).ok_or_else(overflow)?;
            *slot = slot.checked_add(*wh).ok_or_else(overflow)?;
        }
        Ok(())
    }

    /// Adds one reading of tariff hour `hour`. Nothing changes when it fails.
    pub fn add_reading(
        &mut self,
        hour: u64,
        energy_wh: u64,
        power_w: u64,
    ) -> Result<(), OverflowError> {
        let energy = self.energy_wh.checked_add(energy_wh).ok_or_else(overflow)?;
        let readings = self.readings.checked_add(1).ok_or_else(overflow)?;
        let mut hourly = self.clone();
        hourly.add_hours(hour, &[energy_wh])?;
        *self = PeriodRecord {
            energy_wh: energy,
            readings,
            max_power_w: self.max_power_w.max(power_w),
            hourly: hourly.hourly,
        };
        Ok(())
    }

    /// Adds another record's energy and hourly profile (not its readings or power).
    pub fn add_energy_of(&mut self, other: &PeriodRecord) -> Result<(), OverflowError> {
        self.energy_wh = self
            .energy_wh
            .checked_add(other.energy_wh)
            .ok_or_else(overflow)?;
        for month in &other.hourly {
            match self.hourly.iter_mut().find(|m| m.month == month.month) {
                Some(mine) => {
                    for (a, b) in mine
                        .weekday_wh
                        .iter_mut()
                        .chain(mine.weekend_wh.iter_mut())
                        .zip(month.weekday_wh.iter().chain(month.weekend_wh.iter()))
                    {
                        *a = a.checked_add(*b).ok_or_else(overflow)?;
                    }
                }
                None => self.hourly.push(month.clone()),
            }
        }
        Ok(())
    }

    /// Adds a whole day: its totals and its pending hours.
    pub fn add_day(&mut self, day: &OpenDay) -> Result<(), OverflowError> {
        self.energy_wh = self
            .energy_wh
            .checked_add(day.energy_wh)
            .ok_or_else(overflow)?;
        self.readings = self
            .readings
            .checked_add(day.readings)
            .ok_or_else(overflow)?;
        self.max_power_w = self.max_power_w.max(day.max_power_w);
        self.add_hours(day.first_hour, &day.hours)
    }

    /// The period's usage as the queries and the tariff see it.
    pub fn into_usage(self, period: u32, start: u64, end: u64, closed: bool) -> PeriodUsage {
        PeriodUsage {
            period,
            start,
            end,
            energy_wh: self.energy_wh,
            readings: self.readings,
            max_power_w: self.max_power_w,
            hourly: self.hourly,
            closed,
        }
    }
}

/// A period's usage: the stored record of its completed days plus the meter's open day if
/// that lies in the period.
pub fn period_usage(
    storage: &dyn Storage,
    cycle: &BillingCycle,
    record: &MeterRecord,
    period: u32,
) -> ContractResult<PeriodUsage> {
    let (start, end) = cycle
        .bounds(period)
        .ok_or(ContractError::PeriodOutOfRange { period })?;
    let mut usage = PERIODS
        .may_load(storage, record.number, u64::from(period))?
        .unwrap_or_default();
    if let Some(open) = record.open_day.as_ref().filter(|d| d.period == period) {
        usage.add_day(open)?;
    }
    Ok(usage.into_usage(period, start, end, period < record.next_period_to_close))
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-11-21T10:30:00Z is a Saturday.
    const SAT_1030_UTC: u64 = 1_795_257_000;

    #[test]
    fn hours_follow_the_tariff_offset() {
        let utc = tariff_hour(SAT_1030_UTC, 0).unwrap();
        let mut record = PeriodRecord::default();
        // Hour 10 on Saturday in UTC; Sunday 00:30 at +14:00; Friday 23:30 at -11:00.
        record.add_hours(utc, &[5]).unwrap();
        record
            .add_hours(tariff_hour(SAT_1030_UTC, 14 * 60).unwrap(), &[7])
            .unwrap();
        record
            .add_hours(tariff_hour(SAT_1030_UTC, -11 * 60).unwrap(), &[9])
            .unwrap();
        assert_eq!(record.hourly.len(), 1);
        let nov = &record.hourly[0];
        assert_eq!(nov.month, 11);
        assert_eq!(nov.weekend_wh[10], 5);
        assert_eq!(nov.weekend_wh[0], 7);
        assert_eq!(nov.weekday_wh[23], 9);
        assert_eq!(
            nov.weekday_wh.iter().chain(&nov.weekend_wh).sum::<u64>(),
            21
        );
    }

    #[test]
    fn open_day_keeps_consecutive_hours() {
        let mut day = OpenDay::new(1, 0);
        day.add(100, 3, 6).unwrap();
        day.add(100, 4, 8).unwrap();
        assert!(day.has_room_for(102));
        day.add(102, 5, 10).unwrap();
        assert_eq!((day.first_hour, day.hours.clone()), (100, vec![7, 0, 5]));
        assert_eq!((day.energy_wh, day.readings, day.max_power_w), (12, 3, 10));
        assert!(!day.has_room_for(100 + OPEN_HOURS as u64));
        assert!(day.add(100 + OPEN_HOURS as u64, 1, 1).is_err());
        assert_eq!((day.energy_wh, day.readings), (12, 3));
        assert_eq!(day.take_hours(), (100, vec![7, 0, 5]));
        assert!(day.has_room_for(1_000));
    }
}
