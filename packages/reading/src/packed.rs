//! Packed readings: a batch of signed readings in a compact binary form, for the meter
//! contract's `SubmitPackedReadings`.
//!
//! A reading in JSON is about 230 bytes, its signature alone 88 characters of base64; the
//! chain charges every transaction byte, and the contract parses JSON slowly. Packed, the same
//! reading is about 90 bytes, and the contract decodes it without a JSON parser. The packing is
//! only the transport: the signature covers the same [`crate::signing_bytes`], so a meter signs
//! exactly as before, and whoever submits (a gateway) may pack or not.
//!
//! The layout is [postcard](https://postcard.jamesmunns.com/wire-format)'s: a documented,
//! stable wire format of LEB128 varints, which a meter or integrator outside Rust can write in
//! a few lines. A batch is:
//!
//! ```text
//! version (one byte, 1)
//! count   (varint)
//! count × { meter_id (varint length, UTF-8 bytes), sequence (varint), interval_start (varint),
//!           interval_length (varint), energy_wh (varint), register_wh (varint),
//!           signature (varint length 64, 64 bytes) }
//! ```
//!
//! Postcard is chosen over a hand-written codec for that documentation, and because the
//! meter contract already builds with it for the benchmark's record-encoding comparison.

use cosmwasm_std::Binary;
use serde::{Deserialize, Serialize};

use crate::{MAX_METER_ID_LEN, SignedReading};

/// The layout's version: the first byte of every packed batch.
pub const PACKED_VERSION: u8 = 1;

/// Length of a reading's signature (compact secp256k1, r || s).
pub const SIGNATURE_LEN: usize = 64;

/// Why a packed batch cannot be read, or a batch cannot be packed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackError {
    /// Nothing at all: not even the version byte.
    Empty,
    /// A version this code does not know.
    UnknownVersion(u8),
    /// The bytes are not a batch of this layout (truncated, a varint too long, invalid UTF-8,
    /// bytes left over after the last reading).
    Malformed(String),
    /// A meter id that is empty or longer than [`MAX_METER_ID_LEN`] bytes.
    MeterId(String),
    /// A signature that is not [`SIGNATURE_LEN`] bytes.
    SignatureLength { meter_id: String, len: usize },
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackError::Empty => f.write_str("no bytes: a packed batch starts with its version"),
            PackError::UnknownVersion(v) => write!(
                f,
                "unknown packed-readings version {v}; this contract reads version {PACKED_VERSION}"
            ),
            PackError::Malformed(why) => write!(f, "not a packed batch of readings: {why}"),
            PackError::MeterId(id) => write!(
                f,
                "meter id \"{id}\" must be 1 to {MAX_METER_ID_LEN} bytes long"
            ),
            PackError::SignatureLength { meter_id, len } => write!(
                f,
                "the signature of a reading of meter {meter_id} is {len} bytes, not {SIGNATURE_LEN}"
            ),
        }
    }
}

impl std::error::Error for PackError {}

/// One reading as it is packed: borrowed, so that unpacking copies each field once.
#[derive(Serialize, Deserialize)]
struct Packed<'a> {
    meter_id: &'a str,
    sequence: u64,
    interval_start: u64,
    interval_length: u32,
    energy_wh: u64,
    register_wh: u64,
    signature: &'a [u8],
}

/// Packs `readings` in order. Refuses what no contract would read back: a meter id out of
/// bounds or a signature of another length.
pub fn pack(readings: &[SignedReading]) -> Result<Vec<u8>, PackError> {
    let packed = readings
        .iter()
        .map(|r| {
            check(&r.meter_id, r.signature.len())?;
            Ok(Packed {
                meter_id: &r.meter_id,
                sequence: r.sequence,
                interval_start: r.interval_start,
                interval_length: r.interval_length,
                energy_wh: r.energy_wh,
                register_wh: r.register_wh,
                signature: r.signature.as_slice(),
            })
        })
        .collect::<Result<Vec<_>, PackError>>()?;
    postcard::to_extend(&packed, vec![PACKED_VERSION])
        .map_err(|e| PackError::Malformed(e.to_string()))
}

