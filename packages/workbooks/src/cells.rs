//! What every workbook shares: cell formats, the header row, the About sheet, Excel times,
//! energy and money.

use ledger_types::time::{self, DAY};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

/// Cell formats shared by the workbooks.
#[allow(missing_docs)]
pub struct Formats {
    pub header: Format,
    pub date: Format,
    pub datetime: Format,
    pub kwh: Format,
    pub count: Format,
    pub money: Format,
    pub total_label: Format,
    pub total_kwh: Format,
    pub total_count: Format,
    pub total_money: Format,
}

impl Default for Formats {
    fn default() -> Self {
        Self::new()
    }
}

impl Formats {
    /// The formats: a bold shaded header, ISO dates, kWh with three decimals, money with two,
    /// totals over a double rule.
    pub fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_background_color("#DDEBF7")
            .set_border_bottom(FormatBorder::Thin)
            .set_text_wrap();
        let total = Format::new()
            .set_bold()
            .set_border_top(FormatBorder::Double);
        Formats {
            header,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            kwh: Format::new().set_num_format("#,##0.000"),
            count: Format::new().set_num_format("#,##0"),
            money: Format::new().set_num_format("#,##0.00"),
            total_label: total.clone(),
            total_kwh: total.clone().set_num_format("#,##0.000"),
            total_count: total.clone().set_num_format("#,##0"),
            total_money: total.set_num_format("#,##0.00"),
        }
    }
}

/// Local seconds since the epoch as an Excel date-time.
pub fn excel_time(local: u64) -> Result<ExcelDateTime, XlsxError> {
    let t = time::local_time(local);
    let secs = local % DAY;
    let year = u16::try_from(t.year)
        .map_err(|_| XlsxError::DateTimeRangeError(format!("year {}", t.year)))?;
    // Both below 60 by construction.
    let (minute, second) = (((secs % 3600) / 60) as u8, (secs % 60) as u8);
    ExcelDateTime::from_ymd(year, t.month, t.day)?.and_hms(u16::from(t.hour), minute, second)
}

/// Energy for a cell: kWh (Excel numbers are floating point; three decimals are exact enough
/// for display and the integer Wh are what the totals are summed from).
pub fn kwh_value(wh: u64) -> f64 {
    wh as f64 / 1000.0
}

/// Money for a cell: currency units from minor units.
pub fn money_value(minor: u128) -> f64 {
    minor as f64 / 100.0
}

/// Writes the bold header row with column widths, and freezes it.
pub fn header_row(
    ws: &mut Worksheet,
    f: &Formats,
    headers: &[(&str, f64)],
) -> Result<(), XlsxError> {
    for (col, (title, width)) in headers.iter().enumerate() {
        let col = col as u16;
        ws.write_string_with_format(0, col, *title, &f.header)?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_row_height(0, 30)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Adds the "About" sheet: what the workbook holds, as label and text rows.
pub fn about_sheet(workbook: &mut Workbook, rows: &[(&str, String)]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let ws = workbook.add_worksheet();
    ws.set_name("About")?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 60)?;
    for (i, (k, v)) in rows.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, *k, &bold)?;
        ws.write_string(i as u32, 1, v)?;
    }
    Ok(())
}
