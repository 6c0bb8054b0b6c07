//! Reading the draft contract: typed queries of it on [`Ledger`] (lists paged to the end or
//! the `--limit` cap), the `ledger draft` queries as tables or `-o json`, and the words in
//! which roles, hops, reconciliation and history events are shown (shared with the XLSX
//! export).

use ledger_types::draft::{
    self, BankRecord, ProjectStatus, ReconciliationResponse, TotalsResponse,
};
use serde::Serialize;

use crate::context::App;
use crate::render::draft::{
    bank_records_table, discrepancies_table, draft_record, drafts_table, history_table, hops_table,
    level_list, members_table, mismatches_table, project_record, projects_table,
    reconciliation_record, stages_table, totals_record,
};
use crate::render::{self, Output};
pub use ledger_sdk::contracts::draft::HistoryOf;

/// What the draft contract is asked, as `ledger draft` commands give it.
#[derive(Debug)]
pub enum DraftQuery {
    /// One draft with its hops.
    Draft(u64),
    /// Drafts, or those an address holds now.
    Drafts {
        /// Only drafts this address holds.
        holder: Option<String>,
        /// Most drafts to read.
        cap: usize,
    },
    /// One project with its stages.
    Project(u64),
    /// Projects, optionally of one status.
    Projects {
        /// Only projects with this status.
        status: Option<ProjectStatus>,
        /// Most projects to read.
        cap: usize,
    },
    /// A project's history, or one draft's.
    History {
        /// Whose history.
        of: HistoryOf,
        /// Most events to read.
        cap: usize,
    },
    /// A draft's hops by reconciliation state.
    Reconciliation(u64),
    /// Drafts with open discrepancies.
    Discrepancies {
        /// Most drafts to read.
        cap: usize,
    },
    /// Bank records, or only those no endorsement has claimed.
    BankRecords {
        /// Only unmatched records.
        unmatched: bool,
        /// Most records to read.
        cap: usize,
    },
    /// One bank record.
    BankRecord(String),
    /// Locked, released and clawed back over every draft.
    Totals,
    /// Addresses with draft roles.
    Members {
        /// Most members to read.
        cap: usize,
    },
    /// The contract's wiring, approval levels and veto window.
    Config,
}

/// Runs a `ledger draft` query.
pub async fn run(app: &App, query: DraftQuery) -> anyhow::Result<()> {
    let out = app.output();
    let ledger = app.ledger().await?;
    match query {
        DraftQuery::Draft(id) => {
            let d = ledger.draft_by_id(id).await?;
            single(out, &d, |d| {
                let mut text = draft_record(d).to_string();
                text.push_str(&format!("\nHops:\n{}", hops_table(d)));
                text
            })
        }
        DraftQuery::Drafts { holder, cap } => {
            let holder = holder.map(|h| app.address(&h)).transpose()?;
            let page = ledger.drafts(holder.as_deref(), cap).await?;
            render::list(out, "drafts", &page.items, page.truncated, drafts_table)
        }
        DraftQuery::Project(id) => {
            let p = ledger.project(id).await?;
            let levels = ledger.draft_config().await?.approval_levels;
            single(out, &p, |p| {
                format!(
                    "{}\nStages:\n{}",
                    project_record(p),
                    stages_table(p, &levels)
                )
            })
        }
        DraftQuery::Projects { status, cap } => {
            let page = ledger.projects(status, cap).await?;
            render::list(out, "projects", &page.items, page.truncated, projects_table)
        }
        DraftQuery::History { of, cap } => {
            let page = ledger.history(of, cap).await?;
            let levels = ledger.draft_config().await?.approval_levels;
            render::list(out, "events", &page.items, page.truncated, |es| {
                history_table(es, &levels)
            })
        }
        DraftQuery::Reconciliation(id) => {
            let r: ReconciliationResponse = ledger.reconciliation(id).await?;
            single(out, &r, |r| {
                let mut text = reconciliation_record(r).to_string();
                if !r.mismatches.is_empty() {
                    text.push_str(&format!(
                        "\nMismatches:\n{}",
                        mismatches_table(&[r.clone()])
                    ));
                }
                text
            })
        }
        DraftQuery::Discrepancies { cap } => {
            let page = ledger.discrepancies(cap).await?;
            render::list(
                out,
                "drafts with open discrepancies",
                &page.items,
                page.truncated,
                discrepancies_table,
            )
        }
        DraftQuery::BankRecords { unmatched, cap } => {
            let page = ledger.bank_records(unmatched, cap).await?;
            let what = if unmatched {
                "unmatched bank records"
            } else {
                "bank records"
            };
            render::list(out, what, &page.items, page.truncated, bank_records_table)
        }
        DraftQuery::BankRecord(serial) => {
            let r: BankRecord = ledger
                .draft(&draft::QueryMsg::BankRecord { serial })
                .await?;
            render::list(out, "bank records", &[r], false, bank_records_table)
        }
        DraftQuery::Totals => {
            let t: TotalsResponse = ledger.draft_totals().await?;
            single(out, &t, |t| totals_record(t).to_string())
        }
        DraftQuery::Members { cap } => {
            let levels = ledger.draft_config().await?.approval_levels;
            let page = ledger.draft_members(cap).await?;
            render::list(
                out,
                "addresses with draft roles",
                &page.items,
                page.truncated,
                |ms| members_table(ms, &levels),
            )
        }
        DraftQuery::Config => {
            let c = ledger.draft_config().await?;
            single(out, &c, |c| {
                render::record(vec![
                    (
                        "draft contract",
                        ledger.draft_contract().unwrap_or_default().to_string(),
                    ),
                    ("admin contract", c.admin_contract.to_string()),
                    ("fund token", c.fund_token.to_string()),
                    ("approval levels", level_list(&c.approval_levels)),
                    (
                        "veto window",
                        format!("{} s after an approval", c.veto_window_seconds),
                    ),
                ])
                .to_string()
            })
        }
    }
}

/// Prints one record: its JSON, or its table text.
fn single<T: Serialize>(
    out: Output,
    value: &T,
    text: impl FnOnce(&T) -> String,
) -> anyhow::Result<()> {
    match out {
        Output::Json => render::json(value),
        Output::Table => {
            println!("{}", text(value));
            Ok(())
        }
    }
}

// ------------------------------------------------------------------------------------- words

// ------------------------------------------------------------------------------------ tables
