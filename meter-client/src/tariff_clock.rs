//! The meter contract's tariff clock, and time compression for demos.
//!
//! A billing cycle of days shorter than a civil day (`ledger deploy --cycle days
//! --day-seconds 5`) is a compressed clock: the meter contract reads each of its days as a
//! whole tariff day, so a reading's hour, weekday and average power are those of the time it
//! stands for (`ledger_types::billing::BillingCycle::tariff_clock`). The client checks a
//! reading's power the same way before signing, and the simulator, with `--compress-time`,
//! simulates each such day as a whole day of its household's load: a period of 30 demo days
//! then carries a month's energy, daily shape and peak power.

use ledger_types::billing::{BillingCycle, average_power_w};
use serde::{Deserialize, Serialize};

/// A compressed clock: every `day_seconds` real seconds from `origin` stand for a civil day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffClock {
    /// The cycle's origin, unix seconds.
    pub origin: u64,
    /// Real seconds of one tariff day (less than 86400).
    pub day_seconds: u64,
}

impl TariffClock {
    /// The clock of a billing cycle, if it is compressed.
    pub fn of(cycle: &BillingCycle) -> Option<Self> {
        match cycle {
            BillingCycle::Days { origin, .. } if cycle.tariff_day_seconds() < 86_400 => {
                Some(TariffClock {
                    origin: *origin,
                    day_seconds: cycle.tariff_day_seconds(),
                })
            }
            _ => None,
        }
    }

    fn cycle(&self) -> BillingCycle {
        BillingCycle::Days {
            origin: self.origin,
            days: 1,
            day_seconds: self.day_seconds,
        }
    }

    /// The interval `[start, start + length)` as the time it stands for: its start on the
    /// tariff clock and its stretched length. Before the origin the interval is its own.
    pub fn stretch(&self, start: u64, length: u32) -> (u64, u32) {
        match self.cycle().tariff_clock(start) {
            Some(at) => {
                let stretched = u64::from(length).saturating_mul(86_400) / self.day_seconds;
                (at, u32::try_from(stretched).unwrap_or(u32::MAX))
            }
            None => (start, length),
        }
    }
}

/// Average power of `energy_wh` in `length` real seconds as the meter contract computes it on
/// its tariff clock (`None`: the real clock), W.
pub fn power_w(clock: Option<TariffClock>, energy_wh: u64, length: u32) -> u128 {
    let day_seconds = clock.map_or(86_400, |c| c.day_seconds);
    average_power_w(energy_wh, length.max(1), day_seconds).unwrap_or(u128::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: u64 = 1_793_491_200;

    #[test]
    fn only_short_days_compress_and_a_second_stands_for_a_fifth_of_a_day() {
        let days = |day_seconds| BillingCycle::Days {
            origin: ORIGIN,
            days: 30,
            day_seconds,
        };
        assert_eq!(TariffClock::of(&days(86_400)), None);
        assert_eq!(
            TariffClock::of(&BillingCycle::CalendarMonth {
                utc_offset_minutes: 0
            }),
            None
        );
        let clock = TariffClock::of(&days(5)).unwrap();
        assert_eq!(
            clock.stretch(ORIGIN + 7, 1),
            (ORIGIN + 86_400 + 34_560, 17_280)
        );
        assert_eq!(clock.stretch(ORIGIN - 10, 10), (ORIGIN - 10, 10));
        // 100 Wh in 4.8 hours, not in a second.
        assert_eq!(power_w(Some(clock), 100, 1), 20);
        assert_eq!(power_w(None, 100, 1), 360_000);
    }
}
