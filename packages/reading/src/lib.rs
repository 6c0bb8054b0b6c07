//! The canonical signed meter reading.
//!
//! A meter signs the SHA-256 digest of [`signing_bytes`]: a fixed domain tag, then the chain id
//! and the meter contract's address (so a signature is worthless on any other chain or
//! contract), then the reading's fields in a fixed order and width. Strings are prefixed with
//! their length as a big-endian `u16`; integers are big-endian. The encoding is deliberately
//! not JSON: it must be byte-identical on a Raspberry Pi and inside the contract, whatever a
//! serializer does with field order or whitespace.
//!
//! Signatures are 64-byte compact secp256k1 ECDSA (r || s) with a low S, which is what both
//! k256 and the chain's `secp256k1_verify` expect.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::Binary;
use sha2::{Digest, Sha256};

pub mod packed;
#[cfg(feature = "signer")]
pub mod signer;

/// Domain tag that opens every signed message; the version changes if the layout does.
pub const DOMAIN_TAG: &[u8] = b"obligation-ledger/meter-reading/v1";

/// Longest meter id the ledger accepts.
pub const MAX_METER_ID_LEN: usize = 64;

/// One interval's consumption as a meter measured it.
#[cw_serde]
pub struct Reading {
    pub meter_id: String,
    /// Strictly increasing per meter; refuses replays and reordering.
    pub sequence: u64,
    /// Start of the measured interval, unix seconds.
    pub interval_start: u64,
    /// Length of the interval in seconds.
    pub interval_length: u32,
    /// Energy consumed in the interval, watt-hours.
    pub energy_wh: u64,
    /// The meter's cumulative register at the end of the interval, watt-hours.
    pub register_wh: u64,
}

/// A reading with the meter's signature over its canonical encoding.
#[cw_serde]
pub struct SignedReading {
    pub meter_id: String,
    pub sequence: u64,
    pub interval_start: u64,
    pub interval_length: u32,
    pub energy_wh: u64,
    pub register_wh: u64,
    /// 64-byte compact secp256k1 signature over [`digest`].
    pub signature: Binary,
}

impl SignedReading {
    /// Joins a reading and its signature.
    pub fn new(reading: Reading, signature: impl Into<Binary>) -> Self {
        SignedReading {
            meter_id: reading.meter_id,
            sequence: reading.sequence,
            interval_start: reading.interval_start,
            interval_length: reading.interval_length,
            energy_wh: reading.energy_wh,
            register_wh: reading.register_wh,
            signature: signature.into(),
        }
    }

    /// The reading without its signature.
    pub fn reading(&self) -> Reading {
        Reading {
            meter_id: self.meter_id.clone(),
            sequence: self.sequence,
            interval_start: self.interval_start,
            interval_length: self.interval_length,
            energy_wh: self.energy_wh,
            register_wh: self.register_wh,
        }
    }

    /// The digest the signature must cover on this chain and contract.
    pub fn digest(&self, chain_id: &str, contract: &str) -> [u8; 32] {
        digest_fields(
            chain_id,
            contract,
            &self.meter_id,
            self.sequence,
            self.interval_start,
            self.interval_length,
            self.energy_wh,
            self.register_wh,
        )
    }
}

impl Reading {
    /// The digest a meter signs for this chain and contract.
    pub fn digest(&self, chain_id: &str, contract: &str) -> [u8; 32] {
        Sha256::digest(signing_bytes(chain_id, contract, self)).into()
    }
}

/// The exact bytes whose SHA-256 digest a meter signs.
pub fn signing_bytes(chain_id: &str, contract: &str, reading: &Reading) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        DOMAIN_TAG.len() + 6 + chain_id.len() + contract.len() + reading.meter_id.len() + 36,
    );
    out.extend_from_slice(DOMAIN_TAG);
    push_str(&mut out, chain_id);
    push_str(&mut out, contract);
    push_str(&mut out, &reading.meter_id);
    out.extend_from_slice(&reading.sequence.to_be_bytes());
    out.extend_from_slice(&reading.interval_start.to_be_bytes());
    out.extend_from_slice(&reading.interval_length.to_be_bytes());
    out.extend_from_slice(&reading.energy_wh.to_be_bytes());
    out.extend_from_slice(&reading.register_wh.to_be_bytes());
    out
}

#[allow(clippy::too_many_arguments)]
fn digest_fields(
    chain_id: &str,
    contract: &str,
    meter_id: &str,
    sequence: u64,
    interval_start: u64,
    interval_length: u32,
    energy_wh: u64,
    register_wh: u64,
) -> [u8; 32] {
    // Hashes field by field so the contract does not clone the meter id per reading.
    let mut h = Sha256::new();
    h.update(DOMAIN_TAG);
    hash_str(&mut h, chain_id);
    hash_str(&mut h, contract);
    hash_str(&mut h, meter_id);
    h.update(sequence.to_be_bytes());
    h.update(interval_start.to_be_bytes());
    h.update(interval_length.to_be_bytes());
    h.update(energy_wh.to_be_bytes());
    h.update(register_wh.to_be_bytes());
    h.finalize().into()
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    // Lengths above u16::MAX cannot occur for chain ids, addresses or meter ids the contracts
    // accept; saturating keeps the function total without a panic path.
    let len = u16::try_from(s.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn hash_str(h: &mut Sha256, s: &str) {
    let len = u16::try_from(s.len()).unwrap_or(u16::MAX);
    h.update(len.to_be_bytes());
    h.update(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Reading {
        Reading {
            meter_id: "m-1".into(),
            sequence: 7,
            interval_start: 1_793_491_200,
            interval_length: 1_800,
            energy_wh: 412,
            register_wh: 10_412,
        }
    }

    /// A fixed vector: the layout is a wire format and must never change silently.
    #[test]
    fn encoding_is_stable() {
        let bytes = signing_bytes("ledger-1", "wasm1c", &sample());
        let mut expected = DOMAIN_TAG.to_vec();
        expected.extend_from_slice(&[0, 8]);
        expected.extend_from_slice(b"ledger-1");
        expected.extend_from_slice(&[0, 6]);
        expected.extend_from_slice(b"wasm1c");
        expected.extend_from_slice(&[0, 3]);
        expected.extend_from_slice(b"m-1");
        expected.extend_from_slice(&7u64.to_be_bytes());
        expected.extend_from_slice(&1_793_491_200u64.to_be_bytes());
        expected.extend_from_slice(&1_800u32.to_be_bytes());
        expected.extend_from_slice(&412u64.to_be_bytes());
        expected.extend_from_slice(&10_412u64.to_be_bytes());
        assert_eq!(bytes, expected);
    }

    #[test]
    fn chain_and_contract_are_bound() {
        let r = sample();
        assert_ne!(
            r.digest("ledger-1", "wasm1a"),
            r.digest("ledger-2", "wasm1a")
        );
        assert_ne!(
            r.digest("ledger-1", "wasm1a"),
            r.digest("ledger-1", "wasm1b")
        );
    }

    proptest! {
        #[test]
        fn streaming_digest_matches_encoding(seq: u64, start: u64, len: u32, e: u64, reg: u64, id in "[a-z0-9-]{1,64}") {
            let r = Reading { meter_id: id, sequence: seq, interval_start: start, interval_length: len, energy_wh: e, register_wh: reg };
            let signed = SignedReading::new(r.clone(), vec![0u8; 64]);
            prop_assert_eq!(signed.digest("c", "a"), r.digest("c", "a"));
            prop_assert_eq!(signed.reading(), r);
        }
    }
}
