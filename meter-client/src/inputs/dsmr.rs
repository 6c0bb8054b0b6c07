//! DSMR P1 telegrams (Dutch and Belgian smart meters, DSMR 4 and 5): CRC check and the energy
//! registers.
//!
//! A telegram runs from `/` (the meter's identification line) to `!` and four hex digits, the
//! CRC-16 (polynomial 0xA001 reflected, initial value 0, the "ARC" variant) of every byte from
//! the `/` to the `!` inclusive. Each line between is an OBIS code and values in parentheses:
//!
//! ```text
//! 1-3:0.2.8(50)                  version (DSMR 5.0; Belgium: 0-0:96.1.4)
//! 0-0:1.0.0(261206143000W)       meter time YYMMDDhhmmss, W winter (UTC+1), S summer (UTC+2)
//! 1-0:1.8.1(001234.567*kWh)      delivered to the client, tariff 1
//! 1-0:1.8.2(002345.678*kWh)      delivered to the client, tariff 2
//! 1-0:2.8.1(000012.345*kWh)      delivered by the client (returned), tariff 1
//! 1-0:2.8.2(000023.456*kWh)      delivered by the client (returned), tariff 2
//! ```
//!
//! DSMR 2.2 and 3 telegrams carry no CRC and are refused: a reading that is signed must be one
//! the meter sent.

use ledger_types::time::days_from_civil;

use super::Energy;
use super::counters::ErrorReason;

/// Longest telegram accepted, bytes (a DSMR 5 telegram with several M-Bus devices is about
/// 1.5 kB).
pub const MAX_TELEGRAM_BYTES: usize = 8_192;

/// Why a telegram was not used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TelegramError {
    /// No `!` followed by four hex digits.
    #[error(
        "no CRC after the closing '!': DSMR 2.2 and 3 telegrams have none and are not \
         supported, or the telegram was cut"
    )]
    NoCrc,
    /// The CRC does not match: a damaged telegram.
    #[error("CRC mismatch: the telegram says {stated:04X}, its bytes give {computed:04X}")]
    Crc {
        /// The CRC the telegram carries.
        stated: u16,
        /// The CRC of its bytes.
        computed: u16,
    },
    /// Bytes that are not text.
    #[error("not text: check the serial settings (DSMR 4 and 5: 115200 baud, 8N1)")]
    NotText,
    /// The energy register asked for is not in the telegram.
    #[error("no {0} register (OBIS {1}) in the telegram")]
    MissingRegister(&'static str, &'static str),
    /// A register or timestamp that cannot be read.
    #[error("{obis}: cannot read '{text}'")]
    BadValue {
        /// The line's OBIS code.
        obis: String,
        /// The value.
        text: String,
    },
    /// A new telegram began, or the input ended, before this one's end.
    #[error("cut off before its end")]
    Cut,
    /// Longer than [`MAX_TELEGRAM_BYTES`] without an end.
    #[error("longer than {MAX_TELEGRAM_BYTES} bytes without an end")]
    TooLong,
}

impl TelegramError {
    /// The reason it is counted under.
    pub fn reason(&self) -> ErrorReason {
        match self {
            TelegramError::NoCrc | TelegramError::Crc { .. } => ErrorReason::Crc,
            TelegramError::NotText | TelegramError::BadValue { .. } => ErrorReason::Parse,
            TelegramError::MissingRegister(..) => ErrorReason::MissingRegister,
            TelegramError::Cut | TelegramError::TooLong => ErrorReason::Cut,
        }
    }
}

/// An energy register per tariff, Wh; a meter sends tariffs 1 and 2, some also the total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TariffRegisters {
    /// Tariff 1 (low, night), Wh.
    pub tariff1: Option<u64>,
    /// Tariff 2 (normal, day), Wh.
    pub tariff2: Option<u64>,
    /// The total, where the meter sends one (x.8.0), Wh.
    pub total: Option<u64>,
}

