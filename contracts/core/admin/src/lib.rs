//! The admin contract: the consortium's registry of participants, roles and meters.
//!
//! It holds the single administrator (moved by a two-step transfer), the participants with
//! their roles, statuses and blacklistings, and every meter. The first meter of a consumer
//! instantiates that consumer's meter contract through a submessage; later meters are added
//! to it. Status changes and blacklistings are mirrored into the owner's meter contract; for a consumer whose meters live in a region (a sub-chain), to
//! the router, which carries them there.
//! Other contracts ask `QueryMsg::HasRole` whether an address may act in a role now.

pub mod auth;
pub mod contract;
mod error;
pub mod execute;
pub mod instantiate;
pub mod migrate;
pub mod query;
pub mod state;
pub mod validate;

#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;

pub use crate::error::{ContractError, ContractResult};
