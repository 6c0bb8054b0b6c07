//! The park market's story on the localnet through the `ledger` binary: deploy with minute
//! slots, two generation meters registered as generators (solar and wind), offers and bids in
//! a slot a few minutes ahead (one bid preferring the wind seller and taking wind energy only,
//! one bid cancelled and refunded), clearing refused while the gate is open and then run page
//! by page, the generators' signed readings for the slot submitted (the wind generator
//! delivering less than it sold), settlement refused before the delay and then run for the
//! whole slot; the clearing price, the fills, what was delivered and paid, the token balances
//! (payments and the escrows' refunds) and each seller's delivery ratio asserted against
//! figures computed here from the market's documented rules, and the trades export. Then the
//! green certificates the settlement issued: the buyers hold one per fill that delivered
//! energy, what each (meter, hour) certified equals what its meter delivered, one certificate
//! is transferred, one claimed (a second claim and a transfer of the claimed one are refused
//! by code), the unsold output is refused before its delay, and `verify --file` answers valid,
//! claimed and unknown for three ids.
//!
//! Needs the localnet (`localnet/start.sh`) and fresh contract artifacts (`make wasm`). The
//! parties are the localnet's test accounts: `admin` deploys and administers the registry,
//! `bank` mints the settlement token against deposits, `retailer` owns the tariff and buys,
//! `consumer1` owns the solar generator, `consumer2` the wind generator, `consumer3` buys.
//!
//! ```sh
//! cargo test -p ledger-cli --test park_chain -- --ignored --test-threads=1
//! ```

use ledger_client::KeyStore;
use ledger_reading::Reading;
use ledger_reading::signer::MeterKey;

mod support;

use support::{Cli, METER_PASSPHRASE, chain_now, localnet_config, repo, u, wait_for_chain_time};

/// The localnet's slots: a minute each, counted from the unix epoch (a multiple of an hour,
/// as the market requires of an origin), gates closing 20 s before a slot starts and offers
/// settled from 20 s after it ends, so that a slot goes from orders to settlement in about
/// two minutes while a few transactions still fit before its gate closes.
const SLOT_SECONDS: u64 = 60;
const GATE_SECONDS: u64 = 20;
const SETTLEMENT_DELAY_SECONDS: u64 = 20;

/// What `energy_wh` costs at `price` per kWh, rounded down, as the market pays a fill.
fn cost_floor(energy_wh: u64, price: u64) -> u64 {
    energy_wh * price / 1_000
}

/// What a bid escrows: its energy at its maximum price, rounded up.
fn cost_ceil(energy_wh: u64, price: u64) -> u64 {
    (energy_wh * price).div_ceil(1_000)
}

impl Cli {
    /// Settlement-token balance (minor units) of a key's address.
    fn balance(&self, key: &str) -> u64 {
        u(&self.json(&["query", "balance", key])["balance"])
    }

    /// Registers meter `id` of `owner`, of `kind` (consumption or generation), with a key
    /// generated into the home; returns its meter contract.
    fn register_meter(&self, id: &str, owner: &str, kind: &str) -> String {
        let key_file = self.path(&format!("meters/{id}.json"));
        let registered = self.json(&[
            "admin",
            "meter",
            "register",
            id,
            "--kind",
            kind,
            "--owner",
            owner,
            "--retailer",
            "retailer",
            "--tariff",
            "home-tiered",
            "--generate-key",
            key_file.to_str().unwrap(),
            "--from",
            "admin",
        ]);
        registered["meter_contract"].as_str().unwrap().to_string()
    }

