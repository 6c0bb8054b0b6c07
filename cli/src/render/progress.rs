//! The progress bar of the commands that run a deployment plan (`ledger deploy`,
//! `ledger region deploy`): one bar over the plan's steps on stderr, and a line per finished
//! step, so that the steps stay readable after the bar is gone.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use ledger_sdk::deploy;

/// One progress bar over a plan's steps.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
}

impl Progress {
    /// A bar over `steps` steps, ticking so that a long upload still shows life.
    pub fn new(steps: u64) -> Self {
        let bar = ProgressBar::new(steps);
        bar.set_style(
            ProgressStyle::with_template("{spinner:.green} [{pos}/{len}] {wide_msg} {elapsed:>4}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    /// Leaves the step that failed on screen, marked.
    pub fn fail(&self) {
        let msg = self.bar.message();
        self.bar.abandon_with_message(format!("✘ {msg}"));
    }

    /// Removes the bar once every step is done (their lines stay).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl deploy::Progress for Progress {
    fn begin(&mut self, what: &str) {
        self.started = Instant::now();
        self.bar.set_message(what.to_string());
    }

    fn done(&mut self, result: &str) {
        let line = format!(
            "✔ [{}/{}] {} ({:.1} s)",
            self.bar.position() + 1,
            self.bar.length().unwrap_or(0),
            result,
            self.started.elapsed().as_secs_f64()
        );
        self.bar.suspend(|| eprintln!("{line}"));
        self.bar.inc(1);
    }
}
