//! `ledger token`: what a holder of the settlement token does with it: prepay bills or ask
//! the bank to redeem it, both by a cw20 `Send` to the bank with a hook message.

use clap::Subcommand;
use ledger_types::bank::ReceiveMsg;
use serde::Serialize;

use crate::context::App;
use crate::render::{self, NoExtra};
use crate::units::Money;

/// `ledger token ...`
#[derive(Subcommand, Debug)]
pub enum TokenCmd {
    /// Send tokens to the bank to add them to the sender's prepaid balance
    SendPrepay {
        /// Amount in currency units, e.g. 50.00
        #[arg(long)]
        amount: Money,
    },
    /// Send tokens to the bank to be redeemed; a bank operator burns them once the fiat is
    /// paid out to the account
    RequestRedemption {
        /// Amount in currency units
        #[arg(long)]
        amount: Money,
        /// Where the fiat goes, as the bank knows it (account number or IBAN)
        #[arg(long)]
        payout_account: String,
    },
}

#[derive(Serialize)]
struct Requested {
    #[serde(skip_serializing_if = "Option::is_none")]
    redemption_id: Option<u64>,
}

/// Runs a `token` command.
pub async fn run(app: &App, cmd: TokenCmd) -> anyhow::Result<()> {
    let (ledger, sender) = app.ledger_and_sender().await?;
    match cmd {
        TokenCmd::SendPrepay { amount } => {
            let outcome = ledger
                .send_to_bank(&sender, amount.uint(), &ReceiveMsg::Prepay {})
                .await?;
            render::tx(
                app.output(),
                &format!(
                    "prepaid {amount} into the prepaid balance of {}",
                    sender.address()
                ),
                &outcome,
                NoExtra {},
            )
        }
        TokenCmd::RequestRedemption {
            amount,
            payout_account,
        } => {
            let outcome = ledger
                .send_to_bank(
                    &sender,
                    amount.uint(),
                    &ReceiveMsg::RequestRedemption { payout_account },
                )
                .await?;
            let id = outcome
                .attribute("wasm", "redemption_id")
                .and_then(|v| v.parse().ok());
            let action = match id {
                Some(id) => format!("requested redemption {id} of {amount}"),
                None => format!("requested the redemption of {amount}"),
            };
            render::tx(
                app.output(),
                &action,
                &outcome,
                Requested { redemption_id: id },
            )
        }
    }
}