    /// Signs readings of `energies` Wh of meter `id`, in 15-second intervals from `from`,
    /// writes them to a file and submits them through its owner's meter contract.
    fn submit_readings(&self, id: &str, contract: &str, owner: &str, from: u64, energies: &[u64]) {
        let stored = KeyStore::open(self.path("meters"), "wasm")
            .load(id, METER_PASSPHRASE)
            .unwrap();
        let key = MeterKey::from_bytes(stored.secret_bytes().as_slice()).unwrap();
        let chain_id = localnet_config().chain_id;
        let mut register = 0;
        let readings: Vec<_> = energies
            .iter()
            .enumerate()
            .map(|(i, &energy_wh)| {
                register += energy_wh;
                key.sign(
                    &chain_id,
                    contract,
                    Reading {
                        meter_id: id.into(),
                        sequence: i as u64 + 1,
                        interval_start: from + 15 * i as u64,
                        interval_length: 15,
                        energy_wh,
                        register_wh: register,
                    },
                )
            })
            .collect();
        let file = self.write(
            &format!("{id}-readings.json"),
            &serde_json::to_string(&readings).unwrap(),
        );
        let submitted = self.json(&[
            "meter",
            "submit",
            "--file",
            &file,
            "--owner",
            owner,
            "--from",
            "consumer3",
        ]);
        assert_eq!(
            u(&submitted["readings"]),
            energies.len() as u64,
            "{submitted}"
        );
    }

