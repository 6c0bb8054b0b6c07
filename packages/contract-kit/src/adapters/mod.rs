//! Typed adapters for the questions one ledger contract asks another: a newtype over the
//! other contract's address whose methods send the query and return its typed answer, so no
//! contract writes `query_wasm_smart` and a query message by hand.
//!
//! - [`Tariff`]: the tariff contract (a tariff's record, its owner, a quote).
//! - [`Registry`]: the registry (the admin contract): roles, standing, participants, meters,
//!   and the emergency pause it authorises; it lives at [`crate::registry`].

pub mod tariff;

pub use crate::registry::Registry;
pub use tariff::{Tariff, UnknownTariff};
