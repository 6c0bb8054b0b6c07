//! `ledger cloud`: research organisations lending each other compute, metered and settled on
//! the ledger (the cloud-federation contract). One command per party's action and the
//! contract's queries:
//!
//! * registry administrator: `register-org`;
//! * an organisation's administrator: `update-org`, `add-user`, `remove-user`; as a
//!   provider: `set-quota`, `publish-prices`, `accept`, `reject`, `release`, `bills`,
//!   `bills export`, `totals`;
//! * a cloud user: `request` (escrows the whole holding period at the prices in force unless
//!   `--escrow` says otherwise, with a cw20 `Send` in the same transaction), `top-up`,
//!   `release`, `bills --consumer`;
//! * a member of either organisation of a lease: `terms seal` (the pair's private terms,
//!   sealed here to both organisations' encryption keys); whoever holds an organisation's
//!   encryption key: `terms open`; an organisation's administrator: `terms new-key` (the
//!   organisation's encryption key, kept encrypted at rest) and `terms key`;
//! * anyone: `prices` (every provider's prices side by side), `close` (a lease whose holding
//!   period is over or whose escrow is used up), `release-held`, and the queries `orgs`,
//!   `org`, `users`, `quotas`, `price-history`, `lease`, `leases`, `bills`, `totals` (tables,
//!   or `-o json`).
//!
//! The command line: [`args`]; queries: [`query`]; the settlement export: [`export`]; sealed
//! terms and encryption keys: [`terms`].

pub mod args;
pub mod export;
pub mod instance;
pub mod query;
pub mod terms;
#[cfg(test)]
mod tests;

pub use args::CloudCmd;

use anyhow::{Context, bail};
use cosmwasm_std::{HexBinary, Uint128};
use ledger_sdk::contracts::cloud::leases::lease_id_of;
use ledger_sdk::contracts::cloud::{InstanceType, PUBLIC_KEY_LEN, Prices, Quota, Resources};
use serde::Serialize;

use crate::context::{App, chain_now};
use crate::render::{self, NoExtra};
use crate::units::{Money, Span};
use crate::when::When;
use args::{PricesArgs, QuotaArgs, RequestArgs};

/// How far ahead of the latest block `--effective-from now` puts a price list, seconds: the
/// transaction lands in a later block, and a date before that block is refused.
pub const NOW_LEAD_SECONDS: u64 = 10;

#[derive(Serialize)]
struct OrgRegistered {
    org: String,
    admin: String,
}

#[derive(Serialize)]
struct QuotaSet {
    provider: String,
    consumer: String,
    quota: Quota,
}

#[derive(Serialize)]
struct PricesPublished {
    provider: String,
    version: Option<u32>,
    prices: Prices,
    instance_types: Vec<InstanceType>,
    effective_from: u64,
}

#[derive(Serialize)]
struct LeaseRequested {
    lease_id: Option<u64>,
    provider: String,
    /// The instance type asked for, if the host was asked by type.
    instance_type: Option<String>,
    resources: Resources,
    holding_seconds: u64,
    escrow: Uint128,
}

#[derive(Serialize)]
struct LeaseActed {
    lease_id: u64,
}

/// A compressed secp256k1 public key typed as hex, checked for its length before anything is
/// sent (the contract checks it is on the curve).
pub fn parse_public_key(flag: &str, hex: &str) -> anyhow::Result<HexBinary> {
    let key =
        HexBinary::from_hex(hex.trim()).with_context(|| format!("{flag}: '{hex}' is not hex"))?;
    if key.len() != PUBLIC_KEY_LEN || !matches!(key.first(), Some(2 | 3)) {
        bail!(
            "{flag}: give a compressed secp256k1 public key, {PUBLIC_KEY_LEN} bytes (66 hex \
             digits) starting with 02 or 03; this one is {} bytes",
            key.len()
        );
    }
    Ok(key)
}

/// The encryption key an organisation registers: typed as hex, or the public half of an
/// encryption key of this home by name; `None` when neither is given.
fn encryption_key_of(
    app: &App,
    hex: Option<String>,
    from: Option<String>,
) -> anyhow::Result<Option<HexBinary>> {
    match (hex, from) {
        (Some(_), Some(_)) => {
            bail!("give --encryption-key or --encryption-key-from, not both")
        }
        (Some(hex), None) => parse_public_key("--encryption-key", &hex).map(Some),
        (None, Some(name)) => terms::public_key_of(app, &name).map(Some),
        (None, None) => Ok(None),
    }
}

