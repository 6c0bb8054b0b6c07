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
mod tests;
