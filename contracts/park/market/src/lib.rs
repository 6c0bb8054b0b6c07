//! The zero-carbon park's energy market: members trade energy in slots, each slot cleared by a
//! pay-as-clear batch auction and settled on what the sellers' generation meters signed for.
//!
//! Rules chosen here (the messages and the clearing rules are in `ledger_types::park`):
//! - Who may act: the registry is the one source of participants and standing. Its
//!   administrator makes a registered meter a generator, fixing its energy type and carbon
//!   intensity, so that offers carry what the administrator vouched for, not what a seller
//!   says. Only the meter's owner offers its energy; any participant in good standing bids.
//! - The book stays bounded: at most `max_orders_per_slot` orders a slot, orders at most a
//!   week ahead, and the levels the price is cleared from kept as running totals while orders
//!   come and go ([`execute::orders`]).
//! - Clearing ([`execute::clearing`]) is paged over bids; the price is fixed by the first page
//!   and every page matches the next bids in priority order against the slot's offers, so the
//!   outcome is that of `ledger_types::park::clearing::clear` whatever the page size.
//! - Money: a bid escrows its maximum cost; once matched, all of the escrow its fills cannot
//!   cost goes back at once; each settlement pays the seller the clearing price for the energy
//!   delivered, and once all of a bid's fills are settled the rest of its escrow goes back
//!   ([`execute::settlement`]). Nothing is paid for energy no meter signed for.
//! - Delivery: the readings of the offer's meter that start inside the slot; a meter's
//!   delivery is shared among its offers in the slot in proportion to what each was matched
//!   for, and an offer's among its fills the same way, rounded down (rounding favours buyers).
//!
//! Modules: `contract` (entry points that only dispatch), `instantiate`, `execute` (one module
//! per group of actions), `query`, `registry`, `migrate`, `state`, `error`.

pub mod contract;
mod error;
pub mod execute;
pub mod instantiate;
pub mod migrate;
pub mod query;
pub mod registry;
pub mod state;

pub use crate::error::{ContractError, ContractResult};
