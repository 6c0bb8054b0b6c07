//! Keys: the meter's own key, generated on the device and kept encrypted; the deterministic
//! keys of a simulated fleet; the gateway account's key; passphrases.
//!
//! The meter key is stored with the client library's encrypted key store (`ledger-client`'s
//! `KeyStore`: Argon2id and XChaCha20-Poly1305, one JSON file, mode 0600) as
//! `<data-dir>/keys/meter.json`, so the admin CLI's key files and the meter's are one format.
//! The file's `address` field (the key read as an account) is not used by the meter.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use ledger_client::{KdfParams, KeyInfo, KeyStore, Signer};
use ledger_reading::signer::MeterKey;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Bech32 prefix of the chain's accounts.
pub const ACCOUNT_PREFIX: &str = "wasm";
/// Name of the meter key in `<data-dir>/keys`.
pub const METER_KEY_NAME: &str = "meter";
/// Environment variable with the meter key's passphrase (as the admin CLI names it).
pub const METER_PASSPHRASE_ENV: &str = "LEDGER_METER_PASSPHRASE";
/// Name of a cloud metering agent's key in `<data-dir>/keys`.
pub const AGENT_KEY_NAME: &str = "agent";
/// Environment variable with the metering agent key's passphrase.
pub const AGENT_PASSPHRASE_ENV: &str = "LEDGER_AGENT_PASSPHRASE";
/// Environment variable with the gateway key's passphrase (the admin CLI's signing-key one).
pub const GATEWAY_PASSPHRASE_ENV: &str = "LEDGER_PASSPHRASE";
/// Environment variable holding the passphrase of a fleet's park trader keys.
pub const TRADER_PASSPHRASE_ENV: &str = "LEDGER_TRADER_PASSPHRASE";

/// Key problems in words.
#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    /// From the key store.
    #[error(transparent)]
    Store(#[from] ledger_client::KeyError),
    /// A passphrase could not be obtained.
    #[error("{0}")]
    Passphrase(String),
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The stored key is not a usable meter key.
    #[error("the key in {} is not a valid secp256k1 key", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
    },
}

/// The key store of a data directory.
pub fn meter_store(data_dir: &Path, fast_kdf: bool) -> KeyStore {
    let store = KeyStore::open(data_dir.join("keys"), ACCOUNT_PREFIX);
    if fast_kdf {
        store.with_kdf(KdfParams::insecure_for_tests())
    } else {
        store
    }
}

/// Generates the meter's key with the operating system's generator and stores it encrypted.
/// Refuses to replace an existing key.
pub fn generate_meter_key(
    data_dir: &Path,
    passphrase: &str,
    fast_kdf: bool,
) -> Result<KeyInfo, KeysError> {
    generate_key(data_dir, METER_KEY_NAME, passphrase, fast_kdf)
}

/// Generates a cloud metering agent's key and stores it encrypted as `keys/agent.json`, the
/// meter key's format. Refuses to replace an existing key.
pub fn generate_agent_key(
    data_dir: &Path,
    passphrase: &str,
    fast_kdf: bool,
) -> Result<KeyInfo, KeysError> {
    generate_key(data_dir, AGENT_KEY_NAME, passphrase, fast_kdf)
}

fn generate_key(
    data_dir: &Path,
    name: &str,
    passphrase: &str,
    fast_kdf: bool,
) -> Result<KeyInfo, KeysError> {
    let key = MeterKey::generate();
    let secret = Zeroizing::new(key.to_bytes());
    let signer = Signer::from_secret_bytes(&secret, ACCOUNT_PREFIX)?;
    Ok(meter_store(data_dir, fast_kdf).store(name, &signer, passphrase)?)
}

/// Copies a key file made elsewhere (e.g. `ledger admin meter register --generate-key FILE`)
/// into the data directory, encrypted with `new_passphrase`.
pub fn import_meter_key(
    data_dir: &Path,
    file: &Path,
    passphrase: &str,
    new_passphrase: &str,
    fast_kdf: bool,
) -> Result<KeyInfo, KeysError> {
    let (store, name) = store_of_file(file)?;
    let signer = store.load(&name, passphrase)?;
    Ok(meter_store(data_dir, fast_kdf).store(METER_KEY_NAME, &signer, new_passphrase)?)
}

