//! The settlement token (and the consortium token of loan sharing): cw20-base, the ecosystem's
//! audited token, with every movement of value checked against the registry first and an
//! emergency pause. Nothing of cw20 is re-implemented: once a message passes the gate it is
//! handed to cw20-base unchanged.
//!
//! # Who may move value
//!
//! A *blacklisted* address neither sends nor receives: every transfer, send, burn or mint in
//! which it is the sender, the owner of an allowance or the recipient is refused with
//! `common.blacklisted`, and it may not be given a new allowance.
//!
//! A *suspended* address may not act: it cannot transfer, send (so neither prepay nor ask for a
//! redemption at the bank), burn, grant an allowance, nor have its allowance spent; and it
//! receives no new value (`common.suspended`). One movement to a suspended address is not new
//! value: a transfer or send by the token's **minter** (the bank, or the loan-share contract
//! for its own token). The minter pays only obligations already in flight (instalments owed to
//! a suspended retailer) and applies the registry's rules itself before it does; its mints are
//! always new value and are checked like any other.
//!
//! Unregistered addresses (contracts such as the bank, plain wallets) are not participants:
//! the token lets them through and leaves it to the contracts' own rules.
//!
//! `DecreaseAllowance` moves nothing and lowers what could move, so standing does not stop it
//! (a blacklisted owner may still revoke an allowance). Every cw20 message, that one included,
//! is refused while the token is paused; queries keep working.

//! Modules: `contract` (entry points that only dispatch), `instantiate`, `execute` (the pause
//! and the registry's gate in front of cw20-base), `query`, `migrate`, `state`, `error`.

pub mod contract;
mod error;
pub mod execute;
pub mod instantiate;
pub mod migrate;
pub mod query;
pub mod state;

pub use error::{ContractError, ContractResult};

ledger_contract_kit::wasm_entry_points!(crate::ContractError, ledger_types::token);

#[cfg(test)]
mod tests;
