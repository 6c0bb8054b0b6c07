//! Reading a workbook back: a sheet's cells as numbers or text, and raw parts of the xlsx
//! zip (formats, frozen panes), for tests that check what a person would see.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};

/// An `.xlsx` file's bytes, opened for reading.
pub struct Workbook {
    bytes: Vec<u8>,
}

impl Workbook {
    /// Opens `bytes`.
    pub fn new(bytes: Vec<u8>) -> Self {
        Workbook { bytes }
    }

    /// Opens the file at `path`.
    pub fn open(path: &std::path::Path) -> std::io::Result<Self> {
        std::fs::read(path).map(Self::new)
    }

    /// The cells of `sheet`, row by row.
    ///
    /// # Panics
    /// When the bytes are not a workbook or it has no such sheet.
    pub fn cells(&self, sheet: &str) -> Vec<Vec<Data>> {
        let mut book: Xlsx<_> =
            Xlsx::new(Cursor::new(self.bytes.as_slice())).expect("an xlsx workbook");
        let range = book
            .worksheet_range(sheet)
            .unwrap_or_else(|e| panic!("no sheet {sheet}: {e}"));
        range.rows().map(|r| r.to_vec()).collect()
    }

    /// The sheets' names in order.
    pub fn sheet_names(&self) -> Vec<String> {
        let book: Xlsx<_> =
            Xlsx::new(Cursor::new(self.bytes.as_slice())).expect("an xlsx workbook");
        book.sheet_names()
    }

    /// A part of the xlsx zip as text, e.g. `xl/styles.xml`.
    ///
    /// # Panics
    /// When there is no such part.
    pub fn part(&self, name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes.as_slice())).expect("a zip");
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|e| panic!("no part {name}: {e}"))
            .read_to_string(&mut s)
            .expect("text");
        s
    }
}

/// A numeric cell's value (dates as their serial number).
///
/// # Panics
/// When the cell is not a number.
pub fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        Data::DateTime(dt) => dt.as_f64(),
        other => panic!("not a number: {other:?}"),
    }
}

/// A text cell's value.
///
/// # Panics
/// When the cell is not text.
pub fn text(d: &Data) -> &str {
    match d {
        Data::String(s) => s,
        other => panic!("not text: {other:?}"),
    }
}

pub use calamine::Data as Cell;
