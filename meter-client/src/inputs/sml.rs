//! SML (Smart Message Language), the binary protocol of German meters' optical interface,
//! read through an infrared head: OBIS 1-0:1.8.0 (energy imported) and 1-0:2.8.0 (exported).
//!
//! `sml-rs` does the transport (escape sequences, padding, the CRC-16 of every frame) and the
//! parsing (each message's own CRC too); this module takes the two energy registers from the
//! `GetList.Res` messages and cuts them into readings with [`Boundaries`]. SML meters count
//! their time in seconds since they were switched on, so the time of a sample is the Pi's
//! clock when the frame arrived.

use std::io::{ErrorKind, Read};

use sml_rs::parser::ParseError;
use sml_rs::parser::common::{ListEntry, Value};
use sml_rs::parser::complete::{File, MessageBody};
use sml_rs::transport::DecodeErr;
use sml_rs::{ReadParsedError, SmlReader};

use super::counters::ErrorReason;
use super::sampler::{InputSettings, SILENT_AFTER, Sampler, Silence};
use super::{Energy, system_now};
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
    /// The frame's CRC or a message's own CRC did not match: damaged in transit.
    #[error("damaged SML frame, its checksum does not match: {0}")]
    Checksum(String),
    /// The frame or a message in it cannot be read (a bad escape sequence, a structure the
    /// parser does not know).
    #[error("unreadable SML frame: {0}")]
    Malformed(String),
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

impl SmlError {
    /// Why the transport layer refused a frame.
    pub fn from_decode(error: DecodeErr) -> Self {
        match error {
            DecodeErr::InvalidMessage {
                checksum_mismatch: (expected, found),
                ..
            } if expected != found => SmlError::Checksum(error.to_string()),
            other => SmlError::Malformed(other.to_string()),
        }
    }

    /// Why the parser refused a frame's messages.
    pub fn from_parse(error: ParseError) -> Self {
        match error {
            ParseError::CrcMismatch => SmlError::Checksum(format!("{error:?}")),
            other => SmlError::Malformed(format!("{other:?}")),
        }
    }

    /// The reason it is counted under.
    pub fn reason(&self) -> ErrorReason {
        match self {
            SmlError::Checksum(_) => ErrorReason::Crc,
            SmlError::Malformed(_) | SmlError::BadValue { .. } => ErrorReason::Parse,
            SmlError::MissingRegister(..) => ErrorReason::MissingRegister,
        }
    }
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
    sampler: Sampler,
    silence: Silence,
}

impl<R: Read + Send> SmlSource<R> {
    /// Frames read from `reader`, cut into readings as `settings` say.
    pub fn new(reader: R, settings: InputSettings) -> Self {
        SmlSource {
            reader: SmlReader::with_vec_buffer().from_reader(reader),
            sampler: Sampler::new(settings, "SML frame"),
            silence: Silence::new(
                SILENT_AFTER,
                "check that the read head sits on the meter's optical port, and --baud",
            ),
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
                Some(Err(ReadParsedError::DecodeErr(e))) => Err(SmlError::from_decode(e)),
                Some(Err(ReadParsedError::ParseErr(e))) => Err(SmlError::from_parse(e)),
                Some(Err(ReadParsedError::IoErr(e, _)))
                    if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) =>
                {
                    self.silence.check(&self.sampler);
                    continue;
                }
                Some(Err(ReadParsedError::IoErr(source, _))) => {
                    return Err(self.sampler.lost(source));
                }
            };
            match registers.and_then(|r| r.register_wh(self.sampler.energy())) {
                Ok(register) => {
                    self.silence.heard(&self.sampler);
                    if let Some(measurement) = self.sampler.sample(system_now(), register) {
                        return Ok(Some(measurement));
                    }
                }
                Err(error) => {
                    self.sampler.skip(error.reason(), &error);
                    self.silence.check(&self.sampler);
                }
            }
        }
    }

    fn describe(&self) -> String {
        self.sampler.describe("SML frames")
    }
}

#[cfg(test)]
mod tests;
