//! RFC 8785 (JSON Canonicalization Scheme) over a parsed `serde_json::Value`: members sorted by
//! their names' UTF-16 code units, no whitespace, strings escaped as JCS says, numbers written
//! as ECMAScript writes the IEEE double they denote.
//!
//! No crate of the workspace canonicalises JSON, and the scheme is small. Its one limit is
//! the parse before it: `serde_json` reads a number with a fraction or an exponent into an
//! `f64` by a fast method that can land one unit in the last place off the correctly rounded
//! double for numbers of more than about 15 significant digits. PACT writes its quantities as
//! decimal strings, and its few JSON numbers (percentages, the version) are short, so a PACT
//! document canonicalises exactly; a document relying on 17-digit numbers might not. JCS
//! also requires unique member names; `serde_json` keeps the last of duplicates.

use serde_json::{Number, Value};

/// `value` in its canonical form.
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number(n)),
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut members: Vec<(&String, &Value)> = members.iter().collect();
            members.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, (name, member)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(name, out);
                out.push(':');
                write(member, out);
            }
            out.push('}');
        }
    }
}

/// JCS escapes exactly what JSON requires (`"`, `\`, control characters, the short forms
/// where JSON has them, `\u00xx` in lower case otherwise), as `serde_json` does; the test
/// below holds it to that.
fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON number as JCS writes it: the IEEE double it denotes, in ECMAScript's
/// `Number.prototype.toString` form.
fn number(n: &Number) -> String {
    // Integers up to 2^53 are exactly their double; larger ones become the nearest double,
    // as a JCS parser would read them.
    if let Some(u) = n.as_u64() {
        return ecmascript(u as f64);
    }
    if let Some(i) = n.as_i64() {
        return ecmascript(i as f64);
    }
    ecmascript(n.as_f64().unwrap_or(f64::NAN))
}

/// ECMAScript's `Number.prototype.toString` of a finite double (ECMA-262, Number::toString):
/// the shortest digits that read back to it, plain from 1e-6 up to 1e21, exponent otherwise.
fn ecmascript(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    let (digits, exponent) = shortest(x.abs());
    let k = digits.len() as i32;
    let n = exponent + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        format!("{int}.{frac}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let sign = if n - 1 < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        format!("{first}{rest}e{sign}{}", (n - 1).abs())
    };
    if x < 0.0 { format!("-{body}") } else { body }
}

