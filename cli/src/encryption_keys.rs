//! Encryption keys (the `ledger-crypto` envelope's secp256k1 pairs), kept apart from signing
//! keys in `<home>/encryption-keys/<name>.json`: lenders' keys of the loan-share flow and
//! cloud organisations' keys their lease terms are sealed to. Shared by the `loan` and `cloud`
//! commands, which import no command module of each other.
//!
//! An encryption key is a secp256k1 key pair like a signing key, so it is stored by the same
//! [`KeyStore`] (Argon2id + XChaCha20-Poly1305, file mode 0600): nothing of the secret is ever
//! on disk in clear. It is a different key from the account's signing key on purpose (a key
//! that decrypts borrowers' data or a pair's terms should not also sign transactions, and the
//! other way round). The key store writes an account address into every file; for an
//! encryption key that address belongs to no account and is never used.
//!
//! A lender's encryption key has the same name as its signing key, so `--from retailer` finds
//! both; an organisation's key is named freely (`uni-a`). Its passphrase comes from
//! `LEDGER_ENCRYPTION_PASSPHRASE` or a prompt that does not echo; the public half is read from
//! the file without it.

use anyhow::{Context, anyhow};
use ledger_client::{KeyError, KeyInfo, KeyStore};
use ledger_crypto::{PUBLIC_KEY_LEN, SecretKey, secret_key_from_bytes};

use crate::context::{ACCOUNT_PREFIX, App};
use crate::secrets;

/// Directory under the home holding encryption keys.
pub const ENCRYPTION_KEYS_DIR: &str = "encryption-keys";
/// Environment variable holding the passphrase of the encryption key (and of one being
/// generated).
pub const ENCRYPTION_PASSPHRASE_ENV: &str = "LEDGER_ENCRYPTION_PASSPHRASE";

/// The encryption key store of this home.
pub fn store(app: &App) -> anyhow::Result<KeyStore> {
    Ok(KeyStore::open(
        app.home()?.join(ENCRYPTION_KEYS_DIR),
        ACCOUNT_PREFIX,
    ))
}

/// The public key (33 bytes, compressed) of the encryption key `name`, or `None` when there is
/// none; no passphrase is needed.
pub fn public_key(app: &App, name: &str) -> anyhow::Result<Option<Vec<u8>>> {
    let store = store(app)?;
    if !store.contains(name) {
        return Ok(None);
    }
    let info = store.info(name)?;
    let bytes = hex::decode(&info.public_key).map_err(|_| {
        anyhow!(
            "the encryption key file of '{name}' in {} holds no valid public key",
            store.dir().display()
        )
    })?;
    if bytes.len() != PUBLIC_KEY_LEN {
        return Err(anyhow!(
            "the encryption key file of '{name}' in {} holds a public key of {} bytes, not {}",
            store.dir().display(),
            bytes.len(),
            PUBLIC_KEY_LEN
        ));
    }
    Ok(Some(bytes))
}

/// Generates and stores a new encryption key `name`, asking for a new passphrase.
pub fn generate(app: &App, name: &str) -> anyhow::Result<KeyInfo> {
    let store = store(app)?;
    let passphrase = secrets::new_passphrase(
        ENCRYPTION_PASSPHRASE_ENV,
        &format!("the encryption key '{name}'"),
    )?;
    Ok(store.generate(name, &passphrase)?)
}

/// Decrypts the encryption key `name`, asking for its passphrase unless
/// `LEDGER_ENCRYPTION_PASSPHRASE` is set. `make_one` is the command that makes the key when
/// there is none (`ledger loan register-key --from <name>`), for the error that says so.
pub fn secret(app: &App, name: &str, make_one: &str) -> anyhow::Result<SecretKey> {
    let store = store(app)?;
    store
        .info(name)
        .map_err(|e| missing_hint(e, name, make_one))?;
    let passphrase = secrets::passphrase(
        ENCRYPTION_PASSPHRASE_ENV,
        &format!("Passphrase for encryption key '{name}': "),
    )?;
    let signer = store
        .load(name, &passphrase)
        .map_err(|e| missing_hint(e, name, make_one))
        .with_context(|| format!("cannot unlock the encryption key '{name}'"))?;
    let secret = signer.secret_bytes();
    secret_key_from_bytes(secret.as_slice())
        .map_err(|e| anyhow!("the encryption key '{name}' is not usable: {e}"))
}

/// "No such key" with the command that makes one.
fn missing_hint(error: KeyError, name: &str, make_one: &str) -> anyhow::Error {
    match error {
        KeyError::NotFound { dir, .. } => anyhow!(
            "no encryption key named '{name}' in {}: make one with `{make_one}`, or check --home",
            dir.display()
        ),
        other => other.into(),
    }
}
