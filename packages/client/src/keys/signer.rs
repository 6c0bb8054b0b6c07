//! A secp256k1 key that signs transactions, with its public key and account address.

use std::fmt;

use cosmrs::AccountId;
use cosmrs::bip32::{DerivationPath, XPrv};
use cosmrs::crypto::PublicKey;
use cosmrs::crypto::secp256k1::SigningKey;
use zeroize::Zeroizing;

use super::KeyError;

/// BIP-44 path of the first Cosmos account (coin type 118), as `wasmd keys add` uses.
pub const COSMOS_HD_PATH: &str = "m/44'/118'/0'/0/0";

/// A signing key with its public key and bech32 address.
///
/// Its `Debug` output shows the address and public key only; the secret never leaves the
/// value except through [`Signer::secret_bytes`], which returns a buffer that is wiped on drop.
pub struct Signer {
    secret: k256::ecdsa::SigningKey,
    tx_key: SigningKey,
    public_key: PublicKey,
    address: AccountId,
}

impl Signer {
    /// Derives the key at `m/44'/118'/0'/0/0` from a BIP-39 mnemonic (English, 12 to 24 words,
    /// no BIP-39 passphrase), as `wasmd keys add --recover` does.
    pub fn from_mnemonic(phrase: &str, account_prefix: &str) -> Result<Self, KeyError> {
        let invalid = |reason: String| KeyError::InvalidMnemonic { reason };
        let normalized = Zeroizing::new(
            phrase
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase(),
        );
        let mnemonic = bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &normalized)
            .map_err(|e| invalid(e.to_string()))?;
        let seed = Zeroizing::new(mnemonic.to_seed_normalized(""));
        let path: DerivationPath = COSMOS_HD_PATH
            .parse()
            .map_err(|e| invalid(format!("derivation path: {e}")))?;
        let xprv = XPrv::derive_from_path(&seed[..], &path)
            .map_err(|e| invalid(format!("derivation: {e}")))?;
        let secret: Zeroizing<[u8; 32]> = Zeroizing::new(xprv.private_key().to_bytes().into());
        Self::from_secret_bytes(&secret, account_prefix)
    }

    /// Reads a 32-byte secret in hex (64 digits, optional `0x`), the format
    /// `wasmd keys export <name> --unarmored-hex --unsafe` prints.
    pub fn from_hex(hex_secret: &str, account_prefix: &str) -> Result<Self, KeyError> {
        let text = hex_secret.trim();
        let text = text.strip_prefix("0x").unwrap_or(text);
        if text.len() != 64 {
            return Err(KeyError::InvalidSecret {
                reason: format!(
                    "expected 64 hex digits (32 bytes), got {} characters",
                    text.len()
                ),
            });
        }
        let mut secret = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(text, secret.as_mut()).map_err(|e| KeyError::InvalidSecret {
            reason: format!("not hex: {e}"),
        })?;
        Self::from_secret_bytes(&secret, account_prefix)
    }

    /// Builds a signer from a raw 32-byte secp256k1 secret.
    pub fn from_secret_bytes(secret: &[u8; 32], account_prefix: &str) -> Result<Self, KeyError> {
        let key =
            k256::ecdsa::SigningKey::from_slice(secret).map_err(|_| KeyError::InvalidSecret {
                reason: "not a valid secp256k1 secret (zero or above the curve order)".to_string(),
            })?;
        Self::from_k256(key, account_prefix)
    }

    /// A fresh random key from the operating system's generator.
    pub fn generate(account_prefix: &str) -> Result<Self, KeyError> {
        Self::from_k256(
            k256::ecdsa::SigningKey::random(&mut rand_core::OsRng),
            account_prefix,
        )
    }

    fn from_k256(secret: k256::ecdsa::SigningKey, account_prefix: &str) -> Result<Self, KeyError> {
        let tx_key = SigningKey::new(Box::new(secret.clone()));
        let public_key = tx_key.public_key();
        let address =
            public_key
                .account_id(account_prefix)
                .map_err(|e| KeyError::InvalidPrefix {
                    prefix: account_prefix.to_string(),
                    reason: e.to_string(),
                })?;
        Ok(Self {
            secret,
            tx_key,
            public_key,
            address,
        })
    }

    /// The bech32 account address, e.g. `wasm1...`.
    pub fn address(&self) -> &AccountId {
        &self.address
    }

    /// The public key as the chain sees it.
    pub fn public_key(&self) -> PublicKey {
        self.public_key
    }

    /// The 33-byte compressed secp256k1 public key.
    pub fn public_key_bytes(&self) -> Vec<u8> {
        self.public_key.to_bytes()
    }

    /// The key in the form cosmrs signs transactions with.
    pub fn signing_key(&self) -> &SigningKey {
        &self.tx_key
    }

    /// The key as a k256 ECDSA key, e.g. to sign meter readings.
    pub fn ecdsa_key(&self) -> &k256::ecdsa::SigningKey {
        &self.secret
    }

    /// The raw 32-byte secret, wiped when the returned buffer is dropped. Needed to store the
    /// key or hand it to another signer; never log it.
    pub fn secret_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.secret.to_bytes().into())
    }
}

