//! How results reach the terminal: tables for people, JSON for programs.
//!
//! Results go to stdout; progress, notes and warnings go to stderr, so `-o json` output can
//! always be piped into `jq`.

pub mod cloud;
pub mod core;
pub mod draft;
pub mod loan;
pub mod metering;
pub mod park;
pub mod park_certificates;
pub mod park_credits;
pub mod park_footprints;
pub mod progress;
pub mod regions;
pub mod xlsx;

use clap::ValueEnum;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};
use ledger_client::TxOutcome;
use serde::Serialize;

/// `-o/--output`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Tables for people.
    #[default]
    Table,
    /// JSON for programs (one document on stdout).
    Json,
}

/// Prints `value` as pretty JSON on stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// A table with the crate's look: condensed UTF-8 borders, wrapped to the terminal.
pub fn table<I, S>(header: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<Cell>,
{
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    t
}

/// A two-column table of fields and values, for single records.
pub fn record(rows: Vec<(&str, String)>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    for (k, v) in rows {
        t.add_row(vec![Cell::new(k), Cell::new(v)]);
    }
    t
}

/// A cell aligned right (numbers).
pub fn num(value: impl ToString) -> Cell {
    Cell::new(value.to_string()).set_alignment(CellAlignment::Right)
}

/// Prints a list: its table, or its JSON array; says on stderr when the list was cut at the
/// `--limit` cap or is empty.
pub fn list<T: Serialize>(
    output: Output,
    what: &str,
    items: &[T],
    truncated: bool,
    table: impl FnOnce(&[T]) -> Table,
) -> anyhow::Result<()> {
    if truncated {
        eprintln!(
            "note: showing the first {} {what}; there are more, raise --limit to see them",
            items.len()
        );
    }
    match output {
        Output::Json => json(items),
        Output::Table if items.is_empty() => {
            eprintln!("no {what}");
            Ok(())
        }
        Output::Table => {
            println!("{}", table(items));
            Ok(())
        }
    }
}

/// What a successful transaction reports in JSON.
#[derive(Serialize)]
pub struct TxReport<'a, E: Serialize> {
    /// What was done, in words.
    pub action: &'a str,
    /// Transaction hash.
    pub txhash: &'a str,
    /// Block height.
    pub height: u64,
    /// Gas used.
    pub gas_used: u64,
    /// Gas limit.
    pub gas_wanted: u64,
    /// Facts specific to the command (new ids, addresses).
    #[serde(flatten)]
    pub extra: E,
}

/// Reports a transaction: one line for people, or a JSON object with `extra` merged in.
pub fn tx<E: Serialize>(
    output: Output,
    action: &str,
    outcome: &TxOutcome,
    extra: E,
) -> anyhow::Result<()> {
    match output {
        Output::Json => json(&TxReport {
            action,
            txhash: &outcome.hash,
            height: outcome.height,
            gas_used: outcome.gas_used,
            gas_wanted: outcome.gas_wanted,
            extra,
        }),
        Output::Table => {
            println!(
                "{action} (tx {} in block {}, gas {}/{})",
                outcome.hash, outcome.height, outcome.gas_used, outcome.gas_wanted
            );
            Ok(())
        }
    }
}

/// Nothing extra to report about a transaction.
#[derive(Serialize)]
pub struct NoExtra {}
