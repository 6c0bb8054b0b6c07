//! Real meters: the inputs that read a meter's own port and turn its register into the
//! client's [`Measurement`](crate::source::Measurement)s.
//!
//! * [`dsmr`]: DSMR P1 telegrams (Dutch and Belgian smart meters), CRC-checked;
//! * [`p1`]: telegrams from a P1 port or a file, as a [`ReadingSource`];
//! * [`boundary`]: from a running register to one measurement per interval (the register of
//!   the first sample at or after each boundary);
//! * [`serial`]: opening a serial port, a file or stdin.

pub mod boundary;
pub mod dsmr;
pub mod p1;
pub mod serial;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use clap::{Args, ValueEnum};

use crate::source::{ReadingSource, SourceError};

/// Which of the meter's energy registers becomes the client's register.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Energy {
    /// Energy taken from the grid (OBIS 1.8.x), all tariffs.
    #[default]
    Import,
    /// Energy returned to the grid (OBIS 2.8.x), all tariffs: solar panels, a park's
    /// generation meter.
    Export,
}

impl std::fmt::Display for Energy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Energy::Import => "imported energy",
            Energy::Export => "exported energy",
        })
    }
}

/// What an input has read, for logs and metrics.
#[derive(Debug, Default)]
pub struct InputCounters {
    /// Good samples of the register (telegrams, frames, polls).
    pub samples: AtomicU64,
    /// Samples skipped: damaged, cut, without the register, or a register going back.
    pub errors: AtomicU64,
}

/// Settings of the real-meter inputs (`--source dsmr:...`).
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Real meters: the register to record, imported energy or exported energy (a meter
    /// for solar panels or a park's generation records its export)
    #[arg(long, value_enum, default_value_t = Energy::Import)]
    pub energy: Energy,
    /// Real meters on a serial port: its speed (DSMR 4 and 5 P1 ports: 115200)
    #[arg(long, default_value_t = 115_200, value_name = "BAUD")]
    pub baud: u32,
}

/// The DSMR source for `--source dsmr:<path>`: intervals of `interval` seconds continuing
/// after `next_start` (the end of the meter contract's last reading).
pub fn dsmr_source(
    path: &str,
    args: &InputArgs,
    interval: u32,
    next_start: u64,
    counters: Arc<InputCounters>,
) -> Result<Box<dyn ReadingSource>, SourceError> {
    let reader = serial::open_input(path, args.baud)?;
    Ok(Box::new(p1::DsmrSource::new(
        reader,
        path,
        args.energy,
        interval,
        next_start,
        counters,
    )))
}

/// The system clock, unix seconds.
pub(crate) fn system_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
