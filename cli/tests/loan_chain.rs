//! The loan-sharing story on the localnet through the `ledger` binary: deploy (with the
//! loan-share contract and its consortium token), roles, encryption keys, the token issuer
//! selling tokens to lenders, a contributor importing three applications from the example CSV
//! and posting them as plans, two participants confirming shares of one plan with the fees
//! moving exactly, the contributor's watcher (`--once`) disclosing, each participant
//! decrypting with the commitments matching, a confirmation beyond the offered amount refused
//! with the contract's error, a forged disclosure refused by the participant's decryption,
//! redemption, and a scan of every block, every event and the contracts' whole stored state
//! showing that no borrower's value was ever on chain in clear.
//!
//! Needs the localnet (`localnet/start.sh`) and fresh contract artifacts (`make wasm`). The
//! parties are the localnet's test accounts: `admin` deploys and administers, `bank` is the
//! token issuer, `retailer` the contributor lender, `consumer1`..`consumer3` participant
//! lenders.
//!
//! ```sh
//! cargo test -p ledger-cli --test loan_chain -- --ignored --test-threads=1
//! ```

use std::path::{Path, PathBuf};

use cosmwasm_std::Binary;
use ledger_cli::commands::finance::loan::files::read_applications;
use ledger_client::cosmrs::proto::cosmos::base::query::v1beta1::PageRequest;
use ledger_client::cosmrs::proto::cosmwasm::wasm::v1::{
    QueryAllContractStateRequest, QueryAllContractStateResponse,
};
use ledger_client::cosmrs::proto::prost::Message;
use ledger_client::tendermint_rpc::Client as _;
use ledger_client::{Client, Gas, Signer, msgs};
use ledger_crypto::{Context, Opening, seal_field};
use ledger_types::loan_share::{ExecuteMsg, FieldCiphertext, SensitiveField};
use serde_json::Value;

mod support;

use support::{Cli, mnemonic, repo, u};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/loan-applications.csv")
}

impl Cli {
    /// Consortium token balance (minor units) of a key's address.
    fn tokens(&self, key: &str) -> u64 {
        u(&self.json(&["loan", "balance", key])["balance"])
    }
}

/// Every stored key and value of a contract, paged through `AllContractState`.
/// Runs `ledger loan import --file <the example> <rest>` through `run`.
fn import_example<T>(rest: &[&str], run: impl FnOnce(&[&str]) -> T) -> T {
    let file = example();
    let mut args = vec!["loan", "import", "--file", file.to_str().unwrap()];
    args.extend_from_slice(rest);
    run(&args)
}

async fn contract_state(client: &Client, contract: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut next: Vec<u8> = Vec::new();
    loop {
        let request = QueryAllContractStateRequest {
            address: contract.to_string(),
            pagination: Some(PageRequest {
                key: next.clone(),
                limit: 200,
                ..PageRequest::default()
            }),
        };
        let answer = client
            .rpc()
            .abci_query(
                Some("/cosmwasm.wasm.v1.Query/AllContractState".to_string()),
                request.encode_to_vec(),
                None,
                false,
            )
            .await
            .unwrap();
        assert!(answer.code.is_ok(), "{}", answer.log);
        let page = QueryAllContractStateResponse::decode(answer.value.as_slice()).unwrap();
        for model in &page.models {
            out.extend_from_slice(&model.key);
            out.extend_from_slice(&model.value);
        }
        match page.pagination.map(|p| p.next_key) {
            Some(key) if !key.is_empty() => next = key,
            _ => return out,
        }
    }
}

