//! Issue 3, chain tests 2, 4, 5 and 6, on one ledger deployed with the admin CLI:
//!
//! * 2: a validator is killed while a fleet's readings flow; blocks keep coming and no reading
//!   is lost.
//! * 4: the whole network is stopped and started again; every query answers as before and
//!   readings continue, even from a client that ran across the outage.
//! * 5: bad input on the real chain (a reading signed by another key, a replayed reading, an
//!   unauthorized `MakePayment`), refused with the contract's words on the CLI's stderr.
//! * 6: the stock `wasmd` CLI queries and executes the contracts with messages written from
//!   `schema/` alone, each checked against the committed JSON schema first.
//!
//! Chain test 3 (the meter client killed mid-batch) is `meter-client/tests/chain.rs`; test 1
//! (the demo story) is `tests/demo.rs`. `make chain-test` runs them all on a fresh localnet.
//!
//! ```sh
//! localnet/start.sh && make wasm && cargo build -p ledger-cli -p meter-client
//! cargo test -p e2e --test chain -- --ignored --test-threads=1 --nocapture
//! ```

use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use e2e::chain::{
    address, ensure_running, height, script, status, wait_for_height, wait_for_node_height,
};
use e2e::cli::{FreshMeter, World};
use e2e::fleet::Fleet;
use e2e::readings::readings_file;
use e2e::{repo, unique, unix_now};
use ledger_reading::signer::MeterKey;
use serde_json::{Value, json};

static WORLD: OnceLock<World> = OnceLock::new();

/// The ledger every test here uses: deployed once, calendar months in UTC.
fn world() -> &'static World {
    WORLD.get_or_init(|| {
        ensure_running();
        let started = Instant::now();
        let world = World::deploy(&["--token-symbol", "TEST"]);
        eprintln!(
            "deployed the test ledger in {:.0} s",
            started.elapsed().as_secs_f64()
        );
        world
    })
}

/// Checks a fleet's readings on chain: for every meter exactly the readings the load curve
/// gives from `backfill` to `until`, numbered 1, 2, 3... without a gap or a repeat.
fn assert_fleet_landed(world: &World, fleet: &Fleet, interval: u32, backfill: u64, until: u64) {
    let mut total = 0;
    for (i, id) in fleet.ids.iter().enumerate() {
        let expected = fleet.expected(i, interval, backfill, until);
        assert!(
            expected.len() >= 5,
            "{id}: a run long enough to mean something"
        );
        let on_chain = world.cli.readings(id);
        assert_eq!(on_chain.len(), expected.len(), "{id}: readings on chain");
        assert_eq!(on_chain, expected, "{id}: every reading once, as produced");
        let state = world.cli.meter(id);
        assert_eq!(
            e2e::num(&state["state"]["last_sequence"]),
            expected.len() as u128
        );
        total += expected.len();
    }
    eprintln!(
        "{total} readings of {} meters on chain, none lost",
        fleet.ids.len()
    );
}

/// "N readings recorded" from a fleet's closing line.
fn recorded(log: &[String]) -> usize {
    log.iter()
        .rev()
        .find_map(|l| {
            let (head, _) = l.split_once(" readings recorded")?;
            head.rsplit(' ').next()?.parse().ok()
        })
        .expect("the fleet's closing line")
}

/// Issue 3, chain test 2.
#[test]
#[ignore = "on the localnet: make chain-test"]
fn a_validator_killed_while_readings_flow_loses_nothing() {
    let world = world();
    let fleet = Fleet::register(
        world,
        &format!("{}-", unique("vd")),
        7,
        4,
        &["consumer1", "consumer2"],
        &["home-tiered", "home-tou", "business-demand"],
    );
    let interval = 2;
    let backfill = fleet.first_registration();
    let until = unix_now() + 45;
    let data = world.scratch(&fleet.prefix);
    let args = fleet.args(world, &data, interval, backfill, until, 20);
    let running = fleet.spawn(world, &args);
    assert!(
        running.wait_for("batch sent", 1, Duration::from_secs(120)),
        "the fleet sends"
    );

    // Node 2 crashes (SIGKILL) while readings flow to node 0.
    let before = height();
    script("node.sh", &["kill", "2"]);
    assert!(status(2).is_none(), "node 2 is down");
    let went_on = wait_for_height(before + 5, Duration::from_secs(60));
    eprintln!("with node 2 down the chain went from height {before} to {went_on}");
    assert!(
        running.wait_for("batch sent", 2, Duration::from_secs(60)),
        "readings keep landing with three validators"
    );
    assert!(status(2).is_none(), "node 2 stayed down meanwhile");

    // It comes back and catches up.
    script("node.sh", &["start", "2"]);
    assert!(status(2).is_some(), "node 2 answers again");
    let h2 = wait_for_node_height(2, went_on, Duration::from_secs(60));
    eprintln!("node 2 caught up with the others at height {h2}");

    let log = running.finish(Duration::from_secs(240));
    assert_fleet_landed(world, &fleet, interval, backfill, until);
    let produced: usize = (0..fleet.ids.len())
        .map(|i| fleet.expected(i, interval, backfill, until).len())
        .sum();
    assert_eq!(
        recorded(&log),
        produced,
        "readings on chain == readings produced"
    );
}

