//! The `ledger park` queries, as tables or `-o json`.

use ledger_sdk::contracts::park::clearing::Side;
use ledger_sdk::contracts::park::market::first_open_slot;
use ledger_sdk::contracts::park::{ConfigResponse, SellerRecord};
use serde::Serialize;

use super::NOW_LEAD_SECONDS;
use crate::context::{App, chain_now};
use crate::render::park::{
    config_record, delivery_ratio, fills_table, generator_record, orders_table, prices_table,
    seller_record, slot_record,
};
use crate::render::{self, Output};

/// What `ledger park` asks the market.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParkQuery {
    /// A generation meter.
    Generator(String),
    /// A slot (`None`: the first still open for orders).
    Slot(Option<u64>),
    /// A slot's orders, of one side or both.
    Book {
        /// The slot.
        slot: u64,
        /// Only this side.
        side: Option<Side>,
        /// Most to read per side.
        cap: usize,
    },
    /// A slot's fills.
    Fills {
        /// The slot.
        slot: u64,
        /// Most to read.
        cap: usize,
    },
    /// A participant's trades.
    Trades {
        /// The participant (an address or a key name).
        participant: String,
        /// Most to read.
        cap: usize,
    },
    /// Cleared slots' prices.
    Prices {
        /// Most to read.
        cap: usize,
    },
    /// A seller's record.
    Seller(String),
    /// The market's settings and where the schedule stands now.
    Config,
}

/// The configuration as `-o json` gives it, with where the schedule stands at the latest
/// block.
#[derive(Serialize)]
pub struct ConfigView {
    /// The market's settings.
    #[serde(flatten)]
    pub config: ConfigResponse,
    /// The latest block's time, unix seconds.
    pub now: u64,
    /// The slot running now.
    pub current_slot: u64,
    /// The first slot an order sent now can still reach.
    pub next_open_slot: u64,
}

/// A seller's record as `-o json` gives it, with whose it is and its delivery ratio.
#[derive(Serialize)]
pub struct SellerView {
    /// The seller's address.
    pub seller: String,
    /// Its totals.
    #[serde(flatten)]
    pub record: SellerRecord,
    /// Delivered over sold, `None` before it sold anything.
    pub delivery_ratio: Option<f64>,
}

/// Runs a `ledger park` query.
pub async fn run(app: &App, query: ParkQuery) -> anyhow::Result<()> {
    let out = app.output();
    let ledger = app.ledger().await?;
    match query {
        ParkQuery::Generator(meter_id) => {
            let generator = ledger.park_generator(&meter_id).await?;
            one(out, &generator, || generator_record(&generator).to_string())
        }
        ParkQuery::Slot(slot) => {
            let slot = match slot {
                Some(slot) => slot,
                None => ledger.park_first_open_slot(NOW_LEAD_SECONDS).await?,
            };
            let response = ledger.park_slot(slot).await?;
            one(out, &response, || slot_record(&response).to_string())
        }
        ParkQuery::Book { slot, side, cap } => {
            let sides = match side {
                Some(side) => vec![side],
                None => vec![Side::Offer, Side::Bid],
            };
            let mut orders = Vec::new();
            let mut truncated = false;
            for side in sides {
                let page = ledger.park_order_book(slot, side, cap).await?;
                truncated |= page.truncated;
                orders.extend(page.items);
            }
            render::list(out, "orders", &orders, truncated, orders_table)
        }
        ParkQuery::Fills { slot, cap } => {
            let page = ledger.park_fills(slot, cap).await?;
            render::list(out, "fills", &page.items, page.truncated, |f| {
                fills_table(f, None)
            })
        }
        ParkQuery::Trades { participant, cap } => {
            let participant = app.address(&participant)?;
            let page = ledger.park_trades(&participant, cap).await?;
            render::list(out, "trades", &page.items, page.truncated, |f| {
                fills_table(f, Some(&participant))
            })
        }
        ParkQuery::Prices { cap } => {
            let page = ledger.park_prices(cap).await?;
            render::list(
                out,
                "cleared slots",
                &page.items,
                page.truncated,
                prices_table,
            )
        }
        ParkQuery::Seller(seller) => {
            let seller = app.address(&seller)?;
            let record = ledger.park_seller(&seller).await?;
            let table = seller_record(&seller, &record).to_string();
            let view = SellerView {
                delivery_ratio: delivery_ratio(&record),
                seller,
                record,
            };
            one(out, &view, || table)
        }
        ParkQuery::Config => {
            let config = ledger.park_config().await?;
            let now = chain_now(&ledger.client).await?;
            let view = ConfigView {
                current_slot: config.schedule.slot_at(now),
                next_open_slot: first_open_slot(&config.schedule, now, NOW_LEAD_SECONDS),
                now,
                config,
            };
            one(out, &view, || {
                config_record(
                    &view.config,
                    view.now,
                    view.current_slot,
                    view.next_open_slot,
                )
                .to_string()
            })
        }
    }
}

/// Prints one record: its JSON, or its table.
fn one<T: Serialize>(out: Output, value: &T, table: impl FnOnce() -> String) -> anyhow::Result<()> {
    match out {
        Output::Json => render::json(value),
        Output::Table => {
            println!("{}", table());
            Ok(())
        }
    }
}
