//! Opening a meter's port: a serial device (P1 cable, RS-485 adapter), a file or stdin.

use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::time::Duration;

use serialport::{DataBits, FlowControl, Parity, StopBits};

use crate::source::SourceError;

/// How long a read from a serial port waits before the source checks whether the meter has
/// gone silent.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens `path` for reading: `-` is stdin, a character device a serial port at `baud` 8N1
/// without flow control, anything else a file (recorded telegrams).
pub fn open_input(path: &str, baud: u32) -> Result<Box<dyn Read + Send>, SourceError> {
    if path == "-" {
        return Ok(Box::new(std::io::stdin()));
    }
    let io = |source: std::io::Error| SourceError::Io {
        what: path.to_string(),
        source,
    };
    let is_device = std::fs::metadata(path)
        .map_err(io)?
        .file_type()
        .is_char_device();
    if !is_device {
        return Ok(Box::new(std::fs::File::open(path).map_err(io)?));
    }
    let port = serialport::new(path, baud)
        .data_bits(DataBits::Eight)
        .parity(Parity::None)
        .stop_bits(StopBits::One)
        .flow_control(FlowControl::None)
        .timeout(READ_TIMEOUT)
        .open()
        .map_err(|e| {
            io(std::io::Error::other(format!(
                "cannot open the serial port ({e}): check the device name (ls /dev/ttyUSB* \
                 /dev/serial/by-id), that the cable is plugged in and that this user is in the \
                 dialout group"
            )))
        })?;
    Ok(port)
}
