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
use calamine::{Data, Reader, open_workbook_auto};
use cosmwasm_std::Uint128;
use ledger_crypto::{ENVELOPE_OVERHEAD, SALT_LEN};
use ledger_types::loan_share::{
    JoinTerms, LoanType, MAX_CIPHERTEXT_LEN, MAX_DATA_LINKS, MAX_FEE_PER_10K, MAX_LINK_LEN,
    MAX_PARTICIPANTS, MAX_RATE_BPS, MAX_SHORT_TEXT, PlanInput, RiskSummary, SealedField,
    SensitiveField, VehicleInfo,
};
use zeroize::Zeroizing;

use crate::units::{Money, parse_fixed};
use crate::when::When;

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

/// A file read into text cells: the header and each non-blank row with its number. A cell is
/// `Err` when the spreadsheet holds something that cannot be read as text faithfully.
#[derive(Debug, Default)]
pub struct Sheet {
    /// The header's column names, trimmed and lower-cased.
    pub header: Vec<String>,
    /// The rows after the header, with their row numbers.
    pub rows: Vec<(u64, Vec<Result<String, String>>)>,
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

/// Reads CSV text: the first non-comment line is the header; lines starting with `#` are
/// comments; cells are trimmed. Rows are numbered by their line in the file.
pub fn read_csv(mut reader: impl std::io::Read) -> anyhow::Result<Sheet> {
    // Read whole (applications files are small) so that row numbers can be counted from byte
    // offsets: the csv crate does not count comment lines in its own line numbers.
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow!("cannot read it: {e}"))?;
    // A record's position is where the previous one ended; blank and comment lines in
    // between are stepped over to find the line the record is on.
    let line_of = |offset: u64| {
        let mut at = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        while at < bytes.len() {
            match bytes[at] {
                b'\n' | b'\r' => at += 1,
                b'#' => {
                    at = bytes[at..]
                        .iter()
                        .position(|b| *b == b'\n')
                        .map_or(bytes.len(), |n| at + n + 1)
                }
                _ => break,
            }
        }
        1 + bytes[..at].iter().filter(|b| **b == b'\n').count() as u64
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let header = csv
        .headers()
        .map_err(|e| anyhow!("cannot read the header line: {e}"))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let mut rows = Vec::new();
    for record in csv.records() {
        let record = record.map_err(|e| anyhow!("not valid CSV: {e}"))?;
        let line = record.position().map_or(0, |p| line_of(p.byte()));
        if record.iter().all(|c| c.is_empty()) {
            continue;
        }
        rows.push((line, record.iter().map(|c| Ok(c.to_string())).collect()));
    }
    Ok(Sheet { header, rows })
}

/// Reads a spreadsheet's first sheet (or the sheet named `sheet`): its first row is the
/// header.
pub fn read_workbook(path: &Path, sheet: Option<&str>) -> anyhow::Result<Sheet> {
    let mut book =
        open_workbook_auto(path).map_err(|e| anyhow!("cannot open it as a spreadsheet: {e}"))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| {
                anyhow!(
                    "it has no sheet '{wanted}'; its sheets are {}",
                    names.join(", ")
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| anyhow!("the workbook has no sheets"))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| anyhow!("cannot read sheet '{name}': {e}"))?;
    // Row numbers as the spreadsheet shows them: the range may start below row 1.
    let first_row = u64::from(range.start().map_or(0, |(row, _)| row)) + 1;
    let mut rows = range.rows();
    let header = rows
        .next()
        .ok_or_else(|| anyhow!("sheet '{name}' is empty; its first row must name the columns"))?
        .iter()
        .map(|c| cell_text(c).unwrap_or_default().trim().to_ascii_lowercase())
        .collect();
    let mut out = Vec::new();
    for (i, row) in rows.enumerate() {
        let cells: Vec<Result<String, String>> = row.iter().map(cell_text).collect();
        if cells.iter().all(|c| matches!(c, Ok(t) if t.is_empty())) {
            continue;
        }
        out.push((first_row + 1 + i as u64, cells));
    }
    Ok(Sheet { header, rows: out })
}

/// A spreadsheet cell as text: numbers without a spurious `.0`, dates as UTC date-times.
/// Numbers of 16 digits or more are refused: a spreadsheet keeps only 15, so an identity
/// number typed as a number has already lost its last digits.
pub fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Float(f) => {
            if !f.is_finite() {
                return Err("the cell is not a finite number".to_string());
            }
            if f.abs() >= 1e15 {
                return Err(
                    "the cell is a number of 16 or more digits, more than a spreadsheet keeps \
                     exactly; format the column as text and type the value again"
                        .to_string(),
                );
            }
            if f.fract() == 0.0 {
                // Exact: |f| < 1e15 fits an i64.
                format!("{}", *f as i64)
            } else {
                format!("{f}")
            }
        }
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
        }
        Data::Error(e) => return Err(format!("the cell holds the spreadsheet error {e}")),
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

