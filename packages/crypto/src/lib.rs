//! Client-side cryptography of the loan-share flow and of cloud leases' private terms:
//! borrowers' sensitive fields (and the terms only two organisations of a lease should read) are
//! encrypted on the client's machine and only ever reach the chain as ciphertext and
//! commitments.
//!
//! Everything here is built from RustCrypto crates (`k256` for secp256k1 and ECDH, `hkdf` and
//! `sha2` for HKDF-SHA256 and SHA-256, `chacha20poly1305` for the AEAD); no primitive is written
//! by hand. The contract never sees any of it: to the chain a ciphertext is opaque bytes and a
//! commitment 32 bytes.
//!
//! # Keys
//! A lender's encryption key is a secp256k1 key pair ([`generate_secret_key`]); the public half
//! is registered on chain as a 33-byte compressed SEC1 point ([`public_key_bytes`]). It is a key
//! for encryption only; lenders should not reuse their account's signing key.
//!
//! # Envelope (ECIES), version 1
//! [`encrypt_to`] makes a fresh ephemeral key pair for every message and writes
//!
//! ```text
//! 0x01 || ephemeral public key (33, compressed) || nonce (12) || ciphertext || tag (16)
//! ```
//!
//! - shared secret: the x-coordinate of ECDH(ephemeral secret, recipient public key);
//! - key: HKDF-SHA256 with the shared secret as input key material, salt = ephemeral public key
//!   || recipient public key (both compressed), info = [`HKDF_INFO`], 32 bytes out;
//! - cipher: ChaCha20-Poly1305 with a random 96-bit nonce; its associated data is the envelope
//!   header (version, ephemeral key, nonce) followed by the caller's `aad`.
//!
//! Every byte of the envelope is thus authenticated, and the key is bound to both public keys
//! and to the version. Decryption fails, without saying why, for a wrong key, any changed byte
//! or a different `aad`. The envelope adds [`ENVELOPE_OVERHEAD`] bytes to the plaintext.
//!
//! # What the associated data binds ([`Context`])
//! A ciphertext is bound to where it belongs, so that it cannot be moved to another plan,
//! field or confirmation and still decrypt:
//!
//! - the contributor's own copy in a plan ([`Context::PlanField`]) binds the contract, the
//!   contributor, the asset id and the field name. The plan id does not exist yet when the
//!   contributor encrypts; the contract keeps (contributor, asset id) unique and maps it to
//!   exactly one plan id, so binding it binds the plan;
//! - a disclosure ([`Context::Disclosure`]) binds the contract, the plan id, the confirmation
//!   id, the participant and the field name;
//! - a cloud lease's private terms ([`Context::LeaseTerms`]) bind the cloud-federation
//!   contract and the lease id; they are committed under the field name
//!   [`LEASE_TERMS_FIELD`]. The same opening is sealed once to each organisation of the
//!   lease, under the same context.
//!
//! # Field openings and commitments
//! A sensitive field is encrypted as its *opening* ([`Opening`]): a random 32-byte salt followed
//! by the value's UTF-8 bytes. The plan carries [`commit`]`(field, value, salt)` =
//! SHA-256([`COMMITMENT_DOMAIN`] || len(field) || field || salt || len(value) || value), lengths
//! as 4-byte big-endian. The salt keeps short values (phone numbers, identity numbers) from being
//! found by trying every candidate; the domain string and the lengths keep a commitment of one
//! field from matching another. A participant who decrypts a disclosure gets the salt with the
//! value and checks the commitment of the plan ([`open_field_verified`]); a mismatch is an
//! error, never a value.
//!
//! # Re-encryption
//! After a confirmation the contributor opens its own copy and seals the same opening (same
//! salt, same value) to the participant's key under the disclosure context ([`reseal_field`]).

mod context;
mod envelope;
mod error;
mod fields;
mod keys;
mod opening;

pub use context::{AAD_DOMAIN, Context, LEASE_TERMS_FIELD};
pub use envelope::{
    ENVELOPE_OVERHEAD, ENVELOPE_VERSION, HKDF_INFO, NONCE_LEN, TAG_LEN, decrypt, encrypt_to,
};
pub use error::CryptoError;
pub use fields::{open_field, open_field_verified, reseal_field, seal_field};
pub use keys::{
    PUBLIC_KEY_LEN, SecretKey, generate_secret_key, parse_public_key, public_key_bytes,
    secret_key_from_bytes,
};
pub use opening::{
    COMMITMENT_DOMAIN, COMMITMENT_LEN, Opening, SALT_LEN, commit, random_salt, verify_commitment,
};
