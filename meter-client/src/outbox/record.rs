//! What the outbox holds, a signed reading waiting for its block and the changes to the
//! pending set, and how each is framed on disk: a length, the payload, and a checksum over
//! both (see the crash-safety argument in the outbox's documentation).

use ledger_reading::SignedReading;
use sha2::{Digest, Sha256};

/// Magic bytes opening an outbox file.
const MAGIC: &[u8; 8] = b"MCOUTBOX";
/// Format version written after the magic.
const VERSION: u32 = 1;
/// Header length: magic and version.
pub const HEADER_LEN: usize = 12;
/// Checksum domain tag.
const CHECKSUM_TAG: &[u8] = b"meter-client/outbox/v1";
const LEN_BYTES: usize = 4;
const SUM_BYTES: usize = 8;
const KIND_READING: u8 = 1;
const KIND_CONFIRMED: u8 = 2;
const KIND_DROPPED: u8 = 3;
const READING_PAYLOAD: usize = 1 + 4 + 8 + 8 + 4 + 8 + 8 + 64;
const MARK_PAYLOAD: usize = 1 + 4 + 8;
/// Largest record on disk.
pub const MAX_FRAME: usize = LEN_BYTES + READING_PAYLOAD + SUM_BYTES;

/// A signed reading waiting in the outbox (its meter is known from where it is kept). 104
/// bytes in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pending {
    /// The reading's sequence number.
    pub sequence: u64,
    /// Start of its interval, unix seconds.
    pub interval_start: u64,
    /// Length of its interval, seconds.
    pub interval_length: u32,
    /// Energy, Wh.
    pub energy_wh: u64,
    /// Register at the end of the interval, Wh.
    pub register_wh: u64,
    /// The meter's compact secp256k1 signature.
    pub signature: [u8; 64],
}

impl Pending {
    /// End of the interval (saturating).
    pub fn end(&self) -> u64 {
        self.interval_start
            .saturating_add(u64::from(self.interval_length))
    }

    /// The reading as the contract takes it.
    pub fn to_signed(&self, meter_id: &str) -> SignedReading {
        SignedReading {
            meter_id: meter_id.to_string(),
            sequence: self.sequence,
            interval_start: self.interval_start,
            interval_length: self.interval_length,
            energy_wh: self.energy_wh,
            register_wh: self.register_wh,
            signature: self.signature.to_vec().into(),
        }
    }

    /// A signed reading as kept in the outbox; `None` if its signature is not 64 bytes.
    pub fn from_signed(reading: &SignedReading) -> Option<Self> {
        Some(Pending {
            sequence: reading.sequence,
            interval_start: reading.interval_start,
            interval_length: reading.interval_length,
            energy_wh: reading.energy_wh,
            register_wh: reading.register_wh,
            signature: reading.signature.as_slice().try_into().ok()?,
        })
    }
}

/// One change of the outbox, as logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A signed reading enters the outbox (or replaces the pending one of the same sequence).
    Reading {
        /// Meter index.
        meter: u32,
        /// The reading.
        reading: Pending,
    },
    /// Every reading of `meter` up to `through` is on chain.
    Confirmed {
        /// Meter index.
        meter: u32,
        /// Highest sequence the chain has.
        through: u64,
    },
    /// The contract refused this reading for good; it is set aside.
    Dropped {
        /// Meter index.
        meter: u32,
        /// Its sequence.
        sequence: u64,
    },
}

fn checksum(len: &[u8], payload: &[u8]) -> [u8; SUM_BYTES] {
    let mut h = Sha256::new();
    h.update(CHECKSUM_TAG);
    h.update(len);
    h.update(payload);
    let digest = h.finalize();
    let mut out = [0u8; SUM_BYTES];
    out.copy_from_slice(&digest[..SUM_BYTES]);
    out
}

/// Appends the framed record of `change` to `buf`.
pub fn encode(change: &Change, buf: &mut Vec<u8>) {
    let mut payload = Vec::with_capacity(READING_PAYLOAD);
    match change {
        Change::Reading { meter, reading } => {
            payload.push(KIND_READING);
            payload.extend_from_slice(&meter.to_le_bytes());
            payload.extend_from_slice(&reading.sequence.to_le_bytes());
            payload.extend_from_slice(&reading.interval_start.to_le_bytes());
            payload.extend_from_slice(&reading.interval_length.to_le_bytes());
            payload.extend_from_slice(&reading.energy_wh.to_le_bytes());
            payload.extend_from_slice(&reading.register_wh.to_le_bytes());
            payload.extend_from_slice(&reading.signature);
        }
        Change::Confirmed { meter, through } => {
            payload.push(KIND_CONFIRMED);
            payload.extend_from_slice(&meter.to_le_bytes());
            payload.extend_from_slice(&through.to_le_bytes());
        }
        Change::Dropped { meter, sequence } => {
            payload.push(KIND_DROPPED);
            payload.extend_from_slice(&meter.to_le_bytes());
            payload.extend_from_slice(&sequence.to_le_bytes());
        }
    }
    let len = (payload.len() as u32).to_le_bytes();
    buf.extend_from_slice(&len);
    buf.extend_from_slice(&payload);
    buf.extend_from_slice(&checksum(&len, &payload));
}

/// Reads fixed-width little-endian integers off a payload.
struct Fields<'a>(&'a [u8]);

impl Fields<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let (head, rest) = self.0.split_at(N);
        self.0 = rest;
        let mut out = [0u8; N];
        out.copy_from_slice(head);
        out
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take())
    }
}

fn decode_payload(payload: &[u8]) -> Option<Change> {
    let (&kind, rest) = payload.split_first()?;
    let mut f = Fields(rest);
    match (kind, payload.len()) {
        (KIND_READING, READING_PAYLOAD) => {
            let meter = f.u32();
            let reading = Pending {
                sequence: f.u64(),
                interval_start: f.u64(),
                interval_length: f.u32(),
                energy_wh: f.u64(),
                register_wh: f.u64(),
                signature: f.take(),
            };
            Some(Change::Reading { meter, reading })
        }
        (KIND_CONFIRMED, MARK_PAYLOAD) => Some(Change::Confirmed {
            meter: f.u32(),
            through: f.u64(),
        }),
        (KIND_DROPPED, MARK_PAYLOAD) => Some(Change::Dropped {
            meter: f.u32(),
            sequence: f.u64(),
        }),
        _ => None,
    }
}

/// The record starting at `buf[0]`, with its length on disk; `None` if it is incomplete or
/// damaged.
pub(super) fn decode_frame(buf: &[u8]) -> Option<(Change, usize)> {
    let len_bytes = buf.get(..LEN_BYTES)?;
    let len = u32::from_le_bytes(len_bytes.try_into().ok()?) as usize;
    if len == 0 || len > READING_PAYLOAD {
        return None;
    }
    let payload = buf.get(LEN_BYTES..LEN_BYTES + len)?;
    let sum = buf.get(LEN_BYTES + len..LEN_BYTES + len + SUM_BYTES)?;
    if sum != checksum(len_bytes, payload) {
        return None;
    }
    Some((decode_payload(payload)?, LEN_BYTES + len + SUM_BYTES))
}

pub(super) fn header() -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[..8].copy_from_slice(MAGIC);
    h[8..].copy_from_slice(&VERSION.to_le_bytes());
    h
}
