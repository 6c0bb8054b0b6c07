//! `ledger park credits`: the park's carbon-credit registry (the credits contract).
//!
//! * the registry's administrator: `add-verifier`, `remove-verifier`, `create-class`;
//! * a class's administrator: `update-issuers`;
//! * an issuer: `create-project`, `propose-batch` (prints the batch's id);
//! * a verifier: `approve-batch`, `reject-batch`;
//! * a holder: `transfer` (`--retire`), `retire` (prints the certificate's id), `cancel`,
//!   `sell` (prints the order's id), `cancel-order`; anyone: `buy` (`--retire`), which pays
//!   exactly amount × price and shows it;
//! * anyone: the queries [`query`] answers, and `export` ([`export`]).
//!
//! Every transaction prints the ids it creates, in words and under `-o json`.

pub mod args;
pub mod export;
pub mod query;

use anyhow::Context;
use cosmwasm_std::Uint128;
use ledger_sdk::contracts::park::credits::{
    BatchIssuance, BatchProposal, Retiring, batch_id_of, order_id_of, purchase_cost,
    retirement_ids_of, standard_name,
};
use serde::Serialize;

pub use args::CreditsCmd;
use args::{BuyArgs, ProposeArgs, RetireArgs, TransferArgs};

use crate::context::{App, chain_now};
use crate::render::park_credits::cost_words;
use crate::render::{self, NoExtra};
use crate::units::money;

#[derive(Serialize)]
struct BatchProposed {
    batch_id: Option<u64>,
    project_id: String,
    serial_first: u64,
    serial_last: u64,
    vintage_start: u64,
    vintage_end: u64,
}

#[derive(Serialize)]
struct BatchActed {
    batch_id: u64,
    /// Certificates of the shares retired at issuance (an approval only).
    retirement_ids: Vec<u64>,
}

#[derive(Serialize)]
struct Moved {
    batch_id: u64,
    amount: u64,
    recipient: Option<String>,
    retirement_ids: Vec<u64>,
}

#[derive(Serialize)]
struct OrderOpened {
    order_id: Option<u64>,
    batch_id: u64,
    amount: u64,
    price: Uint128,
}

#[derive(Serialize)]
struct Bought {
    order_id: u64,
    amount: u64,
    price: Uint128,
    cost: Uint128,
    retirement_ids: Vec<u64>,
}

#[derive(Serialize)]
struct Named {
    id: String,
}

