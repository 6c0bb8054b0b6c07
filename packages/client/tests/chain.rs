//! Tests against the real localnet (`localnet/start.sh`), ignored by a plain `cargo test` and
//! run with `--ignored`:
//!
//! ```sh
//! localnet/start.sh
//! cargo test -p ledger-client --test chain -- --ignored --test-threads=1
//! ```
//!
//! They sign with the public test accounts of `localnet/accounts.json` and upload wasmvm's
//! `hackatom.wasm` test contract (found in the Go module cache, or at `$HACKATOM_WASM`).
use std::path::PathBuf;
use std::time::Duration;

use ledger_client::{ChainConfig, Client, ClientError, ExecuteCall, Gas, Signer, msgs};
use serde::Deserialize;
use serde_json::json;

/// Reads the mnemonic of a localnet account.
fn signer(name: &str) -> Signer {
    #[derive(Deserialize)]
    struct Accounts {
        accounts: Vec<Account>,
    }
    #[derive(Deserialize)]
    struct Account {
        name: String,
        address: String,
        mnemonic: String,
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../localnet/accounts.json");
    let text = std::fs::read_to_string(&path).expect("localnet/accounts.json");
    let accounts: Accounts = serde_json::from_str(&text).expect("accounts.json is valid");
    let account = accounts
        .accounts
        .into_iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no account {name} in accounts.json"));
    let signer = Signer::from_mnemonic(&account.mnemonic, "wasm").unwrap();
    assert_eq!(signer.address().as_ref(), account.address);
    signer
}

async fn client() -> Client {
    // Other suites share the chain (scripts/chain-test.sh): blocks can come slowly.
    Client::connect(ChainConfig {
        tx_timeout: std::time::Duration::from_secs(180),
        ..ChainConfig::localnet()
    })
    .await
    .expect("the localnet runs: start it with localnet/start.sh")
}

/// wasmvm's hackatom test contract from the Go module cache.
fn hackatom() -> Vec<u8> {
    if let Ok(path) = std::env::var("HACKATOM_WASM") {
        return std::fs::read(path).expect("HACKATOM_WASM is readable");
    }
    let mod_cache = std::env::var("GOMODCACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| "/root".into()))
                .join("go/pkg/mod")
        });
    let wasmvm = mod_cache.join("github.com/!cosm!wasm");
    let mut candidates: Vec<PathBuf> = std::fs::read_dir(&wasmvm)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("wasmvm"))
        })
        .flat_map(|p| {
            // wasmvm/v3@v3.0.7 or wasmvm@v1.x
            let mut found = vec![p.join("testdata/hackatom.wasm")];
            if let Ok(entries) = std::fs::read_dir(&p) {
                found.extend(
                    entries
                        .flatten()
                        .map(|e| e.path().join("testdata/hackatom.wasm")),
                );
            }
            found
        })
        .filter(|p| p.is_file())
        .collect();
    candidates.sort();
    let path = candidates.pop().unwrap_or_else(|| {
        panic!(
            "no hackatom.wasm under {}; set HACKATOM_WASM",
            wasmvm.display()
        )
    });
    std::fs::read(path).unwrap()
}

/// Sends `amount` stake from `from` to a new random address; returns that address.
async fn fund_new_account(client: &Client, from: &Signer, amount: u128) -> Signer {
    let fresh = Signer::generate("wasm").unwrap();
    client
        .send(from, fresh.address().as_ref(), amount, Gas::Auto)
        .await
        .unwrap();
    fresh
}

#[tokio::test]
#[ignore = "on the localnet: make chain-test"]
async fn connect_checks_reachability_and_chain_id() {
    let unreachable = Client::connect(ChainConfig {
        node: "http://127.0.0.1:1".into(),
        ..ChainConfig::localnet()
    })
    .await
    .unwrap_err();
    assert!(
        matches!(unreachable, ClientError::NodeUnreachable { .. }),
        "{unreachable:?}"
    );
    assert!(
        unreachable.to_string().contains("make localnet"),
        "{unreachable}"
    );

    let mismatch = Client::connect(ChainConfig {
        chain_id: "other-chain-1".into(),
        ..ChainConfig::localnet()
    })
    .await
    .unwrap_err();
    match mismatch {
        ClientError::ChainIdMismatch {
            expected, actual, ..
        } => {
            assert_eq!(expected, "other-chain-1");
            assert_eq!(actual, "ledger-localnet-1");
        }
        other => panic!("unexpected {other:?}"),
    }

    let client = client().await;
    let (height, time) = client.latest_height_and_time().await.unwrap();
    assert!(height >= 1);
    assert!(time.unix_timestamp() > 1_600_000_000);
}

