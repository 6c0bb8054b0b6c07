//! `ledger loan`: lenders sharing loan assets without showing the borrower before a deal.
//! One command per role's action and the loan-share contract's queries:
//!
//! * registry administrator: `roles`;
//! * every lender: `register-key` (makes the encryption key locally, stored encrypted, and
//!   registers its public half);
//! * token issuer: `recharge` (mints against an off-chain payment reference) and `redeem`
//!   (burns what a holder escrowed with `request-redemption` once the currency is paid out);
//! * contributor: `import` (applications from CSV or XLSX, each posted as a plan with the
//!   borrower's fields sealed on this machine), `watch` (discloses to each confirming
//!   participant, see [`watch`]) and `withdraw`;
//! * participant: `plans --open`, `confirm` (pays the fee with a cw20 `Send` in the same
//!   transaction) and `decrypt` (opens what was disclosed and checks every field against the
//!   plan's commitment);
//! * queries: `plans`, `plan`, `confirmations`, `disclosures`, `balance`, `key`, `totals`,
//!   `members`, `redemptions` (tables, or `-o json`).
//!
//! The command line: [`args`]; files: [`files`]; cryptography: [`crypto`]; queries: [`query`];
//! the watcher: [`watch`]. Encryption keys are kept by [`crate::encryption_keys`], shared with
//! the cloud commands.

pub mod args;
pub mod crypto;
pub mod files;
pub mod query;
pub mod watch;

pub use args::LoanCmd;
use args::RateArg;
use std::path::Path;

use anyhow::{Context, anyhow, bail};

use comfy_table::Cell;
use cosmwasm_std::{HexBinary, Uint128};
use ledger_sdk::contracts::loan_share::{LoanShareRole, ReceiveMsg, fee_for};
use serde::Serialize;

use crate::context::{App, chain_now};
use crate::encryption_keys as loan_keys;
use crate::render::loan::rate;
use crate::render::{self, NoExtra, Output, num};
use crate::units::{Money, money};
use crate::when;
use crypto::{reveal, seal_row};
use files::{LoanRow, read_applications};
use ledger_sdk::Ledger;
use query::{self as loan_query};
use watch::{self as loan_watch};

#[derive(Serialize)]
struct RolesSet {
    address: String,
    roles: Vec<LoanShareRole>,
}

#[derive(Serialize)]
struct KeyRegistered {
    address: String,
    public_key: String,
    key_version: Option<u32>,
}

#[derive(Serialize)]
struct Recharged {
    reference: String,
    recipient: String,
    amount: Uint128,
}

#[derive(Serialize)]
struct RedemptionRequested {
    redemption_id: Option<u64>,
    amount: Uint128,
}

#[derive(Serialize)]
struct Confirmed {
    confirmation_id: Option<u64>,
    plan_id: u64,
    amount: Uint128,
    rate_bps: u32,
    fee: Uint128,
}