/// Decrypts the meter's key.
pub fn load_meter_key(data_dir: &Path, passphrase: &str) -> Result<MeterKey, KeysError> {
    load_key(data_dir, METER_KEY_NAME, passphrase)
}

/// Decrypts a cloud metering agent's key.
pub fn load_agent_key(data_dir: &Path, passphrase: &str) -> Result<MeterKey, KeysError> {
    load_key(data_dir, AGENT_KEY_NAME, passphrase)
}

fn load_key(data_dir: &Path, name: &str, passphrase: &str) -> Result<MeterKey, KeysError> {
    let signer = meter_store(data_dir, false).load(name, passphrase)?;
    MeterKey::from_bytes(signer.secret_bytes().as_ref()).map_err(|_| KeysError::Invalid {
        path: data_dir.join("keys").join(format!("{name}.json")),
    })
}

/// The meter's compressed public key in hex, read without the passphrase.
pub fn meter_pubkey(data_dir: &Path) -> Result<String, KeysError> {
    Ok(meter_store(data_dir, false)
        .info(METER_KEY_NAME)?
        .public_key)
}

/// A metering agent's compressed public key in hex, read without the passphrase.
pub fn agent_pubkey(data_dir: &Path) -> Result<String, KeysError> {
    Ok(meter_store(data_dir, false)
        .info(AGENT_KEY_NAME)?
        .public_key)
}

/// The key store and name behind `--gateway-key`: a path to a `.json` key file, or a key
/// name in `<home>/keys`.
pub fn gateway_store(spec: &str, home: &Path) -> Result<(KeyStore, String), KeysError> {
    if spec.ends_with(".json") || spec.contains('/') {
        store_of_file(Path::new(spec))
    } else {
        Ok((
            KeyStore::open(home.join("keys"), ACCOUNT_PREFIX),
            spec.to_string(),
        ))
    }
}

fn store_of_file(file: &Path) -> Result<(KeyStore, String), KeysError> {
    let name = file
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|_| file.extension().and_then(|e| e.to_str()) == Some("json"))
        .ok_or_else(|| KeysError::Io {
            path: file.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a key file's name ends in .json",
            ),
        })?
        .to_string();
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((KeyStore::open(dir, ACCOUNT_PREFIX), name))
}

/// The deterministic key of meter `index` of a fleet simulated with `seed`.
///
/// **For demos and load tests only**: anyone who knows the seed can sign readings for these
/// meters. The secret is SHA-256 of a domain tag, the seed and the index (drawn again with a
/// counter in the astronomically unlikely case it is not a valid scalar).
pub fn fleet_key(seed: u64, index: u32) -> MeterKey {
    for counter in 0u32.. {
        let mut h = Sha256::new();
        h.update(b"obligation-ledger/fleet-meter-key/v1");
        h.update(seed.to_be_bytes());
        h.update(index.to_be_bytes());
        h.update(counter.to_be_bytes());
        let secret = Zeroizing::new(<[u8; 32]>::from(h.finalize()));
        if let Ok(key) = MeterKey::from_bytes(secret.as_ref()) {
            return key;
        }
    }
    unreachable!("a valid scalar turns up within a few draws")
}

/// The id of meter `index` of a fleet: the prefix and the index in six digits.
pub fn fleet_meter_id(prefix: &str, index: u32) -> String {
    format!("{prefix}{index:06}")
}

/// A passphrase from a file (first line), the environment, or a prompt without echo.
pub fn passphrase(
    file: Option<&Path>,
    env: &str,
    prompt: &str,
) -> Result<Zeroizing<String>, KeysError> {
    if let Some(path) = file {
        let text =
            Zeroizing::new(
                std::fs::read_to_string(path).map_err(|source| KeysError::Io {
                    path: path.to_path_buf(),
                    source,
                })?,
            );
        let line = text.lines().next().unwrap_or("");
        return Ok(Zeroizing::new(line.to_string()));
    }
    if let Ok(value) = std::env::var(env) {
        return Ok(Zeroizing::new(value));
    }
    if !std::io::stdin().is_terminal() {
        return Err(KeysError::Passphrase(format!(
            "no passphrase: set {env} or pass a passphrase file (there is no terminal to ask on)"
        )));
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|e| {
            KeysError::Passphrase(format!("cannot ask for the passphrase: {e}; set {env}"))
        })
}

