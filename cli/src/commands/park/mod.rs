//! `ledger park`: the zero-carbon park's energy market (the park-market contract), traded in
//! slots. One command per party's action and the market's queries:
//!
//! * the registry's administrator: `generator register` (a registered meter becomes a
//!   generation meter of its owner, with its energy type and carbon intensity);
//! * a generator's owner: `offer` (energy from the meter in a slot whose gate is open);
//! * any participant: `bid` (escrows the bid's maximum cost, with a cw20 `Send` in the same
//!   transaction), with `--energy-type`, `--max-carbon` and `--prefer SELLER` requirements;
//! * an order's owner: `cancel` while the gate is open;
//! * anyone: `clear` (after gate closure, pages of bids until the slot is cleared), `settle`
//!   (once the slot's settlement delay has passed: one offer, or `--slot` every unsettled
//!   offer of it), `release` (what was held for a barred party), and the queries `slot`,
//!   `book`, `fills`, `trades`, `prices`, `seller`, `generator`, `config` (tables, or
//!   `-o json`); `export` writes a participant's trades and certificates to a workbook;
//! * `certificates` (alias `cert`): the hourly green certificates settlements issue;
//! * `footprints` (alias `fp`): product carbon footprints from PACT documents.
//! * `credits`: the carbon-credit registry ([`credits`]).
//!
//! The command line: [`args`]; queries: [`query`]; the trades export: [`export`]; the
//! certificates: [`certificates`]; the footprints: [`footprints`].

pub mod args;
pub mod certificates;
#[cfg(test)]
mod certificates_tests;
pub mod credits;
pub mod export;
pub mod footprints;
#[cfg(test)]
mod footprints_tests;
pub mod query;
#[cfg(test)]
mod tests;

pub use args::ParkCmd;

use anyhow::bail;
use cosmwasm_std::Uint128;
use indicatif::{ProgressBar, ProgressStyle};
use ledger_sdk::contracts::park::market::{ClearPage, bid_escrow, order_id_of};
use ledger_sdk::contracts::park::{EnergyType, Requirements};
use ledger_sdk::{Ledger, Sender};
use serde::Serialize;

use crate::context::App;
use crate::render::park::{energy_type, per_kwh};
use crate::render::{self, Output};
use crate::units::{Money, kwh};
use args::{BidArgs, GeneratorArgs, GeneratorSub, OfferArgs, SlotArg, price_per_kwh};

/// How far ahead of the latest block `--slot next` looks for an open gate, seconds: the
/// transaction lands in a later block, and an order landing after its gate closed is refused.
pub const NOW_LEAD_SECONDS: u64 = 10;

#[derive(Serialize)]
struct GeneratorRegistered {
    meter_id: String,
    energy_type: EnergyType,
    carbon_g_per_kwh: u32,
}

#[derive(Serialize)]
struct OfferPosted {
    order_id: Option<u64>,
    slot: u64,
    meter_id: String,
    energy_wh: u64,
    min_price: u64,
}

#[derive(Serialize)]
struct BidPosted {
    order_id: Option<u64>,
    slot: u64,
    energy_wh: u64,
    max_price: u64,
    requirements: Requirements,
    escrow: Uint128,
}

#[derive(Serialize)]
struct OrderActed {
    order_id: u64,
}

/// What `clear` reports: the slot's price and what its pages did.
#[derive(Serialize)]
struct Cleared {
    slot: u64,
    pages: u32,
    price: Option<u64>,
    fills: u64,
    matched_wh: u64,
    txhashes: Vec<String>,
}

/// One offer `settle` settled.
#[derive(Serialize)]
struct OfferSettled {
    offer_id: u64,
    txhash: String,
    height: u64,
    matched_wh: Option<u64>,
    delivered_wh: Option<u64>,
    paid: Option<u128>,
}

impl OfferSettled {
    fn of(offer_id: u64, outcome: &ledger_client::TxOutcome) -> Self {
        let attr = |key: &str| outcome.attribute("wasm", key);
        OfferSettled {
            offer_id,
            txhash: outcome.hash.clone(),
            height: outcome.height,
            matched_wh: attr("matched_wh").and_then(|v| v.parse().ok()),
            delivered_wh: attr("delivered_wh").and_then(|v| v.parse().ok()),
            paid: attr("paid").and_then(|v| v.parse().ok()),
        }
    }

