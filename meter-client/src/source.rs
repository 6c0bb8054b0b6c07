//! Where readings come from: the [`ReadingSource`] trait and its two implementations, the
//! load-curve [`Simulator`] and the line-oriented [`LineSource`].
//!
//! A source yields [`Measurement`]s: an interval and the meter's cumulative register at its
//! end. The client turns them into readings (the energy is the register's increase since the
//! previous reading), numbers, signs and stores them. Sources block; the client runs each in a
//! thread of its own.
//!
//! # The line format
//!
//! One measurement per line, three whole numbers separated by spaces, tabs or commas:
//!
//! ```text
//! # interval_start  interval_length  register_wh
//! 1793491200 1800 10412
//! 1793493000 1800 10530
//! ```
//!
//! * `interval_start`: start of the measured interval, unix seconds (UTC);
//! * `interval_length`: its length in seconds, at least 1;
//! * `register_wh`: the meter's cumulative register at the end of the interval, watt-hours.
//!
//! Empty lines and lines starting with `#` are ignored; a trailing `\r` (serial lines often end
//! in CR LF) is removed. The energy of a reading is the register minus the register of the
//! previous reading (for the first one, the register the meter was registered with), so a
//! lost line loses no energy: the next line's register still counts it. Lines whose interval
//! starts before the end of the last recorded reading are skipped as already recorded, which
//! makes re-reading a whole file after a restart harmless. A bad line is reported with its
//! number and skipped.

use std::io::{BufRead, ErrorKind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::curve::MeterCurve;
use crate::tariff_clock::TariffClock;

/// Longest line accepted from a line source, bytes.
pub const MAX_LINE_BYTES: usize = 1_024;

/// One measured interval of one meter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Measurement {
    /// Index of the meter in the client's meter table (0 for a single meter).
    pub meter: u32,
    /// Start of the interval, unix seconds.
    pub interval_start: u64,
    /// Length of the interval, seconds.
    pub interval_length: u32,
    /// The meter's cumulative register at the end of the interval, Wh.
    pub register_wh: u64,
}

impl Measurement {
    /// End of the interval, unix seconds (saturating).
    pub fn end(&self) -> u64 {
        self.interval_start
            .saturating_add(u64::from(self.interval_length))
    }
}

/// A failure that stops a source.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The input could not be read.
    #[error("cannot read {what}: {source}")]
    Io {
        /// The input's name.
        what: String,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// Something that produces measurements: a simulator, a meter reader on a serial line, a file.
pub trait ReadingSource: Send {
    /// Blocks until the next measurement is available. `Ok(None)` means the source has ended
    /// (end of file, or the simulator's `--until`).
    fn next_measurement(&mut self) -> Result<Option<Measurement>, SourceError>;

    /// A short description for logs, e.g. `simulator (seed 7, 1800 s)` or `lines from -`.
    fn describe(&self) -> String;
}

// ---------------------------------------------------------------------------------------------
// Lines

/// A line that cannot be used, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// Not three fields.
    #[error("expected 3 fields `<interval_start> <interval_length> <register_wh>`, found {found}")]
    FieldCount {
        /// How many fields the line had.
        found: usize,
    },
    /// A field is not a whole number in range.
    #[error("{field} '{text}' is not a whole number from 0 to {max}")]
    NotANumber {
        /// Which field.
        field: &'static str,
        /// What was there.
        text: String,
        /// Its largest value.
        max: u64,
    },
    /// An interval of length zero.
    #[error("interval_length must be at least 1 second")]
    ZeroLength,
    /// The interval ends beyond what unix seconds can hold.
    #[error("interval_start + interval_length overflows")]
    Overflow,
    /// Garbage on the line (not UTF-8) or a line that never ends.
    #[error("{0}")]
    Unreadable(String),
}

/// A parsed line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineReading {
    /// Start of the interval, unix seconds.
    pub interval_start: u64,
    /// Length, seconds (at least 1).
    pub interval_length: u32,
    /// Register at the end of the interval, Wh.
    pub register_wh: u64,
}

