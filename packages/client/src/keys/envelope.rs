//! The encrypted key file: a 32-byte secp256k1 secret sealed with a key derived from a
//! passphrase.
//!
//! * KDF: Argon2id (RFC 9106) with a random 16-byte salt. Defaults are OWASP's recommended
//!   minimum for Argon2id (19 MiB of memory, 2 passes, 1 lane), cheap enough for a Raspberry Pi
//!   and expensive for anyone guessing passphrases offline.
//! * Cipher: XChaCha20-Poly1305 with a random 24-byte nonce. Its 192-bit nonce makes random
//!   nonces safe without a counter, and Poly1305 authenticates, so a wrong passphrase (or an
//!   edited file) is detected instead of yielding a wrong key.
//! * The name, address and public key in the file are bound to the ciphertext as associated
//!   data: changing any of them makes decryption fail.

use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::KeyError;

/// Version of the key file format written by this crate.
pub const FILE_VERSION: u32 = 1;
const KDF_ALGORITHM: &str = "argon2id";
const CIPHER_ALGORITHM: &str = "xchacha20poly1305";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const SECRET_LEN: usize = 32;
/// Upper bounds on the cost read from a file, so a crafted file cannot exhaust the machine.
const MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;
const MAX_ITERATIONS: u32 = 64;
const MAX_PARALLELISM: u32 = 16;

/// Cost parameters of the Argon2id key derivation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Number of passes over the memory.
    pub iterations: u32,
    /// Degree of parallelism (lanes).
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// OWASP's recommended minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
    fn default() -> Self {
        Self {
            memory_kib: Params::DEFAULT_M_COST,
            iterations: Params::DEFAULT_T_COST,
            parallelism: Params::DEFAULT_P_COST,
        }
    }
}

impl KdfParams {
    /// Very cheap parameters (64 KiB, 1 pass) **for tests only**: a key sealed with them falls
    /// quickly to a guessing attack.
    pub fn insecure_for_tests() -> Self {
        Self {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        }
    }
}

/// The JSON document stored per key.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct KeyFile {
    /// File format version ([`FILE_VERSION`]).
    pub version: u32,
    /// The key's name (also the file name).
    pub name: String,
    /// Bech32 account address of the key.
    pub address: String,
    /// Compressed secp256k1 public key, hex.
    pub public_key: String,
    /// How the encryption key is derived from the passphrase.
    pub kdf: KdfSection,
    /// How the secret is encrypted.
    pub cipher: CipherSection,
    /// Encrypted secret followed by the Poly1305 tag, hex.
    pub ciphertext: String,
}

/// KDF part of a [`KeyFile`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct KdfSection {
    /// Always `argon2id`.
    pub algorithm: String,
    /// Argon2 version number (19 = 0x13).
    pub version: u32,
    /// Cost parameters.
    #[serde(flatten)]
    pub params: KdfParams,
    /// Random salt, hex.
    pub salt: String,
}

/// Cipher part of a [`KeyFile`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CipherSection {
    /// Always `xchacha20poly1305`.
    pub algorithm: String,
    /// Random nonce, hex.
    pub nonce: String,
}

/// The public facts a key file carries next to its ciphertext.
pub struct Header<'a> {
    pub name: &'a str,
    pub address: &'a str,
    pub public_key: &'a str,
}

impl Header<'_> {
    /// Associated data binding the header to the ciphertext.
    fn aad(&self) -> Vec<u8> {
        format!(
            "ledger-client key v{FILE_VERSION}\n{}\n{}\n{}",
            self.name, self.address, self.public_key
        )
        .into_bytes()
    }
}