/// A new passphrase: from a file or the environment, else asked twice.
pub fn new_passphrase(
    file: Option<&Path>,
    env: &str,
    what: &str,
) -> Result<Zeroizing<String>, KeysError> {
    if file.is_some() || std::env::var(env).is_ok() {
        return passphrase(file, env, "");
    }
    let first = passphrase(None, env, &format!("Passphrase to encrypt {what}: "))?;
    let again = passphrase(None, env, "Repeat the passphrase: ")?;
    if *first != *again {
        return Err(KeysError::Passphrase(
            "the passphrases do not match; nothing was stored".to_string(),
        ));
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meter_key_is_stored_encrypted_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let info = generate_meter_key(dir.path(), "pi password", true).unwrap();
        assert_eq!(info.public_key.len(), 66);
        assert_eq!(meter_pubkey(dir.path()).unwrap(), info.public_key);
        let key = load_meter_key(dir.path(), "pi password").unwrap();
        assert_eq!(hex::encode(key.public_key()), info.public_key);
        let text = std::fs::read_to_string(dir.path().join("keys/meter.json")).unwrap();
        assert!(!text.contains(&hex::encode(key.to_bytes())));
        let Err(err) = load_meter_key(dir.path(), "wrong") else {
            panic!("a wrong passphrase opens the key");
        };
        assert!(err.to_string().contains("wrong passphrase"), "{err}");
        // A second init does not overwrite the key.
        assert!(generate_meter_key(dir.path(), "pi password", true).is_err());

        // Import into another data directory under a new passphrase.
        let other = tempfile::tempdir().unwrap();
        let file = dir.path().join("keys/meter.json");
        let imported = import_meter_key(other.path(), &file, "pi password", "new", true).unwrap();
        assert_eq!(imported.public_key, info.public_key);
        assert!(load_meter_key(other.path(), "new").is_ok());
    }

    #[test]
    fn an_agent_key_lives_beside_a_meter_key_under_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let agent = generate_agent_key(dir.path(), "agent pass", true).unwrap();
        assert!(dir.path().join("keys/agent.json").exists());
        assert_eq!(agent_pubkey(dir.path()).unwrap(), agent.public_key);
        let key = load_agent_key(dir.path(), "agent pass").unwrap();
        assert_eq!(hex::encode(key.public_key()), agent.public_key);
        assert!(meter_pubkey(dir.path()).is_err());
        assert!(generate_agent_key(dir.path(), "agent pass", true).is_err());
    }

    #[test]
    fn fleet_keys_are_deterministic_and_distinct() {
        let a = fleet_key(7, 0);
        assert_eq!(a.public_key(), fleet_key(7, 0).public_key());
        assert_ne!(a.public_key(), fleet_key(7, 1).public_key());
        assert_ne!(a.public_key(), fleet_key(8, 0).public_key());
        assert_eq!(fleet_meter_id("fleet-", 42), "fleet-000042");
        assert_eq!(fleet_meter_id("m", 1_234_567), "m1234567");
    }

    #[test]
    fn gateway_key_by_name_or_file() {
        let home = Path::new("/home/pi/.ledger");
        let (store, name) = gateway_store("gateway", home).unwrap();
        assert_eq!(
            (store.dir(), name.as_str()),
            (Path::new("/home/pi/.ledger/keys"), "gateway")
        );
        let (store, name) = gateway_store("/etc/meter/gw.json", home).unwrap();
        assert_eq!(
            (store.dir(), name.as_str()),
            (Path::new("/etc/meter"), "gw")
        );
        let (store, name) = gateway_store("gw.json", home).unwrap();
        assert_eq!((store.dir(), name.as_str()), (Path::new("."), "gw"));
    }
}
