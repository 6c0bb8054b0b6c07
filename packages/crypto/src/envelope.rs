//! The ECIES envelope: ECDH on secp256k1, HKDF-SHA256, ChaCha20-Poly1305 (see the crate docs).

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, KeyInit, Nonce};
use hkdf::Hkdf;
use k256::{PublicKey, SecretKey};
use rand_core::{OsRng, RngCore};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::CryptoError;
use crate::keys::{PUBLIC_KEY_LEN, compressed, parse_public_key};

/// The envelope format this crate writes and reads.
pub const ENVELOPE_VERSION: u8 = 1;
/// HKDF's `info`: names the scheme, its version and the cipher the key is for.
pub const HKDF_INFO: &[u8] = b"ledger-crypto/ecies/v1/secp256k1-hkdf-sha256-chacha20poly1305";
/// Length of the AEAD nonce.
pub const NONCE_LEN: usize = 12;
/// Length of the AEAD tag.
pub const TAG_LEN: usize = 16;
const HEADER_LEN: usize = 1 + PUBLIC_KEY_LEN + NONCE_LEN;
/// What an envelope adds to its plaintext: version, ephemeral key, nonce and tag (62 bytes).
pub const ENVELOPE_OVERHEAD: usize = HEADER_LEN + TAG_LEN;

/// Encrypts `plaintext` to the holder of the secret key of `recipient` (a 33-byte compressed
/// public key), binding `aad`; the same `aad` is needed to decrypt. A fresh ephemeral key and
/// nonce are drawn for every call.
pub fn encrypt_to(recipient: &[u8], plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let recipient = parse_public_key(recipient)?;
    let ephemeral = SecretKey::random(&mut OsRng);
    let mut nonce = [0u8; NONCE_LEN];
    OsRng.fill_bytes(&mut nonce);
    seal(&recipient, &ephemeral, nonce, plaintext, aad)
}

/// Decrypts an envelope made by [`encrypt_to`] for the public key of `secret`, with the same
/// `aad`.
pub fn decrypt(
    secret: &SecretKey,
    envelope: &[u8],
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if envelope.len() < ENVELOPE_OVERHEAD {
        return Err(CryptoError::EnvelopeTooShort {
            len: envelope.len(),
            min: ENVELOPE_OVERHEAD,
        });
    }
    let (header, body) = envelope.split_at(HEADER_LEN);
    if header[0] != ENVELOPE_VERSION {
        return Err(CryptoError::UnsupportedVersion { version: header[0] });
    }
    let ephemeral_bytes = &header[1..1 + PUBLIC_KEY_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&header[1 + PUBLIC_KEY_LEN..]);
    let ephemeral = parse_public_key(ephemeral_bytes).map_err(|_| CryptoError::DecryptionFailed)?;
    let recipient = compressed(&secret.public_key());
    let key = derive_key(secret, &ephemeral, ephemeral_bytes, &recipient)?;
    let cipher = ChaCha20Poly1305::new(&Key::from(*key));
    let associated = associated_data(header, aad);
    cipher
        .decrypt(
            &Nonce::from(nonce),
            Payload {
                msg: body,
                aad: &associated,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::DecryptionFailed)
}

/// The envelope for a given ephemeral key and nonce: [`encrypt_to`] with its randomness
/// supplied, for known-answer tests. Never reuse an ephemeral key.
pub(crate) fn seal(
    recipient: &PublicKey,
    ephemeral: &SecretKey,
    nonce: [u8; NONCE_LEN],
    plaintext: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let ephemeral_public = compressed(&ephemeral.public_key());
    let recipient_bytes = compressed(recipient);
    let key = derive_key(ephemeral, recipient, &ephemeral_public, &recipient_bytes)?;

    let mut envelope = Vec::with_capacity(ENVELOPE_OVERHEAD + plaintext.len());
    envelope.push(ENVELOPE_VERSION);
    envelope.extend_from_slice(&ephemeral_public);
    envelope.extend_from_slice(&nonce);
    let associated = associated_data(&envelope, aad);
    let cipher = ChaCha20Poly1305::new(&Key::from(*key));
    let sealed = cipher
        .encrypt(
            &Nonce::from(nonce),
            Payload {
                msg: plaintext,
                aad: &associated,
            },
        )
        // Encryption fails only for plaintexts beyond the cipher's limit (256 GiB).
        .map_err(|_| CryptoError::PlaintextTooLong)?;
    envelope.extend_from_slice(&sealed);
    Ok(envelope)
}

/// HKDF-SHA256 over the ECDH x-coordinate, salted with both public keys.
fn derive_key(
    secret: &SecretKey,
    public: &PublicKey,
    ephemeral_public: &[u8],
    recipient_public: &[u8],
) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
    let shared = k256::ecdh::diffie_hellman(secret.to_nonzero_scalar(), public.as_affine());
    let mut salt = [0u8; 2 * PUBLIC_KEY_LEN];
    salt[..PUBLIC_KEY_LEN].copy_from_slice(ephemeral_public);
    salt[PUBLIC_KEY_LEN..].copy_from_slice(recipient_public);
    let hkdf = Hkdf::<Sha256>::new(Some(&salt), &shared.raw_secret_bytes()[..]);
    let mut key = Zeroizing::new([0u8; 32]);
    // HKDF refuses only outputs longer than 255 hashes; 32 bytes is one.
    hkdf.expand(HKDF_INFO, key.as_mut_slice())
        .map_err(|_| CryptoError::DecryptionFailed)?;
    Ok(key)
}

