//! The draft contract: digital drafts for earmarked public funds.
//!
//! A county office applies for a project with a funding plan of stages; each stage passes
//! through ordered approval levels; the provincial office issues a draft for an approved stage
//! by sending the stage's amount of the fund token, which the contract locks. The draft then
//! travels down a fixed chain of holders, each endorsing it to the next with the serial number
//! of the bank transfer behind the hop, and each hop's share is released to its holder. Bank
//! operators post the banks' records, which are matched with the endorsements by serial number
//! so that a missing or disagreeing record shows at once. The implementing unit reports
//! progress; the next stage can be applied for once the current one is complete. An expired or
//! cancelled draft, or one clawed back from a blacklisted holder, returns what it still locks
//! to its issuer.
//!
//! Rules chosen here (see each module for detail):
//! - Roles: draft roles (issuer, applicant, approver per level, implementing unit, holder) are
//!   kept by this contract ([`roles`]) and set by the registry's administrator; bank operators
//!   are the registry's own ([`registry`]). Queries are public, so an auditor reads everything.
//!   Only a draft's own issuer (or the registry's administrator) cancels or claws it back.
//! - Standing ([`registry`]): every movement of value asks the registry about its parties: no
//!   draft is issued to or endorsed from or to a blacklisted or suspended holder, nothing
//!   returns to a blacklisted issuer, and a draft held by a blacklisted holder may be clawed
//!   back ([`execute::closing`]).
//! - Serials ([`execute::endorse`]): a bank record names its draft and matches only that
//!   draft's endorsement; serials are endorsed once per draft.
//! - The emergency pause (`ledger_contract_kit::pause`) stops every message but its own;
//!   migration is forward only, in semantic-version order ([`migrate`]).
//! - Approval ([`execute::approval`]): levels decide in order; a level approves or rejects with
//!   a comment. An approver at any level above the one that approved last may veto that
//!   approval within the veto window, which rejects the stage. After the last level, the stage
//!   may be issued. A rejected stage stops its project.
//! - Shares ([`shares`]): whole basis points of the draft's amount, adding up to 1..=10000;
//!   rounded down, with the last hop taking everything left when the plan is whole, so that
//!   the amount is exactly consumed, or the remainder returning at expiry when it is not.
//! - Reconciliation ([`reconcile`]): per hop, in place; per draft, counts and an index of
//!   drafts with open discrepancies.
//! - History ([`records::record`]): an append-only log per project, with each draft's events
//!   indexed within it.
//!
//! Modules: `contract` (entry points that only dispatch), `instantiate`, `execute` (one module per
//! group of actions), `query`, `records` (projects, drafts, indexes, history), `roles`,
//! `registry`, `reconcile`, `shares`, `validate`, `migrate` (migration), `state`, `error`.

pub mod contract;
mod error;
pub mod execute;
pub mod instantiate;
pub mod migrate;
pub mod query;
pub mod reconcile;
pub mod records;
pub mod registry;
pub mod roles;
pub mod shares;
pub mod state;
pub mod validate;

pub use crate::error::{ContractError, ContractResult};
