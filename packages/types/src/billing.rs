//! Billing cycles and payment schedules: which period an instant belongs to, where a period
//! starts and ends, and when its instalments fall due.
//!
//! The meter contract closes periods and dates instalments with these rules, and clients use
//! the same functions to show users what the chain will do.

use cosmwasm_schema::cw_serde;

use crate::time::{self, DAY};

/// One whole in basis points.
pub const BPS_WHOLE: u16 = 10_000;

/// How time is cut into billing periods.
#[cw_serde]
pub enum BillingCycle {
    /// Calendar months; days and months are counted in the given UTC offset (minutes east).
    CalendarMonth { utc_offset_minutes: i32 },
    /// Periods of `days` days of `day_seconds` seconds each, the first starting at `origin`
    /// (unix seconds). With `day_seconds` = 86400 these are real days; demos and tests use
    /// shorter days so that a whole period passes in minutes.
    Days {
        origin: u64,
        days: u32,
        day_seconds: u64,
    },
}

/// An advance: a share of the period's estimated bill due on a day of the period.
#[cw_serde]
pub struct AdvanceRule {
    /// Share of the estimate, in basis points (3000 = 30%).
    pub bps: u16,
    /// Day of the period it falls due on, counting from 1.
    pub day: u32,
}

/// The instalments of a period: advances during it, and a final instalment (the bill minus
/// the advances paid) in the following period.
#[cw_serde]
pub struct PaymentSchedule {
    pub advances: Vec<AdvanceRule>,
    /// Day of the following period on which the final instalment falls due, counting from 1.
    pub final_day: u32,
}

impl Default for PaymentSchedule {
    /// 30% due on day 10 and 40% on day 25, the balance on day 18 of the next period.
    fn default() -> Self {
        PaymentSchedule {
            advances: vec![
                AdvanceRule {
                    bps: 3_000,
                    day: 10,
                },
                AdvanceRule {
                    bps: 4_000,
                    day: 25,
                },
            ],
            final_day: 18,
        }
    }
}

/// Everything a meter contract needs to know about billing and plausible readings.
#[cw_serde]
pub struct MeterSettings {
    pub cycle: BillingCycle,
    pub schedule: PaymentSchedule,
    /// How far past the block time a reading's interval may end (clock skew of meters).
    pub future_tolerance_seconds: u64,
    /// Longest interval one reading may cover.
    pub max_interval_seconds: u32,
    /// Highest average power a reading may imply; more is physically impossible for the
    /// connection and is refused as a faulty or forged reading.
    pub max_power_w: u64,
}

impl Default for MeterSettings {
    fn default() -> Self {
        MeterSettings {
            cycle: BillingCycle::CalendarMonth {
                utc_offset_minutes: 0,
            },
            schedule: PaymentSchedule::default(),
            future_tolerance_seconds: 60,
            max_interval_seconds: 86_400,
            max_power_w: 1_000_000,
        }
    }
}

/// Why a billing configuration cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleProblem {
    /// The advances ask for more than the whole estimate.
    AdvancesExceedWhole { total_bps: u32 },
    /// A due day lies outside the period (day 0, or past the shortest period).
    DayOutOfRange { day: u32, max: u32 },
    /// The cycle itself is malformed (zero-length days or periods, impossible offset).
    BadCycle { reason: &'static str },
    /// Advances must fall due in date order.
    AdvancesOutOfOrder,
}

impl std::fmt::Display for ScheduleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScheduleProblem::AdvancesExceedWhole { total_bps } => write!(
                f,
                "advances add up to {total_bps} basis points, more than the whole (10000)"
            ),
            ScheduleProblem::DayOutOfRange { day, max } => {
                write!(f, "due day {day} is outside 1..={max}")
            }
            ScheduleProblem::BadCycle { reason } => write!(f, "billing cycle: {reason}"),
            ScheduleProblem::AdvancesOutOfOrder => {
                write!(f, "advances must be listed in due-day order")
            }
        }
    }
}

impl BillingCycle {
    /// The fewest days any period of this cycle has (28 for calendar months).
    pub fn min_days(&self) -> u32 {
        match self {
            BillingCycle::CalendarMonth { .. } => 28,
            BillingCycle::Days { days, .. } => *days,
        }
    }