/// Parses one line of the line format (see the module documentation). `Ok(None)` for a blank
/// line or a comment.
pub fn parse_line(line: &str) -> Result<Option<LineReading>, LineError> {
    let line = line.trim_end_matches(['\r', '\n']).trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let fields: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|f| !f.is_empty())
        .collect();
    if fields.len() != 3 {
        return Err(LineError::FieldCount {
            found: fields.len(),
        });
    }
    let number = |field: &'static str, text: &str, max: u64| -> Result<u64, LineError> {
        let bad = || LineError::NotANumber {
            field,
            text: text.to_string(),
            max,
        };
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        text.parse::<u64>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(bad)
    };
    let interval_start = number("interval_start", fields[0], u64::MAX)?;
    let interval_length = number("interval_length", fields[1], u64::from(u32::MAX))?;
    let register_wh = number("register_wh", fields[2], u64::MAX)?;
    let interval_length = u32::try_from(interval_length).map_err(|_| LineError::Overflow)?;
    if interval_length == 0 {
        return Err(LineError::ZeroLength);
    }
    interval_start
        .checked_add(u64::from(interval_length))
        .ok_or(LineError::Overflow)?;
    Ok(Some(LineReading {
        interval_start,
        interval_length,
        register_wh,
    }))
}

/// A line's number (from 1) and what it holds.
pub type NumberedLine = (u64, Result<LineReading, LineError>);

/// Measurements read line by line from a file, a serial device or stdin, for one meter.
///
/// A serial device is read as a file: set its speed and raw mode first, e.g.
/// `stty -F /dev/ttyUSB0 9600 raw -echo`.
pub struct LineSource<R> {
    reader: R,
    name: String,
    line_number: u64,
    buf: Vec<u8>,
}

impl<R: BufRead + Send> LineSource<R> {
    /// Reads lines from `reader`; `name` names it in messages (a path, or `-` for stdin).
    pub fn new(reader: R, name: impl Into<String>) -> Self {
        LineSource {
            reader,
            name: name.into(),
            line_number: 0,
            buf: Vec::with_capacity(128),
        }
    }

    /// The next line, parsed, with its number; `None` at the end of the input.
    pub fn next_line(&mut self) -> Result<Option<NumberedLine>, SourceError> {
        loop {
            self.buf.clear();
            let mut too_long = false;
            // Reads up to the newline, keeping at most MAX_LINE_BYTES.
            loop {
                let available = match self.reader.fill_buf() {
                    Ok(bytes) => bytes,
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    Err(source) => {
                        return Err(SourceError::Io {
                            what: self.name.clone(),
                            source,
                        });
                    }
                };
                if available.is_empty() {
                    break;
                }
                let (take, done) = match available.iter().position(|b| *b == b'\n') {
                    Some(i) => (i + 1, true),
                    None => (available.len(), false),
                };
                let room = MAX_LINE_BYTES.saturating_sub(self.buf.len());
                if take > room {
                    too_long = true;
                }
                self.buf.extend_from_slice(&available[..take.min(room)]);
                self.reader.consume(take);
                if done {
                    break;
                }
            }
            if self.buf.is_empty() && !too_long {
                return Ok(None);
            }
            self.line_number += 1;
            let parsed = if too_long {
                Err(LineError::Unreadable(format!(
                    "line longer than {MAX_LINE_BYTES} bytes"
                )))
            } else {
                match std::str::from_utf8(&self.buf) {
                    Ok(text) => match parse_line(text) {
                        Ok(None) => continue,
                        Ok(Some(reading)) => Ok(reading),
                        Err(e) => Err(e),
                    },
                    Err(_) => Err(LineError::Unreadable(
                        "not text (invalid UTF-8): check the serial line's speed".to_string(),
                    )),
                }
            };
            return Ok(Some((self.line_number, parsed)));
        }
    }
}

impl<R: BufRead + Send> ReadingSource for LineSource<R> {
    fn next_measurement(&mut self) -> Result<Option<Measurement>, SourceError> {
        while let Some((number, parsed)) = self.next_line()? {
            match parsed {
                Ok(line) => {
                    return Ok(Some(Measurement {
                        meter: 0,
                        interval_start: line.interval_start,
                        interval_length: line.interval_length,
                        register_wh: line.register_wh,
                    }));
                }
                Err(error) => {
                    tracing::warn!(source = %self.name, line = number, %error, "bad line skipped")
                }
            }
        }
        Ok(None)
    }

    fn describe(&self) -> String {
        format!("lines from {}", self.name)
    }
}

// ---------------------------------------------------------------------------------------------
// Simulator

/// Wall-clock time as the simulator sees it; tests use a clock of their own.
pub trait Clock: Send {
    /// Now, unix seconds.
    fn now(&self) -> u64;
    /// Blocks until `now() >= at`, or shorter (the simulator checks again).
    fn sleep_until(&self, at: u64);
}

