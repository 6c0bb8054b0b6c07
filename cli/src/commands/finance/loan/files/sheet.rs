//! Reading an applications file into text cells: CSV, or a spreadsheet through calamine.

use std::path::Path;

use anyhow::anyhow;
use calamine::{Data, Reader, open_workbook_auto};

/// A file read into text cells: the header and each non-blank row with its number. A cell is
/// `Err` when the spreadsheet holds something that cannot be read as text faithfully.
#[derive(Debug, Default)]
pub struct Sheet {
    /// The header's column names, trimmed and lower-cased.
    pub header: Vec<String>,
    /// The rows after the header, with their row numbers.
    pub rows: Vec<(u64, Vec<Result<String, String>>)>,
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