/// Encrypts `secret` under `passphrase`.
pub fn seal(
    header: &Header<'_>,
    secret: &[u8; SECRET_LEN],
    passphrase: &str,
    params: KdfParams,
) -> Result<KeyFile, KeyError> {
    let mut salt = [0u8; SALT_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut nonce);
    let key = derive_key(passphrase, &salt, params)?;
    let cipher = XChaCha20Poly1305::new(<&Key>::from(&*key));
    let aad = header.aad();
    let ciphertext = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: secret,
                aad: &aad,
            },
        )
        .map_err(|_| KeyError::Crypto {
            reason: "encryption failed".to_string(),
        })?;
    Ok(KeyFile {
        version: FILE_VERSION,
        name: header.name.to_string(),
        address: header.address.to_string(),
        public_key: header.public_key.to_string(),
        kdf: KdfSection {
            algorithm: KDF_ALGORITHM.to_string(),
            version: u32::from(Version::V0x13),
            params,
            salt: hex::encode(salt),
        },
        cipher: CipherSection {
            algorithm: CIPHER_ALGORITHM.to_string(),
            nonce: hex::encode(nonce),
        },
        ciphertext: hex::encode(ciphertext),
    })
}

/// Decrypts the secret in `file` with `passphrase`. `path` is only used in error messages.
pub fn open(
    file: &KeyFile,
    passphrase: &str,
    path: &Path,
) -> Result<Zeroizing<[u8; SECRET_LEN]>, KeyError> {
    let corrupt = |reason: String| KeyError::CorruptFile {
        path: path.to_path_buf(),
        reason,
    };
    if file.version != FILE_VERSION {
        return Err(KeyError::UnsupportedVersion {
            path: path.to_path_buf(),
            version: file.version,
        });
    }
    if file.kdf.algorithm != KDF_ALGORITHM || file.kdf.version != u32::from(Version::V0x13) {
        return Err(corrupt(format!(
            "unsupported key derivation {} v{}",
            file.kdf.algorithm, file.kdf.version
        )));
    }
    if file.cipher.algorithm != CIPHER_ALGORITHM {
        return Err(corrupt(format!(
            "unsupported cipher {}",
            file.cipher.algorithm
        )));
    }
    let params = file.kdf.params;
    if params.memory_kib > MAX_MEMORY_KIB
        || params.iterations > MAX_ITERATIONS
        || params.parallelism > MAX_PARALLELISM
    {
        return Err(corrupt(format!(
            "key derivation cost {params:?} is beyond limits"
        )));
    }
    let salt = hex::decode(&file.kdf.salt).map_err(|e| corrupt(format!("salt: {e}")))?;
    let nonce = hex::decode(&file.cipher.nonce).map_err(|e| corrupt(format!("nonce: {e}")))?;
    let nonce = <[u8; NONCE_LEN]>::try_from(nonce.as_slice()).map_err(|_| {
        corrupt(format!(
            "nonce has {} bytes, expected {NONCE_LEN}",
            nonce.len()
        ))
    })?;
    let ciphertext =
        hex::decode(&file.ciphertext).map_err(|e| corrupt(format!("ciphertext: {e}")))?;
    let key = derive_key(passphrase, &salt, params)?;
    let cipher = XChaCha20Poly1305::new(<&Key>::from(&*key));
    let header = Header {
        name: &file.name,
        address: &file.address,
        public_key: &file.public_key,
    };
    let aad = header.aad();
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| KeyError::WrongPassphrase {
                name: file.name.clone(),
            })?,
    );
    let mut secret = Zeroizing::new([0u8; SECRET_LEN]);
    if plain.len() != SECRET_LEN {
        return Err(corrupt(format!(
            "secret has {} bytes, expected {SECRET_LEN}",
            plain.len()
        )));
    }
    secret.copy_from_slice(&plain);
    Ok(secret)
}

/// Argon2id(passphrase, salt) -> 32-byte cipher key.
fn derive_key(
    passphrase: &str,
    salt: &[u8],
    params: KdfParams,
) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    let crypto = |e: argon2::Error| KeyError::Crypto {
        reason: format!("key derivation: {e}"),
    };
    let params = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(32),
    )
    .map_err(crypto)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(crypto)?;
    Ok(key)
}
