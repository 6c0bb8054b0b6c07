//! The zero-carbon park's energy market: generators offer energy and buyers bid for it in
//! slots, a slot is cleared at one price after its gate closes, and each offer is settled on
//! what its generation meter signed for (see `ledger_types::park` for the rules).
//!
//! [`market`] holds the market's calls, [`certificates`] the green certificates', [`credits`]
//! the carbon-credit registry's and [`footprints`] the product carbon footprints' (with
//! [`pact`], which reads a PACT document into a footprint declaration); this module the
//! market's address and the query and execute every market call goes through. Pausing the
//! market is the pause every contract shares ([`crate::contracts::emergency`], with
//! [`Ledger::park_contract`]'s address).
//!
//! ```no_run
//! use ledger_sdk::paging::ALL;
//! # async fn run(ledger: ledger_sdk::Ledger, buyer: ledger_sdk::Sender) -> ledger_sdk::Result<()> {
//! // Bid for 2 kWh at up to 0.25 per kWh in the first slot whose gate is still open,
//! // escrowing the bid's maximum cost.
//! let slot = ledger.park_next_open_slot().await?;
//! ledger.park_post_bid(&buyer, slot, 2_000, 25, Default::default()).await?;
//! // ... once the gate has closed, anyone clears it, a page of bids per transaction.
//! let pages = ledger.park_clear(&buyer, slot, None, |_| {}).await?;
//! let fills = ledger.park_fills(slot, ALL).await?;
//! println!("cleared in {pages} page(s), {} fill(s)", fills.items.len());
//! # Ok(()) }
//! ```

pub mod certificates;
pub mod credits;
pub mod footprints;
pub mod market;
pub mod pact;

use ledger_client::TxOutcome;
pub use ledger_types::park::*;

use crate::error::Result;
use crate::ledger::{Ledger, deployed};
use crate::sender::Sender;

impl Ledger {
    /// The park market's address, or [`crate::Error::NotDeployed`].
    pub fn park_contract(&self) -> Result<&str> {
        deployed(&self.contracts()?.park_market, "park-market")
    }

    /// A query of the park market.
    pub async fn park<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> Result<T> {
        self.query(self.park_contract()?, msg).await
    }

    /// Executes `msg` on the park market.
    pub async fn park_execute(&self, sender: &Sender, msg: &ExecuteMsg) -> Result<TxOutcome> {
        self.exec(sender, self.park_contract()?, msg).await
    }
}
