//! A meter's data directory: its files, `init` and `pubkey`, and the lock that keeps one
//! client per directory.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::args::InitArgs;
use crate::keys::{self, METER_PASSPHRASE_ENV};

/// File in the data directory naming the meter.
pub const METER_FILE: &str = "meter.json";
/// The outbox's file.
pub const OUTBOX_FILE: &str = "outbox.log";
/// The checkpoint's file.
pub const STATE_FILE: &str = "state.json";
/// Readings refused for good.
pub const REJECTED_FILE: &str = "rejected.jsonl";

/// What `init` writes next to the key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeterFile {
    /// Format version (1).
    pub version: u32,
    /// The meter's id.
    pub meter_id: String,
}

/// Reads `<data-dir>/meter.json`.
pub fn read_meter_file(data_dir: &Path) -> anyhow::Result<MeterFile> {
    let path = data_dir.join(METER_FILE);
    let bytes = fs::read(&path).with_context(|| {
        format!(
            "cannot read {}: run `meter-client init --data-dir {} --meter-id <id>` first",
            path.display(),
            data_dir.display()
        )
    })?;
    serde_json::from_slice(&bytes).with_context(|| format!("{} is not valid", path.display()))
}

/// `init`: makes the data directory and the meter's key; returns the public key in hex.
pub fn init(args: &InitArgs) -> anyhow::Result<String> {
    let id = &args.meter_id;
    if id.is_empty() || id.len() > ledger_reading::MAX_METER_ID_LEN {
        bail!(
            "the meter id must be 1 to {} bytes long",
            ledger_reading::MAX_METER_ID_LEN
        );
    }
    let meter_path = args.data_dir.join(METER_FILE);
    if meter_path.exists() {
        bail!(
            "{} already exists: this directory belongs to meter '{}'",
            meter_path.display(),
            read_meter_file(&args.data_dir)?.meter_id
        );
    }
    create_private_dir(&args.data_dir)?;
    let info = match &args.import_key {
        None => {
            let pass = keys::new_passphrase(
                args.passphrase_file.as_deref(),
                METER_PASSPHRASE_ENV,
                "the meter key",
            )?;
            keys::generate_meter_key(&args.data_dir, &pass, args.insecure_fast_kdf)?
        }
        Some(file) => {
            let old = keys::passphrase(
                args.import_passphrase_file.as_deref(),
                METER_PASSPHRASE_ENV,
                &format!("Passphrase of {}: ", file.display()),
            )?;
            let new = keys::new_passphrase(
                args.passphrase_file.as_deref(),
                METER_PASSPHRASE_ENV,
                "the meter key",
            )?;
            keys::import_meter_key(&args.data_dir, file, &old, &new, args.insecure_fast_kdf)?
        }
    };
    let file = MeterFile {
        version: 1,
        meter_id: id.clone(),
    };
    let mut json = serde_json::to_vec_pretty(&file)?;
    json.push(b'\n');
    crate::outbox::write_atomically(&meter_path, &json)
        .with_context(|| format!("cannot write {}", meter_path.display()))?;
    Ok(info.public_key)
}

/// `pubkey`: the meter's public key in hex.
pub fn pubkey(data_dir: &Path) -> anyhow::Result<String> {
    read_meter_file(data_dir)?;
    Ok(keys::meter_pubkey(data_dir)?)
}

pub(crate) fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
}

// ---------------------------------------------------------------------------------------------
// The data directory lock

/// `<data-dir>/lock`: one client per data directory, or two would number readings alike.
#[derive(Debug)]
pub struct DirLock {
    path: PathBuf,
}

impl DirLock {
    /// Takes the lock; a lock left by a process that no longer runs (checked in `/proc`) is
    /// taken over.
    pub fn acquire(dir: &Path) -> anyhow::Result<DirLock> {
        create_private_dir(dir)?;
        let path = dir.join("lock");
        for _ in 0..2 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    write!(file, "{}", std::process::id())
                        .and_then(|()| file.sync_all())
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    return Ok(DirLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let owner = fs::read_to_string(&path).unwrap_or_default();
                    let owner = owner.trim();
                    let alive = !owner.is_empty()
                        && owner != std::process::id().to_string()
                        && Path::new("/proc").join(owner).exists();
                    if alive {
                        bail!(
                            "{} is in use by process {owner}; stop it first (or remove {} if \
                             it is not a meter client)",
                            dir.display(),
                            path.display()
                        );
                    }
                    let _ = fs::remove_file(&path);
                }
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot create {}", path.display()));
                }
            }
        }
        bail!("cannot take the lock {}", path.display())
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}
