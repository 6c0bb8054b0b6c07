//! Times and settings in the words the ledger's tools print them in.

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
