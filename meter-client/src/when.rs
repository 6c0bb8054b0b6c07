//! Instants on the command line (`--backfill`, `--until`): unix seconds, `now`, `now-2h`,
//! `now+30m`, or a UTC date and time such as `2026-11-01T00:00:00Z`.

use ledger_types::time::days_from_civil;

/// Reads an instant relative to `now` (unix seconds).
pub fn parse_instant(text: &str, now: u64) -> Result<u64, String> {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix("now") {
        if rest.is_empty() {
            return Ok(now);
        }
        let (sign, duration) = rest.split_at(1);
        let seconds = parse_duration(duration)?;
        return match sign {
            "+" => now
                .checked_add(seconds)
                .ok_or_else(|| format!("'{t}' is too far")),
            "-" => now
                .checked_sub(seconds)
                .ok_or_else(|| format!("'{t}' is before 1970")),
            _ => Err(format!(
                "'{t}': expected now, now+<duration> or now-<duration>"
            )),
        };
    }
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().map_err(|_| format!("'{t}' is too large"));
    }
    parse_utc(t).ok_or_else(|| {
        format!(
            "'{t}' is not an instant: use unix seconds, now, now-2h, now+30m or \
             2026-11-01T00:00:00Z"
        )
    })
}

/// `90`, `90s`, `15m`, `2h`, `3d` in seconds.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = t.split_at(digits);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("'{t}' is not a duration such as 90s, 15m, 2h or 3d"))?;
    let factor = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        _ => return Err(format!("'{t}': the unit must be s, m, h or d")),
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("'{t}' is too long"))
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
fn parse_utc(t: &str) -> Option<u64> {
    let t = t.strip_suffix('Z')?;
    let (date, time) = t.split_once('T')?;
    let mut d = date.split('-');
    let year: i64 = d.next()?.parse().ok()?;
    let month: u8 = d.next()?.parse().ok()?;
    let day: u8 = d.next()?.parse().ok()?;
    let mut h = time.split(':');
    let hour: u64 = h.next()?.parse().ok()?;
    let minute: u64 = h.next()?.parse().ok()?;
    let second: u64 = h.next()?.parse().ok()?;
    if d.next().is_some()
        || h.next().is_some()
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let days = u64::try_from(days_from_civil(year, month, day)).ok()?;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants() {
        let now = 1_800_000_000;
        assert_eq!(parse_instant("now", now), Ok(now));
        assert_eq!(parse_instant("now-2h", now), Ok(now - 7_200));
        assert_eq!(parse_instant("now+30m", now), Ok(now + 1_800));
        assert_eq!(parse_instant("now-90", now), Ok(now - 90));
        assert_eq!(parse_instant("1793491200", now), Ok(1_793_491_200));
        assert_eq!(
            parse_instant("2026-11-01T00:00:00Z", now),
            Ok(1_793_491_200)
        );
        assert_eq!(parse_instant("1970-01-01T00:01:05Z", now), Ok(65));
        for bad in [
            "",
            "yesterday",
            "now*2",
            "now-2w",
            "2026-13-01T00:00:00Z",
            "-5",
        ] {
            assert!(parse_instant(bad, now).is_err(), "{bad:?}");
        }
        assert_eq!(parse_duration("3d"), Ok(259_200));
    }
}
