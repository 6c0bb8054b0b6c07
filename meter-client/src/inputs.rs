//! Real meters: the inputs that read a meter's own port and turn its register into the
//! client's [`Measurement`](crate::source::Measurement)s.
//!
//! * [`dsmr`]: DSMR P1 telegrams (Dutch and Belgian smart meters), CRC-checked;
//! * [`p1`]: telegrams from a P1 port or a file, as a [`ReadingSource`];
//! * [`sml`]: SML frames from a German meter's optical interface, CRC-checked;
//! * [`modbus`]: Modbus RTU and TCP meters (Eastron SDM120/SDM630 maps in `maps/`), polled;
//! * [`boundary`]: from a running register to one measurement per interval (the register of
//!   the first sample at or after each boundary);
//! * [`sampler`]: what every input does with a sample, whatever the protocol;
//! * [`counters`]: good samples, and skipped ones by reason, for the metrics;
//! * [`serial`]: opening a serial port, a file or stdin;
//! * [`clock`]: no reading is signed while the system clock is not synchronised.

pub mod boundary;
pub mod clock;
pub mod counters;
pub mod dsmr;
pub mod modbus;
pub mod p1;
pub mod sampler;
pub mod serial;
pub mod sml;

use std::net::ToSocketAddrs;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, anyhow, bail};
use clap::{Args, ValueEnum};

use crate::app::SourceSpec;
use crate::source::{ReadingSource, SystemClock};

pub use counters::{ErrorReason, InputCounters};
pub use sampler::InputSettings;

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

/// Settings of the real-meter inputs (`--source dsmr:...`).
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Real meters: the register to record, imported energy or exported energy (a meter
    /// for solar panels or a park's generation records its export)
    #[arg(long, value_enum, default_value_t = Energy::Import)]
    pub energy: Energy,
    /// Real meters on a serial port: its speed [default: 115200 for DSMR P1, 9600 for SML
    /// and for Modbus RTU (Eastron's factory setting)]
    #[arg(long, value_name = "BAUD")]
    pub baud: Option<u32>,
    /// Modbus meters: the register map, a JSON file (meter-client/maps/eastron-sdm120.json,
    /// eastron-sdm630.json)
    #[arg(long, value_name = "FILE")]
    pub modbus_map: Option<PathBuf>,
    /// Modbus meters: the meter's unit address (Eastron's factory setting: 1)
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub modbus_unit: u8,
    /// Modbus meters: seconds between polls, at multiples of it in unix time (choose a
    /// divisor of --interval so that a poll falls on every boundary)
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub poll: u32,
    /// Real meters: sign readings even while the system clock is not known to be
    /// synchronised (`timedatectl show -p NTPSynchronized`); only for systems without
    /// systemd whose clock is kept right otherwise
    #[arg(long)]
    pub no_clock_check: bool,
}

impl InputArgs {
    /// `source` guarded by the clock check, unless `--no-clock-check`.
    pub fn clock_guarded(&self, source: Box<dyn ReadingSource>) -> Box<dyn ReadingSource> {
        if self.no_clock_check {
            tracing::warn!("--no-clock-check: readings are signed whatever the system clock says");
            return source;
        }
        Box::new(clock::ClockGuard::new(
            source,
            clock::Timedatectl,
            std::time::Duration::from_secs(10),
        ))
    }
}

/// DSMR 4 and 5 P1 ports' speed.
pub const DSMR_BAUD: u32 = 115_200;
/// Most German meters' optical interface (SML).
pub const SML_BAUD: u32 = 9_600;
/// Eastron meters' factory speed.
pub const MODBUS_BAUD: u32 = 9_600;

/// The source of a real meter (`--source dsmr:`, `sml:`, `modbus-rtu:`, `modbus-tcp:`), its
/// readings of `interval` seconds continuing after `next_start` (the end of the meter
/// contract's last reading), counted in `counters`, guarded by the clock check.
pub fn meter_source(
    spec: &SourceSpec,
    args: &InputArgs,
    interval: u32,
    next_start: u64,
    counters: Arc<InputCounters>,
) -> anyhow::Result<Box<dyn ReadingSource>> {
    let settings = |name: &str| InputSettings {
        name: name.to_string(),
        energy: args.energy,
        interval,
        next_start,
        counters: Arc::clone(&counters),
    };
    let source: Box<dyn ReadingSource> = match spec {
        SourceSpec::Dsmr(path) => {
            let reader = serial::open_input(path, args.baud.unwrap_or(DSMR_BAUD))?;
            Box::new(p1::DsmrSource::new(reader, settings(path)))
        }
        SourceSpec::Sml(path) => {
            let reader = serial::open_input(path, args.baud.unwrap_or(SML_BAUD))?;
            Box::new(sml::SmlSource::new(reader, settings(path)))
        }
        SourceSpec::ModbusRtu(_) | SourceSpec::ModbusTcp(_) => {
            let (link, name) = modbus_link(spec, args)?;
            let map = modbus_map(args)?;
            Box::new(modbus::ModbusSource::new(
                link,
                &map,
                args.poll,
                settings(&name),
                SystemClock,
            ))
        }
        SourceSpec::Simulator | SourceSpec::Lines(_) => bail!("{spec:?} is not a real meter"),
    };
    Ok(args.clock_guarded(source))
}

/// The register map of `--modbus-map`.
fn modbus_map(args: &InputArgs) -> anyhow::Result<modbus::RegisterMap> {
    let path = args.modbus_map.as_deref().ok_or_else(|| {
        anyhow!(
            "a Modbus meter needs --modbus-map <file>: its register map, e.g. \
             meter-client/maps/eastron-sdm630.json"
        )
    })?;
    modbus::RegisterMap::load(path).map_err(|e| anyhow!(e))
}

/// The connection to a Modbus meter and its name in messages.
fn modbus_link(
    spec: &SourceSpec,
    args: &InputArgs,
) -> anyhow::Result<(modbus::ModbusLink, String)> {
    Ok(match spec {
        SourceSpec::ModbusTcp(address) => {
            let socket = address
                .to_socket_addrs()
                .with_context(|| format!("modbus-tcp:{address}: expected <host:port>"))?
                .next()
                .ok_or_else(|| anyhow!("modbus-tcp:{address}: the name has no address"))?;
            (
                modbus::ModbusLink::tcp(socket, args.modbus_unit),
                address.clone(),
            )
        }
        SourceSpec::ModbusRtu(path) => (
            modbus::ModbusLink::rtu(path, args.baud.unwrap_or(MODBUS_BAUD), args.modbus_unit),
            path.clone(),
        ),
        other => bail!("{other:?} is not a Modbus source"),
    })
}

/// The system clock, unix seconds.
pub(crate) fn system_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
