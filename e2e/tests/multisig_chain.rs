//! Issue 11, emergency controls on the real chain: the registry's administrator is a 2-of-3
//! cw3 multisig (`artifacts/multisig.wasm`), handed over through the time lock, and a key
//! operation then needs two signatures.
//!
//! 1. A registry is deployed with a short time lock (20 s) and a 2-of-3 multisig of three
//!    fresh accounts.
//! 2. The administrator proposes the multisig; the multisig's own proposal to `AcceptAdmin`
//!    passes at once with two votes, but executing it before the time lock has passed is
//!    refused with `admin.timelock_not_elapsed`; after it, it executes and the multisig is the
//!    administrator.
//! 3. `RegisterParticipant` proposed by one member: with one vote (the proposer's) it cannot
//!    be executed and nothing is registered; after a second member's vote it executes and the
//!    participant is registered.
//!
//! ```sh
//! flock /tmp/ledger-localnet.lock env CHAIN_TEST_SUITES="e2e/multisig_chain" make chain-test
//! ```

#![cfg(feature = "chain-tests")]

use std::time::Duration;

use e2e::chain::{ensure_running, signer};
use e2e::repo;
use ledger_client::{ChainConfig, Client, ClientError, Gas, Signer};
use ledger_types::admin::{
    self, AdminResponse, Participant, Role, TimelockedAction, TimelockedOperationsResponse,
};
use ledger_types::billing::MeterSettings;
use ledger_types::error_code;
use serde_json::{Value, json};

