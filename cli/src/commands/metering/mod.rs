//! Metering: `ledger meter` (readings, closing periods) and `ledger tariff`.

pub mod meter;
pub mod tariff;
