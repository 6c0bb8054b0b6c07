//! The draft story on the localnet through the `ledger` binary: deploy (with the draft
//! contract), draft roles, an application, two approvals, issue, every hop endorsed and
//! reconciled with a bank statement imported from CSV, progress and opinion, a second stage
//! whose bank record disagrees and is reported as a discrepancy, cancellation, the queries in
//! JSON and tables, and the fund-flow export.
//!
//! Needs the localnet (`localnet/start.sh`) and fresh contract artifacts (`make wasm`). The
//! parties are fresh keys funded by the localnet's admin, so the test does not depend on what
//! other tests did to the shared accounts:
//!
//! ```sh
//! cargo test -p ledger-cli --test draft_chain -- --ignored --test-threads=1
//! ```

use calamine::{Data, Reader, Xlsx, open_workbook};
use ledger_client::{Client, Gas, Signer, msgs};
use serde_json::{Value, json};

/// The parties of the story, each a fresh key, with their draft roles.
const PARTIES: [(&str, &[&str]); 7] = [
    ("province", &["issuer"]),
    ("county", &["applicant"]),
    // By the level's name, and by its number.
    ("county-finance", &["approver:county-finance"]),
    ("provincial-office", &["approver:1"]),
    ("finance-department", &["holder"]),
    ("county-fund", &["holder"]),
    ("implementing-unit", &["implementing-unit", "holder"]),
];

mod support;

use support::{Cli, mnemonic, repo, u};

impl Cli {
    /// Token balance (minor units) of a key's address.
    fn balance(&self, key: &str) -> u64 {
        u(&self.json(&["query", "balance", key])["balance"])
    }
}

/// Runs `ledger draft bank-records import --csv <csv> <rest>` through `run`.
fn import_statement<T>(csv: &str, rest: &[&str], run: impl FnOnce(&[&str]) -> T) -> T {
    let mut args = vec!["draft", "bank-records", "import", "--csv", csv];
    args.extend_from_slice(rest);
    run(&args)
}

