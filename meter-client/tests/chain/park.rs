//! The simulated park (`fleet --park`) on the chain: the park market deployed beside the
//! ledger with one-minute slots, two solar generation meters and two consuming meters of a
//! fleet, their traders' keys in a key store. The fleet runs for a few slots, is killed once
//! after its first orders and restarted; every slot then holds each generator's offer and
//! each consumer's bid exactly once, with the energies the curves give, at the traders'
//! prices, each bid escrowing its exact cost, and the generation meters' readings of a slot
//! are what they offered for it.

use std::collections::BTreeMap;
use std::time::Duration;

use cosmwasm_std::Uint128;
use ledger_client::{Client, Deployment, Gas, KdfParams, KeyStore, Signer};
use ledger_sdk::contracts::registry::Role;
use ledger_sdk::{Ledger, Sender};
use ledger_types::meter::MeterKind;
use ledger_types::park::clearing::{Side, cost_ceil};
use ledger_types::park::{
    EnergyType, ExecuteMsg, InstantiateMsg, Order, OrdersResponse, QueryMsg, SlotSchedule,
};
use ledger_types::tariff::{self, TariffComponents};
use meter_client::curve::Household;
use meter_client::park::PricePolicy;
use meter_client::solar::SolarPlant;

use super::deployed::*;
use super::process::*;

const TRADER_PASS: &str = "trader passphrase";
const SLOT_SECONDS: u64 = 60;
const MAX_POWER_W: u64 = 1_000_000;

/// The UTC offset (minutes) at which `now` is about noon: the generators shine whenever the
/// test runs.
fn noon_offset(now: u64) -> i32 {
    let to_noon = (43_200 - (now % 86_400) as i64).div_euclid(60);
    ((to_noon + 720).rem_euclid(1_440) - 720) as i32
}

