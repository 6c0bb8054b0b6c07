//! Clock discipline: readings of a real meter are signed only while the system clock is
//! synchronised.
//!
//! A Raspberry Pi has no real-time clock: after a power cut it starts with the time it last
//! saved, until NTP corrects it. A reading signed then would carry a wrong interval for good.
//! So a real meter's source holds each measurement (nothing is lost: the meter's register
//! keeps counting) until `timedatectl show -p NTPSynchronized` says yes, and says why.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::source::{Measurement, ReadingSource, SourceError};

/// How long a "synchronised" answer is trusted before asking again.
pub const TRUST_FOR: Duration = Duration::from_secs(60);

/// What the system says about its clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClockState {
    /// NTP has set the clock.
    Synchronised,
    /// Not (yet) synchronised.
    Unsynchronised,
    /// The state cannot be learnt; why.
    Unknown(String),
}

/// Asks whether the clock is synchronised.
pub trait SyncCheck: Send {
    /// The clock's state now.
    fn check(&mut self) -> ClockState;
}

/// `timedatectl show -p NTPSynchronized --value` (systemd, as on Raspberry Pi OS).
#[derive(Clone, Copy, Debug, Default)]
pub struct Timedatectl;

impl SyncCheck for Timedatectl {
    fn check(&mut self) -> ClockState {
        let output = Command::new("timedatectl")
            .args(["show", "-p", "NTPSynchronized", "--value"])
            .output();
        match output {
            Ok(out) if out.status.success() => match String::from_utf8_lossy(&out.stdout).trim() {
                "yes" => ClockState::Synchronised,
                "no" => ClockState::Unsynchronised,
                other => ClockState::Unknown(format!("timedatectl answered '{other}'")),
            },
            Ok(out) => ClockState::Unknown(format!(
                "timedatectl failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )),
            Err(e) => ClockState::Unknown(format!("cannot run timedatectl: {e}")),
        }
    }
}

/// A source whose measurements wait while the clock is not synchronised.
pub struct ClockGuard<S, C> {
    inner: S,
    check: C,
    /// Pause between checks while waiting.
    retry: Duration,
    trusted_until: Option<Instant>,
}

impl<S: ReadingSource, C: SyncCheck> ClockGuard<S, C> {
    /// Guards `inner` with `check`, asking again every `retry` while unsynchronised.
    pub fn new(inner: S, check: C, retry: Duration) -> Self {
        ClockGuard {
            inner,
            check,
            retry,
            trusted_until: None,
        }
    }

    fn wait_for_sync(&mut self) {
        if self.trusted_until.is_some_and(|t| Instant::now() < t) {
            return;
        }
        let mut said = false;
        loop {
            let state = self.check.check();
            if state == ClockState::Synchronised {
                if said {
                    tracing::info!("the system clock is synchronised: signing readings again");
                }
                self.trusted_until = Some(Instant::now() + TRUST_FOR);
                return;
            }
            if !said {
                let why = match &state {
                    ClockState::Unknown(why) => why.clone(),
                    _ => "timedatectl: NTPSynchronized=no".to_string(),
                };
                tracing::error!(
                    "not signing readings: the system clock is not known to be synchronised \
                     ({why}). A Raspberry Pi has no real-time clock; check the network and \
                     `timedatectl timesync-status` (systemd-timesyncd). Readings are held, not \
                     lost. Without systemd, --no-clock-check turns this check off"
                );
                said = true;
            }
            std::thread::sleep(self.retry);
        }
    }
}

impl<S: ReadingSource, C: SyncCheck> ReadingSource for ClockGuard<S, C> {
    fn next_measurement(&mut self) -> Result<Option<Measurement>, SourceError> {
        let measurement = self.inner.next_measurement()?;
        if measurement.is_some() {
            self.wait_for_sync();
        }
        Ok(measurement)
    }

    fn describe(&self) -> String {
        format!(
            "{}, signed only with a synchronised clock",
            self.inner.describe()
        )
    }
}

/// So that a guard can wrap whichever source the command line chose.
impl ReadingSource for Box<dyn ReadingSource> {
    fn next_measurement(&mut self) -> Result<Option<Measurement>, SourceError> {
        (**self).next_measurement()
    }

    fn describe(&self) -> String {
        (**self).describe()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    struct Script(Arc<Mutex<Vec<ClockState>>>);
    impl SyncCheck for Script {
        fn check(&mut self) -> ClockState {
            self.0.lock().unwrap().remove(0)
        }
    }

    struct Two(u64);
    impl ReadingSource for Two {
        fn next_measurement(&mut self) -> Result<Option<Measurement>, SourceError> {
            self.0 += 1;
            Ok((self.0 <= 2).then_some(Measurement {
                meter: 0,
                interval_start: 900 * self.0,
                interval_length: 900,
                register_wh: self.0,
            }))
        }
        fn describe(&self) -> String {
            "two".into()
        }
    }

    #[test]
    fn measurements_wait_until_the_clock_is_synchronised() {
        let answers = Arc::new(Mutex::new(vec![
            ClockState::Unsynchronised,
            ClockState::Unknown("cannot run timedatectl".into()),
            ClockState::Synchronised,
        ]));
        let mut guard = ClockGuard::new(Two(0), Script(answers.clone()), Duration::ZERO);
        let first = guard.next_measurement().unwrap().unwrap();
        assert_eq!(first.register_wh, 1);
        // Asked until synchronised, then trusted for a while: no further question.
        assert!(answers.lock().unwrap().is_empty());
        assert_eq!(guard.next_measurement().unwrap().unwrap().register_wh, 2);
        assert_eq!(guard.next_measurement().unwrap(), None);
        assert!(guard.describe().contains("synchronised clock"));
    }

    #[test]
    fn timedatectl_gives_an_answer_or_says_why_not() {
        // On a machine without systemd this is Unknown with the reason; with it, yes or no.
        match Timedatectl.check() {
            ClockState::Unknown(why) => assert!(why.contains("timedatectl"), "{why}"),
            ClockState::Synchronised | ClockState::Unsynchronised => {}
        }
    }
}
