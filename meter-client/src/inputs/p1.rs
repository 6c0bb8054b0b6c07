//! Reading DSMR telegrams from a P1 port (or a file of recorded telegrams) and turning them
//! into measurements.

use std::io::{ErrorKind, Read};

use super::dsmr::{MAX_TELEGRAM_BYTES, TelegramError, parse_telegram};
use super::sampler::{InputSettings, SILENT_AFTER, Sampler, Silence};
use super::system_now;
use crate::source::{Measurement, ReadingSource, SourceError};

/// Splits a byte stream into telegrams: from `/` to `!` and the CRC's four hex digits.
pub struct TelegramFrames<R> {
    reader: R,
    buf: Vec<u8>,
    ended: bool,
}

impl<R: Read> TelegramFrames<R> {
    /// Frames read from `reader`.
    pub fn new(reader: R) -> Self {
        TelegramFrames {
            reader,
            buf: Vec::with_capacity(2 * MAX_TELEGRAM_BYTES),
            ended: false,
        }
    }

    /// The next telegram's bytes, or why the bytes there are not one; `None` at the end of
    /// the input. Read errors (a serial port's timeout too) are returned as they are.
    pub fn next_frame(&mut self) -> std::io::Result<Option<Result<Vec<u8>, TelegramError>>> {
        let mut chunk = [0u8; 1_024];
        loop {
            if let Some(frame) = self.extract() {
                return Ok(Some(frame));
            }
            if self.ended {
                return Ok(None);
            }
            match self.reader.read(&mut chunk) {
                Ok(0) => {
                    self.ended = true;
                    // A telegram begun but never finished.
                    if !self.buf.is_empty() {
                        self.buf.clear();
                        return Ok(Some(Err(TelegramError::Cut)));
                    }
                }
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    fn extract(&mut self) -> Option<Result<Vec<u8>, TelegramError>> {
        // Bytes before a `/` are the tail of a telegram that began before we listened.
        match self.buf.iter().position(|b| *b == b'/') {
            Some(start) => drop(self.buf.drain(..start)),
            None => {
                self.buf.clear();
                return None;
            }
        }
        let bang = self.buf.iter().position(|b| *b == b'!');
        if bang.unwrap_or(self.buf.len()) > MAX_TELEGRAM_BYTES {
            self.skip_to_next_start();
            return Some(Err(TelegramError::TooLong));
        }
        let bang = bang?;
        // A new telegram began before this one ended: the first was cut off.
        if self.buf[1..bang].contains(&b'/') {
            self.skip_to_next_start();
            return Some(Err(TelegramError::Cut));
        }
        let tail = &self.buf[bang + 1..];
        let hex = tail
            .iter()
            .take(4)
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        if hex == tail.len() && hex < 4 {
            return None;
        }
        Some(Ok(self.buf.drain(..bang + 1 + hex).collect()))
    }

    fn skip_to_next_start(&mut self) {
        let next = self.buf[1..]
            .iter()
            .position(|b| *b == b'/')
            .map_or(self.buf.len(), |i| i + 1);
        self.buf.drain(..next);
    }
}

/// Measurements of one meter from its P1 port: the register of the first good telegram at or
/// after each interval boundary (see [`super::boundary`]), by the meter's own clock (the
/// telegram's timestamp; the system clock for a meter that sends none).
pub struct DsmrSource<R> {
    frames: TelegramFrames<R>,
    sampler: Sampler,
    silence: Silence,
}

impl<R: Read + Send> DsmrSource<R> {
    /// Telegrams read from `reader`, cut into readings as `settings` say.
    pub fn new(reader: R, settings: InputSettings) -> Self {
        DsmrSource {
            frames: TelegramFrames::new(reader),
            sampler: Sampler::new(settings, "DSMR telegram"),
            silence: Silence::new(
                SILENT_AFTER,
                "check the P1 cable and that the meter's P1 port is enabled",
            ),
        }
    }
}

impl<R: Read + Send> ReadingSource for DsmrSource<R> {
    fn next_measurement(&mut self) -> Result<Option<Measurement>, SourceError> {
        loop {
            let frame = match self.frames.next_frame() {
                Ok(Some(frame)) => frame,
                Ok(None) => return Ok(None),
                Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
                    self.silence.check(&self.sampler);
                    continue;
                }
                Err(source) => return Err(self.sampler.lost(source)),
            };
            let energy = self.sampler.energy();
            let sample = frame.and_then(|bytes| {
                let telegram = parse_telegram(&bytes)?;
                let register = telegram.register_wh(energy)?;
                Ok((telegram.timestamp.unwrap_or_else(system_now), register))
            });
            match sample {
                Ok((at, register)) => {
                    self.silence.heard(&self.sampler);
                    if let Some(measurement) = self.sampler.sample(at, register) {
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
        self.sampler.describe("DSMR P1 telegrams")
    }
}

#[cfg(test)]
mod tests;
