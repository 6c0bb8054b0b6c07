//! Usage figures as they come in: one line per lease and period, CSV or JSON.
//!
//! The real source of these figures is the provider's cloud (its network accounting per
//! host); the agent reads them from a file or from stdin, so that any exporter can feed it:
//!
//! ```text
//! # lease_id,period_start,period_end,gb          (CSV; a header line and # comments are skipped)
//! 7,1767222000,1767225600,12.25
//! {"lease_id":7,"period_start":1767225600,"period_end":1767229200,"gb":"0.5"}
//! ```
//!
//! Times are unix seconds; GB are decimal with at most nine fraction digits, read exactly
//! (as billionths of a GB), so that fractions add up without rounding.

use serde_json::Value;

/// Billionths of a GB in one GB.
pub const NANO_PER_GB: u64 = 1_000_000_000;

/// What the cloud measured for one lease in one period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UsageFigure {
    /// The lease on the federation contract.
    pub lease_id: u64,
    /// Start of the measured period, unix seconds.
    pub period_start: u64,
    /// End of the measured period, unix seconds (after its start).
    pub period_end: u64,
    /// Data transferred in the period, billionths of a GB.
    pub nano_gb: u64,
}

/// A line the agent cannot read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "input line {line}: {problem}; expected `lease_id,period_start,period_end,gb` or \
     {{\"lease_id\":N,\"period_start\":T,\"period_end\":T,\"gb\":\"G\"}}"
)]
pub struct InputError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub problem: String,
}

/// Reads line `line` (1-based) of the input: `None` for a blank line, a comment or the CSV
/// header.
pub fn parse_line(line: usize, text: &str) -> Result<Option<UsageFigure>, InputError> {
    let text = text.trim();
    if text.is_empty() || text.starts_with('#') || text.starts_with("lease_id") {
        return Ok(None);
    }
    let fail = |problem: String| InputError { line, problem };
    let figure = if text.starts_with('{') {
        parse_json(text).map_err(fail)?
    } else {
        parse_csv(text).map_err(fail)?
    };
    if figure.period_start >= figure.period_end {
        return Err(fail(format!(
            "the period starts at {} and ends at {}: it must start before it ends",
            figure.period_start, figure.period_end
        )));
    }
    Ok(Some(figure))
}

fn parse_csv(text: &str) -> Result<UsageFigure, String> {
    let fields: Vec<&str> = text.split(',').map(str::trim).collect();
    let [lease_id, start, end, gb] = fields[..] else {
        return Err(format!("{} fields instead of 4", fields.len()));
    };
    Ok(UsageFigure {
        lease_id: integer("lease_id", lease_id)?,
        period_start: integer("period_start", start)?,
        period_end: integer("period_end", end)?,
        nano_gb: nano_gb(gb)?,
    })
}

fn parse_json(text: &str) -> Result<UsageFigure, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let field = |name: &str| -> Result<String, String> {
        match value.get(name) {
            Some(Value::Number(n)) => Ok(n.to_string()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(format!("{name} is {other}, not a number")),
            None => Err(format!("{name} is missing")),
        }
    };
    Ok(UsageFigure {
        lease_id: integer("lease_id", &field("lease_id")?)?,
        period_start: integer("period_start", &field("period_start")?)?,
        period_end: integer("period_end", &field("period_end")?)?,
        nano_gb: nano_gb(&field("gb")?)?,
    })
}

fn integer(name: &str, text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("{name} '{text}' is not a whole number of 0 or more"))
}

/// `12`, `12.5`, `0.000000001` as billionths of a GB.
fn nano_gb(text: &str) -> Result<u64, String> {
    let bad = || format!("gb '{text}' is not a decimal of 0 or more with at most 9 decimals");
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 9 {
        return Err(bad());
    }
    let whole: u64 = whole.parse().map_err(|_| bad())?;
    let fraction: u64 = format!("{fraction:0<9}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(NANO_PER_GB)
        .and_then(|n| n.checked_add(fraction))
        .ok_or_else(|| format!("gb '{text}' is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(lease_id: u64, start: u64, end: u64, nano_gb: u64) -> Option<UsageFigure> {
        Some(UsageFigure {
            lease_id,
            period_start: start,
            period_end: end,
            nano_gb,
        })
    }

    #[test]
    fn csv_and_json_lines_read_alike() {
        assert_eq!(
            parse_line(1, "7, 100, 200, 12.25"),
            Ok(figure(7, 100, 200, 12_250_000_000))
        );
        assert_eq!(
            parse_line(
                2,
                r#"{"lease_id":7,"period_start":100,"period_end":200,"gb":12.25}"#
            ),
            Ok(figure(7, 100, 200, 12_250_000_000))
        );
        assert_eq!(
            parse_line(
                3,
                r#"{"lease_id":"7","period_start":100,"period_end":200,"gb":"3"}"#
            ),
            Ok(figure(7, 100, 200, 3 * NANO_PER_GB))
        );
        assert_eq!(parse_line(4, "9,0,1,0.000000001"), Ok(figure(9, 0, 1, 1)));
    }

    #[test]
    fn headers_comments_and_blank_lines_are_skipped() {
        for text in [
            "",
            "   ",
            "# from the exporter",
            "lease_id,period_start,period_end,gb",
        ] {
            assert_eq!(parse_line(1, text), Ok(None), "{text:?}");
        }
    }

    #[test]
    fn a_bad_line_names_its_number_and_problem() {
        let problem = |text: &str| parse_line(5, text).unwrap_err();
        assert!(
            problem("7,100,200")
                .problem
                .contains("3 fields instead of 4")
        );
        assert!(problem("7,100,200,-1").problem.contains("gb '-1'"));
        assert!(
            problem("7,100,200,1.0000000001")
                .problem
                .contains("at most 9 decimals")
        );
        assert!(problem("7,100,200,1e3").problem.contains("gb '1e3'"));
        assert!(problem("x,100,200,1").problem.contains("lease_id 'x'"));
        assert!(
            problem("7,200,200,1")
                .problem
                .contains("must start before it ends")
        );
        assert!(
            problem(r#"{"lease_id":7,"period_start":1}"#)
                .problem
                .contains("missing")
        );
        assert!(problem("{not json").problem.contains("not JSON"));
        assert!(
            problem("7,1,2,99999999999999")
                .problem
                .contains("too large")
        );
        let error = problem("7,100");
        assert_eq!(error.line, 5);
        assert!(error.to_string().starts_with("input line 5: "), "{error}");
    }
}