async fn book(client: &Client, market: &str, slot: u64, side: Side) -> Vec<Order> {
    let page: OrdersResponse = client
        .query_smart(
            market,
            &QueryMsg::OrderBook {
                slot,
                side,
                start_after: None,
                limit: Some(100),
            },
        )
        .await
        .unwrap();
    assert!(!page.has_more);
    page.orders
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn a_park_offers_and_bids_every_slot_as_the_curves_give() {
    let world = world();
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let client = rt.block_on(connect());
    let admin = admin_signer();
    let operator = Sender::new(client.clone(), world.operator());
    let ledger = Ledger::new(
        client.clone(),
        Deployment::load(world.deployment_file()).unwrap(),
    );

    // The traders: two owners of solar plants and a shop, their keys where --home points.
    let store =
        KeyStore::open(dir.path().join("keys"), "wasm").with_kdf(KdfParams::insecure_for_tests());
    let mut traders: BTreeMap<&str, String> = BTreeMap::new();
    for name in ["sun-a", "sun-b", "shop"] {
        let signer = Signer::generate("wasm").unwrap();
        store.store(name, &signer, TRADER_PASS).unwrap();
        let address = signer.address().to_string();
        rt.block_on(again(|| {
            client.send(&admin, &address, 1_000_000_000, Gas::Auto)
        }));
        rt.block_on(ledger.register_participant(
            &operator,
            address.clone(),
            format!("park {name}"),
            vec![Role::Consumer],
        ))
        .unwrap();
        traders.insert(name, address);
    }
    let banker = Sender::new(client.clone(), Signer::generate("wasm").unwrap());
    let banker_address = banker.address();
    rt.block_on(again(|| {
        client.send(&admin, &banker_address, 1_000_000_000, Gas::Auto)
    }));
    rt.block_on(ledger.register_participant(
        &operator,
        banker.address(),
        "park bank".into(),
        vec![Role::BankOperator],
    ))
    .unwrap();
    rt.block_on(ledger.deposit(
        &banker,
        unique("park-"),
        traders["shop"].clone(),
        Uint128::new(100_000_000),
        false,
    ))
    .unwrap();

    // A tariff whose local time is about noon now, and the fleet's four meters on it.
    let offset = noon_offset(unix_now());
    let tariff_id = unique("park-noon-");
    rt.block_on(client.execute(
        &world.operator(),
        &world.tariff_contract,
        &tariff::ExecuteMsg::CreateTariff {
            tariff_id: tariff_id.clone(),
            name: "Park test tariff".into(),
            utc_offset_minutes: offset,
            components: TariffComponents {
                flat_rate: Some(Uint128::new(23_450)),
                ..TariffComponents::default()
            },
            effective_from: 0,
        },
        vec![],
    ))
    .unwrap();
    let prefix = unique("park") + "-";
    let (meters, seed) = (4u32, 31u64);
    let owners = [
        &traders["sun-a"],
        &traders["sun-b"],
        &traders["shop"],
        &traders["shop"],
    ];
    let out = std::process::Command::new(BIN)
        .args([
            "fleet",
            "keys",
            "--meters",
            "4",
            "--seed",
            &seed.to_string(),
        ])
        .args(["--id-prefix", &prefix, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let keys: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut registered = Vec::new();
    for (i, (k, owner)) in keys.iter().zip(owners).enumerate() {
        let id = k["meter_id"].as_str().unwrap().to_string();
        let pubkey = hex::decode(k["pubkey_hex"].as_str().unwrap()).unwrap();
        // Meters 0 and 1 are the park's generators.
        let kind = if i < 2 {
            MeterKind::Generation
        } else {
            MeterKind::Consumption
        };
        let (contract, state) =
            rt.block_on(world.register_kind_for(&client, &id, owner, &tariff_id, &pubkey, kind));
        assert_eq!(state.tariff_utc_offset_minutes, offset);
        registered.push((id, contract, state));
    }

    // The market: one-minute slots from the hour, gates closing 20 s ahead; the two solar
    // meters registered as its generators.
    let wasm = std::fs::read(repo().join("artifacts/park_market.wasm"))
        .expect("artifacts/park_market.wasm: build the contracts with ./scripts/build-wasm.sh");
    let code = rt.block_on(again(|| client.store_code(&admin, wasm.clone())));
    let schedule = SlotSchedule {
        origin: unix_now() / 3_600 * 3_600,
        slot_seconds: SLOT_SECONDS,
        gate_closure_seconds: 20,
        settlement_delay_seconds: 20,
    };
    let (market, _) = rt
        .block_on(operator.instantiate(
            code,
            &InstantiateMsg {
                admin_contract: world.admin_contract.clone(),
                token: world.token.clone(),
                schedule,
                max_orders_per_slot: 100,
            },
            "meter-client-test-park",
        ))
        .unwrap();
    for (id, _, _) in &registered[..2] {
        rt.block_on(operator.execute(
            &market,
            &ExecuteMsg::RegisterGenerator {
                meter_id: id.clone(),
                energy_type: EnergyType::Solar,
                carbon_g_per_kwh: 25,
            },
        ))
        .unwrap();
    }

    let park_file = dir.path().join("park.json");
    let prices = PricePolicy {
        offer_min_price: 80,
        bid_max_price: 140,
        spread: 20,
    };
    write(
        &park_file,
        &serde_json::json!({
            "generators": [ { "meter": 0, "trader": "sun-a" }, { "meter": 1, "trader": "sun-b" } ],
            "consumers": [ { "meter": 2, "trader": "shop" }, { "meter": 3, "trader": "shop" } ],
            "prices": prices,
        })
        .to_string(),
    );
    let pass_file = dir.path().join("traders.pass");
    write(&pass_file, &format!("{TRADER_PASS}\n"));

    // Readings of a minute, as long as a slot, from the registrations on.
    let started = unix_now();
    let backfill = registered
        .iter()
        .map(|r| r.2.last_interval_end)
        .min()
        .unwrap();
    // Five minutes: the slots checked below (gate closing 30 s after the start or later,
    // ended by then) span 190 s, so at least three whatever the phase of the minute.
    let until = started + 300;
    let fleet = Fleet {
        meters,
        seed,
        interval: SLOT_SECONDS as u32,
        prefix: &prefix,
    };
    let args = fleet.args(
        world,
        &dir.path().join("fleet"),
        (backfill, until),
        &[
            "--home",
            dir.path().to_str().unwrap(),
            "--park",
            park_file.to_str().unwrap(),
            "--market",
            &market,
            "--trader-passphrase-file",
            pass_file.to_str().unwrap(),
            "--park-slots-ahead",
            "2",
        ],
    );
    // Killed once its first orders are in, then run to the end: nothing is posted twice.
    let running = spawn(&args, dir.path());
    assert!(running.wait_for("park orders posted", 1, Duration::from_secs(120)));
    let mut log = running.kill();
    log.extend(spawn(&args, dir.path()).finish(Duration::from_secs(400)));
    assert!(
        !log.iter().any(|l| l.contains("refused the order")),
        "no order was refused"
    );

    // Every slot whose gate closed at least 30 s after the start and that ended by --until.
    let slots: Vec<u64> = (schedule.slot_at(started)..=schedule.slot_at(until))
        .filter(|&s| schedule.gate_closes_at(s) >= started + 30 && schedule.ends_at(s) <= until)
        .collect();
    assert!(slots.len() >= 3, "{slots:?}");
    let offer_price = |who: &str| prices.offer_price(seed, &traders[who]);
    let shop_bid = prices.bid_price(seed, &traders["shop"]);
    for &slot in &slots {
        let start = schedule.starts_at(slot);
        let offers = rt.block_on(book(&client, &market, slot, Side::Offer));
        assert_eq!(offers.len(), 2, "slot {slot}: {offers:?}");
        for (i, who) in [(0u32, "sun-a"), (1, "sun-b")] {
            let energy = SolarPlant::new(seed, i).energy_wh(
                start,
                SLOT_SECONDS as u32,
                offset,
                Some(MAX_POWER_W),
            );
            assert!(energy > 0, "the sun shines at noon");
            let id = &registered[i as usize].0;
            let offer = offers
                .iter()
                .find(|o| o.meter_id.as_ref() == Some(id))
                .unwrap_or_else(|| panic!("slot {slot}: no offer of {id}: {offers:?}"));
            assert_eq!(offer.owner, traders[who]);
            assert_eq!(offer.energy_wh, energy, "slot {slot}, meter {id}");
            assert_eq!(offer.price, offer_price(who));
        }
        let bids = rt.block_on(book(&client, &market, slot, Side::Bid));
        let mut energies: Vec<u64> = bids.iter().map(|b| b.energy_wh).collect();
        energies.sort_unstable();
        let mut expected: Vec<u64> = (2..4u32)
            .map(|i| {
                Household::new(seed, i).energy_wh(
                    start,
                    SLOT_SECONDS as u32,
                    offset,
                    Some(MAX_POWER_W),
                )
            })
            .collect();
        expected.sort_unstable();
        assert_eq!(energies, expected, "slot {slot}: {bids:?}");
        for bid in &bids {
            assert_eq!(bid.owner, traders["shop"]);
            assert_eq!(bid.price, shop_bid);
            assert_eq!(bid.escrow, Some(cost_ceil(bid.energy_wh, shop_bid)));
        }
    }

    // A generation meter's reading of a slot is what its trader offered for it.
    let readings = rt.block_on(chain_readings(&client, &registered[0].1, &registered[0].0));
    for &slot in &slots {
        let start = schedule.starts_at(slot);
        let reading = readings
            .iter()
            .find(|r| r.interval_start == start)
            .unwrap_or_else(|| panic!("no reading of slot {slot}"));
        let offers = rt.block_on(book(&client, &market, slot, Side::Offer));
        let offer = offers
            .iter()
            .find(|o| o.meter_id.as_ref() == Some(&registered[0].0))
            .unwrap();
        assert_eq!(reading.energy_wh, offer.energy_wh, "slot {slot}");
    }
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("fleet/park-state.json")).unwrap())
            .unwrap();
    assert_eq!(state["market"], market.as_str());
}
