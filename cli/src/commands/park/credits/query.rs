//! The queries of `ledger park credits`: tables for people, the contract's answers as they are
//! under `-o json`.

use anyhow::Context;
use ledger_sdk::contracts::park::credits::{HistoryOf, RetirementsOf, Standard};

use super::args::{CreditsCmd, RetirementsArgs};
use crate::context::App;
use crate::render::park_credits::{
    balances_table, batch_record, batches_table, class_record, classes_table, config_record,
    history_table, orders_table, project_record, projects_table, retirement_record,
    retirements_table, serial_line, verifiers_table,
};
use crate::render::{self, Output};

/// A query of the credits contract, its addresses still as given (key names or addresses).
#[derive(Debug)]
pub enum CreditsQuery {
    Classes(usize),
    Class(String),
    Projects(usize),
    Project(String),
    Batches(usize),
    Batch(u64),
    Balances(Option<String>, usize),
    Retirement(u64),
    Retirements(RetirementsOf, usize),
    History(HistoryOf, usize),
    Orders(Option<String>, usize),
    Serial(Standard, u64),
    Verifiers(Standard, usize),
    Config,
}

impl CreditsQuery {
    /// The query `cmd` asks, or `cmd` back when it sends a transaction.
    pub fn of(cmd: CreditsCmd) -> Result<CreditsQuery, CreditsCmd> {
        Ok(match cmd {
            CreditsCmd::Classes { limit } => CreditsQuery::Classes(limit.cap()),
            CreditsCmd::Class { id } => CreditsQuery::Class(id),
            CreditsCmd::Projects { limit } => CreditsQuery::Projects(limit.cap()),
            CreditsCmd::Project { id } => CreditsQuery::Project(id),
            CreditsCmd::Batches { limit } => CreditsQuery::Batches(limit.cap()),
            CreditsCmd::Batch { id } => CreditsQuery::Batch(id),
            CreditsCmd::Balances { holder, limit } => CreditsQuery::Balances(holder, limit.cap()),
            CreditsCmd::Retirement { id } => CreditsQuery::Retirement(id),
            CreditsCmd::Retirements(args) => {
                let RetirementsArgs {
                    holder,
                    beneficiary,
                    meter,
                    product,
                    limit,
                } = *args;
                let of = match (holder, beneficiary, meter, product) {
                    (Some(h), ..) => RetirementsOf::Holder(h),
                    (_, Some(b), ..) => RetirementsOf::Beneficiary(b),
                    (_, _, Some(m), _) => RetirementsOf::Meter(m),
                    (_, _, _, Some(p)) => RetirementsOf::Product(p),
                    // clap requires one of the four.
                    (None, None, None, None) => {
                        return Err(CreditsCmd::Retirements(Box::new(RetirementsArgs {
                            holder: None,
                            beneficiary: None,
                            meter: None,
                            product: None,
                            limit,
                        })));
                    }
                };
                CreditsQuery::Retirements(of, limit.cap())
            }
            CreditsCmd::History {
                batch: Some(b),
                limit,
                ..
            } => CreditsQuery::History(HistoryOf::Batch(b), limit.cap()),
            CreditsCmd::History {
                holder: Some(h),
                limit,
                ..
            } => CreditsQuery::History(HistoryOf::Holder(h), limit.cap()),
            CreditsCmd::Orders { seller, limit } => CreditsQuery::Orders(seller, limit.cap()),
            CreditsCmd::Serial { standard, serial } => CreditsQuery::Serial(standard, serial),
            CreditsCmd::Verifiers { standard, limit } => {
                CreditsQuery::Verifiers(standard, limit.cap())
            }
            CreditsCmd::Config => CreditsQuery::Config,
            other => return Err(other),
        })
    }
}

