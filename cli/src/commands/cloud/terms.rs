//! `ledger cloud terms`: a lease's private terms (host names, addresses, access details,
//! notes), sealed on this machine to both organisations' encryption keys and opened with one
//! of them, and the organisations' encryption keys themselves, kept encrypted at rest by
//! [`crate::encryption_keys`].
//!
//! An organisation's administrator makes its key once (`new-key`), registers its public half
//! with the organisation (`register-org`/`update-org --encryption-key-from <name>`), and keeps
//! the key file with whoever reads the terms for the organisation. Sealing needs no secret:
//! the organisations' public keys are on chain. Opening checks the terms against the
//! commitment stored with them; terms that do not match are never printed.

use std::path::PathBuf;

use anyhow::{Context, anyhow, bail};
use clap::{ArgGroup, Args, Subcommand};
use cosmwasm_std::HexBinary;
use ledger_sdk::contracts::cloud::terms::OpenedTerms;
use serde::Serialize;

use crate::context::App;
use crate::encryption_keys;
use crate::render::{self, Output};

/// `ledger cloud terms ...`
#[derive(Subcommand, Debug)]
pub enum TermsCmd {
    /// Make an organisation's encryption key, stored encrypted in <home>/encryption-keys
    /// (passphrase from LEDGER_ENCRYPTION_PASSPHRASE or a prompt); prints its public half
    NewKey {
        /// The key's name, e.g. the organisation's id
        #[arg(long)]
        name: String,
    },
    /// Show an encryption key's public half (no passphrase needed)
    Key {
        /// The key's name
        #[arg(long)]
        name: String,
    },
    /// Seal a lease's terms to both its organisations' keys and store them (a member of
    /// either organisation, with --from); replaces earlier terms
    Seal(SealArgs),
    /// Open a lease's terms with an organisation's encryption key, checked against their
    /// commitment
    Open {
        /// The lease's id
        #[arg(long)]
        lease: u64,
        /// The name of the organisation's encryption key (see `ledger cloud terms new-key`)
        #[arg(long)]
        key: String,
    },
}

/// `ledger cloud terms seal`
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("terms_text").required(true).args(["file", "text"])))]
pub struct SealArgs {
    /// The lease's id
    #[arg(long)]
    pub lease: u64,
    /// A UTF-8 file holding the terms
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// The terms themselves
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
}

impl SealArgs {
    /// The terms to seal, read from the file when one is given.
    pub fn terms(&self) -> anyhow::Result<String> {
        match (&self.text, &self.file) {
            (Some(text), _) => Ok(text.clone()),
            (None, Some(path)) => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("--file: cannot read {}", path.display()))?;
                String::from_utf8(bytes).map_err(|_| {
                    anyhow!(
                        "--file: {} is not UTF-8 text; the terms are sealed as text",
                        path.display()
                    )
                })
            }
            // clap requires one of the two.
            (None, None) => bail!("give the terms with --text <TEXT> or --file <PATH>"),
        }
    }
}

/// The command that makes the encryption key `name`.
pub fn new_key_command(name: &str) -> String {
    format!("ledger cloud terms new-key --name {name}")
}

/// The public half (hex) of the encryption key `name`, or an error that says how to make it.
pub fn public_key_of(app: &App, name: &str) -> anyhow::Result<HexBinary> {
    match encryption_keys::public_key(app, name)? {
        Some(public) => Ok(HexBinary::from(public)),
        None => bail!(
            "no encryption key named '{name}' in {}: make it with `{}`, or check --home",
            encryption_keys::store(app)?.dir().display(),
            new_key_command(name)
        ),
    }
}

#[derive(Serialize)]
struct KeyView {
    name: String,
    public_key: String,
    dir: String,
}

#[derive(Serialize)]
struct TermsSealed {
    lease_id: u64,
    revision: Option<u32>,
    commitment: String,
}

/// What `terms open -o json` prints.
#[derive(Serialize)]
struct TermsView<'a> {
    lease_id: u64,
    org: &'a str,
    side: &'a str,
    terms: &'a str,
    revision: u32,
    sealed_by: &'a str,
    sealed_at: u64,
    commitment: String,
    /// Always true: terms that do not match their commitment are never output.
    commitment_verified: bool,
}