impl TariffRegisters {
    /// The meter's total: tariff 1 plus tariff 2, or the total register when the meter sends
    /// no tariff registers.
    pub fn sum(&self) -> Option<u64> {
        match (self.tariff1, self.tariff2) {
            (None, None) => self.total,
            (a, b) => a.unwrap_or(0).checked_add(b.unwrap_or(0)),
        }
    }
}

/// What the client takes from a telegram.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Telegram {
    /// The identification line without the `/`, e.g. `ISk5\2MT382-1000`.
    pub identification: String,
    /// The P1 version (`50` for DSMR 5.0, `42` for 4.2), if sent.
    pub version: Option<String>,
    /// The meter's time, unix seconds, if sent.
    pub timestamp: Option<u64>,
    /// Energy delivered to the client (imported from the grid), 1-0:1.8.x.
    pub delivered: TariffRegisters,
    /// Energy delivered by the client (exported to the grid), 1-0:2.8.x.
    pub returned: TariffRegisters,
}

impl Telegram {
    /// The register the client records: imported or exported energy, both tariffs, Wh.
    pub fn register_wh(&self, energy: Energy) -> Result<u64, TelegramError> {
        match energy {
            Energy::Import => self.delivered.sum().ok_or(TelegramError::MissingRegister(
                "imported energy",
                "1-0:1.8.1/1.8.2",
            )),
            Energy::Export => self.returned.sum().ok_or(TelegramError::MissingRegister(
                "exported energy",
                "1-0:2.8.1/2.8.2",
            )),
        }
    }
}

/// CRC-16/ARC, as DSMR uses it.
pub fn crc16(bytes: &[u8]) -> u16 {
    const ARC: crc::Crc<u16> = crc::Crc::<u16>::new(&crc::CRC_16_ARC);
    ARC.checksum(bytes)
}

/// Checks and parses one telegram: the bytes from `/` to the CRC's last digit.
pub fn parse_telegram(bytes: &[u8]) -> Result<Telegram, TelegramError> {
    let bang = bytes
        .iter()
        .rposition(|b| *b == b'!')
        .ok_or(TelegramError::NoCrc)?;
    let stated = bytes
        .get(bang + 1..bang + 5)
        .and_then(|hex| std::str::from_utf8(hex).ok())
        .and_then(|hex| u16::from_str_radix(hex, 16).ok())
        .ok_or(TelegramError::NoCrc)?;
    let computed = crc16(&bytes[..=bang]);
    if stated != computed {
        return Err(TelegramError::Crc { stated, computed });
    }
    let text = std::str::from_utf8(&bytes[..bang]).map_err(|_| TelegramError::NotText)?;
    let mut lines = text.lines();
    let identification = lines
        .next()
        .unwrap_or_default()
        .trim_start_matches('/')
        .trim()
        .to_string();
    let mut telegram = Telegram {
        identification,
        ..Telegram::default()
    };
    for line in lines {
        let line = line.trim();
        let Some(open) = line.find('(') else {
            continue;
        };
        let obis = &line[..open];
        let value = line[open + 1..].split(')').next().unwrap_or_default();
        let bad = || TelegramError::BadValue {
            obis: obis.to_string(),
            text: value.to_string(),
        };
        let register = || energy_wh(value).ok_or_else(bad);
        match obis {
            "1-3:0.2.8" | "0-0:96.1.4" => telegram.version = Some(value.to_string()),
            "0-0:1.0.0" => telegram.timestamp = Some(timestamp(value).ok_or_else(bad)?),
            "1-0:1.8.1" => telegram.delivered.tariff1 = Some(register()?),
            "1-0:1.8.2" => telegram.delivered.tariff2 = Some(register()?),
            "1-0:1.8.0" => telegram.delivered.total = Some(register()?),
            "1-0:2.8.1" => telegram.returned.tariff1 = Some(register()?),
            "1-0:2.8.2" => telegram.returned.tariff2 = Some(register()?),
            "1-0:2.8.0" => telegram.returned.total = Some(register()?),
            _ => {}
        }
    }
    Ok(telegram)
}