/// The answers of every query a user might ask, for comparing the chain before and after.
fn snapshot(world: &World, meters: &[String]) -> Vec<(String, Value)> {
    let mut queries: Vec<Vec<String>> = [
        &["query", "deployment"][..],
        &["query", "registry"],
        &["query", "participants"],
        &["query", "meters"],
        &["query", "tariffs"],
        &["query", "tariff", "home-tou", "--version", "1"],
        &["query", "prepaid"],
        &["query", "overdue"],
        &["query", "totals"],
        &["query", "redemptions"],
        &["query", "balance", "consumer2"],
    ]
    .iter()
    .map(|q| q.iter().map(|s| s.to_string()).collect())
    .collect();
    for id in meters {
        let state = world.cli.meter(id);
        let period = state["state"]["next_period_to_close"].to_string();
        for q in [
            vec!["query", "meter", id],
            vec!["query", "readings", "--meter", id, "--limit", "100000"],
            vec!["query", "daily", "--meter", id],
            vec!["query", "period", "--meter", id, "--period", &period],
            vec!["query", "bills", "--meter", id],
            vec!["query", "instalments", "--meter", id],
        ] {
            queries.push(q.iter().map(|s| s.to_string()).collect());
        }
    }
    queries
        .into_iter()
        .map(|q| {
            let args: Vec<&str> = q.iter().map(String::as_str).collect();
            (q.join(" "), world.cli.json(&args))
        })
        .collect()
}

