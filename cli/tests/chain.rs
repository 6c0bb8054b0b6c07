//! The `ledger` binary against the localnet: deploy, register, bill, pay, query, export, and
//! bad input refused in words.
//!
//! Needs the localnet (`localnet/start.sh`) and fresh contract artifacts (`make wasm`); run
//! one test at a time, since they sign with the same accounts:
//!
//! ```sh
//! cargo test -p ledger-cli --test chain -- --ignored --test-threads=1
//! ```

use std::time::{Duration, Instant};

use calamine::{Data, Reader, Xlsx, open_workbook};
use ledger_client::{Client, KeyStore, Signer};
use ledger_reading::Reading;
use ledger_reading::signer::MeterKey;
use ledger_types::meter::ExecuteMsg as MeterMsg;
use serde_json::Value;

mod support;

use support::{Cli, METER_PASSPHRASE, mnemonic, repo, u};

impl Cli {
    /// Deploys fresh contracts with 4-day periods of 5-second days (a 20 s period).
    fn deploy(&self) -> Value {
        let artifacts = repo().join("artifacts");
        self.json(&[
            "deploy",
            "--from",
            "admin",
            "--artifacts",
            artifacts.to_str().unwrap(),
            "--cycle",
            "days",
            "--days",
            "4",
            "--day-seconds",
            "5",
            "--advance",
            "3000@2",
            "--advance",
            "4000@4",
            "--final-day",
            "3",
            "--token-symbol",
            "TEST",
        ])
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// `round(x / d)` with halves rounded up, as the tariff contract rounds.
fn half_up(x: u128, d: u128) -> u128 {
    (2 * x + d) / (2 * d)
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn deploy_register_bill_pay_query_and_export() {
    let cli = Cli::new();
    for name in ["admin", "bank", "retailer", "consumer1", "consumer2"] {
        let key = cli.import(name);
        assert_eq!(key["name"], name);
    }
    let keys = cli.json(&["keys", "list"]);
    assert_eq!(keys.as_array().unwrap().len(), 5);
    assert_eq!(
        keys[0]["address"],
        "wasm19v0ezculzdfhdg3y2nak2tzuud8vdmm23wdej5"
    );
    let consumer1 = cli.json(&["keys", "show", "consumer1"])["address"]
        .as_str()
        .unwrap()
        .to_string();

    // Deploy: every contract stored and wired, the file written.
    let deployment = cli.deploy();
    assert_eq!(deployment["chain_id"], "ledger-localnet-1");
    for c in ["admin", "tariff", "bank", "token"] {
        assert!(
            deployment["contracts"][c]
                .as_str()
                .unwrap()
                .starts_with("wasm1"),
            "{deployment}"
        );
    }
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(cli.path("deployment.json")).unwrap())
            .unwrap();
    assert_eq!(saved, deployment);
    assert_eq!(cli.json(&["query", "deployment"]), deployment);
    let registry = cli.json(&["query", "registry"]);
    assert_eq!(
        registry["config"]["tariff"], deployment["contracts"]["tariff"],
        "SetContracts wired the tariff contract"
    );
    assert_eq!(
        registry["config"]["meter_settings"]["cycle"]["days"]["days"],
        4
    );
    let again = cli.fails(&["deploy", "--from", "admin"]);
    assert!(again.contains("already exists"), "{again}");

    // Participants, a tariff and two meters (one with a generated key).
    for (who, name, role) in [
        ("retailer", "Retailer Ltd", "retailer"),
        ("bank", "The Bank", "bank-operator"),
        ("consumer1", "Alice", "consumer"),
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
    let examples = repo().join("cli/examples");
    for file in ["tariff-tiered.json", "tariff-time-of-use.json"] {
        cli.ok(&[
            "tariff",
            "create",
            "--file",
            examples.join(file).to_str().unwrap(),
            "--from",
            "retailer",
        ]);
    }
    let key_file = cli.path("meters/m-1.json");
    let registered = cli.json(&[
        "admin",
        "meter",
        "register",
        "m-1",
        "--owner",
        "consumer1",
        "--retailer",
        "retailer",
        "--tariff",
        "home-tiered",
        "--generate-key",
        key_file.to_str().unwrap(),
        "--contracted-amount",
        "80",
        "--from",
        "admin",
    ]);
    let meter_contract = registered["meter_contract"].as_str().unwrap().to_string();
    let pubkey = registered["pubkey"].as_str().unwrap().to_string();
    assert!(key_file.is_file());
    let meter_key = KeyStore::open(cli.path("meters"), "wasm")
        .load("m-1", METER_PASSPHRASE)
        .unwrap();
    assert_eq!(hex::encode(meter_key.public_key_bytes()), pubkey);
    let other_key = MeterKey::generate();
    cli.ok(&[
        "admin",
        "meter",
        "register",
        "m-2",
        "--owner",
        &consumer1,
        "--retailer",
        "retailer",
        "--tariff",
        "home-tou",
        "--pubkey",
        &hex::encode(other_key.public_key()),
        "--from",
        "admin",
    ]);

    let participants = cli.json(&["query", "participants"]);
    assert_eq!(participants.as_array().unwrap().len(), 3);
    let alice = cli.json(&["query", "participant", "consumer1"]);
    assert_eq!(alice["name"], "Alice");
    assert_eq!(alice["roles"], serde_json::json!(["consumer"]));
    assert_eq!(alice["meter_contract"], meter_contract.as_str());
    let meters = cli.json(&["query", "meters", "--owner", "consumer1"]);
    let ids: Vec<&str> = meters
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["meter_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["m-1", "m-2"]);
    let tariffs = cli.json(&["query", "tariffs"]);
    assert_eq!(tariffs.as_array().unwrap().len(), 2);
    let tiered = cli.json(&["query", "tariff", "home-tiered"]);
    assert_eq!(tiered["version"]["components"]["fixed_charge"], "990");

    // Three signed readings of m-1, sent by an account of no role (as a gateway would).
    let meter = cli.json(&["query", "meter", "m-1"]);
    let registered_at = u(&meter["registry"]["registered_at"]);
    let p0 = u(&meter["state"]["next_period_to_close"]) as u32;
    let signing = MeterKey::from_bytes(meter_key.secret_bytes().as_slice()).unwrap();
    let energies = [100u64, 250, 175];
    let mut register = 0;
    let readings: Vec<_> = energies
        .iter()
        .enumerate()
        .map(|(i, e)| {
            register += e;
            signing.sign(
                "ledger-localnet-1",
                &meter_contract,
                Reading {
                    meter_id: "m-1".into(),
                    sequence: i as u64 + 1,
                    interval_start: registered_at + 2 * i as u64,
                    interval_length: 2,
                    energy_wh: *e,
                    register_wh: register,
                },
            )
        })
        .collect();
    let rt = runtime();
    let client = rt
        .block_on(Client::connect(support::localnet_config()))
        .unwrap();
    let gateway = Signer::from_mnemonic(&mnemonic("consumer2"), "wasm").unwrap();
    rt.block_on(client.execute(
        &gateway,
        &meter_contract,
        &MeterMsg::SubmitReadings { readings },
        vec![],
    ))
    .unwrap();

    let stored = cli.json(&["query", "readings", "--meter", "m-1"]);
    let got: Vec<u64> = stored
        .as_array()
        .unwrap()
        .iter()
        .map(|r| u(&r["energy_wh"]))
        .collect();
    assert_eq!(got, energies);
    let capped = cli.run(&[
        "query", "readings", "--meter", "m-1", "--limit", "2", "-o", "json",
    ]);
    let capped_json: Value = serde_json::from_slice(&capped.stdout).unwrap();
    assert_eq!(capped_json.as_array().unwrap().len(), 2);
    assert!(String::from_utf8_lossy(&capped.stderr).contains("raise --limit"));
    let meter = cli.json(&["query", "meter", "m-1"]);
    assert_eq!(u(&meter["state"]["readings"]), 3);
    assert_eq!(u(&meter["state"]["register_wh"]), 525);

    // The period's totals hold what started in it; wait for it to end, then anyone closes it.
    let period = cli.json(&[
        "query",
        "period",
        "--meter",
        "m-1",
        "--period",
        &p0.to_string(),
    ]);
    let (start, end) = (u(&period["start"]), u(&period["end"]));
    let in_p0: u64 = energies
        .iter()
        .enumerate()
        .filter(|(i, _)| (start..end).contains(&(registered_at + 2 * *i as u64)))
        .map(|(_, e)| *e)
        .sum();
    assert_eq!(u(&period["energy_wh"]), in_p0);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (_, now) = rt.block_on(client.latest_height_and_time()).unwrap();
        if now.unix_timestamp() as u64 >= end {
            break;
        }
        assert!(Instant::now() < deadline, "period {p0} never ended");
        std::thread::sleep(Duration::from_millis(500));
    }
    let closed = cli.json(&[
        "meter",
        "close-period",
        "--meter",
        "m-1",
        "--from",
        "consumer2",
    ]);
    assert_eq!(closed["period"], p0);
    // Tiered tariff: 9.90 fixed, the first 100 kWh at 0.20/kWh, 20% tax, each rounded half up.
    let energy_line = half_up(u128::from(in_p0) * 20_000, 1_000_000);
    let subtotal = 990 + energy_line;
    let total = subtotal + half_up(subtotal * 2_000, 10_000);
    let bill = cli.json(&[
        "query",
        "bill",
        "--meter",
        "m-1",
        "--period",
        &p0.to_string(),
    ]);
    assert_eq!(u(&bill["bill"]["total"]) as u128, total, "{bill}");
    assert_eq!(
        closed["total"],
        format!("{}.{:02}", total / 100, total % 100)
    );
    let bills = cli.json(&["query", "bills", "--meter", "m-1"]);
    assert_eq!(bills.as_array().unwrap().len(), 1);
    let again = cli.fails(&[
        "meter",
        "close-period",
        "--meter",
        "m-1",
        "--period",
        &p0.to_string(),
        "--from",
        "consumer2",
    ]);
    assert!(again.contains("contract error:"), "{again}");

    // Money: a prepaid deposit, an operator payment, settlement.
    cli.ok(&[
        "bank",
        "deposit",
        "--reference",
        "dep-1",
        "--recipient",
        "consumer1",
        "--amount",
        "100",
        "--prepay",
        "--from",
        "bank",
    ]);
    let prepaid = cli.json(&["query", "prepaid", "--consumer", "consumer1"]);
    assert_eq!(u(&prepaid[0]["balance"]), 10_000);
    let twice = cli.fails(&[
        "bank",
        "deposit",
        "--reference",
        "dep-1",
        "--recipient",
        "consumer1",
        "--amount",
        "1",
        "--from",
        "bank",
    ]);
    assert!(
        twice.contains("deposit reference \"dep-1\" has already been credited"),
        "{twice}"
    );
    cli.ok(&[
        "bank", "pay", "--meter", "m-1", "--amount", "1.00", "--from", "bank",
    ]);
    let payments = cli.json(&["query", "payments", "--consumer", "consumer1"]);
    assert_eq!(payments.as_array().unwrap().len(), 1, "{payments}");
    assert_eq!(u(&payments[0]["amount"]), 100);
    assert_eq!(payments[0]["source"], "operator");
    assert_eq!(payments[0]["meter_id"], "m-1");
    let paid_period = u(&payments[0]["period"]).to_string();
    let by_bill = cli.json(&[
        "query",
        "payments",
        "--meter",
        "m-1",
        "--period",
        &paid_period,
    ]);
    assert_eq!(by_bill, payments);
    cli.ok(&["bank", "settle", "--from", "consumer2"]);
    let totals = cli.json(&["query", "totals"]);
    assert_eq!(u(&totals["minted"]), 10_000);
    let instalments = cli.json(&["query", "instalments", "--meter", "m-1"]);
    assert!(instalments.as_array().unwrap().len() >= 3, "{instalments}");

    // The unauthorized MakePayment of issue 3's bad-input list: the contract's words.
    let refused = cli.fails(&[
        "bank",
        "pay",
        "--meter",
        "m-1",
        "--amount",
        "1",
        "--from",
        "consumer2",
    ]);
    let stranger = Signer::from_mnemonic(&mnemonic("consumer2"), "wasm").unwrap();
    assert_eq!(
        refused.trim(),
        format!(
            "error: contract error: [ledger:bank.not_bank_operator] {} is not a bank operator",
            stranger.address()
        )
    );

    // The same records as tables for people (printed with --nocapture).
    let p0s = p0.to_string();
    for args in [
        &["query", "readings", "--meter", "m-1"][..],
        &["query", "daily", "--meter", "m-1"],
        &["query", "period", "--meter", "m-1", "--period", &p0s],
        &["query", "bill", "--meter", "m-1", "--period", &p0s],
        &["query", "bills", "--meter", "m-1"],
        &["query", "instalments", "--meter", "m-1"],
        &["query", "payments", "--consumer", "consumer1"],
        &["query", "meter", "m-1"],
        &["query", "quote", "--meter", "m-1", "--period", &p0s],
    ] {
        let table = cli.ok(args);
        println!("$ ledger {}\n{table}", args.join(" "));
        assert!(table.contains('┆'), "{table}");
    }
    let bill_table = cli.ok(&["query", "bill", "--meter", "m-1", "--period", &p0s]);
    let total_text = format!("{}.{:02}", total / 100, total % 100);
    assert!(bill_table.contains(&total_text), "{bill_table}");
    assert!(bill_table.contains("Fixed charge"), "{bill_table}");
    let readings_table = cli.ok(&["query", "readings", "--meter", "m-1"]);
    assert!(readings_table.contains("0.250"), "{readings_table}");

    // Exports.
    let readings_xlsx = cli.path("out/readings.xlsx");
    cli.ok(&[
        "export",
        "readings",
        "--meter",
        "m-1",
        "--period",
        &p0.to_string(),
        "--out",
        readings_xlsx.to_str().unwrap(),
    ]);
    let mut book: Xlsx<_> = open_workbook(&readings_xlsx).unwrap();
    let rows: Vec<Vec<Data>> = book
        .worksheet_range("Readings")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    assert_eq!(rows.len(), 1 + 4 + 1, "header, four days, total");
    assert_eq!(rows[5][0], Data::String("Total".into()));
    assert_eq!(rows[5][1], Data::Float(in_p0 as f64 / 1000.0));
    let bills_xlsx = cli.path("out/bills.xlsx");
    cli.ok(&["export", "bills", "--out", bills_xlsx.to_str().unwrap()]);
    let mut book: Xlsx<_> = open_workbook(&bills_xlsx).unwrap();
    let rows: Vec<Vec<Data>> = book
        .worksheet_range("Bills")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    assert_eq!(rows[0][5], Data::String("Bill total (TEST)".into()));
    let billed: Vec<&Vec<Data>> = rows
        .iter()
        .skip(1)
        .filter(|r| r[0] == Data::String("m-1".into()) && r[2] == Data::Float(f64::from(p0)))
        .collect();
    assert!(!billed.is_empty());
    assert!(
        billed
            .iter()
            .all(|r| r[5] == Data::Float(total as f64 / 100.0))
    );
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn bad_input_is_refused_in_words() {
    let cli = Cli::new();
    cli.import("admin");

    let unknown = cli.fails(&["admin", "accept-admin", "--from", "nobody"]);
    assert!(
        unknown.contains("no key named 'nobody'")
            && unknown.contains("ledger keys add nobody --recover"),
        "{unknown}"
    );
    let missing = cli.fails(&["query", "participants"]);
    assert!(missing.contains("run `ledger deploy` first"), "{missing}");
    let artifacts = repo().join("artifacts");
    let artifacts = artifacts.to_str().unwrap();
    let unreachable = cli.fails(&[
        "deploy",
        "--from",
        "admin",
        "--artifacts",
        artifacts,
        "--node",
        "http://127.0.0.1:1",
    ]);
    assert!(
        unreachable.contains("cannot reach the chain node at http://127.0.0.1:1")
            && unreachable.contains("make localnet"),
        "{unreachable}"
    );
    let wrong_chain = cli.fails(&[
        "deploy",
        "--from",
        "admin",
        "--artifacts",
        artifacts,
        "--chain-id",
        "other-1",
    ]);
    assert!(
        wrong_chain.contains("serves chain 'ledger-localnet-1'"),
        "{wrong_chain}"
    );

    // A gas price below the node's minimum: refused by the node before anything is stored.
    let cheap = cli.fails(&[
        "deploy",
        "--from",
        "admin",
        "--artifacts",
        artifacts,
        "--gas-prices",
        "0.0001stake",
    ]);
    assert!(cheap.contains("insufficient fees"), "{cheap}");
    assert!(!cli.path("deployment.json").exists());

    // Wrong passphrase, and a key that has no funds on the chain.
    let deployment = cli.deploy();
    assert!(deployment["contracts"]["admin"].is_string());
    let out = cli
        .command(&["admin", "accept-admin", "--from", "admin"])
        .env("LEDGER_PASSPHRASE", "not it")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr.trim(), "error: wrong passphrase for key 'admin'");
    cli.ok(&["keys", "generate", "pauper"]);
    let pauper = cli.fails(&["admin", "accept-admin", "--from", "pauper"]);
    assert!(
        pauper.contains("does not exist on the chain yet"),
        "{pauper}"
    );
    // Not the proposed admin: the admin contract's words.
    let refused = cli.fails(&["admin", "accept-admin", "--from", "admin"]);
    assert!(refused.starts_with("error: contract error: "), "{refused}");
}
