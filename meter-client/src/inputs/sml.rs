//! SML (Smart Message Language), the binary protocol of German meters' optical interface,
//! read through an infrared head: OBIS 1-0:1.8.0 (energy imported) and 1-0:2.8.0 (exported).
//!
//! `sml-rs` does the transport (escape sequences, padding, the CRC-16 of every frame) and the
//! parsing (each message's own CRC too); this module takes the two energy registers from the
//! `GetList.Res` messages and cuts them into readings with [`Boundaries`]. SML meters count
//! their time in seconds since they were switched on, so the time of a sample is the Pi's
//! clock when the frame arrived.

use std::io::{ErrorKind, Read};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use sml_rs::parser::common::{ListEntry, Value};
use sml_rs::parser::complete::{File, MessageBody};
use sml_rs::transport::DecodeErr;
use sml_rs::{ReadParsedError, SmlReader};

use super::boundary::Boundaries;
use super::{Energy, InputCounters, system_now};
use crate::source::{Measurement, ReadingSource, SourceError};

/// OBIS 1-0:1.8.0*255, energy imported, all tariffs.
pub const OBIS_IMPORT: [u8; 6] = [1, 0, 1, 8, 0, 255];
/// OBIS 1-0:2.8.0*255, energy exported, all tariffs.
pub const OBIS_EXPORT: [u8; 6] = [1, 0, 2, 8, 0, 255];
/// The DLMS unit code of watt-hours.
const UNIT_WH: u8 = 30;

/// Why an SML frame gave no register.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmlError {
    /// The frame or a message in it was damaged (a CRC mismatch, a bad escape).
    #[error("damaged SML frame: {0}")]
    Damaged(String),
    /// The register asked for is not in the frame.
    #[error(
        "no {0} register (OBIS {1}) in the meter's data: some meters send it only after the PIN \
         is entered (\"extended data set\")"
    )]
    MissingRegister(&'static str, &'static str),
    /// The register is not a whole number of (scaled) Wh.
    #[error("OBIS {obis}: {what}")]
    BadValue {
        /// The register.
        obis: &'static str,
        /// What is wrong with it.
        what: String,
    },
}

/// The energy registers of one SML file (the messages of one frame), Wh.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SmlRegisters {
    /// 1-0:1.8.0, imported.
    pub import_wh: Option<u64>,
    /// 1-0:2.8.0, exported.
    pub export_wh: Option<u64>,
}

impl SmlRegisters {
    /// Takes the energy registers from every `GetList.Res` of `file`.
    pub fn from_file(file: &File) -> Result<Self, SmlError> {
        let mut registers = SmlRegisters::default();
        for message in &file.messages {
            let MessageBody::GetListResponse(list) = &message.message_body else {
                continue;
            };
            for entry in &list.val_list {
                if entry.obj_name == OBIS_IMPORT {
                    registers.import_wh = Some(wh(entry, "1-0:1.8.0")?);
                } else if entry.obj_name == OBIS_EXPORT {
                    registers.export_wh = Some(wh(entry, "1-0:2.8.0")?);
                }
            }
        }
        Ok(registers)
    }

    /// The register the client records.
    pub fn register_wh(&self, energy: Energy) -> Result<u64, SmlError> {
        match energy {
            Energy::Import => self
                .import_wh
                .ok_or(SmlError::MissingRegister("imported energy", "1-0:1.8.0")),
            Energy::Export => self
                .export_wh
                .ok_or(SmlError::MissingRegister("exported energy", "1-0:2.8.0")),
        }
    }
}

