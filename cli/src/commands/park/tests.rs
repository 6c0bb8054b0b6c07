use calamine::{Data, Reader, Xlsx, open_workbook};
use clap::Parser;
use ledger_sdk::contracts::park::clearing::{Fill, Side};
use ledger_sdk::contracts::park::{
    EnergyType, FillRecord, Order, Requirements, SellerRecord, SlotState,
};

use super::args::*;
use super::export::sums;
use super::query::ParkQuery;
use crate::cli::{Cli, Command};
use crate::render::park::{
    TRADE_COLUMNS, TradeRow, delivery_ratio, fills_table, orders_table, seller_record, slot_state,
    trades_workbook,
};

fn park_cmd(args: &[&str]) -> ParkCmd {
    let mut all = vec!["ledger", "park"];
    all.extend(args);
    match Cli::try_parse_from(all).unwrap().command {
        Command::Park { cmd, .. } => cmd,
        other => panic!("not a park command: {other:?}"),
    }
}

fn parse_err(args: &[&str]) -> String {
    let mut all = vec!["ledger", "park"];
    all.extend(args);
    Cli::try_parse_from(all).unwrap_err().to_string()
}

fn fill(
    id: u64,
    buyer: &str,
    seller: &str,
    matched: u64,
    settled: Option<(u64, u128)>,
) -> FillRecord {
    FillRecord {
        id,
        slot: 40 + id,
        fill: Fill {
            bid_id: 10 + id,
            offer_id: 20 + id,
            energy_wh: matched,
        },
        buyer: buyer.into(),
        seller: seller.into(),
        price: 25,
        delivered_wh: settled.map(|s| s.0),
        paid: settled.map(|s| s.1),
    }
}

#[test]
fn offers_and_bids_are_typed_in_kwh_and_currency_per_kwh() {
    let ParkCmd::Offer(o) = park_cmd(&[
        "offer",
        "--slot",
        "next",
        "--meter",
        "pv-1",
        "--energy",
        "1.5",
        "--min-price",
        "0.20",
        "--from",
        "gen1",
    ]) else {
        panic!("not offer")
    };
    assert_eq!(o.slot, SlotArg::Next);
    assert_eq!((o.meter.as_str(), o.energy.0), ("pv-1", 1_500));
    assert_eq!(price_per_kwh("min-price", o.min_price), Ok(20));

    let ParkCmd::Bid(b) = park_cmd(&[
        "bid",
        "--slot",
        "29000123",
        "--energy",
        "2",
        "--max-price",
        "0.3",
        "--energy-type",
        "solar",
        "--energy-type",
        "wind",
        "--max-carbon",
        "50",
        "--prefer",
        "gen2",
        "--prefer",
        "wasm1seller",
    ]) else {
        panic!("not bid")
    };
    assert_eq!(b.slot, SlotArg::At(29_000_123));
    assert_eq!(b.energy.0, 2_000);
    assert_eq!(price_per_kwh("max-price", b.max_price), Ok(30));
    let types: Vec<EnergyType> = b.energy_type.iter().map(|&t| t.into()).collect();
    assert_eq!(types, [EnergyType::Solar, EnergyType::Wind]);
    assert_eq!(b.max_carbon, Some(50));
    assert_eq!(b.prefer, ["gen2", "wasm1seller"]);

    // Money with three decimals, energy with four, and a slot that is neither a number nor
    // `next` are refused before anything is sent.
    let err = parse_err(&[
        "offer",
        "--slot",
        "1",
        "--meter",
        "m",
        "--energy",
        "1",
        "--min-price",
        "0.205",
    ]);
    assert!(err.contains("at most 2 decimals"), "{err}");
    let err = parse_err(&[
        "bid",
        "--slot",
        "1",
        "--energy",
        "0.0001",
        "--max-price",
        "1",
    ]);
    assert!(err.contains("not an amount of kWh"), "{err}");
    let err = parse_err(&["bid", "--slot", "soon", "--energy", "1", "--max-price", "1"]);
    assert!(err.contains("`next` for the first open one"), "{err}");
    let err = parse_err(&[
        "bid",
        "--slot",
        "1",
        "--energy",
        "1",
        "--max-price",
        "1",
        "--energy-type",
        "coal",
    ]);
    assert!(err.contains("solar"), "{err}");
}