/// Issue 3, chain test 4.
#[test]
#[ignore = "on the localnet: make chain-test"]
fn the_whole_network_restarted_keeps_its_state_and_readings_continue() {
    let world = world();
    let fleet = Fleet::register(
        world,
        &format!("{}-", unique("nr")),
        11,
        3,
        &["consumer1", "consumer2", "consumer3"],
        &["home-tiered", "home-tou", "business-demand"],
    );
    let interval = 2;
    let backfill = fleet.first_registration();
    let data = world.scratch(&fleet.prefix);
    // Some history, and money, before the restart.
    world.cli.ok(&[
        "bank",
        "deposit",
        "--reference",
        &unique("NR-"),
        "--recipient",
        "consumer2",
        "--amount",
        "12.34",
        "--from",
        "bank",
    ]);
    let until = unix_now() + 10;
    fleet
        .spawn(
            world,
            &fleet.args(world, &data, interval, backfill, until, 50),
        )
        .finish(Duration::from_secs(180));
    assert_fleet_landed(world, &fleet, interval, backfill, until);

    let before = snapshot(world, &fleet.ids);
    let height_before = height();
    script("stop.sh", &[]);
    assert!(status(0).is_none(), "the network is down");
    for i in 0..4 {
        assert!(status(i).is_none(), "node {i} is down");
    }
    script("start.sh", &[]);
    let height_after = height();
    assert!(
        height_after >= height_before,
        "the chain resumed from its state ({height_before} -> {height_after})"
    );
    let after = snapshot(world, &fleet.ids);
    assert_eq!(before.len(), after.len());
    for ((query, a), (_, b)) in before.iter().zip(&after) {
        assert_eq!(a, b, "`ledger {query}` answers as before the restart");
    }
    eprintln!("{} queries answer as before the restart", before.len());

    // Readings continue: the same fleet picks up where it stopped, and a restart of the whole
    // network while it sends loses nothing.
    let until = unix_now() + 40;
    let running = fleet.spawn(
        world,
        &fleet.args(world, &data, interval, backfill, until, 10),
    );
    assert!(
        running.wait_for("batch sent", 1, Duration::from_secs(120)),
        "readings continue after the restart"
    );
    script("stop.sh", &[]);
    std::thread::sleep(Duration::from_secs(3));
    script("start.sh", &[]);
    running.finish(Duration::from_secs(240));
    assert_fleet_landed(world, &fleet, interval, backfill, until);
    wait_for_height(height() + 2, Duration::from_secs(30));
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Issue 3, chain test 5.
#[test]
#[ignore = "on the localnet: make chain-test"]
fn bad_input_is_refused_with_the_contracts_words() {
    let world = world();
    let cli = &world.cli;
    let FreshMeter {
        id: meter_id,
        key,
        contract,
        registered,
    } = world.fresh_meter("bad-");
    let dir = world.scratch(&meter_id);
    let first = [(1, registered, 30, 12, 12)];

    // A reading signed by a different key.
    let forged = dir.join("forged.json");
    readings_file(&forged, &MeterKey::generate(), &contract, &meter_id, &first);
    let submit = |file: &Path| -> Vec<String> {
        vec![
            "meter".into(),
            "submit".into(),
            "--file".into(),
            file.to_str().unwrap().into(),
            "--owner".into(),
            "consumer1".into(),
            "--from".into(),
            "gateway".into(),
        ]
    };
    // A refused reading does not fail the transaction: the contract answers with its code, and
    // the command exits 3 (landed, with refusals) rather than 0 or 1.
    let refused_alone = |file: &Path, code: &str| {
        let verdict = cli.json_with_exit(&strs(&submit(file)), 3);
        assert_eq!(verdict["accepted"], 0, "{verdict}");
        assert_eq!(
            verdict["refused"],
            serde_json::json!([{ "meter_id": meter_id, "sequence": 1, "code": code }]),
            "{verdict}"
        );
    };
    refused_alone(&forged, "meter.invalid_signature");
    // Signed by the meter's own key, but for another contract: just as worthless.
    let elsewhere = dir.join("elsewhere.json");
    let other_contract = address("consumer3");
    readings_file(&elsewhere, &key, &other_contract, &meter_id, &first);
    refused_alone(&elsewhere, "meter.invalid_signature");

    // The genuine reading lands; sent again, it is a replay.
    let genuine = dir.join("genuine.json");
    readings_file(&genuine, &key, &contract, &meter_id, &first);
    let landed = cli.json(&strs(&submit(&genuine)));
    assert_eq!(landed["readings"], 1);
    assert_eq!(landed["accepted"], 1, "{landed}");
    assert_eq!(landed["refused"], serde_json::json!([]), "{landed}");
    assert_eq!(landed["contract"], contract.as_str());
    refused_alone(&genuine, "meter.replayed_or_out_of_order");

    // MakePayment by someone who is not a bank operator.
    let refused = cli.fails(&[
        "bank",
        "pay",
        "--meter",
        &meter_id,
        "--amount",
        "1.00",
        "--from",
        "consumer2",
    ]);
    assert_eq!(
        refused.trim(),
        format!(
            "error: contract error: [ledger:bank.not_bank_operator] {} is not a bank operator",
            address("consumer2")
        )
    );

    // Nothing refused was written.
    let state = cli.meter(&meter_id);
    assert_eq!(e2e::num(&state["state"]["readings"]), 1);
    assert_eq!(e2e::num(&state["state"]["last_sequence"]), 1);
    assert!(
        cli.json(&["query", "payments", "--consumer", "consumer1"])
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["meter_id"] != meter_id.as_str())
    );
}

// ---------------------------------------------------------------------------------------------
// Chain test 6: the stock wasmd CLI, messages from the schema.

/// `wasmd_cli <args>` or `wasmd_tx <args>` from `localnet/env.sh`.
fn wasmd(function: &str, args: &[&str]) -> Output {
    Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source \"$0/localnet/env.sh\" || exit 1; {function} \"$@\""
        ))
        .arg(repo())
        .args(args)
        .output()
        .expect("bash runs")
}

