//! The real-meter inputs on a serial port. A pseudo-terminal pair stands for the cable: the
//! test is the meter on the master side, and the client opens the slave's path as it would
//! `/dev/ttyUSB0`, through the same code (`serialport` for DSMR, `tokio-serial` under
//! `tokio-modbus` for Modbus RTU). No chain is needed.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use ledger_types::time::civil_from_days;
use meter_client::inputs::dsmr::crc16;
use meter_client::inputs::modbus::{ModbusLink, ModbusSource, RegisterMap};
use meter_client::inputs::p1::DsmrSource;
use meter_client::inputs::serial::open_input;
use meter_client::inputs::{Energy, ErrorReason, InputCounters, InputSettings};
use meter_client::metrics::{Metrics, serve};
use meter_client::source::{JumpClock, Measurement, ReadingSource, SourceError};
use serialport::{SerialPort, TTYPort};

/// 2026-12-06 00:00:00 UTC, a multiple of 900.
const T0: u64 = 1_796_515_200;

fn settings(name: &str, energy: Energy, next_start: u64, c: &Arc<InputCounters>) -> InputSettings {
    InputSettings {
        name: name.to_string(),
        energy,
        interval: 900,
        next_start,
        counters: Arc::clone(c),
    }
}

fn summary(m: &Measurement) -> (u64, u32, u64) {
    (m.interval_start, m.interval_length, m.register_wh)
}

// ---------------------------------------------------------------------------------------------
// DSMR P1

/// The meter's time for unix second `at`, winter time (UTC+1), as `YYMMDDhhmmssW`.
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

/// `body` up to and including its `!`, then the CRC and CR LF, as the meter sends it.
fn sealed(body: String) -> Vec<u8> {
    let crc = crc16(body.as_bytes());
    format!("{body}{crc:04X}\r\n").into_bytes()
}

/// A DSMR 5.0 telegram as a Landis+Gyr E350 sends it: `import` Wh on tariff 1, 10 Wh on
/// tariff 2, `export` Wh returned on tariff 1.
fn dsmr5(at: u64, import: u64, export: u64) -> Vec<u8> {
    let time = meter_time(at);
    sealed(format!(
        "/XMX5LGBBFG1012463620\r\n\r\n1-3:0.2.8(50)\r\n0-0:1.0.0({time})\r\n\
         0-0:96.1.1(4530303331303033313234363739383136)\r\n\
         1-0:1.8.1({}*kWh)\r\n1-0:1.8.2(000000.010*kWh)\r\n\
         1-0:2.8.1({}*kWh)\r\n1-0:2.8.2(000000.000*kWh)\r\n\
         0-0:96.14.0(0002)\r\n1-0:1.7.0(00.412*kW)\r\n1-0:2.7.0(00.000*kW)\r\n\
         0-0:96.7.21(00004)\r\n0-0:96.7.9(00002)\r\n\
         1-0:99.97.0(1)(0-0:96.7.19)(181016152317S)(0000000236*s)\r\n\
         1-0:32.32.0(00000)\r\n1-0:32.36.0(00000)\r\n0-0:96.13.0()\r\n\
         1-0:32.7.0(229.0*V)\r\n1-0:31.7.0(002*A)\r\n1-0:21.7.0(00.412*kW)\r\n\
         1-0:22.7.0(00.000*kW)\r\n0-1:24.1.0(003)\r\n\
         0-1:96.1.0(4730303332353631323831363736343136)\r\n\
         0-1:24.2.1({time})(01234.567*m3)\r\n!",
        kwh(import),
        kwh(export)
    ))
}