/// A clock that jumps to the time asked for instead of sleeping: the tests' stand-in for
/// [`SystemClock`], shared so that a test can read or move the time while a source holds it.
#[derive(Clone, Debug, Default)]
pub struct JumpClock(pub Arc<AtomicU64>);

impl JumpClock {
    /// A clock at `now`, unix seconds.
    pub fn at(now: u64) -> Self {
        JumpClock(Arc::new(AtomicU64::new(now)))
    }
}

impl Clock for JumpClock {
    fn now(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn sleep_until(&self, at: u64) {
        self.0.fetch_max(at, Ordering::Relaxed);
    }
}

/// The system's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }

    fn sleep_until(&self, at: u64) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let target = Duration::from_secs(at);
        if target > now {
            // At most a minute at a time, so that a clock set forward is noticed.
            std::thread::sleep((target - now).min(Duration::from_secs(60)));
        }
    }
}

/// One simulated meter's state. 56 bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SimMeter {
    /// What the meter measures: a household, or a solar plant.
    pub curve: MeterCurve,
    /// Start of the next interval to produce, unix seconds.
    pub next_start: u64,
    /// The register so far, Wh.
    pub register_wh: u64,
    /// Local time of the meter (the tariff's offset), minutes east of UTC.
    pub utc_offset_minutes: i32,
}

impl SimMeter {
    /// A meter that produces nothing: one without a meter contract yet, kept in the table
    /// so that meter indexes stay those of the client's.
    pub fn idle(curve: MeterCurve) -> Self {
        SimMeter {
            curve,
            next_start: IDLE,
            register_wh: 0,
            utc_offset_minutes: 0,
        }
    }

    /// Whether the meter produces nothing ([`SimMeter::idle`]).
    pub fn is_idle(&self) -> bool {
        self.next_start == IDLE
    }
}

/// `next_start` of an idle meter: an interval that never comes.
const IDLE: u64 = u64::MAX;

/// Settings of a [`Simulator`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimulatorConfig {
    /// Interval length, seconds.
    pub interval: u32,
    /// The fleet seed (shown in logs; the households already carry it).
    pub seed: u64,
    /// Produce no interval ending after this instant (unix seconds); then the source ends.
    pub until: Option<u64>,
    /// Highest average power the meter contract accepts, W.
    pub max_power_w: Option<u64>,
    /// Time compression (`--compress-time`): each interval is simulated as the time it
    /// stands for on the contract's compressed tariff clock.
    pub compression: Option<TariffClock>,
}

/// Readings of one or many simulated households, one per interval as real time passes.
///
/// An interval's reading is produced once its end has passed on the clock; intervals already
/// in the past (a backfill, or the time the client was not running) are produced at once, the
/// meters taking turns interval by interval, so many meters catch up together.
pub struct Simulator<C = SystemClock> {
    meters: Vec<SimMeter>,
    config: SimulatorConfig,
    clock: C,
    /// Next meter to look at in the current pass.
    position: usize,
    /// Whether the current pass produced anything.
    produced_in_pass: bool,
}

impl<C: Clock> Simulator<C> {
    /// A simulator of `meters` (index i is meter i of the client's table).
    pub fn new(meters: Vec<SimMeter>, config: SimulatorConfig, clock: C) -> Self {
        Simulator {
            meters,
            config,
            clock,
            position: 0,
            produced_in_pass: false,
        }
    }

    fn end_of(&self, meter: &SimMeter) -> u64 {
        meter
            .next_start
            .saturating_add(u64::from(self.config.interval))
    }

    fn within_until(&self, end: u64) -> bool {
        self.config.until.is_none_or(|until| end <= until)
    }

    /// The next measurement due at `now`, if any, in turn order.
    fn due(&mut self, now: u64) -> Option<Measurement> {
        loop {
            while self.position < self.meters.len() {
                let index = self.position;
                self.position += 1;
                let end = self.end_of(&self.meters[index]);
                if end <= now && self.within_until(end) {
                    self.produced_in_pass = true;
                    let interval = self.config.interval;
                    let max_power = self.config.max_power_w;
                    let compression = self.config.compression;
                    let meter = &mut self.meters[index];
                    let (start, length) = compression.map_or((meter.next_start, interval), |c| {
                        c.stretch(meter.next_start, interval)
                    });
                    let energy =
                        meter
                            .curve
                            .energy_wh(start, length, meter.utc_offset_minutes, max_power);
                    let measurement = Measurement {
                        meter: index as u32,
                        interval_start: meter.next_start,
                        interval_length: interval,
                        register_wh: meter.register_wh.saturating_add(energy),
                    };
                    meter.register_wh = measurement.register_wh;
                    meter.next_start = end;
                    return Some(measurement);
                }
            }
            self.position = 0;
            if !std::mem::take(&mut self.produced_in_pass) {
                return None;
            }
        }
    }
}