/// The readings of a packed batch, in order. Every byte must belong to a reading.
pub fn unpack(bytes: &[u8]) -> Result<Vec<SignedReading>, PackError> {
    let (&version, body) = bytes.split_first().ok_or(PackError::Empty)?;
    if version != PACKED_VERSION {
        return Err(PackError::UnknownVersion(version));
    }
    let (packed, rest): (Vec<Packed<'_>>, &[u8]) =
        postcard::take_from_bytes(body).map_err(|e| PackError::Malformed(e.to_string()))?;
    if !rest.is_empty() {
        return Err(PackError::Malformed(format!(
            "{} bytes after the last reading",
            rest.len()
        )));
    }
    packed
        .into_iter()
        .map(|p| {
            check(p.meter_id, p.signature.len())?;
            Ok(SignedReading {
                meter_id: p.meter_id.to_owned(),
                sequence: p.sequence,
                interval_start: p.interval_start,
                interval_length: p.interval_length,
                energy_wh: p.energy_wh,
                register_wh: p.register_wh,
                signature: Binary::from(p.signature),
            })
        })
        .collect()
}

fn check(meter_id: &str, signature_len: usize) -> Result<(), PackError> {
    if meter_id.is_empty() || meter_id.len() > MAX_METER_ID_LEN {
        return Err(PackError::MeterId(meter_id.to_owned()));
    }
    if signature_len != SIGNATURE_LEN {
        return Err(PackError::SignatureLength {
            meter_id: meter_id.to_owned(),
            len: signature_len,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample(sig: u8) -> SignedReading {
        SignedReading {
            meter_id: "m-1".into(),
            sequence: 7,
            interval_start: 1_793_491_200,
            interval_length: 1_800,
            energy_wh: 412,
            register_wh: 10_412,
            signature: Binary::from(vec![sig; 64]),
        }
    }

    /// The layout is a wire format: these bytes must never change silently.
    #[test]
    fn todays_bytes_are_pinned() {
        let bytes = pack(&[sample(0xab)]).unwrap();
        let mut expected = vec![1, 1, 3];
        expected.extend_from_slice(b"m-1");
        expected.push(7);
        expected.extend_from_slice(&[0x80, 0x82, 0x9a, 0xd7, 0x06]); // 1_793_491_200
        expected.extend_from_slice(&[0x88, 0x0e]); // 1_800
        expected.extend_from_slice(&[0x9c, 0x03]); // 412
        expected.extend_from_slice(&[0xac, 0x51]); // 10_412
        expected.push(64);
        expected.extend_from_slice(&[0xab; 64]);
        assert_eq!(bytes, expected);
        assert_eq!(bytes.len(), 83);
        assert_eq!(unpack(&bytes).unwrap(), vec![sample(0xab)]);
    }

    #[test]
    fn what_is_not_a_batch_is_refused_by_its_reason() {
        assert_eq!(unpack(&[]), Err(PackError::Empty));
        let good = pack(&[sample(1), sample(2)]).unwrap();
        let mut other = good.clone();
        other[0] = 2;
        assert_eq!(unpack(&other), Err(PackError::UnknownVersion(2)));
        for cut in 1..good.len() {
            assert!(
                matches!(unpack(&good[..cut]), Err(PackError::Malformed(_))),
                "cut at {cut}"
            );
        }
        let mut longer = good.clone();
        longer.push(0);
        assert_eq!(
            unpack(&longer),
            Err(PackError::Malformed(
                "1 bytes after the last reading".into()
            ))
        );
        // A count far beyond the bytes fails on the missing readings, without allocating it.
        assert!(matches!(
            unpack(&[1, 0xff, 0xff, 0xff, 0xff, 0x0f]),
            Err(PackError::Malformed(_))
        ));
    }

    #[test]
    fn ids_and_signatures_out_of_bounds_are_neither_packed_nor_read() {
        let mut short_sig = sample(1);
        short_sig.signature = Binary::from(vec![1; 63]);
        let refused = PackError::SignatureLength {
            meter_id: "m-1".into(),
            len: 63,
        };
        assert_eq!(pack(&[short_sig]), Err(refused.clone()));
        let mut bytes = pack(&[sample(1)]).unwrap();
        let sig_len_at = bytes.len() - 65;
        bytes[sig_len_at] = 63;
        bytes.pop();
        assert_eq!(unpack(&bytes), Err(refused));

        let mut long_id = sample(1);
        long_id.meter_id = "x".repeat(MAX_METER_ID_LEN + 1);
        assert!(matches!(pack(&[long_id]), Err(PackError::MeterId(_))));
        let mut empty_id = pack(&[sample(1)]).unwrap();
        empty_id[2] = 0;
        empty_id.drain(3..6);
        assert_eq!(unpack(&empty_id), Err(PackError::MeterId(String::new())));
    }

    proptest! {
        #[test]
        fn a_batch_reads_back_as_it_was_packed(
            readings in proptest::collection::vec(
                ("[a-z0-9-]{1,64}", any::<u64>(), any::<u64>(), any::<u32>(), any::<u64>(), any::<u64>(), any::<[u8; 32]>()),
                0..20,
            )
        ) {
            let readings: Vec<SignedReading> = readings
                .into_iter()
                .map(|(id, seq, start, len, e, reg, half)| SignedReading {
                    meter_id: id,
                    sequence: seq,
                    interval_start: start,
                    interval_length: len,
                    energy_wh: e,
                    register_wh: reg,
                    signature: Binary::from([half, half].concat()),
                })
                .collect();
            let bytes = pack(&readings).unwrap();
            prop_assert_eq!(unpack(&bytes).unwrap(), readings);
        }

        /// Whatever the bytes, unpacking answers without a panic, and what it reads packs
        /// back to readings equal to it.
        #[test]
        fn any_bytes_unpack_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            if let Ok(readings) = unpack(&bytes) {
                let again = pack(&readings).unwrap();
                prop_assert_eq!(unpack(&again).unwrap(), readings);
            }
        }
    }
}
