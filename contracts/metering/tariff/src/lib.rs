//! The tariff contract: versioned tariffs with effective dates, and quotes that price a
//! period's usage line by line with the version in force at the period's start.
//!
//! Message types live in [`ledger_types::tariff`]; money and rounding rules are described
//! there and implemented once, in [`pricing`].

pub mod auth;
pub mod contract;
mod error;
pub mod execute;
pub mod instantiate;
pub mod migrate;
pub mod pricing;
pub mod query;
pub mod state;
pub mod validate;

#[cfg(test)]
mod testing;

pub use error::{ContractError, ContractResult};
