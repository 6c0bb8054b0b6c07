//! `ledger park export`: a participant's trades, as buyer and as seller, in an XLSX workbook
//! (slot, side, counterparty, energy matched and delivered, price, paid), and the green
//! certificates it holds (when the deployment has the certificates contract), read to the end.

use anyhow::Context;
use ledger_sdk::paging::ALL;
use serde::Serialize;

use super::args::ExportArgs;
use crate::context::{App, chain_now};
use crate::render::park::{TradeRow, trades_workbook};
use crate::render::park_certificates::CertificateRow;
use crate::render::{self, Output};
use crate::units::{Money, kwh};

/// What `-o json` reports about a written export.
#[derive(Serialize)]
struct Exported {
    file: String,
    participant: String,
    trades: usize,
    bought_wh: u64,
    sold_wh: u64,
    paid: u128,
    received: u128,
    /// Certificates held, `None` when the deployment has no certificates contract.
    certificates: Option<usize>,
    /// Their energy, Wh.
    certified_wh: Option<u64>,
}

/// Sums of a participant's trades: energy delivered to it and by it (Wh), and what it paid
/// and received (minor units), settled trades only.
pub fn sums(rows: &[TradeRow]) -> (u64, u64, u128, u128) {
    let (mut bought, mut sold, mut paid, mut received) = (0u64, 0u64, 0u128, 0u128);
    for r in rows {
        let delivered = r.delivered_wh.unwrap_or(0);
        let amount = r.paid.unwrap_or(0);
        if r.side == "buy" {
            bought = bought.saturating_add(delivered);
            paid = paid.saturating_add(amount);
        } else {
            sold = sold.saturating_add(delivered);
            received = received.saturating_add(amount);
        }
    }
    (bought, sold, paid, received)
}

/// Runs `ledger park export`.
pub async fn run(app: &App, args: ExportArgs) -> anyhow::Result<()> {
    let participant = app.address(&args.participant)?;
    let ledger = app.ledger().await?;
    let schedule = ledger.park_config().await?.schedule;
    let trades = ledger
        .park_trades(&participant, ALL)
        .await
        .with_context(|| format!("reading the trades of {participant}"))?
        .items;
    // Oldest first in the sheet: the market answers newest first.
    let rows: Vec<TradeRow> = trades
        .iter()
        .rev()
        .map(|f| TradeRow::of(f, &participant))
        .collect();
    // Certificates where the deployment has them: a deployment of the market alone has none.
    let certificates = match ledger.contracts()?.park_certificates {
        Some(_) => {
            let now = chain_now(&ledger.client).await?;
            let held = ledger
                .park_certificates_of(&participant, ALL)
                .await
                .with_context(|| format!("reading the certificates of {participant}"))?
                .items;
            Some(
                held.iter()
                    .map(|c| CertificateRow::of(c, now))
                    .collect::<Vec<_>>(),
            )
        }
        None => None,
    };
    let currency = ledger
        .token_info()
        .await
        .map(|t| t.symbol)
        .unwrap_or_else(|_| "token".to_string());
    let about = [
        ("Participant", participant.clone()),
        ("Trades", rows.len().to_string()),
        ("Energy", "kWh with three decimals".to_string()),
        (
            "Money",
            format!("{currency} with two decimals; prices per kWh (the slot's clearing price)"),
        ),
        ("Times", "UTC; a slot's start".to_string()),
        (
            "Totals rows",
            "per side: energy matched and delivered, and money paid, summed exactly".to_string(),
        ),
        (
            "Unsettled",
            "a trade whose offer is not settled yet has no delivered energy and no payment"
                .to_string(),
        ),
        (
            "Certificates",
            match &certificates {
                Some(c) => format!(
                    "{} held now (active, claimed or expired), one per meter and hour they \
                     certify; status as of the export",
                    c.len()
                ),
                None => "the deployment has no certificates contract".to_string(),
            },
        ),
    ];
    trades_workbook(
        &rows,
        |slot| schedule.starts_at(slot),
        certificates.as_deref(),
        &about,
        &args.out,
    )?;
    let (bought_wh, sold_wh, paid, received) = sums(&rows);
    let file = args.out.display().to_string();
    match app.output() {
        Output::Json => render::json(&Exported {
            file,
            participant,
            trades: rows.len(),
            bought_wh,
            sold_wh,
            paid,
            received,
            certificates: certificates.as_ref().map(Vec::len),
            certified_wh: certificates
                .as_ref()
                .map(|c| c.iter().map(|r| r.energy_wh).sum()),
        }),
        Output::Table => {
            println!(
                "wrote {} trades of {participant} to {file}: bought {} kWh for {}, sold {} kWh \
                 for {}",
                rows.len(),
                kwh(bought_wh),
                Money::from_minor(paid),
                kwh(sold_wh),
                Money::from_minor(received)
            );
            if let Some(c) = &certificates {
                let wh: u64 = c.iter().map(|r| r.energy_wh).sum();
                println!(
                    "and the {} certificates it holds ({} kWh)",
                    c.len(),
                    kwh(wh)
                );
            }
            Ok(())
        }
    }
}
