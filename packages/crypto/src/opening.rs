//! A field's opening (salt and value) and its salted commitment.

use std::fmt;

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::CryptoError;
use crate::context::push_str;

/// First bytes hashed into every commitment.
pub const COMMITMENT_DOMAIN: &[u8] = b"ledger-crypto/commitment/v1";
/// Length of a commitment (SHA-256).
pub const COMMITMENT_LEN: usize = 32;
/// Length of a commitment's salt.
pub const SALT_LEN: usize = 32;

/// A fresh random salt.
pub fn random_salt() -> [u8; SALT_LEN] {
    let mut salt = [0u8; SALT_LEN];
    OsRng.fill_bytes(&mut salt);
    salt
}

/// The salted commitment of a field's value: SHA-256 of [`COMMITMENT_DOMAIN`], the field name
/// and the value (each prefixed with its length, 4 bytes big-endian) with the salt between them.
pub fn commit(field: &str, value: &str, salt: &[u8; SALT_LEN]) -> [u8; COMMITMENT_LEN] {
    let mut input = COMMITMENT_DOMAIN.to_vec();
    push_str(&mut input, field);
    input.extend_from_slice(salt);
    push_str(&mut input, value);
    let digest = Sha256::digest(&input);
    input.zeroize();
    digest.into()
}

/// Whether `commitment` is the commitment of `value` in `field` under `salt`.
pub fn verify_commitment(
    field: &str,
    value: &str,
    salt: &[u8; SALT_LEN],
    commitment: &[u8],
) -> bool {
    commit(field, value, salt).as_slice() == commitment
}

/// What is encrypted for a sensitive field: the commitment's salt and the value. It is wiped
/// from memory when dropped, and its `Debug` output shows neither part.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Opening {
    pub salt: [u8; SALT_LEN],
    pub value: String,
}

impl Opening {
    /// An opening of `value` with a fresh random salt.
    pub fn new(value: &str) -> Self {
        Opening {
            salt: random_salt(),
            value: value.to_string(),
        }
    }

    pub fn with_salt(value: &str, salt: [u8; SALT_LEN]) -> Self {
        Opening {
            salt,
            value: value.to_string(),
        }
    }

    /// The commitment the plan carries for this opening of `field`.
    pub fn commitment(&self, field: &str) -> [u8; COMMITMENT_LEN] {
        commit(field, &self.value, &self.salt)
    }

    /// Whether this opening matches `commitment` for `field`.
    pub fn verify(&self, field: &str, commitment: &[u8]) -> bool {
        verify_commitment(field, &self.value, &self.salt, commitment)
    }

    /// The bytes encrypted: salt, then the value's UTF-8.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(SALT_LEN + self.value.len());
        out.extend_from_slice(&self.salt);
        out.extend_from_slice(self.value.as_bytes());
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        if bytes.len() < SALT_LEN {
            return Err(CryptoError::MalformedOpening {
                reason: format!(
                    "{} bytes, shorter than the {SALT_LEN}-byte salt",
                    bytes.len()
                ),
            });
        }
        let (salt, value) = bytes.split_at(SALT_LEN);
        let value = std::str::from_utf8(value).map_err(|_| CryptoError::MalformedOpening {
            reason: "the value is not UTF-8 text".to_string(),
        })?;
        let mut out = Opening {
            salt: [0u8; SALT_LEN],
            value: value.to_string(),
        };
        out.salt.copy_from_slice(salt);
        Ok(out)
    }
}

impl fmt::Debug for Opening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Opening { .. }")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commitment_binds_field_value_and_salt() {
        let salt = [9u8; SALT_LEN];
        let c = commit("phone", "13800138000", &salt);
        assert!(verify_commitment("phone", "13800138000", &salt, &c));
        assert!(!verify_commitment("phone", "13800138001", &salt, &c));
        assert!(!verify_commitment("id_number", "13800138000", &salt, &c));
        assert!(!verify_commitment(
            "phone",
            "13800138000",
            &[8u8; SALT_LEN],
            &c
        ));
        assert!(!verify_commitment("phone", "13800138000", &salt, &c[..31]));
        assert_ne!(commit("phone", "1", &salt), commit("phon", "e1", &salt));
        assert_ne!(random_salt(), random_salt());
    }

    /// Computed independently with Python's hashlib from the construction above.
    #[test]
    fn known_answer() {
        let salt: [u8; SALT_LEN] = core::array::from_fn(|i| i as u8);
        assert_eq!(
            hex::encode(commit("borrower_name", "王芳", &salt)),
            KNOWN_COMMITMENT
        );
    }

    const KNOWN_COMMITMENT: &str =
        "0558e8fec4044b14c6debf95224d4a611dacb2c57ef3b848d78e4f245d7ff8dd";

    #[test]
    fn openings_round_trip_and_hide_themselves() {
        let opening = Opening::new("粤B12345");
        let bytes = opening.to_bytes();
        assert_eq!(bytes.len(), SALT_LEN + "粤B12345".len());
        assert_eq!(Opening::from_bytes(&bytes).unwrap(), opening);
        assert!(opening.verify("plate_number", &opening.commitment("plate_number")));
        assert_eq!(format!("{opening:?}"), "Opening { .. }");
        assert!(matches!(
            Opening::from_bytes(&bytes[..31]),
            Err(CryptoError::MalformedOpening { .. })
        ));
        let mut bad = bytes.clone();
        bad.push(0xff);
        assert!(matches!(
            Opening::from_bytes(&bad),
            Err(CryptoError::MalformedOpening { .. })
        ));
        assert_eq!(
            Opening::from_bytes(&[0u8; SALT_LEN]).unwrap().value,
            String::new()
        );
    }
}
