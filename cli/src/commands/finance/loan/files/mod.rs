//! The loan applications file `ledger loan import` reads: a CSV file or a spreadsheet (XLSX,
//! XLS, ODS) exported from a lender's loan system, one application per row, with the share
//! conditions for each. See `cli/examples/loan-applications.csv`.
//!
//! Every row is parsed and checked here, before the chain is asked anything or any key is
//! unlocked, so that a mistake is reported with its row, its column and what is wrong rather
//! than as the contract's refusal of one plan after others were already posted. All problems of
//! a file are reported at once.
//!
//! The borrower's sensitive fields (name, identity number, phone, and plate and engine numbers
//! for car loans) are held in [`Sensitive`] values: wiped from memory when dropped and never
//! shown by `Debug`, so they cannot reach a log or an error message by accident. No error text
//! of this module quotes a sensitive cell.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use anyhow::{Context, anyhow, bail};
use ledger_crypto::{ENVELOPE_OVERHEAD, SALT_LEN};
use ledger_types::loan_share::{
    JoinTerms, LoanType, MAX_CIPHERTEXT_LEN, PlanInput, RiskSummary, SealedField, SensitiveField,
    VehicleInfo,
};
use zeroize::Zeroizing;

use crate::units::Money;
use crate::when::When;

mod row;
mod sheet;

use row::RowReader;
pub use row::{parse_end, parse_loan_type, sensitive_column};
pub use sheet::{Sheet, cell_text, read_csv, read_workbook};

/// The columns of an applications file, in the order of the example (any order is accepted;
/// unknown columns are refused so that a misspelt optional column is not silently ignored).
pub const COLUMNS: [&str; 21] = [
    "asset_id",
    "loan_type",
    "loan_amount",
    "borrower_name",
    "id_number",
    "phone",
    "plate_number",
    "engine_number",
    "mileage_km",
    "purchased_at",
    "risk_score",
    "loan_limit",
    "suggested_share_limit",
    "data_links",
    "offered",
    "min_rate",
    "max_rate",
    "fee_per_10k",
    "max_participants",
    "start",
    "end",
];

/// Columns that may be left out of the header: car details (car loans only), links and the
/// start (which defaults to now).
pub const OPTIONAL_COLUMNS: [&str; 6] = [
    "plate_number",
    "engine_number",
    "mileage_km",
    "purchased_at",
    "data_links",
    "start",
];

/// Longest sensitive value: what fits a ciphertext of [`MAX_CIPHERTEXT_LEN`] bytes once the
/// envelope and the commitment's salt are added.
pub const MAX_SENSITIVE_BYTES: usize = MAX_CIPHERTEXT_LEN - ENVELOPE_OVERHEAD - SALT_LEN;

/// How many problems an error lists before it says how many more there are.
const MAX_LISTED_ERRORS: usize = 20;

/// A borrower's sensitive value in clear: wiped when dropped, never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Sensitive(Zeroizing<String>);

impl Sensitive {
    /// Wraps a value read from the file.
    pub fn new(value: &str) -> Self {
        Sensitive(Zeroizing::new(value.to_string()))
    }

    /// The value in clear, for sealing on this machine only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sensitive(..)")
    }
}

/// When a plan stops taking confirmations: an instant, or a time after its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// An instant.
    At(When),
    /// This many seconds after the start (`30d`, `12h`).
    After(u64),
}

/// One application of the file, parsed and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct LoanRow {
    /// The row in the file (the header is row 1 in a spreadsheet; CSV rows are counted by
    /// line).
    pub row: u64,
    /// The contributor's own id of the loan.
    pub asset_id: String,
    /// The kind of loan.
    pub loan_type: LoanType,
    /// The loan's amount.
    pub loan_amount: Money,
    /// The sensitive fields in clear, exactly those of [`LoanType::sensitive_fields`], in that
    /// order.
    pub sensitive: Vec<(SensitiveField, Sensitive)>,
    /// Car loans: mileage and purchase time, when given.
    pub vehicle: Option<VehicleInfo>,
    /// The contributor's risk assessment.
    pub risk: RiskSummary,
    /// Links to further data.
    pub data_links: Vec<String>,
    /// The amount offered for sharing.
    pub offered: Money,
    /// Accepted annual rates, basis points.
    pub min_rate_bps: u32,
    /// Accepted annual rates, basis points.
    pub max_rate_bps: u32,
    /// Token units per 10,000 units confirmed.
    pub fee_per_10k: u32,
    /// Most participants.
    pub max_participants: u32,
    /// When confirmations open.
    pub start: When,
    /// When they close.
    pub end: End,
}

impl LoanRow {
    /// The plan's window in unix seconds, `now` standing for `now`.
    pub fn window(&self, now: u64) -> (u64, u64) {
        let start = self.start.resolve(now);
        let end = match self.end {
            End::At(when) => when.resolve(now),
            End::After(secs) => start.saturating_add(secs),
        };
        (start, end)
    }

