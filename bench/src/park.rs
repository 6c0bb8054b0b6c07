//! The park market's gas, on the same chain in the same run as the cw20 transfer it is
//! compared with: posting an offer, posting a bid (the settlement token's `Send` whose hook
//! escrows it), clearing a slot of 100 orders (50 offers, 50 bids) in one page, and settling
//! an offer on its generation meter's signed reading.
//!
//! The market is the one the benchmark ledger's deployment plan instantiated, on one-minute
//! slots ([`SCHEDULE`]). A seller with a generation meter and a buyer funded in the settlement
//! token are set up here from fresh accounts. Every call goes through the SDK.

use std::time::Duration;

use anyhow::{Context, bail};
use cosmwasm_std::{Binary, Uint128};
use ledger_client::{Gas, Signer};
use ledger_reading::signer::MeterKey;
use ledger_sdk::Sender;
use ledger_sdk::contracts::park::market::{bid_escrow, post_bid_call, post_offer_call};
use ledger_sdk::contracts::registry::Role;
use ledger_types::admin::RegisterMeter;
use ledger_types::meter::MeterKind;
use ledger_types::park::clearing::Side;
use ledger_types::park::{EnergyType, SlotSchedule, SlotState};

use crate::deploy::{self, Ledger, TARIFF};
use crate::report::Figures;

/// One-minute slots from the epoch, gates closing 20 s ahead, settled 10 s after the end:
/// a slot goes from orders to settlement in about two minutes.
pub const SCHEDULE: SlotSchedule = SlotSchedule {
    origin: 0,
    slot_seconds: 60,
    gate_closure_seconds: 20,
    settlement_delay_seconds: 10,
};

/// Orders of each side in the cleared slot.
const PER_SIDE: u64 = 50;
/// Orders per transaction while filling the book (each one's gas is not what is measured).
const CHUNK: usize = 10;
const METER: &str = "bench-pv-1";
/// Every offer: 1 kWh from 50 per kWh, a step of 1 apart; every bid 1 kWh up to 120 down to
/// 71: the curves cross in the middle, so about half of each side trades.
const OFFER_WH: u64 = 1_000;