impl<C: Clock> ReadingSource for Simulator<C> {
    fn next_measurement(&mut self) -> Result<Option<Measurement>, SourceError> {
        loop {
            let now = self.clock.now();
            if let Some(m) = self.due(now) {
                return Ok(Some(m));
            }
            // Nothing due: the earliest end still to come, if any.
            let next = self
                .meters
                .iter()
                .filter(|m| !m.is_idle())
                .map(|m| self.end_of(m))
                .filter(|end| self.within_until(*end))
                .min();
            match next {
                None => return Ok(None),
                Some(at) => self.clock.sleep_until(at),
            }
        }
    }

    fn describe(&self) -> String {
        let compression = self.config.compression.map_or(String::new(), |c| {
            format!(", a day every {} s", c.day_seconds)
        });
        format!(
            "simulator ({} meter{}, seed {}, {} s intervals{compression})",
            self.meters.len(),
            if self.meters.len() == 1 { "" } else { "s" },
            self.config.seed,
            self.config.interval
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::Household;
    use std::io::Cursor;

    #[test]
    fn good_lines_parse() {
        assert_eq!(
            parse_line("1793491200 1800 10412").unwrap(),
            Some(LineReading {
                interval_start: 1_793_491_200,
                interval_length: 1_800,
                register_wh: 10_412
            })
        );
        // Tabs, commas, surrounding blanks and CR LF are fine.
        let expected = parse_line("1 2 3").unwrap();
        for line in ["1\t2\t3", "1,2,3", "  1 ,2, 3  ", "1 2 3\r\n", "1  2   3\n"] {
            assert_eq!(parse_line(line).unwrap(), expected, "{line:?}");
        }
        for line in ["", "   ", "# a comment", "  # indented comment", "\r\n"] {
            assert_eq!(parse_line(line).unwrap(), None, "{line:?}");
        }
        assert_eq!(
            parse_line(&format!("0 {} {}", u32::MAX, u64::MAX))
                .unwrap()
                .map(|l| l.register_wh),
            Some(u64::MAX)
        );
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let err = |line: &str| parse_line(line).unwrap_err().to_string();
        assert_eq!(
            err("1793491200 1800"),
            "expected 3 fields `<interval_start> <interval_length> <register_wh>`, found 2"
        );
        assert_eq!(
            err("1 2 3 4"),
            "expected 3 fields `<interval_start> <interval_length> <register_wh>`, found 4"
        );
        assert_eq!(
            err("1793491200 abc 5"),
            "interval_length 'abc' is not a whole number from 0 to 4294967295"
        );
        assert_eq!(
            err("1793491200 1800 -5"),
            "register_wh '-5' is not a whole number from 0 to 18446744073709551615"
        );
        assert_eq!(
            err("1793491200 1800 5.5"),
            "register_wh '5.5' is not a whole number from 0 to 18446744073709551615"
        );
        assert_eq!(
            err("+1793491200 1800 5"),
            "interval_start '+1793491200' is not a whole number from 0 to 18446744073709551615"
        );
        assert_eq!(
            err("1 4294967296 5"),
            "interval_length '4294967296' is not a whole number from 0 to 4294967295"
        );
        assert_eq!(
            err("1 99999999999999999999 5"),
            "interval_length '99999999999999999999' is not a whole number from 0 to 4294967295"
        );
        assert_eq!(
            err("1793491200 0 5"),
            "interval_length must be at least 1 second"
        );
        assert_eq!(
            err(&format!("{} 10 5", u64::MAX - 1)),
            "interval_start + interval_length overflows"
        );
    }

    #[test]
    fn a_line_source_skips_bad_lines_and_numbers_them() {
        let input = b"# header\n100 10 5\nbad line\n\n110 10 9\r\n\xff\xfe 1 2\n120 10 12";
        let mut source = LineSource::new(Cursor::new(&input[..]), "test");
        let mut lines = vec![];
        while let Some((number, parsed)) = source.next_line().unwrap() {
            lines.push((
                number,
                parsed.map(|l| l.register_wh).map_err(|e| e.to_string()),
            ));
        }
        assert_eq!(
            lines,
            vec![
                (2, Ok(5)),
                (
                    3,
                    Err("expected 3 fields `<interval_start> <interval_length> <register_wh>`, found 2".into())
                ),
                (5, Ok(9)),
                (
                    6,
                    Err("not text (invalid UTF-8): check the serial line's speed".into())
                ),
                (7, Ok(12)),
            ]
        );

        let mut source = LineSource::new(Cursor::new(&input[..]), "test");
        let mut registers = vec![];
        while let Some(m) = source.next_measurement().unwrap() {
            registers.push(m.register_wh);
        }
        assert_eq!(registers, vec![5, 9, 12]);
    }

    #[test]
    fn an_endless_line_is_refused_and_reading_goes_on() {
        let mut input = vec![b'1'; 5_000];
        input.extend_from_slice(b"\n1 2 3\n");
        let mut source = LineSource::new(Cursor::new(input), "serial");
        let (number, first) = source.next_line().unwrap().unwrap();
        assert_eq!(number, 1);
        assert_eq!(
            first.unwrap_err().to_string(),
            "line longer than 1024 bytes"
        );
        let (number, second) = source.next_line().unwrap().unwrap();
        assert_eq!((number, second.unwrap().register_wh), (2, 3));
        assert!(source.next_line().unwrap().is_none());
    }

    fn sim(meters: u32, start: u64, now: u64, until: Option<u64>) -> Simulator<JumpClock> {
        let meters = (0..meters)
            .map(|i| SimMeter {
                curve: MeterCurve::Household(Household::new(3, i)),
                next_start: start,
                register_wh: 1_000,
                utc_offset_minutes: 0,
            })
            .collect();
        Simulator::new(
            meters,
            SimulatorConfig {
                interval: 900,
                seed: 3,
                until,
                max_power_w: None,
                compression: None,
            },
            JumpClock::at(now),
        )
    }

    #[test]
    fn the_simulator_catches_up_interval_by_interval_then_follows_the_clock() {
        let start = 1_793_577_600;
        // Three intervals are over for each of two meters; the until stops after five.
        let mut s = sim(2, start, start + 3 * 900 + 10, Some(start + 5 * 900));
        let mut got = vec![];
        while let Some(m) = s.next_measurement().unwrap() {
            got.push((m.meter, m.interval_start));
        }
        let expected: Vec<(u32, u64)> = (0..5)
            .flat_map(|k| [(0, start + k * 900), (1, start + k * 900)])
            .collect();
        assert_eq!(got, expected);
        // The clock was advanced to the fifth interval's end by sleeping.
        assert_eq!(s.clock.now(), start + 5 * 900);
    }

    #[test]
    fn compressed_time_puts_a_month_into_a_period_of_short_days() {
        let start = 1_793_577_600;
        // 30 days of 5 s, a reading a second: 150 readings of 4.8 hours each.
        let mut s = sim(1, start, start + 150, Some(start + 150));
        s.config.interval = 1;
        s.config.compression = Some(TariffClock {
            origin: start,
            day_seconds: 5,
        });
        let mut readings = vec![];
        while let Some(m) = s.next_measurement().unwrap() {
            readings.push(m);
        }
        assert_eq!(readings.len(), 150);
        let month_wh = readings.last().unwrap().register_wh - 1_000;
        // A household of 0.5 to 1.3 times the reference (11 kWh a day, and its appliances).
        assert!((150_000..600_000).contains(&month_wh), "{month_wh} Wh");
        // Each reading is the household's energy over the 4.8 hours it stands for.
        let household = Household::new(3, 0);
        let evening = &readings[4];
        assert_eq!(
            evening.register_wh - readings[3].register_wh,
            household.energy_wh(start + 4 * 17_280, 17_280, 0, None)
        );
    }

    #[test]
    fn the_simulator_is_reproducible_and_its_register_adds_up() {
        let start = 1_793_577_600;
        let collect = || {
            let mut s = sim(1, start, start + 96 * 900, None);
            let mut out = vec![];
            for _ in 0..96 {
                out.push(s.next_measurement().unwrap().unwrap());
            }
            out
        };
        let a = collect();
        assert_eq!(a, collect());
        let mut register = 1_000;
        let mut next_start = start;
        for m in &a {
            assert_eq!(m.interval_start, next_start);
            assert!(m.register_wh >= register);
            let household = Household::new(3, 0);
            assert_eq!(
                m.register_wh - register,
                household.energy_wh(m.interval_start, 900, 0, None)
            );
            register = m.register_wh;
            next_start = m.end();
        }
        let day_wh = a.last().unwrap().register_wh - 1_000;
        assert!((2_000..40_000).contains(&day_wh), "{day_wh}");
    }
}