    /// Length of a day of this cycle in seconds.
    pub fn day_seconds(&self) -> u64 {
        match self {
            BillingCycle::CalendarMonth { .. } => DAY,
            BillingCycle::Days { day_seconds, .. } => *day_seconds,
        }
    }

    /// Checks that the cycle can be computed with.
    pub fn validate(&self) -> Result<(), ScheduleProblem> {
        match self {
            BillingCycle::CalendarMonth { utc_offset_minutes } => {
                if !time::is_valid_offset(*utc_offset_minutes) {
                    return Err(ScheduleProblem::BadCycle {
                        reason: "UTC offset outside -12:00..=+14:00",
                    });
                }
            }
            BillingCycle::Days {
                days, day_seconds, ..
            } => {
                if *days == 0 || *day_seconds == 0 {
                    return Err(ScheduleProblem::BadCycle {
                        reason: "days and day_seconds must be positive",
                    });
                }
                if u64::from(*days).checked_mul(*day_seconds).is_none() {
                    return Err(ScheduleProblem::BadCycle {
                        reason: "period length overflows",
                    });
                }
            }
        }
        Ok(())
    }

    /// The period an instant falls in, or `None` before the cycle's first period.
    pub fn period_of(&self, unix: u64) -> Option<u32> {
        match self {
            BillingCycle::CalendarMonth { utc_offset_minutes } => {
                let local = time::to_local(unix, *utc_offset_minutes)?;
                let lt = time::local_time(local);
                u32::try_from(time::month_index(lt.year, lt.month)).ok()
            }
            BillingCycle::Days {
                origin,
                days,
                day_seconds,
            } => {
                let since = unix.checked_sub(*origin)?;
                let len = u64::from(*days).checked_mul(*day_seconds)?;
                u32::try_from(since / len).ok()
            }
        }
    }

    /// Start (inclusive) and end (exclusive) of a period in unix seconds.
    pub fn bounds(&self, period: u32) -> Option<(u64, u64)> {
        Some((
            self.start_of(period)?,
            self.start_of(period.checked_add(1)?)?,
        ))
    }

    /// Start of a period in unix seconds.
    pub fn start_of(&self, period: u32) -> Option<u64> {
        match self {
            BillingCycle::CalendarMonth { utc_offset_minutes } => {
                let (year, month) = time::month_from_index(i64::from(period));
                let days = u64::try_from(time::days_from_civil(year, month, 1)).ok()?;
                time::from_local(days.checked_mul(DAY)?, *utc_offset_minutes)
            }
            BillingCycle::Days {
                origin,
                days,
                day_seconds,
            } => {
                let len = u64::from(*days).checked_mul(*day_seconds)?;
                origin.checked_add(u64::from(period).checked_mul(len)?)
            }
        }
    }

    /// Start of day `day` (counting from 1) of a period, in unix seconds.
    pub fn day_start(&self, period: u32, day: u32) -> Option<u64> {
        let offset = u64::from(day.checked_sub(1)?).checked_mul(self.day_seconds())?;
        self.start_of(period)?.checked_add(offset)
    }

    /// The day an instant falls in, counted from the cycle's epoch: the key of daily totals.
    pub fn day_index(&self, unix: u64) -> Option<u64> {
        match self {
            BillingCycle::CalendarMonth { utc_offset_minutes } => {
                Some(time::to_local(unix, *utc_offset_minutes)? / DAY)
            }
            BillingCycle::Days {
                origin,
                day_seconds,
                ..
            } => Some(unix.checked_sub(*origin)? / day_seconds),
        }
    }

    /// Real seconds of one day on the clock tariffs read: the cycle's day length when a
    /// `Days` cycle has days shorter than a civil day (a compressed clock, for demos and
    /// tests that pass a period in minutes), else a civil day.
    pub fn tariff_day_seconds(&self) -> u64 {
        match self {
            BillingCycle::Days { day_seconds, .. } if (1..DAY).contains(day_seconds) => {
                *day_seconds
            }
            _ => DAY,
        }
    }

