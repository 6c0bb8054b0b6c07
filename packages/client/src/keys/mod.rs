//! Signing keys: derivation from a mnemonic or a hex export, and a store that keeps them
//! encrypted at rest.

mod envelope;
mod signer;
mod store;

use std::path::PathBuf;

pub use envelope::{FILE_VERSION, KdfParams};
pub use signer::{COSMOS_HD_PATH, Signer};
pub use store::{KeyInfo, KeyStore};

/// Why a key could not be created, read or decrypted. Messages never contain secrets.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Decryption failed: the passphrase is wrong (or the file was altered).
    #[error("wrong passphrase for key '{name}'")]
    WrongPassphrase {
        /// The key's name.
        name: String,
    },

    /// No such key in the store.
    #[error("no key named '{name}' in {}; add one with `ledger keys add {name} --recover` (a mnemonic) or `ledger keys import-hex {name}`", dir.display())]
    NotFound {
        /// The key's name.
        name: String,
        /// The store's directory.
        dir: PathBuf,
    },

    /// A key of that name is already stored.
    #[error(
        "a key named '{name}' already exists in {}; delete it first or choose another name",
        dir.display()
    )]
    AlreadyExists {
        /// The key's name.
        name: String,
        /// The store's directory.
        dir: PathBuf,
    },

    /// The name cannot be used as a file name.
    #[error(
        "invalid key name '{name}': use 1 to 64 letters, digits, '-', '_' or '.', \
         not starting with '.'"
    )]
    InvalidName {
        /// The refused name.
        name: String,
    },

    /// Keys are never stored unencrypted.
    #[error("the passphrase is empty: choose one, keys are always stored encrypted")]
    EmptyPassphrase,

    /// The mnemonic is not a valid English BIP-39 phrase.
    #[error("invalid mnemonic: {reason}")]
    InvalidMnemonic {
        /// What is wrong (word count, unknown word position, checksum); never the words.
        reason: String,
    },

    /// The hex secret is not a valid secp256k1 key.
    #[error("invalid secret key: {reason}")]
    InvalidSecret {
        /// What is wrong.
        reason: String,
    },

    /// The bech32 prefix cannot form an address.
    #[error("invalid address prefix '{prefix}': {reason}")]
    InvalidPrefix {
        /// The refused prefix.
        prefix: String,
        /// Why.
        reason: String,
    },

    /// A key file could not be understood.
    #[error("key file {} is not valid: {reason}", path.display())]
    CorruptFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },

    /// A key file written by a newer program.
    #[error(
        "key file {} has format version {version}; this program reads version {FILE_VERSION}",
        path.display()
    )]
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// Its version.
        version: u32,
    },

    /// The key derivation or cipher refused its input.
    #[error("key encryption failed: {reason}")]
    Crypto {
        /// What failed.
        reason: String,
    },

    /// A file operation failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}
