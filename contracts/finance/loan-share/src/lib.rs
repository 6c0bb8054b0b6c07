//! The loan-share contract: lenders share loan assets without showing the borrower to anyone
//! before a deal exists.
//!
//! A contributor posts a share plan whose borrower fields are ciphertext (encrypted on its own
//! machine to its own key) with a salted commitment each; participants confirm shares by sending
//! the plan's fee in the consortium token, which the contract forwards to the contributor in the
//! same transaction; the contributor then discloses each field re-encrypted to the participant.
//! The contract instantiates the consortium token (the registry-gated settlement-token code) and is its only minter: the token
//! issuer mints it against off-chain payments and burns it when redemptions are paid out.
//!
//! Rules chosen here (see each module for detail):
//! - Roles ([`roles`]): token issuer, contributor, participant and data service provider are
//!   kept by this contract and set by the registry's administrator ([`registry`]). Lenders
//!   (contributors and participants) register a compressed secp256k1 encryption key, checked to
//!   be a curve point ([`keys`]).
//! - Fees ([`execute::confirm`]): `ledger_types::loan_share::fee_for`, rounded up; the tokens
//!   sent with the confirmation must be exactly the fee, and are forwarded at once, so the
//!   contract never holds fees and no share is ever confirmed unpaid.
//! - Standing ([`registry`]): every movement of value (recharge, fee, data service payment,
//!   redemption request and payout) asks the registry: no value reaches or leaves a blacklisted
//!   party, and a suspended one neither acts nor receives new value ([`execute::tokens`]).
//! - The emergency pause (`ledger_contract_kit::pause`) stops every message but its own;
//!   migration is forward only, in semantic-version order ([`migrate`]).
//! - Capacity: one confirmation per participant per plan; the plan's running total never
//!   exceeds the offer and its participant count never exceeds the limit.
//! - Privacy: the contract stores ciphertexts and commitments as opaque bytes and never sees a
//!   key's secret half. Everything on chain is public, queries included; what protects the
//!   borrower is the encryption, not who may ask ([`query`]).
//!
//! Modules: `contract` (entry points that only dispatch), `instantiate`, `execute` (one module per
//! group of actions), `query`, `records` (plans and confirmations with their indexes), `roles`,
//! `registry`, `keys`, `validate`, `migrate` (migration), `state`, `error`.

// Tests write money as units_cents (80_000_00 is 80,000.00).
#![cfg_attr(test, allow(clippy::inconsistent_digit_grouping))]

pub mod contract;
mod error;
pub mod execute;
pub mod instantiate;
pub mod keys;
pub mod migrate;
pub mod query;
pub mod records;
pub mod registry;
pub mod roles;
pub mod state;
pub mod validate;

#[cfg(test)]
mod testing;

pub use crate::error::{ContractError, ContractResult};