    /// An order posted through `ledger park`; returns its id.
    fn order(&self, args: &[&str]) -> u64 {
        let mut all = vec!["park"];
        all.extend(args);
        self.json(&all)["order_id"].as_u64().unwrap()
    }
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn the_park_market_story_through_the_cli() {
    let cli = Cli::new();
    for name in [
        "admin",
        "bank",
        "retailer",
        "consumer1",
        "consumer2",
        "consumer3",
    ] {
        cli.import(name);
    }

    // ------------------------------------------------------------------ deploy
    let artifacts = repo().join("artifacts");
    let deployment = cli.json(&[
        "deploy",
        "--from",
        "admin",
        "--artifacts",
        artifacts.to_str().unwrap(),
        "--park-slot-seconds",
        &SLOT_SECONDS.to_string(),
        "--park-gate-closure-seconds",
        &GATE_SECONDS.to_string(),
        "--park-settlement-delay-seconds",
        &SETTLEMENT_DELAY_SECONDS.to_string(),
    ]);
    assert!(
        deployment["contracts"]["park_market"]
            .as_str()
            .unwrap()
            .starts_with("wasm1"),
        "{deployment}"
    );
    assert!(deployment["code_ids"]["park_market"].as_u64().unwrap() > 0);
    let certificates = cli.json(&["park", "certificates", "config"]);
    assert_eq!(
        certificates["market"],
        deployment["contracts"]["park_market"]
    );
    assert_eq!(
        certificates["admin_contract"],
        deployment["contracts"]["admin"]
    );
    assert_eq!(u(&certificates["validity_seconds"]), 365 * 86_400);
    // By default unsold output waits for the settlement delay and one more slot.
    assert_eq!(
        u(&certificates["direct_issuance_delay_seconds"]),
        SETTLEMENT_DELAY_SECONDS + SLOT_SECONDS
    );
    assert_eq!(
        cli.json(&["park", "config"])["certificates"],
        deployment["contracts"]["park_certificates"],
        "the deployer wired the certificates into the market"
    );
    let config = cli.json(&["park", "config"]);
    assert_eq!(config["token"], deployment["contracts"]["token"]);
    assert_eq!(u(&config["schedule"]["origin"]) % 3_600, 0);
    assert_eq!(u(&config["schedule"]["slot_seconds"]), SLOT_SECONDS);
    assert_eq!(u(&config["schedule"]["gate_closure_seconds"]), GATE_SECONDS);

    // ------------------------------------------------------------------ participants, money
    for (who, name, role) in [
        ("bank", "The Bank", "bank-operator"),
        ("retailer", "Retailer Ltd", "retailer"),
        ("consumer1", "Sunny Roofs", "consumer"),
        ("consumer2", "Windy Hill", "consumer"),
        ("consumer3", "Factory", "consumer"),
    ] {
        cli.ok(&[
            "admin",
            "participant",
            "add",
            who,
            "--name",
            name,
            "--role",
            role,
            "--from",
            "admin",
        ]);
    }
    for (i, buyer) in ["consumer3", "retailer"].iter().enumerate() {
        cli.ok(&[
            "bank",
            "deposit",
            "--reference",
            &format!("park-{i}"),
            "--recipient",
            buyer,
            "--amount",
            "100",
            "--from",
            "bank",
        ]);
    }
    cli.ok(&[
        "tariff",
        "create",
        "--file",
        repo()
            .join("cli/examples/tariff-tiered.json")
            .to_str()
            .unwrap(),
        "--from",
        "retailer",
    ]);

    // ------------------------------------------------------------------ generators
    let pv_contract = cli.register_meter("pv-1", "consumer1", "generation");
    let wind_contract = cli.register_meter("wind-1", "consumer2", "generation");
    // A consumption meter does not become a generator.
    cli.register_meter("house-1", "consumer1", "consumption");
    let consuming = cli.fails(&[
        "park",
        "generator",
        "register",
        "--meter",
        "house-1",
        "--energy-type",
        "solar",
        "--carbon",
        "0",
        "--from",
        "admin",
    ]);
    assert!(
        consuming.contains("park.not_a_generation_meter"),
        "{consuming}"
    );
    let refused = cli.fails(&[
        "park",
        "generator",
        "register",
        "--meter",
        "pv-1",
        "--energy-type",
        "solar",
        "--carbon",
        "0",
        "--from",
        "consumer1",
    ]);
    assert!(refused.contains("park.not_registry_admin"), "{refused}");
    for (meter, kind, carbon) in [("pv-1", "solar", "0"), ("wind-1", "wind", "12")] {
        cli.ok(&[
            "park",
            "generator",
            "register",
            "--meter",
            meter,
            "--energy-type",
            kind,
            "--carbon",
            carbon,
            "--from",
            "admin",
        ]);
    }
    let wind = cli.json(&["park", "generator", "wind-1"]);
    assert_eq!(wind["owner"], cli.address("consumer2"));
    assert_eq!(wind["energy_type"], "wind");
    assert_eq!(u(&wind["carbon_g_per_kwh"]), 12);

    // ------------------------------------------------------------------ orders
    // A slot two minutes ahead: time for the orders before its gate closes.
    let slot = u(&cli.json(&["park", "config"])["next_open_slot"]) + 2;
    let s = slot.to_string();
    let before: Vec<u64> = ["consumer1", "consumer2", "consumer3", "retailer"]
        .iter()
        .map(|k| cli.balance(k))
        .collect();
    let offer_pv = cli.order(&[
        "offer",
        "--slot",
        &s,
        "--meter",
        "pv-1",
        "--energy",
        "2",
        "--min-price",
        "0.20",
        "--from",
        "consumer1",
    ]);
    let offer_wind = cli.order(&[
        "offer",
        "--slot",
        &s,
        "--meter",
        "wind-1",
        "--energy",
        "1.5",
        "--min-price",
        "0.30",
        "--from",
        "consumer2",
    ]);
    // The factory takes any energy; the retailer only wind, from the wind generator first.
    let bid_factory = cli.order(&[
        "bid",
        "--slot",
        &s,
        "--energy",
        "2.5",
        "--max-price",
        "0.40",
        "--from",
        "consumer3",
    ]);
    let bid_retailer = cli.order(&[
        "bid",
        "--slot",
        &s,
        "--energy",
        "1",
        "--max-price",
        "0.35",
        "--energy-type",
        "wind",
        "--prefer",
        "consumer2",
        "--from",
        "retailer",
    ]);
    let withdrawn = cli.order(&[
        "bid",
        "--slot",
        &s,
        "--energy",
        "1",
        "--max-price",
        "0.50",
        "--max-carbon",
        "5",
        "--from",
        "consumer3",
    ]);
    assert_eq!(
        cli.balance("consumer3"),
        before[2] - cost_ceil(2_500, 40) - cost_ceil(1_000, 50)
    );
    let cancelled = cli.json(&[
        "park",
        "cancel",
        "--order",
        &withdrawn.to_string(),
        "--from",
        "consumer3",
    ]);
    assert_eq!(cancelled["order_id"].as_u64(), Some(withdrawn));
    assert_eq!(
        cli.balance("consumer3"),
        before[2] - cost_ceil(2_500, 40),
        "the cancelled bid's escrow came back"
    );
    let book = cli.json(&["park", "book", "--slot", &s]);
    let ids: Vec<u64> = book
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_u64().unwrap())
        .collect();
    assert_eq!(
        ids,
        [offer_pv, offer_wind, bid_factory, bid_retailer],
        "{book}"
    );
    assert_eq!(u(&book[3]["escrow"]), cost_ceil(1_000, 35));
    assert_eq!(
        book[3]["requirements"]["preferred_sellers"][0],
        cli.address("consumer2")
    );

