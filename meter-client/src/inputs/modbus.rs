//! Modbus meters (Eastron SDM120/SDM630 and the like) over RTU (RS-485) or TCP (a gateway):
//! the energy registers named by a register map, polled at a fixed period.
//!
//! The protocol is `tokio-modbus`'s blocking client; this module adds the register maps
//! (shipped in `meter-client/maps/`), the decoding of the registers into Wh and the polling.

use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use tokio_modbus::client::sync::{self, Context, Reader};
use tokio_modbus::{ExceptionCode, Slave};

use super::Energy;
use super::counters::ErrorReason;
use super::sampler::{InputSettings, Sampler};
use crate::source::{Clock, Measurement, ReadingSource, SourceError, SystemClock};

/// How long one request waits for the meter's answer.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(2);

/// Which Modbus table a map's registers are in.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    /// Input registers (function 4): Eastron meters keep their measurements there.
    Input,
    /// Holding registers (function 3).
    Holding,
}

/// How a register's words hold its value.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// IEEE 754 single precision in two words, high word first.
    Float32,
    /// Unsigned 32 bits in two words, high word first.
    Uint32,
}

/// The unit of a register's value.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum Unit {
    /// Watt-hours.
    Wh,
    /// Kilowatt-hours.
    #[serde(rename = "kWh")]
    KWh,
}

/// One energy register of a map.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RegisterSpec {
    /// Address of its first word, from 0 (Eastron's 30073 is address 72).
    pub address: u16,
    /// How its two words hold the value.
    pub format: Format,
    /// The value's unit.
    pub unit: Unit,
}

impl RegisterSpec {
    /// The register's value in Wh, or `None` for a value that is no energy (negative, NaN,
    /// infinite).
    pub fn decode(&self, words: [u16; 2]) -> Option<u64> {
        let bits = (u32::from(words[0]) << 16) | u32::from(words[1]);
        let scale = match self.unit {
            Unit::Wh => 1.0,
            Unit::KWh => 1_000.0,
        };
        match self.format {
            Format::Uint32 => u64::from(bits).checked_mul(scale as u64),
            Format::Float32 => {
                let value = f64::from(f32::from_bits(bits)) * scale;
                (value.is_finite() && value >= 0.0).then(|| value.round() as u64)
            }
        }
    }
}

/// A meter model's energy registers (`meter-client/maps/*.json`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RegisterMap {
    /// The meter model, for people.
    pub meter: String,
    /// The table the registers are in.
    pub function: Table,
    /// Energy imported from the grid.
    pub import: RegisterSpec,
    /// Energy exported to the grid.
    pub export: RegisterSpec,
}

impl RegisterMap {
    /// Reads a map file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the register map {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| {
            format!(
                "the register map {} is not valid: {e} (see meter-client/maps/ for examples)",
                path.display()
            )
        })
    }

    /// The register recording `energy`.
    pub fn register(&self, energy: Energy) -> RegisterSpec {
        match energy {
            Energy::Import => self.import,
            Energy::Export => self.export,
        }
    }
}

/// Why a poll gave no register.
#[derive(Debug, thiserror::Error)]
pub enum PollError {
    /// The meter answered with a Modbus exception.
    #[error("the meter answered with exception {0}: check the register map and --modbus-unit")]
    Exception(ExceptionCode),
    /// No answer in time.
    #[error(
        "no answer in time ({0}): check the wiring (A to A, B to B), --modbus-unit and the \
         serial settings"
    )]
    NoAnswer(String),
    /// An answer that does not decode, or that answers another request or unit.
    #[error(
        "an answer that does not decode ({0}): check the serial settings (--baud, 8N1), the \
         bus's termination and that only one master polls it"
    )]
    Garbled(String),
    /// The port or the gateway cannot be reached, or went away.
    #[error(
        "cannot reach the meter ({0}): check the device name or the gateway's address, and \
         that the adapter is plugged in"
    )]
    Unreachable(String),
    /// The register holds no energy.
    #[error("the register at address {address} holds no energy ({words:04X?})")]
    NotAnEnergy {
        /// The register's address.
        address: u16,
        /// What it held.
        words: Vec<u16>,
    },
}

impl PollError {
    /// A failed request: no answer in time, a garbled one, or a connection gone.
    fn transport(error: tokio_modbus::Error) -> Self {
        match error {
            tokio_modbus::Error::Protocol(e) => PollError::Garbled(e.to_string()),
            tokio_modbus::Error::Transport(e) => PollError::from_io(e),
        }
    }

    fn from_io(error: io::Error) -> Self {
        match error.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                PollError::NoAnswer(error.to_string())
            }
            io::ErrorKind::InvalidData => PollError::Garbled(error.to_string()),
            _ => PollError::Unreachable(error.to_string()),
        }
    }

    /// The reason it is counted under.
    pub fn reason(&self) -> ErrorReason {
        match self {
            PollError::Exception(_) => ErrorReason::Exception,
            PollError::NoAnswer(_) => ErrorReason::Timeout,
            PollError::Garbled(_) => ErrorReason::Garbled,
            PollError::Unreachable(_) => ErrorReason::Disconnected,
            PollError::NotAnEnergy { .. } => ErrorReason::Parse,
        }
    }
}