/// The bytes of every transaction and the JSON of every block's results, from block `first`.
async fn chain_history(client: &Client, first: u64) -> (Vec<u8>, String) {
    let (latest, _) = client.latest_height_and_time().await.unwrap();
    let mut txs = Vec::new();
    let mut results = String::new();
    for height in first..=latest {
        let h = u32::try_from(height).unwrap();
        let block = client.rpc().block(h).await.unwrap();
        for tx in &block.block.data {
            txs.extend_from_slice(tx);
        }
        let r = client.rpc().block_results(h).await.unwrap();
        results.push_str(&serde_json::to_string(&r).unwrap());
    }
    (txs, results)
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn the_loan_sharing_story_through_the_cli() {
    let cli = Cli::new();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // The scan for borrowers' values covers this story's blocks: earlier tests on the same
    // chain wrote their own data, in which a short number may occur by chance.
    let first_height = rt.block_on(async {
        let client = Client::connect(support::localnet_config()).await.unwrap();
        client.latest_height_and_time().await.unwrap().0
    });
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
    let retailer = cli.address("retailer");
    let consumer1 = cli.address("consumer1");

    // ------------------------------------------------------------------ deploy
    let artifacts = repo().join("artifacts");
    let deployment = cli.json(&[
        "deploy",
        "--from",
        "admin",
        "--artifacts",
        artifacts.to_str().unwrap(),
        "--loan-token-symbol",
        "CSY",
    ]);
    let contract = deployment["contracts"]["loan_share"]
        .as_str()
        .unwrap()
        .to_string();
    let token = deployment["contracts"]["loan_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        contract.starts_with("wasm1") && token.starts_with("wasm1"),
        "{deployment}"
    );
    assert!(deployment["code_ids"]["loan_share"].as_u64().unwrap() > 0);
    assert!(cli.ok(&["query", "deployment"]).contains(&contract));

    // ------------------------------------------------------------------ roles and keys
    for (who, role) in [
        ("bank", "token-issuer"),
        ("retailer", "contributor"),
        ("consumer1", "participant"),
        ("consumer2", "participant"),
        ("consumer3", "participant"),
    ] {
        cli.ok(&["loan", "roles", who, "--role", role, "--from", "admin"]);
    }
    let members = cli.json(&["loan", "members"]);
    assert_eq!(members.as_array().unwrap().len(), 5, "{members}");
    let refused = cli.fails(&[
        "loan",
        "roles",
        "consumer1",
        "--role",
        "token-issuer",
        "--from",
        "consumer1",
    ]);
    assert!(
        refused.contains("is not the registry's administrator"),
        "{refused}"
    );

    let not_yet = import_example(&["--from", "retailer"], |args| cli.fails(args));
    assert!(
        not_yet.contains("'retailer' has no encryption key yet")
            && not_yet.contains("ledger loan register-key --from retailer"),
        "{not_yet}"
    );
    for who in ["retailer", "consumer1", "consumer2", "consumer3"] {
        let (_, stderr) = cli.ok_both(&["loan", "register-key", "--from", who]);
        assert!(stderr.contains("generated the encryption key"), "{stderr}");
        let file = cli.path(&format!("encryption-keys/{who}.json"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(r#""ciphertext""#), "{text}");
        let registered = cli.json(&["loan", "key", who]);
        assert!(
            text.contains(registered["public_key"].as_str().unwrap()),
            "the registered key is the local one"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
    // Registering again sends nothing.
    let (_, again) = cli.ok_both(&["loan", "register-key", "--from", "consumer1"]);
    assert!(again.contains("already registered"), "{again}");

    // ------------------------------------------------------------------ the issuer sells tokens
    for (who, reference, amount) in [
        ("consumer1", "PAY-2026-0001", "1000.00"),
        ("consumer2", "PAY-2026-0002", "1000.00"),
    ] {
        let minted = cli.json(&[
            "loan",
            "recharge",
            "--reference",
            reference,
            "--recipient",
            who,
            "--amount",
            amount,
            "--from",
            "bank",
        ]);
        assert_eq!(minted["amount"], "100000");
    }
    assert_eq!(cli.tokens("consumer1"), 100_000);
    assert_eq!(cli.tokens("consumer2"), 100_000);
    let twice = cli.fails(&[
        "loan",
        "recharge",
        "--reference",
        "PAY-2026-0001",
        "--recipient",
        "consumer1",
        "--amount",
        "5",
        "--from",
        "bank",
    ]);
    assert!(twice.contains("was already credited"), "{twice}");
    let not_issuer = cli.fails(&[
        "loan",
        "recharge",
        "--reference",
        "PAY-X",
        "--recipient",
        "consumer1",
        "--amount",
        "5",
        "--from",
        "consumer1",
    ]);
    assert!(
        not_issuer.contains("does not hold the loan-share role token_issuer"),
        "{not_issuer}"
    );

    // ------------------------------------------------------------------ import
    let header = std::fs::read_to_string(example())
        .unwrap()
        .lines()
        .find(|l| l.starts_with("asset_id"))
        .unwrap()
        .to_string();
    let bad = cli.write(
        "bad.csv",
        &format!(
            "{header}\n\
             LA-X1,cash,1000.005,A,B,C,,,,,A,1,1,,1,18,20,1,1,,30d\n\
             LA-X2,car_pledge,100,A,B,C,,ENG,,,A,1,1,,1,18,20,1,1,,30d\n"
        ),
    );
    let refused = cli.fails(&["loan", "import", "--file", &bad, "--from", "retailer"]);
    assert!(
        refused.contains("2 problems, nothing was posted:")
            && refused.contains("row 2, column loan_amount: '1000.005' is not an amount")
            && refused.contains("row 3, column plate_number: empty"),
        "{refused}"
    );
    let dry = import_example(&["--dry-run"], |args| cli.json(args));
    assert_eq!(dry.as_array().unwrap().len(), 3);
    assert_eq!(
        dry[1]["sealed_fields"].as_array().unwrap().len(),
        5,
        "a car loan seals plate and engine numbers too"
    );
    let (stdout, stderr) = import_example(&["--from", "retailer", "-o", "json"], |args| {
        cli.ok_both(args)
    });
    let imported: Value = serde_json::from_str(&stdout).unwrap();
    let posted = imported["posted"].as_array().unwrap();
    assert_eq!(posted.len(), 3, "{imported}");
    assert!(
        stderr.contains("[3/3] row"),
        "a status line per plan: {stderr}"
    );
    let plan_ids: Vec<u64> = posted.iter().map(|p| u(&p["plan_id"])).collect();
    let (p1, p2) = (plan_ids[0], plan_ids[1]);
    let again = import_example(&["--from", "retailer"], |args| cli.fails(args));
    assert!(
        again.contains("row 10, column asset_id: asset LA-2026-0001 was already posted"),
        "{again}"
    );
    let nothing = import_example(&["--skip-posted", "--from", "retailer"], |args| {
        cli.fails(args)
    });
    assert!(
        nothing.contains("was already posted; nothing to do"),
        "{nothing}"
    );

    let open = cli.json(&["loan", "plans", "--open"]);
    assert_eq!(open.as_array().unwrap().len(), 3);
    assert_eq!(
        cli.json(&["loan", "plans", "--contributor", "retailer"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let plan = cli.json(&["loan", "plan", &p1.to_string()]);
    assert_eq!(plan["state"], "open");
    assert_eq!(plan["plan"]["asset_id"], "LA-2026-0001");
    assert_eq!(plan["plan"]["terms"]["offered"], "10000000");
    assert_eq!(plan["plan"]["terms"]["fee_per_10k"], 1);

    // ------------------------------------------------------------------ two participants confirm
    let p1s = p1.to_string();
    let c1 = cli.json(&[
        "loan",
        "confirm",
        "--plan",
        &p1s,
        "--amount",
        "80000",
        "--rate",
        "18.5",
        "--from",
        "consumer1",
    ]);
    // 80,000.00 at one token unit per 10,000 units is 8.00 tokens.
    assert_eq!(c1["fee"], "800");
    let c2 = cli.json(&[
        "loan",
        "confirm",
        "--plan",
        &p1s,
        "--amount",
        "20000",
        "--rate",
        "19",
        "--from",
        "consumer2",
    ]);
    assert_eq!(c2["fee"], "200");
    let (c1, c2) = (u(&c1["confirmation_id"]), u(&c2["confirmation_id"]));
    assert_eq!(cli.tokens("consumer1"), 100_000 - 800);
    assert_eq!(cli.tokens("consumer2"), 100_000 - 200);
    assert_eq!(cli.tokens("retailer"), 1_000);
    let plan = cli.json(&["loan", "plan", &p1s]);
    assert_eq!(plan["state"], "full");
    assert_eq!(plan["plan"]["confirmed"], "10000000");
    assert_eq!(plan["plan"]["fees"], "1000");

    // A third lender buys a little and asks beyond the offer: the contract refuses.
    cli.ok(&[
        "loan",
        "recharge",
        "--reference",
        "PAY-2026-0003",
        "--recipient",
        "consumer3",
        "--amount",
        "10.00",
        "--from",
        "bank",
    ]);
    let beyond = cli.fails(&[
        "loan",
        "confirm",
        "--plan",
        &p1s,
        "--amount",
        "1.00",
        "--rate",
        "18",
        "--from",
        "consumer3",
    ]);
    assert!(
        beyond.contains(&format!(
            "confirming 100 of plan {p1} would exceed its offer of 10000000; 0 remains"
        )),
        "{beyond}"
    );
    let out_of_range = cli.fails(&[
        "loan",
        "confirm",
        "--plan",
        &p2.to_string(),
        "--amount",
        "1000",
        "--rate",
        "25",
        "--from",
        "consumer3",
    ]);
    assert!(
        out_of_range.contains(&format!(
            "a rate of 2500 basis points is outside plan {p2}'s range 1850..=2100"
        )),
        "{out_of_range}"
    );
    assert_eq!(
        cli.tokens("consumer3"),
        1_000,
        "refused confirmations cost nothing"
    );
    let of_plan = cli.json(&["loan", "confirmations", "--plan", &p1s]);
    assert_eq!(of_plan.as_array().unwrap().len(), 2);
    let of_c1 = cli.json(&["loan", "confirmations", "--participant", "consumer1"]);
    assert_eq!(of_c1[0]["participant"], consumer1.as_str());
    assert_eq!(of_c1[0]["amount"], "8000000");

    // ------------------------------------------------------------------ the watcher discloses
    let early = cli.fails(&[
        "loan",
        "decrypt",
        "--confirmation",
        &c1.to_string(),
        "--from",
        "consumer1",
    ]);
    assert!(early.contains("nothing is disclosed"), "{early}");
    let pending = cli.json(&["loan", "confirmations", "--pending", "retailer"]);
    assert_eq!(pending.as_array().unwrap().len(), 2);
    let (stdout, stderr) = cli.ok_both(&[
        "loan", "watch", "--once", "--from", "retailer", "-o", "json",
    ]);
    let round: Value = serde_json::from_str(&stdout).unwrap();
    let served = round["disclosed"].as_array().unwrap();
    assert_eq!(served.len(), 2, "{round}");
    assert_eq!(served[0]["fields"].as_array().unwrap().len(), 3);
    assert_eq!(round["failed"].as_array().unwrap().len(), 0);
    assert_eq!(stderr.matches("✔ disclosed").count(), 2, "{stderr}");
    // Restarting discloses nothing twice.
    let idle = cli.ok(&["loan", "watch", "--once", "--from", "retailer"]);
    assert!(idle.contains("nothing to disclose"), "{idle}");
    assert_eq!(
        cli.json(&["loan", "confirmations", "--pending", "retailer"]),
        serde_json::json!([])
    );
    let record = cli.json(&["loan", "disclosures", "--confirmation", &c1.to_string()]);
    assert_eq!(record.as_array().unwrap().len(), 3);
    assert_eq!(record[0]["participant"], consumer1.as_str());
    assert_eq!(record[0]["contributor"], retailer.as_str());

    // ------------------------------------------------------------------ participants decrypt
    let rows = read_applications(&example(), None).unwrap();
    let values_of = |row: usize| -> Vec<String> {
        rows[row]
            .sensitive
            .iter()
            .map(|(_, v)| v.expose().to_string())
            .collect()
    };
    for (who, confirmation) in [("consumer1", c1), ("consumer2", c2)] {
        let opened = cli.json(&[
            "loan",
            "decrypt",
            "--confirmation",
            &confirmation.to_string(),
            "--from",
            who,
        ]);
        let fields = opened["fields"].as_array().unwrap();
        let values: Vec<String> = fields
            .iter()
            .map(|f| f["value"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(values, values_of(0), "{who}");
        assert!(fields.iter().all(|f| f["commitment_verified"] == true));
        assert_eq!(opened["not_yet_disclosed"], serde_json::json!([]));
    }
    let table = cli.ok(&[
        "loan",
        "decrypt",
        "--confirmation",
        &c1.to_string(),
        "--from",
        "consumer1",
    ]);
    assert!(
        table.contains("张伟") && table.contains("matches"),
        "{table}"
    );
    let not_yours = cli.fails(&[
        "loan",
        "decrypt",
        "--confirmation",
        &c1.to_string(),
        "--from",
        "consumer2",
    ]);
    assert!(not_yours.contains("not to 'consumer2'"), "{not_yours}");

    // ------------------------------------------------------------------ a forged disclosure
    // consumer3 confirms a share of the car loan; before the watcher runs, a dishonest
    // contributor discloses a phone number other than the one it committed to.
    let c3 = u(&cli.json(&[
        "loan",
        "confirm",
        "--plan",
        &p2.to_string(),
        "--amount",
        "1000",
        "--rate",
        "19",
        "--from",
        "consumer3",
    ])["confirmation_id"]);
    // Connected here, not at the start: the node closes a connection left idle that long.
    let client = rt
        .block_on(Client::connect(support::localnet_config()))
        .unwrap();
    let consumer3_key = hex::decode(
        cli.json(&["loan", "key", "consumer3"])["public_key"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    let consumer3 = cli.address("consumer3");
    let lie = "13907551264";
    let context = Context::Disclosure {
        contract: &contract,
        plan_id: p2,
        confirmation_id: c3,
        participant: &consumer3,
        field: "phone",
    };
    let (forged, _) = seal_field(&consumer3_key, &context, &Opening::new(lie)).unwrap();
    let retailer_signer = Signer::from_mnemonic(&mnemonic("retailer"), "wasm").unwrap();
    let disclose = msgs::execute(
        retailer_signer.address(),
        &contract,
        &ExecuteMsg::Disclose {
            confirmation_id: c3,
            fields: vec![FieldCiphertext {
                field: SensitiveField::Phone,
                ciphertext: Binary::from(forged),
            }],
        },
        vec![],
    )
    .unwrap();
    rt.block_on(client.broadcast(&retailer_signer, vec![disclose], Gas::Auto))
        .unwrap();
    // The watcher serves the four fields still owed and leaves the phone alone.
    let round = cli.json(&["loan", "watch", "--once", "--from", "retailer"]);
    assert_eq!(
        round["disclosed"][0]["fields"],
        serde_json::json!([
            "borrower_name",
            "id_number",
            "plate_number",
            "engine_number"
        ])
    );
    let out = cli.run(&[
        "loan",
        "decrypt",
        "--confirmation",
        &c3.to_string(),
        "--from",
        "consumer3",
        "-o",
        "json",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("REFUSED")
            && stderr.contains("phone: the disclosed phone does not match the plan's commitment"),
        "{stderr}"
    );
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    let shown_fields: Vec<&str> = shown["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        shown_fields,
        [
            "borrower_name",
            "id_number",
            "plate_number",
            "engine_number"
        ],
        "only verified fields are shown"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains(lie));

    // ------------------------------------------------------------------ redemption
    let requested = cli.json(&[
        "loan",
        "request-redemption",
        "--amount",
        "10.00",
        "--payout-account",
        "CN-ACCT-0001",
        "--from",
        "retailer",
    ]);
    let request = u(&requested["redemption_id"]);
    cli.ok(&[
        "loan",
        "redeem",
        "--request",
        &request.to_string(),
        "--payout-reference",
        "PAYOUT-2026-0001",
        "--from",
        "bank",
    ]);
    let totals = cli.json(&["loan", "totals"]);
    assert_eq!(totals["minted"], "201000");
    assert_eq!(totals["burned"], "1000");
    // 8.00 + 2.00 for plan 1, and 0.10 for 1,000.00 of plan 2.
    assert_eq!(totals["fees_paid"], "1010");
    assert_eq!(totals["confirmations"], 3);
    assert_eq!(totals["disclosures"], 3 + 3 + 5);
    assert_eq!(cli.tokens("retailer"), 10);
    assert_eq!(cli.tokens("consumer3"), 1_000 - 10);
    let redemptions = cli.json(&["loan", "redemptions"]);
    assert_eq!(redemptions[0]["status"], "redeemed");

    // The same for people.
    for args in [
        &["loan", "plans"][..],
        &["loan", "plan", &p1s],
        &["loan", "confirmations"],
        &["loan", "disclosures"],
        &["loan", "totals"],
        &["loan", "balance", "consumer1"],
    ] {
        let table = cli.ok(args);
        println!("$ ledger {}\n{table}", args.join(" "));
        assert!(table.contains('┆') || table.contains('│'), "{table}");
    }

    // ------------------------------------------------------------------ nothing in clear
    let mut secrets: Vec<String> = (0..rows.len()).flat_map(values_of).collect();
    secrets.push(lie.to_string());
    assert_eq!(secrets.len(), 3 + 5 + 3 + 1);
    let (txs, results) = rt.block_on(chain_history(&client, first_height));
    let mut state = rt.block_on(contract_state(&client, &contract));
    state.extend(rt.block_on(contract_state(&client, &token)));
    let mut queried = String::new();
    for args in [
        &["loan", "plans"][..],
        &["loan", "confirmations"],
        &["loan", "disclosures"],
    ] {
        queried.push_str(&cli.ok(&[args, &["-o", "json"][..]].concat()));
    }
    // The scan reads what it should: public facts are there.
    for public in ["LA-2026-0001", "LA-2026-0003"] {
        assert!(contains(&txs, public), "{public} in the transactions");
        assert!(results.contains(public), "{public} in the events");
        assert!(contains(&state, public), "{public} in the stored state");
        assert!(queried.contains(public), "{public} in the queries");
    }
    for secret in &secrets {
        assert!(
            !contains(&txs, secret),
            "a borrower's value ({secret}) in a transaction"
        );
        assert!(
            !results.contains(secret.as_str()),
            "a borrower's value ({secret}) in an event"
        );
        assert!(
            !contains(&state, secret),
            "a borrower's value ({secret}) in the state"
        );
        assert!(
            !queried.contains(secret.as_str()),
            "a borrower's value ({secret}) in a query"
        );
    }
}
