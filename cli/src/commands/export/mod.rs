//! `ledger export`: XLSX workbooks for people: a month of a meter's readings (one row per day
//! and the month's total) and, for the bank, every bill with its instalments, payment status
//! and payments, both made by `ledger-workbooks` (which the gateway's downloads use too); a
//! project's fund flow is written by [`crate::commands::export::draft_flow`] with the same
//! formats.

pub mod draft_flow;

use std::path::PathBuf;

use clap::{Args, Subcommand};
use ledger_sdk::paging;
use ledger_workbooks::{Span, gather_bills, gather_readings, write_bills, write_readings};
use serde::Serialize;

use crate::context::App;
use crate::render::xlsx::save_bytes;
use crate::render::{self, Output};
use crate::when::Month;

/// `ledger export ...`
#[derive(Subcommand, Debug)]
pub enum ExportCmd {
    /// A meter's readings for a month (or a billing period): one row per day with its energy
    /// and number of readings, and the total
    Readings(ReadingsArgs),
    /// For the bank: every meter's bills with their instalments, payment status and payments
    Bills(BillsArgs),
    /// A project's fund flow: every hop of its drafts with the holder, the amount released,
    /// the bank serial and record and the reconciliation; its stages and history
    DraftFlow(draft_flow::DraftFlowArgs),
}

/// `ledger export readings`
#[derive(Args, Debug)]
pub struct ReadingsArgs {
    /// The meter's id
    #[arg(long)]
    pub meter: String,
    /// The calendar month, YYYY-MM (in the billing cycle's UTC offset)
    #[arg(long, required_unless_present = "period", conflicts_with = "period")]
    pub month: Option<Month>,
    /// A billing period instead of a month (for cycles with short demo days)
    #[arg(long)]
    pub period: Option<u32>,
    /// The workbook to write
    #[arg(long, value_name = "FILE", default_value = "readings.xlsx")]
    pub out: PathBuf,
}

/// `ledger export bills`
#[derive(Args, Debug)]
pub struct BillsArgs {
    /// Only these meters (repeat the flag) [default: every registered meter]
    #[arg(long = "meter", value_name = "ID")]
    pub meters: Vec<String>,
    /// The workbook to write
    #[arg(long, value_name = "FILE", default_value = "bills.xlsx")]
    pub out: PathBuf,
}

#[derive(Serialize)]
struct Written<'a> {
    file: String,
    rows: usize,
    what: &'a str,
}

/// Runs an `export` command.
pub async fn run(app: &App, cmd: ExportCmd) -> anyhow::Result<()> {
    let ledger = app.ledger().await?;
    let (file, rows, what) = match cmd {
        ExportCmd::Readings(args) => {
            let span = match (args.month, args.period) {
                (Some(month), _) => Span::Month(month),
                (None, Some(period)) => Span::Period(period),
                (None, None) => anyhow::bail!("give --month or --period"),
            };
            let export = gather_readings(&ledger, &args.meter, span).await?;
            save_bytes(&write_readings(&export)?, &args.out)?;
            (args.out, export.days.len(), "days")
        }
        ExportCmd::Bills(args) => {
            let meters = if args.meters.is_empty() {
                ledger.meters(None, paging::ALL).await?.items
            } else {
                let mut meters = Vec::new();
                for id in &args.meters {
                    meters.push(ledger.meter_info(id).await?);
                }
                meters
            };
            let export = gather_bills(&ledger, &meters).await?;
            save_bytes(&write_bills(&export)?, &args.out)?;
            (args.out, export.rows.len(), "instalment rows")
        }
        ExportCmd::DraftFlow(args) => {
            let export = draft_flow::gather_flow(&ledger, args.project).await?;
            draft_flow::write_flow(&args.out, &export)?;
            (args.out, export.hops.len(), "hop rows")
        }
    };
    match app.output() {
        Output::Json => render::json(&Written {
            file: file.display().to_string(),
            rows,
            what,
        }),
        Output::Table => {
            println!("wrote {} ({rows} {what})", file.display());
            Ok(())
        }
    }
}
