//! `ledger park credits export`: a holder's credit history (every issuance, transfer,
//! retirement, cancellation and listing that moved its credits) and its retirement
//! certificates in an XLSX workbook, each read to the end.

use std::path::PathBuf;

use anyhow::Context;
use ledger_sdk::contracts::park::credits::{HistoryOf, Retirement, RetirementsOf};
use ledger_sdk::paging::ALL;
use serde::Serialize;

use crate::context::App;
use crate::render::park_credits::credits_workbook;
use crate::render::{self, Output};

/// What `-o json` reports about a written export.
#[derive(Serialize)]
struct Exported {
    file: String,
    holder: String,
    history_entries: usize,
    retirements: usize,
    retired_credits: u64,
}

/// Credits retired over `retirements`, summed exactly.
pub fn retired_credits(retirements: &[Retirement]) -> u64 {
    retirements
        .iter()
        .fold(0u64, |sum, r| sum.saturating_add(r.amount))
}

/// Runs `ledger park credits export`.
pub async fn run(app: &App, holder: String, out: PathBuf) -> anyhow::Result<()> {
    let holder = app.address(&holder)?;
    let ledger = app.ledger().await?;
    let history = ledger
        .park_credits_history(&HistoryOf::Holder(holder.clone()), ALL)
        .await
        .with_context(|| format!("reading the credit history of {holder}"))?
        .items;
    let retirements = ledger
        .park_credits_retirements(&RetirementsOf::Holder(holder.clone()), ALL)
        .await
        .with_context(|| format!("reading the retirements of {holder}"))?
        .items;
    let retired = retired_credits(&retirements);
    let about = [
        ("Holder", holder.clone()),
        (
            "Credits",
            "whole tonnes of CO2-equivalent, one serial each".to_string(),
        ),
        ("Times", "UTC".to_string()),
        (
            "History",
            format!(
                "{} entries that moved the holder's credits, oldest first; # is the contract's \
                 log position",
                history.len()
            ),
        ),
        (
            "Retirements",
            format!(
                "{} certificates in the holder's name, {retired} credits; the totals row sums \
                 them exactly",
                retirements.len()
            ),
        ),
        (
            "Vintages",
            "from the first day to the day after the last (the end is excluded)".to_string(),
        ),
    ];
    credits_workbook(&history, &retirements, &about, &out)?;
    let file = out.display().to_string();
    match app.output() {
        Output::Json => render::json(&Exported {
            file,
            holder,
            history_entries: history.len(),
            retirements: retirements.len(),
            retired_credits: retired,
        }),
        Output::Table => {
            println!(
                "wrote {} history entries and {} retirement certificates ({retired} credits) of \
                 {holder} to {file}",
                history.len(),
                retirements.len()
            );
            Ok(())
        }
    }
}
