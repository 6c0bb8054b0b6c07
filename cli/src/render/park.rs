//! The park market in tables: generators, slots, order books, fills and trades, prices,
//! sellers' records, the settings; and a participant's trades as the rows of its export.
//! Energy is shown in kWh with three decimals and prices in currency per kWh, as the market's
//! Wh and minor units per kWh are.

use std::path::Path;

use comfy_table::{Cell, Table};
use cosmwasm_std::Uint128;
use ledger_types::park::clearing::Side;
use ledger_types::park::{
    ConfigResponse, EnergyType, FillRecord, Generator, Order, PricePoint, SellerRecord,
    SlotResponse, SlotState,
};
use rust_xlsxwriter::Workbook;
use serde::Serialize;

use crate::render::park_certificates::{CertificateRow, certificates_sheet};
use crate::render::xlsx::{
    Formats, about_sheet, excel_time, header_row, kwh_value, money_value, save,
};
use crate::render::{self, num};
use crate::units::{Span, kwh, money};
use crate::when;

/// A price in minor units per kWh as currency per kWh: `25` is `0.25/kWh`.
pub fn per_kwh(minor_per_kwh: u64) -> String {
    format!("{}/kWh", money(Uint128::from(minor_per_kwh)))
}

/// An optional amount of energy: `1.500 kWh`, or `-` before it is known.
fn energy(wh: Option<u64>) -> String {
    wh.map_or_else(|| "-".to_string(), |wh| format!("{} kWh", kwh(wh)))
}

/// An energy type's name.
pub fn energy_type(t: &EnergyType) -> &'static str {
    t.as_str()
}

/// Which side of the book, in words.
pub fn side(s: Side) -> &'static str {
    match s {
        Side::Bid => "bid",
        Side::Offer => "offer",
    }
}

/// One generation meter.
pub fn generator_record(g: &Generator) -> Table {
    render::record(vec![
        ("meter", g.meter_id.clone()),
        ("owner", g.owner.clone()),
        ("energy type", energy_type(&g.energy_type).to_string()),
        (
            "carbon intensity",
            format!("{} g CO2e/kWh", g.carbon_g_per_kwh),
        ),
    ])
}

/// A slot's state in words: open until when, clearing, or its price and volume.
pub fn slot_state(state: &SlotState) -> String {
    match state {
        SlotState::Open { gate_closes_at } => {
            format!("open, gate closes {}", when::datetime(*gate_closes_at))
        }
        SlotState::Clearing { price, matched_wh } => format!(
            "clearing at {}, {} kWh matched so far",
            price.map_or_else(|| "no price".to_string(), per_kwh),
            kwh(*matched_wh)
        ),
        SlotState::Cleared { price: None, .. } => "cleared: no bid reached any offer".to_string(),
        SlotState::Cleared {
            price: Some(p),
            volume_wh,
            matched_wh,
        } => format!(
            "cleared at {}: {} kWh matched of {} kWh crossing",
            per_kwh(*p),
            kwh(*matched_wh),
            kwh(*volume_wh)
        ),
    }
}

/// One slot.
pub fn slot_record(s: &SlotResponse) -> Table {
    render::record(vec![
        ("slot", s.slot.to_string()),
        ("starts", when::datetime(s.starts_at)),
        ("ends", when::datetime(s.ends_at)),
        ("state", slot_state(&s.state)),
        ("offers", s.offers.to_string()),
        ("bids", s.bids.to_string()),
    ])
}

/// What a bid accepts, in words (`any` when it sets nothing).
fn requirements(o: &Order) -> String {
    let Some(r) = &o.requirements else {
        return String::new();
    };
    let mut parts = Vec::new();
    if !r.energy_types.is_empty() {
        let types: Vec<&str> = r.energy_types.iter().map(energy_type).collect();
        parts.push(types.join("/"));
    }
    if let Some(max) = r.max_carbon_g_per_kwh {
        parts.push(format!("≤ {max} g/kWh"));
    }
    if !r.preferred_sellers.is_empty() {
        parts.push(format!("prefers {}", r.preferred_sellers.join(", ")));
    }
    if parts.is_empty() {
        "any".to_string()
    } else {
        parts.join("; ")
    }
}

