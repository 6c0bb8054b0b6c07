//! The simulated park on the energy market (issue 15): which fleet meters are generation
//! meters, who trades for each meter, and the orders they post.
//!
//! A fleet run with `--park FILE` makes the meters the file names as generators produce on
//! the solar curve ([`crate::solar`]) and the others on the household curve; for every market
//! slot whose gate is still open, up to `--park-slots-ahead` slots ahead, each generator's
//! trader offers the meter's forecast energy for the slot and each consumer's trader bids
//! for its meter's forecast consumption. The forecast is the curve itself, so that a slot as
//! long as the fleet's interval delivers exactly what was offered.
//!
//! * [`file`]: the park file: meters, traders and the price policy;
//! * [`plan`]: which orders for which slot, at what price and escrow (pure, tested);
//! * [`state`]: what was posted (or refused), so that a restart posts nothing twice;
//! * [`market`]: the market's messages and the queries the trader needs, kept apart so that
//!   the SDK's typed market calls can replace them.

pub mod file;
pub mod market;
pub mod plan;
pub mod state;

pub use file::{Assignment, ParkFile, PricePolicy};
pub use plan::{Forecast, PlannedOrder, Trader};
pub use state::ParkState;