/// Runs a `cloud` command.
pub async fn run(app: &App, cmd: CloudCmd) -> anyhow::Result<()> {
    let cmd = match cmd.into_query() {
        Ok(query) => return query::run(app, query).await,
        Err(cmd) => cmd,
    };
    let out = app.output();
    match cmd {
        CloudCmd::Bills(args::BillsArgs {
            export: Some(args::BillsSub::Export(export)),
            ..
        }) => export::run(app, *export).await,
        CloudCmd::Terms { cmd } => terms::run(app, cmd).await,
        CloudCmd::RegisterOrg {
            id,
            name,
            admin,
            encryption_key,
            encryption_key_from,
        } => {
            let Some(key) = encryption_key_of(app, encryption_key, encryption_key_from)? else {
                bail!(
                    "give the organisation's encryption key: --encryption-key-from <name> (made \
                     with `ledger cloud terms new-key --name <name>`) or --encryption-key <HEX>"
                );
            };
            let admin = app.address(&admin)?;
            let outcome = app
                .transact(async |l, s| {
                    l.cloud_register_organisation(s, &id, &name, &admin, key)
                        .await
                })
                .await?;
            let action = format!("registered organisation {id} ({name}) administered by {admin}");
            render::tx(out, &action, &outcome, OrgRegistered { org: id, admin })
        }
        CloudCmd::UpdateOrg {
            org,
            encryption_key,
            encryption_key_from,
            payout,
        } => {
            let key = encryption_key_of(app, encryption_key, encryption_key_from)?;
            if key.is_none() && payout.is_none() {
                bail!(
                    "say what to change: --encryption-key-from <name> (or --encryption-key \
                     <HEX>) and/or --payout <ADDRESS>"
                );
            }
            let payout = payout.map(|p| app.address(&p)).transpose()?;
            let outcome = app
                .transact(async |l, s| l.cloud_update_organisation(s, &org, key, payout).await)
                .await?;
            render::tx(
                out,
                &format!("updated organisation {org}"),
                &outcome,
                NoExtra {},
            )
        }
        CloudCmd::AddUser { org, user } => {
            let user = app.address(&user)?;
            let outcome = app
                .transact(async |l, s| l.cloud_add_user(s, &org, &user).await)
                .await?;
            render::tx(out, &format!("added {user} to {org}"), &outcome, NoExtra {})
        }
        CloudCmd::RemoveUser { org, user } => {
            let user = app.address(&user)?;
            let outcome = app
                .transact(async |l, s| l.cloud_remove_user(s, &org, &user).await)
                .await?;
            render::tx(
                out,
                &format!("removed {user} from {org}"),
                &outcome,
                NoExtra {},
            )
        }
        CloudCmd::SetQuota(args) => set_quota(app, *args).await,
        CloudCmd::PublishPrices(args) => publish_prices(app, *args).await,
        CloudCmd::Request(args) => request(app, *args).await,
        CloudCmd::TopUp { lease, amount } => {
            if amount.minor() == 0 {
                bail!("--amount: a top-up adds more than nothing");
            }
            let outcome = app
                .transact(async |l, s| l.cloud_top_up(s, lease, amount.uint()).await)
                .await?;
            let action = format!("added {amount} to the escrow of lease {lease}");
            render::tx(out, &action, &outcome, LeaseActed { lease_id: lease })
        }
        CloudCmd::Accept { lease } => {
            let outcome = app
                .transact(async |l, s| l.cloud_accept_lease(s, lease).await)
                .await?;
            let action = format!("accepted lease {lease}; it is charged from this block on");
            render::tx(out, &action, &outcome, LeaseActed { lease_id: lease })
        }
        CloudCmd::Reject { lease, reason } => {
            let outcome = app
                .transact(async |l, s| l.cloud_reject_lease(s, lease, &reason).await)
                .await?;
            let action = format!("rejected lease {lease}; its escrow went back to its payer");
            render::tx(out, &action, &outcome, LeaseActed { lease_id: lease })
        }
        CloudCmd::Release { lease } => {
            let outcome = app
                .transact(async |l, s| l.cloud_release_lease(s, lease).await)
                .await?;
            let action = format!(
                "released lease {lease} (billed if it ran; see `ledger cloud lease {lease}`)"
            );
            render::tx(out, &action, &outcome, LeaseActed { lease_id: lease })
        }
        CloudCmd::Close { lease } => {
            let outcome = app
                .transact(async |l, s| l.cloud_close_lease(s, lease).await)
                .await?;
            let action = format!("closed and billed lease {lease}");
            render::tx(out, &action, &outcome, LeaseActed { lease_id: lease })
        }
        CloudCmd::ReleaseHeld { lease } => {
            let outcome = app
                .transact(async |l, s| l.cloud_release_held(s, lease).await)
                .await?;
            let action = format!("paid out what was held for lease {lease}");
            render::tx(out, &action, &outcome, LeaseActed { lease_id: lease })
        }
        other => bail!("internal error: {other:?} is not a transaction"),
    }
}

