//! Product carbon footprints along the supply chain, shaped as WBCSD PACT's `ProductFootprint`.
//!
//! Rules chosen here (the messages and the fixed precision are documented in
//! `ledger_types::park::footprints`):
//! - Who may act: any registered participant in good standing declares its own company's
//!   products; the first sender of a product id is its declaring company and alone publishes
//!   its later versions. Standing is asked of the registry before anything else.
//! - Versions are kept: a new version marks the previous one superseded, never rewrites it.
//! - Attribution ([`execute::publish`]): own process emissions plus each input's amount times
//!   the input version's attributed emissions, rounded up per input, in checked arithmetic.
//!   An input must be published before, so no cycle can be declared.
//! - The dependants index holds current footprints only: a publish removes its previous
//!   version's entries and adds its own, at most `MAX_INPUTS` each, so execute never loops
//!   over more than one footprint's inputs.
//!
//! Modules: `contract` (entry points that only dispatch), `instantiate`, `execute` (the
//! declaration's checks, publishing), `query` (footprints in PACT's shape, the inputs tree),
//! `registry`, `migrate`, `state`, `error`.

pub mod contract;
mod error;
pub mod execute;
pub mod instantiate;
pub mod migrate;
pub mod query;
pub mod registry;
pub mod state;

pub use crate::error::{ContractError, ContractResult};