/// Something that reads registers: a Modbus connection, or a test's table.
pub trait RegisterBus: Send {
    /// Reads `count` words from `address` of `table`.
    fn read(&mut self, table: Table, address: u16, count: u16) -> Result<Vec<u16>, PollError>;
}

/// A Modbus connection, made again after a transport error.
pub struct ModbusLink {
    connect: Box<dyn FnMut() -> io::Result<Context> + Send>,
    context: Option<Context>,
}

impl ModbusLink {
    /// Modbus TCP to `address`, unit `unit` (a gateway's RS-485 address; 1 for most).
    pub fn tcp(address: SocketAddr, unit: u8) -> Self {
        ModbusLink {
            connect: Box::new(move || {
                sync::tcp::connect_slave_with_timeout(address, Slave(unit), Some(ANSWER_TIMEOUT))
            }),
            context: None,
        }
    }

    /// Modbus RTU on the serial device `path` at `baud`, 8N1, unit `unit`.
    pub fn rtu(path: &str, baud: u32, unit: u8) -> Self {
        let builder = tokio_serial::new(path, baud)
            .data_bits(tokio_serial::DataBits::Eight)
            .parity(tokio_serial::Parity::None)
            .stop_bits(tokio_serial::StopBits::One);
        ModbusLink {
            connect: Box::new(move || {
                sync::rtu::connect_slave_with_timeout(&builder, Slave(unit), Some(ANSWER_TIMEOUT))
            }),
            context: None,
        }
    }
}

impl RegisterBus for ModbusLink {
    fn read(&mut self, table: Table, address: u16, count: u16) -> Result<Vec<u16>, PollError> {
        let context = match &mut self.context {
            Some(context) => context,
            None => {
                // Opening a serial port or connecting to a gateway fails as "unreachable",
                // whatever the kind: a connect that times out is a gateway gone, not a meter
                // slow to answer.
                let context =
                    (self.connect)().map_err(|e| PollError::Unreachable(e.to_string()))?;
                self.context.insert(context)
            }
        };
        let answer = match table {
            Table::Input => context.read_input_registers(address, count),
            Table::Holding => context.read_holding_registers(address, count),
        };
        match answer {
            Ok(Ok(words)) => Ok(words),
            Ok(Err(exception)) => Err(PollError::Exception(exception)),
            Err(error) => {
                // A fresh connection next time: a TCP gateway may have dropped this one.
                self.context = None;
                Err(PollError::transport(error))
            }
        }
    }
}

/// Measurements of one Modbus meter: its register polled every `poll` seconds, at multiples
/// of `poll` in unix time (so at every boundary when `poll` divides the interval), cut into
/// intervals by [`Boundaries`](super::boundary::Boundaries) with the system clock's time of
/// each poll.
pub struct ModbusSource<B, C = SystemClock> {
    bus: B,
    table: Table,
    register: RegisterSpec,
    sampler: Sampler,
    poll: u64,
    next_poll: u64,
    failures_in_a_row: u64,
    clock: C,
}

impl<B: RegisterBus, C: Clock> ModbusSource<B, C> {
    /// Polls `bus` every `poll` seconds for the register of `map` that `settings` ask for.
    pub fn new(bus: B, map: &RegisterMap, poll: u32, settings: InputSettings, clock: C) -> Self {
        ModbusSource {
            bus,
            table: map.function,
            register: map.register(settings.energy),
            sampler: Sampler::new(settings, "Modbus poll"),
            poll: u64::from(poll.max(1)),
            next_poll: 0,
            failures_in_a_row: 0,
            clock,
        }
    }

    fn read_register(&mut self) -> Result<u64, PollError> {
        let address = self.register.address;
        let words = self.bus.read(self.table, address, 2)?;
        match words[..] {
            [high, low] => self.register.decode([high, low]),
            _ => None,
        }
        .ok_or(PollError::NotAnEnergy { address, words })
    }

    fn failed(&mut self, error: &PollError) {
        self.sampler.skip(error.reason(), error);
        self.failures_in_a_row += 1;
        if self.failures_in_a_row * self.poll >= 60
            && self.failures_in_a_row * self.poll < 60 + self.poll
        {
            tracing::warn!(
                source = %self.sampler.name(),
                "no answer from the Modbus meter for 60 s: {error}"
            );
        }
    }
}

impl<B: RegisterBus, C: Clock> ReadingSource for ModbusSource<B, C> {
    fn next_measurement(&mut self) -> Result<Option<Measurement>, SourceError> {
        loop {
            while self.clock.now() < self.next_poll {
                self.clock.sleep_until(self.next_poll);
            }
            let at = self.clock.now();
            self.next_poll = (at / self.poll + 1) * self.poll;
            let register = match self.read_register() {
                Ok(register) => register,
                Err(error) => {
                    self.failed(&error);
                    continue;
                }
            };
            if std::mem::take(&mut self.failures_in_a_row) * self.poll >= 60 {
                tracing::info!(source = %self.sampler.name(), "the Modbus meter answers again");
            }
            if let Some(measurement) = self.sampler.sample(at, register) {
                return Ok(Some(measurement));
            }
        }
    }

    fn describe(&self) -> String {
        self.sampler
            .describe(&format!("Modbus meter polled every {} s", self.poll))
    }
}

#[cfg(test)]
mod tests;
