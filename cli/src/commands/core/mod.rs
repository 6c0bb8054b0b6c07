//! The core contracts: `ledger deploy`, `ledger admin` (registry, emergency pause, time lock),
//! `ledger bank`, `ledger token`.

pub mod admin;
pub mod bank;
pub mod deploy;
pub mod token;
