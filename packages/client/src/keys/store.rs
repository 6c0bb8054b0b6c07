//! A directory of encrypted keys, one JSON file per key.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::envelope::{self, Header, KdfParams, KeyFile};
use super::{KeyError, Signer};

/// Longest key name accepted.
const MAX_NAME_LEN: usize = 64;

/// What can be known about a stored key without its passphrase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyInfo {
    /// The key's name.
    pub name: String,
    /// Its bech32 account address.
    pub address: String,
    /// Its 33-byte compressed secp256k1 public key, hex.
    pub public_key: String,
}

/// Keys encrypted at rest in a directory (`<dir>/<name>.json`, mode 0600 on unix).
///
/// ```no_run
/// use ledger_client::KeyStore;
/// let store = KeyStore::open("/home/me/.ledger/keys", "wasm");
/// let info = store.generate("meter-7", "a long passphrase")?;
/// println!("{} {}", info.address, info.public_key);
/// let signer = store.load("meter-7", "a long passphrase")?;
/// # Ok::<(), ledger_client::KeyError>(())
/// ```
#[derive(Clone, Debug)]
pub struct KeyStore {
    dir: PathBuf,
    account_prefix: String,
    kdf: KdfParams,
}

impl KeyStore {
    /// A store in `dir` (created on first write) for addresses with `account_prefix`.
    pub fn open(dir: impl Into<PathBuf>, account_prefix: &str) -> Self {
        Self {
            dir: dir.into(),
            account_prefix: account_prefix.to_string(),
            kdf: KdfParams::default(),
        }
    }

    /// Uses other Argon2id costs for keys written from now on (reading always uses the costs
    /// recorded in each file).
    pub fn with_kdf(mut self, kdf: KdfParams) -> Self {
        self.kdf = kdf;
        self
    }

    /// The directory holding the key files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Imports the key a BIP-39 mnemonic derives at `m/44'/118'/0'/0/0`.
    pub fn import_mnemonic(
        &self,
        name: &str,
        phrase: &str,
        passphrase: &str,
    ) -> Result<KeyInfo, KeyError> {
        let signer = Signer::from_mnemonic(phrase, &self.account_prefix)?;
        self.store(name, &signer, passphrase)
    }

    /// Imports a hex secret as printed by `wasmd keys export --unarmored-hex --unsafe`.
    pub fn import_hex(
        &self,
        name: &str,
        hex_secret: &str,
        passphrase: &str,
    ) -> Result<KeyInfo, KeyError> {
        let signer = Signer::from_hex(hex_secret, &self.account_prefix)?;
        self.store(name, &signer, passphrase)
    }

    /// Generates a new random key and stores it.
    pub fn generate(&self, name: &str, passphrase: &str) -> Result<KeyInfo, KeyError> {
        let signer = Signer::generate(&self.account_prefix)?;
        self.store(name, &signer, passphrase)
    }

