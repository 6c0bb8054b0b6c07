//! XLSX workbooks of the ledger, for people who read them in a spreadsheet: a meter's
//! readings by day over a month or a billing period, and bills with their instalments and
//! payments.
//!
//! Each workbook is made in two steps: *gather* reads the chain through the SDK into plain
//! rows ([`ReadingsExport`], [`BillsExport`]), and *write* turns rows into the bytes of an
//! `.xlsx` file. The admin CLI saves those bytes to a file (`ledger export`); the gateway
//! sends them as a download from the cabinets. Writing is pure, so it is tested without a
//! chain; gathering is tested on the localnet through both programs.
//!
//! Written with `rust_xlsxwriter` (formats, frozen headers, autofilters, document
//! properties, with no C library); `calamine` reads workbooks back under the `inspect`
//! feature.
//!
//! # Example
//!
//! ```no_run
//! use ledger_sdk::words::Month;
//! use ledger_workbooks::{Span, gather_readings, write_readings};
//! # async fn run(ledger: &ledger_sdk::Ledger) -> Result<(), ledger_workbooks::Error> {
//! let month: Month = "2026-11".parse().expect("a month");
//! let export = gather_readings(ledger, "meter-1", Span::Month(month)).await?;
//! let bytes = write_readings(&export)?;
//! std::fs::write("readings.xlsx", bytes).expect("written");
//! # Ok(())
//! # }
//! ```

mod bills;
mod cells;
#[cfg(any(test, feature = "inspect"))]
pub mod inspect;
mod readings;

pub use bills::{BillsExport, InstalmentRow, PaymentRow, gather_bills, write_bills};
pub use cells::{Formats, about_sheet, excel_time, header_row, kwh_value, money_value};
pub use readings::{DayRow, ReadingsExport, Span, gather_readings, write_readings};

/// The media type of an `.xlsx` file.
pub const XLSX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Why a workbook could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the chain failed (a contract's refusal keeps its code).
    #[error(transparent)]
    Chain(#[from] ledger_sdk::Error),
    /// A month was asked of a meter whose billing cycle has short (demo) days.
    #[error(
        "meter {meter_id}'s billing cycle has days of {day_seconds} s, not calendar days: \
         export a billing period instead of a month"
    )]
    NotCalendarDays {
        /// The meter.
        meter_id: String,
        /// Its cycle's day length.
        day_seconds: u64,
    },
    /// The month or period is outside what the billing cycle can date.
    #[error("{0} is out of the billing cycle's range")]
    OutOfRange(String),
    /// The XLSX writer failed.
    #[error("cannot write the workbook: {0}")]
    Write(#[from] rust_xlsxwriter::XlsxError),
}

/// Stable codes of [`Error`], for programs to act on.
pub mod codes {
    /// A month was asked of a meter whose billing cycle has short days.
    pub const NOT_CALENDAR_DAYS: &str = "workbooks.not_calendar_days";
    /// The month or period is outside the billing cycle's range.
    pub const OUT_OF_RANGE: &str = "workbooks.out_of_range";
    /// The XLSX writer failed.
    pub const WRITE_FAILED: &str = "workbooks.write_failed";
}

impl Error {
    /// The error's stable code: the contract's own for a refused query, one of [`codes`]
    /// for this crate's, `None` for a chain that did not answer.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Chain(e) => e.contract_code(),
            Error::NotCalendarDays { .. } => Some(codes::NOT_CALENDAR_DAYS),
            Error::OutOfRange(_) => Some(codes::OUT_OF_RANGE),
            Error::Write(_) => Some(codes::WRITE_FAILED),
        }
    }
}

/// The workbooks' result.
pub type Result<T> = std::result::Result<T, Error>;