    // ------------------------------------------------------------------ clearing
    let early = cli.fails(&["park", "clear", "--slot", &s, "--from", "consumer3"]);
    assert!(
        early.contains("park.gate_open") && early.contains("hint:"),
        "{early}"
    );
    let view = cli.json(&["park", "slot", &s]);
    let starts_at = u(&view["starts_at"]);
    let ends_at = u(&view["ends_at"]);
    assert_eq!(
        u(&view["state"]["open"]["gate_closes_at"]),
        starts_at - GATE_SECONDS
    );
    wait_for_chain_time(starts_at - GATE_SECONDS, "the gate's closure");

    // The price, computed here from the documented rule: demand and supply at the prices the
    // orders name (0.20: 3.5 kWh / 2 kWh, 0.30 and 0.35: 3.5 / 3.5, 0.40: 2.5 / 3.5) trade
    // most, 3.5 kWh, from 0.30 to 0.35: the price is their midpoint rounded down, 0.32.
    let price = 32;
    let cleared = cli.json(&[
        "park",
        "clear",
        "--slot",
        &s,
        "--page-size",
        "1",
        "--from",
        "consumer3",
    ]);
    assert_eq!(cleared["price"].as_u64(), Some(price), "{cleared}");
    assert_eq!(u(&cleared["matched_wh"]), 3_500);
    assert!(u(&cleared["pages"]) >= 2, "one bid a page: {cleared}");
    let view = cli.json(&["park", "slot", &s]);
    assert_eq!(u(&view["state"]["cleared"]["price"]), price, "{view}");
    assert_eq!(u(&view["state"]["cleared"]["volume_wh"]), 3_500);
    // Merit order: the factory's bid (0.40) first takes the solar offer (0.20), then half a
    // kWh of wind; the retailer's, wind only, takes the rest of the wind offer.
    let fills = cli.json(&["park", "fills", "--slot", &s]);
    let got: Vec<(u64, u64, u64)> = fills
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                u(&f["fill"]["bid_id"]),
                u(&f["fill"]["offer_id"]),
                u(&f["fill"]["energy_wh"]),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (bid_factory, offer_pv, 2_000),
            (bid_factory, offer_wind, 500),
            (bid_retailer, offer_wind, 1_000)
        ]
    );
    let prices = cli.json(&["park", "prices"]);
    let point = prices
        .as_array()
        .unwrap()
        .iter()
        .find(|p| u(&p["slot"]) == slot)
        .unwrap();
    assert_eq!(
        (u(&point["price"]), u(&point["matched_wh"])),
        (price, 3_500)
    );

    // ------------------------------------------------------------------ readings
    // The solar generator delivers its 2 kWh; the wind generator 1.2 of the 1.5 kWh it sold.
    wait_for_chain_time(ends_at, "the slot's end");
    cli.submit_readings(
        "pv-1",
        &pv_contract,
        "consumer1",
        starts_at,
        &[500, 500, 500, 500],
    );
    cli.submit_readings(
        "wind-1",
        &wind_contract,
        "consumer2",
        starts_at,
        &[400, 400, 400],
    );
    let settleable_at = ends_at + SETTLEMENT_DELAY_SECONDS;
    if chain_now() + 5 < settleable_at {
        let early = cli.fails(&["park", "settle", "--slot", &s, "--from", "consumer3"]);
        assert!(early.contains("park.not_settleable"), "{early}");
    }
    wait_for_chain_time(settleable_at, "the settlement delay");

    // ------------------------------------------------------------------ settlement
    let settled = cli.json(&["park", "settle", "--slot", &s, "--from", "consumer3"]);
    let offers = settled["offers"].as_array().unwrap();
    let by_offer = |id: u64| offers.iter().find(|o| u(&o["offer_id"]) == id).unwrap();
    assert_eq!(offers.len(), 2, "{settled}");
    // Each fill gets its share of what its offer's meter delivered, rounded down.
    let delivered = [
        (2_000, 2_000),
        (500, 1_200 * 500 / 1_500),
        (1_000, 1_200 * 1_000 / 1_500),
    ];
    let paid: Vec<u64> = delivered
        .iter()
        .map(|&(_, d)| cost_floor(d, price))
        .collect();
    assert_eq!(u(&by_offer(offer_pv)["delivered_wh"]), 2_000);
    assert_eq!(u(&by_offer(offer_pv)["paid"]), paid[0]);
    assert_eq!(u(&by_offer(offer_wind)["delivered_wh"]), 1_200);
    assert_eq!(u(&by_offer(offer_wind)["paid"]), paid[1] + paid[2]);
    let fills = cli.json(&["park", "fills", "--slot", &s]);
    for (fill, ((_, want_delivered), want_paid)) in fills
        .as_array()
        .unwrap()
        .iter()
        .zip(delivered.iter().zip(&paid))
    {
        assert_eq!(u(&fill["delivered_wh"]), *want_delivered, "{fill}");
        assert_eq!(u(&fill["paid"]), *want_paid, "{fill}");
    }
    // Sellers are paid; each bid pays for what was delivered and gets the rest of its escrow
    // back.
    assert_eq!(cli.balance("consumer1"), before[0] + paid[0]);
    assert_eq!(cli.balance("consumer2"), before[1] + paid[1] + paid[2]);
    let factory_refund = cost_ceil(2_500, 40) - paid[0] - paid[1];
    assert!(factory_refund > 0);
    assert_eq!(
        cli.balance("consumer3"),
        before[2] - cost_ceil(2_500, 40) + factory_refund
    );
    assert_eq!(cli.balance("retailer"), before[3] - paid[2]);
    let again = cli.json(&["park", "settle", "--slot", &s, "--from", "consumer3"]);
    assert_eq!(
        again["offers"],
        serde_json::json!([]),
        "nothing left to settle"
    );

    // ------------------------------------------------------------------ sellers, trades
    let wind_seller = cli.json(&["park", "seller", "consumer2"]);
    assert_eq!(
        (u(&wind_seller["sold_wh"]), u(&wind_seller["delivered_wh"])),
        (1_500, 1_200)
    );
    assert_eq!(u(&wind_seller["short_slots"]), 1);
    assert_eq!(wind_seller["delivery_ratio"].as_f64(), Some(0.8));
    let solar_seller = cli.json(&["park", "seller", "consumer1"]);
    assert_eq!(solar_seller["delivery_ratio"].as_f64(), Some(1.0));
    assert_eq!(u(&solar_seller["short_slots"]), 0);
    let trades = cli.json(&["park", "trades", "--participant", "consumer3"]);
    assert_eq!(trades.as_array().unwrap().len(), 2, "{trades}");
    let out = cli.path("out/wind-trades.xlsx");
    let exported = cli.json(&[
        "park",
        "export",
        "--participant",
        "consumer2",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(u(&exported["trades"]), 2);
    assert_eq!(u(&exported["sold_wh"]), 1_200);
    assert_eq!(u(&exported["received"]), paid[1] + paid[2]);
    assert!(out.is_file());

    // ------------------------------------------------------------------ certificates
    // One certificate per fill that delivered energy, to its buyer, for the slot's hour.
    let hour = starts_at - starts_at % 3_600;
    let held = |owner: &str| -> Vec<serde_json::Value> {
        cli.json(&["park", "certificates", "list", "--owner", owner])
            .as_array()
            .unwrap()
            .clone()
    };
    let factory = held("consumer3");
    let factory_got: Vec<(String, u64)> = factory
        .iter()
        .map(|c| {
            (
                c["meter_id"].as_str().unwrap().to_string(),
                u(&c["energy_wh"]),
            )
        })
        .collect();
    assert_eq!(
        factory_got,
        [
            ("pv-1".to_string(), delivered[0].1),
            ("wind-1".to_string(), delivered[1].1)
        ],
        "{factory:?}"
    );
    for c in &factory {
        assert_eq!(u(&c["hour_start"]), hour, "{c}");
        assert_eq!(c["status"], "active", "{c}");
        assert_eq!(u(&c["origin"]["trade"]["slot"]), slot, "{c}");
        assert_eq!(u(&c["expires_at"]), hour + 3_600 + 365 * 86_400, "{c}");
    }
    assert_eq!(factory[0]["energy_type"], "solar");
    assert_eq!(factory[1]["energy_type"], "wind");
    assert_eq!(u(&factory[1]["carbon_g_per_kwh"]), 12);
    let retailer = held("retailer");
    assert_eq!(retailer.len(), 1, "{retailer:?}");
    assert_eq!(u(&retailer[0]["energy_wh"]), delivered[2].1);
    // Per meter and hour, the certified energy is what the meter delivered.
    for (meter, wh) in [("pv-1", 2_000), ("wind-1", 1_200)] {
        let certified = cli.json(&[
            "park",
            "cert",
            "meter-hour",
            "--meter",
            meter,
            "--hour",
            &starts_at.to_string(),
        ]);
        assert_eq!(u(&certified["hour_start"]), hour, "{certified}");
        assert_eq!(u(&certified["certified_wh"]), wh, "{meter}: {certified}");
    }
    // Everything either meter signed for is certified: nothing is left for its generator,
    // and before the hour's delay it may not even ask. Which refusal comes depends on where
    // in its hour the slot fell: the chain's clock (with ten seconds for the transaction to
    // land) says which to expect.
    let issuable_at = hour + 3_600 + SETTLEMENT_DELAY_SECONDS + SLOT_SECONDS;
    let before_delay = chain_now() + 10 < issuable_at;
    if !before_delay {
        // Too close to the boundary to tell where the transaction lands: step past it.
        wait_for_chain_time(issuable_at + 1, "the end of the hour's delay");
    }
    let unsold = cli.fails(&[
        "park",
        "certificates",
        "issue-unsold",
        "--meter",
        "pv-1",
        "--hour",
        &starts_at.to_string(),
        "--from",
        "consumer1",
    ]);
    let code = if before_delay {
        "park_certificates.too_early"
    } else {
        "park_certificates.nothing_to_certify"
    };
    assert!(
        unsold.contains(code) && unsold.contains("hint:"),
        "{unsold}"
    );

    // The factory hands its solar certificate to the retailer and claims its wind one.
    let (solar_id, wind_id) = (u(&factory[0]["id"]), u(&factory[1]["id"]));
    let moved = cli.json(&[
        "park",
        "certificates",
        "transfer",
        "--id",
        &solar_id.to_string(),
        "--to",
        "retailer",
        "--from",
        "consumer3",
    ]);
    assert_eq!(u(&moved["id"]), solar_id);
    let shown = cli.json(&["park", "certificates", "show", &solar_id.to_string()]);
    assert_eq!(shown["owner"], cli.address("retailer"));
    let steps: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["entry"]
                .as_object()
                .unwrap()
                .keys()
                .next()
                .unwrap()
                .as_str()
        })
        .collect();
    assert_eq!(steps, ["issued", "transferred"], "{shown}");
    let not_mine = cli.fails(&[
        "park",
        "certificates",
        "transfer",
        "--id",
        &solar_id.to_string(),
        "--to",
        "consumer1",
        "--from",
        "consumer3",
    ]);
    assert!(
        not_mine.contains("park_certificates.not_owner"),
        "{not_mine}"
    );
    let claim = |id: u64| {
        vec![
            "park".to_string(),
            "certificates".into(),
            "claim".into(),
            "--id".into(),
            id.to_string(),
            "--beneficiary".into(),
            "Factory".into(),
            "--purpose".into(),
            "scope 2 electricity".into(),
            "--period-from".into(),
            starts_at.to_string(),
            "--period-to".into(),
            ends_at.to_string(),
            "--from".into(),
            "consumer3".into(),
        ]
    };
    let args = claim(wind_id);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let claimed = cli.json(&args);
    assert_eq!(claimed["beneficiary"], "Factory");
    let again = cli.fails(&args);
    assert!(again.contains("park_certificates.claimed"), "{again}");
    let moved_claimed = cli.fails(&[
        "park",
        "certificates",
        "transfer",
        "--id",
        &wind_id.to_string(),
        "--to",
        "retailer",
        "--from",
        "consumer3",
    ]);
    assert!(
        moved_claimed.contains("park_certificates.claimed"),
        "{moved_claimed}"
    );
    let shown = cli.json(&["park", "certificates", "show", &wind_id.to_string()]);
    assert_eq!(shown["state"], "claimed");
    assert_eq!(shown["status"]["claimed"]["purpose"], "scope 2 electricity");

    // A batch verification from a file: valid, claimed, unknown.
    let unknown_id = 1_000_000;
    let ids = cli.write(
        "certificate-ids.txt",
        &format!("{solar_id}\n{wind_id} # claimed\n{unknown_id}\n"),
    );
    let verified = cli.json(&["park", "certificates", "verify", "--file", &ids]);
    let results = verified["results"].as_array().unwrap();
    assert_eq!(
        results.iter().map(|r| u(&r["id"])).collect::<Vec<_>>(),
        [solar_id, wind_id, unknown_id]
    );
    assert_eq!(
        results[0]["verdict"]["valid"]["owner"],
        cli.address("retailer")
    );
    assert_eq!(results[1]["verdict"]["claimed"]["beneficiary"], "Factory");
    assert_eq!(results[2]["verdict"], "unknown");
    assert_eq!(
        [
            u(&verified["counts"]["valid"]),
            u(&verified["counts"]["claimed"]),
            u(&verified["counts"]["expired"]),
            u(&verified["counts"]["unknown"])
        ],
        [1, 1, 0, 1]
    );
    let lines = cli.ok(&["park", "cert", "verify", "--file", &ids]);
    assert!(lines.contains(&format!("{unknown_id}: unknown")), "{lines}");
    assert!(
        lines.contains("3 ids: 1 valid, 1 claimed, 0 expired, 1 unknown"),
        "{lines}"
    );

    // The factory's export carries the one certificate it still holds, claimed.
    let out = cli.path("out/factory.xlsx");
    let exported = cli.json(&[
        "park",
        "export",
        "--participant",
        "consumer3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(u(&exported["certificates"]), 1, "{exported}");
    assert_eq!(u(&exported["certified_wh"]), delivered[1].1);
}