/// Orders as a table: offers with their meter, type and intensity; bids with their
/// requirements and escrow.
pub fn orders_table(orders: &[Order]) -> Table {
    let mut t = render::table([
        "id", "side", "owner", "kWh", "price", "source", "accepts", "escrow", "held",
    ]);
    for o in orders {
        let source = match (&o.meter_id, &o.energy_type, o.carbon_g_per_kwh) {
            (Some(m), Some(e), Some(c)) => format!("{m} ({}, {c} g/kWh)", energy_type(e)),
            _ => String::new(),
        };
        t.add_row(vec![
            num(o.id),
            Cell::new(side(o.side)),
            Cell::new(&o.owner),
            num(kwh(o.energy_wh)),
            num(per_kwh(o.price)),
            Cell::new(source),
            Cell::new(requirements(o)),
            num(o.escrow.map(|e| money(Uint128::new(e))).unwrap_or_default()),
            num(money(Uint128::new(o.held))),
        ]);
    }
    t
}

/// Fills as a table; seen from `participant` (its trades), each row says its side and the
/// counterparty instead of both parties.
pub fn fills_table(fills: &[FillRecord], participant: Option<&str>) -> Table {
    let parties: [&str; 2] = match participant {
        Some(_) => ["side", "counterparty"],
        None => ["buyer", "seller"],
    };
    let mut t = render::table([
        "fill",
        "slot",
        "bid",
        "offer",
        parties[0],
        parties[1],
        "matched kWh",
        "delivered kWh",
        "price",
        "paid",
    ]);
    for f in fills {
        let (a, b) = match participant {
            Some(p) => {
                let row = TradeRow::of(f, p);
                (row.side.to_string(), row.counterparty)
            }
            None => (f.buyer.clone(), f.seller.clone()),
        };
        t.add_row(vec![
            num(f.id),
            num(f.slot),
            num(f.fill.bid_id),
            num(f.fill.offer_id),
            Cell::new(a),
            Cell::new(b),
            num(kwh(f.fill.energy_wh)),
            num(energy(f.delivered_wh)),
            num(per_kwh(f.price)),
            num(f
                .paid
                .map_or_else(|| "unsettled".to_string(), |p| money(Uint128::new(p)))),
        ]);
    }
    t
}

/// Cleared slots' prices.
pub fn prices_table(prices: &[PricePoint]) -> Table {
    let mut t = render::table(["slot", "price", "matched kWh"]);
    for p in prices {
        t.add_row(vec![
            num(p.slot),
            num(p.price.map_or_else(|| "none".to_string(), per_kwh)),
            num(kwh(p.matched_wh)),
        ]);
    }
    t
}

/// A seller's delivery ratio, delivered over sold; `None` before it sold anything.
pub fn delivery_ratio(r: &SellerRecord) -> Option<f64> {
    (r.sold_wh > 0).then(|| r.delivered_wh as f64 / r.sold_wh as f64)
}

/// A seller's record.
pub fn seller_record(seller: &str, r: &SellerRecord) -> Table {
    render::record(vec![
        ("seller", seller.to_string()),
        ("sold", format!("{} kWh", kwh(r.sold_wh))),
        ("delivered", format!("{} kWh", kwh(r.delivered_wh))),
        (
            "delivery ratio",
            delivery_ratio(r).map_or_else(
                || "nothing sold yet".to_string(),
                |ratio| format!("{:.1} %", ratio * 100.0),
            ),
        ),
        ("slots delivered short", r.short_slots.to_string()),
    ])
}

/// The market's settings and where its schedule stands at `now`.
pub fn config_record(c: &ConfigResponse, now: u64, current_slot: u64, next_open: u64) -> Table {
    let s = &c.schedule;
    render::record(vec![
        ("registry", c.admin_contract.clone()),
        ("settlement token", c.token.clone()),
        (
            "slots",
            format!(
                "{} from {} (slot 0)",
                Span(s.slot_seconds),
                when::datetime(s.origin)
            ),
        ),
        (
            "gate closes",
            format!("{} before a slot starts", Span(s.gate_closure_seconds)),
        ),
        (
            "settlement",
            format!(
                "from {} after a slot ends",
                Span(s.settlement_delay_seconds)
            ),
        ),
        (
            "orders per slot",
            format!("at most {}", c.max_orders_per_slot),
        ),
        (
            "now",
            format!("{}: slot {current_slot} runs", when::datetime(now)),
        ),
        (
            "open for orders",
            format!(
                "slot {next_open} (starts {}, gate closes {})",
                when::datetime(s.starts_at(next_open)),
                when::datetime(s.gate_closes_at(next_open))
            ),
        ),
    ])
}

