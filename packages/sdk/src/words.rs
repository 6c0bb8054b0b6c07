//! Times, months, settings and instalments in the words the ledger's tools print them in.

use std::fmt;
use std::str::FromStr;

use ledger_types::bank::{InstalmentKind, InstalmentStatus, PaymentSource};
use ledger_types::billing::BillingCycle;
use ledger_types::time::{self, DAY};

/// Unix seconds shown as `2026-11-21 10:30:00 UTC`.
pub fn datetime(unix: u64) -> String {
    let t = time::local_time(unix);
    let secs = unix % DAY;
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        t.year,
        t.month,
        t.day,
        t.hour,
        (secs % 3600) / 60,
        secs % 60
    )
}

/// A UTC offset in minutes east shown as `UTC+01:00`.
pub fn offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// A billing cycle in words.
pub fn describe_cycle(cycle: &BillingCycle) -> String {
    match cycle {
        BillingCycle::CalendarMonth { utc_offset_minutes } => {
            format!("calendar months in {}", offset(*utc_offset_minutes))
        }
        BillingCycle::Days {
            origin,
            days,
            day_seconds,
        } => format!(
            "periods of {days} days of {day_seconds} s from {}",
            datetime(*origin)
        ),
    }
}

/// Unix seconds as local seconds of `cycle`'s calendar (its UTC offset for calendar months;
/// demo cycles of short days are read in UTC).
pub fn local_seconds(cycle: &BillingCycle, unix: u64) -> u64 {
    match cycle {
        BillingCycle::CalendarMonth { utc_offset_minutes } => {
            time::to_local(unix, *utc_offset_minutes).unwrap_or(unix)
        }
        BillingCycle::Days { .. } => unix,
    }
}

/// The UTC offset `cycle`'s dates are read in, e.g. `UTC+01:00`.
pub fn cycle_zone(cycle: &BillingCycle) -> String {
    match cycle {
        BillingCycle::CalendarMonth { utc_offset_minutes } => offset(*utc_offset_minutes),
        BillingCycle::Days { .. } => offset(0),
    }
}

/// An instalment's kind in words: `advance 1`, `final`.
pub fn instalment_kind(kind: &InstalmentKind) -> String {
    match kind {
        InstalmentKind::Advance { number } => format!("advance {number}"),
        InstalmentKind::Final => "final".to_string(),
    }
}

/// An instalment's status in words.
pub fn instalment_status(status: &InstalmentStatus) -> &'static str {
    match status {
        InstalmentStatus::Open => "open",
        InstalmentStatus::Overdue => "overdue",
        InstalmentStatus::Paid => "paid",
        InstalmentStatus::Superseded => "superseded",
    }
}

/// Where a payment's value came from, in words.
pub fn payment_source(source: &PaymentSource) -> &'static str {
    match source {
        PaymentSource::Automatic => "automatic (settle)",
        PaymentSource::Operator => "bank operator",
        PaymentSource::Credit => "credit",
    }
}

/// A calendar month as people type it, `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Month {
    /// The year.
    pub year: i64,
    /// 1 ..= 12
    pub month: u8,
}

impl Month {
    /// Number of days in the month.
    pub fn days(self) -> u8 {
        days_in_month(self.year, self.month)
    }

    /// Local days since 1970-01-01 of the month's first day.
    pub fn first_day(self) -> i64 {
        time::days_from_civil(self.year, self.month, 1)
    }

    /// The month's English name and year, e.g. `November 2026`.
    pub fn long_name(self) -> String {
        const NAMES: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!("{} {}", NAMES[usize::from(self.month - 1)], self.year)
    }
}

impl FromStr for Month {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not a month: use YYYY-MM, e.g. 2026-11");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let year: i64 = fixed_digits(y, 4).ok_or_else(bad)?;
        let month: u8 = fixed_digits(m, 2).ok_or_else(bad)?;
        if !(1..=12).contains(&month) || year < 1970 {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i64, month: u8) -> u8 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let days = time::days_from_civil(ny, nm, 1) - time::days_from_civil(year, month, 1);
    u8::try_from(days).unwrap_or(31)
}

/// `s` as a number of exactly `width` ASCII digits.
pub fn fixed_digits<T: FromStr>(s: &str, width: usize) -> Option<T> {
    (s.len() == width && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOV_2026: u64 = 1_793_491_200; // 2026-11-01T00:00:00Z

    #[test]
    fn months_parse_and_know_their_days() {
        let nov: Month = "2026-11".parse().unwrap();
        assert_eq!(
            nov,
            Month {
                year: 2026,
                month: 11
            }
        );
        assert_eq!(nov.days(), 30);
        assert_eq!(nov.to_string(), "2026-11");
        assert_eq!(nov.long_name(), "November 2026");
        assert_eq!(nov.first_day() as u64 * DAY, NOV_2026);
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2026, 2), 28);
        assert_eq!(days_in_month(2026, 12), 31);
        for bad in ["2026-13", "2026-1", "26-11", "2026", "november", "1969-12"] {
            assert!(bad.parse::<Month>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn cycles_read_in_their_own_zone() {
        let month = BillingCycle::CalendarMonth {
            utc_offset_minutes: 60,
        };
        assert_eq!(local_seconds(&month, NOV_2026 - 3_600), NOV_2026);
        assert_eq!(cycle_zone(&month), "UTC+01:00");
        let demo = BillingCycle::Days {
            origin: 0,
            days: 2,
            day_seconds: 5,
        };
        assert_eq!(local_seconds(&demo, 17), 17);
        assert_eq!(cycle_zone(&demo), "UTC+00:00");
    }

    #[test]
    fn instalments_in_words() {
        assert_eq!(
            instalment_kind(&InstalmentKind::Advance { number: 2 }),
            "advance 2"
        );
        assert_eq!(instalment_kind(&InstalmentKind::Final), "final");
        assert_eq!(
            instalment_status(&InstalmentStatus::Superseded),
            "superseded"
        );
    }
}