#[test]
fn generators_are_registered_or_shown() {
    let ParkCmd::Generator(GeneratorArgs {
        register:
            Some(GeneratorSub::Register {
                meter,
                energy_type,
                carbon,
            }),
        ..
    }) = park_cmd(&[
        "generator",
        "register",
        "--meter",
        "pv-1",
        "--energy-type",
        "solar",
        "--carbon",
        "0",
        "--from",
        "admin",
    ])
    else {
        panic!("not generator register")
    };
    assert_eq!(
        (meter.as_str(), energy_type, carbon),
        ("pv-1", EnergyTypeArg::Solar, 0)
    );
    assert_eq!(
        park_cmd(&["generator", "pv-1"]).into_query().unwrap(),
        ParkQuery::Generator("pv-1".into())
    );
    assert!(parse_err(&["generator"]).contains("METER_ID"));
}

#[test]
fn settle_takes_one_offer_or_a_whole_slot() {
    let ParkCmd::Settle { offer, slot } = park_cmd(&["settle", "--offer", "7"]) else {
        panic!("not settle")
    };
    assert_eq!((offer, slot), (Some(7), None));
    let ParkCmd::Settle { offer, slot } = park_cmd(&["settle", "--slot", "41"]) else {
        panic!("not settle")
    };
    assert_eq!((offer, slot), (None, Some(41)));
    assert!(parse_err(&["settle"]).contains("--offer"));
    assert!(parse_err(&["settle", "--offer", "7", "--slot", "41"]).contains("cannot be used"));
    let ParkCmd::Clear { slot, page_size } = park_cmd(&["clear", "--slot", "41"]) else {
        panic!("not clear")
    };
    assert_eq!((slot, page_size), (41, 30));
    assert!(parse_err(&["clear", "--slot", "41", "--page-size", "101"]).contains("101"));
}

#[test]
fn queries_are_told_apart_from_transactions() {
    let q = |args: &[&str]| park_cmd(args).into_query().ok();
    assert_eq!(q(&["slot"]), Some(ParkQuery::Slot(None)));
    assert_eq!(q(&["slot", "41"]), Some(ParkQuery::Slot(Some(41))));
    assert_eq!(
        q(&["book", "--slot", "41", "--side", "bid", "--limit", "5"]),
        Some(ParkQuery::Book {
            slot: 41,
            side: Some(Side::Bid),
            cap: 5
        })
    );
    assert_eq!(
        q(&["fills", "--slot", "41"]),
        Some(ParkQuery::Fills {
            slot: 41,
            cap: 1000
        })
    );
    assert_eq!(
        q(&["trades", "--participant", "buyer1"]),
        Some(ParkQuery::Trades {
            participant: "buyer1".into(),
            cap: 1000
        })
    );
    assert_eq!(q(&["prices"]), Some(ParkQuery::Prices { cap: 1000 }));
    assert_eq!(
        q(&["seller", "gen1"]),
        Some(ParkQuery::Seller("gen1".into()))
    );
    assert_eq!(q(&["config"]), Some(ParkQuery::Config));
    for tx in [
        &["cancel", "--order", "3"][..],
        &["release", "--order", "3"],
        &["clear", "--slot", "3"],
        &["export", "--participant", "gen1", "--out", "t.xlsx"],
    ] {
        assert_eq!(q(tx), None, "{tx:?}");
    }
    // Every query takes -o json.
    for query in [
        &["park", "config"][..],
        &["park", "prices"],
        &["park", "slot", "3"],
    ] {
        let mut args = vec!["ledger", "-o", "json"];
        args.extend(query);
        assert!(Cli::try_parse_from(args).is_ok(), "{query:?}");
    }
}