/// Runs a `loan` command.
pub async fn run(app: &App, cmd: LoanCmd) -> anyhow::Result<()> {
    let cmd = match cmd.into_query() {
        Ok(query) => return loan_query::run(app, query).await,
        Err(cmd) => cmd,
    };
    let out = app.output();
    match cmd {
        LoanCmd::Import {
            file,
            sheet,
            dry_run,
            skip_posted,
        } => import(app, &file, sheet.as_deref(), dry_run, skip_posted).await,
        LoanCmd::Watch(args) => loan_watch::run(app, args).await,
        LoanCmd::Decrypt { confirmation } => decrypt(app, confirmation).await,
        LoanCmd::RegisterKey => register_key(app).await,
        LoanCmd::Roles {
            address,
            roles,
            clear,
        } => {
            let address = app.address(&address)?;
            let roles: Vec<LoanShareRole> = if clear {
                Vec::new()
            } else {
                roles.into_iter().map(LoanShareRole::from).collect()
            };
            let (ledger, sender) = app.ledger_and_sender().await?;
            let outcome = ledger
                .set_loan_roles(&sender, address.clone(), roles.clone())
                .await?;
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            let action = if roles.is_empty() {
                format!("removed the loan-share roles of {address}")
            } else {
                format!(
                    "set the loan-share roles of {address} to {}",
                    names.join(", ")
                )
            };
            render::tx(out, &action, &outcome, RolesSet { address, roles })
        }
        LoanCmd::Recharge {
            reference,
            recipient,
            amount,
        } => {
            if amount.minor() == 0 {
                bail!("--amount: a recharge mints more than nothing");
            }
            let recipient = app.address(&recipient)?;
            let (ledger, sender) = app.ledger_and_sender().await?;
            let outcome = ledger
                .recharge(&sender, reference.clone(), recipient.clone(), amount.uint())
                .await?;
            let action = format!(
                "minted {amount} consortium tokens to {recipient} against payment {reference}"
            );
            render::tx(
                out,
                &action,
                &outcome,
                Recharged {
                    reference,
                    recipient,
                    amount: amount.uint(),
                },
            )
        }
        LoanCmd::RequestRedemption {
            amount,
            payout_account,
        } => {
            if amount.minor() == 0 {
                bail!("--amount: redeem more than nothing");
            }
            let (ledger, sender) = app.ledger_and_sender().await?;
            let token = ledger.loan_token().await?;
            let outcome = ledger
                .cw20_send(
                    &sender,
                    &token,
                    ledger.loan_contract()?,
                    amount.uint(),
                    &ReceiveMsg::RequestRedemption { payout_account },
                )
                .await?;
            let redemption_id = outcome
                .attribute("wasm", "redemption_id")
                .and_then(|v| v.parse().ok());
            let action = format!(
                "sent {amount} tokens for redemption (request {}); the token issuer pays the \
                 currency out and burns them",
                redemption_id.map_or("?".to_string(), |id: u64| id.to_string())
            );
            render::tx(
                out,
                &action,
                &outcome,
                RedemptionRequested {
                    redemption_id,
                    amount: amount.uint(),
                },
            )
        }
        LoanCmd::Redeem {
            request,
            payout_reference,
        } => {
            let (ledger, sender) = app.ledger_and_sender().await?;
            let outcome = ledger
                .loan_redeem(&sender, request, payout_reference.clone())
                .await?;
            let action = format!(
                "burned the tokens of redemption request {request} (payout {payout_reference})"
            );
            render::tx(out, &action, &outcome, NoExtra {})
        }
        LoanCmd::Withdraw { plan } => {
            let (ledger, sender) = app.ledger_and_sender().await?;
            let outcome = ledger.withdraw_plan(&sender, plan).await?;
            render::tx(out, &format!("withdrew plan {plan}"), &outcome, NoExtra {})
        }
        LoanCmd::Confirm { plan, amount, rate } => confirm(app, plan, amount, rate).await,
        other => bail!("internal error: {other:?} is not a transaction"),
    }
}

/// The command that makes and registers the encryption key `name`.
pub fn register_key_command(name: &str) -> String {
    format!("ledger loan register-key --from {name}")
}

/// `ledger loan register-key`
async fn register_key(app: &App) -> anyhow::Result<()> {
    let name = app.require_from()?;
    let store = loan_keys::store(app)?;
    let public = match loan_keys::public_key(app, &name)? {
        Some(public) => public,
        None => {
            loan_keys::generate(app, &name)?;
            eprintln!(
                "generated the encryption key '{name}', stored encrypted in {}",
                store.dir().display()
            );
            loan_keys::public_key(app, &name)?
                .ok_or_else(|| anyhow!("the new encryption key '{name}' cannot be read back"))?
        }
    };
    let public = HexBinary::from(public);
    let (ledger, sender) = app.ledger_and_sender().await?;
    let address = sender.address();
    if let Some(current) = ledger.loan_key(&address).await? {
        if current.public_key == public {
            if app.output() == Output::Json {
                return render::json(&KeyRegistered {
                    address,
                    public_key: public.to_hex(),
                    key_version: Some(current.version),
                });
            }
            eprintln!(
                "the encryption key of '{name}' ({address}) is already registered (version {}); \
                 nothing was sent",
                current.version
            );
            return Ok(());
        }
        eprintln!(
            "note: {address} had another key registered (version {}); confirmations made \
             before keep it, later ones use the new key",
            current.version
        );
    }
    let outcome = ledger.register_loan_key(&sender, public.clone()).await?;
    let key_version = outcome
        .attribute("wasm", "key_version")
        .and_then(|v| v.parse().ok());
    render::tx(
        app.output(),
        &format!(
            "registered the encryption key of '{name}' ({address}): {}",
            public.to_hex()
        ),
        &outcome,
        KeyRegistered {
            address,
            public_key: public.to_hex(),
            key_version,
        },
    )
}

