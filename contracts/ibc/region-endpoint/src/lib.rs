//! The region endpoint: on each regional sub-chain, the contract at the region's end of the
//! one IBC channel to the main chain's router (protocol in `ledger_types::region`, messages in
//! `ledger_types::region_endpoint`).
//!
//! It is the `admin_contract` of the region's meter contracts (it instantiates them and pushes
//! the main chain's decisions to them) and their `bank_contract` (what they send the bank goes
//! to the main chain through the outbox, which keeps every packet until it is answered).
//!
//! - `channel`: which channel is accepted and bound; `receive`: packets from the main chain;
//!   `answers`: acknowledgements and timeouts of the packets sent to it; `execute`: what the
//!   meter contracts and the region's operator send (a new meter contract's address comes back
//!   in a reply that `receive::register` handles, as the end of the registration).

mod answers;
mod channel;
pub mod contract;
pub mod error;
mod execute;
pub mod ibc;
mod instantiate;
mod meters;
mod migrate;
mod query;
mod receive;
mod state;

pub use error::{ContractError, ContractResult};

#[cfg(test)]
mod tests;