impl<'a> TermsView<'a> {
    fn of(opened: &'a OpenedTerms) -> Self {
        TermsView {
            lease_id: opened.lease_id,
            org: &opened.org,
            side: opened.side.as_str(),
            terms: opened.text(),
            revision: opened.revision,
            sealed_by: opened.sealed_by.as_str(),
            sealed_at: opened.sealed_at,
            commitment: opened.commitment.to_hex(),
            commitment_verified: true,
        }
    }
}

/// Runs a `cloud terms` command.
pub async fn run(app: &App, cmd: TermsCmd) -> anyhow::Result<()> {
    match cmd {
        TermsCmd::NewKey { name } => new_key(app, &name),
        TermsCmd::Key { name } => {
            let public = public_key_of(app, &name)?;
            show_key(app, &name, &public)
        }
        TermsCmd::Seal(args) => seal(app, args).await,
        TermsCmd::Open { lease, key } => open(app, lease, &key).await,
    }
}

fn new_key(app: &App, name: &str) -> anyhow::Result<()> {
    if encryption_keys::public_key(app, name)?.is_some() {
        bail!(
            "an encryption key named '{name}' exists in {}: see it with `ledger cloud terms key \
             --name {name}`, or give another name",
            encryption_keys::store(app)?.dir().display()
        );
    }
    encryption_keys::generate(app, name)?;
    let public = public_key_of(app, name)?;
    if app.output() == Output::Table {
        eprintln!(
            "generated the encryption key '{name}', stored encrypted; register it with `ledger \
             cloud register-org ... --encryption-key-from {name}` (or `update-org`), and keep \
             its file and passphrase: they are the only way to open the organisation's terms"
        );
    }
    show_key(app, name, &public)
}

fn show_key(app: &App, name: &str, public: &HexBinary) -> anyhow::Result<()> {
    let view = KeyView {
        name: name.to_string(),
        public_key: public.to_hex(),
        dir: encryption_keys::store(app)?.dir().display().to_string(),
    };
    match app.output() {
        Output::Json => render::json(&view),
        Output::Table => {
            println!(
                "{}",
                render::record(vec![
                    ("name", view.name),
                    ("public key", view.public_key),
                    ("stored in", view.dir),
                ])
            );
            Ok(())
        }
    }
}

async fn seal(app: &App, args: SealArgs) -> anyhow::Result<()> {
    let terms = zeroize::Zeroizing::new(args.terms()?);
    let lease = args.lease;
    let (ledger, sender) = app.ledger_and_sender().await?;
    let outcome = ledger.cloud_seal_terms_text(&sender, lease, &terms).await?;
    let revision = outcome
        .attribute("wasm", "revision")
        .and_then(|v| v.parse().ok());
    let commitment = outcome
        .attribute("wasm", "commitment")
        .unwrap_or_default()
        .to_string();
    let action = format!(
        "sealed lease {lease}'s terms to both its organisations' keys (revision {}); only they \
         open them (`ledger cloud terms open --lease {lease} --key <name>`)",
        revision.map_or("?".to_string(), |r: u32| r.to_string())
    );
    render::tx(
        app.output(),
        &action,
        &outcome,
        TermsSealed {
            lease_id: lease,
            revision,
            commitment,
        },
    )
}

async fn open(app: &App, lease: u64, key: &str) -> anyhow::Result<()> {
    // Before the passphrase prompt: a missing key file is said at once.
    public_key_of(app, key)?;
    let secret = encryption_keys::secret(app, key, &new_key_command(key))?;
    let ledger = app.ledger().await?;
    let opened = ledger.cloud_open_terms(lease, &secret).await?;
    let view = TermsView::of(&opened);
    match app.output() {
        Output::Json => render::json(&view),
        Output::Table => {
            println!("{}", view.terms);
            eprintln!(
                "lease {} terms, revision {}, opened with {}'s key ({}); sealed by {} at {}; \
                 they match the commitment stored on chain",
                view.lease_id,
                view.revision,
                view.org,
                view.side,
                view.sealed_by,
                crate::when::datetime(view.sealed_at)
            );
            Ok(())
        }
    }
}