/// `ledger loan confirm`
async fn confirm(app: &App, plan_id: u64, amount: Money, rate_arg: RateArg) -> anyhow::Result<()> {
    let (ledger, sender) = app.ledger_and_sender().await?;
    let info = ledger.loan_plan(plan_id).await?;
    let fee = fee_for(amount.uint(), info.plan.terms.fee_per_10k)
        .map_err(|e| anyhow!("--amount {amount} is too large: {e}"))?;
    let token = ledger.loan_token().await?;
    let balance = ledger.loan_balance(&sender.address()).await?;
    if balance < fee {
        bail!(
            "the fee for {amount} of plan {plan_id} is {} tokens and {} holds {}: buy tokens \
             from the token issuer (`ledger loan recharge`) first",
            money(fee),
            sender.address(),
            money(balance)
        );
    }
    // The contract checks the window, the rate range, the participant limit and the offer;
    // its refusal comes back as the error.
    let outcome = ledger
        .cw20_send(
            &sender,
            &token,
            ledger.loan_contract()?,
            fee,
            &ReceiveMsg::Confirm {
                plan_id,
                amount: amount.uint(),
                rate_bps: rate_arg.0,
            },
        )
        .await?;
    let confirmation_id = outcome
        .attribute("wasm", "confirmation_id")
        .and_then(|v| v.parse().ok());
    let action = format!(
        "confirmed {amount} of plan {plan_id} at {} (confirmation {}); paid {} tokens to the \
         contributor, who now discloses the borrower's fields to your key",
        rate(rate_arg.0),
        confirmation_id.map_or("?".to_string(), |id: u64| id.to_string()),
        money(fee)
    );
    render::tx(
        app.output(),
        &action,
        &outcome,
        Confirmed {
            confirmation_id,
            plan_id,
            amount: amount.uint(),
            rate_bps: rate_arg.0,
            fee,
        },
    )
}

/// A decrypted field in JSON.
#[derive(Serialize)]
struct RevealedField<'a> {
    field: &'a str,
    value: &'a str,
    disclosed_at: u64,
    /// Always true: a field that does not match its commitment is never output.
    commitment_verified: bool,
}

#[derive(Serialize)]
struct RevealedConfirmation<'a> {
    confirmation_id: u64,
    plan_id: u64,
    asset_id: &'a str,
    fields: Vec<RevealedField<'a>>,
    not_yet_disclosed: Vec<&'a str>,
}

/// `ledger loan decrypt`
async fn decrypt(app: &App, confirmation_id: u64) -> anyhow::Result<()> {
    let name = app.tx.from.clone().ok_or_else(|| {
        anyhow!(
            "say whose encryption key decrypts with --from <key name> (the participant that \
             confirmed)"
        )
    })?;
    let account = app.key_info(&name)?.address;
    let ledger = app.ledger().await?;
    let contract = ledger.loan_contract()?.to_string();
    let confirmation = ledger.loan_confirmation(confirmation_id).await?;
    if confirmation.participant.as_str() != account {
        bail!(
            "confirmation {confirmation_id} belongs to {}, not to '{name}' ({account}); only its \
             participant's key opens its disclosures",
            confirmation.participant
        );
    }
    let local = loan_keys::public_key(app, &name)?.ok_or_else(|| {
        anyhow!(
            "no encryption key named '{name}' in {}: the disclosures can only be read with the \
             key registered when you confirmed",
            loan_keys::store(app)
                .map(|s| s.dir().display().to_string())
                .unwrap_or_default()
        )
    })?;
    if local != confirmation.participant_key.as_slice() {
        bail!(
            "confirmation {confirmation_id} was made with the encryption key {}, but the local \
             key '{name}' is {}; only the key registered at confirmation opens its disclosures",
            confirmation.participant_key.to_hex(),
            hex::encode(&local)
        );
    }
    let disclosures = ledger.confirmation_disclosures(confirmation_id).await?;
    if disclosures.is_empty() {
        bail!(
            "nothing is disclosed for confirmation {confirmation_id} yet: the contributor's \
             watcher (`ledger loan watch`) posts the fields after the confirmation; try again \
             later"
        );
    }
    let plan = ledger.loan_plan(confirmation.plan_id).await?.plan;
    let secret = loan_keys::secret(app, &name, &register_key_command(&name))?;
    let revealed = reveal(&secret, &contract, &plan, &confirmation, &disclosures);

    let pending: Vec<&str> = confirmation
        .fields
        .iter()
        .filter(|f| !confirmation.disclosed.contains(f))
        .map(|f| f.as_str())
        .collect();
    let mut refused = Vec::new();
    let mut fields = Vec::new();
    for r in &revealed {
        match &r.value {
            Ok(value) => fields.push(RevealedField {
                field: r.field.as_str(),
                value: value.expose(),
                disclosed_at: r.disclosed_at,
                commitment_verified: true,
            }),
            Err(e) => refused.push(format!("{}: {e}", r.field.as_str())),
        }
    }
    match app.output() {
        Output::Json => render::json(&RevealedConfirmation {
            confirmation_id,
            plan_id: plan.id,
            asset_id: &plan.asset_id,
            fields,
            not_yet_disclosed: pending.clone(),
        })?,
        Output::Table => {
            if !fields.is_empty() {
                let mut t = render::table(["field", "value", "disclosed", "commitment"]);
                for f in &fields {
                    t.add_row(vec![
                        Cell::new(f.field),
                        Cell::new(f.value),
                        Cell::new(when::datetime(f.disclosed_at)),
                        Cell::new("matches"),
                    ]);
                }
                println!("{t}");
            }
            if !pending.is_empty() {
                eprintln!(
                    "not disclosed yet: {}; the contributor's watcher posts them",
                    pending.join(", ")
                );
            }
        }
    }
    if !refused.is_empty() {
        bail!(
            "{} disclosed field(s) of confirmation {confirmation_id} (plan {}) were REFUSED and \
             are not shown: {}. A field that does not match the plan's commitment is not the \
             value the contributor committed to; keep the disclosure as evidence and raise it \
             with the contributor",
            refused.len(),
            plan.id,
            refused.join("; ")
        );
    }
    Ok(())
}