    /// The settlement in words.
    fn words(&self) -> String {
        format!(
            "settled offer {}: {} of {} kWh delivered, {} paid (tx {})",
            self.offer_id,
            self.delivered_wh.map_or("?".to_string(), kwh),
            self.matched_wh.map_or("?".to_string(), kwh),
            self.paid
                .map_or("?".to_string(), |p| Money::from_minor(p).to_string()),
            self.txhash
        )
    }
}

/// What `settle` reports.
#[derive(Serialize)]
struct Settled {
    slot: Option<u64>,
    offers: Vec<OfferSettled>,
}

/// The slot `--slot` names, `next` resolved against the latest block.
async fn resolve_slot(ledger: &Ledger, slot: SlotArg) -> anyhow::Result<u64> {
    Ok(match slot {
        SlotArg::At(slot) => slot,
        SlotArg::Next => ledger.park_first_open_slot(NOW_LEAD_SECONDS).await?,
    })
}

/// Runs a `park` command.
pub async fn run(app: &App, cmd: ParkCmd) -> anyhow::Result<()> {
    let cmd = match cmd.into_query() {
        Ok(query) => return query::run(app, query).await,
        Err(cmd) => cmd,
    };
    let out = app.output();
    match cmd {
        ParkCmd::Generator(GeneratorArgs {
            register:
                Some(GeneratorSub::Register {
                    meter,
                    energy_type: kind,
                    carbon,
                }),
            ..
        }) => {
            let kind = EnergyType::from(kind);
            let outcome = app
                .transact(async |l, s| l.park_register_generator(s, &meter, kind, carbon).await)
                .await?;
            let action = format!(
                "registered meter {meter} as a {} generator of {carbon} g CO2e/kWh",
                energy_type(&kind)
            );
            render::tx(
                out,
                &action,
                &outcome,
                GeneratorRegistered {
                    meter_id: meter,
                    energy_type: kind,
                    carbon_g_per_kwh: carbon,
                },
            )
        }
        ParkCmd::Offer(args) => offer(app, *args).await,
        ParkCmd::Bid(args) => bid(app, *args).await,
        ParkCmd::Cancel { order } => {
            let outcome = app
                .transact(async |l, s| l.park_cancel_order(s, order).await)
                .await?;
            let action = format!("cancelled order {order} (a bid's escrow went back)");
            render::tx(out, &action, &outcome, OrderActed { order_id: order })
        }
        ParkCmd::Clear { slot, page_size } => {
            let (ledger, sender) = app.ledger_and_sender().await?;
            clear(&ledger, &sender, out, slot, page_size).await
        }
        ParkCmd::Settle { offer, slot } => {
            let (ledger, sender) = app.ledger_and_sender().await?;
            settle(&ledger, &sender, out, offer, slot).await
        }
        ParkCmd::Release { order } => {
            let outcome = app
                .transact(async |l, s| l.park_release_held(s, order).await)
                .await?;
            let action = format!("paid out what was held for order {order}");
            render::tx(out, &action, &outcome, OrderActed { order_id: order })
        }
        ParkCmd::Export(args) => export::run(app, *args).await,
        ParkCmd::Certificates(cmd) => certificates::run(app, cmd).await,
        ParkCmd::Footprints(cmd) => footprints::run(app, cmd).await,
        ParkCmd::Credits(cmd) => credits::run(app, *cmd).await,
        other => bail!("internal error: {other:?} is not a transaction"),
    }
}

async fn offer(app: &App, args: OfferArgs) -> anyhow::Result<()> {
    let min_price = price_per_kwh("min-price", args.min_price).map_err(anyhow::Error::msg)?;
    let (ledger, sender) = app.ledger_and_sender().await?;
    let slot = resolve_slot(&ledger, args.slot).await?;
    let outcome = ledger
        .park_post_offer(&sender, slot, &args.meter, args.energy.0, min_price)
        .await?;
    let order_id = order_id_of(&outcome);
    let action = format!(
        "offered {} kWh from {} in slot {slot} at no less than {} (order {})",
        kwh(args.energy.0),
        args.meter,
        per_kwh(min_price),
        order_id.map_or("?".to_string(), |id| id.to_string())
    );
    render::tx(
        app.output(),
        &action,
        &outcome,
        OfferPosted {
            order_id,
            slot,
            meter_id: args.meter,
            energy_wh: args.energy.0,
            min_price,
        },
    )
}