/// A contract's committed schema for its messages (`execute`, `query`) or a query's response
/// (`response_to_<query>`).
fn schema(contract: &str, which: &str) -> jsonschema::Validator {
    let path = repo().join(format!("schema/{contract}/raw/{which}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("{} is not a usable JSON schema: {e}", path.display()))
}

/// Checks `instance` against a schema, listing every violation.
fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not follow the schema: {errors:#?}\n{instance}"
    );
}

/// `wasmd query wasm contract-state smart`, the message checked against the schema first and
/// the answer against the response's schema.
fn smart_query(contract_name: &str, address: &str, msg: &Value, response: &str) -> Value {
    assert_valid(&schema(contract_name, "query"), msg, "the query");
    let out = wasmd(
        "wasmd_cli",
        &[
            "query",
            "wasm",
            "contract-state",
            "smart",
            address,
            &msg.to_string(),
            "-o",
            "json",
        ],
    );
    assert!(
        out.status.success(),
        "wasmd query failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).expect("wasmd answers JSON");
    let data = answer["data"].clone();
    assert_valid(
        &schema(contract_name, &format!("response_to_{response}")),
        &data,
        "the answer",
    );
    data
}

/// `wasmd tx wasm execute`, the message checked against the schema first; waits for the block
/// and returns the transaction's result, or wasmd's stderr when it refused.
fn execute(contract_name: &str, address: &str, msg: &Value, from: &str) -> Result<Value, String> {
    assert_valid(&schema(contract_name, "execute"), msg, "the message");
    let out = wasmd(
        "wasmd_tx",
        &["wasm", "execute", address, &msg.to_string(), "--from", from],
    );
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let sent: Value = serde_json::from_slice(&out.stdout).expect("wasmd answers JSON");
    if sent["code"] != 0 {
        return Err(sent["raw_log"].to_string());
    }
    let hash = sent["txhash"].as_str().expect("a transaction hash");
    let out = wasmd(
        "wasmd_cli",
        &["query", "wait-tx", hash, "--timeout", "60s", "-o", "json"],
    );
    assert!(
        out.status.success(),
        "wait-tx: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: Value = serde_json::from_slice(&out.stdout).expect("wasmd answers JSON");
    if result["code"] != 0 {
        return Err(result["raw_log"].to_string());
    }
    Ok(result)
}

/// Issue 3, chain test 6.
///
/// The one place outside the SDK that writes contract messages by hand, on purpose: the point
/// is that an outside integrator with only `schema/` and the stock `wasmd` CLI can talk to the
/// contracts, so the messages are JSON written from the schema (and checked against it), not
/// the SDK's types.
#[test]
#[ignore = "on the localnet: make chain-test"]
fn the_stock_wasmd_cli_talks_to_the_contracts_from_the_schema() {
    let world = world();
    let cli = &world.cli;
    let deployment: Value =
        serde_json::from_str(&std::fs::read_to_string(cli.deployment()).unwrap()).unwrap();
    let admin = deployment["contracts"]["admin"].as_str().unwrap();
    let bank = deployment["contracts"]["bank"].as_str().unwrap();
    let tariff = deployment["contracts"]["tariff"].as_str().unwrap();

    // The validator is strict: a message the schema does not describe is caught here.
    let bad = json!({"deposit": {"reference": 7, "recipient": "x"}});
    assert!(!schema("bank", "execute").is_valid(&bad));
    assert!(!schema("admin", "query").is_valid(&json!({"participants": {"limit": -1}})));

    // Queries: the registry's wiring and a tariff, as the CLI reads them.
    let config = smart_query("admin", admin, &json!({"config": {}}), "config");
    assert_eq!(config, cli.json(&["query", "registry"])["config"]);
    let tou = smart_query(
        "tariff",
        tariff,
        &json!({"version": {"tariff_id": "home-tou", "version": 1}}),
        "version",
    );
    assert_eq!(
        tou,
        cli.json(&["query", "tariff", "home-tou", "--version", "1"])["version"]
    );

    // Executes: the administrator registers a participant, the bank operator credits a
    // deposit to it; the CLI sees both.
    let dave = ledger_client::Signer::generate("wasm")
        .unwrap()
        .address()
        .to_string();
    execute(
        "admin",
        admin,
        &json!({"register_participant": {
            "address": dave,
            "name": "Dave (registered with wasmd)",
            "roles": ["consumer"]
        }}),
        "admin",
    )
    .expect("the admin registers Dave");
    let participant = smart_query(
        "admin",
        admin,
        &json!({"participant": {"address": dave}}),
        "participant",
    );
    assert_eq!(participant["name"], "Dave (registered with wasmd)");
    assert_eq!(participant, cli.json(&["query", "participant", &dave]));
    let reference = unique("WASMD-");
    execute(
        "bank",
        bank,
        &json!({"deposit": {
            "reference": reference,
            "recipient": dave,
            "amount": "4321",
            "prepay": true
        }}),
        "bank",
    )
    .expect("the bank operator credits a deposit");
    let prepaid = smart_query(
        "bank",
        bank,
        &json!({"prepaid": {"consumer": dave}}),
        "prepaid",
    );
    assert_eq!(prepaid["balance"], "4321");
    assert_eq!(
        cli.json(&["query", "prepaid", "--consumer", &dave])[0],
        prepaid
    );
    let deposit = smart_query(
        "bank",
        bank,
        &json!({"deposit": {"reference": reference}}),
        "deposit",
    );
    assert_eq!(deposit["operator"], address("bank").as_str());

    // A message the schema allows but the contract refuses: wasmd shows the contract's words.
    let refused = execute(
        "bank",
        bank,
        &json!({"deposit": {
            "reference": unique("WASMD-"),
            "recipient": dave,
            "amount": "1",
            "prepay": false
        }}),
        "consumer1",
    )
    .expect_err("a consumer may not mint");
    assert!(
        refused.contains(&format!("{} is not a bank operator", address("consumer1"))),
        "{refused}"
    );
}