/// A posted row, as `import` reports it.
#[derive(Serialize)]
struct PostedPlan {
    row: u64,
    asset_id: String,
    plan_id: Option<u64>,
    txhash: String,
    height: u64,
}

#[derive(Serialize)]
struct Imported {
    action: String,
    file: String,
    posted: Vec<PostedPlan>,
    skipped: Vec<String>,
}

/// A row as `import --dry-run` shows it: everything but the sensitive values.
#[derive(Serialize)]
struct RowPreview<'a> {
    row: u64,
    asset_id: &'a str,
    loan_type: &'a str,
    loan_amount: Uint128,
    offered: Uint128,
    min_rate_bps: u32,
    max_rate_bps: u32,
    fee_per_10k: u32,
    max_participants: u32,
    sealed_fields: Vec<&'a str>,
}

fn preview(row: &LoanRow) -> RowPreview<'_> {
    RowPreview {
        row: row.row,
        asset_id: &row.asset_id,
        loan_type: row.loan_type.as_str(),
        loan_amount: row.loan_amount.uint(),
        offered: row.offered.uint(),
        min_rate_bps: row.min_rate_bps,
        max_rate_bps: row.max_rate_bps,
        fee_per_10k: row.fee_per_10k,
        max_participants: row.max_participants,
        sealed_fields: row.sensitive.iter().map(|(f, _)| f.as_str()).collect(),
    }
}

