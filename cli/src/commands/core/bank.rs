//! `ledger bank`: bank operators' actions (deposits, redemptions, payments) and `settle`,
//! which anyone may send.

use clap::Subcommand;
use ledger_sdk::{Ledger, Sender};
use serde::Serialize;

use crate::context::App;
use crate::render::{self, NoExtra};
use crate::units::Money;

/// `ledger bank ...`
#[derive(Subcommand, Debug)]
pub enum BankCmd {
    /// Mint tokens against a fiat deposit; each reference is credited once (bank operator)
    Deposit {
        /// The fiat deposit's unique reference
        #[arg(long)]
        reference: String,
        /// Who gets the tokens: an address or a key name
        #[arg(long)]
        recipient: String,
        /// Amount in currency units, e.g. 150.00
        #[arg(long)]
        amount: Money,
        /// Credit the recipient's prepaid balance at the bank instead of their wallet
        #[arg(long)]
        prepay: bool,
    },
    /// Burn the tokens of a redemption request once the fiat is paid out (bank operator)
    Redeem {
        /// The request's id (see `ledger query redemptions`)
        #[arg(long)]
        request_id: u64,
        /// Reference of the fiat payout
        #[arg(long)]
        payout_reference: String,
    },
    /// Pay a meter's open instalments from its owner's prepaid balance, oldest due first
    /// (bank operator; MakePayment)
    Pay {
        /// The meter's id
        #[arg(long)]
        meter: String,
        /// Amount in currency units; refused beyond what is open
        #[arg(long)]
        amount: Money,
    },
    /// Pay instalments that have fallen due from prepaid balances, and mark those it cannot
    /// cover overdue (anyone)
    Settle {
        /// Most instalments to process in this transaction [contract default: 20, max 100]
        #[arg(long)]
        limit: Option<u32>,
    },
}

#[derive(Serialize)]
struct Settled {
    #[serde(skip_serializing_if = "Option::is_none")]
    paid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    overdue: Option<String>,
}

/// Runs a `bank` command.
pub async fn run(app: &App, cmd: BankCmd) -> anyhow::Result<()> {
    let (outcome, action) = match cmd {
        BankCmd::Deposit {
            reference,
            recipient,
            amount,
            prepay,
        } => {
            let recipient = app.address(&recipient)?;
            let action = format!(
                "minted {amount} for {recipient} against deposit {reference}{}",
                if prepay {
                    " into the prepaid balance"
                } else {
                    ""
                }
            );
            let amount = amount.uint();
            let deposit = async |l: &Ledger, s: &Sender| {
                l.deposit(s, reference, recipient, amount, prepay).await
            };
            (app.transact(deposit).await?, action)
        }
        BankCmd::Redeem {
            request_id,
            payout_reference,
        } => {
            let action = format!("redeemed request {request_id} (payout {payout_reference})");
            let redeem =
                async |l: &Ledger, s: &Sender| l.redeem(s, request_id, payout_reference).await;
            (app.transact(redeem).await?, action)
        }
        BankCmd::Pay { meter, amount } => {
            let action = format!("paid {amount} of meter {meter}'s open instalments");
            let pay = async |l: &Ledger, s: &Sender| l.make_payment(s, meter, amount.uint()).await;
            (app.transact(pay).await?, action)
        }
        BankCmd::Settle { limit } => {
            let (ledger, sender) = app.ledger_and_sender().await?;
            let outcome = ledger.settle(&sender, limit).await?;
            let settled = Settled {
                paid: outcome.attribute("wasm", "paid").map(str::to_string),
                overdue: outcome.attribute("wasm", "overdue").map(str::to_string),
            };
            let action = match (&settled.paid, &settled.overdue) {
                (Some(p), Some(o)) => format!("settled: {p} instalment(s) paid, {o} overdue"),
                _ => "settled the instalments that fell due".to_string(),
            };
            return render::tx(app.output(), &action, &outcome, settled);
        }
    };
    render::tx(app.output(), &action, &outcome, NoExtra {})
}
