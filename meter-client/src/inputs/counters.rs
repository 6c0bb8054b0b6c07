//! What a real meter's input has read and skipped, by reason, for the logs and the metrics.

use std::sync::atomic::{AtomicU64, Ordering};

/// Why an input skipped a sample or a poll: the `reason` label of
/// `meter_client_input_errors_total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorReason {
    /// A telegram's or frame's checksum did not match, or it carried none.
    Crc,
    /// The checksum held but the content could not be read (not text, an unreadable value,
    /// a structure the parser refused, a Modbus register that holds no energy).
    Parse,
    /// A telegram cut off by the next one or by the end of the input, or one without an end.
    Cut,
    /// The register asked for (`--energy`) is not in the meter's data.
    MissingRegister,
    /// The register went below the last one recorded.
    RegisterWentBack,
    /// More time since the last recorded reading than one reading can span.
    GapTooLong,
    /// A Modbus meter did not answer in time; a DSMR or SML meter sent nothing usable for a
    /// minute (counted once a minute while it lasts).
    Timeout,
    /// A Modbus answer that did not decode, or one for another request or unit. A reply whose
    /// CRC fails ends here or as a timeout: the Modbus decoder drops it and waits for a frame
    /// that checks.
    Garbled,
    /// The Modbus meter answered with an exception (a wrong map or unit).
    Exception,
    /// The port or the connection could not be opened, or went away.
    Disconnected,
}

impl ErrorReason {
    /// Every reason, in the order of their counters.
    pub const ALL: [ErrorReason; 10] = [
        ErrorReason::Crc,
        ErrorReason::Parse,
        ErrorReason::Cut,
        ErrorReason::MissingRegister,
        ErrorReason::RegisterWentBack,
        ErrorReason::GapTooLong,
        ErrorReason::Timeout,
        ErrorReason::Garbled,
        ErrorReason::Exception,
        ErrorReason::Disconnected,
    ];

    /// The label value in the metrics.
    pub fn label(self) -> &'static str {
        match self {
            ErrorReason::Crc => "crc",
            ErrorReason::Parse => "parse",
            ErrorReason::Cut => "cut",
            ErrorReason::MissingRegister => "missing_register",
            ErrorReason::RegisterWentBack => "register_went_back",
            ErrorReason::GapTooLong => "gap_too_long",
            ErrorReason::Timeout => "timeout",
            ErrorReason::Garbled => "garbled",
            ErrorReason::Exception => "exception",
            ErrorReason::Disconnected => "disconnected",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What an input has read: good samples, and skipped ones by reason. Shared between the input's
/// thread and the metrics.
#[derive(Debug, Default)]
pub struct InputCounters {
    samples: AtomicU64,
    errors: [AtomicU64; ErrorReason::ALL.len()],
}

impl InputCounters {
    /// Counts a good sample of the register (a telegram, a frame, a poll).
    pub fn sample(&self) {
        self.samples.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a skipped sample; returns how many have been skipped for any reason so far.
    pub fn error(&self, reason: ErrorReason) -> u64 {
        self.errors[reason.index()].fetch_add(1, Ordering::Relaxed);
        self.total_errors()
    }

    /// Good samples so far.
    pub fn samples(&self) -> u64 {
        self.samples.load(Ordering::Relaxed)
    }

    /// Samples skipped for `reason` so far.
    pub fn errors(&self, reason: ErrorReason) -> u64 {
        self.errors[reason.index()].load(Ordering::Relaxed)
    }

    /// Samples skipped for any reason so far.
    pub fn total_errors(&self) -> u64 {
        self.errors.iter().map(|e| e.load(Ordering::Relaxed)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reason_has_its_own_counter_and_label() {
        let counters = InputCounters::default();
        for (i, reason) in ErrorReason::ALL.into_iter().enumerate() {
            assert_eq!(reason.index(), i, "{reason:?} out of order in ALL");
        }
        let labels: std::collections::HashSet<_> =
            ErrorReason::ALL.iter().map(|r| r.label()).collect();
        assert_eq!(labels.len(), ErrorReason::ALL.len());
        assert_eq!(counters.error(ErrorReason::Crc), 1);
        assert_eq!(counters.error(ErrorReason::Timeout), 2);
        assert_eq!(counters.error(ErrorReason::Crc), 3);
        counters.sample();
        assert_eq!(counters.errors(ErrorReason::Crc), 2);
        assert_eq!(counters.errors(ErrorReason::Timeout), 1);
        assert_eq!(counters.errors(ErrorReason::Cut), 0);
        assert_eq!((counters.samples(), counters.total_errors()), (1, 3));
    }
}
