//! Encryption key pairs on secp256k1.

use k256::PublicKey;
use k256::elliptic_curve::sec1::ToEncodedPoint;
use rand_core::OsRng;

use crate::CryptoError;

pub use k256::SecretKey;

/// Length of a public key on the wire: a compressed SEC1 point.
pub const PUBLIC_KEY_LEN: usize = 33;

/// A fresh secret key from the operating system's random source.
pub fn generate_secret_key() -> SecretKey {
    SecretKey::random(&mut OsRng)
}

/// A secret key from its 32 big-endian bytes (as a key store keeps it).
pub fn secret_key_from_bytes(bytes: &[u8]) -> Result<SecretKey, CryptoError> {
    if bytes.len() != 32 {
        return Err(CryptoError::InvalidSecretKey);
    }
    SecretKey::from_slice(bytes).map_err(|_| CryptoError::InvalidSecretKey)
}

/// The public key of `secret`, compressed (what is registered on chain).
pub fn public_key_bytes(secret: &SecretKey) -> [u8; PUBLIC_KEY_LEN] {
    compressed(&secret.public_key())
}

/// A registered public key: exactly 33 bytes, a point on the curve.
pub fn parse_public_key(bytes: &[u8]) -> Result<PublicKey, CryptoError> {
    if bytes.len() != PUBLIC_KEY_LEN || !matches!(bytes[0], 0x02 | 0x03) {
        return Err(CryptoError::InvalidPublicKey);
    }
    PublicKey::from_sec1_bytes(bytes).map_err(|_| CryptoError::InvalidPublicKey)
}

pub(crate) fn compressed(key: &PublicKey) -> [u8; PUBLIC_KEY_LEN] {
    let point = key.to_encoded_point(true);
    let mut out = [0u8; PUBLIC_KEY_LEN];
    out.copy_from_slice(point.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_bad_keys_are_refused() {
        let secret = generate_secret_key();
        let public = public_key_bytes(&secret);
        assert!(matches!(public[0], 0x02 | 0x03));
        assert_eq!(compressed(&parse_public_key(&public).unwrap()), public);
        let again = secret_key_from_bytes(&secret.to_bytes()).unwrap();
        assert_eq!(public_key_bytes(&again), public);

        let uncompressed = secret.public_key().to_encoded_point(false);
        assert_eq!(
            parse_public_key(uncompressed.as_bytes()),
            Err(CryptoError::InvalidPublicKey)
        );
        assert_eq!(
            parse_public_key(&public[..32]),
            Err(CryptoError::InvalidPublicKey)
        );
        // x = 5 is not on secp256k1 (5^3 + 7 = 132 is not a square modulo p).
        let mut off_curve = [0u8; 33];
        off_curve[0] = 0x02;
        off_curve[32] = 5;
        assert_eq!(
            parse_public_key(&off_curve),
            Err(CryptoError::InvalidPublicKey)
        );
        assert_eq!(
            secret_key_from_bytes(&[0u8; 32]),
            Err(CryptoError::InvalidSecretKey)
        );
        assert_eq!(
            secret_key_from_bytes(&[1u8; 31]),
            Err(CryptoError::InvalidSecretKey)
        );
        assert_eq!(
            secret_key_from_bytes(&[0xff; 32]),
            Err(CryptoError::InvalidSecretKey)
        );
    }
}
