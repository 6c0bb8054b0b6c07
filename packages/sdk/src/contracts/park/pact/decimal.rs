//! PACT's decimal strings (`-?\d+(\.\d+)?`) read exactly into fixed-precision integers, never
//! through a float.

/// Why a decimal string does not become a fixed-precision integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalError {
    /// Not of the form `-?\d+(\.\d+)?`.
    Malformed,
    /// Non-zero digits past the precision: they would be rounded away.
    TooPrecise,
    /// Beyond what an `i128` of that precision holds.
    Overflow,
}

/// `text` as a count of 10^-`digits`: `fixed("1.25", 6)` is 1_250_000. Fractional digits past
/// `digits` are accepted only when they are zeros, since dropping them changes nothing.
pub fn fixed(text: &str, digits: u32) -> Result<i128, DecimalError> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match body.split_once('.') {
        Some((whole, fraction)) if !fraction.is_empty() => (whole, fraction),
        Some(_) => return Err(DecimalError::Malformed),
        None => (body, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err(DecimalError::Malformed);
    }
    let keep = fraction.len().min(digits as usize);
    let (kept, dropped) = fraction.split_at(keep);
    if dropped.bytes().any(|b| b != b'0') {
        return Err(DecimalError::TooPrecise);
    }
    let padding = std::iter::repeat_n(b'0', digits as usize - keep);
    let mut value: i128 = 0;
    for b in whole.bytes().chain(kept.bytes()).chain(padding) {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(b - b'0')))
            .ok_or(DecimalError::Overflow)?;
    }
    Ok(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_become_exact_integers() {
        assert_eq!(fixed("1.25", 6), Ok(1_250_000));
        assert_eq!(fixed("0.000001", 6), Ok(1));
        assert_eq!(fixed("7", 6), Ok(7_000_000));
        assert_eq!(fixed("-0.5", 6), Ok(-500_000));
        assert_eq!(fixed("-0", 6), Ok(0));
        assert_eq!(fixed("007.10", 3), Ok(7_100));
        assert_eq!(fixed("2.5", 3), Ok(2_500));
        assert_eq!(fixed("80", 0), Ok(80));
        // Zeros past the precision change nothing; any other digit would be rounded.
        assert_eq!(fixed("1.5000000", 6), Ok(1_500_000));
        assert_eq!(fixed("1.0000001", 6), Err(DecimalError::TooPrecise));
        assert_eq!(fixed("2.25", 1), Err(DecimalError::TooPrecise));
    }

    #[test]
    fn anything_but_a_plain_decimal_is_refused() {
        for bad in [
            "", "-", ".5", "5.", "1e3", "+1", " 1", "1 ", "1,5", "0x10", "1.2.3", "--1", "NaN",
        ] {
            assert_eq!(fixed(bad, 6), Err(DecimalError::Malformed), "{bad:?}");
        }
        let huge = "9".repeat(40);
        assert_eq!(fixed(&huge, 6), Err(DecimalError::Overflow));
        // The largest that fits: i128::MAX micro-units.
        let max = i128::MAX.to_string();
        let (whole, fraction) = max.split_at(max.len() - 6);
        assert_eq!(fixed(&format!("{whole}.{fraction}"), 6), Ok(i128::MAX));
    }
}