    /// Where an instant falls on the clock tariffs read (hours, weekdays, months): on a
    /// compressed clock (see [`BillingCycle::tariff_day_seconds`]) each day of the cycle stands
    /// for a whole civil day counted from the origin, so that a period of short days is priced
    /// like a month; otherwise the instant itself. `None` before a compressed cycle's origin.
    pub fn tariff_clock(&self, unix: u64) -> Option<u64> {
        let day_seconds = self.tariff_day_seconds();
        match self {
            BillingCycle::Days { origin, .. } if day_seconds < DAY => {
                let since = unix.checked_sub(*origin)?;
                let (day, into) = (since / day_seconds, since % day_seconds);
                origin
                    .checked_add(day.checked_mul(DAY)?)?
                    .checked_add(into * DAY / day_seconds)
            }
            _ => Some(unix),
        }
    }

    /// Start of a day (see [`BillingCycle::day_index`]) in unix seconds.
    pub fn day_index_start(&self, day: u64) -> Option<u64> {
        match self {
            BillingCycle::CalendarMonth { utc_offset_minutes } => {
                time::from_local(day.checked_mul(DAY)?, *utc_offset_minutes)
            }
            BillingCycle::Days {
                origin,
                day_seconds,
                ..
            } => origin.checked_add(day.checked_mul(*day_seconds)?),
        }
    }
}

/// Average power of `energy_wh` over `length` real seconds, W, on a tariff clock whose day
/// lasts `tariff_day_seconds` real seconds (see [`BillingCycle::tariff_day_seconds`]): a
/// compressed clock stretches the interval to the time it stands for. `None` for a zero
/// length or day.
pub fn average_power_w(energy_wh: u64, length: u32, tariff_day_seconds: u64) -> Option<u128> {
    let stretched = u128::from(length).checked_mul(u128::from(DAY))?;
    u128::from(energy_wh)
        .checked_mul(3_600)?
        .checked_mul(u128::from(tariff_day_seconds))?
        .checked_div(stretched)
        .filter(|_| tariff_day_seconds > 0)
}

impl PaymentSchedule {
    /// Checks the schedule against the cycle it will be used with.
    pub fn validate(&self, cycle: &BillingCycle) -> Result<(), ScheduleProblem> {
        let max = cycle.min_days();
        let total_bps: u32 = self.advances.iter().map(|a| u32::from(a.bps)).sum();
        if total_bps > u32::from(BPS_WHOLE) {
            return Err(ScheduleProblem::AdvancesExceedWhole { total_bps });
        }
        for day in self
            .advances
            .iter()
            .map(|a| a.day)
            .chain(std::iter::once(self.final_day))
        {
            if day == 0 || day > max {
                return Err(ScheduleProblem::DayOutOfRange { day, max });
            }
        }
        if self.advances.windows(2).any(|w| w[0].day > w[1].day) {
            return Err(ScheduleProblem::AdvancesOutOfOrder);
        }
        Ok(())
    }
}