/// A DSMR 4.2 telegram as a Kaifa MA105 sends it: `import` Wh on tariff 2 (day), none on
/// tariff 1, `export` Wh returned on tariff 2; the gas reading on its own line.
fn dsmr4(at: u64, import: u64, export: u64) -> Vec<u8> {
    let time = meter_time(at);
    sealed(format!(
        "/KFM5KAIFA-METER\r\n\r\n1-3:0.2.8(42)\r\n0-0:1.0.0({time})\r\n\
         0-0:96.1.1(4530303034303031353934373534343134)\r\n\
         1-0:1.8.1(000000.000*kWh)\r\n1-0:1.8.2({}*kWh)\r\n\
         1-0:2.8.1(000000.000*kWh)\r\n1-0:2.8.2({}*kWh)\r\n\
         0-0:96.14.0(0002)\r\n1-0:1.7.0(02.027*kW)\r\n1-0:2.7.0(00.000*kW)\r\n\
         0-0:17.0.0(999.9*kW)\r\n0-0:96.3.10(1)\r\n0-0:96.7.21(00015)\r\n\
         0-0:96.7.9(00007)\r\n\
         1-0:99.97.0(3)(0-0:96.7.19)(000104180320W)(0000237126*s)(000101000001W)\
         (2147483647*s)(000101000001W)(2147483647*s)\r\n\
         1-0:32.32.0(00000)\r\n1-0:32.36.0(00000)\r\n0-0:96.13.1()\r\n0-0:96.13.0()\r\n\
         1-0:31.7.0(003*A)\r\n1-0:21.7.0(02.027*kW)\r\n1-0:22.7.0(00.000*kW)\r\n\
         0-1:24.1.0(003)\r\n0-1:96.1.0(4730303139333430323231313938343135)\r\n\
         0-1:24.2.1(161129200000W)(00981.443*m3)\r\n!",
        kwh(import),
        kwh(export)
    ))
}

/// Writes `telegrams` into the meter's side in pieces, as a UART delivers them; returns the
/// meter's side, still open, when all is written.
fn meter_sends(mut meter: TTYPort, telegrams: Vec<Vec<u8>>) -> JoinHandle<TTYPort> {
    std::thread::spawn(move || {
        for telegram in telegrams {
            for piece in telegram.chunks(64) {
                meter.write_all(piece).unwrap();
            }
            meter.flush().unwrap();
        }
        meter
    })
}

/// A DSMR source on the client's side of a fresh pty pair, and the meter's side.
fn p1_cable(counters: &Arc<InputCounters>) -> (DsmrSource<Box<dyn Read + Send>>, TTYPort, TTYPort) {
    let (meter_side, client_side) = TTYPort::pair().unwrap();
    let path = client_side.name().unwrap();
    let reader = open_input(&path, 115_200).unwrap();
    let source = DsmrSource::new(reader, settings(&path, Energy::Import, T0, counters));
    assert!(source.describe().contains(&path));
    // The client's side from `pair` stays open, so that the pty lives until the test ends.
    (source, meter_side, client_side)
}

/// The input's next measurements, `n` of them.
fn take(source: &mut impl ReadingSource, n: usize) -> Vec<(u64, u32, u64)> {
    (0..n)
        .map(|_| summary(&source.next_measurement().unwrap().unwrap()))
        .collect()
}

/// Pulling the cable: the meter's side closes, and the input ends with the port's error.
fn unplug(source: &mut impl ReadingSource, meter: JoinHandle<TTYPort>) {
    drop(meter.join().unwrap());
    match source.next_measurement() {
        Err(SourceError::Io { what, .. }) => assert!(what.starts_with("/dev/pts/"), "{what}"),
        other => panic!("expected the port's error, got {other:?}"),
    }
}

/// One scrape of the metrics over HTTP, the body.
fn scrape(metrics: &Arc<Metrics>, runtime: &tokio::runtime::Runtime) -> String {
    let address = runtime
        .block_on(serve("127.0.0.1:0".parse().unwrap(), Arc::clone(metrics)))
        .unwrap();
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    body.to_string()
}

