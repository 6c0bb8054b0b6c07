//! Calendar arithmetic on unix seconds in a fixed UTC offset, in integers only.
//!
//! Contracts cannot use a date library that reads the system clock or time-zone files, and
//! the meter contract, the tariff and the clients must agree to the second on which local
//! day, month and hour a timestamp falls in, so the rules live here once.

/// Seconds in a civil day.
pub const DAY: u64 = 86_400;

/// A UTC offset in minutes east of Greenwich; real offsets lie within -12:00 ..= +14:00.
pub const MIN_OFFSET_MINUTES: i32 = -12 * 60;
/// See [`MIN_OFFSET_MINUTES`].
pub const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// True when `minutes` is an offset some place on Earth uses.
pub fn is_valid_offset(minutes: i32) -> bool {
    (MIN_OFFSET_MINUTES..=MAX_OFFSET_MINUTES).contains(&minutes)
}

/// Local seconds since 1970-01-01T00:00 local time, or `None` before the epoch.
pub fn to_local(unix: u64, offset_minutes: i32) -> Option<u64> {
    let shifted = i128::from(unix) + i128::from(offset_minutes) * 60;
    u64::try_from(shifted).ok()
}

/// The unix time of a local time given as local seconds since the local epoch.
pub fn from_local(local: u64, offset_minutes: i32) -> Option<u64> {
    let shifted = i128::from(local) - i128::from(offset_minutes) * 60;
    u64::try_from(shifted).ok()
}

/// A local calendar position of an instant: what tariffs and daily totals are keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalTime {
    pub year: i64,
    /// 1 ..= 12
    pub month: u8,
    /// 1 ..= 31
    pub day: u8,
    /// 0 ..= 23
    pub hour: u8,
    /// 0 = Monday ..= 6 = Sunday
    pub weekday: u8,
}

impl LocalTime {
    /// Saturday and Sunday.
    pub fn is_weekend(&self) -> bool {
        self.weekday >= 5
    }
}

/// Splits local seconds since the local epoch into calendar fields.
pub fn local_time(local: u64) -> LocalTime {
    let days = local / DAY;
    let secs = local % DAY;
    let (year, month, day) = civil_from_days(days as i64);
    LocalTime {
        year,
        month,
        day,
        hour: (secs / 3600) as u8,
        // 1970-01-01 was a Thursday (weekday 3 when Monday is 0).
        weekday: ((days + 3) % 7) as u8,
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), after H. Hinnant's algorithm.
pub fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Months since January 1970 of a civil (year, month).
pub fn month_index(year: i64, month: u8) -> i64 {
    (year - 1970) * 12 + i64::from(month) - 1
}

/// The (year, month) of a month index since January 1970.
pub fn month_from_index(index: i64) -> (i64, u8) {
    (
        1970 + index.div_euclid(12),
        (index.rem_euclid(12) + 1) as u8,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        // 2026-11-21T10:30:00Z is a Saturday.
        let t = 1_795_257_000;
        let lt = local_time(to_local(t, 0).unwrap());
        assert_eq!((lt.year, lt.month, lt.day, lt.hour), (2026, 11, 21, 10));
        assert!(lt.is_weekend());
        // Three hours east it is 13:30 the same day.
        assert_eq!(local_time(to_local(t, 180).unwrap()).hour, 13);
        // 2024-02-29 exists.
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn offsets_out_of_range_are_refused() {
        assert!(is_valid_offset(0) && is_valid_offset(330) && is_valid_offset(-720));
        assert!(!is_valid_offset(841) && !is_valid_offset(-721));
    }

    proptest! {
        #[test]
        fn civil_round_trip(days in 0i64..200_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }

        #[test]
        fn month_index_round_trip(index in 0i64..10_000) {
            let (y, m) = month_from_index(index);
            prop_assert_eq!(month_index(y, m), index);
        }

        #[test]
        fn local_round_trip(unix in 86_400u64..4_000_000_000, offset in -720i32..=840) {
            prop_assert_eq!(from_local(to_local(unix, offset).unwrap(), offset), Some(unix));
        }
    }
}