#[test]
fn books_fills_and_sellers_read_in_kwh_and_currency() {
    let bid = Order {
        id: 3,
        slot: 41,
        owner: "wasm1buyer".into(),
        side: Side::Bid,
        energy_wh: 2_000,
        price: 30,
        meter_id: None,
        energy_type: None,
        carbon_g_per_kwh: None,
        requirements: Some(Requirements {
            energy_types: vec![EnergyType::Solar],
            max_carbon_g_per_kwh: Some(50),
            preferred_sellers: vec!["wasm1gen".into()],
        }),
        escrow: Some(60),
        held: 0,
    };
    let offer = Order {
        id: 1,
        side: Side::Offer,
        owner: "wasm1gen".into(),
        price: 20,
        energy_wh: 1_500,
        meter_id: Some("pv-1".into()),
        energy_type: Some(EnergyType::Solar),
        carbon_g_per_kwh: Some(0),
        requirements: None,
        escrow: None,
        ..bid.clone()
    };
    let table = orders_table(&[offer, bid]).to_string();
    for want in [
        "1.500",
        "0.20/kWh",
        "pv-1 (solar, 0 g/kWh)",
        "2.000",
        "0.30/kWh",
        "solar; ≤ 50 g/kWh; prefers wasm1gen",
        "0.60",
    ] {
        assert!(table.contains(want), "{want}: {table}");
    }

    let fills = [
        fill(1, "wasm1buyer", "wasm1gen", 1_500, Some((1_200, 30))),
        fill(2, "wasm1gen", "wasm1other", 500, None),
    ];
    let table = fills_table(&fills, None).to_string();
    assert!(
        table.contains("1.200 kWh") && table.contains("unsettled"),
        "{table}"
    );
    let mine = fills_table(&fills, Some("wasm1gen")).to_string();
    assert!(
        mine.contains("counterparty") && mine.contains("sell") && mine.contains("buy"),
        "{mine}"
    );

    let record = SellerRecord {
        sold_wh: 2_000,
        delivered_wh: 1_500,
        short_slots: 1,
    };
    assert_eq!(delivery_ratio(&record), Some(0.75));
    assert_eq!(delivery_ratio(&SellerRecord::default()), None);
    let table = seller_record("wasm1gen", &record).to_string();
    assert!(
        table.contains("75.0 %") && table.contains("1.500 kWh"),
        "{table}"
    );

    assert_eq!(
        slot_state(&SlotState::Cleared {
            price: Some(25),
            volume_wh: 3_000,
            matched_wh: 2_500
        }),
        "cleared at 0.25/kWh: 2.500 kWh matched of 3.000 kWh crossing"
    );
    assert!(
        slot_state(&SlotState::Cleared {
            price: None,
            volume_wh: 0,
            matched_wh: 0
        })
        .contains("no bid reached")
    );
}

#[test]
fn the_export_writes_each_trade_from_the_participant_s_side_with_totals() {
    let me = "wasm1gen";
    let fills = [
        fill(1, "wasm1buyer", me, 1_500, Some((1_200, 30))),
        fill(2, me, "wasm1other", 500, Some((500, 12))),
        fill(3, "wasm1buyer2", me, 800, None),
    ];
    let rows: Vec<TradeRow> = fills.iter().map(|f| TradeRow::of(f, me)).collect();
    assert_eq!(rows[0].side, "sell");
    assert_eq!(rows[0].counterparty, "wasm1buyer");
    assert_eq!(rows[1].side, "buy");
    assert_eq!(rows[1].counterparty, "wasm1other");
    // Only settled trades count: 1.2 kWh sold for 0.30, 0.5 kWh bought for 0.12.
    assert_eq!(sums(&rows), (500, 1_200, 12, 30));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out/trades.xlsx");
    let about = [("Participant", me.to_string())];
    trades_workbook(&rows, |slot| 1_800_000_000 + slot * 60, None, &about, &path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("Trades").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, TRADE_COLUMNS);
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(1, 1), Data::Float(41.0));
    assert_eq!(cell(1, 3), Data::String("sell".into()));
    assert_eq!(cell(1, 4), Data::String("wasm1buyer".into()));
    assert_eq!(cell(1, 5), Data::Float(1.5));
    assert_eq!(cell(1, 6), Data::Float(1.2));
    assert_eq!(cell(1, 7), Data::Float(0.25));
    assert_eq!(cell(1, 8), Data::Float(0.3));
    assert_eq!(
        cell(3, 6),
        Data::Empty,
        "an unsettled trade has no delivery yet"
    );
    assert_eq!(cell(3, 9), Data::String("no".into()));
    // Totals per side: bought first, then sold.
    assert_eq!(cell(4, 0), Data::String("total bought".into()));
    assert_eq!(cell(4, 8), Data::Float(0.12));
    assert_eq!(cell(5, 0), Data::String("total sold".into()));
    assert_eq!(cell(5, 5), Data::Float(2.3));
    assert_eq!(cell(5, 6), Data::Float(1.2));
    assert_eq!(cell(5, 8), Data::Float(0.3));
    assert!(book.worksheet_range("About").is_ok());
    assert!(
        book.worksheet_range("Certificates").is_err(),
        "a deployment without certificates has no such sheet"
    );
}