#[test]
fn p1_telegrams_through_a_pty_become_readings_and_damaged_ones_are_counted_by_reason() {
    let metrics = Arc::new(Metrics::default());

    // A DSMR 5 meter, one telegram a second around the boundary; the one at the boundary is
    // damaged on the line, so the reading moves to the next good one.
    let dsmr5_counters = Arc::new(InputCounters::default());
    metrics.watch_input(Arc::clone(&dsmr5_counters));
    let (mut source, meter_side, _client_side) = p1_cable(&dsmr5_counters);
    let mut damaged = dsmr5(T0 + 900, 1_500, 7);
    damaged[40] = b'#';
    let meter = meter_sends(
        meter_side,
        vec![
            dsmr5(T0 + 5, 1_000, 7),
            dsmr5(T0 + 899, 1_499, 7),
            damaged,
            dsmr5(T0 + 901, 1_502, 8),
            dsmr5(T0 + 1_801, 2_000, 9),
        ],
    );
    assert_eq!(
        take(&mut source, 2),
        vec![(T0, 900, 1_502 + 10), (T0 + 900, 900, 2_000 + 10)]
    );
    unplug(&mut source, meter);
    assert_eq!(dsmr5_counters.samples(), 4);
    assert_eq!(dsmr5_counters.errors(ErrorReason::Crc), 1);
    assert_eq!(dsmr5_counters.errors(ErrorReason::Disconnected), 1);
    assert_eq!(dsmr5_counters.total_errors(), 2);

    // A DSMR 4 meter, one telegram every ten seconds; one is cut short by the next (a loose
    // plug), and the boundary's reading comes from the next whole one.
    let dsmr4_counters = Arc::new(InputCounters::default());
    metrics.watch_input(Arc::clone(&dsmr4_counters));
    let (mut source, meter_side, _client_side) = p1_cable(&dsmr4_counters);
    let cut = dsmr4(T0 + 900, 3_300, 50);
    let meter = meter_sends(
        meter_side,
        vec![
            dsmr4(T0 + 890, 3_290, 50),
            cut[..cut.len() - 30].to_vec(),
            dsmr4(T0 + 910, 3_310, 51),
        ],
    );
    assert_eq!(take(&mut source, 1), vec![(T0, 900, 3_310)]);
    unplug(&mut source, meter);
    assert_eq!(dsmr4_counters.samples(), 2);
    assert_eq!(dsmr4_counters.errors(ErrorReason::Cut), 1);
    assert_eq!(dsmr4_counters.errors(ErrorReason::Disconnected), 1);
    assert_eq!(dsmr4_counters.total_errors(), 2);

    // What a Prometheus scrape of the client sees: both inputs, errors by reason.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let body = scrape(&metrics, &runtime);
    for line in [
        "meter_client_input_samples_total 6",
        "meter_client_input_errors_total{reason=\"crc\"} 1",
        "meter_client_input_errors_total{reason=\"cut\"} 1",
        "meter_client_input_errors_total{reason=\"disconnected\"} 2",
        "meter_client_input_errors_total{reason=\"timeout\"} 0",
        "meter_client_input_errors_total{reason=\"parse\"} 0",
    ] {
        assert!(body.lines().any(|l| l == line), "no `{line}` in\n{body}");
    }
}

#[test]
fn the_export_register_comes_through_the_pty_too() {
    let counters = Arc::new(InputCounters::default());
    let (meter_side, client_side) = TTYPort::pair().unwrap();
    let path = client_side.name().unwrap();
    let reader = open_input(&path, 115_200).unwrap();
    let mut source = DsmrSource::new(reader, settings(&path, Energy::Export, T0, &counters));
    let meter = meter_sends(
        meter_side,
        vec![dsmr4(T0 + 10, 100, 40), dsmr5(T0 + 905, 200, 65)],
    );
    assert_eq!(take(&mut source, 1), vec![(T0, 900, 65)]);
    unplug(&mut source, meter);
}

// ---------------------------------------------------------------------------------------------
// Modbus RTU

/// CRC-16/MODBUS, as a meter computes it (sent low byte first).
fn modbus_crc(bytes: &[u8]) -> u16 {
    crc::Crc::<u16>::new(&crc::CRC_16_MODBUS).checksum(bytes)
}

/// What the meter does with the next request.
#[derive(Clone, Copy, Debug)]
enum Answer {
    /// Answers with its registers: import and export, kWh.
    Registers(f32, f32),
    /// Answers with these registers, but a byte of the CRC is damaged on the line.
    DamagedCrc(f32, f32),
    /// Does not answer.
    Silent,
}

