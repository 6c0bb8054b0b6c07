//! `ledger keys`: signing keys, encrypted at rest in `<home>/keys` by the client library's
//! key store (Argon2id + XChaCha20-Poly1305). Secrets are read from stdin or a hidden prompt
//! and never printed.

use clap::Subcommand;
use ledger_client::{KeyError, KeyInfo};

use crate::context::App;
use crate::render::{self, Output};
use crate::secrets::{self, PASSPHRASE_ENV};

/// `ledger keys ...`
#[derive(Subcommand, Debug)]
pub enum KeysCmd {
    /// Add a key: with --recover, from a BIP-39 mnemonic (path m/44'/118'/0'/0/0, as `wasmd
    /// keys add --recover`); without, a new random key (like `keys generate`)
    Add {
        /// Name to store the key under (letters, digits, '-', '_', '.')
        name: String,
        /// Derive the key from a mnemonic read from stdin, or asked for without echo
        #[arg(long)]
        recover: bool,
    },
    /// Import a hex secret as printed by `wasmd keys export <name> --unarmored-hex --unsafe`,
    /// read from stdin or asked for without echo
    ImportHex {
        /// Name to store the key under
        name: String,
    },
    /// Generate a new random key
    Generate {
        /// Name to store the key under
        name: String,
    },
    /// Print a key's secret as 64 hex digits, for a wallet or the gateway's sign-in page
    /// (which keep it encrypted in turn); the inverse of `import-hex`
    ExportHex {
        /// The key's name
        name: String,
        /// Confirm that the secret may be printed: whoever reads it controls the account
        #[arg(long = "unsafe")]
        confirm_unsafe: bool,
    },
    /// List stored keys with their addresses
    List,
    /// Show a key's address and public key
    Show {
        /// The key's name
        name: String,
    },
    /// Delete a key's encrypted file for good
    Delete {
        /// The key's name
        name: String,
        /// Confirm the deletion
        #[arg(long)]
        yes: bool,
    },
}

/// Runs a `keys` command.
pub fn run(app: &App, cmd: KeysCmd) -> anyhow::Result<()> {
    let store = app.key_store()?;
    // Refuse a taken name before asking for any secret.
    if let KeysCmd::Add { name, .. } | KeysCmd::ImportHex { name } | KeysCmd::Generate { name } =
        &cmd
    {
        if store.contains(name) {
            return Err(KeyError::AlreadyExists {
                name: name.clone(),
                dir: store.dir().to_path_buf(),
            }
            .into());
        }
    }
    match cmd {
        KeysCmd::Add {
            name,
            recover: true,
        } => {
            let phrase = secrets::secret_input("BIP-39 mnemonic (not echoed): ")?;
            let pass = secrets::new_passphrase(PASSPHRASE_ENV, &format!("key '{name}'"))?;
            let info = store.import_mnemonic(&name, &phrase, &pass)?;
            added(app.output(), "imported", &info)
        }
        KeysCmd::Add {
            name,
            recover: false,
        }
        | KeysCmd::Generate { name } => {
            let pass = secrets::new_passphrase(PASSPHRASE_ENV, &format!("key '{name}'"))?;
            let info = store.generate(&name, &pass)?;
            added(app.output(), "generated", &info)
        }
        KeysCmd::ImportHex { name } => {
            let secret = secrets::secret_input("hex secret key (not echoed): ")?;
            let pass = secrets::new_passphrase(PASSPHRASE_ENV, &format!("key '{name}'"))?;
            let info = store.import_hex(&name, &secret, &pass)?;
            added(app.output(), "imported", &info)
        }
        KeysCmd::ExportHex {
            name,
            confirm_unsafe,
        } => {
            let info = app.key_info(&name)?;
            if !confirm_unsafe {
                anyhow::bail!(
                    "the secret of key '{name}' ({}) controls that account: repeat with --unsafe \
                     to print it",
                    info.address
                );
            }
            let secret = app.signer(&name)?.secret_bytes();
            println!(
                "{}",
                *zeroize::Zeroizing::new(hex::encode(secret.as_slice()))
            );
            Ok(())
        }
        KeysCmd::List => {
            let keys = store.list()?;
            if app.output() == Output::Table && keys.is_empty() {
                eprintln!(
                    "no keys in {}; add one with `ledger keys add <name> --recover`",
                    store.dir().display()
                );
                return Ok(());
            }
            render::list(app.output(), "keys", &keys, false, |keys| {
                let mut t = render::table(["name", "address", "public key (hex)"]);
                for k in keys {
                    t.add_row(vec![&k.name, &k.address, &k.public_key]);
                }
                t
            })
        }
        KeysCmd::Show { name } => {
            let info = app.key_info(&name)?;
            show(app.output(), &info)
        }
        KeysCmd::Delete { name, yes } => {
            let info = app.key_info(&name)?;
            if !yes {
                anyhow::bail!(
                    "deleting key '{name}' ({}) cannot be undone: repeat with --yes",
                    info.address
                );
            }
            store.delete(&name)?;
            eprintln!("deleted key '{name}' ({})", info.address);
            Ok(())
        }
    }
}

fn added(out: Output, how: &str, info: &KeyInfo) -> anyhow::Result<()> {
    if out == Output::Table {
        eprintln!("{how} key '{}', stored encrypted", info.name);
    }
    show(out, info)
}

fn show(out: Output, info: &KeyInfo) -> anyhow::Result<()> {
    match out {
        Output::Json => render::json(info),
        Output::Table => {
            println!(
                "{}",
                render::record(vec![
                    ("name", info.name.clone()),
                    ("address", info.address.clone()),
                    ("public key (hex)", info.public_key.clone()),
                ])
            );
            Ok(())
        }
    }
}