fn associated_data(header: &[u8], aad: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(header.len() + aad.len());
    out.extend_from_slice(header);
    out.extend_from_slice(aad);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{public_key_bytes, secret_key_from_bytes};

    fn key(byte: u8) -> SecretKey {
        secret_key_from_bytes(&[byte; 32]).unwrap()
    }

    #[test]
    fn a_message_round_trips_and_every_envelope_differs() {
        let secret = key(7);
        let public = public_key_bytes(&secret);
        let one = encrypt_to(&public, "张伟".as_bytes(), b"ctx").unwrap();
        let two = encrypt_to(&public, "张伟".as_bytes(), b"ctx").unwrap();
        assert_ne!(one, two, "fresh ephemeral key and nonce each time");
        assert_eq!(one.len(), ENVELOPE_OVERHEAD + "张伟".len());
        assert_eq!(one[0], ENVELOPE_VERSION);
        for envelope in [one, two] {
            assert_eq!(
                decrypt(&secret, &envelope, b"ctx").unwrap().as_slice(),
                "张伟".as_bytes()
            );
        }
        let empty = encrypt_to(&public, b"", b"").unwrap();
        assert_eq!(empty.len(), ENVELOPE_OVERHEAD);
        assert!(decrypt(&secret, &empty, b"").unwrap().is_empty());
    }

    #[test]
    fn the_wrong_key_fails() {
        let envelope = encrypt_to(&public_key_bytes(&key(7)), b"13800138000", b"ctx").unwrap();
        assert_eq!(
            decrypt(&key(8), &envelope, b"ctx"),
            Err(CryptoError::DecryptionFailed)
        );
    }

    #[test]
    fn any_changed_byte_fails() {
        let secret = key(7);
        let envelope = encrypt_to(&public_key_bytes(&secret), b"13800138000", b"ctx").unwrap();
        for i in 0..envelope.len() {
            let mut tampered = envelope.clone();
            tampered[i] ^= 0x01;
            let expected = if i == 0 {
                Err(CryptoError::UnsupportedVersion { version: 0 })
            } else {
                Err(CryptoError::DecryptionFailed)
            };
            assert_eq!(decrypt(&secret, &tampered, b"ctx"), expected, "byte {i}");
        }
        let mut longer = envelope.clone();
        longer.push(0);
        assert_eq!(
            decrypt(&secret, &longer, b"ctx"),
            Err(CryptoError::DecryptionFailed)
        );
        assert_eq!(
            decrypt(&secret, &envelope[..envelope.len() - 1], b"ctx"),
            Err(CryptoError::DecryptionFailed)
        );
        assert_eq!(
            decrypt(&secret, &envelope[..ENVELOPE_OVERHEAD - 1], b"ctx"),
            Err(CryptoError::EnvelopeTooShort {
                len: ENVELOPE_OVERHEAD - 1,
                min: ENVELOPE_OVERHEAD
            })
        );
    }

    #[test]
    fn a_different_aad_fails() {
        let secret = key(7);
        let envelope = encrypt_to(&public_key_bytes(&secret), b"13800138000", b"plan 1").unwrap();
        assert_eq!(
            decrypt(&secret, &envelope, b"plan 2"),
            Err(CryptoError::DecryptionFailed)
        );
        assert_eq!(
            decrypt(&secret, &envelope, b""),
            Err(CryptoError::DecryptionFailed)
        );
    }

    #[test]
    fn a_bad_recipient_key_is_refused() {
        assert_eq!(
            encrypt_to(&[2u8; 32], b"x", b""),
            Err(CryptoError::InvalidPublicKey)
        );
    }

    /// Fixed recipient key 0x11.., ephemeral key 0x22.., nonce 00 01 .. 0b. The expected
    /// envelope was computed independently with Python's `cryptography` package (ECDH on
    /// SECP256K1, HKDF-SHA256, ChaCha20Poly1305) from the construction in the crate docs.
    #[test]
    fn known_answer() {
        let recipient = key(0x11);
        let ephemeral = key(0x22);
        let nonce: [u8; NONCE_LEN] = core::array::from_fn(|i| i as u8);
        let envelope = seal(
            &recipient.public_key(),
            &ephemeral,
            nonce,
            "王芳 110101199003071234".as_bytes(),
            b"ledger-crypto known answer",
        )
        .unwrap();
        assert_eq!(hex::encode(&envelope), KNOWN_ENVELOPE);
        assert_eq!(
            hex::encode(public_key_bytes(&recipient)),
            KNOWN_RECIPIENT_PUBLIC
        );
        assert_eq!(
            decrypt(&recipient, &envelope, b"ledger-crypto known answer")
                .unwrap()
                .as_slice(),
            "王芳 110101199003071234".as_bytes()
        );
    }

    const KNOWN_RECIPIENT_PUBLIC: &str =
        "034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa";
    const KNOWN_ENVELOPE: &str = concat!(
        "01",
        "02466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f27",
        "000102030405060708090a0b",
        "710591c5a6dd5dc8711ad9881d6ea572a37216257414f408fbf44f7d84b16909a1ac6779400a9837d8",
    );
}
