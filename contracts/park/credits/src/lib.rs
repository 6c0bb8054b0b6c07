//! Carbon credits of the zero-carbon park: classes under VCS, CDM, Gold Standard or another
//! standard, projects, and batches issued only on a third-party verifier's sign-off, with no
//! serial number of a standard's registry ever in two batches; tradable and retired balances,
//! transfers (optionally retiring on arrival), retirements with certificates, cancellations,
//! a market in the settlement token (escrowed sell orders, buy and retire in one message) and
//! a history of all of it.
//!
//! Rules chosen here (the messages and their documentation are in
//! `ledger_types::park::credits`):
//! - Who may act: the registry's administrator registers verifiers per standard and creates
//!   classes; a class's administrator manages its issuers; an issuer creates projects and
//!   proposes batches of its class; a verifier of the class's standard who is neither the
//!   proposer nor an issuer or the administrator of the class approves or rejects. Every one of them, and every holder and recipient, must be
//!   a participant in good standing, asked of the registry before anything else.
//! - Sign-off in two messages: the proposal reserves the serial range at once (so that two
//!   pending proposals cannot share a serial), the approval issues, a rejection frees it.
//! - No double counting ([`serials`]): ranges per standard in an ordered map by first serial,
//!   checked against their neighbours below and above.
//! - Whole credits: one credit, one tonne of CO2e, one serial; amounts are `u64` credits.
//! - A retirement may offset a consumption meter's use in a period: the meter must be a
//!   registered consumption meter owned by the retirement's holder or by the address named as
//!   `on_behalf_of`, checked when the retirement is made (at proposal for retirements at
//!   issuance).
//! - The market pays the seller in the buyer's own message and keeps no tokens: a purchase
//!   must send exactly the cost, and a seller barred since it listed cannot be bought from.
//!
//! Modules: `contract` (entry points that only dispatch), `instantiate`, `execute`
//! (verifiers, classes and projects, batches, holding, market, retirements), `query`, `serials`, `validate`,
//! `registry`, `migrate`, `state`, `error`.

pub mod contract;
mod error;
pub mod execute;
pub mod instantiate;
pub mod migrate;
pub mod query;
pub mod registry;
pub mod serials;
pub mod state;
pub mod validate;

pub use crate::error::{ContractError, ContractResult};
