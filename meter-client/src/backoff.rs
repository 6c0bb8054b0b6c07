//! Exponential backoff with jitter.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::curve::mix;

/// Delays that double from `base` up to `cap`, each drawn at random from its upper half
/// ("equal jitter"), so that many clients that lost the chain together do not come back in
/// lockstep.
#[derive(Clone, Debug)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    attempt: u32,
    rng: u64,
}

impl Backoff {
    /// Delays from `base` doubling up to `cap`.
    pub fn new(base: Duration, cap: Duration) -> Self {
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
            ^ u64::from(std::process::id()).rotate_left(32);
        Backoff {
            base,
            cap,
            attempt: 0,
            rng: mix(seed),
        }
    }

    /// The next delay; each call doubles the range until the cap.
    pub fn next_delay(&mut self) -> Duration {
        let factor = 1u32 << self.attempt.min(20);
        let full = self.base.saturating_mul(factor).min(self.cap);
        self.attempt = self.attempt.saturating_add(1);
        self.rng = mix(self.rng);
        let half = full / 2;
        let jitter_ms = half.as_millis() as u64;
        let extra = if jitter_ms == 0 {
            0
        } else {
            self.rng % (jitter_ms + 1)
        };
        half + Duration::from_millis(extra)
    }

    /// How many delays were handed out since the last success.
    pub fn attempts(&self) -> u32 {
        self.attempt
    }

    /// Back to `base` after a success.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_with_jitter_up_to_the_cap() {
        let mut b = Backoff::new(Duration::from_millis(500), Duration::from_secs(30));
        let mut previous_full = Duration::ZERO;
        for attempt in 0..12u32 {
            let full = (Duration::from_millis(500) * (1 << attempt)).min(Duration::from_secs(30));
            let d = b.next_delay();
            assert!(
                d >= full / 2 && d <= full,
                "attempt {attempt}: {d:?} of {full:?}"
            );
            assert!(full >= previous_full);
            previous_full = full;
        }
        assert_eq!(b.attempts(), 12);
        assert!(b.next_delay() <= Duration::from_secs(30));
        b.reset();
        assert!(b.next_delay() <= Duration::from_millis(500));
    }
}