impl MeterSettings {
    /// Checks the whole configuration.
    pub fn validate(&self) -> Result<(), ScheduleProblem> {
        self.cycle.validate()?;
        self.schedule.validate(&self.cycle)?;
        if self.max_interval_seconds == 0 || self.max_power_w == 0 {
            return Err(ScheduleProblem::BadCycle {
                reason: "max_interval_seconds and max_power_w must be positive",
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOV_2026_UTC: u64 = 1_793_491_200; // 2026-11-01T00:00:00Z

    #[test]
    fn a_cycle_of_short_days_is_a_compressed_tariff_clock() {
        let demo = BillingCycle::Days {
            origin: NOV_2026_UTC,
            days: 30,
            day_seconds: 5,
        };
        assert_eq!(demo.tariff_day_seconds(), 5);
        // Second 2.5 of day 3 is noon of the third civil day after the origin.
        assert_eq!(
            demo.tariff_clock(NOV_2026_UTC + 3 * 5),
            Some(NOV_2026_UTC + 3 * DAY)
        );
        assert_eq!(
            demo.tariff_clock(NOV_2026_UTC + 3 * 5 + 4),
            Some(NOV_2026_UTC + 3 * DAY + 4 * DAY / 5)
        );
        assert_eq!(demo.tariff_clock(NOV_2026_UTC - 1), None);
        // One Wh a second for one real second is a fifth of a day: 1 Wh in 4.8 h.
        assert_eq!(average_power_w(1_000, 1, 5), Some(208));
        assert_eq!(average_power_w(1_000, 0, 5), None);

        // Civil days, longer days and calendar months keep the real clock.
        for cycle in [
            BillingCycle::Days {
                origin: NOV_2026_UTC,
                days: 30,
                day_seconds: DAY,
            },
            BillingCycle::Days {
                origin: NOV_2026_UTC,
                days: 30,
                day_seconds: 30 * 3_600,
            },
            BillingCycle::CalendarMonth {
                utc_offset_minutes: 60,
            },
        ] {
            assert_eq!(cycle.tariff_day_seconds(), DAY);
            assert_eq!(
                cycle.tariff_clock(NOV_2026_UTC + 77),
                Some(NOV_2026_UTC + 77)
            );
            assert_eq!(
                average_power_w(250, 900, cycle.tariff_day_seconds()),
                Some(1_000)
            );
        }
    }

    #[test]
    fn calendar_month_bounds() {
        let cycle = BillingCycle::CalendarMonth {
            utc_offset_minutes: 0,
        };
        let p = cycle.period_of(NOV_2026_UTC + 5).unwrap();
        assert_eq!(
            cycle.bounds(p),
            Some((NOV_2026_UTC, NOV_2026_UTC + 30 * DAY))
        );
        assert_eq!(cycle.day_start(p, 10), Some(NOV_2026_UTC + 9 * DAY));
        // An hour before midnight UTC is already the next month three hours east.
        let east = BillingCycle::CalendarMonth {
            utc_offset_minutes: 180,
        };
        assert_eq!(east.period_of(NOV_2026_UTC - 3600), Some(p));
        assert_eq!(east.start_of(p), Some(NOV_2026_UTC - 3 * 3600));
    }

    #[test]
    fn day_cycles() {
        let cycle = BillingCycle::Days {
            origin: 1_000,
            days: 30,
            day_seconds: 10,
        };
        assert_eq!(cycle.period_of(999), None);
        assert_eq!(cycle.period_of(1_000), Some(0));
        assert_eq!(cycle.period_of(1_299), Some(0));
        assert_eq!(cycle.period_of(1_300), Some(1));
        assert_eq!(cycle.bounds(1), Some((1_300, 1_600)));
        assert_eq!(cycle.day_start(1, 18), Some(1_470));
        assert_eq!(cycle.day_index(1_300), Some(30));
        assert_eq!(cycle.day_index_start(30), Some(1_300));
    }

    #[test]
    fn schedules_are_validated() {
        let cycle = MeterSettings::default().cycle;
        assert_eq!(PaymentSchedule::default().validate(&cycle), Ok(()));
        let too_much = PaymentSchedule {
            advances: vec![
                AdvanceRule { bps: 6_000, day: 5 },
                AdvanceRule { bps: 5_000, day: 6 },
            ],
            final_day: 18,
        };
        assert_eq!(
            too_much.validate(&cycle),
            Err(ScheduleProblem::AdvancesExceedWhole { total_bps: 11_000 })
        );
        let late = PaymentSchedule {
            advances: vec![AdvanceRule {
                bps: 1_000,
                day: 31,
            }],
            final_day: 18,
        };
        assert_eq!(
            late.validate(&cycle),
            Err(ScheduleProblem::DayOutOfRange { day: 31, max: 28 })
        );
    }

    proptest! {
        // From February 1970: January 1970 east of Greenwich starts before the unix epoch,
        // so its bounds cannot be expressed (and no meter reads in 1970).
        #[test]
        fn every_instant_lies_in_its_period(unix in 2_678_400u64..4_000_000_000, offset in -720i32..=840) {
            let cycle = BillingCycle::CalendarMonth { utc_offset_minutes: offset };
            let p = cycle.period_of(unix).unwrap();
            let (start, end) = cycle.bounds(p).unwrap();
            prop_assert!(start <= unix && unix < end);
            let days = (end - start) / DAY;
            prop_assert!((28..=31).contains(&days));
        }

        #[test]
        fn days_lie_in_their_day(unix in 100_000u64..4_000_000_000, offset in -720i32..=840) {
            let cycle = BillingCycle::CalendarMonth { utc_offset_minutes: offset };
            let d = cycle.day_index(unix).unwrap();
            let start = cycle.day_index_start(d).unwrap();
            prop_assert!(start <= unix && unix < start + DAY);
        }
    }
}
