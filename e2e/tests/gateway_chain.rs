//! The REST gateway (issue 17) on the real chain: participants sign in with their account keys
//! (ADR-036), each sees what the registry's roles let her see and is refused the rest with a
//! stable code, lists page to their end, a bill reads as the chain has it, and a participant
//! blacklisted or suspended on chain is refused at her next request. The bank's own gateway
//! signs its deposits with the bank's key for its operators only, and the audit log of another
//! gateway records each deposit once, also one made while that gateway was stopped.
//!
//! In headless Chromium: a consumer reads her bill line by line, downloads her readings and
//! bills as workbooks that add up as the chain does, prepays with a transaction signed in her
//! browser and sees her instalment turn paid, without a reload, when the bank settles; a bank
//! clerk credits a deposit, pays an overdue instalment and finds the payment in the bills
//! workbook; a retailer reads her tariff's prices; an administrator registers and suspends a
//! meter, and blacklists a participant, who is then turned away at sign-in; a consumer whose
//! key is in a Keplr-compatible wallet signs in and prepays through it. Drafts and loan
//! shares are in [`finance`]; every contract's queries and pause status in [`contracts`]; the
//! park market's orders from a company's cabinet in [`park`]; the cloud federation's leases
//! in [`cloud`]; a retailer's tariffs in [`tariffs`]; the administrator's participants desk in
//! [`participants`].
//!
//! ```sh
//! localnet/start.sh && make wasm && cargo build -p ledger-cli -p ledger-gateway
//! cargo test -p e2e --test gateway_chain -- --ignored --test-threads=1 --nocapture
//! ```

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use base64::Engine;
use e2e::browser;
use e2e::chain::{address, chain_time, ensure_running, status, wait_for_time};
use e2e::cli::{FreshMeter, PASSPHRASE, World};
use e2e::gateway::{Gateway, Options};
use e2e::num;
use e2e::readings::readings_file;
use ledger_reading::signer::MeterKey;
use ledger_workbooks::inspect::{self, Cell, Workbook};
use serde_json::{Value, json};

#[path = "gateway_chain/cloud.rs"]
mod cloud;
#[path = "gateway_chain/contracts.rs"]
mod contracts;
#[path = "gateway_chain/finance.rs"]
mod finance;
#[path = "gateway_chain/park.rs"]
mod park;
#[path = "gateway_chain/participants.rs"]
mod participants;
#[path = "gateway_chain/tariffs.rs"]
mod tariffs;

/// Seconds per day of the test ledger's cycle; two days make a 40-second billing period.
const DAY_SECONDS: u64 = 20;

/// The world the tests share (one at a time), and how they start its read-only gateway.
struct Setup {
    world: World,
    /// Config lines every gateway of the test gets: the index starts at the world's first
    /// block, not at the chain's first, and polls often.
    index_config: String,
}

impl Setup {
    /// The read-only gateway over the world's deployment, always on the same data directory
    /// (its token secret and index). Each test starts its own, which stops when the test ends:
    /// a gateway kept in a static would outlive the test process.
    fn gateway(&self) -> Gateway {
        Gateway::start(
            &self.world.cli.deployment(),
            &self.world.scratch("gateway"),
            Options {
                config: self.index_config.clone(),
                signer: None,
            },
        )
    }
}

impl Setup {
    /// A gateway over the world's deployment signing with `signer`'s key (its
    /// organisation's gateway), on a data directory of its own.
    fn signing_gateway(&self, signer: &str) -> Gateway {
        Gateway::start(
            &self.world.cli.deployment(),
            &self.world.scratch(&format!("{signer}-gateway")),
            Options {
                config: self.index_config.clone(),
                signer: Some((
                    signer.to_string(),
                    self.world.home().join("keys"),
                    PASSPHRASE.to_string(),
                )),
            },
        )
    }
}

static SETUP: OnceLock<Setup> = OnceLock::new();

fn setup() -> &'static Setup {
    SETUP.get_or_init(|| {
        ensure_running();
        let (first_block, _) = status(0).expect("node 0 answers");
        let world = World::deploy_short_periods("GATE", DAY_SECONDS);
        // The `gateway` account reads for an auditor's office.
        world.cli.ok(&[
            "admin",
            "participant",
            "add",
            "gateway",
            "--name",
            "Audit Office",
            "--role",
            "auditor",
            "--from",
            "admin",
        ]);
        let index_config = format!("index_from_height = {first_block}\nindex_poll_ms = 300\n");
        Setup {
            world,
            index_config,
        }
    })
}

fn code(body: &Value) -> &str {
    body["code"].as_str().unwrap_or("<no code>")
}

