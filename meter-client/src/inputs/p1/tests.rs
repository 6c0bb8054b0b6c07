use std::io::Cursor;
use std::sync::Arc;

use ledger_types::time::civil_from_days;

use super::*;
use crate::inputs::counters::{ErrorReason, InputCounters};
use crate::inputs::dsmr::build;
use crate::inputs::serial::open_input;
use crate::inputs::{Energy, InputSettings};

/// 2026-12-06 00:00:00 UTC, a multiple of 900.
const T0: u64 = 1_796_515_200;

/// The meter's time for unix second `at`, in winter time (UTC+1).
fn meter_time(at: u64) -> String {
    let local = at + 3_600;
    let (year, month, day) = civil_from_days(i64::try_from(local / 86_400).unwrap());
    let s = local % 86_400;
    format!(
        "{:02}{month:02}{day:02}{:02}{:02}{:02}W",
        year - 2000,
        s / 3_600,
        s / 60 % 60,
        s % 60
    )
}

fn kwh(wh: u64) -> String {
    format!("{:06}.{:03}", wh / 1_000, wh % 1_000)
}

/// A telegram at `at` with `import` Wh on tariff 1 and 10 Wh on tariff 2, `export` Wh returned.
fn telegram(at: u64, import: u64, export: u64) -> Vec<u8> {
    build::telegram(
        "50",
        &meter_time(at),
        [&kwh(import), "000000.010", &kwh(export), "000000.000"],
    )
}

fn source(bytes: Vec<u8>, energy: Energy) -> (DsmrSource<Cursor<Vec<u8>>>, Arc<InputCounters>) {
    let counters = Arc::new(InputCounters::default());
    let settings = InputSettings {
        name: "test".into(),
        energy,
        interval: 900,
        next_start: T0,
        counters: counters.clone(),
    };
    (DsmrSource::new(Cursor::new(bytes), settings), counters)
}

fn drain(mut source: impl ReadingSource) -> Vec<(u64, u32, u64)> {
    let mut out = vec![];
    while let Some(m) = source.next_measurement().unwrap() {
        out.push((m.interval_start, m.interval_length, m.register_wh));
    }
    out
}

#[test]
fn frames_are_cut_from_noise_and_damage_is_reported() {
    let mut bytes = b"tail of an earlier telegram)\r\n!1234\r\n".to_vec();
    bytes.extend(telegram(T0, 1_000, 0));
    // A telegram cut off by the next one.
    let cut = telegram(T0 + 1, 1_001, 0);
    bytes.extend_from_slice(&cut[..cut.len() / 2]);
    bytes.extend(telegram(T0 + 2, 1_002, 0));
    // A DSMR 3 telegram: no CRC.
    bytes.extend_from_slice(b"/ISk5\\2MT382-1000\r\n\r\n1-0:1.8.1(00001.001*kWh)\r\n!\r\n");
    // The input ends within a telegram.
    bytes.extend_from_slice(&cut[..20]);
    let mut frames = TelegramFrames::new(Cursor::new(bytes));
    let mut got = vec![];
    while let Some(frame) = frames.next_frame().unwrap() {
        got.push(
            frame
                .and_then(|f| parse_telegram(&f))
                .map(|t| t.delivered.tariff1),
        );
    }
    assert_eq!(
        got,
        vec![
            Ok(Some(1_000)),
            Err(TelegramError::Cut),
            Ok(Some(1_002)),
            Err(TelegramError::NoCrc),
            Err(TelegramError::Cut),
        ]
    );
}

#[test]
fn an_endless_telegram_is_refused_and_the_next_one_read() {
    let mut bytes = b"/endless".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', MAX_TELEGRAM_BYTES + 10));
    bytes.extend(telegram(T0, 7, 0));
    let mut frames = TelegramFrames::new(Cursor::new(bytes));
    let first = frames.next_frame().unwrap().unwrap();
    assert_eq!(first, Err(TelegramError::TooLong));
    let second = frames.next_frame().unwrap().unwrap().unwrap();
    assert_eq!(parse_telegram(&second).unwrap().delivered.tariff1, Some(7));
    assert_eq!(frames.next_frame().unwrap(), None);
}

#[test]
fn telegrams_every_ten_seconds_become_one_measurement_per_interval() {
    // 40 minutes of telegrams, 1 Wh per 10 s imported, every 7th damaged.
    let mut bytes = vec![];
    let mut damaged = 0;
    for k in 0..240u64 {
        let mut t = telegram(T0 + 10 * k, 5_000 + k, 100);
        if k % 7 == 3 {
            let at = t.len() / 2;
            t[at] ^= 0x01;
            damaged += 1;
        }
        bytes.extend(t);
    }
    let (s, counters) = source(bytes.clone(), Energy::Import);
    // Boundaries at T0+900 (k=90) and T0+1800 (k=180); the registers include tariff 2's 10 Wh.
    assert_eq!(
        drain(s),
        vec![
            (T0, 900, 5_000 + 90 + 10),
            (T0 + 900, 900, 5_000 + 180 + 10)
        ]
    );
    assert_eq!(counters.errors(ErrorReason::Crc), damaged);
    assert_eq!(counters.total_errors(), damaged);
    assert_eq!(counters.samples(), 240 - damaged);

    // The same telegrams, recording the export register.
    let (s, _) = source(bytes, Energy::Export);
    assert_eq!(drain(s), vec![(T0, 900, 100), (T0 + 900, 900, 100)]);
}

#[test]
fn a_damaged_telegram_at_the_boundary_moves_the_reading_to_the_next_good_one() {
    let mut bytes = telegram(T0 + 890, 10, 0);
    let mut bad = telegram(T0 + 900, 11, 0);
    let crc_at = bad.len() - 3;
    bad[crc_at] = if bad[crc_at] == b'0' { b'1' } else { b'0' };
    bytes.extend(bad);
    bytes.extend(telegram(T0 + 910, 12, 0));
    let (s, counters) = source(bytes, Energy::Import);
    assert_eq!(drain(s), vec![(T0, 900, 22)]);
    assert_eq!(counters.errors(ErrorReason::Crc), 1);
}

#[test]
fn opening_a_missing_port_says_what_to_check() {
    let err = open_input("/nonexistent/ttyUSB9", 115_200).err().unwrap();
    assert!(err.to_string().contains("/nonexistent/ttyUSB9"), "{err}");
    assert!(matches!(
        err,
        SourceError::Io { ref source, .. } if source.kind() == ErrorKind::NotFound
    ));
}