/// An Eastron SDM120 at unit 1 on the meter's side of the pty: input registers 72..76 hold
/// import and export (float32 kWh, high word first), as the next entry of `script` says (the
/// last entry once the script is used up). Every request is checked (unit, CRC) and recorded
/// as (function, address, count).
fn sdm120(
    mut meter: TTYPort,
    script: Vec<Answer>,
    requests: Arc<Mutex<Vec<(u8, u16, u16)>>>,
) -> JoinHandle<()> {
    meter.set_timeout(Duration::from_secs(30)).unwrap();
    std::thread::spawn(move || {
        let mut script = script.into_iter();
        let mut current = Answer::Silent;
        let mut request = [0u8; 8];
        // Ends when the test drops its side of the pty (a read error).
        while meter.read_exact(&mut request).is_ok() {
            assert_eq!(request[0], 1, "unit address in {request:02X?}");
            let crc = modbus_crc(&request[..6]);
            assert_eq!(
                crc.to_le_bytes(),
                [request[6], request[7]],
                "CRC of {request:02X?}"
            );
            let function = request[1];
            let address = u16::from_be_bytes([request[2], request[3]]);
            let count = u16::from_be_bytes([request[4], request[5]]);
            requests.lock().unwrap().push((function, address, count));
            current = script.next().unwrap_or(current);
            let (import, export, damaged) = match current {
                Answer::Silent => continue,
                Answer::Registers(i, e) => (i, e, false),
                Answer::DamagedCrc(i, e) => (i, e, true),
            };
            let words: Vec<u16> = [import, export]
                .iter()
                .flat_map(|v| [(v.to_bits() >> 16) as u16, v.to_bits() as u16])
                .collect();
            let mut reply = vec![1, function];
            if function == 4 && address >= 72 && address + count <= 76 {
                reply.push((2 * count) as u8);
                let from = usize::from(address - 72);
                for w in &words[from..from + usize::from(count)] {
                    reply.extend(w.to_be_bytes());
                }
            } else {
                // Exception 2, illegal data address.
                reply = vec![1, function | 0x80, 2];
            }
            let mut crc = modbus_crc(&reply).to_le_bytes();
            if damaged {
                crc[0] ^= 0x55;
            }
            reply.extend(crc);
            meter.write_all(&reply).unwrap();
        }
    })
}

fn sdm120_map() -> RegisterMap {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/eastron-sdm120.json");
    RegisterMap::load(&path).unwrap()
}

#[test]
fn an_sdm120_on_rs485_through_a_pty_gives_import_and_export_and_bad_answers_are_errors() {
    let (meter_side, client_side) = TTYPort::pair().unwrap();
    let path = client_side.name().unwrap();
    let requests = Arc::new(Mutex::new(vec![]));
    let meter = sdm120(
        meter_side,
        vec![
            Answer::Registers(1.0, 0.25),
            // Would be a reading of 9,999 kWh if it were taken.
            Answer::DamagedCrc(9_999.0, 9_999.0),
            Answer::Silent,
            Answer::Registers(1.5, 0.3),
            Answer::Registers(2.0, 0.5),
        ],
        Arc::clone(&requests),
    );
    let now = Arc::new(AtomicU64::new(T0 + 890));
    let counters = Arc::new(InputCounters::default());

    // Imported energy: polls at T0+890 (1 kWh), T0+900 (damaged CRC), T0+910 (no answer),
    // T0+920 (1.5 kWh), which closes the interval.
    let mut import = ModbusSource::new(
        ModbusLink::rtu(&path, 9_600, 1),
        &sdm120_map(),
        10,
        settings(&path, Energy::Import, T0, &counters),
        JumpClock(Arc::clone(&now)),
    );
    assert_eq!(take(&mut import, 1), vec![(T0, 900, 1_500)]);
    assert_eq!(counters.samples(), 2);
    // tokio-modbus drops a reply whose CRC fails and waits for one that checks: the damaged
    // reply ends as a timeout (or, were its bytes to look like a frame, as garbled).
    assert_eq!(
        counters.errors(ErrorReason::Timeout) + counters.errors(ErrorReason::Garbled),
        2
    );
    assert_eq!(counters.total_errors(), 2);
    drop(import);

    // Exported energy, the same meter: the interval from T0+900, closed by the poll at
    // T0+1800.
    let export_counters = Arc::new(InputCounters::default());
    let mut export = ModbusSource::new(
        ModbusLink::rtu(&path, 9_600, 1),
        &sdm120_map(),
        10,
        settings(&path, Energy::Export, T0 + 900, &export_counters),
        JumpClock(Arc::clone(&now)),
    );
    assert_eq!(take(&mut export, 1), vec![(T0 + 900, 900, 500)]);
    assert_eq!(export_counters.total_errors(), 0);
    drop(export);

    // The client asked with function 4 (input registers) for two words at 72, then at 74.
    let asked = requests.lock().unwrap().clone();
    assert_eq!(asked[..4], [(4, 72, 2); 4]);
    assert!(asked[4..].iter().all(|r| *r == (4, 74, 2)), "{asked:?}");
    drop(client_side);
    meter.join().unwrap();
}