/// `ids` for a sentence: `certificate 4`, `certificates 4, 5`, or `?` when the events named
/// none (a contract not this CLI's).
fn ids_words(what: &str, ids: &[u64]) -> String {
    match ids {
        [] => format!("{what} ?"),
        [one] => format!("{what} {one}"),
        many => format!(
            "{what}s {}",
            many.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn id_word(id: Option<u64>) -> String {
    id.map_or("?".to_string(), |id| id.to_string())
}

/// Runs a `ledger park credits` command.
pub async fn run(app: &App, cmd: CreditsCmd) -> anyhow::Result<()> {
    let cmd = match query::CreditsQuery::of(cmd) {
        Ok(query) => return query::run(app, query).await,
        Err(cmd) => cmd,
    };
    let out = app.output();
    match cmd {
        CreditsCmd::AddVerifier { standard, address } => {
            let address = app.address(&address)?;
            let name = standard_name(&standard);
            let outcome = app
                .transact(async |l, s| l.park_credits_add_verifier(s, standard, &address).await)
                .await?;
            let action = format!("{address} verifies {name} batches now");
            render::tx(out, &action, &outcome, NoExtra {})
        }
        CreditsCmd::RemoveVerifier { standard, address } => {
            let address = app.address(&address)?;
            let name = standard_name(&standard);
            let outcome = app
                .transact(async |l, s| l.park_credits_remove_verifier(s, standard, &address).await)
                .await?;
            let action = format!("{address} no longer verifies {name} batches");
            render::tx(out, &action, &outcome, NoExtra {})
        }
        CreditsCmd::CreateClass {
            id,
            standard,
            methodology,
            admin,
            issuer,
        } => {
            let admin = match admin {
                Some(admin) => app.address(&admin)?,
                None => app.address(&app.require_from()?)?,
            };
            let issuers = issuer
                .iter()
                .map(|i| app.address(i))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let action = format!(
                "created class {id} ({}, {methodology}) administered by {admin} with {} issuer(s)",
                standard_name(&standard),
                issuers.len()
            );
            let outcome = app
                .transact(async |l, s| {
                    l.park_credits_create_class(s, &id, standard, &methodology, &admin, issuers)
                        .await
                })
                .await?;
            render::tx(out, &action, &outcome, Named { id })
        }
        CreditsCmd::UpdateIssuers { class, add, remove } => {
            let add = add
                .iter()
                .map(|a| app.address(a))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let remove = remove
                .iter()
                .map(|a| app.address(a))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let action = format!(
                "class {class}: added {} and removed {} issuer(s)",
                add.len(),
                remove.len()
            );
            let outcome = app
                .transact(async |l, s| l.park_credits_update_issuers(s, &class, add, remove).await)
                .await?;
            render::tx(out, &action, &outcome, Named { id: class })
        }
        CreditsCmd::CreateProject {
            id,
            class,
            jurisdiction,
            developer,
            metadata,
        } => {
            let outcome = app
                .transact(async |l, s| {
                    l.park_credits_create_project(
                        s,
                        &id,
                        &class,
                        &jurisdiction,
                        &developer,
                        &metadata,
                    )
                    .await
                })
                .await?;
            let action =
                format!("created project {id} of class {class} in {jurisdiction} by {developer}");
            render::tx(out, &action, &outcome, Named { id })
        }
        CreditsCmd::ProposeBatch(args) => propose(app, *args).await,
        CreditsCmd::ApproveBatch { id } => {
            let (ledger, sender) = app.ledger_and_sender().await?;
            let outcome = ledger.park_credits_approve_batch(&sender, id).await?;
            let retirement_ids = retirement_ids_of(&outcome, ledger.park_credits_contract()?);
            let mut action = format!("signed off batch {id}: its credits are issued");
            if !retirement_ids.is_empty() {
                action.push_str(&format!(
                    " ({} retired at issuance)",
                    ids_words("retirement", &retirement_ids)
                ));
            }
            render::tx(
                out,
                &action,
                &outcome,
                BatchActed {
                    batch_id: id,
                    retirement_ids,
                },
            )
        }
        CreditsCmd::RejectBatch { id, reason } => {
            let outcome = app
                .transact(async |l, s| l.park_credits_reject_batch(s, id, &reason).await)
                .await?;
            let action = format!("rejected batch {id} ({reason}): its serial range is free again");
            render::tx(
                out,
                &action,
                &outcome,
                BatchActed {
                    batch_id: id,
                    retirement_ids: Vec::new(),
                },
            )
        }
        CreditsCmd::Transfer(args) => transfer(app, *args).await,
        CreditsCmd::Retire(args) => retire(app, *args).await,
        CreditsCmd::Cancel {
            batch,
            amount,
            reason,
        } => {
            let outcome = app
                .transact(async |l, s| l.park_credits_cancel(s, batch, amount, &reason).await)
                .await?;
            let action = format!("cancelled {amount} credits of batch {batch} ({reason})");
            render::tx(
                out,
                &action,
                &outcome,
                Moved {
                    batch_id: batch,
                    amount,
                    recipient: None,
                    retirement_ids: Vec::new(),
                },
            )
        }
        CreditsCmd::Sell {
            batch,
            amount,
            price,
        } => {
            let price = price.uint();
            let (ledger, sender) = app.ledger_and_sender().await?;
            let outcome = ledger
                .park_credits_sell(&sender, batch, amount, price)
                .await?;
            let order_id = order_id_of(&outcome, ledger.park_credits_contract()?);
            let action = format!(
                "offered {amount} credits of batch {batch} at {} each (order {})",
                money(price),
                id_word(order_id)
            );
            render::tx(
                out,
                &action,
                &outcome,
                OrderOpened {
                    order_id,
                    batch_id: batch,
                    amount,
                    price,
                },
            )
        }
        CreditsCmd::CancelOrder { order } => {
            let outcome = app
                .transact(async |l, s| l.park_credits_cancel_order(s, order).await)
                .await?;
            let action = format!("withdrew sell order {order}: its credits are tradable again");
            render::tx(
                out,
                &action,
                &outcome,
                Named {
                    id: order.to_string(),
                },
            )
        }
        CreditsCmd::Buy(args) => buy(app, *args).await,
        CreditsCmd::Export { holder, out } => export::run(app, holder, out).await,
        other => anyhow::bail!("internal error: {other:?} is not a transaction"),
    }
}

async fn propose(app: &App, args: ProposeArgs) -> anyhow::Result<()> {
    let (ledger, sender) = app.ledger_and_sender().await?;
    let now = chain_now(&ledger.client).await?;
    let retiring = args.to.iter().any(|s| s.retired > 0);
    let terms = if retiring {
        Some(args.terms.terms(now).map_err(anyhow::Error::msg)?)
    } else if args.terms.any() {
        anyhow::bail!(
            "retirement flags were given and no --to share retires credits: give shares as \
             ADDR=TRADABLE:RETIRED, or leave the flags out"
        );
    } else {
        None
    };
    let issuance = args
        .to
        .iter()
        .map(|share| {
            Ok(BatchIssuance {
                recipient: app.address(&share.holder)?,
                tradable: share.tradable,
                retired: share.retired,
                retirement: (share.retired > 0).then(|| terms.clone()).flatten(),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (vintage_start, vintage_end) = args.vintage.resolve(now);
    let proposal = BatchProposal {
        project_id: args.project.clone(),
        vintage_start,
        vintage_end,
        serial_first: args.serials.first,
        serial_last: args.serials.last,
        issuance,
        metadata: args.metadata,
    };
    let outcome = ledger.park_credits_propose_batch(&sender, proposal).await?;
    let batch_id = batch_id_of(&outcome, ledger.park_credits_contract()?);
    let action = format!(
        "proposed batch {} of project {}: serials {} to {}, awaiting a verifier's sign-off",
        id_word(batch_id),
        args.project,
        args.serials.first,
        args.serials.last
    );
    render::tx(
        app.output(),
        &action,
        &outcome,
        BatchProposed {
            batch_id,
            project_id: args.project,
            serial_first: args.serials.first,
            serial_last: args.serials.last,
            vintage_start,
            vintage_end,
        },
    )
}

async fn transfer(app: &App, args: TransferArgs) -> anyhow::Result<()> {
    let recipient = app.address(&args.to)?;
    let (ledger, sender) = app.ledger_and_sender().await?;
    let now = chain_now(&ledger.client).await?;
    let terms = args
        .terms
        .optional_terms(args.retire, now)
        .map_err(anyhow::Error::msg)?;
    let retiring = terms.is_some();
    let outcome = ledger
        .park_credits_transfer(&sender, args.batch, &recipient, args.amount, terms)
        .await?;
    let retirement_ids = retirement_ids_of(&outcome, ledger.park_credits_contract()?);
    let mut action = format!(
        "transferred {} credits of batch {} to {recipient}",
        args.amount, args.batch
    );
    if retiring {
        action.push_str(&format!(
            ", retired on arrival ({})",
            ids_words("retirement", &retirement_ids)
        ));
    }
    render::tx(
        app.output(),
        &action,
        &outcome,
        Moved {
            batch_id: args.batch,
            amount: args.amount,
            recipient: Some(recipient),
            retirement_ids,
        },
    )
}

async fn retire(app: &App, args: RetireArgs) -> anyhow::Result<()> {
    let (ledger, sender) = app.ledger_and_sender().await?;
    let now = chain_now(&ledger.client).await?;
    let terms = args.terms.terms(now).map_err(anyhow::Error::msg)?;
    let beneficiary = terms.beneficiary.clone();
    let outcome = ledger
        .park_credits_retire(
            &sender,
            Retiring {
                batch_id: args.batch,
                amount: args.amount,
                terms,
            },
        )
        .await?;
    let retirement_ids = retirement_ids_of(&outcome, ledger.park_credits_contract()?);
    let action = format!(
        "retired {} credits of batch {} for {beneficiary} ({})",
        args.amount,
        args.batch,
        ids_words("retirement", &retirement_ids)
    );
    render::tx(
        app.output(),
        &action,
        &outcome,
        Moved {
            batch_id: args.batch,
            amount: args.amount,
            recipient: None,
            retirement_ids,
        },
    )
}

async fn buy(app: &App, args: BuyArgs) -> anyhow::Result<()> {
    let (ledger, sender) = app.ledger_and_sender().await?;
    let now = chain_now(&ledger.client).await?;
    let terms = args
        .terms
        .optional_terms(args.retire, now)
        .map_err(anyhow::Error::msg)?;
    let retiring = terms.is_some();
    let order = ledger
        .park_credits_order(args.order)
        .await
        .with_context(|| format!("reading sell order {}", args.order))?;
    let cost = purchase_cost(args.amount, order.price).map_err(ledger_sdk::Error::from)?;
    let outcome = ledger
        .park_credits_buy_at(&sender, args.order, args.amount, order.price, terms)
        .await?;
    let retirement_ids = retirement_ids_of(&outcome, ledger.park_credits_contract()?);
    let mut action = format!(
        "bought {} of batch {} from order {} of {}",
        cost_words(args.amount, order.price, cost),
        order.batch_id,
        args.order,
        order.seller
    );
    if retiring {
        action.push_str(&format!(
            ", retired at once ({})",
            ids_words("retirement", &retirement_ids)
        ));
    }
    render::tx(
        app.output(),
        &action,
        &outcome,
        Bought {
            order_id: args.order,
            amount: args.amount,
            price: order.price,
            cost,
            retirement_ids,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_ids_are_named_in_words_even_when_missing() {
        assert_eq!(ids_words("retirement", &[]), "retirement ?");
        assert_eq!(ids_words("retirement", &[4]), "retirement 4");
        assert_eq!(ids_words("retirement", &[4, 5]), "retirements 4, 5");
        assert_eq!(id_word(Some(9)), "9");
        assert_eq!(id_word(None), "?");
    }
}
