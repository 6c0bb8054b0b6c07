//! Signing and verifying readings off chain (meter client, tests).

use k256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use k256::ecdsa::{Signature, SigningKey, VerifyingKey};

use crate::{Reading, SignedReading};

/// A meter's secp256k1 key.
pub struct MeterKey {
    key: SigningKey,
}

impl MeterKey {
    /// A fresh random key from the operating system's generator.
    pub fn generate() -> Self {
        MeterKey {
            key: SigningKey::random(&mut rand_core::OsRng),
        }
    }

    /// The key whose secret scalar is `bytes` (32 bytes, big-endian).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, k256::ecdsa::Error> {
        Ok(MeterKey {
            key: SigningKey::from_slice(bytes)?,
        })
    }

    /// The secret scalar, for encrypted storage.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.key.to_bytes().into()
    }

    /// The 33-byte compressed public key, as registered on chain.
    pub fn public_key(&self) -> [u8; 33] {
        let point = self.key.verifying_key().to_encoded_point(true);
        let mut out = [0u8; 33];
        out.copy_from_slice(point.as_bytes());
        out
    }

    /// Signs a reading for the given chain and meter contract.
    pub fn sign(&self, chain_id: &str, contract: &str, reading: Reading) -> SignedReading {
        let digest = reading.digest(chain_id, contract);
        SignedReading::new(reading, self.sign_digest(&digest).to_vec())
    }

    /// The 64-byte compact signature (r || s, low S) of a SHA-256 digest, what the chain's
    /// `secp256k1_verify` checks: for records other than readings that are signed the same
    /// way (a cloud metering agent's usage records).
    pub fn sign_digest(&self, digest: &[u8; 32]) -> [u8; 64] {
        let sig: Signature = self
            .key
            .sign_prehash(digest)
            .unwrap_or_else(|_| unreachable!("a 32-byte prehash is always signable"));
        let sig = sig.normalize_s().unwrap_or(sig);
        sig.to_bytes().into()
    }
}

/// Checks a signed reading against a compressed public key, as the contract does.
pub fn verify(chain_id: &str, contract: &str, reading: &SignedReading, pubkey: &[u8]) -> bool {
    verify_digest(
        &reading.digest(chain_id, contract),
        reading.signature.as_slice(),
        pubkey,
    )
}

/// Checks a 64-byte compact signature of a SHA-256 digest against a compressed public key,
/// as the chain's `secp256k1_verify` does.
pub fn verify_digest(digest: &[u8; 32], signature: &[u8], pubkey: &[u8]) -> bool {
    let Ok(key) = VerifyingKey::from_sec1_bytes(pubkey) else {
        return false;
    };
    let Ok(sig) = Signature::from_slice(signature) else {
        return false;
    };
    key.verify_prehash(digest, &sig).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading() -> Reading {
        Reading {
            meter_id: "m-1".into(),
            sequence: 1,
            interval_start: 100,
            interval_length: 900,
            energy_wh: 5,
            register_wh: 5,
        }
    }

    #[test]
    fn sign_and_verify() {
        let key = MeterKey::generate();
        let signed = key.sign("c-1", "wasm1x", reading());
        assert_eq!(signed.signature.len(), 64);
        assert!(verify("c-1", "wasm1x", &signed, &key.public_key()));
        assert!(!verify("c-2", "wasm1x", &signed, &key.public_key()));
        let other = MeterKey::generate();
        assert!(!verify("c-1", "wasm1x", &signed, &other.public_key()));
        let restored = MeterKey::from_bytes(&key.to_bytes()).unwrap();
        assert_eq!(restored.public_key(), key.public_key());
    }
}
