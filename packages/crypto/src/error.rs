use thiserror::Error;

/// Everything the cryptography refuses. Decryption failures carry no detail on purpose: a wrong
/// key, a changed byte and a wrong context look the same.
#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    #[error("the public key is not a compressed secp256k1 point (33 bytes starting 02 or 03)")]
    InvalidPublicKey,

    #[error("the secret key is not a valid secp256k1 scalar (32 bytes, not zero, below the order)")]
    InvalidSecretKey,

    #[error("the envelope is {len} bytes, shorter than the {min} bytes of its fixed parts")]
    EnvelopeTooShort { len: usize, min: usize },

    #[error("envelope version {version} is not supported (this build reads version 1)")]
    UnsupportedVersion { version: u8 },

    #[error(
        "the ciphertext cannot be decrypted: it was not encrypted to this key, was changed, or \
         belongs to another plan, field, confirmation or lease"
    )]
    DecryptionFailed,

    #[error("the plaintext is too long to encrypt")]
    PlaintextTooLong,

    #[error("the decrypted field is malformed: {reason}")]
    MalformedOpening { reason: String },

    #[error("the disclosed {field} does not match the plan's commitment")]
    CommitmentMismatch { field: String },
}
