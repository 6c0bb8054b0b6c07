//! What every real meter's input does with what it reads: counts each good sample of the
//! register and cuts the samples into measurements ([`Boundaries`]), counts each skipped one
//! by reason and logs it sparingly, and, for the meters that talk on their own (DSMR, SML),
//! notices when they fall silent.

use std::fmt::Display;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::Energy;
use super::boundary::Boundaries;
use super::counters::{ErrorReason, InputCounters};
use crate::source::{Measurement, SourceError};

/// After this long without a usable telegram or frame a streaming input says the meter is
/// silent, and counts a timeout for each such stretch while it lasts.
pub const SILENT_AFTER: Duration = Duration::from_secs(60);

/// The settings every real meter's input takes.
#[derive(Clone, Debug)]
pub struct InputSettings {
    /// The input's name in messages: the serial device, the file or the gateway's address.
    pub name: String,
    /// The register to record.
    pub energy: Energy,
    /// The interval length, seconds.
    pub interval: u32,
    /// The end of the meter contract's last reading (0 for a meter without readings).
    pub next_start: u64,
    /// Where the input counts what it read and skipped.
    pub counters: Arc<InputCounters>,
}

/// The part of an input that does not depend on the protocol.
pub struct Sampler {
    name: String,
    energy: Energy,
    /// What one sample is, for log lines: "DSMR telegram", "SML frame", "Modbus poll".
    unit: &'static str,
    boundaries: Boundaries,
    counters: Arc<InputCounters>,
}

impl Sampler {
    /// A sampler for `settings`, whose samples are called `unit` in log lines.
    pub fn new(settings: InputSettings, unit: &'static str) -> Self {
        Sampler {
            boundaries: Boundaries::new(settings.interval, settings.next_start),
            name: settings.name,
            energy: settings.energy,
            unit,
            counters: settings.counters,
        }
    }

    /// The input's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The register recorded.
    pub fn energy(&self) -> Energy {
        self.energy
    }

    /// Counts a good sample, `register` Wh read at `at`; the measurement it closes, if it is
    /// the first after a boundary.
    pub fn sample(&mut self, at: u64, register: u64) -> Option<Measurement> {
        self.counters.sample();
        match self.boundaries.sample(at, register) {
            Ok(measurement) => measurement,
            Err(error) => {
                self.skip(error.reason(), &error);
                None
            }
        }
    }

    /// Counts a skipped sample under `reason`. Logs the 1st, 2nd, 4th, 8th ... only: a loose
    /// cable damages a telegram a second, and an SD card should not take a log line for each.
    pub fn skip(&self, reason: ErrorReason, error: &dyn Display) {
        let count = self.counters.error(reason);
        if count.is_power_of_two() {
            tracing::warn!(
                source = %self.name,
                skipped = count,
                reason = reason.label(),
                "{} skipped: {error}",
                self.unit
            );
        }
    }

    /// Counts a read error that ends the input (the device went away) and names it.
    pub fn lost(&self, source: std::io::Error) -> SourceError {
        self.counters.error(ErrorReason::Disconnected);
        SourceError::Io {
            what: self.name.clone(),
            source,
        }
    }

    /// `<what> from <name> (<energy>)`, for [`describe`](crate::source::ReadingSource::describe).
    pub fn describe(&self, what: &str) -> String {
        format!("{what} from {} ({})", self.name, self.energy)
    }
}

/// A meter that sends on its own (DSMR, SML) and has stopped: said once after
/// [`SILENT_AFTER`] and again when it is heard, counted as a timeout per stretch of silence.
pub struct Silence {
    after: Duration,
    /// What to check, for the log line.
    hint: &'static str,
    heard: Instant,
    counted: u32,
}

impl Silence {
    /// Silence after `after` without a good sample; `hint` says what to check.
    pub fn new(after: Duration, hint: &'static str) -> Self {
        Silence {
            after: after.max(Duration::from_millis(1)),
            hint,
            heard: Instant::now(),
            counted: 0,
        }
    }

    /// A good sample came.
    pub fn heard(&mut self, sampler: &Sampler) {
        if std::mem::take(&mut self.counted) > 0 {
            tracing::info!(source = %sampler.name, "{}s again", sampler.unit);
        }
        self.heard = Instant::now();
    }

    /// Nothing usable came: counts the stretches of silence not yet counted.
    pub fn check(&mut self, sampler: &Sampler) {
        let stretches = self.heard.elapsed().as_millis() / self.after.as_millis();
        let stretches = u32::try_from(stretches).unwrap_or(u32::MAX);
        while self.counted < stretches {
            if self.counted == 0 {
                tracing::warn!(
                    source = %sampler.name,
                    "no usable {} for {} s: {}",
                    sampler.unit,
                    self.after.as_secs(),
                    self.hint
                );
            }
            self.counted += 1;
            sampler.counters.error(ErrorReason::Timeout);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sampler(counters: &Arc<InputCounters>) -> Sampler {
        Sampler::new(
            InputSettings {
                name: "test".into(),
                energy: Energy::Import,
                interval: 900,
                next_start: 900,
                counters: Arc::clone(counters),
            },
            "test sample",
        )
    }

    #[test]
    fn samples_are_cut_and_refused_ones_counted_by_reason() {
        let counters = Arc::new(InputCounters::default());
        let mut s = sampler(&counters);
        assert_eq!(s.sample(1_000, 10), None);
        let m = s.sample(1_800, 20).unwrap();
        assert_eq!((m.interval_start, m.register_wh), (900, 20));
        assert_eq!(s.sample(2_700, 19), None);
        assert_eq!(counters.samples(), 3);
        assert_eq!(counters.errors(ErrorReason::RegisterWentBack), 1);
        let lost = s.lost(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(lost.to_string().contains("test"), "{lost}");
        assert_eq!(counters.errors(ErrorReason::Disconnected), 1);
        assert_eq!(s.describe("things"), "things from test (imported energy)");
    }

    #[test]
    fn silence_is_counted_once_per_stretch_until_the_meter_is_heard() {
        let counters = Arc::new(InputCounters::default());
        let s = sampler(&counters);
        let mut silence = Silence::new(Duration::from_millis(40), "check the cable");
        silence.check(&s);
        assert_eq!(counters.errors(ErrorReason::Timeout), 0);
        std::thread::sleep(Duration::from_millis(90));
        silence.check(&s);
        // Two stretches of 40 ms at least; more if the machine was slow to wake the test.
        let counted = counters.errors(ErrorReason::Timeout);
        assert!(counted >= 2, "{counted}");
        silence.heard(&s);
        silence.check(&s);
        assert_eq!(counters.errors(ErrorReason::Timeout), counted);
    }
}
