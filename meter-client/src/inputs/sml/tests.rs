use std::io::Cursor;
use std::sync::Arc;

use super::*;
use crate::inputs::InputCounters;

/// CRC-16/X-25, the checksum of an SML message.
fn x25(bytes: &[u8]) -> u16 {
    crc::Crc::<u16>::new(&crc::CRC_16_IBM_SDLC).checksum(bytes)
}

/// An octet string's type-length field and bytes.
fn octets(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![u8::try_from(bytes.len() + 1).unwrap()];
    out.extend_from_slice(bytes);
    out
}

/// One `val_list` entry: OBIS code, unit, scaler, a signed 64-bit value.
fn entry(obis: [u8; 6], unit: u8, scaler: i8, value: i64) -> Vec<u8> {
    let mut out = vec![0x77];
    out.extend(octets(&obis));
    out.push(0x01); // status: none
    out.push(0x01); // val_time: none
    out.extend([0x62, unit]);
    out.extend([0x52, scaler as u8]);
    out.push(0x59);
    out.extend(value.to_be_bytes());
    out.push(0x01); // value signature: none
    out
}

/// An SML `GetList.Res` message with `entries`, its CRC right unless `damage`.
fn get_list_message(entries: &[Vec<u8>], damage: bool) -> Vec<u8> {
    let mut m = vec![0x76];
    m.extend(octets(&[0x00, 0x42, 0x17, 0x01]));
    m.extend([0x62, 0x00, 0x62, 0x00]);
    m.push(0x72);
    m.extend([0x65, 0x00, 0x00, 0x07, 0x01]);
    m.push(0x77);
    m.push(0x01); // client id
    m.extend(octets(&[
        0x0A, 0x01, 0x45, 0x4D, 0x48, 0x00, 0x00, 0x7A, 0xB1, 0x2C,
    ]));
    m.extend(octets(&[0x01, 0x00, 0x62, 0x0A, 0xFF, 0xFF]));
    m.push(0x01); // sensor time
    m.push(0x70 | u8::try_from(entries.len()).unwrap());
    for e in entries {
        m.extend_from_slice(e);
    }
    m.extend([0x01, 0x01]); // list signature, gateway time
    let crc = x25(&m) ^ u16::from(damage);
    m.push(0x63);
    m.extend(crc.to_le_bytes());
    m.push(0x00);
    m
}

/// A whole transport frame (escape sequences, padding, the frame CRC) around `messages`.
fn frame(messages: &[u8]) -> Vec<u8> {
    sml_rs::transport::encode::<Vec<u8>>(messages).unwrap()
}

fn meter_frame(import_tenth_wh: i64, export_wh: i64) -> Vec<u8> {
    frame(&get_list_message(
        &[
            entry(OBIS_IMPORT, 30, -1, import_tenth_wh),
            entry(OBIS_EXPORT, 30, 0, export_wh),
        ],
        false,
    ))
}

fn parse_frame(bytes: &[u8]) -> Result<SmlRegisters, SmlError> {
    let mut reader = SmlReader::with_vec_buffer().from_reader(Cursor::new(bytes.to_vec()));
    match reader.next::<File>() {
        Some(Ok(file)) => SmlRegisters::from_file(&file),
        Some(Err(ReadParsedError::DecodeErr(e))) => Err(SmlError::from_decode(e)),
        Some(Err(ReadParsedError::ParseErr(e))) => Err(SmlError::from_parse(e)),
        Some(Err(e)) => panic!("{e}"),
        None => panic!("no frame"),
    }
}

#[test]
fn a_frame_gives_import_and_export_in_wh() {
    let r = parse_frame(&meter_frame(123_456_785, 4_321)).unwrap();
    // 12,345,678.5 Wh rounds to 12,345,679.
    assert_eq!(r.register_wh(Energy::Import).unwrap(), 12_345_679);
    assert_eq!(r.register_wh(Energy::Export).unwrap(), 4_321);
}

#[test]
fn damaged_frames_and_messages_are_refused() {
    // A byte changed in transit: the frame's CRC fails.
    let mut bytes = meter_frame(10, 0);
    bytes[20] ^= 0x10;
    let err = parse_frame(&bytes).unwrap_err();
    assert!(matches!(err, SmlError::Checksum(_)), "{err}");
    assert_eq!(err.reason(), ErrorReason::Crc);
    // A message whose own CRC is wrong inside a good frame.
    let bad_message = frame(&get_list_message(&[entry(OBIS_IMPORT, 30, 0, 5)], true));
    let err = parse_frame(&bad_message).unwrap_err();
    assert!(matches!(err, SmlError::Checksum(_)), "{err}");
}

#[test]
fn wrong_units_and_missing_registers_are_named() {
    let only_import = frame(&get_list_message(&[entry(OBIS_IMPORT, 30, 1, 7)], false));
    let r = parse_frame(&only_import).unwrap();
    assert_eq!(r.register_wh(Energy::Import).unwrap(), 70);
    assert_eq!(
        r.register_wh(Energy::Export),
        Err(SmlError::MissingRegister("exported energy", "1-0:2.8.0"))
    );
    // Unit 27 is W, not Wh.
    let watts = frame(&get_list_message(&[entry(OBIS_IMPORT, 27, 0, 7)], false));
    assert!(matches!(
        parse_frame(&watts),
        Err(SmlError::BadValue {
            obis: "1-0:1.8.0",
            ..
        })
    ));
    let negative = frame(&get_list_message(&[entry(OBIS_IMPORT, 30, 0, -7)], false));
    assert!(matches!(
        parse_frame(&negative),
        Err(SmlError::BadValue { .. })
    ));
}

#[test]
fn frames_become_readings_and_damaged_ones_are_counted() {
    // Noise before the first frame, a good frame, a damaged one, a good one.
    let mut bytes = vec![0x42, 0x00, 0x17];
    bytes.extend(meter_frame(1_000, 0));
    let mut damaged = meter_frame(1_010, 0);
    damaged[25] ^= 0x01;
    bytes.extend(damaged);
    bytes.extend(meter_frame(1_020, 0));
    let counters = Arc::new(InputCounters::default());
    // Intervals of one second from long ago: every good frame closes one.
    let settings = InputSettings {
        name: "fixture".into(),
        energy: Energy::Import,
        interval: 1,
        next_start: 1,
        counters: counters.clone(),
    };
    let mut source = SmlSource::new(Cursor::new(bytes), settings);
    let first = source.next_measurement().unwrap().unwrap();
    assert_eq!((first.interval_start, first.register_wh), (1, 100));
    // The second good frame arrives within the same second or a later one.
    let mut registers = vec![];
    while let Some(m) = source.next_measurement().unwrap() {
        registers.push(m.register_wh);
    }
    assert!(
        registers.is_empty() || registers == vec![102],
        "{registers:?}"
    );
    assert_eq!(counters.errors(ErrorReason::Crc), 1);
    assert_eq!(counters.total_errors(), 1);
    assert_eq!(counters.samples(), 2);
}
