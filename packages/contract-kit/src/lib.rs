//! What every ledger contract repeats, written once: the registry's answers about an address
//! (its roles, and whether it is blacklisted or suspended), the emergency pause,
//! forward-only migration ([`migrate::forward_only`] is the whole `migrate` of a contract with
//! nothing to upgrade), cw20 issuance by submessage and reply, ids handed out in sequence
//! ([`sequence::next_id`]), the wasm entry points ([`wasm_entry_points!`]) and both ends of the
//! region protocol's IBC plumbing ([`ibc`]: channel checks, coded acknowledgements, the
//! outbox). Each contract keeps only its own rules.
//!
//! The errors here carry stable codes (`common.*`, see [`ledger_types::error_code`]); a
//! contract wraps [`GuardError`] in a variant of its own `ContractError` and lets the code
//! through with `error_codes!`'s `Variant(GuardError) => inner`.

pub mod adapters;
mod entry;
mod error;
pub mod ibc;
pub mod issuance;
pub mod migrate;
pub mod paging;
pub mod pause;
pub mod registry;
pub mod sequence;

pub use error::GuardError;
pub use registry::Registry;