/// `ledger loan import`
async fn import(
    app: &App,
    file: &Path,
    sheet: Option<&str>,
    dry_run: bool,
    skip_posted: bool,
) -> anyhow::Result<()> {
    let mut rows = read_applications(file, sheet)?;
    let out = app.output();
    if dry_run {
        let previews: Vec<RowPreview> = rows.iter().map(preview).collect();
        return match out {
            Output::Json => render::json(&previews),
            Output::Table => {
                let mut t = render::table([
                    "row",
                    "asset",
                    "type",
                    "loan",
                    "offered",
                    "rates",
                    "fee /10k",
                    "lenders",
                    "sealed on posting",
                ]);
                for p in &previews {
                    t.add_row(vec![
                        num(p.row),
                        Cell::new(p.asset_id),
                        Cell::new(p.loan_type),
                        num(money(p.loan_amount)),
                        num(money(p.offered)),
                        Cell::new(format!("{}-{}", rate(p.min_rate_bps), rate(p.max_rate_bps))),
                        num(p.fee_per_10k),
                        num(p.max_participants),
                        Cell::new(p.sealed_fields.join(", ")),
                    ]);
                }
                println!("{t}");
                eprintln!(
                    "{} application(s) checked; nothing was sent (--dry-run)",
                    previews.len()
                );
                Ok(())
            }
        };
    }

    let name = app.require_from()?;
    let own_key = loan_keys::public_key(app, &name)?.ok_or_else(|| {
        anyhow!(
            "'{name}' has no encryption key yet: make and register one with `ledger loan \
             register-key --from {name}` before posting plans"
        )
    })?;
    let (ledger, sender) = app.ledger_and_sender().await?;
    let contributor = sender.address();
    let contract = ledger.loan_contract()?.to_string();
    check_registered_key(&ledger, &name, &contributor, &own_key).await?;

    // Checked against the chain before anything is sent: windows that would already be over,
    // asset ids already posted.
    let now = chain_now(&ledger.client).await?;
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    for row in &rows {
        let (_, end) = row.window(now);
        if end <= now {
            problems.push(format!(
                "row {}, column end: the plan would close at {}, before the latest block ({})",
                row.row,
                when::datetime(end),
                when::datetime(now)
            ));
        }
        if let Some(existing) = ledger
            .loan_plan_by_asset(&contributor, &row.asset_id)
            .await?
        {
            if skip_posted {
                skipped.push(row.asset_id.clone());
            } else {
                problems.push(format!(
                    "row {}, column asset_id: asset {} was already posted as plan {} (pass \
                     --skip-posted to leave such rows out)",
                    row.row, row.asset_id, existing.plan.id
                ));
            }
        }
    }
    if !problems.is_empty() {
        bail!(
            "applications file {}: {} problem(s), nothing was posted:\n  {}",
            file.display(),
            problems.len(),
            problems.join("\n  ")
        );
    }
    rows.retain(|r| !skipped.contains(&r.asset_id));
    if rows.is_empty() {
        bail!(
            "every application in {} was already posted; nothing to do",
            file.display()
        );
    }

    let total = rows.len();
    let mut posted = Vec::with_capacity(total);
    for (i, row) in rows.iter().enumerate() {
        let sealed = seal_row(row, &contract, &contributor, &own_key)
            .map_err(|e| anyhow!("row {}: cannot encrypt the borrower's fields: {e}", row.row))?;
        let fields = sealed.len();
        let input = row.plan_input(sealed, now);
        let outcome = ledger.post_plan(&sender, input).await.with_context(|| {
            format!(
                "row {} (asset {}) was refused; {} plan(s) of this file were posted before \
                     it: fix the row and run the import again with --skip-posted",
                row.row,
                row.asset_id,
                posted.len()
            )
        })?;
        let plan_id = outcome
            .attribute("wasm", "plan_id")
            .and_then(|v| v.parse().ok());
        eprintln!(
            "[{}/{total}] row {}: posted plan {} for asset {} ({} {}, {fields} fields sealed) in \
             block {}",
            i + 1,
            row.row,
            plan_id.map_or("?".to_string(), |id: u64| id.to_string()),
            row.asset_id,
            row.loan_type.as_str(),
            row.loan_amount,
            outcome.height
        );
        posted.push(PostedPlan {
            row: row.row,
            asset_id: row.asset_id.clone(),
            plan_id,
            txhash: outcome.hash.clone(),
            height: outcome.height,
        });
    }
    let action = format!(
        "posted {} plan(s) from {}{}",
        posted.len(),
        file.display(),
        if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({} already posted, skipped)", skipped.len())
        }
    );
    match out {
        Output::Json => render::json(&Imported {
            action,
            file: file.display().to_string(),
            posted,
            skipped,
        }),
        Output::Table => {
            println!("{action}");
            Ok(())
        }
    }
}

/// Refuses to post when the contract holds no key, or another key, for the contributor: its
/// watcher could not open the plans' fields to disclose them.
async fn check_registered_key(
    ledger: &Ledger,
    name: &str,
    address: &str,
    local: &[u8],
) -> anyhow::Result<()> {
    match ledger.loan_key(address).await? {
        None => bail!(
            "{address} has no encryption key registered: run `ledger loan register-key --from \
             {name}` first"
        ),
        Some(k) if k.public_key.as_slice() != local => bail!(
            "the key registered for {address} ({}) is not the local encryption key '{name}' ({}): \
             register the local one with `ledger loan register-key --from {name}`, or use the \
             home that holds the registered key",
            k.public_key.to_hex(),
            hex::encode(local)
        ),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
// Money is written as units_cents (80_000_00 is 80,000.00).
#[allow(clippy::inconsistent_digit_grouping)]
mod tests;