/// `001234.567*kWh` or `001234567*Wh` in Wh, exactly (no floating point).
fn energy_wh(value: &str) -> Option<u64> {
    let (number, unit) = value.split_once('*')?;
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    match unit {
        "kWh" => {
            if fraction.len() > 3 {
                return None;
            }
            let milli: u64 = format!("{fraction:0<3}").parse().ok()?;
            whole.checked_mul(1_000)?.checked_add(milli)
        }
        "Wh" if fraction.is_empty() => Some(whole),
        _ => None,
    }
}

/// `YYMMDDhhmmssX` (X: `W` winter time UTC+1, `S` summer time UTC+2) in unix seconds.
fn timestamp(value: &str) -> Option<u64> {
    let bytes = value.as_bytes();
    if bytes.len() != 13 || !bytes[..12].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let field = |i: usize| (bytes[i] - b'0') * 10 + (bytes[i + 1] - b'0');
    let (year, month, day) = (field(0), field(2), field(4));
    let (hour, minute, second) = (field(6), field(8), field(10));
    let offset_hours: i64 = match bytes[12] {
        b'W' => 1,
        b'S' => 2,
        _ => return None,
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    // Leap seconds: some meters send :60; count it as the next second.
    if second > 60 {
        return None;
    }
    let days = days_from_civil(2000 + i64::from(year), month, day);
    let local =
        days * 86_400 + i64::from(hour) * 3_600 + i64::from(minute) * 60 + i64::from(second);
    u64::try_from(local - offset_hours * 3_600).ok()
}

/// Builds telegrams for tests, with a correct or a deliberately wrong CRC.
#[cfg(test)]
pub(crate) mod build {
    use super::crc16;

    /// A DSMR telegram with the given meter time and registers (kWh with three decimals),
    /// lines ending in CR LF as a meter sends them.
    pub fn telegram(version: &str, time: &str, registers: [&str; 4]) -> Vec<u8> {
        let [d1, d2, r1, r2] = registers;
        let body = format!(
            "/XMX5LGBBFG1012463620\r\n\r\n1-3:0.2.8({version})\r\n0-0:1.0.0({time})\r\n\
             0-0:96.1.1(4530303331303033313234363739383136)\r\n\
             1-0:1.8.1({d1}*kWh)\r\n1-0:1.8.2({d2}*kWh)\r\n\
             1-0:2.8.1({r1}*kWh)\r\n1-0:2.8.2({r2}*kWh)\r\n\
             0-0:96.14.0(0002)\r\n1-0:1.7.0(00.412*kW)\r\n1-0:2.7.0(00.000*kW)\r\n\
             0-1:24.2.1({time})(01234.567*m3)\r\n!"
        );
        let crc = crc16(body.as_bytes());
        format!("{body}{crc:04X}\r\n").into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::build::telegram;
    use super::*;

    #[test]
    fn crc16_is_the_arc_variant() {
        // The standard check value of CRC-16/ARC.
        assert_eq!(crc16(b"123456789"), 0xBB3D);
        assert_eq!(crc16(b""), 0);
    }

    #[test]
    fn a_dsmr5_telegram_gives_its_registers_and_time() {
        let bytes = telegram(
            "50",
            "261206143005W",
            ["001234.567", "002345.678", "000012.345", "000023.456"],
        );
        let t = parse_telegram(&bytes).unwrap();
        assert_eq!(t.identification, "XMX5LGBBFG1012463620");
        assert_eq!(t.version.as_deref(), Some("50"));
        // 2026-12-06 14:30:05 CET is 13:30:05 UTC.
        let utc =
            u64::try_from(days_from_civil(2026, 12, 6)).unwrap() * 86_400 + 13 * 3_600 + 1_805;
        assert_eq!(t.timestamp, Some(utc));
        assert_eq!(t.delivered.tariff1, Some(1_234_567));
        assert_eq!(t.delivered.tariff2, Some(2_345_678));
        assert_eq!(t.register_wh(Energy::Import).unwrap(), 3_580_245);
        assert_eq!(t.register_wh(Energy::Export).unwrap(), 35_801);
    }

    #[test]
    fn a_dsmr4_telegram_in_summer_time() {
        let bytes = telegram(
            "42",
            "260704120000S",
            ["000001.000", "000000.001", "000000.000", "000000.000"],
        );
        let t = parse_telegram(&bytes).unwrap();
        assert_eq!(t.version.as_deref(), Some("42"));
        let utc = u64::try_from(days_from_civil(2026, 7, 4)).unwrap() * 86_400 + 10 * 3_600;
        assert_eq!(t.timestamp, Some(utc));
        assert_eq!(t.register_wh(Energy::Import).unwrap(), 1_001);
        assert_eq!(t.register_wh(Energy::Export).unwrap(), 0);
    }

    #[test]
    fn a_damaged_telegram_fails_its_crc() {
        let good = telegram(
            "50",
            "261206143005W",
            ["001234.567", "002345.678", "000012.345", "000023.456"],
        );
        // One digit of a register changed on the way.
        let text = String::from_utf8(good.clone()).unwrap();
        let bad = text.replacen("001234.567", "001234.568", 1);
        let err = parse_telegram(bad.as_bytes()).unwrap_err();
        assert!(matches!(err, TelegramError::Crc { .. }), "{err}");
        // A cut telegram, and one without a CRC (DSMR 3).
        let end = good.iter().rposition(|b| *b == b'!').unwrap();
        assert_eq!(parse_telegram(&good[..end + 3]), Err(TelegramError::NoCrc));
        assert_eq!(
            parse_telegram(b"/ISk5\\2MT382-1000\r\n\r\n!\r\n"),
            Err(TelegramError::NoCrc)
        );
    }

    #[test]
    fn registers_in_wh_and_totals_are_read() {
        let body = "/EST5\\253710000_A\r\n\r\n1-3:0.2.8(50)\r\n0-0:1.0.0(221006155014S)\r\n\
                    1-0:1.8.0(006545766*Wh)\r\n1-0:2.8.0(000000058*Wh)\r\n!";
        let bytes = format!("{body}{:04X}\r\n", crc16(body.as_bytes()));
        let t = parse_telegram(bytes.as_bytes()).unwrap();
        assert_eq!(t.register_wh(Energy::Import).unwrap(), 6_545_766);
        assert_eq!(t.register_wh(Energy::Export).unwrap(), 58);
    }

    #[test]
    fn a_missing_register_or_bad_value_is_named() {
        let body = "/ABC5 meter\r\n\r\n1-0:1.8.1(12.5*kWh)\r\n!";
        let bytes = format!("{body}{:04X}", crc16(body.as_bytes()));
        let t = parse_telegram(bytes.as_bytes()).unwrap();
        assert_eq!(t.register_wh(Energy::Import).unwrap(), 12_500);
        assert_eq!(
            t.register_wh(Energy::Export).unwrap_err().to_string(),
            "no exported energy register (OBIS 1-0:2.8.1/2.8.2) in the telegram"
        );
        for (line, obis) in [
            ("1-0:1.8.1(12.5*MWh)", "1-0:1.8.1"),
            ("1-0:1.8.1(1.2345*kWh)", "1-0:1.8.1"),
            ("1-0:1.8.1(-1.000*kWh)", "1-0:1.8.1"),
            ("0-0:1.0.0(261306143005W)", "0-0:1.0.0"),
            ("0-0:1.0.0(261206143005X)", "0-0:1.0.0"),
        ] {
            let body = format!("/ABC5 meter\r\n\r\n{line}\r\n!");
            let bytes = format!("{body}{:04X}", crc16(body.as_bytes()));
            let err = parse_telegram(bytes.as_bytes()).unwrap_err();
            assert!(
                matches!(&err, TelegramError::BadValue { obis: o, .. } if o == obis),
                "{line}: {err}"
            );
        }
    }
}