/// One of a participant's trades, as its export writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TradeRow {
    /// The fill.
    pub fill: u64,
    /// Its slot.
    pub slot: u64,
    /// `buy` or `sell`, from the participant's side.
    pub side: &'static str,
    /// The other party.
    pub counterparty: String,
    /// Energy matched at clearing, Wh.
    pub matched_wh: u64,
    /// Energy delivered, Wh, once settled.
    pub delivered_wh: Option<u64>,
    /// The slot's clearing price, minor units per kWh.
    pub price: u64,
    /// What the buyer paid the seller, minor units, once settled.
    pub paid: Option<u128>,
}

impl TradeRow {
    /// `fill` as `participant` sees it (a participant trading with itself buys).
    pub fn of(fill: &FillRecord, participant: &str) -> Self {
        let buys = fill.buyer == participant;
        TradeRow {
            fill: fill.id,
            slot: fill.slot,
            side: if buys { "buy" } else { "sell" },
            counterparty: if buys {
                fill.seller.clone()
            } else {
                fill.buyer.clone()
            },
            matched_wh: fill.fill.energy_wh,
            delivered_wh: fill.delivered_wh,
            price: fill.price,
            paid: fill.paid,
        }
    }
}

/// The columns of the export's Trades sheet.
pub const TRADE_COLUMNS: [&str; 10] = [
    "fill",
    "slot",
    "slot start (UTC)",
    "side",
    "counterparty",
    "matched kWh",
    "delivered kWh",
    "price per kWh",
    "paid",
    "settled",
];

/// Writes `rows` as an XLSX workbook: sheet "Trades" with [`TRADE_COLUMNS`] and a totals row
/// (energy and money summed exactly in Wh and minor units, per side), sheet "Certificates"
/// when `certificates` are given (a deployment without them has none), and an "About" sheet.
/// `slot_start` gives each slot's start time.
pub fn trades_workbook(
    rows: &[TradeRow],
    slot_start: impl Fn(u64) -> u64,
    certificates: Option<&[CertificateRow]>,
    about: &[(&str, String)],
    path: &Path,
) -> anyhow::Result<()> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("Trades")?;
    let widths = [8.0, 10.0, 20.0, 7.0, 46.0, 13.0, 13.0, 13.0, 12.0, 9.0];
    let headers: Vec<(&str, f64)> = TRADE_COLUMNS.iter().copied().zip(widths).collect();
    header_row(ws, &f, &headers)?;
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number_with_format(row, 0, r.fill as f64, &f.count)?;
        ws.write_number_with_format(row, 1, r.slot as f64, &f.count)?;
        ws.write_datetime_with_format(row, 2, excel_time(slot_start(r.slot))?, &f.datetime)?;
        ws.write_string(row, 3, r.side)?;
        ws.write_string(row, 4, &r.counterparty)?;
        ws.write_number_with_format(row, 5, kwh_value(r.matched_wh), &f.kwh)?;
        if let Some(d) = r.delivered_wh {
            ws.write_number_with_format(row, 6, kwh_value(d), &f.kwh)?;
        }
        ws.write_number_with_format(row, 7, money_value(u128::from(r.price)), &f.money)?;
        if let Some(p) = r.paid {
            ws.write_number_with_format(row, 8, money_value(p), &f.money)?;
        }
        ws.write_string(row, 9, if r.paid.is_some() { "yes" } else { "no" })?;
    }
    // One totals row per side: bought and sold energy and money are not to be added up.
    let mut row = rows.len() as u32 + 1;
    for side in ["buy", "sell"] {
        let mine: Vec<&TradeRow> = rows.iter().filter(|r| r.side == side).collect();
        if mine.is_empty() {
            continue;
        }
        let matched: u64 = mine.iter().map(|r| r.matched_wh).sum();
        let delivered: u64 = mine.iter().filter_map(|r| r.delivered_wh).sum();
        let paid: u128 = mine.iter().filter_map(|r| r.paid).sum();
        let label = if side == "buy" {
            "total bought"
        } else {
            "total sold"
        };
        ws.write_string_with_format(row, 0, label, &f.total_label)?;
        ws.write_number_with_format(row, 5, kwh_value(matched), &f.total_kwh)?;
        ws.write_number_with_format(row, 6, kwh_value(delivered), &f.total_kwh)?;
        ws.write_number_with_format(row, 8, money_value(paid), &f.total_money)?;
        row += 1;
    }
    ws.autofilter(0, 0, (rows.len() as u32).max(1), 9)?;
    if let Some(certificates) = certificates {
        certificates_sheet(&mut workbook, certificates)?;
    }
    about_sheet(&mut workbook, about)?;
    save(&mut workbook, path)
}