/// The shortest significant digits that read back to positive `x`, and the decimal exponent
/// of the first: 1424953923781206.2 is ("14249539237812062", 15).
///
/// Rust's `{:e}` gives shortest digits, but when `x` lies exactly halfway between two
/// shortest candidates it may take the upper one; ECMAScript takes the even one, so the
/// exact expansion (which `{:.N e}` writes without rounding once N covers a double's at most
/// 767 significant digits) decides that case.
fn shortest(x: f64) -> (String, i32) {
    let split = |text: &str| -> (String, i32) {
        let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
        let digits = mantissa.chars().filter(char::is_ascii_digit).collect();
        (digits, exponent.parse().unwrap_or(0))
    };
    let (digits, exponent) = split(&format!("{x:e}"));
    let odd = digits.bytes().last().is_some_and(|d| (d - b'0') % 2 == 1);
    if !odd {
        return (digits, exponent);
    }
    let k = digits.len();
    let (exact, exact_exponent) = split(&format!("{x:.800e}"));
    let halfway = exact_exponent == exponent
        && exact.as_bytes().get(k) == Some(&b'5')
        && exact.bytes().skip(k + 1).all(|d| d == b'0');
    if halfway {
        let lower = &exact[..k];
        let lower_even = lower.bytes().last().is_some_and(|d| (d - b'0') % 2 == 0);
        let reads_back = format!("{}.{}e{exponent}", &lower[..1], &lower[1..])
            .parse::<f64>()
            .is_ok_and(|y| y == x);
        if lower_even && reads_back {
            return (lower.to_string(), exponent);
        }
    }
    (digits, exponent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(text: &str) -> String {
        canonical(&serde_json::from_str(text).unwrap())
    }

    #[test]
    fn members_are_sorted_and_whitespace_goes() {
        assert_eq!(
            canon(r#" { "b" : [ 1 , { "z": null, "a": true } ], "a": "x" } "#),
            r#"{"a":"x","b":[1,{"a":true,"z":null}]}"#
        );
        // RFC 8785 §3.2.3's example: names sorted by UTF-16 code units, so U+1F600 (a
        // surrogate pair, 0xD83D...) sorts before U+FB33 though its code point is larger.
        assert_eq!(
            canon("{\"\u{fb33}\":1,\"\u{1f600}\":2,\"\\r\":3,\"1\":4,\"\u{80}\":5,\"\u{f6}\":6}"),
            "{\"\\r\":3,\"1\":4,\"\u{80}\":5,\"\u{f6}\":6,\"\u{1f600}\":2,\"\u{fb33}\":1}"
        );
    }

    #[test]
    fn strings_are_escaped_as_json_requires_and_no_more() {
        let text = "quote \" slash \\ / tab \t nl \n bell \u{7} del \u{7f} é € \u{2028} 😀";
        let value = Value::String(text.to_string());
        let ours = canonical(&value);
        assert_eq!(ours, serde_json::to_string(&value).unwrap());
        assert_eq!(
            ours,
            "\"quote \\\" slash \\\\ / tab \\t nl \\n bell \\u0007 del \u{7f} é € \u{2028} 😀\""
        );
        assert_eq!(canon(r#""\u00e9\u001F""#), "\"é\\u001f\"");
    }

    #[test]
    fn numbers_are_written_as_ecmascript_writes_doubles() {
        // RFC 8785 Appendix B's samples, as hex of the double and its JCS form.
        for (bits, expected) in [
            (0x0000_0000_0000_0000u64, "0"),
            (0x8000_0000_0000_0000, "0"),
            (0x0000_0000_0000_0001, "5e-324"),
            (0x8000_0000_0000_0001, "-5e-324"),
            (0x7fef_ffff_ffff_ffff, "1.7976931348623157e+308"),
            (0x4340_0000_0000_0000, "9007199254740992"),
            (0xc340_0000_0000_0000, "-9007199254740992"),
            (0x4430_0000_0000_0000, "295147905179352830000"),
            (0x44b5_2d02_c7e1_4af5, "9.999999999999997e+22"),
            (0x44b5_2d02_c7e1_4af6, "1e+23"),
            (0x44b5_2d02_c7e1_4af7, "1.0000000000000001e+23"),
            (0x444b_1ae4_d6e2_ef4e, "999999999999999700000"),
            (0x444b_1ae4_d6e2_ef4f, "999999999999999900000"),
            (0x444b_1ae4_d6e2_ef50, "1e+21"),
            (0x3eb0_c6f7_a0b5_ed8c, "9.999999999999997e-7"),
            (0x3eb0_c6f7_a0b5_ed8d, "0.000001"),
            (0x41b3_de43_5555_5553, "333333333.3333332"),
            (0x41b3_de43_5555_5554, "333333333.33333325"),
            (0x41b3_de43_5555_5555, "333333333.3333333"),
            (0x41b3_de43_5555_5556, "333333333.3333334"),
            (0x41b3_de43_5555_5557, "333333333.33333343"),
            (0xbecb_f647_612f_3696, "-0.0000033333333333333333"),
            (0x4314_3ff3_c1cb_0959, "1424953923781206.2"),
        ] {
            assert_eq!(ecmascript(f64::from_bits(bits)), expected, "{bits:#x}");
        }
        assert_eq!(
            canon("[1, -7, 2.50, 1e2, 0.1, 12345678901234567890]"),
            "[1,-7,2.5,100,0.1,12345678901234567000]"
        );
    }
}