/// Reads the cells of one row by column name and collects its problems.
struct RowReader<'a> {
    row: u64,
    cells: &'a [Result<String, String>],
    index: &'a BTreeMap<&'static str, usize>,
    errors: Vec<RowError>,
}

impl RowReader<'_> {
    fn error(&mut self, column: &'static str, message: String) {
        self.errors.push(RowError {
            row: self.row,
            column: Some(column),
            message,
        });
    }

    /// The cell's text ("" when the column is absent or the row is short), or `None` after
    /// recording why it cannot be read.
    fn cell(&mut self, column: &'static str) -> Option<String> {
        let Some(&i) = self.index.get(column) else {
            return Some(String::new());
        };
        match self.cells.get(i) {
            None => Some(String::new()),
            Some(Ok(text)) => Some(text.trim().to_string()),
            Some(Err(why)) => {
                self.error(column, why.clone());
                None
            }
        }
    }

    /// A cell that must not be blank.
    fn required(&mut self, column: &'static str, what: &str) -> Option<String> {
        let text = self.cell(column)?;
        if text.is_empty() {
            self.error(column, format!("empty; give {what}"));
            return None;
        }
        Some(text)
    }

    fn parsed<T>(
        &mut self,
        column: &'static str,
        what: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.required(column, what)?;
        match parse(&text) {
            Ok(v) => Some(v),
            Err(why) => {
                self.error(column, why);
                None
            }
        }
    }

    fn money(&mut self, column: &'static str, positive: bool) -> Option<Money> {
        let value = self.parsed(column, "an amount in currency units, e.g. 100000.00", |s| {
            s.replace(',', "").parse::<Money>()
        })?;
        if positive && value.minor() == 0 {
            self.error(column, "must be more than zero".to_string());
            return None;
        }
        Some(value)
    }

    fn whole(&mut self, column: &'static str, what: &str, range: (u32, u32)) -> Option<u32> {
        let (min, max) = range;
        self.parsed(column, what, |s| {
            s.parse::<u32>()
                .ok()
                .filter(|v| (min..=max).contains(v))
                .ok_or_else(|| format!("'{s}' is not a whole number from {min} to {max}"))
        })
    }

    fn rate(&mut self, column: &'static str) -> Option<u32> {
        self.parsed(column, "an annual rate in percent, e.g. 18.5", |s| {
            let bad = || {
                format!(
                    "'{s}' is not an annual rate: give percent with up to 2 decimals from 0 to \
                     100, e.g. 18.5"
                )
            };
            let bps = parse_fixed(s.trim_end_matches('%').trim(), 2).map_err(|_| bad())?;
            u32::try_from(bps)
                .ok()
                .filter(|b| *b <= MAX_RATE_BPS)
                .ok_or_else(bad)
        })
    }

    fn text(&mut self, column: &'static str, what: &str, identifier: bool) -> Option<String> {
        let text = self.required(column, what)?;
        let len = text.chars().count();
        if len > MAX_SHORT_TEXT {
            self.error(
                column,
                format!("{len} characters; at most {MAX_SHORT_TEXT} are allowed"),
            );
            return None;
        }
        if identifier && text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            self.error(
                column,
                format!("'{text}' must not contain spaces or control characters"),
            );
            return None;
        }
        Some(text)
    }

    /// A sensitive cell: its problems are described without quoting it.
    fn sensitive(&mut self, field: SensitiveField) -> Option<Sensitive> {
        let column = sensitive_column(field);
        let text = self.required(
            column,
            "the borrower's value (it is encrypted before sending)",
        )?;
        let value = Sensitive::new(&text);
        if text.chars().any(char::is_control) {
            self.error(column, "contains control characters".to_string());
            return None;
        }
        if text.len() > MAX_SENSITIVE_BYTES {
            self.error(
                column,
                format!(
                    "{} bytes long; at most {MAX_SENSITIVE_BYTES} fit a ciphertext",
                    text.len()
                ),
            );
            return None;
        }
        Some(value)
    }

    fn when(&mut self, column: &'static str, what: &str) -> Option<When> {
        self.parsed(column, what, |s| s.parse::<When>())
    }

    fn application(&mut self) -> Option<LoanRow> {
        let asset_id = self.text("asset_id", "the loan's id in your system", true);
        let loan_type = self.parsed("loan_type", "the kind of loan", parse_loan_type);
        let loan_amount = self.money("loan_amount", true);
        let risk_score = self.text("risk_score", "the risk score or grade", false);
        let loan_limit = self.money("loan_limit", false);
        let suggested = self.money("suggested_share_limit", false);
        let offered = self.money("offered", true);
        let min_rate = self.rate("min_rate");
        let max_rate = self.rate("max_rate");
        let fee = self.whole(
            "fee_per_10k",
            "token units per 10,000 confirmed, e.g. 1",
            (1, MAX_FEE_PER_10K),
        );
        let participants = self.whole(
            "max_participants",
            "how many lenders may join",
            (1, MAX_PARTICIPANTS),
        );
        let start = match self.cell("start") {
            Some(s) if s.is_empty() => Some(When::Now),
            Some(s) => match s.parse::<When>() {
                Ok(w) => Some(w),
                Err(why) => {
                    self.error("start", why);
                    None
                }
            },
            None => None,
        };
        let end = self.parsed(
            "end",
            "when the plan closes: a UTC date or date-time, or a time after the start (30d, 12h)",
            parse_end,
        );
        let data_links = self.data_links();

        // Sensitive fields: the first three always; plate and engine numbers exactly for car
        // loans.
        let mut sensitive = Vec::new();
        for field in &SensitiveField::ALL[..3] {
            if let Some(v) = self.sensitive(*field) {
                sensitive.push((*field, v));
            }
        }
        let car_columns = [
            "plate_number",
            "engine_number",
            "mileage_km",
            "purchased_at",
        ];
        let mut vehicle = None;
        if let Some(loan_type) = loan_type {
            if loan_type.is_car_loan() {
                for field in &SensitiveField::ALL[3..] {
                    if let Some(v) = self.sensitive(*field) {
                        sensitive.push((*field, v));
                    }
                }
                vehicle = self.vehicle();
            } else {
                for column in car_columns {
                    if self.cell(column).is_some_and(|c| !c.is_empty()) {
                        self.error(
                            column,
                            format!(
                                "car details belong to car loans (car_mortgage, car_pledge), not \
                                 to a {} loan; leave it empty",
                                loan_type.as_str()
                            ),
                        );
                    }
                }
            }
        }

        if let (Some(amount), Some(offered)) = (loan_amount, offered) {
            if offered.minor() > amount.minor() {
                self.error(
                    "offered",
                    format!("{offered} is more than the loan amount {amount}"),
                );
            }
        }
        if let (Some(min), Some(max)) = (min_rate, max_rate) {
            if min > max {
                self.error(
                    "max_rate",
                    "the highest accepted rate is below the lowest (min_rate)".to_string(),
                );
            }
        }
        if let (Some(When::At(start)), Some(End::At(When::At(end)))) = (start, end) {
            if end <= start {
                self.error(
                    "end",
                    "the plan must close after it opens (start)".to_string(),
                );
            }
        }
        if let Some(End::At(When::Now)) = end {
            self.error(
                "end",
                "a plan cannot close now; give a later date or a time after the start (30d)"
                    .to_string(),
            );
        }

        if !self.errors.is_empty() {
            return None;
        }
        Some(LoanRow {
            row: self.row,
            asset_id: asset_id?,
            loan_type: loan_type?,
            loan_amount: loan_amount?,
            sensitive,
            vehicle,
            risk: RiskSummary {
                score: risk_score?,
                loan_limit: Uint128::new(loan_limit?.minor()),
                suggested_share_limit: Uint128::new(suggested?.minor()),
            },
            data_links: data_links?,
            offered: offered?,
            min_rate_bps: min_rate?,
            max_rate_bps: max_rate?,
            fee_per_10k: fee?,
            max_participants: participants?,
            start: start?,
            end: end?,
        })
    }

    fn data_links(&mut self) -> Option<Vec<String>> {
        let text = self.cell("data_links")?;
        let links: Vec<String> = text
            .split(|c: char| c == ';' || c.is_whitespace())
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if links.len() > MAX_DATA_LINKS {
            self.error(
                "data_links",
                format!(
                    "{} links; at most {MAX_DATA_LINKS} are allowed (separate them with ';')",
                    links.len()
                ),
            );
            return None;
        }
        if let Some(long) = links.iter().find(|l| l.chars().count() > MAX_LINK_LEN) {
            self.error(
                "data_links",
                format!("the link '{long}' is longer than {MAX_LINK_LEN} characters"),
            );
            return None;
        }
        Some(links)
    }

    /// Mileage and purchase time of a car loan: both or neither.
    fn vehicle(&mut self) -> Option<VehicleInfo> {
        let mileage = self.cell("mileage_km")?;
        let purchased = self.cell("purchased_at")?;
        if mileage.is_empty() && purchased.is_empty() {
            return None;
        }
        let mileage_km = self.parsed("mileage_km", "the car's mileage in km", |s| {
            s.replace(',', "")
                .parse::<u64>()
                .map_err(|_| format!("'{s}' is not a whole number of kilometres"))
        });
        let purchased_at = self.when("purchased_at", "when the borrower bought the car");
        match (mileage_km, purchased_at) {
            (Some(mileage_km), Some(When::At(purchased_at))) => Some(VehicleInfo {
                mileage_km,
                purchased_at,
            }),
            (_, Some(When::Now)) => {
                self.error(
                    "purchased_at",
                    "give the purchase date (YYYY-MM-DD), not now".to_string(),
                );
                None
            }
            _ => None,
        }
    }
}