#[tokio::test]
#[ignore = "on the localnet: make chain-test"]
async fn bank_send_with_auto_gas_moves_exactly_amount_and_fee() {
    let client = client().await;
    let sender = signer("consumer3");
    let recipient = Signer::generate("wasm").unwrap();
    let to = recipient.address().to_string();
    assert_eq!(client.account(&to).await.unwrap(), None);

    let sender_before = client
        .balance(sender.address().as_ref(), "stake")
        .await
        .unwrap();
    let amount = 1_234_567;
    let outcome = client.send(&sender, &to, amount, Gas::Auto).await.unwrap();

    let fee = client.config().fee_for_gas(outcome.gas_wanted).unwrap();
    assert!(outcome.gas_used <= outcome.gas_wanted);
    assert!(outcome.height > 0);
    assert_eq!(outcome.hash.len(), 64);
    assert_eq!(
        outcome.attribute("tx", "fee"),
        Some(format!("{fee}stake").as_str())
    );
    assert!(outcome.attributes("transfer", "recipient").any(|r| r == to));

    let sender_after = client
        .balance(sender.address().as_ref(), "stake")
        .await
        .unwrap();
    assert_eq!(sender_before - sender_after, amount + fee);
    assert_eq!(client.balance(&to, "stake").await.unwrap(), amount);
    assert_eq!(client.balance(&to, "nothing").await.unwrap(), 0);
    let account = client
        .account(&to)
        .await
        .unwrap()
        .expect("exists once funded");
    assert_eq!(account.sequence, 0);
}

