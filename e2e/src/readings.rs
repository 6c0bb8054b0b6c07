//! Signed readings written to a file, as a gateway hands them to `ledger meter submit`.

use std::path::Path;

use ledger_reading::Reading;
use ledger_reading::signer::MeterKey;

/// The localnet's chain id, which every reading is signed for.
pub const CHAIN_ID: &str = "ledger-localnet-1";

/// Writes `readings` (sequence, interval start, interval length, energy, register), signed by
/// `key` for `contract`, as the JSON array `ledger meter submit --file` takes.
pub fn readings_file(
    path: &Path,
    key: &MeterKey,
    contract: &str,
    meter_id: &str,
    readings: &[(u64, u64, u32, u64, u64)],
) {
    let signed: Vec<_> = readings
        .iter()
        .map(|&(sequence, start, length, energy, register)| {
            key.sign(
                CHAIN_ID,
                contract,
                Reading {
                    meter_id: meter_id.to_string(),
                    sequence,
                    interval_start: start,
                    interval_length: length,
                    energy_wh: energy,
                    register_wh: register,
                },
            )
        })
        .collect();
    let json = serde_json::to_string_pretty(&signed).expect("signed readings serialise");
    std::fs::write(path, json).expect("the readings file is written");
}
