//! `ledger admin`: the registry's administrator (participants, meters, the admin role) and
//! blacklister (blacklist) actions.

pub mod emergency;

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand, ValueEnum};
use cosmwasm_std::Binary;
use ledger_client::KeyStore;
use ledger_sdk::contracts::registry::{
    MeterKind, MeterStatus, ParticipantStatus, RegisterMeter, Role,
};
use ledger_sdk::{Ledger, Sender};
use serde::Serialize;

use crate::args::{ContractArg, RoleArg};
use crate::context::{ACCOUNT_PREFIX, App};
use crate::render::core::role_list;
use crate::render::{self, NoExtra, Output};
use crate::secrets::{self, METER_PASSPHRASE_ENV};
use crate::units::Money;
use emergency::RoleChangeArg;

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Consumer => Role::Consumer,
            RoleArg::Retailer => Role::Retailer,
            RoleArg::BankOperator => Role::BankOperator,
            RoleArg::Blacklister => Role::Blacklister,
            RoleArg::Auditor => Role::Auditor,
            RoleArg::Guardian => Role::Guardian,
            RoleArg::CloudProvider => Role::CloudProvider,
            RoleArg::CloudUser => Role::CloudUser,
        }
    }
}

/// A participant's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ParticipantStatusArg {
    /// May act.
    Active,
    /// May not act until reactivated.
    Suspended,
}

/// A meter's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MeterStatusArg {
    /// Readings are accepted.
    Active,
    /// Readings are refused until reactivated.
    Suspended,
    /// Taken out of service for good.
    Retired,
}

/// What a meter measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MeterKindArg {
    /// Energy a consumer takes; billed each period
    Consumption,
    /// Energy a generator delivers; its readings prove delivery to the park market, which
    /// settles it; never billed (no contracted amount, main chain only)
    Generation,
}

impl From<MeterKindArg> for MeterKind {
    fn from(kind: MeterKindArg) -> Self {
        match kind {
            MeterKindArg::Consumption => MeterKind::Consumption,
            MeterKindArg::Generation => MeterKind::Generation,
        }
    }
}