/// The column holding a sensitive field.
pub fn sensitive_column(field: SensitiveField) -> &'static str {
    match field {
        SensitiveField::BorrowerName => "borrower_name",
        SensitiveField::IdNumber => "id_number",
        SensitiveField::Phone => "phone",
        SensitiveField::PlateNumber => "plate_number",
        SensitiveField::EngineNumber => "engine_number",
    }
}

/// A loan type by its name (`car_mortgage`, `car-mortgage`, `Car Mortgage`).
pub fn parse_loan_type(s: &str) -> Result<LoanType, String> {
    let wanted: String = s
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect();
    LoanType::ALL
        .into_iter()
        .find(|t| t.as_str() == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = LoanType::ALL.iter().map(LoanType::as_str).collect();
            format!("'{s}' is not a loan type; use one of {}", names.join(", "))
        })
}

/// A plan's end: `30d` or `12h` after its start, or an instant.
pub fn parse_end(s: &str) -> Result<End, String> {
    let relative = |digits: &str, unit: u64| {
        digits
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .and_then(|n| n.checked_mul(unit))
            .map(End::After)
    };
    if let Some(d) = s.strip_suffix('d').and_then(|d| relative(d, 86_400)) {
        return Ok(d);
    }
    if let Some(h) = s.strip_suffix('h').and_then(|h| relative(h, 3_600)) {
        return Ok(h);
    }
    s.parse::<When>().map(End::At).map_err(|_| {
        format!(
            "'{s}' is not an end: give a time after the start (30d, 12h) or a UTC date or \
             date-time (2026-12-31, 2026-12-31T18:00)"
        )
    })
}