/// Records `gas_park_post_offer`, `gas_park_post_bid`, `gas_park_clear_100` and
/// `gas_park_settle_offer`.
pub async fn measure(ledger: &Ledger, out: &mut Figures) -> anyhow::Result<()> {
    say("a seller with a generation meter and a funded buyer on the ledger's park market");
    let sdk = &ledger.sdk;
    let client = &sdk.client;
    let config = sdk
        .park_config()
        .await
        .context("the benchmark's deployment has no park market")?;
    if config.schedule != SCHEDULE {
        bail!(
            "the park market runs on {:?}, not the benchmark's schedule",
            config.schedule
        );
    }
    let seller = Sender::new(client.clone(), Signer::generate("wasm")?);
    let buyer = Sender::new(client.clone(), Signer::generate("wasm")?);
    for who in [&seller, &buyer] {
        client
            .send(
                ledger.gateway.signer(),
                &who.address(),
                1_000_000_000,
                Gas::Auto,
            )
            .await?;
    }
    ledger
        .operator
        .execute_all(vec![
            sdk.register_participant_call(
                seller.address(),
                "Bench PV".into(),
                vec![Role::Consumer],
            )?,
            sdk.register_participant_call(
                buyer.address(),
                "Bench buyer".into(),
                vec![Role::Consumer],
            )?,
        ])
        .await?;
    let key = MeterKey::generate();
    sdk.register_meter(
        &ledger.operator,
        RegisterMeter {
            meter_id: METER.into(),
            owner: seller.address(),
            retailer: ledger.operator.address(),
            pubkey: Binary::from(key.public_key().to_vec()),
            tariff_id: TARIFF.into(),
            initial_register_wh: 0,
            contracted_monthly_amount: Uint128::zero(),
            region: None,
            kind: MeterKind::Generation,
        },
    )
    .await?;
    let meter_contract = sdk.meter_info(METER).await?.contract.to_string();
    sdk.park_register_generator(&ledger.operator, METER, EnergyType::Solar, 0)
        .await?;
    let escrow: u128 = (0..PER_SIDE)
        .map(|i| bid_escrow(OFFER_WH, bid_price(i)).u128())
        .sum();
    sdk.deposit(
        &ledger.operator,
        "bench-park-buyer".into(),
        buyer.address(),
        Uint128::new(escrow),
        false,
    )
    .await?;

    // A slot far enough ahead for the whole book to be in before its gate closes.
    let slot = sdk.park_first_open_slot(120).await?;
    say(&format!(
        "slot {slot}: one offer and one bid alone, then the rest of the book"
    ));
    let offer = sdk
        .park_post_offer(&seller, slot, METER, OFFER_WH, offer_price(0))
        .await?;
    out.gas("gas_park_post_offer", offer.gas_used);
    let bid = sdk
        .park_post_bid(&buyer, slot, OFFER_WH, bid_price(0), Default::default())
        .await?;
    out.gas("gas_park_post_bid", bid.gas_used);
    let market = sdk.park_contract()?.to_string();
    let token = sdk.contracts()?.token.clone();
    let offers = (1..PER_SIDE)
        .map(|i| post_offer_call(&market, slot, METER, OFFER_WH, offer_price(i)))
        .collect::<Result<Vec<_>, _>>()?;
    let bids = (1..PER_SIDE)
        .map(|i| {
            post_bid_call(
                &token,
                &market,
                slot,
                OFFER_WH,
                bid_price(i),
                Default::default(),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    for chunk in offers.chunks(CHUNK) {
        seller.execute_all(chunk.to_vec()).await?;
    }
    for chunk in bids.chunks(CHUNK) {
        buyer.execute_all(chunk.to_vec()).await?;
    }
    let book = sdk.park_slot(slot).await?;
    if (book.offers, book.bids) != (PER_SIDE as u32, PER_SIDE as u32) {
        bail!(
            "slot {slot} holds {} offers and {} bids, not {PER_SIDE} of each",
            book.offers,
            book.bids
        );
    }

    say("clearing the slot's 100 orders in one page");
    wait_past(ledger, config.schedule.gate_closes_at(slot)).await?;
    let cleared = sdk
        .park_clear_page(&ledger.gateway, slot, Some(PER_SIDE as u32))
        .await?;
    out.gas("gas_park_clear_100", cleared.gas_used);
    let SlotState::Cleared { matched_wh, .. } = sdk.park_slot(slot).await?.state else {
        bail!("slot {slot} is not cleared after one page of {PER_SIDE} bids");
    };

    say("the meter's signed reading of the slot, then settling the cheapest offer");
    let start = config.schedule.starts_at(slot);
    let reading = ledger_reading::Reading {
        meter_id: METER.into(),
        sequence: 1,
        interval_start: start,
        interval_length: SCHEDULE.slot_seconds as u32,
        energy_wh: matched_wh,
        register_wh: matched_wh,
    };
    wait_past(ledger, config.schedule.ends_at(slot)).await?;
    let chain_id = client.config().chain_id.clone();
    let (_, verdict) = sdk
        .submit_readings(
            &ledger.gateway,
            &meter_contract,
            vec![key.sign(&chain_id, &meter_contract, reading)],
        )
        .await?;
    anyhow::ensure!(
        verdict.refused.is_empty(),
        "the park meter's reading was refused: {:?}",
        verdict.refused
    );
    wait_past(ledger, config.schedule.settleable_at(slot)).await?;
    let offers = sdk.park_order_book(slot, Side::Offer, 1).await?;
    let first = offers.items.first().context("the slot has no offer")?;
    let settled = sdk.park_settle_offer(&ledger.gateway, first.id).await?;
    out.gas("gas_park_settle_offer", settled.gas_used);
    Ok(())
}

/// The `i`th offer's minimum price, per kWh.
fn offer_price(i: u64) -> u64 {
    50 + i
}

/// The `i`th bid's maximum price, per kWh.
fn bid_price(i: u64) -> u64 {
    120 - i
}

/// Waits until the chain's clock is past `instant`.
async fn wait_past(ledger: &Ledger, instant: u64) -> anyhow::Result<()> {
    while deploy::chain_now(&ledger.sdk.client).await? <= instant {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Ok(())
}

fn say(message: &str) {
    eprintln!("bench: gas: park: {message}");
}