/// `ledger admin ...`
#[derive(Subcommand, Debug)]
pub enum AdminCmd {
    /// Register participants and change their roles and status
    #[command(subcommand)]
    Participant(ParticipantCmd),
    /// Blacklist a participant: its meters' readings and its payments stop everywhere
    /// (blacklister or admin)
    Blacklist {
        /// The participant's address (or a key name)
        address: String,
        /// Why, recorded on chain
        #[arg(long)]
        reason: String,
    },
    /// Lift a blacklisting (blacklister or admin)
    Unblacklist {
        /// The participant's address (or a key name)
        address: String,
    },
    /// Register meters and change their status
    #[command(subcommand)]
    Meter(AdminMeterCmd),
    /// Pause a contract at once: it refuses every change until the administrator resumes it
    /// (guardian or admin)
    Pause {
        /// Which contract
        #[arg(long, value_enum)]
        contract: ContractArg,
        /// With --contract meter: a meter of the meter contract to pause
        #[arg(long, value_name = "METER_ID")]
        meter: Option<String>,
        /// Why, recorded on chain
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Resume a paused contract (admin)
    Unpause {
        /// Which contract
        #[arg(long, value_enum)]
        contract: ContractArg,
        /// With --contract meter: a meter of the meter contract to resume
        #[arg(long, value_name = "METER_ID")]
        meter: Option<String>,
    },
    /// Schedule new roles for several participants at once; they take effect with
    /// `execute-timelocked` after the registry's time lock (see `ledger query timelocked`)
    ScheduleRoles {
        /// ADDRESS=ROLE[,ROLE]: a participant (address or key name) and all its new roles;
        /// repeat for several
        #[arg(long = "change", value_name = "ADDRESS=ROLES", required = true)]
        changes: Vec<RoleChangeArg>,
    },
    /// Carry out a scheduled role change whose delay has passed
    ExecuteTimelocked {
        /// The operation's id (`ledger query timelocked`)
        id: u64,
    },
    /// Cancel a pending time-locked operation (a role change or the admin proposal)
    CancelTimelocked {
        /// The operation's id (`ledger query timelocked`)
        id: u64,
    },
    /// Offer the admin role to another address, which takes it with `accept-admin` once the
    /// registry's time lock has passed
    ProposeAdmin {
        /// The proposed administrator's address (or a key name)
        address: String,
    },
    /// Take the admin role offered to the --from key
    AcceptAdmin,
    /// Withdraw a pending admin proposal
    CancelAdminProposal,
}

/// `ledger admin participant ...`
#[derive(Subcommand, Debug)]
pub enum ParticipantCmd {
    /// Register a participant with its roles
    Add {
        /// The participant's address (or a key name)
        address: String,
        /// Display name
        #[arg(long)]
        name: String,
        /// A role; repeat for several (--role consumer --role retailer)
        #[arg(long = "role", value_enum, required = true)]
        roles: Vec<RoleArg>,
        /// Register the participant in this regional sub-chain's registry instead, which says
        /// who may write the region's tariffs (a retailer must own the tariffs of its meters)
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
    },
    /// Replace a participant's roles
    SetRoles {
        /// The participant's address (or a key name)
        address: String,
        /// A role; repeat for several
        #[arg(long = "role", value_enum, required = true)]
        roles: Vec<RoleArg>,
    },
    /// Suspend or reactivate a participant
    SetStatus {
        /// The participant's address (or a key name)
        address: String,
        /// The new status
        #[arg(value_enum)]
        status: ParticipantStatusArg,
    },
}

/// `ledger admin meter ...`
#[derive(Subcommand, Debug)]
pub enum AdminMeterCmd {
    /// Register a meter; the owner's first meter creates the owner's meter contract
    Register(RegisterMeterArgs),
    /// Suspend, reactivate or retire a meter
    SetStatus {
        /// The meter's id
        meter_id: String,
        /// The new status
        #[arg(value_enum)]
        status: MeterStatusArg,
    },
}

/// `ledger admin meter register`
#[derive(Args, Debug)]
pub struct RegisterMeterArgs {
    /// The meter's id (1 to 64 bytes)
    pub meter_id: String,
    /// The owning consumer's address (or a key name)
    #[arg(long)]
    pub owner: String,
    /// The retailer's address (or a key name); bill payments go to it
    #[arg(long)]
    pub retailer: String,
    /// A tariff id defined in the tariff contract
    #[arg(long)]
    pub tariff: String,
    /// The meter's 33-byte compressed secp256k1 public key, hex (66 digits)
    #[arg(
        long,
        required_unless_present = "generate_key",
        conflicts_with = "generate_key"
    )]
    pub pubkey: Option<String>,
    /// Generate the meter's key, write it encrypted to FILE (a `.json` key-store file the
    /// meter client reads; passphrase from LEDGER_METER_PASSPHRASE or a prompt) and register
    /// its public key
    #[arg(long, value_name = "FILE")]
    pub generate_key: Option<PathBuf>,
    /// The register value when the meter is installed, Wh
    #[arg(long, default_value_t = 0)]
    pub initial_register_wh: u64,
    /// Contracted monthly amount in currency units (e.g. 80.00): the first period's estimate
    #[arg(long, default_value = "0")]
    pub contracted_amount: Money,
    /// Register the meter in this regional sub-chain: the router sends it there and the
    /// region's endpoint creates its meter contract (the tariff must be the region's)
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,
    /// What the meter measures: consumption (billed) or generation (settled by the park
    /// market, never billed)
    #[arg(long, value_enum, default_value_t = MeterKindArg::Consumption)]
    pub kind: MeterKindArg,
}

/// Parses a 33-byte compressed secp256k1 public key in hex.
pub fn parse_pubkey(hex_key: &str) -> anyhow::Result<Vec<u8>> {
    let trimmed = hex_key.trim();
    let trimmed = trimmed.strip_prefix("0x").unwrap_or(trimmed);
    let bytes = hex::decode(trimmed).map_err(|e| anyhow!("the public key is not hex: {e}"))?;
    if bytes.len() != 33 || !matches!(bytes[0], 2 | 3) {
        bail!(
            "the public key must be a 33-byte compressed secp256k1 key (66 hex digits starting \
             with 02 or 03), got {} bytes",
            bytes.len()
        );
    }
    Ok(bytes)
}

/// Where `--generate-key FILE` keeps the key: a key store in FILE's directory under FILE's
/// stem, so that the file is exactly `FILE`.
pub fn key_file_store(file: &Path) -> anyhow::Result<(KeyStore, String)> {
    if file.extension().and_then(|e| e.to_str()) != Some("json") {
        bail!(
            "--generate-key {}: the key file's name must end in .json",
            file.display()
        );
    }
    let name = file
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| anyhow!("--generate-key {}: not a file name", file.display()))?
        .to_string();
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((KeyStore::open(dir, ACCOUNT_PREFIX), name))
}

#[derive(Serialize)]
struct RegisteredMeter<'a> {
    meter_id: &'a str,
    /// The meter contract; for a regional meter `None` until its region has created it.
    #[serde(skip_serializing_if = "Option::is_none")]
    meter_contract: Option<String>,
    /// The regional sub-chain the router sends the meter to.
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    /// `consumption` or `generation`.
    kind: &'static str,
    pubkey: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_file: Option<String>,
}