#[cfg(test)]
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;

    const HEADER: &str = "asset_id,loan_type,loan_amount,borrower_name,id_number,phone,\
        plate_number,engine_number,mileage_km,purchased_at,risk_score,loan_limit,\
        suggested_share_limit,data_links,offered,min_rate,max_rate,fee_per_10k,\
        max_participants,start,end";

    fn csv(rows: &[&str]) -> Result<Vec<LoanRow>, Vec<RowError>> {
        let text = format!("{HEADER}\n{}\n", rows.join("\n"));
        parse(&read_csv(text.as_bytes()).unwrap())
    }

    const CASH: &str = "LA-1,cash,200000.00,Zhang Wei,110101199003071234,13800138000,,,,,A2,\
        200000,100000,https://data.example/r/1,100000.00,18,20,1,3,,30d";
    const CAR: &str = "LA-2,car_mortgage,150000,Li Na,310104198805126543,13912345678,\
        B7Q2K9,LJ465Q1A2345678,42000,2022-01-01,B1,150000,60000,,60000,18.5,21.25,2,2,\
        2026-01-01,2026-03-01T12:00";

    #[test]
    fn the_example_file_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/loan-applications.csv");
        let rows = read_applications(&path, None).unwrap();
        assert_eq!(rows.len(), 3);
        let types: Vec<LoanType> = rows.iter().map(|r| r.loan_type).collect();
        assert_eq!(
            types,
            [LoanType::Cash, LoanType::CarMortgage, LoanType::Enterprise]
        );
        for r in &rows {
            let fields: Vec<SensitiveField> = r.sensitive.iter().map(|(f, _)| *f).collect();
            assert_eq!(fields, r.loan_type.sensitive_fields());
            assert!(r.offered.minor() <= r.loan_amount.minor());
        }
    }

    #[test]
    fn rows_become_plans() {
        let rows = csv(&[CASH, CAR]).unwrap();
        let cash = &rows[0];
        assert_eq!(cash.row, 2);
        assert_eq!(cash.asset_id, "LA-1");
        assert_eq!(cash.loan_amount.minor(), 200_000_00);
        assert_eq!(cash.sensitive.len(), 3);
        assert_eq!(cash.sensitive[0].1.expose(), "Zhang Wei");
        assert_eq!(cash.sensitive[1].1.expose(), "110101199003071234");
        assert_eq!(cash.vehicle, None);
        assert_eq!(
            cash.data_links,
            vec!["https://data.example/r/1".to_string()]
        );
        assert_eq!((cash.min_rate_bps, cash.max_rate_bps), (1_800, 2_000));
        assert_eq!(cash.start, When::Now);
        assert_eq!(cash.end, End::After(30 * 86_400));
        let plan = cash.plan_input(vec![], 1_000);
        assert_eq!(plan.terms.start, 1_000);
        assert_eq!(plan.terms.end, 1_000 + 30 * 86_400);
        assert_eq!(plan.terms.offered, Uint128::new(100_000_00));
        assert_eq!(plan.risk.loan_limit, Uint128::new(200_000_00));

        let car = &rows[1];
        assert_eq!(car.row, 3);
        assert_eq!(car.loan_type, LoanType::CarMortgage);
        let fields: Vec<SensitiveField> = car.sensitive.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, SensitiveField::ALL);
        assert_eq!(car.sensitive[3].1.expose(), "B7Q2K9");
        assert_eq!(
            car.vehicle,
            Some(VehicleInfo {
                mileage_km: 42_000,
                purchased_at: 1_640_995_200
            })
        );
        assert_eq!((car.min_rate_bps, car.max_rate_bps), (1_850, 2_125));
        assert_eq!(car.window(0), (1_767_225_600, 1_772_366_400));
    }

    #[test]
    fn every_bad_cell_is_named_with_its_row_and_column() {
        let bad_amounts = "LA-3,cash,12.345,N,I,P,,,,,A,1,1,,0,25,18,0,21,,30d";
        let car_without_plate = "LA-4,car_pledge,100,N,I,P,,E9,,,A,1,1,,50,1,2,1,1,,1h";
        let cash_with_plate = "LA-5,cash,100,N,I,P,B1,,,,A,1,1,,50,1,2,1,1,,1h";
        let bad_type_and_end = "LA 6,house,100,,I,P,,,,,A,1,1,,200,1,2,1,1,,yesterday";
        let errors = csv(&[
            bad_amounts,
            car_without_plate,
            cash_with_plate,
            bad_type_and_end,
        ])
        .unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let expect = [
            "row 2, column loan_amount: '12.345' is not an amount: at most 2 decimals",
            "row 2, column offered: must be more than zero",
            "row 2, column fee_per_10k: '0' is not a whole number from 1 to 10000",
            "row 2, column max_participants: '21' is not a whole number from 1 to 20",
            "row 2, column max_rate: the highest accepted rate is below the lowest",
            "row 3, column plate_number: empty; give the borrower's value",
            "row 4, column plate_number: car details belong to car loans",
            "row 5, column asset_id: 'LA 6' must not contain spaces",
            "row 5, column loan_type: 'house' is not a loan type; use one of cash,",
            "row 5, column borrower_name: empty",
            "row 5, column end: 'yesterday' is not an end",
            "row 5, column offered: 200.00 is more than the loan amount 100.00",
        ];
        for e in expect {
            assert!(
                text.iter().any(|t| t.starts_with(e)),
                "missing {e:?} in {text:#?}"
            );
        }
        assert_eq!(errors.len(), expect.len(), "{text:#?}");
        let described = describe_errors(&errors);
        assert!(described.starts_with("12 problems, nothing was posted:"));
    }

    #[test]
    fn offers_windows_and_duplicates_are_checked_across_cells() {
        let over = "LA-7,cash,100,N,I,P,,,,,A,1,1,,100.01,1,2,1,1,,1h";
        let backwards = "LA-8,cash,100,N,I,P,,,,,A,1,1,,100,1,2,1,1,2026-02-01,2026-01-01";
        let twice = "LA-8,cash,100,N,I,P,,,,,A,1,1,,100,1,2,1,1,,1h";
        let errors = csv(&[over, backwards, twice]).unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "row 2, column offered: 100.01 is more than the loan amount 100.00",
                "row 3, column end: the plan must close after it opens (start)",
                "row 4, column asset_id: asset id LA-8 is also on row 3; each loan is shared once",
            ]
        );
    }

    #[test]
    fn sensitive_values_never_appear_in_errors_or_debug() {
        let long_name = "X".repeat(MAX_SENSITIVE_BYTES + 1);
        let row = format!("LA-9,cash,100,{long_name},SECRET-ID,,,,,,A,1,1,,100,1,2,1,1,,1h");
        let errors = csv(&[&row]).unwrap_err();
        let text = describe_errors(&errors);
        assert!(
            text.contains("row 2, column borrower_name: 931 bytes long"),
            "{text}"
        );
        assert!(text.contains("row 2, column phone: empty"), "{text}");
        assert!(
            !text.contains(&long_name) && !text.contains("SECRET-ID"),
            "{text}"
        );
        let rows = csv(&[CASH]).unwrap();
        let debug = format!("{rows:?}");
        assert!(
            !debug.contains("Zhang Wei") && !debug.contains("13800138000"),
            "{debug}"
        );
    }

    #[test]
    fn headers_are_checked_first() {
        let parse_header = |header: &str| {
            parse(&read_csv(format!("{header}\nx\n").as_bytes()).unwrap()).unwrap_err()[0]
                .to_string()
        };
        let missing = parse_header("asset_id,loan_type");
        assert!(
            missing.starts_with("row 1: the header lacks the columns loan_amount, borrower_name"),
            "{missing}"
        );
        let unknown = parse_header(&format!("{HEADER},salary"));
        assert!(unknown.contains("unknown column 'salary'"), "{unknown}");
        let twice = parse_header(&format!("{HEADER},phone"));
        assert!(twice.contains("names the column 'phone' twice"), "{twice}");
        let empty = parse(&read_csv(format!("{HEADER}\n").as_bytes()).unwrap()).unwrap_err();
        assert!(empty[0].message.contains("no applications"));
    }

    #[test]
    fn comments_blank_lines_and_optional_columns() {
        let text = "# exported from the loan system\n\
            asset_id,loan_type,loan_amount,borrower_name,id_number,phone,risk_score,loan_limit,\
            suggested_share_limit,offered,min_rate,max_rate,fee_per_10k,max_participants,end\n\
            \n\
            LA-10 , Provident Fund ,\"1,000.00\",N,I,P,A,1,1,10,18%,18%,1,1,2027-01-01\n";
        let rows = parse(&read_csv(text.as_bytes()).unwrap()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].row, 4);
        assert_eq!(rows[0].loan_type, LoanType::ProvidentFund);
        assert_eq!(rows[0].loan_amount.minor(), 1_000_00);
        assert_eq!(rows[0].start, When::Now);
        assert_eq!(rows[0].end, End::At(When::At(1_798_761_600)));
        assert!(rows[0].data_links.is_empty());
    }

    #[test]
    fn spreadsheets_are_read_like_csv() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("applications.xlsx");
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Loans").unwrap();
        for (col, name) in HEADER.split(',').enumerate() {
            sheet.write_string(0, col as u16, name.trim()).unwrap();
        }
        let text = |sheet: &mut rust_xlsxwriter::Worksheet, row: u32, values: &[(u16, &str)]| {
            for (col, v) in values {
                sheet.write_string(row, *col, *v).unwrap();
            }
        };
        // A car loan typed as a spreadsheet would hold it: amounts, rates, mileage and the
        // phone as numbers, the purchase date as a date, the identity number as text.
        text(
            sheet,
            1,
            &[
                (0, "LA-11"),
                (1, "car_pledge"),
                (3, "Wang Fang"),
                (4, "11010119900307123X"),
                (6, "B7Q2K9"),
                (7, "E-77"),
                (10, "A1"),
                (20, "2026-06-30"),
            ],
        );
        for (col, v) in [
            (2, 150_000.0),
            (5, 13_800_138_000.0),
            (8, 42_000.0),
            (11, 150_000.0),
            (12, 60_000.5),
            (14, 60_000.0),
            (15, 18.5),
            (16, 20.0),
            (17, 1.0),
            (18, 2.0),
        ] {
            sheet.write_number(1, col, v).unwrap();
        }
        let date = Format::new().set_num_format("yyyy-mm-dd");
        sheet
            .write_datetime_with_format(1, 9, ExcelDateTime::from_ymd(2022, 1, 1).unwrap(), &date)
            .unwrap();
        // A second row whose identity number was typed as a number and lost digits.
        text(
            sheet,
            2,
            &[(0, "LA-12"), (1, "cash"), (3, "Zhao Lei"), (10, "B")],
        );
        for (col, v) in [
            (2, 100.0),
            (4, 110_101_199_003_071_234.0),
            (5, 1.0),
            (11, 1.0),
            (12, 1.0),
            (14, 50.0),
            (15, 1.0),
            (16, 2.0),
            (17, 1.0),
            (18, 1.0),
        ] {
            sheet.write_number(2, col, v).unwrap();
        }
        sheet.write_string(2, 20, "7d").unwrap();
        book.save(&path).unwrap();

        let err = read_applications(&path, None).unwrap_err().to_string();
        assert!(
            err.contains("1 problem, nothing was posted:")
                && err.contains("row 3, column id_number: the cell is a number of 16 or more"),
            "{err}"
        );
        assert!(!err.contains("110101199003071234"), "{err}");
        let missing = read_applications(&path, Some("Sheet9")).unwrap_err();
        assert!(
            format!("{missing:#}").contains("it has no sheet 'Sheet9'; its sheets are Loans"),
            "{missing:#}"
        );

        // Only the car loan's row, read back.
        let sheet = read_workbook(&path, Some("Loans")).unwrap();
        let car = Sheet {
            header: sheet.header.clone(),
            rows: sheet.rows[..1].to_vec(),
        };
        let rows = parse(&car).unwrap();
        let car = &rows[0];
        assert_eq!(car.row, 2);
        assert_eq!(car.loan_amount.minor(), 150_000_00);
        assert_eq!(car.risk.suggested_share_limit, Uint128::new(60_000_50));
        assert_eq!(car.sensitive[1].1.expose(), "11010119900307123X");
        assert_eq!(car.sensitive[2].1.expose(), "13800138000");
        assert_eq!((car.min_rate_bps, car.max_rate_bps), (1_850, 2_000));
        assert_eq!(
            car.vehicle,
            Some(VehicleInfo {
                mileage_km: 42_000,
                purchased_at: 1_640_995_200
            })
        );
        assert_eq!(car.end, End::At(When::At(1_782_777_600)));
    }

    #[test]
    fn the_format_follows_the_extension() {
        let err = read_applications(Path::new("loans.txt"), None)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("name a CSV file *.csv or a spreadsheet *.xlsx"),
            "{err}"
        );
        let err = read_applications(Path::new("loans.csv"), Some("Loans"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("--sheet is for spreadsheets"), "{err}");
    }

    #[test]
    fn ends_parse() {
        assert_eq!(parse_end("30d"), Ok(End::After(30 * 86_400)));
        assert_eq!(parse_end("12h"), Ok(End::After(12 * 3_600)));
        assert_eq!(
            parse_end("2026-01-01"),
            Ok(End::At(When::At(1_767_225_600)))
        );
        for bad in ["0d", "d", "-1d", "soon"] {
            assert!(parse_end(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_loan_type("Car-Pledge"), Ok(LoanType::CarPledge));
    }
}