    /// The plan as the contract takes it, with the sealed fields made by the caller.
    pub fn plan_input(&self, sealed_fields: Vec<SealedField>, now: u64) -> PlanInput {
        let (start, end) = self.window(now);
        PlanInput {
            asset_id: self.asset_id.clone(),
            loan_type: self.loan_type,
            loan_amount: self.loan_amount.uint(),
            sealed_fields,
            risk: self.risk.clone(),
            vehicle: self.vehicle.clone(),
            data_links: self.data_links.clone(),
            terms: JoinTerms {
                offered: self.offered.uint(),
                min_rate_bps: self.min_rate_bps,
                max_rate_bps: self.max_rate_bps,
                fee_per_10k: self.fee_per_10k,
                max_participants: self.max_participants,
                start,
                end,
            },
        }
    }
}

/// A problem with one cell (or one row) of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// The row in the file.
    pub row: u64,
    /// The column, when the problem is in one.
    pub column: Option<&'static str>,
    /// What is wrong and how to fix it; never quotes a sensitive value.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(f, "row {}, column {column}: {}", self.row, self.message),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

/// Reads and checks an applications file: CSV by its `.csv` extension, otherwise a spreadsheet
/// (`.xlsx`, `.xlsm`, `.xls`, `.ods`), whose first sheet (or `sheet`) is read.
pub fn read_applications(path: &Path, sheet: Option<&str>) -> anyhow::Result<Vec<LoanRow>> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let table = match extension.as_str() {
        "csv" => {
            if sheet.is_some() {
                bail!(
                    "--sheet is for spreadsheets; {} is a CSV file",
                    path.display()
                );
            }
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot read the applications file {}", path.display()))?;
            read_csv(file).with_context(|| format!("applications file {}", path.display()))?
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, sheet)
            .with_context(|| format!("applications file {}", path.display()))?,
        _ => bail!(
            "cannot tell the format of {}: name a CSV file *.csv or a spreadsheet *.xlsx (also \
             .xls, .ods)",
            path.display()
        ),
    };
    parse(&table).map_err(|errors| {
        anyhow!(
            "applications file {}: {}",
            path.display(),
            describe_errors(&errors)
        )
    })
}

/// All problems in one message: how many, then one per line (at most twenty).
pub fn describe_errors(errors: &[RowError]) -> String {
    let mut text = format!(
        "{} problem{}, nothing was posted:",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    for e in errors.iter().take(MAX_LISTED_ERRORS) {
        text.push_str(&format!("\n  {e}"));
    }
    if errors.len() > MAX_LISTED_ERRORS {
        text.push_str(&format!(
            "\n  ... and {} more",
            errors.len() - MAX_LISTED_ERRORS
        ));
    }
    text
}

/// Parses and checks every row of a read file; all problems are returned together.
pub fn parse(sheet: &Sheet) -> Result<Vec<LoanRow>, Vec<RowError>> {
    let header_error = |message: String| {
        vec![RowError {
            row: 1,
            column: None,
            message,
        }]
    };
    let mut index: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (i, name) in sheet.header.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        let Some(column) = COLUMNS.iter().find(|c| **c == name.as_str()) else {
            return Err(header_error(format!(
                "the header has an unknown column '{name}'; the columns are {}",
                COLUMNS.join(", ")
            )));
        };
        if index.insert(column, i).is_some() {
            return Err(header_error(format!(
                "the header names the column '{name}' twice"
            )));
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !OPTIONAL_COLUMNS.contains(c) && !index.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(header_error(format!(
            "the header lacks the column{} {}; the first row must name the columns (see \
             cli/examples/loan-applications.csv)",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        )));
    }
    if sheet.rows.is_empty() {
        return Err(header_error(
            "the file has a header but no applications".to_string(),
        ));
    }

    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    for (row, cells) in &sheet.rows {
        let mut r = RowReader {
            row: *row,
            cells,
            index: &index,
            errors: Vec::new(),
        };
        let parsed = r.application();
        // Duplicates are looked for in the raw cell, so that a repeated id is reported even on
        // rows with other problems.
        if let Some(asset_id) = r.cell("asset_id").filter(|a| !a.is_empty()) {
            match seen.get(&asset_id) {
                Some(first) => r.error(
                    "asset_id",
                    format!("asset id {asset_id} is also on row {first}; each loan is shared once"),
                ),
                None => {
                    seen.insert(asset_id, *row);
                }
            }
        }
        match parsed {
            Some(parsed) if r.errors.is_empty() => out.push(parsed),
            _ => errors.append(&mut r.errors),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
#[allow(clippy::inconsistent_digit_grouping)]
mod tests;
