use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::*;
use crate::inputs::InputCounters;
use crate::source::JumpClock;

const T0: u64 = 1_796_515_200;

fn shipped(name: &str) -> RegisterMap {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("maps")
        .join(name);
    RegisterMap::load(&path).unwrap()
}

#[test]
fn the_shipped_eastron_maps_name_the_energy_registers() {
    for name in ["eastron-sdm120.json", "eastron-sdm630.json"] {
        let map = shipped(name);
        assert_eq!(map.function, Table::Input, "{name}");
        // 30073 and 30075 in Eastron's numbering: total import and export, kWh.
        assert_eq!(map.register(Energy::Import).address, 72, "{name}");
        assert_eq!(map.register(Energy::Export).address, 74, "{name}");
        assert_eq!(map.import.format, Format::Float32);
        assert_eq!(map.import.unit, Unit::KWh);
    }
    let bad = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad.path(), r#"{"meter": "x", "function": "coils"}"#).unwrap();
    let err = RegisterMap::load(bad.path()).unwrap_err();
    assert!(
        err.contains("is not valid") && err.contains("coils"),
        "{err}"
    );
}

#[test]
fn registers_decode_into_wh() {
    let words = |v: f32| {
        let b = v.to_bits();
        [(b >> 16) as u16, b as u16]
    };
    let kwh = RegisterSpec {
        address: 72,
        format: Format::Float32,
        unit: Unit::KWh,
    };
    assert_eq!(kwh.decode(words(1234.5)), Some(1_234_500));
    assert_eq!(kwh.decode(words(0.0)), Some(0));
    assert_eq!(kwh.decode(words(-1.0)), None);
    assert_eq!(kwh.decode(words(f32::NAN)), None);
    assert_eq!(kwh.decode(words(f32::INFINITY)), None);
    let wh = RegisterSpec {
        address: 0,
        format: Format::Uint32,
        unit: Unit::Wh,
    };
    assert_eq!(wh.decode([0x0001, 0x0002]), Some(65_538));
    let kwh32 = RegisterSpec {
        unit: Unit::KWh,
        ..wh
    };
    assert_eq!(kwh32.decode([0, 7]), Some(7_000));
}

fn settings(name: &str, energy: Energy, counters: &Arc<InputCounters>) -> InputSettings {
    InputSettings {
        name: name.into(),
        energy,
        interval: 900,
        next_start: T0,
        counters: Arc::clone(counters),
    }
}

/// A Modbus TCP server on 127.0.0.1 with input registers 72..76 as an SDM meter's: import
/// `import_wh(now)` kWh as float32 at 72, export 0 at 74; other addresses answer exception
/// 2 (illegal data address). Serves one connection, then stops.
fn meter_server(clock: Arc<AtomicU64>, import_wh: fn(u64) -> u64) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut header = [0u8; 7];
        while stream.read_exact(&mut header).is_ok() {
            let length = usize::from(u16::from_be_bytes([header[4], header[5]]));
            let mut pdu = vec![0u8; length - 1];
            stream.read_exact(&mut pdu).unwrap();
            let start = u16::from_be_bytes([pdu[1], pdu[2]]);
            let count = u16::from_be_bytes([pdu[3], pdu[4]]);
            let kwh = import_wh(clock.load(Ordering::Relaxed)) as f32 / 1_000.0;
            let table: Vec<u16> = [kwh, 0.0]
                .iter()
                .flat_map(|v| [(v.to_bits() >> 16) as u16, v.to_bits() as u16])
                .collect();
            let answer: Vec<u8> = if pdu[0] == 4 && start >= 72 && start + count <= 76 {
                let words = &table[usize::from(start - 72)..usize::from(start - 72 + count)];
                let mut a = vec![4, (2 * count) as u8];
                a.extend(words.iter().flat_map(|w| w.to_be_bytes()));
                a
            } else {
                vec![pdu[0] | 0x80, 2]
            };
            let mut reply = header[..4].to_vec();
            reply.extend(((answer.len() + 1) as u16).to_be_bytes());
            reply.push(header[6]);
            reply.extend(answer);
            stream.write_all(&reply).unwrap();
        }
    });
    address
}

