//! The canonical signed usage record of a provider's metering agent.
//!
//! The agent signs the SHA-256 digest of [`signing_bytes`], built the way a meter's reading is
//! (`ledger-reading`): a domain tag, the chain id and the cloud contract's address (so that a
//! signature is worthless on any other chain or contract), then the record's fields in a fixed
//! order, integers as big-endian `u64`, strings prefixed with their length as a big-endian
//! `u16`. Not JSON: the bytes must be identical in the agent and in the contract.
//!
//! ```text
//! "obligation-ledger/cloud-usage/v1" || len(chain_id) chain_id || len(contract) contract
//!   || lease_id || sequence || gb || period_start || period_end
//! ```
//!
//! Signatures are 64-byte compact secp256k1 ECDSA (r || s) with a low S, what the chain's
//! `secp256k1_verify` checks.

use sha2::{Digest, Sha256};

use super::SignedUsage;

/// Domain tag that opens every signed usage record; the version changes if the layout does.
pub const DOMAIN_TAG: &[u8] = b"obligation-ledger/cloud-usage/v1";

fn push_str(out: &mut Vec<u8>, value: &str) {
    // Chain ids and addresses are far below 64 KiB; a longer one is cut to its length's low
    // 16 bits only in the prefix, which then cannot match what the contract builds.
    out.extend_from_slice(&(value.len() as u16).to_be_bytes());
    out.extend_from_slice(value.as_bytes());
}

/// The exact bytes whose SHA-256 digest the agent signs.
pub fn signing_bytes(chain_id: &str, contract: &str, record: &SignedUsage) -> Vec<u8> {
    let mut out = Vec::with_capacity(DOMAIN_TAG.len() + 4 + chain_id.len() + contract.len() + 40);
    out.extend_from_slice(DOMAIN_TAG);
    push_str(&mut out, chain_id);
    push_str(&mut out, contract);
    for field in [
        record.lease_id,
        record.sequence,
        record.gb,
        record.period_start,
        record.period_end,
    ] {
        out.extend_from_slice(&field.to_be_bytes());
    }
    out
}

/// The digest the agent signs for this chain and contract (the signature is not part of it).
pub fn digest(chain_id: &str, contract: &str, record: &SignedUsage) -> [u8; 32] {
    Sha256::digest(signing_bytes(chain_id, contract, record)).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Binary;

    fn record() -> SignedUsage {
        SignedUsage {
            lease_id: 7,
            sequence: 2,
            gb: 30,
            period_start: 1_000,
            period_end: 4_600,
            signature: Binary::from(vec![1u8; 64]),
        }
    }

    #[test]
    fn the_layout_is_fixed() {
        let bytes = signing_bytes("c", "wasm1x", &record());
        let mut expected = DOMAIN_TAG.to_vec();
        expected.extend_from_slice(&[0, 1, b'c', 0, 6]);
        expected.extend_from_slice(b"wasm1x");
        for n in [7u64, 2, 30, 1_000, 4_600] {
            expected.extend_from_slice(&n.to_be_bytes());
        }
        assert_eq!(bytes, expected);
    }

    #[test]
    fn every_field_and_the_place_change_the_digest_but_the_signature_does_not() {
        let base = digest("c", "wasm1x", &record());
        let mut resigned = record();
        resigned.signature = Binary::from(vec![2u8; 64]);
        assert_eq!(digest("c", "wasm1x", &resigned), base);
        assert_ne!(digest("d", "wasm1x", &record()), base);
        assert_ne!(digest("c", "wasm1y", &record()), base);
        let changes: [fn(&mut SignedUsage); 5] = [
            |r| r.lease_id += 1,
            |r| r.sequence += 1,
            |r| r.gb += 1,
            |r| r.period_start += 1,
            |r| r.period_end += 1,
        ];
        for change in changes {
            let mut other = record();
            change(&mut other);
            assert_ne!(digest("c", "wasm1x", &other), base);
        }
    }
}
