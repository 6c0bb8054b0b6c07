//! What every XLSX workbook shares: cell formats, the header row, the About sheet, Excel
//! times, energy and money (from `ledger-workbooks`, which the gateway writes with too), and
//! saving to a file.

use anyhow::Context;
use rust_xlsxwriter::Workbook;
use std::path::Path;

pub use ledger_workbooks::{Formats, about_sheet, excel_time, header_row, kwh_value, money_value};

/// Writes `workbook` to `path`, creating its folder.
pub fn save(workbook: &mut Workbook, path: &Path) -> anyhow::Result<()> {
    let bytes = workbook
        .save_to_buffer()
        .with_context(|| format!("cannot write {}", path.display()))?;
    save_bytes(&bytes, path)
}

/// Writes a workbook's bytes to `path`, creating its folder.
pub fn save_bytes(bytes: &[u8], path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}
