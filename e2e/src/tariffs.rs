//! The example tariff files (`cli/examples/`) and the bills they must produce.
//!
//! A bill is computed from the tariff file as a user wrote it and the readings the chain
//! holds, with `ledger_testing::expected`, which knows nothing of the tariff contract's code.

use std::path::PathBuf;

use ledger_testing::expected::{self, ExpectedBill};
use ledger_types::billing::BillingCycle;
use ledger_types::meter::StoredReading;
use ledger_types::tariff::TariffComponents;
use ledger_types::time::DAY;
use serde_json::Value;

use crate::repo;

/// The example tariff files.
pub const EXAMPLES: [&str; 3] = [
    "tariff-tiered.json",
    "tariff-time-of-use.json",
    "tariff-demand.json",
];

/// Path of an example tariff file.
pub fn example_path(file: &str) -> PathBuf {
    repo().join("cli/examples").join(file)
}

/// A tariff as its file defines it.
#[derive(Clone, Debug)]
pub struct TariffFile {
    /// The tariff's id.
    pub tariff_id: String,
    /// The UTC offset its hours and days are read in, minutes east.
    pub utc_offset_minutes: i32,
    /// Its charges.
    pub components: TariffComponents,
}

/// Reads every example tariff file.
pub fn examples() -> Vec<TariffFile> {
    EXAMPLES
        .iter()
        .map(|file| {
            let path = example_path(file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let json: Value = serde_json::from_str(&text).expect("a tariff file is JSON");
            TariffFile {
                tariff_id: json["tariff_id"].as_str().expect("tariff_id").to_string(),
                utc_offset_minutes: json["utc_offset_minutes"]
                    .as_i64()
                    .and_then(|o| i32::try_from(o).ok())
                    .expect("utc_offset_minutes"),
                components: serde_json::from_value(json["components"].clone())
                    .expect("components as the tariff contract takes them"),
            }
        })
        .collect()
}

/// The example tariff with this id.
pub fn example(tariff_id: &str) -> TariffFile {
    examples()
        .into_iter()
        .find(|t| t.tariff_id == tariff_id)
        .unwrap_or_else(|| panic!("no example tariff {tariff_id}"))
}

/// The bill of the period `[start, end)` of `cycle` under `tariff`, from every reading of the
/// meter. A cycle of days shorter than a civil day is a compressed clock: the tariff sees each
/// reading at the time and for the length it stands for (each demo day a whole day).
pub fn expected_bill(
    tariff: &TariffFile,
    readings: &[StoredReading],
    cycle: &BillingCycle,
    start: u64,
    end: u64,
) -> ExpectedBill {
    let in_period: Vec<StoredReading> = readings
        .iter()
        .filter(|r| (start..end).contains(&r.interval_start))
        .map(|r| on_tariff_clock(r, cycle))
        .collect();
    expected::bill(&tariff.components, tariff.utc_offset_minutes, &in_period)
}

/// A reading as the tariff sees it on the cycle's tariff clock.
fn on_tariff_clock(r: &StoredReading, cycle: &BillingCycle) -> StoredReading {
    let stretched = u64::from(r.interval_length) * DAY / cycle.tariff_day_seconds();
    StoredReading {
        interval_start: cycle
            .tariff_clock(r.interval_start)
            .expect("a billed reading lies within the cycle"),
        interval_length: u32::try_from(stretched).expect("an interval of less than 136 years"),
        ..r.clone()
    }
}