fn event_kinds(history: &Value) -> Vec<String> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["kind"]
                .as_object()
                .unwrap()
                .keys()
                .next()
                .unwrap()
                .clone()
        })
        .collect()
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn the_draft_story_through_the_cli() {
    let cli = Cli::new();
    cli.import("admin");
    cli.import("bank");
    let mut addr = std::collections::BTreeMap::new();
    for (name, _) in PARTIES {
        cli.ok(&["keys", "generate", name]);
        addr.insert(name, cli.address(name));
    }

    // Fees for the parties, from the localnet's admin, in one transaction.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = rt
        .block_on(Client::connect(support::localnet_config()))
        .unwrap();
    let admin = Signer::from_mnemonic(&mnemonic("admin"), "wasm").unwrap();
    let sends = addr
        .values()
        .map(|a| msgs::bank_send(admin.address(), a, 20_000_000, "stake").unwrap())
        .collect();
    rt.block_on(client.broadcast(&admin, sends, Gas::Auto))
        .unwrap();

    // ------------------------------------------------------------------ deploy
    let artifacts = repo().join("artifacts");
    let deployment = cli.json(&[
        "deploy",
        "--from",
        "admin",
        "--artifacts",
        artifacts.to_str().unwrap(),
        "--token-symbol",
        "RCNY",
        "--draft-approval-levels",
        "county-finance,provincial-office",
        "--draft-veto-window-seconds",
        "600",
    ]);
    let draft_contract = deployment["contracts"]["draft"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(draft_contract.starts_with("wasm1"), "{deployment}");
    assert!(deployment["code_ids"]["draft"].as_u64().unwrap() > 0);
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(cli.path("deployment.json")).unwrap())
            .unwrap();
    assert_eq!(saved, deployment);
    let config = cli.json(&["draft", "config"]);
    assert_eq!(
        config["approval_levels"],
        json!(["county-finance", "provincial-office"])
    );
    assert_eq!(config["veto_window_seconds"], 600);
    assert_eq!(
        config["fund_token"], deployment["contracts"]["token"],
        "the fund token defaults to the bank's settlement token"
    );
    assert!(cli.ok(&["query", "deployment"]).contains(&draft_contract));

    // ------------------------------------------------------------------ roles
    cli.ok(&[
        "admin",
        "participant",
        "add",
        "bank",
        "--name",
        "Commercial bank",
        "--role",
        "bank-operator",
        "--from",
        "admin",
    ]);
    for (name, roles) in PARTIES {
        let mut args = vec!["draft", "roles", name, "--from", "admin"];
        for role in roles {
            args.extend(["--role", role]);
        }
        let set = cli.json(&args);
        assert_eq!(set["address"], addr[name].as_str());
    }
    let members = cli.json(&["draft", "members"]);
    assert_eq!(members.as_array().unwrap().len(), PARTIES.len());
    let unit = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["address"] == addr["implementing-unit"].as_str())
        .unwrap();
    assert_eq!(unit["roles"], json!(["implementing_unit", "holder"]));
    let finance = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["address"] == addr["county-finance"].as_str())
        .unwrap();
    assert_eq!(finance["roles"], json!([{"approver": {"level": 0}}]));
    let refused = cli.fails(&[
        "draft", "roles", "county", "--role", "issuer", "--from", "county",
    ]);
    assert!(refused.contains("contract error:"), "{refused}");

    // The provincial office's budget arrives as a bank deposit.
    cli.ok(&[
        "bank",
        "deposit",
        "--reference",
        "PROV-BUDGET-2026",
        "--recipient",
        "province",
        "--amount",
        "5000",
        "--from",
        "bank",
    ]);
    assert_eq!(cli.balance("province"), 500_000);

    // ------------------------------------------------------------------ application
    let application = cli.write(
        "application.json",
        r#"{
          "name": "Rural planting",
          "project_type": "industry",
          "department": "county agriculture bureau",
          "budget": "500000",
          "description": "Greenhouses and seedlings for 120 households",
          "implementing_unit": "implementing-unit",
          "unit_qualifications": "grade B agricultural contractor",
          "start_date": "2026-01-01",
          "end_date": "2030-12-31",
          "stages": [
            {"amount": "300000", "purpose": "greenhouse frames"},
            {"amount": "200000", "purpose": "seedlings"}
          ]
        }"#,
    );
    let applied = cli.json(&["draft", "apply", "--file", &application, "--from", "county"]);
    let project = u(&applied["project_id"]);
    let project_s = project.to_string();
    assert_eq!(applied["stages"], 2);
    let p = cli.json(&["draft", "project", &project_s]);
    assert_eq!(p["status"], "pending_approval");
    assert_eq!(p["implementing_unit"], addr["implementing-unit"].as_str());

    // ------------------------------------------------------------------ two approvals
    let wrong_level = cli.fails(&[
        "draft",
        "approve",
        "--project",
        &project_s,
        "--comment",
        "too early",
        "--from",
        "provincial-office",
    ]);
    assert!(wrong_level.contains("contract error:"), "{wrong_level}");
    let first = cli.json(&[
        "draft",
        "approve",
        "--project",
        &project_s,
        "--comment",
        "budget lines checked",
        "--from",
        "county-finance",
    ]);
    assert_eq!(first["stage"], 1);
    assert_eq!(first["project_status"], "pending_approval");
    let second = cli.ok(&[
        "draft",
        "approve",
        "--project",
        &project_s,
        "--stage",
        "1",
        "--comment",
        "fits the provincial plan",
        "--from",
        "provincial-office",
    ]);
    assert!(second.contains("it may now be issued"), "{second}");
    let approved = cli.json(&["draft", "projects", "--status", "approved"]);
    assert_eq!(approved.as_array().unwrap().len(), 1);
    assert_eq!(u(&approved[0]["id"]), project);

    // ------------------------------------------------------------------ issue
    let terms = cli.write(
        "terms.json",
        &format!(
            r#"{{
              "project_id": {project},
              "hops": [
                {{"holder": "finance-department", "label": "finance department", "release_bps": 0}},
                {{"holder": "county-fund", "label": "county fund company", "release_bps": 600}},
                {{"holder": "implementing-unit", "label": "implementing unit", "release_bps": 9400}}
              ],
              "final_recipients": ["implementing-unit"],
              "expires_at": "2030-01-01"
            }}"#
        ),
    );
    let issued = cli.json(&["draft", "issue", "--terms", &terms, "--from", "province"]);
    let d1 = u(&issued["draft_id"]);
    let d1s = d1.to_string();
    assert_eq!(u(&issued["amount"]), 300_000);
    assert_eq!(cli.balance("province"), 200_000);
    let draft = cli.json(&["draft", "show", &d1s]);
    assert_eq!(draft["status"], "active");
    assert_eq!(draft["holder"], addr["province"].as_str());
    assert_eq!(u(&draft["locked"]), 300_000);
    assert_eq!(
        cli.json(&["draft", "project", &project_s])["status"],
        "in_progress"
    );

    // ------------------------------------------------------------------ every hop endorsed
    let chain = [
        ("province", "finance-department", "ICBC-T-0001"),
        ("finance-department", "county-fund", "ICBC-T-0002"),
        ("county-fund", "implementing-unit", "ICBC-T-0003"),
    ];
    for (hop, (from, to, serial)) in chain.iter().enumerate() {
        let wrong_holder = cli.fails(&[
            "draft", "endorse", "--draft", &d1s, "--to", "county", "--serial", "X-1", "--from",
            from,
        ]);
        assert!(wrong_holder.contains("contract error:"), "{wrong_holder}");
        let endorsed = cli.json(&[
            "draft", "endorse", "--draft", &d1s, "--to", to, "--serial", serial, "--from", from,
        ]);
        assert_eq!(endorsed["hop"], hop);
        assert_eq!(endorsed["reconciliation"], "missing_bank_record");
        let open = cli.json(&["draft", "discrepancies"]);
        assert_eq!(open.as_array().unwrap().len(), 1);
        assert_eq!(open[0]["missing"].as_array().unwrap().len(), hop + 1);
    }
    let draft = cli.json(&["draft", "show", &d1s]);
    assert_eq!(draft["status"], "delivered");
    assert_eq!(draft["holder"], addr["implementing-unit"].as_str());
    assert_eq!(cli.balance("county-fund"), 18_000);
    assert_eq!(cli.balance("implementing-unit"), 282_000);
    let held = cli.json(&["draft", "list", "--holder", "implementing-unit"]);
    assert_eq!(held.as_array().unwrap().len(), 1);
    assert_eq!(u(&held[0]["id"]), d1);

    // ------------------------------------------------------------------ the bank's statement
    let bad = cli.write(
        "bad.csv",
        &format!(
            "serial,draft,payer,payee,amount,time\n\
             ICBC-T-0001,{d1},province,finance-department,3000.00,now\n\
             ICBC-T-0002,{d1},finance-department,nobody,3000.001,now\n"
        ),
    );
    let refused = import_statement(&bad, &["--from", "bank"], |args| cli.fails(args));
    assert!(
        refused.contains("1 bad line, nothing was posted:")
            && refused.contains("line 3: payee: 'nobody' is neither an address")
            && refused.contains("'3000.001' is not an amount"),
        "{refused}"
    );
    let statement = cli.write(
        "statement.csv",
        &format!(
            "# the bank's statement of the day\n\
             serial,draft,payer,payee,amount,time\n\
             ICBC-T-0001,{d1},province,finance-department,3000.00,now\n\
             ICBC-T-0002,{d1},finance-department,county-fund,3000.00,now\n\
             ICBC-T-0003,{d1},county-fund,implementing-unit,2820.00,now\n\
             ICBC-T-0999,{d1},county-fund,county,12.34,now\n"
        ),
    );
    let dry = import_statement(&statement, &["--dry-run"], |args| cli.json(args));
    assert_eq!(dry.as_array().unwrap().len(), 4);
    assert_eq!(cli.json(&["draft", "bank-records", "list"]), json!([]));
    let imported = import_statement(&statement, &["--from", "bank"], |args| cli.json(args));
    assert_eq!(imported["records"], 4);
    assert_eq!(imported["reconciled"], 3);
    assert_eq!(imported["mismatched"], 0);
    assert_eq!(imported["unmatched"], 1);
    assert_eq!(imported["batches"].as_array().unwrap().len(), 1);
    let again = import_statement(&statement, &["--from", "bank"], |args| cli.fails(args));
    assert!(
        again.contains("line 3: a bank record with serial ICBC-T-0001 was already posted"),
        "{again}"
    );
    // An import that stopped part way is finished with --skip-posted.
    let rest = cli.write(
        "statement-rest.csv",
        &format!(
            "serial,draft,payer,payee,amount,time\n\
             ICBC-T-0001,{d1},province,finance-department,3000.00,now\n\
             ICBC-T-0998,{d1},county-fund,county,1.00,now\n"
        ),
    );
    let resumed = import_statement(&rest, &["--skip-posted", "--from", "bank"], |args| {
        cli.json(args)
    });
    assert_eq!(resumed["records"], 1);
    assert_eq!(resumed["skipped"], json!(["ICBC-T-0001"]));
    assert_eq!(resumed["unmatched"], 1);
    let reconciliation = cli.json(&["draft", "reconciliation", &d1s]);
    assert_eq!(reconciliation["reconciled"], json!([0, 1, 2]));
    assert_eq!(reconciliation["missing"], json!([]));
    assert_eq!(reconciliation["mismatches"], json!([]));
    assert_eq!(cli.json(&["draft", "discrepancies"]), json!([]));
    let unmatched = cli.json(&["draft", "bank-records", "unmatched"]);
    let serials: Vec<&str> = unmatched
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["serial"].as_str().unwrap())
        .collect();
    assert_eq!(serials, ["ICBC-T-0998", "ICBC-T-0999"]);
    let record = cli.json(&["draft", "bank-records", "show", "ICBC-T-0002"]);
    assert_eq!(record[0]["matched"], json!({"draft_id": d1, "hop": 1}));

    // ------------------------------------------------------------------ progress
    let evidence = cli.write("acceptance.txt", "greenhouses covered; acceptance passed");
    let progress = cli.json(&[
        "draft",
        "progress",
        "--project",
        &project_s,
        "--percent",
        "40",
        "--text",
        "frames raised on 12 plots",
        "--evidence-hash",
        &"ab".repeat(32),
        "--from",
        "implementing-unit",
    ]);
    assert_eq!(progress["project_status"], "in_progress");
    cli.ok(&[
        "draft",
        "opinion",
        "--project",
        &project_s,
        "--text",
        "site visit: frames match the plan",
        "--from",
        "county",
    ]);
    let done = cli.json(&[
        "draft",
        "progress",
        "--project",
        &project_s,
        "--percent",
        "100",
        "--text",
        "greenhouses covered",
        "--evidence",
        &evidence,
        "--from",
        "implementing-unit",
    ]);
    assert_eq!(done["project_status"], "awaiting_next_stage");

    // ------------------------------------------------------------------ a second stage
    cli.ok(&[
        "draft",
        "apply-next-stage",
        "--project",
        &project_s,
        "--note",
        "stage 1 accepted; seedlings next",
        "--from",
        "county",
    ]);
    for (who, comment) in [
        ("county-finance", "seedling prices checked"),
        ("provincial-office", "approved"),
    ] {
        let decided = cli.json(&[
            "draft",
            "approve",
            "--project",
            &project_s,
            "--comment",
            comment,
            "--from",
            who,
        ]);
        assert_eq!(decided["stage"], 2);
    }
    let issued = cli.json(&[
        "draft", "issue", "--terms", &terms, "--stage", "2", "--from", "province",
    ]);
    let d2 = u(&issued["draft_id"]);
    let d2s = d2.to_string();
    assert_eq!(u(&issued["amount"]), 200_000);
    cli.ok(&[
        "draft",
        "endorse",
        "--draft",
        &d2s,
        "--to",
        "finance-department",
        "--serial",
        "ICBC-T-0101",
        "--from",
        "province",
    ]);
    // The bank books 1,999.00 for a hop that carried 2,000.00.
    let posted = cli.json(&[
        "draft",
        "bank-records",
        "post",
        "--serial",
        "ICBC-T-0101",
        "--draft",
        &d2s,
        "--payer",
        "province",
        "--payee",
        "finance-department",
        "--amount",
        "1999.00",
        "--from",
        "bank",
    ]);
    assert_eq!(posted["mismatched"], 1);
    let open = cli.json(&["draft", "discrepancies"]);
    assert_eq!(open.as_array().unwrap().len(), 1, "{open}");
    assert_eq!(u(&open[0]["draft_id"]), d2);
    assert_eq!(open[0]["mismatches"][0]["hop"], 0);
    assert_eq!(open[0]["mismatches"][0]["serial"], "ICBC-T-0101");
    assert_eq!(
        open[0]["mismatches"][0]["disagreements"],
        json!([{"amount": {"endorsed": "200000", "bank": "199900"}}])
    );
    let table = cli.ok(&["draft", "discrepancies"]);
    assert!(
        table.contains("amount: endorsed 2000.00, bank 1999.00"),
        "{table}"
    );

    // The provincial office withdraws the second draft: its amount returns.
    let cancelled = cli.json(&[
        "draft",
        "cancel",
        "--draft",
        &d2s,
        "--reason",
        "the bank transfer is under review",
        "--from",
        "province",
    ]);
    assert_eq!(cancelled["clawed_back"], "200000");
    assert_eq!(cli.balance("province"), 200_000);
    let totals = cli.json(&["draft", "totals"]);
    assert_eq!(u(&totals["issued"]), 500_000);
    assert_eq!(u(&totals["released"]), 300_000);
    assert_eq!(u(&totals["clawed_back"]), 200_000);
    assert_eq!(u(&totals["locked"]), 0);
    assert_eq!(
        cli.json(&["draft", "project", &project_s])["status"],
        "withdrawn"
    );

    // ------------------------------------------------------------------ history
    let history = cli.json(&["draft", "history", "--project", &project_s]);
    let kinds = event_kinds(&history);
    let mut expected = vec!["applied", "approved", "approved", "issued"];
    expected.extend(["endorsed", "endorsed", "endorsed", "delivered"]);
    expected.extend(["bank_record_matched"; 3]);
    expected.extend(["progress", "opinion", "progress", "stage_completed"]);
    expected.extend(["stage_applied", "approved", "approved", "issued"]);
    expected.extend(["endorsed", "bank_record_matched", "clawed_back"]);
    assert_eq!(kinds, expected);
    let events = history.as_array().unwrap();
    assert!(events.windows(2).all(|w| u(&w[0]["at"]) <= u(&w[1]["at"])));
    assert!(events.iter().all(|e| u(&e["height"]) > 0));
    // Paged automatically: a small cap cuts the list and says so.
    let capped = cli.run(&[
        "draft",
        "history",
        "--project",
        &project_s,
        "--limit",
        "5",
        "-o",
        "json",
    ]);
    let capped_json: Value = serde_json::from_slice(&capped.stdout).unwrap();
    assert_eq!(capped_json.as_array().unwrap().len(), 5);
    assert!(String::from_utf8_lossy(&capped.stderr).contains("raise --limit"));
    let of_draft = cli.json(&["draft", "history", "--draft", &d1s]);
    assert_eq!(of_draft.as_array().unwrap().len(), 1 + 3 + 1 + 3);

    // The same for people.
    for args in [
        &["draft", "show", &d1s][..],
        &["draft", "project", &project_s],
        &["draft", "history", "--project", &project_s],
        &["draft", "bank-records", "list"],
        &["draft", "totals"],
        &["draft", "members"],
    ] {
        let table = cli.ok(args);
        println!("$ ledger {}\n{table}", args.join(" "));
        assert!(table.contains('┆') || table.contains('│'), "{table}");
    }

    // ------------------------------------------------------------------ export
    let xlsx = cli.path("out/flow.xlsx");
    let written = cli.json(&[
        "export",
        "draft-flow",
        "--project",
        &project_s,
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(written["rows"], 6);
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let rows: Vec<Vec<Data>> = book
        .worksheet_range("Flow")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    assert_eq!(rows.len(), 1 + 6 + 1, "header, six hops, total");
    assert_eq!(rows[0][7], Data::String("Value moved (RCNY)".into()));
    for (i, serial) in ["ICBC-T-0001", "ICBC-T-0002", "ICBC-T-0003"]
        .iter()
        .enumerate()
    {
        let r = &rows[1 + i];
        assert_eq!(r[9], Data::String((*serial).into()));
        assert_eq!(r[16], Data::String("reconciled".into()));
        assert!(matches!(r[14], Data::DateTime(_)), "booking time: {r:?}");
    }
    assert_eq!(rows[3][5], Data::String(addr["implementing-unit"].clone()));
    assert_eq!(rows[3][8], Data::Float(2_820.0));
    assert_eq!(rows[4][16], Data::String("mismatch".into()));
    assert_eq!(
        rows[4][17],
        Data::String("amount: endorsed 2000.00, bank 1999.00".into())
    );
    assert_eq!(rows[4][13], Data::Float(1_999.0));
    assert_eq!(rows[5][16], Data::String("not endorsed".into()));
    assert_eq!(rows[7][0], Data::String("Total released".into()));
    assert_eq!(rows[7][8], Data::Float(3_000.0));
    let history_rows = book.worksheet_range("History").unwrap().rows().count();
    assert_eq!(history_rows, 1 + expected.len());
    let stages = book.worksheet_range("Stages").unwrap();
    assert_eq!(stages.rows().count(), 3);
}
