//! `ledger meter`: actions on a meter contract that anyone may take.

use clap::Subcommand;
use ledger_types::meter::{ExecuteMsg, MeterState, QueryMsg};
use serde::Serialize;

use crate::context::App;
use crate::output;
use crate::units;

/// `ledger meter ...`
#[derive(Subcommand, Debug)]
pub enum MeterCmd {
    /// Close a period that has ended: the meter contract prices it with the tariff, records
    /// the bill and hands it to the bank (anyone; periods close in order)
    ClosePeriod {
        /// The meter's id; its meter contract is found through the registry
        #[arg(long)]
        meter: String,
        /// The period to close [default: the next one not yet closed]
        #[arg(long)]
        period: Option<u32>,
    },
}

#[derive(Serialize)]
struct Closed {
    meter_id: String,
    period: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<String>,
}

/// Runs a `meter` command.
pub async fn run(app: &App, cmd: MeterCmd) -> anyhow::Result<()> {
    match cmd {
        MeterCmd::ClosePeriod { meter, period } => {
            let (ledger, sender) = app.ledger_and_sender().await?;
            let contract = ledger.meter_contract(&meter).await?;
            let period = match period {
                Some(p) => p,
                None => {
                    let state: MeterState = ledger
                        .query(
                            &contract,
                            &QueryMsg::Meter {
                                meter_id: meter.clone(),
                            },
                        )
                        .await?;
                    state.next_period_to_close
                }
            };
            let outcome = sender
                .execute(
                    &contract,
                    &ExecuteMsg::ClosePeriod {
                        meter_id: meter.clone(),
                        period,
                    },
                )
                .await?;
            let bill: Option<ledger_types::meter::Bill> = ledger
                .query(
                    &contract,
                    &QueryMsg::Bill {
                        meter_id: meter.clone(),
                        period,
                    },
                )
                .await
                .ok();
            let total = bill.map(|b| units::money(b.total));
            let action = match &total {
                Some(t) => format!("closed period {period} of meter {meter}: bill total {t}"),
                None => format!("closed period {period} of meter {meter}"),
            };
            output::tx(
                app.output(),
                &action,
                &outcome,
                Closed {
                    meter_id: meter,
                    period,
                    total,
                },
            )
        }
    }
}