const DELAY: u64 = 20;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Retries what a busy localnet refuses for reasons of its own (sequence races).
async fn again<T, F, Fut>(mut call: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ClientError>>,
{
    for attempt in 0.. {
        match call().await {
            Ok(v) => return v,
            Err(
                e @ (ClientError::SequenceMismatch { .. } | ClientError::AlreadyInMempool { .. }),
            ) if attempt < 5 => {
                eprintln!("retrying: {e}");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Err(e) => panic!("{e}"),
        }
    }
    unreachable!()
}

async fn store(client: &Client, by: &Signer, name: &str) -> u64 {
    let path = repo().join("artifacts").join(format!("{name}.wasm"));
    let wasm = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run `make wasm` first", path.display()));
    again(|| client.store_code(by, wasm.clone())).await
}

async fn execute(client: &Client, by: &Signer, contract: &str, msg: &Value) {
    again(|| client.execute(by, contract, msg, vec![])).await;
}

fn wasm_execute(contract: &str, msg: &admin::ExecuteMsg) -> Value {
    let bytes = serde_json::to_vec(msg).unwrap();
    json!({ "wasm": { "execute": {
        "contract_addr": contract,
        "msg": cosmwasm_std::Binary::from(bytes).to_base64(),
        "funds": []
    }}})
}

/// A proposal of `msg` to the registry by `member` (its vote counts); returns its id.
async fn propose(
    client: &Client,
    member: &Signer,
    multisig: &str,
    registry: &str,
    title: &str,
    msg: &admin::ExecuteMsg,
) -> u64 {
    let propose = json!({ "propose": {
        "title": title,
        "description": title,
        "msgs": [wasm_execute(registry, msg)],
    }});
    let outcome = again(|| client.execute(member, multisig, &propose, vec![])).await;
    outcome
        .attribute("wasm", "proposal_id")
        .expect("the multisig names the proposal")
        .parse()
        .unwrap()
}

/// The chain's latest block time, unix seconds (asked on this runtime: `e2e::chain`'s helpers
/// start runtimes of their own).
async fn chain_time(client: &Client) -> u64 {
    let (_, time) = client.latest_height_and_time().await.unwrap();
    u64::try_from(time.unix_timestamp()).unwrap()
}

async fn wait_for_time(client: &Client, unix: u64) {
    for _ in 0..240 {
        if chain_time(client).await >= unix {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("the chain's clock did not reach {unix} in two minutes");
}

async fn proposal_status(client: &Client, multisig: &str, id: u64) -> String {
    let p: Value = client
        .query_smart(multisig, &json!({ "proposal": { "proposal_id": id } }))
        .await
        .unwrap();
    p["status"].as_str().unwrap().to_string()
}

#[test]
fn a_two_of_three_multisig_administers_the_registry() {
    ensure_running();
    runtime().block_on(async {
        let client = Client::connect(ChainConfig::localnet())
            .await
            .expect("the localnet runs: start it with localnet/start.sh");
        let admin = signer("admin");
        let members: Vec<Signer> = (0..3).map(|_| Signer::generate("wasm").unwrap()).collect();
        for m in &members {
            let to = m.address().to_string();
            again(|| client.send(&admin, &to, 10_000_000_000, Gas::Auto)).await;
        }

        // 1. The registry and the multisig.
        let registry_code = store(&client, &admin, "admin").await;
        let multisig_code = store(&client, &admin, "multisig").await;
        let me = admin.address().to_string();
        let registry = client
            .instantiate(
                &admin,
                registry_code,
                &admin::InstantiateMsg {
                    admin: Some(me.clone()),
                    // No meter is registered here; any stored code id will do.
                    meter_code_id: registry_code,
                    meter_settings: MeterSettings::default(),
                    timelock_delay_seconds: Some(DELAY),
                },
                "multisig-test-registry",
                Some(&me),
            )
            .await
            .unwrap();
        let voters: Vec<Value> = members
            .iter()
            .map(|m| json!({ "addr": m.address().to_string(), "weight": 1 }))
            .collect();
        let multisig = client
            .instantiate(
                &admin,
                multisig_code,
                &json!({
                    "voters": voters,
                    "threshold": { "absolute_count": { "weight": 2 } },
                    "max_voting_period": { "time": 3600 },
                }),
                "multisig-test-consortium",
                Some(&me),
            )
            .await
            .unwrap();
        eprintln!("registry {registry}, multisig {multisig}");

        // 2. The transfer, through the time lock.
        let propose_admin = admin::ExecuteMsg::ProposeAdmin {
            address: multisig.clone(),
        };
        execute(
            &client,
            &admin,
            &registry,
            &serde_json::to_value(&propose_admin).unwrap(),
        )
        .await;
        let pending: TimelockedOperationsResponse = client
            .query_smart(
                &registry,
                &admin::QueryMsg::TimelockedOperations {
                    start_after: None,
                    limit: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(pending.delay_seconds, DELAY);
        assert_eq!(pending.operations.len(), 1);
        let op = &pending.operations[0];
        assert_eq!(
            op.action,
            TimelockedAction::TransferAdmin {
                to: cosmwasm_std::Addr::unchecked(&multisig)
            }
        );
        assert_eq!(op.effective_at, op.scheduled_at + DELAY);

        let accept = propose(
            &client,
            &members[0],
            &multisig,
            &registry,
            "take the registry's administrator role",
            &admin::ExecuteMsg::AcceptAdmin {},
        )
        .await;
        execute(
            &client,
            &members[1],
            &multisig,
            &json!({ "vote": { "proposal_id": accept, "vote": "yes" } }),
        )
        .await;
        assert_eq!(proposal_status(&client, &multisig, accept).await, "passed");
        let early = client
            .execute(
                &members[2],
                &multisig,
                &json!({ "execute": { "proposal_id": accept } }),
                vec![],
            )
            .await;
        // Unless the chain was slow enough for the delay to pass already.
        if chain_time(&client).await < op.effective_at {
            let err = early.expect_err("accepting before the time lock has passed");
            assert_eq!(
                error_code::code_in(&err.to_string()),
                Some(admin::codes::TIMELOCK_NOT_ELAPSED),
                "{err}"
            );
            let still: AdminResponse = client
                .query_smart(&registry, &admin::QueryMsg::Admin {})
                .await
                .unwrap();
            assert_eq!(still.admin.as_str(), me);
            wait_for_time(&client, op.effective_at + 1).await;
            execute(
                &client,
                &members[2],
                &multisig,
                &json!({ "execute": { "proposal_id": accept } }),
            )
            .await;
        } else {
            early.expect("the time lock has passed");
        }
        let now_admin: AdminResponse = client
            .query_smart(&registry, &admin::QueryMsg::Admin {})
            .await
            .unwrap();
        assert_eq!(now_admin.admin.as_str(), multisig);
        assert_eq!(now_admin.pending, None);

        // 3. A key operation needs two signatures.
        let dave = Signer::generate("wasm").unwrap().address().to_string();
        let register = admin::ExecuteMsg::RegisterParticipant {
            address: dave.clone(),
            name: "Dave".to_string(),
            roles: vec![Role::Consumer],
        };
        // The former administrator alone is refused.
        let err = client
            .execute(&admin, &registry, &register, vec![])
            .await
            .expect_err("the former administrator has no power left");
        assert_eq!(
            error_code::code_in(&err.to_string()),
            Some(admin::codes::NOT_ADMIN),
            "{err}"
        );
        let id = propose(
            &client,
            &members[1],
            &multisig,
            &registry,
            "register Dave",
            &register,
        )
        .await;
        assert_eq!(proposal_status(&client, &multisig, id).await, "open");
        client
            .execute(
                &members[1],
                &multisig,
                &json!({ "execute": { "proposal_id": id } }),
                vec![],
            )
            .await
            .expect_err("one signature does not execute");
        let missing = client
            .query_smart::<Participant>(
                &registry,
                &admin::QueryMsg::Participant {
                    address: dave.clone(),
                },
            )
            .await;
        assert!(missing.is_err(), "{missing:?}");

        execute(
            &client,
            &members[2],
            &multisig,
            &json!({ "vote": { "proposal_id": id, "vote": "yes" } }),
        )
        .await;
        execute(
            &client,
            &members[0],
            &multisig,
            &json!({ "execute": { "proposal_id": id } }),
        )
        .await;
        assert_eq!(proposal_status(&client, &multisig, id).await, "executed");
        let dave_record: Participant = client
            .query_smart(
                &registry,
                &admin::QueryMsg::Participant {
                    address: dave.clone(),
                },
            )
            .await
            .unwrap();
        assert_eq!(dave_record.roles, vec![Role::Consumer]);
    });
}