    /// Stores an existing signer under `name`, encrypted with `passphrase`. Refuses to
    /// overwrite a key of the same name.
    pub fn store(
        &self,
        name: &str,
        signer: &Signer,
        passphrase: &str,
    ) -> Result<KeyInfo, KeyError> {
        validate_name(name)?;
        if passphrase.is_empty() {
            return Err(KeyError::EmptyPassphrase);
        }
        let path = self.path_of(name);
        if path.exists() {
            return Err(KeyError::AlreadyExists {
                name: name.to_string(),
                dir: self.dir.clone(),
            });
        }
        let info = KeyInfo {
            name: name.to_string(),
            address: signer.address().to_string(),
            public_key: hex::encode(signer.public_key_bytes()),
        };
        let header = Header {
            name: &info.name,
            address: &info.address,
            public_key: &info.public_key,
        };
        let file = envelope::seal(&header, &signer.secret_bytes(), passphrase, self.kdf)?;
        let json = serde_json::to_vec_pretty(&file).map_err(|e| KeyError::CorruptFile {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        self.write_new(&path, &json)?;
        tracing::info!(key = name, address = %info.address, "stored key");
        Ok(info)
    }

    /// Decrypts the key `name`.
    pub fn load(&self, name: &str, passphrase: &str) -> Result<Signer, KeyError> {
        let (path, file) = self.read(name)?;
        let secret = envelope::open(&file, passphrase, &path)?;
        let signer = Signer::from_secret_bytes(&secret, &self.account_prefix)?;
        if hex::encode(signer.public_key_bytes()) != file.public_key {
            return Err(KeyError::CorruptFile {
                path,
                reason: "the decrypted key does not match the public key in the file".to_string(),
            });
        }
        Ok(signer)
    }

    /// Name, address and public key of the key `name`, without decrypting it.
    pub fn info(&self, name: &str) -> Result<KeyInfo, KeyError> {
        let (_, file) = self.read(name)?;
        Ok(KeyInfo {
            name: file.name,
            address: file.address,
            public_key: file.public_key,
        })
    }

    /// Every key in the store, sorted by name. An absent directory holds no keys.
    pub fn list(&self) -> Result<Vec<KeyInfo>, KeyError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(self.io("list", &self.dir, source)),
        };
        let mut keys = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| self.io("list", &self.dir, source))?;
            let file_name = entry.file_name();
            let Some(name) = file_name.to_str().and_then(|n| n.strip_suffix(".json")) else {
                continue;
            };
            if validate_name(name).is_ok() {
                keys.push(self.info(name)?);
            }
        }
        keys.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(keys)
    }

    /// Whether a key named `name` exists.
    pub fn contains(&self, name: &str) -> bool {
        validate_name(name).is_ok() && self.path_of(name).is_file()
    }

    /// Deletes the key `name`.
    pub fn delete(&self, name: &str) -> Result<(), KeyError> {
        let (path, _) = self.read(name)?;
        fs::remove_file(&path).map_err(|source| self.io("delete", &path, source))?;
        tracing::info!(key = name, "deleted key");
        Ok(())
    }

    fn path_of(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.json"))
    }

    fn read(&self, name: &str) -> Result<(PathBuf, KeyFile), KeyError> {
        validate_name(name)?;
        let path = self.path_of(name);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeyError::NotFound {
                    name: name.to_string(),
                    dir: self.dir.clone(),
                });
            }
            Err(source) => return Err(self.io("read", &path, source)),
        };
        let file: KeyFile = serde_json::from_slice(&bytes).map_err(|e| KeyError::CorruptFile {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if file.name != name {
            return Err(KeyError::CorruptFile {
                path,
                reason: format!("it holds the key '{}'", file.name),
            });
        }
        Ok((path, file))
    }

    /// Writes `bytes` to a new file readable by its owner only: first to a temporary file,
    /// then renamed into place, so a crash never leaves half a key.
    fn write_new(&self, path: &Path, bytes: &[u8]) -> Result<(), KeyError> {
        create_private_dir(&self.dir).map_err(|source| self.io("create", &self.dir, source))?;
        let tmp = path.with_extension("json.tmp");
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(&tmp)
            .map_err(|source| self.io("write", &tmp, source))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|source| self.io("write", &tmp, source))?;
        fs::rename(&tmp, path).map_err(|source| self.io("write", path, source))
    }

    fn io(&self, action: &'static str, path: &Path, source: std::io::Error) -> KeyError {
        KeyError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Creates `dir` (and parents); on unix a new directory is readable by its owner only.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Key names become file names: letters, digits, `-`, `_`, `.`; not starting with `.`.
fn validate_name(name: &str) -> Result<(), KeyError> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(KeyError::InvalidName {
            name: name.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN_MNEMONIC: &str = "noise bar wheat gossip clown boost adapt soldier elegant visual \
        bar barrel concert inmate panda text excite lock wait patch mutual collect plate frame";
    const ADMIN_ADDRESS: &str = "wasm19v0ezculzdfhdg3y2nak2tzuud8vdmm23wdej5";

    fn store(dir: &Path) -> KeyStore {
        KeyStore::open(dir.join("keys"), "wasm").with_kdf(KdfParams::insecure_for_tests())
    }

    #[test]
    fn mnemonic_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let info = store
            .import_mnemonic("admin", ADMIN_MNEMONIC, "correct horse")
            .unwrap();
        assert_eq!(info.address, ADMIN_ADDRESS);
        let signer = store.load("admin", "correct horse").unwrap();
        assert_eq!(signer.address().as_ref(), ADMIN_ADDRESS);
        assert_eq!(store.info("admin").unwrap(), info);
        assert_eq!(store.list().unwrap(), vec![info]);
    }

    #[test]
    fn default_kdf_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = KeyStore::open(dir.path(), "wasm");
        let info = store.generate("meter-1", "pi password").unwrap();
        let signer = store.load("meter-1", "pi password").unwrap();
        assert_eq!(signer.address().as_ref(), info.address);
        assert_eq!(hex::encode(signer.public_key_bytes()), info.public_key);
        let text = fs::read_to_string(dir.path().join("meter-1.json")).unwrap();
        assert!(text.contains(r#""memory_kib": 19456"#), "{text}");
    }

    #[test]
    fn wrong_passphrase_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        store
            .import_mnemonic("admin", ADMIN_MNEMONIC, "right")
            .unwrap();
        let err = store.load("admin", "wrong").unwrap_err();
        assert!(matches!(err, KeyError::WrongPassphrase { .. }));
        assert_eq!(err.to_string(), "wrong passphrase for key 'admin'");
    }

    #[test]
    fn unknown_key_says_how_to_get_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let err = store.load("x", "pw").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("no key named 'x' in "), "{text}");
        assert!(
            text.ends_with("; add one with `ledger keys add x --recover` (a mnemonic) or `ledger keys import-hex x`"),
            "{text}"
        );
        assert!(matches!(store.delete("x"), Err(KeyError::NotFound { .. })));
        assert_eq!(store.list().unwrap(), vec![]);
    }

    #[test]
    fn file_holds_no_secret_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        store
            .import_mnemonic("admin", ADMIN_MNEMONIC, "pw")
            .unwrap();
        let secret = hex::encode(
            Signer::from_mnemonic(ADMIN_MNEMONIC, "wasm")
                .unwrap()
                .secret_bytes(),
        );
        let path = store.dir().join("admin.json");
        let text = fs::read_to_string(&path).unwrap();
        assert!(!text.contains(&secret));
        assert!(!text.contains("gossip"));
        for field in [
            r#""version": 1"#,
            r#""address": "wasm19v0ezculzdfhdg3y2nak2tzuud8vdmm23wdej5""#,
            r#""algorithm": "argon2id""#,
            r#""algorithm": "xchacha20poly1305""#,
            r#""salt""#,
            r#""nonce""#,
            r#""ciphertext""#,
        ] {
            assert!(text.contains(field), "{field} missing in {text}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let mode = fs::metadata(store.dir()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }

    #[test]
    fn salt_and_nonce_are_fresh_per_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        store.import_mnemonic("a", ADMIN_MNEMONIC, "pw").unwrap();
        store.import_mnemonic("b", ADMIN_MNEMONIC, "pw").unwrap();
        let read = |n: &str| store.read(n).unwrap().1;
        let (a, b) = (read("a"), read("b"));
        assert_ne!(a.kdf.salt, b.kdf.salt);
        assert_ne!(a.cipher.nonce, b.cipher.nonce);
        assert_ne!(a.ciphertext, b.ciphertext);
    }

    #[test]
    fn edited_address_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        store
            .import_mnemonic("admin", ADMIN_MNEMONIC, "pw")
            .unwrap();
        let path = store.dir().join("admin.json");
        let text = fs::read_to_string(&path).unwrap();
        let other = Signer::generate("wasm").unwrap();
        fs::write(&path, text.replace(ADMIN_ADDRESS, other.address().as_ref())).unwrap();
        assert!(store.load("admin", "pw").is_err());
    }

    #[test]
    fn hex_import_and_delete() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let secret = hex::encode(
            Signer::from_mnemonic(ADMIN_MNEMONIC, "wasm")
                .unwrap()
                .secret_bytes(),
        );
        let info = store.import_hex("admin", &secret, "pw").unwrap();
        assert_eq!(info.address, ADMIN_ADDRESS);
        assert!(store.contains("admin"));
        store.delete("admin").unwrap();
        assert!(!store.contains("admin"));
    }

    #[test]
    fn names_passphrases_and_duplicates_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        for bad in ["", ".hidden", "a/b", "../x", "a b", &"n".repeat(65)] {
            assert!(
                matches!(store.generate(bad, "pw"), Err(KeyError::InvalidName { .. })),
                "{bad:?}"
            );
        }
        assert!(matches!(
            store.generate("k", ""),
            Err(KeyError::EmptyPassphrase)
        ));
        store.generate("k", "pw").unwrap();
        let err = store.generate("k", "pw").unwrap_err();
        assert!(matches!(err, KeyError::AlreadyExists { .. }), "{err}");
    }
}