/// Runs an `admin` command.
pub async fn run(app: &App, cmd: AdminCmd) -> anyhow::Result<()> {
    let cmd = match cmd {
        AdminCmd::Meter(AdminMeterCmd::Register(args)) => return register_meter(app, args).await,
        AdminCmd::Pause {
            contract,
            meter,
            reason,
        } => return emergency::pause(app, contract, meter, Some(reason)).await,
        AdminCmd::Unpause { contract, meter } => {
            return emergency::pause(app, contract, meter, None).await;
        }
        AdminCmd::ScheduleRoles { changes } => {
            return emergency::schedule_roles(app, changes).await;
        }
        AdminCmd::ExecuteTimelocked { id } => return emergency::timelocked(app, id, false).await,
        AdminCmd::CancelTimelocked { id } => return emergency::timelocked(app, id, true).await,
        other => other,
    };
    let (outcome, action) = match cmd {
        AdminCmd::Participant(ParticipantCmd::Add {
            address,
            name,
            roles,
            region,
        }) => {
            let address = app.address(&address)?;
            let roles: Vec<Role> = roles.into_iter().map(Role::from).collect();
            let mut action = format!("registered {name} ({address}) as {}", role_list(&roles));
            if let Some(region) = &region {
                action.push_str(&format!(" in {region}'s registry"));
            }
            let (ledger, sender) = app.ledger_and_sender_in(region.as_deref()).await?;
            let outcome = ledger
                .register_participant(&sender, address, name, roles)
                .await?;
            (outcome, action)
        }
        AdminCmd::Participant(ParticipantCmd::SetRoles { address, roles }) => {
            let address = app.address(&address)?;
            let roles: Vec<Role> = roles.into_iter().map(Role::from).collect();
            let action = format!("set the roles of {address} to {}", role_list(&roles));
            let set = async |l: &Ledger, s: &Sender| l.set_roles(s, address, roles).await;
            (app.transact(set).await?, action)
        }
        AdminCmd::Participant(ParticipantCmd::SetStatus { address, status }) => {
            let address = app.address(&address)?;
            let status = match status {
                ParticipantStatusArg::Active => ParticipantStatus::Active,
                ParticipantStatusArg::Suspended => ParticipantStatus::Suspended,
            };
            let action = format!("set the status of {address} to {}", status.as_str());
            let set =
                async |l: &Ledger, s: &Sender| l.set_participant_status(s, address, status).await;
            (app.transact(set).await?, action)
        }
        AdminCmd::Blacklist { address, reason } => {
            let address = app.address(&address)?;
            let action = format!("blacklisted {address}");
            let block = async |l: &Ledger, s: &Sender| l.blacklist(s, address, reason).await;
            (app.transact(block).await?, action)
        }
        AdminCmd::Unblacklist { address } => {
            let address = app.address(&address)?;
            let action = format!("lifted the blacklisting of {address}");
            let lift = async |l: &Ledger, s: &Sender| l.unblacklist(s, address).await;
            (app.transact(lift).await?, action)
        }
        AdminCmd::Meter(AdminMeterCmd::SetStatus { meter_id, status }) => {
            let status = match status {
                MeterStatusArg::Active => MeterStatus::Active,
                MeterStatusArg::Suspended => MeterStatus::Suspended,
                MeterStatusArg::Retired => MeterStatus::Retired,
            };
            let action = format!("set the status of meter {meter_id} to {}", status.as_str());
            let set = async |l: &Ledger, s: &Sender| l.set_meter_status(s, meter_id, status).await;
            (app.transact(set).await?, action)
        }
        AdminCmd::Meter(AdminMeterCmd::Register(_))
        | AdminCmd::Pause { .. }
        | AdminCmd::Unpause { .. }
        | AdminCmd::ScheduleRoles { .. }
        | AdminCmd::ExecuteTimelocked { .. }
        | AdminCmd::CancelTimelocked { .. } => unreachable!("handled above"),
        AdminCmd::ProposeAdmin { address } => {
            let address = app.address(&address)?;
            let action = format!(
                "offered the admin role to {address}; it runs accept-admin once the time lock has passed (see `ledger query registry`)"
            );
            let offer = async |l: &Ledger, s: &Sender| l.propose_admin(s, address).await;
            (app.transact(offer).await?, action)
        }
        AdminCmd::AcceptAdmin => (
            app.transact(async |l, s| l.accept_admin(s).await).await?,
            "took the admin role".to_string(),
        ),
        AdminCmd::CancelAdminProposal => (
            app.transact(async |l, s| l.cancel_admin_proposal(s).await)
                .await?,
            "withdrew the admin proposal".to_string(),
        ),
    };
    render::tx(app.output(), &action, &outcome, NoExtra {})
}

