//! The router: the main chain's routing table of regional sub-chains. It knows which region
//! (and channel) serves which consumer and meter, carries the registry's registrations,
//! standings and statuses to the regions as packets of the region protocol
//! ([`ledger_types::region`]), and hands the regions' advances and bills to the bank, keeping
//! per region and period the digests of the bills the bank confirmed.
//!
//! Modules: `contract` and `ibc` (entry points that only dispatch), `instantiate`, `execute`
//! (regions, routing, the outbox), `channel` (the handshake and close), `receive` (packets
//! from regions and the bank's replies), `acks` (answers to our packets and their timeouts),
//! `query`, `migrate`, `state`, `error`.

pub mod acks;
pub mod channel;
pub mod contract;
mod error;
pub mod execute;
pub mod ibc;
pub mod instantiate;
pub mod migrate;
pub mod query;
pub mod receive;
pub mod state;

#[cfg(test)]
mod tests;

pub use crate::error::{ContractError, ContractResult};
