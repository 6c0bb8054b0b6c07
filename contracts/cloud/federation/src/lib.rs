//! The cloud-federation contract: organisations of a research federation lend each other
//! compute, and every lease is checked, escrowed, billed and paid on the ledger.
//!
//! **One contract**, because a request must check the consumer's quota at the provider, price
//! the lease under the price list in force and take its escrow in one atomic step: split across
//! contracts, a quota could be passed between the check and the escrow, or a lease escrowed
//! under a price list that changed in between.
//!
//! Rules chosen here (see each module for detail, and `ledger_types::cloud` for the messages):
//! - Who may act ([`registry`]): the registry is the one source of participants, roles and
//!   standing. Organisations are created by its administrator; a provider's administrator acts
//!   under the `CloudProvider` role, a requesting user under `CloudUser`; each is asked of the
//!   registry when it acts, before anything is written.
//! - Quotas ([`execute::offers`]): the consumer's requested and running leases at a provider
//!   are kept as running totals per (provider, consumer); a request past any limit is refused
//!   naming the resource, the limit and what is left.
//! - Prices ([`execute::offers`]): versioned, public, in force from a date not in the past; a
//!   lease keeps the version in force at its request for its whole life, so a price change never
//!   reprices a running lease (the pair agrees to new prices by starting a new lease).
//! - Leases ([`execute::leases`], [`execute::closing`]): escrow of at least one hour at the
//!   lease's price, top-ups allowed; charged from acceptance, to the release or close, never
//!   past the holding period, under the rounding rule of `ledger_types::cloud::pricing`, capped
//!   at the escrow; billed exactly once, with its close reason.
//! - Standing ([`ledger`]): the bank's rule. No value reaches or leaves a blacklisted
//!   party: requests and top-ups from one are refused (by the settlement token, and here), and
//!   a lease that ends while its payer or provider is blacklisted is billed (the charge stops)
//!   but its payout and refund are held in the contract until `ReleaseHeld` finds no party
//!   barred. Suspended parties may not act; what a lease's end owes them is held the same way,
//!   because the settlement token moves no value to a suspended holder but from its minter.
//! - Usage ([`execute::usage`]): records signed by the provider's metering agent over canonical
//!   bytes (`ledger_types::cloud::usage`), verified here, sequence strictly increasing per lease.
//! - Privacy ([`execute::terms`]): the pair's terms are stored sealed with a commitment, only
//!   from the lease's two organisations; the contract never sees them in clear.
//! - Totals ([`ledger`]): per provider, per consumer, per pair and per (provider, month), kept as
//!   each bill is recorded, never by iterating history.
//!
//! Modules: `contract` (entry points that only dispatch), `instantiate`, `execute` (one module
//! per group of actions), `query`, `ledger` (bills, payouts and totals), `registry`, `validate`,
//! `migrate`, `state`, `error`.

pub mod contract;
mod error;
pub mod execute;
pub mod instantiate;
pub mod ledger;
pub mod migrate;
pub mod query;
pub mod registry;
pub mod state;
pub mod validate;

pub use crate::error::{ContractError, ContractResult};
