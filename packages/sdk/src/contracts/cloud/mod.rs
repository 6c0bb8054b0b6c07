//! The cloud-federation contract (`contracts/cloud/federation`): organisations, quotas, price
//! lists, leases billed on release, and the usage records of providers' metering agents.
//!
//! The contract's address is passed to each call: a deployment file written before the
//! contract existed does not name it.

pub mod usage;

pub use ledger_types::cloud::*;
pub use usage::*;