impl Clone for Signer {
    fn clone(&self) -> Self {
        Self {
            secret: self.secret.clone(),
            tx_key: SigningKey::new(Box::new(self.secret.clone())),
            public_key: self.public_key,
            address: self.address.clone(),
        }
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("address", &self.address.as_ref())
            .field("public_key", &hex::encode(self.public_key_bytes()))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The localnet's admin account (`localnet/accounts.json`; a public, test-only mnemonic).
    const ADMIN_MNEMONIC: &str = "noise bar wheat gossip clown boost adapt soldier elegant visual \
        bar barrel concert inmate panda text excite lock wait patch mutual collect plate frame";
    const ADMIN_ADDRESS: &str = "wasm19v0ezculzdfhdg3y2nak2tzuud8vdmm23wdej5";

    #[test]
    fn mnemonic_derives_the_localnet_admin_address() {
        let signer = Signer::from_mnemonic(ADMIN_MNEMONIC, "wasm").unwrap();
        assert_eq!(signer.address().as_ref(), ADMIN_ADDRESS);
        assert_eq!(signer.public_key_bytes().len(), 33);
    }

    #[test]
    fn mnemonic_whitespace_and_case_do_not_matter() {
        let messy = format!("  {}\n", ADMIN_MNEMONIC.to_uppercase().replace(' ', "  "));
        let signer = Signer::from_mnemonic(&messy, "wasm").unwrap();
        assert_eq!(signer.address().as_ref(), ADMIN_ADDRESS);
    }

    #[test]
    fn hex_export_gives_the_same_key_as_the_mnemonic() {
        let from_mnemonic = Signer::from_mnemonic(ADMIN_MNEMONIC, "wasm").unwrap();
        let hex_secret = hex::encode(from_mnemonic.secret_bytes());
        let from_hex = Signer::from_hex(&hex_secret, "wasm").unwrap();
        assert_eq!(from_hex.address(), from_mnemonic.address());
        let upper = format!("0x{}\n", hex_secret.to_uppercase());
        assert_eq!(
            Signer::from_hex(&upper, "wasm").unwrap().address(),
            from_mnemonic.address()
        );
    }

    #[test]
    fn bad_mnemonics_and_secrets_are_refused_without_echoing_them() {
        let wrong_checksum = ADMIN_MNEMONIC.replace("frame", "abandon");
        let err = Signer::from_mnemonic(&wrong_checksum, "wasm").unwrap_err();
        assert!(matches!(err, KeyError::InvalidMnemonic { .. }), "{err}");
        assert!(!err.to_string().contains("gossip"), "{err}");
        let err = Signer::from_mnemonic("noise bar wheat", "wasm").unwrap_err();
        assert!(matches!(err, KeyError::InvalidMnemonic { .. }), "{err}");
        assert!(matches!(
            Signer::from_hex("abcd", "wasm").unwrap_err(),
            KeyError::InvalidSecret { .. }
        ));
        assert!(matches!(
            Signer::from_hex(&"zz".repeat(32), "wasm").unwrap_err(),
            KeyError::InvalidSecret { .. }
        ));
        assert!(matches!(
            Signer::from_hex(&"00".repeat(32), "wasm").unwrap_err(),
            KeyError::InvalidSecret { .. }
        ));
    }

    #[test]
    fn debug_shows_no_secret() {
        let signer = Signer::from_mnemonic(ADMIN_MNEMONIC, "wasm").unwrap();
        let secret = hex::encode(signer.secret_bytes());
        let debug = format!("{signer:?}");
        assert!(debug.contains(ADMIN_ADDRESS), "{debug}");
        assert!(!debug.contains(&secret), "{debug}");
    }

    #[test]
    fn generated_keys_differ_and_clone_keeps_the_key() {
        let a = Signer::generate("wasm").unwrap();
        let b = Signer::generate("wasm").unwrap();
        assert_ne!(a.address(), b.address());
        let c = a.clone();
        assert_eq!(c.address(), a.address());
        assert_eq!(
            c.signing_key().sign(b"x").unwrap(),
            a.signing_key().sign(b"x").unwrap()
        );
    }
}