async fn register_meter(app: &App, args: RegisterMeterArgs) -> anyhow::Result<()> {
    let owner = app.address(&args.owner)?;
    let retailer = app.address(&args.retailer)?;
    let (ledger, sender) = app.ledger_and_sender().await?;

    // The key file is written before the transaction, so a registered meter never lacks its
    // key; if the registration fails the unused file is removed again.
    let mut written: Option<PathBuf> = None;
    let pubkey = match (&args.pubkey, &args.generate_key) {
        (Some(hex_key), _) => parse_pubkey(hex_key)?,
        (None, Some(file)) => {
            let (store, name) = key_file_store(file)?;
            if file.exists() {
                bail!(
                    "{} already exists: choose another file, or register its key with --pubkey",
                    file.display()
                );
            }
            let pass = secrets::new_passphrase(
                METER_PASSPHRASE_ENV,
                &format!("the key of meter {}", args.meter_id),
            )?;
            let info = store
                .generate(&name, &pass)
                .with_context(|| format!("cannot write the meter key to {}", file.display()))?;
            written = Some(file.clone());
            hex::decode(&info.public_key)?
        }
        (None, None) => bail!("give the meter's public key with --pubkey or --generate-key"),
    };
    let pubkey_hex = hex::encode(&pubkey);
    let meter = RegisterMeter {
        meter_id: args.meter_id.clone(),
        owner: owner.clone(),
        retailer,
        pubkey: Binary::from(pubkey),
        tariff_id: args.tariff.clone(),
        initial_register_wh: args.initial_register_wh,
        contracted_monthly_amount: args.contracted_amount.uint(),
        region: args.region.clone(),
        kind: args.kind.into(),
    };
    let outcome = match ledger.register_meter(&sender, meter).await {
        Ok(outcome) => outcome,
        Err(e) => {
            if let Some(file) = &written {
                let _ = std::fs::remove_file(file);
            }
            return Err(e.into());
        }
    };
    // A regional meter's contract is created by its region when the relayer has carried the
    // registration; until then the registry names only the router.
    let contract = match &args.region {
        Some(_) => match ledger.locate_meter(&args.meter_id).await {
            Ok(location) => Some(location.contract),
            Err(ledger_sdk::Error::MeterPending { .. }) => None,
            Err(e) => return Err(e.into()),
        },
        None => Some(ledger.meter_contract(&args.meter_id).await?),
    };
    if let Some(file) = &written {
        if app.output() == Output::Table {
            eprintln!(
                "meter key written encrypted to {}; public key {pubkey_hex}",
                file.display()
            );
        }
    }
    let whereabouts = match (&contract, &args.region) {
        (Some(contract), Some(region)) => format!("meter contract {contract} in {region}"),
        (Some(contract), None) => format!("meter contract {contract}"),
        (None, Some(region)) => format!(
            "sent to {region}, whose endpoint creates its meter contract once the relayer \
             carries it; see `ledger region route {}`",
            args.meter_id
        ),
        (None, None) => "no meter contract".to_string(),
    };
    render::tx(
        app.output(),
        &format!(
            "registered {} meter {} of {owner} on tariff {} ({whereabouts})",
            MeterKind::from(args.kind).as_str(),
            args.meter_id,
            args.tariff
        ),
        &outcome,
        RegisteredMeter {
            meter_id: &args.meter_id,
            meter_contract: contract,
            region: args.region.clone(),
            kind: MeterKind::from(args.kind).as_str(),
            pubkey: pubkey_hex,
            key_file: written.map(|f| f.display().to_string()),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pubkeys_are_checked() {
        let key = format!("02{}", "ab".repeat(32));
        assert_eq!(parse_pubkey(&key).unwrap().len(), 33);
        assert_eq!(parse_pubkey(&format!("0x{key}")).unwrap().len(), 33);
        assert!(parse_pubkey(&format!("04{}", "ab".repeat(32))).is_err());
        assert!(parse_pubkey("02abcd").is_err());
        assert!(parse_pubkey("zz").is_err());
    }

    #[test]
    fn key_files_map_to_a_store_and_a_name() {
        let (store, name) = key_file_store(Path::new("/tmp/keys/meter-7.json")).unwrap();
        assert_eq!(name, "meter-7");
        assert_eq!(store.dir(), Path::new("/tmp/keys"));
        let (store, name) = key_file_store(Path::new("m1.json")).unwrap();
        assert_eq!((store.dir(), name.as_str()), (Path::new("."), "m1"));
        assert!(key_file_store(Path::new("meter.key")).is_err());
    }
}
