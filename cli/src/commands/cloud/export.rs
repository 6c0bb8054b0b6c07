//! `ledger cloud bills export`: a provider's bills with a totals row, for settlement, as CSV
//! or XLSX. The bills are read to the end and their sum is checked against the running totals
//! the contract keeps, so a file that does not add up to the chain's figure is never written.

use anyhow::bail;
use cosmwasm_std::Uint128;
use ledger_sdk::contracts::cloud::Bill;
use ledger_sdk::contracts::cloud::bills::{BillFilter, TotalsOf};
use ledger_sdk::paging::ALL;
use serde::Serialize;

use super::args::{ExportArgs, ExportFormat};
use crate::context::App;
use crate::render::cloud::{bills_csv, bills_workbook};
use crate::render::{self, Output};
use crate::units::money;

/// What `-o json` reports about a written export.
#[derive(Serialize)]
struct Exported {
    file: String,
    provider: String,
    consumer: Option<String>,
    bills: usize,
    amount: Uint128,
    refunded: Uint128,
}

/// The sum of the bills' amounts (paid to the provider) and refunds.
pub fn sums(bills: &[Bill]) -> anyhow::Result<(Uint128, Uint128)> {
    let mut amount = Uint128::zero();
    let mut refunded = Uint128::zero();
    for b in bills {
        amount = amount.checked_add(b.amount)?;
        refunded = refunded.checked_add(b.refund)?;
    }
    Ok((amount, refunded))
}

/// Runs `ledger cloud bills export`.
pub async fn run(app: &App, args: ExportArgs) -> anyhow::Result<()> {
    let ledger = app.ledger().await?;
    let (filter, of) = match &args.consumer {
        Some(consumer) => (
            BillFilter::Pair {
                provider: args.provider.clone(),
                consumer: consumer.clone(),
            },
            TotalsOf::Pair {
                provider: args.provider.clone(),
                consumer: consumer.clone(),
            },
        ),
        None => (
            BillFilter::Provider(args.provider.clone()),
            TotalsOf::Provider(args.provider.clone()),
        ),
    };
    // Fails with the contract's "unknown organisation" for a provider that is none.
    ledger.cloud_organisation(&args.provider).await?;
    let bills = ledger.cloud_bills(&filter, ALL).await?.items;
    let totals = ledger.cloud_totals(&of).await?;
    let (amount, refunded) = sums(&bills)?;
    if amount != totals.amount || bills.len() as u64 != totals.bills {
        // A bill closed between the two reads: the file would not match the chain's totals.
        bail!(
            "the {} bills read add up to {} but the contract's totals say {} bills for {}; a \
             lease was probably closed meanwhile: run the export again",
            bills.len(),
            money(amount),
            totals.bills,
            money(totals.amount)
        );
    }
    match args.format {
        ExportFormat::Csv => {
            let bytes = bills_csv(&bills)?;
            if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&args.out, bytes)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", args.out.display()))?;
        }
        ExportFormat::Xlsx => {
            let currency = ledger
                .token_info()
                .await
                .map(|t| t.symbol)
                .unwrap_or_else(|_| "token".to_string());
            let about = [
                ("Provider", args.provider.clone()),
                (
                    "Consumer",
                    args.consumer
                        .clone()
                        .unwrap_or_else(|| "every consumer".to_string()),
                ),
                ("Bills", bills.len().to_string()),
                (
                    "Amounts",
                    format!("{currency} with two decimals (minor units / 100)"),
                ),
                ("Times", "UTC".to_string()),
                (
                    "Totals row",
                    "sums of the bills, equal to the contract's running totals when exported"
                        .to_string(),
                ),
            ];
            bills_workbook(&bills, &about, &args.out)?;
        }
    }
    let file = args.out.display().to_string();
    match app.output() {
        Output::Json => render::json(&Exported {
            file,
            provider: args.provider,
            consumer: args.consumer,
            bills: bills.len(),
            amount,
            refunded,
        }),
        Output::Table => {
            println!(
                "wrote {} bills of {} totalling {} (refunded {}) to {file}",
                bills.len(),
                args.provider,
                money(amount),
                money(refunded)
            );
            Ok(())
        }
    }
}
