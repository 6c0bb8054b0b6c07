//! From a meter's running register to the client's measurements: one per interval, cut at the
//! interval boundaries.
//!
//! A meter reports its cumulative register every few seconds (a DSMR 5 meter every second, a
//! DSMR 4 meter every ten, a Modbus meter whenever it is polled). The register of the **first
//! sample at or after a boundary** stands for the register at that boundary: a reading is late
//! by at most one sample period, and no energy is lost, because the next interval starts from
//! that same register. Boundaries are multiples of the interval length in unix time (a 900 s
//! interval ends at :00, :15, :30 and :45 UTC).
//!
//! When samples stop for longer than an interval (the cable was pulled, the Pi was off), the
//! next sample closes one longer interval from the last recorded boundary: the energy of the
//! gap is recorded, spread over the time it took, rather than guessed per interval.

use super::counters::ErrorReason;
use crate::source::Measurement;

/// A sample that cannot be turned into a measurement.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SampleError {
    /// The register is below the last one recorded: a meter exchanged, a misread, or the
    /// wrong register chosen.
    #[error(
        "the register went back from {last} Wh to {now} Wh: a register only grows; check that \
         this is the registered meter and the right register (--energy)"
    )]
    RegisterWentBack {
        /// The last register recorded, Wh.
        last: u64,
        /// The register now, Wh.
        now: u64,
    },
    /// More than a u32 of seconds since the last recorded boundary.
    #[error("{seconds} s since the last recorded reading is more than one reading can span")]
    GapTooLong {
        /// Seconds since the last recorded boundary.
        seconds: u64,
    },
}

impl SampleError {
    /// The reason it is counted under.
    pub fn reason(&self) -> ErrorReason {
        match self {
            SampleError::RegisterWentBack { .. } => ErrorReason::RegisterWentBack,
            SampleError::GapTooLong { .. } => ErrorReason::GapTooLong,
        }
    }
}

/// Cuts a stream of `(time, register)` samples into interval measurements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Boundaries {
    interval: u32,
    /// Start of the interval in progress: the last recorded boundary, or 0 before the first.
    next_start: u64,
    last_register: Option<u64>,
}

impl Boundaries {
    /// Intervals of `interval` seconds (at least 1), continuing after `next_start`, the end of
    /// the last reading the meter contract has (0 for a meter without readings: the first
    /// boundary seen then starts the first interval).
    pub fn new(interval: u32, next_start: u64) -> Self {
        Boundaries {
            interval: interval.max(1),
            next_start,
            last_register: None,
        }
    }

    /// Start of the interval in progress (0 before the first boundary of a new meter).
    pub fn next_start(&self) -> u64 {
        self.next_start
    }

    /// Takes the register `register_wh` read at `at` (unix seconds); returns the measurement
    /// of the interval it closes, if it is the first sample after a boundary.
    pub fn sample(
        &mut self,
        at: u64,
        register_wh: u64,
    ) -> Result<Option<Measurement>, SampleError> {
        if let Some(last) = self.last_register {
            if register_wh < last {
                return Err(SampleError::RegisterWentBack {
                    last,
                    now: register_wh,
                });
            }
        }
        let boundary = at - at % u64::from(self.interval);
        if self.next_start == 0 {
            self.next_start = boundary;
            return Ok(None);
        }
        if boundary <= self.next_start {
            return Ok(None);
        }
        let seconds = boundary - self.next_start;
        let length = u32::try_from(seconds).map_err(|_| SampleError::GapTooLong { seconds })?;
        let measurement = Measurement {
            meter: 0,
            interval_start: self.next_start,
            interval_length: length,
            register_wh,
        };
        self.next_start = boundary;
        self.last_register = Some(register_wh);
        Ok(Some(measurement))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_793_577_600; // a multiple of 900

    #[test]
    fn the_first_sample_after_each_boundary_closes_the_interval() {
        let mut b = Boundaries::new(900, T0);
        assert_eq!(b.sample(T0 + 1, 1_000).unwrap(), None);
        assert_eq!(b.sample(T0 + 899, 1_010).unwrap(), None);
        let m = b.sample(T0 + 901, 1_012).unwrap().unwrap();
        assert_eq!(
            (m.interval_start, m.interval_length, m.register_wh),
            (T0, 900, 1_012)
        );
        // Later samples of the same interval change nothing.
        assert_eq!(b.sample(T0 + 902, 1_013).unwrap(), None);
        // Exactly on the boundary counts as after it.
        let m = b.sample(T0 + 1_800, 1_020).unwrap().unwrap();
        assert_eq!((m.interval_start, m.register_wh), (T0 + 900, 1_020));
        assert_eq!(b.next_start(), T0 + 1_800);
    }

    #[test]
    fn a_new_meter_starts_at_the_first_boundary_it_sees() {
        let mut b = Boundaries::new(900, 0);
        assert_eq!(b.sample(T0 + 400, 5).unwrap(), None);
        assert_eq!(b.next_start(), T0);
        let m = b.sample(T0 + 905, 9).unwrap().unwrap();
        assert_eq!((m.interval_start, m.interval_length), (T0, 900));
    }

    #[test]
    fn a_gap_becomes_one_longer_interval_and_old_samples_are_ignored() {
        let mut b = Boundaries::new(900, T0);
        // Before the last recorded reading's end: already on chain.
        assert_eq!(b.sample(T0 - 10, 1).unwrap(), None);
        let m = b.sample(T0 + 3 * 900 + 7, 2_000).unwrap().unwrap();
        assert_eq!(
            (m.interval_start, m.interval_length, m.register_wh),
            (T0, 2_700, 2_000)
        );
    }

    #[test]
    fn a_register_going_back_is_refused() {
        let mut b = Boundaries::new(900, T0);
        b.sample(T0 + 900, 2_000).unwrap().unwrap();
        assert_eq!(
            b.sample(T0 + 1_000, 1_999).unwrap_err(),
            SampleError::RegisterWentBack {
                last: 2_000,
                now: 1_999
            }
        );
        // The state is unchanged: the next good sample closes the next interval.
        let m = b.sample(T0 + 1_800, 2_001).unwrap().unwrap();
        assert_eq!((m.interval_start, m.register_wh), (T0 + 900, 2_001));
    }

    #[test]
    fn a_gap_beyond_a_u32_of_seconds_is_refused() {
        let mut b = Boundaries::new(1, 1);
        let at = 1 + u64::from(u32::MAX) + 1;
        assert_eq!(
            b.sample(at, 0).unwrap_err(),
            SampleError::GapTooLong { seconds: at - 1 }
        );
    }
}
