//! Hourly green certificates of the zero-carbon park: issued on the market's settlement to the
//! buyer (or, for what no trade certified, to the generator's owner), never more per
//! generation meter and clock hour than the meter's signed readings show, transferred whole,
//! claimed for a beneficiary once and for all, expired on chain.
//!
//! Rules chosen here (the messages are in `ledger_types::park::certificates`):
//! - Who may act: the market alone issues for trades; a generator's owner (as the market's
//!   `Generator` record says) certifies its unsold output; an owner in good standing moves and
//!   claims its certificates, and only to a participant in good standing. Standing is asked
//!   of the registry before anything else.
//! - The cap ([`execute::generation`]): before any issuance the readings of the meter whose
//!   interval starts in the hour are summed again (late readings count), and the running
//!   total certified for the (meter, hour) never passes that sum. The market's issuance is
//!   clamped, never refused for the cap, so that a settlement cannot fail because of it.
//! - Whole certificates: there is no split; a certificate's energy is fixed at issuance.
//! - A claim is final: nothing moves a claimed certificate, and it stays claimed after its
//!   expiry. An expired certificate can be neither transferred nor claimed.
//! - A certificate issued to a buyer barred since it bought is kept in its name; it cannot
//!   move or be claimed until the registry restores the buyer's standing.
//!
//! Modules: `contract` (entry points that only dispatch), `instantiate`, `execute` (issuance,
//! the cap's generation sums, holding), `query`, `registry`, `migrate`, `state`, `error`.

pub mod contract;
mod error;
pub mod execute;
pub mod instantiate;
pub mod migrate;
pub mod query;
pub mod registry;
pub mod state;

pub use crate::error::{ContractError, ContractResult};