#[test]
fn an_sdm_meter_over_modbus_tcp_gives_a_reading_per_interval() {
    let now = Arc::new(AtomicU64::new(T0 + 3));
    // 2 Wh a second since T0, from 5000 Wh.
    let address = meter_server(now.clone(), |t| 5_000 + 2 * (t - T0));
    let counters = Arc::new(InputCounters::default());
    let mut source = ModbusSource::new(
        ModbusLink::tcp(address, 1),
        &shipped("eastron-sdm630.json"),
        10,
        settings(&address.to_string(), Energy::Import, &counters),
        JumpClock(now.clone()),
    );
    assert!(source.describe().contains("polled every 10 s"));
    let first = source.next_measurement().unwrap().unwrap();
    assert_eq!(
        (
            first.interval_start,
            first.interval_length,
            first.register_wh
        ),
        (T0, 900, 5_000 + 2 * 900)
    );
    let second = source.next_measurement().unwrap().unwrap();
    assert_eq!(
        (second.interval_start, second.register_wh),
        (T0 + 900, 5_000 + 2 * 1_800)
    );
    // Polls at T0+3, then T0+10, T0+20, ... T0+1800.
    assert_eq!(counters.samples(), 181);
    assert_eq!(counters.total_errors(), 0);
}

#[test]
fn a_wrong_map_is_an_exception_and_counted() {
    let now = Arc::new(AtomicU64::new(T0));
    let address = meter_server(now.clone(), |_| 1);
    let mut map = shipped("eastron-sdm120.json");
    map.import.address = 500;
    let counters = Arc::new(InputCounters::default());
    let mut source = ModbusSource::new(
        ModbusLink::tcp(address, 1),
        &map,
        10,
        settings("sdm", Energy::Import, &counters),
        JumpClock(now.clone()),
    );
    let error = source.read_register().unwrap_err();
    assert!(
        matches!(
            error,
            PollError::Exception(ExceptionCode::IllegalDataAddress)
        ),
        "{error}"
    );
    assert!(
        error.to_string().contains("check the register map"),
        "{error}"
    );
    assert_eq!(error.reason(), ErrorReason::Exception);
}

/// A bus whose answers a test scripts.
struct Scripted(Mutex<Vec<Result<Vec<u16>, PollError>>>);
impl RegisterBus for Scripted {
    fn read(&mut self, _: Table, _: u16, _: u16) -> Result<Vec<u16>, PollError> {
        self.0.lock().unwrap().remove(0)
    }
}

#[test]
fn failed_polls_are_counted_and_the_next_answer_closes_the_interval() {
    let now = Arc::new(AtomicU64::new(T0 + 890));
    let kwh = |v: f32| Ok(vec![(v.to_bits() >> 16) as u16, v.to_bits() as u16]);
    let bus = Scripted(Mutex::new(vec![
        kwh(1.0),
        Err(PollError::NoAnswer("deadline has elapsed".into())),
        Ok(vec![0x7FC0, 0]), // NaN
        kwh(1.5),
    ]));
    let counters = Arc::new(InputCounters::default());
    let mut source = ModbusSource::new(
        bus,
        &shipped("eastron-sdm120.json"),
        10,
        settings("scripted", Energy::Import, &counters),
        JumpClock(now.clone()),
    );
    let m = source.next_measurement().unwrap().unwrap();
    // Polls at 890 (1.0 kWh), 900 (timeout), 910 (NaN), 920 (1.5 kWh).
    assert_eq!(
        (m.interval_start, m.interval_length, m.register_wh),
        (T0, 900, 1_500)
    );
    assert_eq!(now.load(Ordering::Relaxed), T0 + 920);
    assert_eq!(counters.errors(ErrorReason::Timeout), 1);
    assert_eq!(counters.errors(ErrorReason::Parse), 1);
    assert_eq!(counters.total_errors(), 2);
    assert_eq!(counters.samples(), 2);
}

#[test]
fn transport_errors_are_told_apart_by_kind() {
    let io = |kind| tokio_modbus::Error::Transport(io::Error::from(kind));
    for (error, reason) in [
        (io(io::ErrorKind::TimedOut), ErrorReason::Timeout),
        (io(io::ErrorKind::InvalidData), ErrorReason::Garbled),
        (io(io::ErrorKind::BrokenPipe), ErrorReason::Disconnected),
        (
            io(io::ErrorKind::ConnectionReset),
            ErrorReason::Disconnected,
        ),
    ] {
        let polled = PollError::transport(error);
        assert_eq!(polled.reason(), reason, "{polled}");
    }
}

#[test]
fn a_gateway_that_cannot_be_reached_is_disconnected() {
    // A port nobody listens on: bound, then closed.
    let address = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut link = ModbusLink::tcp(address, 1);
    let error = link.read(Table::Input, 72, 2).unwrap_err();
    assert_eq!(error.reason(), ErrorReason::Disconnected, "{error}");
    assert!(
        error.to_string().contains("cannot reach the meter"),
        "{error}"
    );
}