async fn bid(app: &App, args: BidArgs) -> anyhow::Result<()> {
    let max_price = price_per_kwh("max-price", args.max_price).map_err(anyhow::Error::msg)?;
    let preferred_sellers = args
        .prefer
        .iter()
        .map(|s| app.address(s))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let requirements = Requirements {
        energy_types: args.energy_type.iter().map(|&t| t.into()).collect(),
        max_carbon_g_per_kwh: args.max_carbon,
        preferred_sellers,
    };
    let (ledger, sender) = app.ledger_and_sender().await?;
    let slot = resolve_slot(&ledger, args.slot).await?;
    let escrow = bid_escrow(args.energy.0, max_price);
    let outcome = ledger
        .park_post_bid(
            &sender,
            slot,
            args.energy.0,
            max_price,
            requirements.clone(),
        )
        .await?;
    let order_id = order_id_of(&outcome);
    let action = format!(
        "bid for {} kWh in slot {slot} at up to {}, escrowing {} (order {})",
        kwh(args.energy.0),
        per_kwh(max_price),
        Money::from_minor(escrow.u128()),
        order_id.map_or("?".to_string(), |id| id.to_string())
    );
    render::tx(
        app.output(),
        &action,
        &outcome,
        BidPosted {
            order_id,
            slot,
            energy_wh: args.energy.0,
            max_price,
            requirements,
            escrow,
        },
    )
}

/// Clears `slot` page by page; a bar counts the pages when more than one is expected.
async fn clear(
    ledger: &Ledger,
    sender: &Sender,
    out: Output,
    slot: u64,
    page_size: u32,
) -> anyhow::Result<()> {
    let bids = ledger.park_slot(slot).await?.bids;
    let expected = u64::from(bids.div_ceil(page_size).max(1));
    let bar = (expected > 1).then(|| {
        let bar = ProgressBar::new(expected);
        bar.set_style(
            ProgressStyle::with_template("{spinner:.green} clearing [{pos}/{len} pages] {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar
    });
    let mut report = Cleared {
        slot,
        pages: 0,
        price: None,
        fills: 0,
        matched_wh: 0,
        txhashes: Vec::new(),
    };
    let result = ledger
        .park_clear(sender, slot, Some(page_size), |page: &ClearPage| {
            report.pages = page.page;
            report.price = page.price;
            report.fills += u64::from(page.fills);
            report.matched_wh = page.matched_wh;
            report.txhashes.push(page.outcome.hash.clone());
            if let Some(bar) = &bar {
                bar.set_message(format!("{} kWh matched", kwh(page.matched_wh)));
                bar.inc(1);
            }
        })
        .await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    result?;
    match out {
        Output::Json => render::json(&report),
        Output::Table => {
            match report.price {
                Some(p) => println!(
                    "cleared slot {slot} at {} in {} page(s): {} fill(s), {} kWh matched",
                    per_kwh(p),
                    report.pages,
                    report.fills,
                    kwh(report.matched_wh)
                ),
                None => println!(
                    "cleared slot {slot}: no bid reached any offer, every escrow went back"
                ),
            }
            Ok(())
        }
    }
}

/// Settles one offer, or every unsettled offer of a slot.
async fn settle(
    ledger: &Ledger,
    sender: &Sender,
    out: Output,
    offer: Option<u64>,
    slot: Option<u64>,
) -> anyhow::Result<()> {
    let mut settled = Vec::new();
    match (offer, slot) {
        (Some(offer_id), _) => {
            let outcome = ledger.park_settle_offer(sender, offer_id).await?;
            settled.push(OfferSettled::of(offer_id, &outcome));
        }
        (None, Some(slot)) => {
            ledger
                .park_settle_slot(sender, slot, |offer_id, outcome| {
                    let one = OfferSettled::of(offer_id, outcome);
                    if out == Output::Table {
                        eprintln!("{}", one.words());
                    }
                    settled.push(one);
                })
                .await?;
        }
        // clap requires one of the two.
        (None, None) => bail!("give --offer <ID> or --slot <N>"),
    }
    match out {
        Output::Json => render::json(&Settled {
            slot,
            offers: settled,
        }),
        Output::Table => {
            match (slot, settled.as_slice()) {
                (Some(slot), []) => println!("slot {slot} has no unsettled offer"),
                (Some(slot), all) => println!("settled {} offer(s) of slot {slot}", all.len()),
                (None, all) => {
                    for one in all {
                        println!("{}", one.words());
                    }
                }
            }
            Ok(())
        }
    }
}
