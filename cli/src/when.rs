//! Instants as people type and read them, in integers (no clock, no time zone files): the
//! calendar rules are `ledger_types::time`, the same the contracts use; months are
//! `ledger_sdk::words::Month`, shared with the gateway.

use std::str::FromStr;

use ledger_types::time::{self, DAY};

/// An instant given on the command line: `now`, unix seconds, or a UTC date or date-time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// The latest block's time, asked from the node.
    Now,
    /// Unix seconds.
    At(u64),
}

impl When {
    /// The instant in unix seconds, `now` being `now`.
    pub fn resolve(self, now: u64) -> u64 {
        match self {
            When::Now => now,
            When::At(t) => t,
        }
    }
}

impl FromStr for When {
    type Err = String;

    /// Accepts `now`, `1793491200`, `2026-11-01`, `2026-11-01T10:30`, `2026-11-01T10:30:00Z`
    /// and `2026-11-01 10:30:00` (dates and times are UTC).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "'{s}' is not a time: use `now`, unix seconds, YYYY-MM-DD or \
                 YYYY-MM-DDTHH:MM[:SS][Z] (UTC)"
            )
        };
        let s = s.trim();
        if s.eq_ignore_ascii_case("now") {
            return Ok(When::Now);
        }
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return s.parse().map(When::At).map_err(|_| bad());
        }
        let s = s.strip_suffix('Z').unwrap_or(s);
        let (date, clock) = match s.split_once(['T', ' ']) {
            Some((d, c)) => (d, Some(c)),
            None => (s, None),
        };
        let mut parts = date.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let year: i64 = fixed_digits(y, 4).ok_or_else(bad)?;
        let month: u8 = fixed_digits(m, 2).ok_or_else(bad)?;
        let day: u8 = fixed_digits(d, 2).ok_or_else(bad)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        let mut secs = 0u64;
        if let Some(clock) = clock {
            let fields: Vec<&str> = clock.split(':').collect();
            if !(2..=3).contains(&fields.len()) {
                return Err(bad());
            }
            let h: u64 = fixed_digits(fields[0], 2).ok_or_else(bad)?;
            let mi: u64 = fixed_digits(fields[1], 2).ok_or_else(bad)?;
            let se: u64 = match fields.get(2) {
                Some(f) => fixed_digits(f, 2).ok_or_else(bad)?,
                None => 0,
            };
            if h > 23 || mi > 59 || se > 59 {
                return Err(bad());
            }
            secs = h * 3600 + mi * 60 + se;
        }
        let days = u64::try_from(time::days_from_civil(year, month, day)).map_err(|_| bad())?;
        Ok(When::At(days * DAY + secs))
    }
}

use ledger_sdk::words::fixed_digits;
pub use ledger_sdk::words::{Month, datetime, days_in_month, offset};

/// Unix seconds shown as the UTC date `2026-11-21`.
pub fn date(unix: u64) -> String {
    let t = time::local_time(unix);
    format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
}

/// Calendar fields (year, month, day, hour, minute, second) of local seconds since the epoch.
pub fn fields(local: u64) -> (i64, u8, u8, u8, u8, u8) {
    let t = time::local_time(local);
    let secs = local % DAY;
    (
        t.year,
        t.month,
        t.day,
        t.hour,
        ((secs % 3600) / 60) as u8,
        (secs % 60) as u8,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOV_2026: u64 = 1_793_491_200; // 2026-11-01T00:00:00Z

    #[test]
    fn instants_parse_in_every_accepted_form() {
        let at = |s: &str| s.parse::<When>();
        assert_eq!(at("now"), Ok(When::Now));
        assert_eq!(at("1793491200"), Ok(When::At(NOV_2026)));
        assert_eq!(at("2026-11-01"), Ok(When::At(NOV_2026)));
        assert_eq!(at("2026-11-01T10:30"), Ok(When::At(NOV_2026 + 37_800)));
        assert_eq!(at("2026-11-01T10:30:15Z"), Ok(When::At(NOV_2026 + 37_815)));
        assert_eq!(at("2026-11-01 10:30:15"), Ok(When::At(NOV_2026 + 37_815)));
        assert_eq!(at("2024-02-29"), Ok(When::At(1_709_164_800)));
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-02-29",
            "2026-11-1",
            "2026-11-01T25:00",
            "2026-11-01T10",
            "-5",
            "2026/11/01",
        ] {
            assert!(at(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(When::Now.resolve(7), 7);
        assert_eq!(When::At(3).resolve(7), 3);
    }

    #[test]
    fn instants_print_in_utc() {
        assert_eq!(datetime(NOV_2026 + 37_815), "2026-11-01 10:30:15 UTC");
        assert_eq!(date(NOV_2026 + 37_815), "2026-11-01");
        assert_eq!(fields(NOV_2026 + 37_815), (2026, 11, 1, 10, 30, 15));
        assert_eq!(offset(60), "UTC+01:00");
        assert_eq!(offset(-330), "UTC-05:30");
        assert_eq!(offset(0), "UTC+00:00");
    }
}
