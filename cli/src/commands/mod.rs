//! The commands, by domain. A command module talks to the chain through `ledger-sdk` and
//! prints through [`crate::render`]; none imports another command module.
//!
//! * [`keys`]: the encrypted key store (`ledger keys`).
//! * [`core`]: deployment, the registry's administration with its emergency controls, the
//!   bank and the settlement token.
//! * [`metering`]: meters and their readings, tariffs.
//! * [`finance`]: payment drafts and loan sharing.
//! * [`regions`]: regional sub-chains (`ledger region`).
//! * [`cloud`]: the cloud federation (`ledger cloud`): organisations, quotas, price lists,
//!   leases, bills and their settlement export.
//! * [`park`]: the park's energy market (`ledger park`): generators, offers, escrowed bids,
//!   clearing, settlement on generation readings, and the trades export.
//! * [`query`]: `ledger query`, reading any contract.
//! * [`export`]: `ledger export`, XLSX workbooks.

pub mod cloud;
pub mod core;
pub mod export;
pub mod finance;
pub mod keys;
pub mod metering;
pub mod park;
pub mod query;
pub mod regions;
