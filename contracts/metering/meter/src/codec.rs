//! A compact binary encoding for the records every reading rewrites.
//!
//! Chain storage charges about 30 gas per byte written, ten times what it charges per byte
//! read, so the records on the reading path are not JSON: integers are LEB128 varints (a
//! half-hour's Wh or a sequence number takes one to three bytes instead of a quoted field
//! name and its digits). The layouts carry no version byte: a migration that changes one
//! moves the records to a new storage prefix. Today's bytes of every record are pinned by
//! `records::tests::todays_bytes_are_pinned`, so that deployed state stays readable.
//!
//! The `postcard-records` feature builds the contract with the records in postcard (serde
//! derives, a version byte) instead. It exists only so that `make bench` can weigh the two
//! encodings on the same readings in one run (`bench/src/codec.rs`); the hand-written codec
//! is the one deployed, because it measured cheaper (see bench/README.md).

// In the postcard build the hand-written codec is compiled but only the records' own
// encode/decode use it.
#![cfg_attr(feature = "postcard-records", allow(dead_code))]

use cosmwasm_std::{StdError, StdResult};

/// A record with a binary encoding.
pub trait Record: Sized + wire::Wire {
    /// Short name used in decoding errors.
    const NAME: &'static str;

    /// Appends the encoding to `out`.
    fn encode(&self, out: &mut Vec<u8>);

    /// Reads the record from `input`.
    fn decode(input: &mut Reader<'_>) -> StdResult<Self>;

    fn to_bytes(&self) -> StdResult<Vec<u8>> {
        wire::to_bytes(self)
    }

    fn from_bytes(bytes: &[u8]) -> StdResult<Self> {
        wire::from_bytes(bytes)
    }
}

#[cfg(not(feature = "postcard-records"))]
mod wire {
    use super::{Reader, Record};
    use cosmwasm_std::StdResult;

    /// No bound beyond [`Record`]'s own methods.
    pub trait Wire {}
    impl<T> Wire for T {}

    pub fn to_bytes<T: Record>(record: &T) -> StdResult<Vec<u8>> {
        let mut out = Vec::with_capacity(32);
        record.encode(&mut out);
        Ok(out)
    }

    pub fn from_bytes<T: Record>(bytes: &[u8]) -> StdResult<T> {
        let mut input = Reader::new(T::NAME, bytes);
        let record = T::decode(&mut input)?;
        input.finish()?;
        Ok(record)
    }
}

#[cfg(feature = "postcard-records")]
mod wire {
    use super::Record;
    use cosmwasm_std::{StdError, StdResult};
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    /// The serde derives postcard needs.
    pub trait Wire: Serialize + DeserializeOwned {}
    impl<T: Serialize + DeserializeOwned> Wire for T {}

    /// Leads every record, so that a later layout can be told apart.
    const VERSION: u8 = 1;

    pub fn to_bytes<T: Record>(record: &T) -> StdResult<Vec<u8>> {
        postcard::to_extend(record, vec![VERSION])
            .map_err(|e| StdError::serialize_err(T::NAME, e.to_string()))
    }

    pub fn from_bytes<T: Record>(bytes: &[u8]) -> StdResult<T> {
        match bytes.split_first() {
            Some((&VERSION, body)) => match postcard::take_from_bytes(body) {
                Ok((record, [])) => Ok(record),
                Ok(_) => Err(StdError::parse_err(T::NAME, "trailing bytes")),
                Err(e) => Err(StdError::parse_err(T::NAME, e.to_string())),
            },
            _ => Err(StdError::parse_err(T::NAME, "unknown record version")),
        }
    }
}

/// Appends `value` as an unsigned LEB128 varint.
pub fn put_u64(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value & 0x7f) as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends `value` zigzag-encoded, so that small negative numbers stay short.
pub fn put_i64(out: &mut Vec<u8>, value: i64) {
    put_u64(out, ((value << 1) ^ (value >> 63)) as u64);
}

/// Reads what the `put_*` functions wrote, refusing truncated or malformed input.
pub struct Reader<'a> {
    what: &'static str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(what: &'static str, bytes: &'a [u8]) -> Self {
        Reader {
            what,
            bytes,
            pos: 0,
        }
    }

    pub fn corrupt(&self, why: &str) -> StdError {
        StdError::parse_err(self.what, format!("{why} at byte {}", self.pos))
    }

    pub fn byte(&mut self) -> StdResult<u8> {
        match self.slice(1)? {
            [b] => Ok(*b),
            _ => Err(self.corrupt("truncated")),
        }
    }

    pub fn slice(&mut self, len: usize) -> StdResult<&'a [u8]> {
        let end = self
            .pos
            .checked_add(len)
            .ok_or_else(|| self.corrupt("length overflows"))?;
        let out = self
            .bytes
            .get(self.pos..end)
            .ok_or_else(|| self.corrupt("truncated"))?;
        self.pos = end;
        Ok(out)
    }

    pub fn u64(&mut self) -> StdResult<u64> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err(self.corrupt("varint overflows"));
            }
            value |= part << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.corrupt("varint too long"))
    }

    pub fn u32(&mut self) -> StdResult<u32> {
        let v = self.u64()?;
        u32::try_from(v).map_err(|_| self.corrupt("value exceeds u32"))
    }

    pub fn u16(&mut self) -> StdResult<u16> {
        let v = self.u64()?;
        u16::try_from(v).map_err(|_| self.corrupt("value exceeds u16"))
    }

    pub fn i64(&mut self) -> StdResult<i64> {
        let v = self.u64()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    pub fn i32(&mut self) -> StdResult<i32> {
        let v = self.i64()?;
        i32::try_from(v).map_err(|_| self.corrupt("value exceeds i32"))
    }

    pub fn bool(&mut self) -> StdResult<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.corrupt("bad flag")),
        }
    }

    /// Fails unless every byte was read.
    pub fn finish(self) -> StdResult<()> {
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(self.corrupt("trailing bytes"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_numbers_are_short() {
        let mut out = Vec::new();
        put_u64(&mut out, 127);
        assert_eq!(out, [127]);
        out.clear();
        put_u64(&mut out, 1_800);
        assert_eq!(out.len(), 2);
        out.clear();
        put_i64(&mut out, -60);
        assert_eq!(out, [119]);
    }

    #[test]
    fn malformed_input_is_refused() {
        assert!(Reader::new("x", &[0x80]).u64().is_err());
        assert!(Reader::new("x", &[0xff; 11]).u64().is_err());
        // The tenth byte may only carry the top bit of a u64.
        let mut max = vec![0xff; 9];
        max.push(0x01);
        assert_eq!(Reader::new("x", &max).u64().unwrap(), u64::MAX);
        max[9] = 0x02;
        assert!(Reader::new("x", &max).u64().is_err());
        assert!(Reader::new("x", &[1, 2]).finish().is_err());
    }

    proptest! {
        #[test]
        fn varints_round_trip(u: u64, i: i64) {
            let mut out = Vec::new();
            put_u64(&mut out, u);
            put_i64(&mut out, i);
            let mut r = Reader::new("x", &out);
            prop_assert_eq!(r.u64().unwrap(), u);
            prop_assert_eq!(r.i64().unwrap(), i);
            prop_assert!(r.finish().is_ok());
        }
    }
}