#[tokio::test]
#[ignore = "on the localnet: make chain-test"]
async fn a_fee_below_the_minimum_gas_price_is_insufficient_fees() {
    let cheap = Client::connect(ChainConfig {
        gas_price: "0.0001".parse().unwrap(),
        ..ChainConfig::localnet()
    })
    .await
    .unwrap();
    let sender = signer("consumer3");
    let err = cheap
        .send(
            &sender,
            signer("consumer2").address().as_ref(),
            1,
            Gas::Fixed(200_000),
        )
        .await
        .unwrap_err();
    match &err {
        ClientError::InsufficientFees { required, offered } => {
            assert_eq!(offered, "20stake");
            assert_eq!(required, "5000stake");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("raise the gas price"), "{err}");
}

#[tokio::test]
#[ignore = "on the localnet: make chain-test"]
async fn an_unfunded_account_is_told_to_get_funds() {
    let client = client().await;
    let stranger = Signer::generate("wasm").unwrap();
    let err = client
        .send(&stranger, signer("admin").address().as_ref(), 1, Gas::Auto)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::AccountNotFound { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("fund it first"), "{err}");
}

#[tokio::test]
#[ignore = "on the localnet: make chain-test"]
async fn contract_store_instantiate_execute_query_and_errors() {
    let client = client().await;
    let admin = signer("admin");
    let beneficiary = signer("consumer2");
    let stranger = signer("consumer1");

    // Only the admin may upload (genesis code_upload_access).
    let refused = client.store_code(&stranger, hackatom()).await.unwrap_err();
    assert!(
        matches!(refused, ClientError::TxFailed { .. }),
        "a stranger's upload must be refused: {refused:?}"
    );
    assert!(refused.to_string().contains("unauthorized"), "{refused}");

    let code_id = client.store_code(&admin, hackatom()).await.unwrap();
    assert!(code_id > 0);

    let contract = client
        .instantiate(
            &admin,
            code_id,
            &json!({
                "verifier": admin.address().to_string(),
                "beneficiary": beneficiary.address().to_string(),
            }),
            "hackatom-client-test",
            Some(admin.address().as_ref()),
        )
        .await
        .unwrap();
    assert!(contract.starts_with("wasm1"), "{contract}");

    #[derive(Deserialize)]
    struct VerifierResponse {
        verifier: String,
    }
    let answer: VerifierResponse = client
        .query_smart(&contract, &json!({ "verifier": {} }))
        .await
        .unwrap();
    assert_eq!(answer.verifier, admin.address().to_string());

    // A query the contract does not understand is the contract's error.
    let err = client
        .query_smart::<serde_json::Value>(&contract, &json!({ "no_such_query": {} }))
        .await
        .unwrap_err();
    match &err {
        ClientError::Contract { message } => {
            assert!(message.contains("unknown variant"), "{message}");
            assert!(!message.contains("query wasm contract failed"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }

    // The contract refuses anyone but the verifier: caught by the simulation (Gas::Auto) ...
    let release = json!({ "release": { "denom": "stake" } });
    let err = client
        .execute(&stranger, &contract, &release, vec![])
        .await
        .unwrap_err();
    match &err {
        ClientError::Contract { message } => assert_eq!(message, "Unauthorized"),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(err.to_string(), "contract error: Unauthorized");

    // ... and in the block when the gas is fixed and nothing simulates.
    let msg = msgs::execute(stranger.address(), &contract, &release, vec![]).unwrap();
    let err = client
        .broadcast(&stranger, vec![msg], Gas::Fixed(300_000))
        .await
        .unwrap_err();
    match &err {
        ClientError::Contract { message } => assert_eq!(message, "Unauthorized"),
        other => panic!("unexpected {other:?}"),
    }

    // The verifier may release; funds sent along go to the beneficiary.
    let funds = vec![msgs::coin(1_000, "stake").unwrap()];
    let before = client
        .balance(beneficiary.address().as_ref(), "stake")
        .await
        .unwrap();
    let outcome = client
        .execute(&admin, &contract, &release, funds)
        .await
        .unwrap();
    assert_eq!(
        outcome.attribute("wasm", "_contract_address"),
        Some(contract.as_str())
    );
    assert_eq!(outcome.attribute("wasm", "action"), Some("release"));
    let after = client
        .balance(beneficiary.address().as_ref(), "stake")
        .await
        .unwrap();
    assert_eq!(after - before, 1_000);

    // Two calls in one transaction; one failing fails both.
    let calls = vec![
        ExecuteCall::new(&contract, &release).unwrap(),
        ExecuteCall::new(&contract, &release).unwrap(),
    ];
    let outcome = client.execute_multi(&admin, calls).await.unwrap();
    assert_eq!(outcome.attributes("wasm", "action").count(), 2);
    let err = client
        .execute_multi(
            &admin,
            vec![
                ExecuteCall::new(&contract, &release).unwrap(),
                ExecuteCall::new(&contract, &json!({ "no_such_msg": {} })).unwrap(),
            ],
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Contract { .. }), "{err:?}");

    // Too little gas for the execution.
    let msg = msgs::execute(admin.address(), &contract, &release, vec![]).unwrap();
    let err = client
        .broadcast(&admin, vec![msg], Gas::Fixed(90_000))
        .await
        .unwrap_err();
    match err {
        ClientError::OutOfGas { wanted, used } => {
            assert_eq!(wanted, 90_000);
            assert!(used > wanted, "used {used}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
#[ignore = "on the localnet: make chain-test"]
async fn sequences_over_several_transactions() {
    let client = client().await;
    let funder = signer("gateway");
    let sender = fund_new_account(&client, &funder, 10_000_000).await;
    let addr = sender.address().to_string();
    let target = signer("consumer1").address().to_string();

    // Back-to-back broadcasts: each one waits for its block, so the next sees the new sequence.
    for expected in 0..3 {
        let account = client.require_account(&addr).await.unwrap();
        assert_eq!(account.sequence, expected);
        client.send(&sender, &target, 1, Gas::Auto).await.unwrap();
    }

    // A caller that manages sequences: sign several ahead, broadcast all, then wait.
    let account = client.require_account(&addr).await.unwrap();
    assert_eq!(account.sequence, 3);
    let msg = msgs::bank_send(sender.address(), &target, 1, "stake").unwrap();
    let gas = client
        .config()
        .adjusted_gas(client.simulate(&sender, &[msg.clone()], "").await.unwrap())
        .unwrap();
    let mut hashes = Vec::new();
    for i in 0..4 {
        let tx = client
            .sign(
                &sender,
                &[msg.clone()],
                gas,
                account.account_number,
                account.sequence + i,
                "batch",
            )
            .unwrap();
        let hash = client.broadcast_sync_raw(tx.clone()).await.unwrap();
        assert_eq!(hash, ledger_client::tx_hash(&tx));
        hashes.push((hash, tx));
    }
    // The same bytes again: already in the mempool (or its cache), with the hash to wait for.
    let (first_hash, first_tx) = hashes[0].clone();
    match client.broadcast_sync_raw(first_tx).await.unwrap_err() {
        ClientError::AlreadyInMempool { hash } => assert_eq!(hash, first_hash),
        other => panic!("unexpected {other:?}"),
    }
    for (hash, _) in &hashes {
        let outcome = client
            .wait_for_tx(hash, Duration::from_secs(30))
            .await
            .unwrap();
        assert_eq!(&outcome.hash, hash);
    }
    let after = client.require_account(&addr).await.unwrap();
    assert_eq!(after.sequence, 7);

    // A stale sequence is refused with the one the chain expects.
    let stale = client
        .sign(
            &sender,
            &[msg.clone()],
            gas,
            account.account_number,
            2,
            "stale",
        )
        .unwrap();
    match client.broadcast_sync_raw(stale).await.unwrap_err() {
        ClientError::SequenceMismatch { expected, got } => assert_eq!((expected, got), (7, 2)),
        other => panic!("unexpected {other:?}"),
    }

    // A transaction in the mempool that the account query does not show yet: `broadcast`
    // meets the sequence mismatch (in simulation or CheckTx) and signs again.
    let ahead = client
        .sign(
            &sender,
            &[msg.clone()],
            gas,
            account.account_number,
            7,
            "ahead",
        )
        .unwrap();
    let ahead_hash = client.broadcast_sync_raw(ahead).await.unwrap();
    client.send(&sender, &target, 1, Gas::Auto).await.unwrap();
    client
        .wait_for_tx(&ahead_hash, Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(client.require_account(&addr).await.unwrap().sequence, 9);

    // A transaction that never lands times out with its hash.
    let err = client
        .wait_for_tx(&"AB".repeat(32), Duration::from_millis(500))
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::TxTimeout { .. }), "{err:?}");
}
