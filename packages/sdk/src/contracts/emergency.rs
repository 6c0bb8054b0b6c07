//! The emergency pause every contract shares: `{"pause":{"reason":..}}`, `{"unpause":{}}` and
//! `{"pause_status":{}}` (the settlement token's sit next to cw20's), so one message shape
//! serves any contract address.

use ledger_client::TxOutcome;
pub use ledger_types::emergency::PauseStatus;
use ledger_types::token::{EmergencyMsg, TokenQueryMsg};

use crate::error::Result;
use crate::ledger::Ledger;
use crate::sender::Sender;

impl Ledger {
    /// Whether the contract at `address` is paused, since when, by whom and why.
    pub async fn pause_status(&self, address: &str) -> Result<PauseStatus> {
        self.query(address, &TokenQueryMsg::PauseStatus {}).await
    }

    /// Guardian or administrator: pauses the contract at `address` (`reason` given) or, as
    /// administrator, resumes it (`reason` absent).
    pub async fn set_paused(
        &self,
        sender: &Sender,
        address: &str,
        reason: Option<String>,
    ) -> Result<TxOutcome> {
        let msg = match reason {
            Some(reason) => EmergencyMsg::Pause { reason },
            None => EmergencyMsg::Unpause {},
        };
        self.exec(sender, address, &msg).await
    }
}