/// A single record: its table, or its JSON.
fn one<T: serde::Serialize>(
    out: Output,
    value: &T,
    table: impl FnOnce(&T) -> String,
) -> anyhow::Result<()> {
    match out {
        Output::Json => render::json(value),
        Output::Table => {
            println!("{}", table(value));
            Ok(())
        }
    }
}

/// The holder a query names, or the `--from` key's address.
fn holder_or_from(app: &App, holder: Option<String>, what: &str) -> anyhow::Result<String> {
    match holder {
        Some(holder) => app.address(&holder),
        None => app.address(&app.require_from().with_context(|| {
            format!("whose {what}? give the holder (an address or a key), or --from <key>")
        })?),
    }
}

/// Runs a credits query.
pub async fn run(app: &App, query: CreditsQuery) -> anyhow::Result<()> {
    let out = app.output();
    let ledger = app.ledger().await?;
    match query {
        CreditsQuery::Classes(cap) => {
            let page = ledger.park_credits_classes(cap).await?;
            render::list(out, "classes", &page.items, page.truncated, classes_table)
        }
        CreditsQuery::Class(id) => {
            let class = ledger.park_credits_class(&id).await?;
            one(out, &class, |c| class_record(c).to_string())
        }
        CreditsQuery::Projects(cap) => {
            let page = ledger.park_credits_projects(cap).await?;
            render::list(out, "projects", &page.items, page.truncated, projects_table)
        }
        CreditsQuery::Project(id) => {
            let project = ledger.park_credits_project(&id).await?;
            one(out, &project, |p| project_record(p).to_string())
        }
        CreditsQuery::Batches(cap) => {
            let page = ledger.park_credits_batches(cap).await?;
            render::list(out, "batches", &page.items, page.truncated, batches_table)
        }
        CreditsQuery::Batch(id) => {
            let batch = ledger.park_credits_batch(id).await?;
            one(out, &batch, |b| batch_record(b).to_string())
        }
        CreditsQuery::Balances(holder, cap) => {
            let holder = holder_or_from(app, holder, "balances")?;
            let page = ledger.park_credits_balances(&holder, cap).await?;
            render::list(out, "credits", &page.items, page.truncated, balances_table)
        }
        CreditsQuery::Retirement(id) => {
            let retirement = ledger.park_credits_retirement(id).await?;
            one(out, &retirement, |r| retirement_record(r).to_string())
        }
        CreditsQuery::Retirements(of, cap) => {
            let of = match of {
                RetirementsOf::Holder(h) => RetirementsOf::Holder(app.address(&h)?),
                other => other,
            };
            let page = ledger.park_credits_retirements(&of, cap).await?;
            render::list(
                out,
                "retirements",
                &page.items,
                page.truncated,
                retirements_table,
            )
        }
        CreditsQuery::History(of, cap) => {
            let of = match of {
                HistoryOf::Holder(h) => HistoryOf::Holder(app.address(&h)?),
                other => other,
            };
            let page = ledger.park_credits_history(&of, cap).await?;
            render::list(
                out,
                "history entries",
                &page.items,
                page.truncated,
                history_table,
            )
        }
        CreditsQuery::Orders(seller, cap) => {
            let seller = seller.map(|s| app.address(&s)).transpose()?;
            let page = ledger.park_credits_orders(seller.as_deref(), cap).await?;
            render::list(
                out,
                "open sell orders",
                &page.items,
                page.truncated,
                orders_table,
            )
        }
        CreditsQuery::Serial(standard, serial) => {
            let found = ledger.park_credits_serial(&standard, serial).await?;
            one(out, &found, serial_line)
        }
        CreditsQuery::Verifiers(standard, cap) => {
            let page = ledger.park_credits_verifiers(&standard, cap).await?;
            render::list(out, "verifiers", &page.items, page.truncated, |v| {
                verifiers_table(v)
            })
        }
        CreditsQuery::Config => {
            let config = ledger.park_credits_config().await?;
            one(out, &config, |c| config_record(c).to_string())
        }
    }
}
