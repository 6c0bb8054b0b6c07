//! `ledger loan watch`: the contributor's side after a confirmation. It polls the contract's
//! `PendingDisclosures` (confirmations of this contributor's plans with fields still to
//! disclose, in pages of at most 100 and at most `--batch` per round), opens its own copy of
//! each owed field, checks it against the plan's commitment, seals it to the key the
//! confirmation recorded and posts one `Disclose` per confirmation.
//!
//! It keeps no state of its own: what is owed is read from the chain each round, and only
//! fields the confirmation does not list as disclosed are sent, so a restart (or a crash
//! between two transactions) never discloses a field twice. Polling rather than an event
//! subscription keeps it correct across node restarts and missed websocket messages: nothing
//! is lost while the watcher is down, it is simply still pending.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{anyhow, bail};
use clap::Args;
use ledger_crypto::SecretKey;
use ledger_types::loan_share::Plan;
use serde::Serialize;

use super::crypto::disclosure_fields;
use super::register_key_command;
use crate::context::{App, Sender};
use crate::encryption_keys as loan_keys;
use crate::render::{self, Output};
use ledger_sdk::Ledger;
use ledger_sdk::contracts::loan_share::ConfirmationFilter;

/// `ledger loan watch`
#[derive(Args, Debug)]
pub struct WatchArgs {
    /// Serve what is pending once and exit (exit code 1 if any confirmation could not be
    /// served), for scripts and tests
    #[arg(long)]
    pub once: bool,

    /// Seconds between polls
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u64).range(1..))]
    pub interval: u64,

    /// Most confirmations served per round (read in pages of at most 100)
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: u32,
}

/// One confirmation served.
#[derive(Clone, Debug, Serialize)]
pub struct Disclosed {
    /// The confirmation.
    pub confirmation_id: u64,
    /// Its plan.
    pub plan_id: u64,
    /// The plan's asset id.
    pub asset_id: String,
    /// Who received the fields.
    pub participant: String,
    /// The fields disclosed now.
    pub fields: Vec<String>,
    /// The transaction.
    pub txhash: String,
    /// Its block.
    pub height: u64,
}

/// A confirmation that could not be served this round.
#[derive(Clone, Debug, Serialize)]
pub struct Failed {
    /// The confirmation.
    pub confirmation_id: u64,
    /// Why, in words.
    pub error: String,
}

/// What one round did.
#[derive(Debug, Default, Serialize)]
pub struct Round {
    /// Confirmations served.
    pub disclosed: Vec<Disclosed>,
    /// Confirmations that failed (tried again next round).
    pub failed: Vec<Failed>,
    /// Whether more were pending than `--batch` allowed this round.
    pub more_pending: bool,
}

/// Runs `ledger loan watch`.
pub async fn run(app: &App, args: WatchArgs) -> anyhow::Result<()> {
    let name = app.require_from()?;
    if loan_keys::public_key(app, &name)?.is_none() {
        bail!(
            "'{name}' has no encryption key: the watcher opens the plans' fields with the key they \
             were posted with; run it in the home that holds that key (--home), or register one \
             with `ledger loan register-key --from {name}` for new plans"
        );
    }
    // The passphrase is asked once, before the loop.
    let secret = loan_keys::secret(app, &name, &register_key_command(&name))?;
    let (ledger, sender) = app.ledger_and_sender().await?;
    let contributor = sender.address();
    let out = app.output();

    if args.once {
        let round = round(&ledger, &sender, &secret, &contributor, args.batch).await?;
        if out == Output::Json {
            render::json(&round)?;
        } else if round.disclosed.is_empty() && round.failed.is_empty() {
            println!("nothing to disclose: every confirmation of {contributor}'s plans is served");
        } else {
            println!(
                "served {} confirmation(s){}",
                round.disclosed.len(),
                if round.more_pending {
                    "; more are pending (raise --batch or run again)"
                } else {
                    ""
                }
            );
        }
        if !round.failed.is_empty() {
            let lines: Vec<String> = round
                .failed
                .iter()
                .map(|f| format!("confirmation {}: {}", f.confirmation_id, f.error))
                .collect();
            bail!(
                "{} confirmation(s) could not be served and stay pending:\n  {}",
                lines.len(),
                lines.join("\n  ")
            );
        }
        return Ok(());
    }

    eprintln!(
        "watching confirmations of plans by {contributor} every {} s; Ctrl-C stops, and \
         restarting is safe (nothing is disclosed twice)",
        args.interval
    );
    loop {
        match round(&ledger, &sender, &secret, &contributor, args.batch).await {
            Ok(r) => {
                if out == Output::Json {
                    for d in &r.disclosed {
                        println!("{}", serde_json::to_string(d)?);
                    }
                }
            }
            Err(e) => eprintln!(
                "error: {}; trying again in {} s",
                crate::errors::error_text(&e),
                args.interval
            ),
        }
        tokio::time::sleep(Duration::from_secs(args.interval)).await;
    }
}

/// Serves up to `batch` pending confirmations, with a status line on stderr for each.
pub async fn round(
    ledger: &Ledger,
    sender: &Sender,
    secret: &SecretKey,
    contributor: &str,
    batch: u32,
) -> anyhow::Result<Round> {
    let contract = ledger.loan_contract()?.to_string();
    let pending = ledger
        .loan_confirmations(
            &ConfirmationFilter::Pending(contributor.to_string()),
            batch as usize,
        )
        .await?;
    let mut plans: BTreeMap<u64, Plan> = BTreeMap::new();
    let mut out = Round {
        more_pending: pending.truncated,
        ..Round::default()
    };
    for confirmation in pending.items {
        let id = confirmation.id;
        let plan = match plans.get(&confirmation.plan_id) {
            Some(p) => p.clone(),
            None => {
                let p = ledger.loan_plan(confirmation.plan_id).await?.plan;
                plans.insert(p.id, p.clone());
                p
            }
        };
        let fields = match disclosure_fields(secret, &contract, &plan, &confirmation) {
            Ok(fields) => fields,
            Err(e) => {
                eprintln!("✘ confirmation {id} (plan {}): {e}", plan.id);
                out.failed.push(Failed {
                    confirmation_id: id,
                    error: e.to_string(),
                });
                continue;
            }
        };
        if fields.is_empty() {
            continue;
        }
        let names: Vec<String> = fields
            .iter()
            .map(|f| f.field.as_str().to_string())
            .collect();
        match ledger.disclose(sender, id, fields).await {
            Ok(outcome) => {
                eprintln!(
                    "✔ disclosed {} of plan {} (asset {}) to {} for confirmation {id} in block {}",
                    names.join(", "),
                    plan.id,
                    plan.asset_id,
                    confirmation.participant,
                    outcome.height
                );
                out.disclosed.push(Disclosed {
                    confirmation_id: id,
                    plan_id: plan.id,
                    asset_id: plan.asset_id.clone(),
                    participant: confirmation.participant.to_string(),
                    fields: names,
                    txhash: outcome.hash,
                    height: outcome.height,
                });
            }
            Err(e) => {
                let error = anyhow!(e).to_string();
                eprintln!("✘ confirmation {id} (plan {}): {error}", plan.id);
                out.failed.push(Failed {
                    confirmation_id: id,
                    error,
                });
            }
        }
    }
    Ok(out)
}
