//! The bank: issues the cw20 settlement token against fiat deposits, holds consumers' prepaid
//! balances and redemption escrows, and pays bills' instalments to retailers.
//!
//! Modules: `contract` (entry points that only dispatch), `instantiate` (instantiation of the bank
//! and its token), `execute` (one module per group of actions), `ledger` (instalments and
//! payments with their indexes and running totals), `registry` (questions to the admin
//! contract), `statuses` (what is paid of regional bills, told to the router), `query`,
//! `migrate` (migration rules), `state`, `error`.

pub mod contract;
mod error;
pub mod execute;
pub mod instantiate;
pub mod ledger;
pub mod migrate;
pub mod query;
pub mod registry;
pub mod state;
pub mod statuses;

#[cfg(test)]
mod tests;

pub use crate::error::{ContractError, ContractResult};
