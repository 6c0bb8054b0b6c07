//! The meter contract: one per consumer. It holds the consumer's meters, verifies their
//! signed readings, keeps daily and period totals as the readings arrive, closes billing
//! periods into bills priced by the tariff contract and hands the bills to the bank.
//!
//! The messages are in `ledger_types::meter`. Where the gas goes and why the storage looks
//! the way it does is explained in the `state` and `usage` modules.

mod billing;
mod codec;
pub mod contract;
pub mod error;
mod execute;
mod instantiate;
mod migrate;
mod query;
mod records;
mod state;
mod usage;

pub use error::{ContractError, ContractResult};

#[cfg(test)]
mod tests;
