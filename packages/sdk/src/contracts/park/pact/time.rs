//! PACT's times (ISO 8601 in UTC, `2024-01-01T00:00:00Z`) read exactly into unix seconds, on
//! the calendar rules the contracts use (`ledger_types::time`); the inverse is
//! `ledger_types::park::footprints::iso8601`.

use ledger_types::time::days_from_civil;

/// `text` as unix seconds: `YYYY-MM-DDTHH:MM:SS`, optionally a fraction of zeros (a time
/// between two seconds cannot be stored), then `Z` or `+00:00`. `None` for anything else,
/// including impossible dates, leap seconds and times before 1970.
pub fn unix_seconds(text: &str) -> Option<u64> {
    let (date, time) = text.split_once('T')?;
    let time = time
        .strip_suffix('Z')
        .or_else(|| time.strip_suffix("+00:00"))?;
    let (time, fraction) = match time.split_once('.') {
        Some((time, fraction)) => (time, Some(fraction)),
        None => (time, None),
    };
    if let Some(fraction) = fraction {
        if fraction.is_empty() || fraction.bytes().any(|b| b != b'0') {
            return None;
        }
    }
    let [year, month, day] = fields(date, '-', [4, 2, 2])?;
    let [hour, minute, second] = fields(time, ':', [2, 2, 2])?;
    if year < 1970 || !(1..=12).contains(&month) || day == 0 || day > days_in(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    // Four-digit years and two-digit months and days: the conversions cannot fail.
    let days = days_from_civil(i64::try_from(year).ok()?, month as u8, day as u8);
    let days = u64::try_from(days).ok()?;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Three numbers of exactly `widths` digits, separated by `separator`.
fn fields(text: &str, separator: char, widths: [usize; 3]) -> Option<[u64; 3]> {
    let mut parts = text.split(separator);
    let mut out = [0u64; 3];
    for (slot, width) in out.iter_mut().zip(widths) {
        let part = parts.next()?;
        if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

fn days_in(year: u64, month: u64) -> u64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ledger_types::park::footprints::iso8601;

    #[test]
    fn pact_times_are_unix_seconds() {
        assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(unix_seconds("2024-02-29T23:59:59Z"), Some(1_709_251_199));
        assert_eq!(unix_seconds("2025-01-01T00:00:00Z"), Some(1_735_689_600));
        assert_eq!(
            unix_seconds("2025-01-01T00:00:00+00:00"),
            Some(1_735_689_600)
        );
        assert_eq!(
            unix_seconds("2025-01-01T00:00:00.000Z"),
            Some(1_735_689_600)
        );
        assert_eq!(unix_seconds("2000-03-01T12:30:15Z"), Some(951_913_815));
    }

    #[test]
    fn every_day_reads_back_as_the_contract_writes_it() {
        // Every day from 1970 to 2100 (leap years, century rules), at two times of day.
        for day in 0..47_482u64 {
            for at in [day * 86_400, day * 86_400 + 86_399] {
                assert_eq!(unix_seconds(&iso8601(at)), Some(at), "{}", iso8601(at));
            }
        }
    }

    #[test]
    fn times_that_are_not_utc_seconds_are_refused() {
        for bad in [
            "2025-01-01",
            "2025-01-01T00:00:00",
            "2025-01-01T00:00:00+01:00",
            "2025-01-01 00:00:00Z",
            "2025-1-01T00:00:00Z",
            "2025-01-01T00:00:00.5Z",
            "2025-01-01T00:00:00.Z",
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2025-04-31T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-00-10T00:00:00Z",
            "2025-01-01T24:00:00Z",
            "2025-06-30T23:59:60Z",
            "1969-12-31T23:59:59Z",
            "2025-01-01T00:00:00:00Z",
            "+2025-01-01T00:00:00Z",
        ] {
            assert_eq!(unix_seconds(bad), None, "{bad}");
        }
        assert_eq!(unix_seconds("2000-02-29T00:00:00Z"), Some(951_782_400));
    }
}
