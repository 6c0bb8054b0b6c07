//! What the cabinets' XLSX downloads read, behind one trait: `ledger-workbooks` over the SDK
//! in production ([`SdkWorkbooks`]), fixed rows in the handler tests.

use std::future::Future;
use std::pin::Pin;

use ledger_sdk::Ledger;
use ledger_types::admin::MeterInfo;
use ledger_workbooks::{BillsExport, ReadingsExport, Span};

/// A gathering of workbook rows in flight.
pub type WorkbookFuture<'a, T> =
    Pin<Box<dyn Future<Output = ledger_workbooks::Result<T>> + Send + 'a>>;

/// The rows of the workbooks the gateway sends.
pub trait WorkbookReads: Send + Sync + 'static {
    /// A meter's daily totals over a month or a billing period.
    fn readings<'a>(&'a self, meter_id: &'a str, span: Span) -> WorkbookFuture<'a, ReadingsExport>;
    /// The bills, instalments and payments of `meters`.
    fn bills<'a>(&'a self, meters: &'a [MeterInfo]) -> WorkbookFuture<'a, BillsExport>;
}

/// The workbooks' rows through the SDK.
#[derive(Clone, Debug)]
pub struct SdkWorkbooks {
    ledger: Ledger,
}

impl SdkWorkbooks {
    /// Reads through `ledger`.
    pub fn new(ledger: Ledger) -> Self {
        SdkWorkbooks { ledger }
    }
}

impl WorkbookReads for SdkWorkbooks {
    fn readings<'a>(&'a self, meter_id: &'a str, span: Span) -> WorkbookFuture<'a, ReadingsExport> {
        Box::pin(ledger_workbooks::gather_readings(
            &self.ledger,
            meter_id,
            span,
        ))
    }

    fn bills<'a>(&'a self, meters: &'a [MeterInfo]) -> WorkbookFuture<'a, BillsExport> {
        Box::pin(ledger_workbooks::gather_bills(&self.ledger, meters))
    }
}