/// A meter of `owner` with one reading, its period closed: the meter's id and the chain's
/// bill.
fn billed_meter(world: &World, owner: &str) -> (String, Value) {
    let FreshMeter {
        id,
        key,
        contract,
        registered,
    } = world.fresh_meter_of("gw-", owner);
    let usage = world.cli.json(&["query", "period", "--meter", &id]);
    let (mut period, mut start, mut end) = (
        num(&usage["period"]) as u32,
        num(&usage["start"]) as u64,
        num(&usage["end"]) as u64,
    );
    if end < chain_time() + 15 {
        let next = (period + 1).to_string();
        let usage = world
            .cli
            .json(&["query", "period", "--meter", &id, "--period", &next]);
        (period, start, end) = (
            period + 1,
            num(&usage["start"]) as u64,
            num(&usage["end"]) as u64,
        );
    }
    let first = start.max(registered);
    let length = u32::try_from(end - first).expect("a period fits in u32 seconds");
    let file = world.scratch(&id).join("readings.json");
    readings_file(
        &file,
        &key,
        &contract,
        &id,
        &[(1, first, length, 2_500, 2_500)],
    );
    wait_for_time(end, Duration::from_secs(120));
    world.cli.json(&[
        "meter",
        "submit",
        "--file",
        file.to_str().expect("a UTF-8 path"),
        "--owner",
        owner,
        "--from",
        "gateway",
    ]);
    let bill = world.close_up_to(&id, period, "consumer2");
    assert_eq!(num(&bill["energy_wh"]), 2_500, "{bill}");
    (id, bill)
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn each_role_sees_what_the_registry_allows_and_bills_read_as_on_chain() {
    let setup = setup();
    let (world, gateway) = (&setup.world, setup.gateway());
    let (meter_id, chain_bill) = billed_meter(world, "consumer1");
    let other_meter = world.fresh_meter("gw-other-").id;
    // consumer2's meter, which consumer1 must not see.
    let key = ledger_reading::signer::MeterKey::generate();
    let bobs_meter = e2e::unique("gw-bob-");
    world.register(
        &bobs_meter,
        "consumer2",
        "home-tiered",
        &hex::encode(key.public_key()),
        "20",
    );

    // A consumer: herself, her own meters only, her own meters' bills.
    let alice = gateway.token("consumer1");
    let me = gateway.get_ok("/api/me", &alice)["participant"].clone();
    assert_eq!(me["address"], address("consumer1"));
    assert_eq!(me["roles"], serde_json::json!(["consumer"]));
    assert_eq!(me["status"], "active");
    let (meters, _) = gateway.all_pages("/api/meters", &alice, 100, "meter_id");
    let ids: Vec<&str> = meters
        .iter()
        .map(|m| m["meter_id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&meter_id.as_str()) && ids.contains(&other_meter.as_str()),
        "consumer1 sees her meters: {ids:?}"
    );
    assert!(!ids.contains(&bobs_meter.as_str()), "{ids:?}");
    assert!(meters.iter().all(|m| m["owner"] == address("consumer1")));
    let bob = address("consumer2");
    gateway.get_refused(
        &format!("/api/meters?owner={bob}"),
        &alice,
        403,
        "gateway.forbidden",
    );
    gateway.get_refused(
        &format!("/api/meters/{bobs_meter}/bills"),
        &alice,
        403,
        "gateway.forbidden",
    );
    gateway.get_refused("/api/participants", &alice, 403, "gateway.forbidden");

    // Her bill, line by line, as the chain has it.
    let (bills, _) = gateway.all_pages(
        &format!("/api/meters/{meter_id}/bills"),
        &alice,
        1,
        "period",
    );
    let bill = bills
        .iter()
        .find(|b| b["period"] == chain_bill["period"])
        .unwrap_or_else(|| panic!("the closed period's bill is listed: {bills:?}"));
    for field in ["energy_wh", "subtotal", "tax", "total", "tariff_version"] {
        assert_eq!(num(&bill[field]), num(&chain_bill[field]), "{field}");
    }
    assert_eq!(bill["tariff_id"], chain_bill["tariff_id"]);
    let (lines, chain_lines) = (
        bill["lines"].as_array().unwrap(),
        chain_bill["lines"].as_array().unwrap(),
    );
    assert!(!lines.is_empty());
    assert_eq!(lines.len(), chain_lines.len());
    for (line, chain_line) in lines.iter().zip(chain_lines) {
        assert_eq!(line["description"], chain_line["description"]);
        assert_eq!(num(&line["quantity"]), num(&chain_line["quantity"]));
        assert_eq!(num(&line["amount"]), num(&chain_line["amount"]));
    }

    // The bank reads any meter's bills; the retailer its consumers'; neither lists meters.
    let bank = gateway.token("bank");
    let (bank_bills, _) = gateway.all_pages(
        &format!("/api/meters/{meter_id}/bills"),
        &bank,
        10,
        "period",
    );
    assert_eq!(bank_bills, bills);
    gateway.get_refused("/api/meters", &bank, 403, "gateway.forbidden");
    let retailer = gateway.token("retailer");
    gateway.get_ok(&format!("/api/meters/{bobs_meter}/bills"), &retailer);

    // The administrator and an auditor read the registry, a page at a time to its end.
    let admin = gateway.token("admin");
    let auditor = gateway.token("gateway");
    let (by_admin, pages) = gateway.all_pages("/api/participants", &admin, 2, "address");
    let (by_auditor, _) = gateway.all_pages("/api/participants", &auditor, 100, "address");
    assert_eq!(by_admin, by_auditor);
    assert!(pages >= 3, "six participants at two a page: {pages} pages");
    for name in [
        "bank",
        "retailer",
        "consumer1",
        "consumer2",
        "consumer3",
        "gateway",
    ] {
        assert!(
            by_admin.iter().any(|p| p["address"] == address(name)),
            "{name} is listed"
        );
    }
    let (bobs, _) = gateway.all_pages(
        &format!("/api/meters?owner={bob}"),
        &auditor,
        100,
        "meter_id",
    );
    // (Other tests register meters for consumer2 too.)
    assert!(bobs.iter().all(|m| m["owner"] == bob.as_str()), "{bobs:?}");
    assert!(
        bobs.iter().any(|m| m["meter_id"] == bobs_meter.as_str()),
        "{bobs:?}"
    );

    // A meter the registry does not know is the contract's refusal, by its code.
    let (status, body) = gateway.get("/api/meters/no-such-meter/bills", &admin);
    assert_eq!(
        (status, code(&body)),
        (404, "admin.meter_not_found"),
        "{body}"
    );
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn participants_barred_on_chain_are_refused_at_their_next_request() {
    let setup = setup();
    let (world, gateway) = (&setup.world, setup.gateway());
    let carol = gateway.token("consumer3");
    gateway.get_ok("/api/me", &carol);

    world.cli.ok(&[
        "admin",
        "blacklist",
        "consumer3",
        "--reason",
        "sanctions list (gateway chain test)",
        "--from",
        "admin",
    ]);
    // The open session ends at once, and a new sign-in is refused.
    gateway.get_refused("/api/me", &carol, 403, "gateway.blacklisted");
    let (status, body) = gateway.sign_in("consumer3");
    assert_eq!(
        (status, code(&body)),
        (403, "gateway.blacklisted"),
        "{body}"
    );
    world
        .cli
        .ok(&["admin", "unblacklist", "consumer3", "--from", "admin"]);
    gateway.get_ok("/api/me", &carol);

    let bob = gateway.token("consumer2");
    world.cli.ok(&[
        "admin",
        "participant",
        "set-status",
        "consumer2",
        "suspended",
        "--from",
        "admin",
    ]);
    gateway.get_refused("/api/me", &bob, 403, "gateway.suspended");
    let (status, body) = gateway.sign_in("consumer2");
    assert_eq!((status, code(&body)), (403, "gateway.suspended"), "{body}");
    world.cli.ok(&[
        "admin",
        "participant",
        "set-status",
        "consumer2",
        "active",
        "--from",
        "admin",
    ]);
    gateway.get_ok("/api/me", &bob);

    // A key the registry does not know is not let in.
    let stranger = ledger_client::Signer::generate("wasm").expect("a fresh key");
    let (status, body) = gateway.sign_in_with(&stranger);
    assert_eq!(
        (status, code(&body)),
        (403, "gateway.not_a_participant"),
        "{body}"
    );
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn sessions_survive_a_restart_and_health_follows_the_chain() {
    let setup = setup();
    let mut gateway = setup.gateway();
    let admin = gateway.token("admin");
    gateway.restart();
    // The token secret is on disk: a session opened before the restart still holds.
    gateway.get_ok("/api/me", &admin);
    let (status, health) = gateway.get("/health", "");
    assert_eq!(status, 200, "{health}");
    let first = num(&health["height"]);
    wait_for_time(chain_time() + 3, Duration::from_secs(30));
    let (_, later) = gateway.get("/health", "");
    assert!(num(&later["height"]) > first, "{health} then {later}");
}

/// The audit log's events of transaction `tx`.
fn audited(gateway: &Gateway, token: &str, tx: &str) -> Vec<Value> {
    let page = gateway.get_ok(&format!("/api/audit?tx={tx}&limit=100"), token);
    assert_eq!(page["has_more"], false, "{page}");
    page["items"].as_array().expect("audit items").clone()
}

/// The token balance of `who`, minor units.
fn balance(world: &World, who: &str) -> u128 {
    num(&world.cli.json(&["query", "balance", who])["balance"])
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn the_banks_gateway_signs_deposits_and_the_audit_log_records_each_once() {
    let setup = setup();
    let (world, mut gateway) = (&setup.world, setup.gateway());
    let bank_gateway = setup.signing_gateway("bank");
    let (_, health) = bank_gateway.get("/health", "");
    assert_eq!(health["signer"], address("bank"));
    let deposit = |reference: &str, amount: &str| {
        serde_json::json!({
            "reference": reference,
            "recipient": address("consumer2"),
            "amount": amount,
            "prepay": false,
        })
    };
    let reference = e2e::unique("GW-DEP-");

    // A read-only gateway signs nothing.
    let bank_at_reader = gateway.token("bank");
    let (status, body) = gateway.post_as(
        "/api/bank/deposits",
        &bank_at_reader,
        deposit(&reference, "500"),
    );
    assert_eq!((status, code(&body)), (403, "gateway.read_only"), "{body}");

    // The bank's gateway signs for the bank's operators: a deposit credits the recipient.
    let before = balance(world, "consumer2");
    let bank = bank_gateway.token("bank");
    let (status, receipt) =
        bank_gateway.post_as("/api/bank/deposits", &bank, deposit(&reference, "500"));
    assert_eq!(status, 200, "{receipt}");
    assert_eq!(balance(world, "consumer2"), before + 500);
    let first_tx = receipt["tx_hash"].as_str().expect("a tx hash").to_string();
    let first_height = receipt["height"].as_u64().expect("a height");

    // Nobody else may have it sign, the same reference is not credited twice, and a zero
    // amount is refused before anything is signed: the balance stays.
    let retailer = bank_gateway.token("retailer");
    let fresh = e2e::unique("GW-DEP-");
    let (status, body) =
        bank_gateway.post_as("/api/bank/deposits", &retailer, deposit(&fresh, "500"));
    assert_eq!((status, code(&body)), (403, "gateway.forbidden"), "{body}");
    let (status, body) =
        bank_gateway.post_as("/api/bank/deposits", &bank, deposit(&reference, "500"));
    assert_eq!(
        (status, code(&body)),
        (409, "bank.deposit_reference_used"),
        "{body}"
    );
    let (status, body) = bank_gateway.post_as("/api/bank/deposits", &bank, deposit(&fresh, "0"));
    assert_eq!(code(&body), "gateway.bad_request", "{status} {body}");
    assert_eq!(balance(world, "consumer2"), before + 500);

    // The audit log (the administrator's read) holds the deposit, by the bank.
    let admin = gateway.token("admin");
    gateway.wait_indexed(first_height, &admin);
    let events = audited(&gateway, &admin, &first_tx);
    let deposits: Vec<&Value> = events
        .iter()
        .filter(|e| e["contract_name"] == "bank" && e["action"] == "deposit")
        .collect();
    assert_eq!(deposits.len(), 1, "{events:?}");
    assert_eq!(deposits[0]["actor"], address("bank"));
    assert_eq!(deposits[0]["height"].as_u64(), Some(first_height));
    let consumer = gateway.token("consumer2");
    gateway.get_refused("/api/audit", &consumer, 403, "gateway.forbidden");

    // Stopped while a deposit lands, the gateway catches up on start: that deposit once, and
    // the first one still once.
    gateway.stop();
    let second = world.cli.json(&[
        "bank",
        "deposit",
        "--reference",
        &e2e::unique("GW-CLI-"),
        "--recipient",
        "consumer2",
        "--amount",
        "2.50",
        "--from",
        "bank",
    ]);
    let second_tx = second["txhash"].as_str().expect("a tx hash").to_string();
    let second_height = num(&second["height"]) as u64;
    wait_for_time(chain_time() + 3, Duration::from_secs(30));
    gateway.start_again();
    gateway.wait_indexed(second_height, &admin);
    let caught_up = audited(&gateway, &admin, &second_tx);
    assert_eq!(
        caught_up
            .iter()
            .filter(|e| e["contract_name"] == "bank" && e["action"] == "deposit")
            .count(),
        1,
        "{caught_up:?}"
    );
    assert_eq!(audited(&gateway, &admin, &first_tx), events);

    // The export carries the same events.
    let (status, csv) = gateway.get(&format!("/api/audit/export?tx={second_tx}"), &admin);
    assert_eq!(status, 200);
    let csv = csv.as_str().expect("CSV text");
    assert!(csv.lines().count() >= 2, "{csv}");
    assert!(
        csv.to_lowercase().contains(&second_tx.to_lowercase()),
        "{csv}"
    );
}

/// Minor units as the cabinet shows money: "1234" is "12.34".
/// Lifts the blacklisting of `.1` when dropped, so that a test failing between blacklisting
/// and lifting does not leave the shared world's participant barred for the tests after it.
struct LiftBlacklist<'a>(&'a World, &'static str);

impl Drop for LiftBlacklist<'_> {
    fn drop(&mut self) {
        // Already lifted on the way that succeeds: then the command is refused, which is fine.
        let _ = self
            .0
            .cli
            .run(&["admin", "unblacklist", self.1, "--from", "admin"]);
    }
}

/// The rows (header first) of `sheet` in the workbook a browser scenario downloaded.
fn downloaded(file: &Value, sheet: &str) -> Vec<Vec<Cell>> {
    let path = file["path"].as_str().expect("a downloaded file");
    Workbook::open(Path::new(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .cells(sheet)
}

/// Credits `amount` minor units of a bank deposit (reference `prefix` and a unique tail) to
/// `who`'s wallet, with the bank's CLI key.
fn deposit_to_wallet(world: &World, who: &str, amount: u128, prefix: &str) {
    world.cli.ok(&[
        "bank",
        "deposit",
        "--reference",
        &e2e::unique(prefix),
        "--recipient",
        who,
        "--amount",
        &money(amount),
        "--from",
        "bank",
    ]);
}

fn money(minor: u128) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn a_consumer_reads_her_bill_in_the_browser_and_one_the_administrator_blacklists_is_turned_away() {
    let setup = setup();
    let (world, gateway) = (&setup.world, setup.gateway());
    let (meter_id, chain_bill) = billed_meter(world, "consumer1");

    // Her key, as the CLI gives it out, imported in the sign-in page; the cabinet shows her
    // and her bill, line by line as the chain has it.
    let key = world
        .cli
        .ok(&["keys", "export-hex", "consumer1", "--unsafe"]);
    let seen = browser::cabinet(
        "bills",
        &gateway.url,
        key.trim(),
        json!({ "meter_id": meter_id, "period": chain_bill["period"] }),
    );
    assert!(
        seen["url"].as_str().unwrap().ends_with("/cabinet"),
        "{seen}"
    );
    assert_eq!(seen["me"]["address"], address("consumer1"));
    assert_eq!(seen["me"]["roles"], "consumer");
    assert_eq!(seen["me"]["status"], "active");
    let period = num(&chain_bill["period"]);
    let bill = seen["bills"]
        .as_array()
        .expect("the bills shown")
        .iter()
        .find(|b| {
            b["heading"]
                .as_str()
                .is_some_and(|h| h.starts_with(&format!("Period {period}:")))
        })
        .unwrap_or_else(|| panic!("the bill of period {period} is shown: {seen}"));
    let (shown, lines) = (
        bill["lines"].as_array().expect("lines shown"),
        chain_bill["lines"].as_array().expect("the chain's lines"),
    );
    assert_eq!(shown.len(), lines.len(), "{bill}");
    for (shown, line) in shown.iter().zip(lines) {
        assert_eq!(shown["description"], line["description"]);
        assert_eq!(shown["amount"], money(num(&line["amount"])).as_str());
    }
    assert_eq!(bill["total"], money(num(&chain_bill["total"])).as_str());

    // The period running now, priced as if it closed now, as the API has it; a chart of the
    // last month's days (her reading is among them), of the period's weekday hours and of its
    // weekend hours, each or a line saying there is no energy yet.
    // (Periods last 40 seconds here: the API, asked after the page, may be one period on.)
    let alice = gateway.token("consumer1");
    let chain_now = world.cli.json(&["query", "period", "--meter", &meter_id]);
    let now = gateway.get_ok(&format!("/api/meters/{meter_id}/period"), &alice);
    let (api_period, chain_period) = (num(&now["period"]), num(&chain_now["period"]));
    assert!(
        api_period == chain_period || api_period == chain_period + 1,
        "{now} {chain_now}"
    );
    if api_period == chain_period {
        assert_eq!(
            num(&now["energy_wh"]),
            num(&chain_now["energy_wh"]),
            "{now} {chain_now}"
        );
    }
    assert_eq!(
        seen["usage"]["total"],
        money(num(&now["total"])).as_str(),
        "{seen}"
    );
    let described: Vec<&Value> = now["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["description"])
        .collect();
    assert_eq!(
        seen["usage"]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .collect::<Vec<_>>(),
        described
    );
    let (charts, quiet) = (
        num(&seen["usage"]["charts"]),
        num(&seen["usage"]["without_energy"]),
    );
    assert_eq!(charts + quiet, 3, "{seen}");
    assert!(charts >= 1, "the day of her reading is charted: {seen}");
    if num(&seen["usage"]["period"]) == api_period {
        let has_energy = |series: &Value| series.as_array().unwrap().iter().any(|v| num(v) > 0);
        let with_energy = [
            now["recent_days"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| num(&d["energy_wh"]) > 0),
            has_energy(&now["weekday_hourly_wh"]),
            has_energy(&now["weekend_hourly_wh"]),
        ];
        assert_eq!(
            charts,
            with_energy.iter().filter(|e| **e).count() as u128,
            "{seen} {now}"
        );
    }

    // Her downloads: the readings of the billed period add up to the bill's energy (one
    // reading of 2.5 kWh), and her bills workbook holds her meters only, the bill's total on
    // each row of its period.
    let readings = &seen["downloads"]["readings"];
    assert_eq!(
        readings["name"],
        format!("readings-{meter_id}-period-{period}.xlsx").as_str()
    );
    let days = downloaded(readings, "Readings");
    let total = days.last().expect("a total row");
    assert_eq!(inspect::text(&total[0]), "Total", "{days:?}");
    assert!((inspect::num(&total[1]) - 2.5).abs() < 1e-9, "{total:?}");
    assert_eq!(inspect::num(&total[2]), 1.0, "{total:?}");
    assert_eq!(seen["downloads"]["bills"]["name"], "bills.xlsx");
    let rows = downloaded(&seen["downloads"]["bills"], "Bills");
    let hers: Vec<String> = gateway
        .all_pages("/api/meters", &alice, 100, "meter_id")
        .0
        .iter()
        .map(|m| m["meter_id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        rows[1..]
            .iter()
            .all(|r| hers.iter().any(|m| m == inspect::text(&r[0]))),
        "only her meters: {rows:?}"
    );
    let of_bill: Vec<&Vec<Cell>> = rows[1..]
        .iter()
        .filter(|r| inspect::text(&r[0]) == meter_id && inspect::num(&r[2]) as u128 == period)
        .collect();
    assert!(
        !of_bill.is_empty(),
        "period {period} of {meter_id}: {rows:?}"
    );
    let bill_total = num(&chain_bill["total"]) as f64 / 100.0;
    for row in of_bill {
        assert!((inspect::num(&row[5]) - bill_total).abs() < 1e-9, "{row:?}");
    }

    // Her retailer reads the tariff of that meter in the tariffs panel: hers, with as many
    // versions as the chain has, the first one's prices component by component.
    let tariff_id = gateway
        .all_pages("/api/meters", &alice, 100, "meter_id")
        .0
        .into_iter()
        .find(|m| m["meter_id"] == meter_id.as_str())
        .map(|m| m["tariff_id"].as_str().unwrap().to_string())
        .expect("her meter is listed");
    let chain_tariff = world
        .cli
        .json(&["query", "tariff", &tariff_id, "--version", "1"]);
    let retailer_key = world
        .cli
        .ok(&["keys", "export-hex", "retailer", "--unsafe"]);
    let seen = browser::cabinet(
        "tariffs",
        &gateway.url,
        retailer_key.trim(),
        json!({ "tariff_id": tariff_id }),
    );
    assert_eq!(
        seen["row"]["name"], chain_tariff["tariff"]["name"],
        "{seen}"
    );
    assert_eq!(seen["row"]["retailer"], "you", "{seen}");
    assert_eq!(
        num(&seen["row"]["versions"]),
        num(&chain_tariff["tariff"]["versions"]),
        "{seen}"
    );
    let components = &chain_tariff["version"]["components"];
    let count = |key: &str| components[key].as_array().map_or(0, Vec::len);
    let present = [
        "fixed_charge",
        "flat_rate",
        "demand_charge_per_kw",
        "minimum_charge",
        "tax_bps",
    ]
    .iter()
    .filter(|k| !components[**k].is_null())
    .count()
        + count("tiers")
        + components["time_of_use"]["band_names"]
            .as_array()
            .map_or(0, Vec::len);
    let prices = seen["prices"].as_array().expect("prices shown");
    assert_eq!(prices.len(), present, "{seen} {chain_tariff}");
    if let Some(bps) = components["tax_bps"].as_u64() {
        let tax = format!("{}.{:02}%", bps / 100, bps % 100);
        assert!(
            prices.contains(&json!(["Tax", tax])),
            "{seen} {chain_tariff}"
        );
    }
    let tables = if components["time_of_use"].is_null() {
        0
    } else {
        2
    };
    assert_eq!(num(&seen["band_tables"]), tables, "{seen}");

    // The administrator blacklists a participant in her cabinet, signed by her
    // organisation's gateway; the participants table shows it.
    let admin_gateway = setup.signing_gateway("admin");
    let admin_key = world.cli.ok(&["keys", "export-hex", "admin", "--unsafe"]);
    let reason = "sanctions list (browser test)";
    let _lift = LiftBlacklist(world, "consumer3");
    let seen = browser::cabinet(
        "blacklist",
        &admin_gateway.url,
        admin_key.trim(),
        json!({ "address": address("consumer3"), "reason": reason, "actor": address("admin") }),
    );
    assert_eq!(seen["outcome"]["error"], false, "{seen}");
    assert!(
        seen["outcome"]["text"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Blacklisted {}", address("consumer3"))),
        "{seen}"
    );
    assert_eq!(seen["standing"], format!("blacklisted: {reason}").as_str());
    let record = world.cli.json(&["query", "participant", "consumer3"]);
    assert_eq!(record["blacklisted"], reason, "{record}");
    // Her audit log shows the blacklisting, signed by the administrator's gateway key, and
    // the CSV of the same filter holds it.
    let audit = &seen["audit"];
    assert_eq!(audit["contract"], "registry", "{seen}");
    assert_eq!(audit["action"], "blacklist", "{seen}");
    assert_eq!(audit["actor"], address("admin").as_str(), "{seen}");
    assert!(
        audit["attributes"].as_str().unwrap().contains(reason),
        "{seen}"
    );
    assert_eq!(seen["csv"]["name"], "audit.csv", "{seen}");
    let csv = std::fs::read_to_string(seen["csv"]["path"].as_str().unwrap()).unwrap();
    let line = csv
        .lines()
        .find(|l| l.contains(",blacklist,") && l.contains(&address("consumer3")))
        .unwrap_or_else(|| panic!("the blacklisting in the CSV:\n{csv}"));
    assert!(
        line.starts_with(&format!("{},", num(&audit["height"]))),
        "{line}"
    );

    // She is then turned away with the page's refusal notice.
    let key = world
        .cli
        .ok(&["keys", "export-hex", "consumer3", "--unsafe"]);
    let seen = browser::cabinet("refused", &gateway.url, key.trim(), json!({}));
    world
        .cli
        .ok(&["admin", "unblacklist", "consumer3", "--from", "admin"]);
    let refusal = seen["refusal"].as_str().expect("a refusal shown");
    assert!(refusal.contains("blacklisted"), "{refusal}");
    assert!(
        !seen["url"].as_str().unwrap().ends_with("/cabinet"),
        "{seen}"
    );
}

/// The instalments of `meter_id` as `token`'s holder reads them through `gateway`.
fn instalments(gateway: &Gateway, token: &str, meter_id: &str) -> Vec<Value> {
    gateway
        .all_pages(
            &format!("/api/meters/{meter_id}/instalments"),
            token,
            100,
            "id",
        )
        .0
}

/// What is left to pay of an instalment, minor units.
fn unpaid(instalment: &Value) -> u128 {
    num(&instalment["amount"]) - num(&instalment["paid"])
}

/// The chain's instalment `id` of `meter_id`, as `ledger query instalments` shows it.
fn chain_instalment(world: &World, meter_id: &str, id: u64) -> Value {
    world
        .cli
        .json(&["query", "instalments", "--meter", meter_id])
        .as_array()
        .expect("a list of instalments")
        .iter()
        .find(|i| i["id"].as_u64() == Some(id))
        .unwrap_or_else(|| panic!("instalment {id} of {meter_id} on chain"))
        .clone()
}

/// `who`'s prepaid balance on chain, minor units.
fn prepaid(world: &World, who: &str) -> u128 {
    let list = world.cli.json(&["query", "prepaid", "--consumer", who]);
    num(&list[0]["balance"])
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn a_consumer_prepays_signing_in_her_browser_and_sees_her_instalment_paid_after_settle() {
    let setup = setup();
    let world = &setup.world;
    let gateway = setup.signing_gateway("bank");
    let (meter_id, bill) = billed_meter(world, "consumer1");
    let alice = gateway.token("consumer1");
    let ours = instalments(&gateway, &alice, &meter_id)
        .into_iter()
        .find(|i| i["period"] == bill["period"])
        .unwrap_or_else(|| panic!("the bill of period {} has its instalment", bill["period"]));
    assert_eq!(ours["status"], "open", "{ours}");

    // She prepays, from her wallet, all she owes on every meter and a little more, so that
    // settling pays this instalment whatever else falls due first.
    let (her_meters, _) = gateway.all_pages("/api/meters", &alice, 100, "meter_id");
    let owed: u128 = her_meters
        .iter()
        .flat_map(|m| instalments(&gateway, &alice, m["meter_id"].as_str().unwrap()))
        .filter(|i| i["status"] == "open" || i["status"] == "overdue")
        .map(|i| unpaid(&i))
        .sum();
    let before = prepaid(world, "consumer1");
    let amount = owed.saturating_sub(before) + 100;
    deposit_to_wallet(world, "consumer1", amount, "GW-WALLET-");
    let wallet = balance(world, "consumer1");
    let key = world
        .cli
        .ok(&["keys", "export-hex", "consumer1", "--unsafe"]);
    let seen = browser::cabinet(
        "prepay",
        &gateway.url,
        key.trim(),
        json!({ "amount": money(amount) }),
    );
    assert_eq!(seen["outcome"]["error"], false, "{seen}");
    assert!(
        seen["outcome"]["text"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Prepaid {}", money(amount))),
        "{seen}"
    );
    assert_eq!(seen["before"]["prepaid"], money(before).as_str(), "{seen}");
    assert_eq!(
        seen["after"]["prepaid"],
        money(before + amount).as_str(),
        "{seen}"
    );
    // The chain moved exactly that, from her wallet to her prepaid balance.
    assert_eq!(prepaid(world, "consumer1"), before + amount);
    assert_eq!(balance(world, "consumer1"), wallet - amount);

    // Once it falls due, the bank settles (through its gateway) while her cabinet is open:
    // live updates show it paid without a reload.
    wait_for_time(num(&ours["due"]) as u64, Duration::from_secs(120));
    let bank = gateway.token("bank");
    let id = ours["id"].as_u64().unwrap();
    let seen = browser::cabinet_while(
        "instalments",
        &gateway.url,
        key.trim(),
        json!({ "meter_id": meter_id, "live_paid": id }),
        || {
            let (status, settled) =
                gateway.post_as("/api/bank/settle", &bank, json!({ "limit": 100 }));
            assert_eq!(status, 200, "{settled}");
        },
    );
    assert_eq!(seen["live"]["before"], "open", "{seen}");
    assert_eq!(seen["live"]["after"], "paid", "{seen}");
    assert!(
        seen["live"]["line"]
            .as_str()
            .unwrap()
            .starts_with("Live: block "),
        "{seen}"
    );
    let row = seen["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"].as_u64() == Some(id))
        .unwrap_or_else(|| panic!("instalment {id} is shown: {seen}"))
        .clone();
    let on_chain = chain_instalment(world, &meter_id, id);
    assert_eq!(on_chain["status"], "paid", "{on_chain}");
    assert_eq!(row["status"], "paid", "{seen}");
    assert_eq!(
        row["paid"],
        money(num(&on_chain["amount"])).as_str(),
        "{seen}"
    );
    assert_eq!(seen["warning"], false, "{seen}");
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn a_bank_clerk_credits_a_deposit_and_pays_an_overdue_instalment_in_the_browser() {
    let setup = setup();
    let world = &setup.world;
    let gateway = setup.signing_gateway("bank");
    let (meter_id, _) = billed_meter(world, "consumer2");
    assert_eq!(
        prepaid(world, "consumer2"),
        0,
        "consumer2 starts with nothing prepaid"
    );
    let bank = gateway.token("bank");
    let due = instalments(&gateway, &bank, &meter_id)
        .iter()
        .map(|i| num(&i["due"]) as u64)
        .max()
        .expect("the billed meter has instalments");

    // Settled with nothing prepaid, the meter's instalments go overdue.
    wait_for_time(due, Duration::from_secs(120));
    let (status, settled) = gateway.post_as("/api/bank/settle", &bank, json!({ "limit": 100 }));
    assert_eq!(status, 200, "{settled}");
    let overdue: Vec<Value> = gateway
        .all_pages("/api/bank/overdue", &bank, 100, "key")
        .0
        .into_iter()
        .filter(|i| i["meter_id"] == meter_id.as_str())
        .collect();
    let oldest = overdue
        .first()
        .expect("the meter's instalments are overdue")
        .clone();
    let owed: u128 = overdue.iter().map(unpaid).sum();

    // Her neighbour asks to redeem 5.00 of her tokens for money.
    deposit_to_wallet(world, "consumer1", 500, "GW-REDEEM-");
    let requested = world.cli.json(&[
        "token",
        "request-redemption",
        "--amount",
        "5.00",
        "--payout-account",
        "IBAN DE89 3704 0044 0532 0130 00",
        "--from",
        "consumer1",
    ]);
    let redemption_id = requested["redemption_id"].as_u64().expect("a request id");

    // The clerk credits the consumer's transfer into her prepaid balance, then pays the
    // oldest overdue instalment from it, and records the redemption's payout.
    let key = world.cli.ok(&["keys", "export-hex", "bank", "--unsafe"]);
    let reference = e2e::unique("GW-CLERK-");
    let payout_reference = e2e::unique("PAYOUT-");
    let seen = browser::cabinet(
        "clerk",
        &gateway.url,
        key.trim(),
        json!({
            "reference": reference,
            "recipient": address("consumer2"),
            "amount": money(owed),
            "meter_id": meter_id,
            "redemption_id": redemption_id,
            "payout_reference": payout_reference,
        }),
    );
    assert_eq!(seen["redeemed"]["error"], false, "{seen}");
    assert!(
        seen["redeemed"]["text"]
            .as_str()
            .unwrap()
            .contains("5.00 burnt"),
        "{seen}"
    );
    assert_eq!(seen["redemption_status"], "redeemed", "{seen}");
    let on_chain = gateway
        .all_pages("/api/bank/redemptions", &bank, 100, "id")
        .0
        .into_iter()
        .find(|r| r["id"].as_u64() == Some(redemption_id))
        .expect("the request is listed");
    assert_eq!(on_chain["status"], "redeemed", "{on_chain}");
    assert_eq!(
        on_chain["payout_reference"],
        payout_reference.as_str(),
        "{on_chain}"
    );
    assert_eq!(seen["credited"]["error"], false, "{seen}");
    assert!(
        seen["credited"]["text"]
            .as_str()
            .unwrap()
            .contains(&reference.to_lowercase()),
        "{seen}"
    );
    let id = oldest["id"].as_u64().unwrap();
    assert_eq!(seen["paid_instalment"].as_u64(), Some(id), "{seen}");
    assert_eq!(seen["paid"]["error"], false, "{seen}");
    let listed = |key: &str| {
        seen[key]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"].as_u64() == Some(id))
    };
    assert!(listed("before") && !listed("after"), "{seen}");

    // The chain agrees: paid in full from the deposit, the rest still prepaid.
    let on_chain = chain_instalment(world, &meter_id, id);
    assert_eq!(on_chain["status"], "paid", "{on_chain}");
    assert_eq!(num(&on_chain["paid"]), num(&on_chain["amount"]));
    assert_eq!(prepaid(world, "consumer2"), owed - unpaid(&oldest));

    // The bills workbook she then downloaded has that payment, by the bank operator, and the
    // instalment paid.
    let payments = downloaded(&seen["workbook"], "Payments");
    let by_operator: Vec<&Vec<Cell>> = payments[1..]
        .iter()
        .filter(|r| inspect::text(&r[2]) == meter_id && inspect::text(&r[6]) == "bank operator")
        .collect();
    assert_eq!(by_operator.len(), 1, "{payments:?}");
    let paid = unpaid(&oldest) as f64 / 100.0;
    assert!(
        (inspect::num(&by_operator[0][5]) - paid).abs() < 1e-9,
        "{payments:?}"
    );
    let rows = downloaded(&seen["workbook"], "Bills");
    assert!(
        rows[1..].iter().all(|r| inspect::text(&r[0]) == meter_id),
        "{rows:?}"
    );
    assert!(
        rows[1..].iter().any(|r| inspect::text(&r[10]) == "paid"),
        "{rows:?}"
    );
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn an_administrator_registers_a_meter_and_suspends_it_in_the_browser() {
    let setup = setup();
    let world = &setup.world;
    let gateway = setup.signing_gateway("admin");
    let meter_id = e2e::unique("gw-web-");
    let key = MeterKey::generate();
    let public_key = hex::encode(key.public_key());
    let admin_key = world.cli.ok(&["keys", "export-hex", "admin", "--unsafe"]);
    let seen = browser::cabinet(
        "meters",
        &gateway.url,
        admin_key.trim(),
        json!({
            "meter_id": meter_id,
            "owner": address("consumer1"),
            "retailer": address("retailer"),
            "public_key": public_key,
            "tariff_id": "home-tiered",
            "contracted": "42.50",
        }),
    );
    assert_eq!(seen["registered"]["error"], false, "{seen}");
    assert!(
        seen["registered"]["text"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Registered meter {meter_id}")),
        "{seen}"
    );
    assert_eq!(seen["suspended"]["error"], false, "{seen}");
    assert_eq!(seen["card_status"], "suspended", "{seen}");

    // The registry has the meter as the form gave it, suspended.
    let meter = world.cli.meter(&meter_id);
    let registry = &meter["registry"];
    assert_eq!(registry["owner"], address("consumer1").as_str(), "{meter}");
    assert_eq!(registry["retailer"], address("retailer").as_str());
    assert_eq!(registry["tariff_id"], "home-tiered");
    assert_eq!(registry["status"], "suspended");
    assert_eq!(
        registry["pubkey"],
        base64::engine::general_purpose::STANDARD.encode(key.public_key())
    );

    // A second registration of the id is the contract's conflict, shown by code.
    let admin = gateway.token("admin");
    let (status, refused) = gateway.post_as(
        "/api/admin/meters",
        &admin,
        json!({
            "meter_id": meter_id,
            "owner": address("consumer1"),
            "retailer": address("retailer"),
            "public_key": public_key,
            "tariff_id": "home-tiered",
            "contracted_monthly_amount": "4250",
        }),
    );
    assert_eq!(
        (status, code(&refused)),
        (409, "admin.meter_exists"),
        "{refused}"
    );
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn a_consumer_signs_in_and_prepays_with_a_keplr_compatible_wallet() {
    let setup = setup();
    let world = &setup.world;
    let gateway = setup.gateway();
    let amount: u128 = 123;
    deposit_to_wallet(world, "consumer1", amount, "GW-KEPLR-");
    let (wallet, prepaid_before) = (balance(world, "consumer1"), prepaid(world, "consumer1"));

    // The wallet holds her key (the page never sees it): it signs the sign-in challenge and
    // the prepayment, and no passphrase is asked.
    let key = world
        .cli
        .ok(&["keys", "export-hex", "consumer1", "--unsafe"]);
    let seen = browser::cabinet(
        "wallet",
        &gateway.url,
        key.trim(),
        json!({ "address": address("consumer1"), "amount": money(amount) }),
    );
    assert_eq!(seen["me"], address("consumer1").as_str(), "{seen}");
    assert_eq!(seen["asked"], json!(["sign in", "transaction"]), "{seen}");
    assert_eq!(seen["passphrase_asked"], false, "{seen}");
    assert_eq!(seen["stored_key"], 0, "the page keeps no key: {seen}");
    assert_eq!(seen["outcome"]["error"], false, "{seen}");
    assert!(
        seen["outcome"]["text"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Prepaid {}", money(amount))),
        "{seen}"
    );

    // The chain moved exactly that from her wallet to her prepaid balance.
    assert_eq!(balance(world, "consumer1"), wallet - amount);
    assert_eq!(prepaid(world, "consumer1"), prepaid_before + amount);
}