async fn set_quota(app: &App, args: QuotaArgs) -> anyhow::Result<()> {
    let quota = args.quota();
    let outcome = app
        .transact(async |l, s| {
            l.cloud_set_quota(s, &args.provider, &args.consumer, quota)
                .await
        })
        .await?;
    let action = format!(
        "{} grants {} at most {} vCPU, {} MiB, {} GiB, {} IP{} held together, leases up to {}",
        args.provider,
        args.consumer,
        quota.vcpus,
        quota.memory_mib,
        quota.disk_gib,
        quota.public_ips,
        quota.gpus.map_or(String::new(), |g| format!(", {g} GPU")),
        Span(quota.max_holding_seconds)
    );
    render::tx(
        app.output(),
        &action,
        &outcome,
        QuotaSet {
            provider: args.provider,
            consumer: args.consumer,
            quota,
        },
    )
}

async fn publish_prices(app: &App, args: PricesArgs) -> anyhow::Result<()> {
    let prices = args.prices().map_err(anyhow::Error::msg)?;
    let instance_types = args.instance_types();
    let (ledger, sender) = app.ledger_and_sender().await?;
    // `now` is a few blocks ahead of the latest block: the contract refuses a date before the
    // block that includes the transaction.
    let now = chain_now(&ledger.client).await?;
    let effective_from = match args.effective_from {
        When::Now => now + NOW_LEAD_SECONDS,
        When::At(at) => at,
    };
    let outcome = ledger
        .cloud_publish_prices(
            &sender,
            &args.provider,
            prices,
            instance_types.clone(),
            effective_from,
        )
        .await?;
    let version = outcome
        .attribute("wasm", "version")
        .and_then(|v| v.parse().ok());
    let types = match instance_types.len() {
        0 => String::new(),
        1 => ", with 1 instance type".to_string(),
        n => format!(", with {n} instance types"),
    };
    let action = format!(
        "published price list v{} of {} in force from {}{types}",
        version.map_or("?".to_string(), |v: u32| v.to_string()),
        args.provider,
        crate::when::datetime(effective_from)
    );
    render::tx(
        app.output(),
        &action,
        &outcome,
        PricesPublished {
            provider: args.provider,
            version,
            prices,
            instance_types,
            effective_from,
        },
    )
}

async fn request(app: &App, args: RequestArgs) -> anyhow::Result<()> {
    let holding = args.holding.0;
    let (ledger, sender) = app.ledger_and_sender().await?;
    // The provider's version in force now: the prices a new lease gets, and the instance
    // types it may be asked by.
    let current = ledger.cloud_current_prices(ledger_sdk::paging::ALL).await?;
    let in_force = current.items.iter().find(|v| v.provider == args.provider);
    let no_prices = || {
        anyhow::anyhow!(
            "{} has no price list in force, so no escrow can be computed: see `ledger cloud \
             prices`, or give --escrow",
            args.provider
        )
    };
    let (resources, listed) = match &args.instance {
        Some(name) => {
            let version = in_force.ok_or_else(|| {
                anyhow::anyhow!(
                    "{} has no price list in force, so it sells no instance type {name}: see \
                     `ledger cloud prices`",
                    args.provider
                )
            })?;
            let Some(listed) = version.instance_type(name) else {
                let names: Vec<&str> = version
                    .instance_types
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect();
                bail!(
                    "{}'s price list in force (v{}) sells no instance type {name}; it sells: {}",
                    args.provider,
                    version.version,
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                );
            };
            (listed.resources, Some(listed.clone()))
        }
        None => (args.resources().map_err(anyhow::Error::msg)?, None),
    };
    let escrow = match (args.escrow, &listed) {
        (Some(escrow), _) => escrow.uint(),
        // The escrow that pays the whole holding period at the type's hourly price...
        (None, Some(listed)) => {
            ledger
                .cloud_escrow_for_instance(listed.per_hour, holding)
                .await?
        }
        // ...or at the unit prices of the version in force.
        (None, None) => {
            let version = in_force.ok_or_else(no_prices)?;
            ledger
                .cloud_escrow_for(&resources, &version.prices, holding)
                .await?
        }
    };
    let outcome = match &listed {
        Some(listed) => {
            ledger
                .cloud_request_instance(
                    &sender,
                    &args.provider,
                    &listed.name,
                    holding,
                    None,
                    escrow,
                )
                .await?
        }
        None => {
            ledger
                .cloud_request_lease(&sender, &args.provider, resources, holding, None, escrow)
                .await?
        }
    };
    let lease_id = lease_id_of(&outcome);
    let host = match &listed {
        Some(listed) => format!(
            "{}: {}",
            listed.name,
            crate::render::cloud::resources(&resources)
        ),
        None => crate::render::cloud::resources(&resources),
    };
    let action = format!(
        "requested lease {} from {} ({host} for {}), escrowing {}; the provider accepts or rejects it",
        lease_id.map_or("?".to_string(), |id| id.to_string()),
        args.provider,
        args.holding,
        Money::from_minor(escrow.u128())
    );
    render::tx(
        app.output(),
        &action,
        &outcome,
        LeaseRequested {
            lease_id,
            provider: args.provider,
            instance_type: listed.map(|t| t.name),
            resources,
            holding_seconds: holding,
            escrow,
        },
    )
}