/// An entry's value × 10^scaler in Wh, rounded to the Wh.
fn wh(entry: &ListEntry, obis: &'static str) -> Result<u64, SmlError> {
    let bad = |what: String| SmlError::BadValue { obis, what };
    if entry.unit != Some(UNIT_WH) {
        return Err(bad(format!(
            "unit {:?} is not Wh (DLMS unit {UNIT_WH})",
            entry.unit
        )));
    }
    let raw: i128 = match entry.value {
        Value::I8(v) => v.into(),
        Value::I16(v) => v.into(),
        Value::I32(v) => v.into(),
        Value::I64(v) => v.into(),
        Value::U8(v) => v.into(),
        Value::U16(v) => v.into(),
        Value::U32(v) => v.into(),
        Value::U64(v) => v.into(),
        _ => return Err(bad("not a number".to_string())),
    };
    let scaler = entry.scaler.unwrap_or(0);
    let power = 10i128
        .checked_pow(u32::from(scaler.unsigned_abs()))
        .ok_or_else(|| bad(format!("scaler {scaler} out of range")))?;
    let value = if scaler >= 0 {
        raw.checked_mul(power)
    } else {
        // Round half away from zero; the register is never negative anyway.
        Some((raw + power / 2) / power)
    };
    value
        .and_then(|v| u64::try_from(v).ok())
        .ok_or_else(|| bad(format!("{raw} × 10^{scaler} Wh is no energy")))
}

/// Measurements of one meter from its optical interface: the register of the first good
/// frame at or after each interval boundary (see [`super::boundary`]).
pub struct SmlSource<R: Read> {
    reader: SmlReader<sml_rs::util::IoReader<R>, Vec<u8>>,
    name: String,
    energy: Energy,
    boundaries: Boundaries,
    counters: Arc<InputCounters>,
}

impl<R: Read + Send> SmlSource<R> {
    /// Frames read from `reader` (named `name` in messages), the `energy` register,
    /// intervals of `interval` seconds continuing after `next_start`.
    pub fn new(
        reader: R,
        name: impl Into<String>,
        energy: Energy,
        interval: u32,
        next_start: u64,
        counters: Arc<InputCounters>,
    ) -> Self {
        SmlSource {
            reader: SmlReader::with_vec_buffer().from_reader(reader),
            name: name.into(),
            energy,
            boundaries: Boundaries::new(interval, next_start),
            counters,
        }
    }

    fn skipped(&self, error: &dyn std::fmt::Display) {
        let count = self.counters.errors.fetch_add(1, Ordering::Relaxed) + 1;
        if count.is_power_of_two() {
            tracing::warn!(source = %self.name, skipped = count, "SML frame skipped: {error}");
        }
    }
}

impl<R: Read + Send> ReadingSource for SmlSource<R> {
    fn next_measurement(&mut self) -> Result<Option<Measurement>, SourceError> {
        loop {
            let registers = match self.reader.next::<File>() {
                None => return Ok(None),
                Some(Ok(file)) => SmlRegisters::from_file(&file),
                // Bytes before the first frame: the tail of one that began before we listened.
                Some(Err(ReadParsedError::DecodeErr(DecodeErr::DiscardedBytes(_)))) => continue,
                Some(Err(ReadParsedError::DecodeErr(e))) => Err(SmlError::Damaged(e.to_string())),
                Some(Err(ReadParsedError::ParseErr(e))) => Err(SmlError::Damaged(format!("{e:?}"))),
                Some(Err(ReadParsedError::IoErr(e, _)))
                    if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) =>
                {
                    continue;
                }
                Some(Err(ReadParsedError::IoErr(source, _))) => {
                    return Err(SourceError::Io {
                        what: self.name.clone(),
                        source,
                    });
                }
            };
            let register = match registers.and_then(|r| r.register_wh(self.energy)) {
                Ok(register) => register,
                Err(error) => {
                    self.skipped(&error);
                    continue;
                }
            };
            self.counters.samples.fetch_add(1, Ordering::Relaxed);
            match self.boundaries.sample(system_now(), register) {
                Ok(Some(measurement)) => return Ok(Some(measurement)),
                Ok(None) => {}
                Err(error) => self.skipped(&error),
            }
        }
    }

    fn describe(&self) -> String {
        format!("SML frames from {} ({})", self.name, self.energy)
    }
}

#[cfg(test)]
mod tests;
