//! Tests' reading of the workbooks the exports write: cells of a sheet, as numbers or text,
//! and raw parts of the xlsx zip.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

/// The cells of `sheet`, row by row.
pub fn cells(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// A numeric cell's value (dates as their serial number).
pub fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        Data::DateTime(dt) => dt.as_f64(),
        other => panic!("not a number: {other:?}"),
    }
}

/// A text cell's value.
pub fn text(d: &Data) -> &str {
    match d {
        Data::String(s) => s,
        other => panic!("not text: {other:?}"),
    }
}

/// Reads a part of the xlsx zip as text.
pub fn part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}
