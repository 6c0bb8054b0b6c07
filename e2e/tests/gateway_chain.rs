//! The REST gateway (issue 17) on the real chain: participants sign in with their account keys
//! (ADR-036), each sees what the registry's roles let her see and is refused the rest with a
//! stable code, lists page to their end, a bill reads as the chain has it, and a participant
//! blacklisted or suspended on chain is refused at her next request. The bank's own gateway
//! signs its deposits with the bank's key for its operators only, and the audit log of another
//! gateway records each deposit once, also one made while that gateway was stopped.
//!
//! ```sh
//! localnet/start.sh && make wasm && cargo build -p ledger-cli -p ledger-gateway
//! cargo test -p e2e --test gateway_chain -- --ignored --test-threads=1 --nocapture
//! ```

use std::sync::OnceLock;
use std::time::Duration;

use e2e::browser;
use e2e::chain::{address, chain_time, ensure_running, status, wait_for_time};
use e2e::cli::{FreshMeter, PASSPHRASE, World};
use e2e::gateway::{Gateway, Options};
use e2e::num;
use e2e::readings::readings_file;
use serde_json::Value;

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

/// A meter of consumer1 with one reading, its period closed: the meter's id and the chain's
/// bill.
fn billed_meter(world: &World) -> (String, Value) {
    let FreshMeter {
        id,
        key,
        contract,
        registered,
    } = world.fresh_meter("gw-");
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
        "consumer1",
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
    let (meter_id, chain_bill) = billed_meter(world);
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
    assert_eq!(bobs.len(), 1);
    assert_eq!(bobs[0]["meter_id"], bobs_meter.as_str());

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
    let bank_gateway = Gateway::start(
        &world.cli.deployment(),
        &world.scratch("bank-gateway"),
        Options {
            config: setup.index_config.clone(),
            signer: Some((
                "bank".to_string(),
                world.home().join("keys"),
                PASSPHRASE.to_string(),
            )),
        },
    );
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
fn money(minor: u128) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn a_consumer_reads_her_bill_in_the_browser_and_a_blacklisted_one_is_turned_away() {
    let setup = setup();
    let (world, gateway) = (&setup.world, setup.gateway());
    let (meter_id, chain_bill) = billed_meter(world);

    // Her key, as the CLI gives it out, imported in the sign-in page; the cabinet shows her
    // and her bill, line by line as the chain has it.
    let key = world
        .cli
        .ok(&["keys", "export-hex", "consumer1", "--unsafe"]);
    let seen = browser::cabinet("bills", &gateway.url, key.trim(), Some(&meter_id));
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

    // A blacklisted participant's key is turned away with the page's refusal notice.
    world.cli.ok(&[
        "admin",
        "blacklist",
        "consumer3",
        "--reason",
        "sanctions list (browser test)",
        "--from",
        "admin",
    ]);
    let key = world
        .cli
        .ok(&["keys", "export-hex", "consumer3", "--unsafe"]);
    let seen = browser::cabinet("refused", &gateway.url, key.trim(), None);
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
