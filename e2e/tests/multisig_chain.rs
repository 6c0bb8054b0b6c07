//! Issue 11, emergency controls on the real chain: the registry's administrator is a 2-of-3
//! cw3 multisig (`artifacts/multisig.wasm`), handed over through the time lock, and a key
//! operation then needs two signatures.
//!
//! 1. A registry is deployed (the SDK's deployment plan, core contracts) with a short time
//!    lock (20 s) and a 2-of-3 multisig of three fresh accounts.
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

use std::time::Duration;

use e2e::chain::{ensure_running, signer};
use e2e::repo;
use ledger_client::{Client, ClientError, Gas, Signer};
use ledger_sdk::contracts::multisig::{self, Status, Threshold, Vote, Voter};
use ledger_sdk::contracts::registry::{ExecuteMsg, Role, TimelockedAction, codes};
use ledger_sdk::deploy::{Artifacts, Code, DeployPlan, DeploySettings, Quiet, store_artifact};
use ledger_sdk::{Error, Ledger, Sender};
use ledger_types::error_code;

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
    Fut: std::future::Future<Output = Result<T, Error>>,
{
    for attempt in 0.. {
        match call().await {
            Ok(v) => return v,
            Err(Error::Client(
                e @ (ClientError::SequenceMismatch { .. } | ClientError::AlreadyInMempool { .. }),
            )) if attempt < 5 => {
                eprintln!("retrying: {e}");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Err(e) => panic!("{e}"),
        }
    }
    unreachable!()
}

/// A proposal of `msg` to the registry by `member` (its vote counts); returns its id.
async fn propose(
    ledger: &Ledger,
    member: &Sender,
    multisig: &str,
    title: &str,
    msg: &ExecuteMsg,
) -> u64 {
    let registry = ledger.registry_contract().unwrap();
    let call = multisig::wasm_execute(registry, msg).unwrap();
    let outcome =
        again(|| ledger.multisig_propose(member, multisig, title, vec![call.clone()])).await;
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

async fn proposal_status(ledger: &Ledger, multisig: &str, id: u64) -> Status {
    ledger.multisig_proposal(multisig, id).await.unwrap().status
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn a_two_of_three_multisig_administers_the_registry() {
    ensure_running();
    runtime().block_on(async {
        let client = Client::connect(e2e::chain::main_config())
            .await
            .expect("the localnet runs: start it with localnet/start.sh");
        let admin = signer("admin");
        let members: Vec<Signer> = (0..3).map(|_| Signer::generate("wasm").unwrap()).collect();
        for m in &members {
            let to = m.address().to_string();
            again(|| async { Ok(client.send(&admin, &to, 10_000_000_000, Gas::Auto).await?) })
                .await;
        }
        let admin = Sender::new(client.clone(), admin);
        let members: Vec<Sender> = members
            .into_iter()
            .map(|m| Sender::new(client.clone(), m))
            .collect();

        // 1. The registry (the deployment plan on the core contracts, with a short time lock)
        // and the multisig.
        let artifacts = repo().join("artifacts");
        let plan = DeployPlan::new(Artifacts::read_only(&artifacts, &Code::CORE).unwrap())
            .settings(DeploySettings {
                timelock_delay_seconds: DELAY,
                label: "multisig-test".into(),
                ..DeploySettings::default()
            });
        let ledger = Ledger::new(
            client.clone(),
            again(|| async { plan.run(&admin, &mut Quiet).await }).await,
        );
        let registry = ledger.registry_contract().unwrap().to_string();
        let multisig_code = again(|| store_artifact(&admin, &artifacts, "multisig.wasm")).await;
        let me = admin.address();
        let voters = members
            .iter()
            .map(|m| Voter {
                addr: m.address(),
                weight: 1,
            })
            .collect::<Vec<_>>();
        let multisig = again(|| {
            ledger.instantiate_multisig(
                &admin,
                multisig_code,
                voters.clone(),
                Threshold::AbsoluteCount { weight: 2 },
                multisig::Duration::Time(3600),
                "multisig-test-consortium",
            )
        })
        .await;
        eprintln!("registry {registry}, multisig {multisig}");

        // 2. The transfer, through the time lock.
        again(|| ledger.propose_admin(&admin, multisig.clone())).await;
        let pending = ledger.timelocked_operations().await.unwrap();
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
            &ledger,
            &members[0],
            &multisig,
            "take the registry's administrator role",
            &ExecuteMsg::AcceptAdmin {},
        )
        .await;
        again(|| ledger.multisig_vote(&members[1], &multisig, accept, Vote::Yes)).await;
        assert_eq!(
            proposal_status(&ledger, &multisig, accept).await,
            Status::Passed
        );
        let early = ledger
            .multisig_execute(&members[2], &multisig, accept)
            .await;
        // Unless the chain was slow enough for the delay to pass already.
        if chain_time(&client).await < op.effective_at {
            let err = early.expect_err("accepting before the time lock has passed");
            assert_eq!(
                error_code::code_in(&err.to_string()),
                Some(codes::TIMELOCK_NOT_ELAPSED),
                "{err}"
            );
            let still = ledger.registry_admin().await.unwrap();
            assert_eq!(still.admin.as_str(), me);
            wait_for_time(&client, op.effective_at + 1).await;
            again(|| ledger.multisig_execute(&members[2], &multisig, accept)).await;
        } else {
            early.expect("the time lock has passed");
        }
        let now_admin = ledger.registry_admin().await.unwrap();
        assert_eq!(now_admin.admin.as_str(), multisig);
        assert_eq!(now_admin.pending, None);

        // 3. A key operation needs two signatures.
        let dave = Signer::generate("wasm").unwrap().address().to_string();
        let register = ExecuteMsg::RegisterParticipant {
            address: dave.clone(),
            name: "Dave".to_string(),
            roles: vec![Role::Consumer],
        };
        // The former administrator alone is refused.
        let err = ledger
            .registry_execute(&admin, &register)
            .await
            .expect_err("the former administrator has no power left");
        assert_eq!(
            error_code::code_in(&err.to_string()),
            Some(codes::NOT_ADMIN),
            "{err}"
        );
        let id = propose(&ledger, &members[1], &multisig, "register Dave", &register).await;
        assert_eq!(proposal_status(&ledger, &multisig, id).await, Status::Open);
        ledger
            .multisig_execute(&members[1], &multisig, id)
            .await
            .expect_err("one signature does not execute");
        let missing = ledger.participant(&dave).await;
        assert!(missing.is_err(), "{missing:?}");

        again(|| ledger.multisig_vote(&members[2], &multisig, id, Vote::Yes)).await;
        again(|| ledger.multisig_execute(&members[0], &multisig, id)).await;
        assert_eq!(
            proposal_status(&ledger, &multisig, id).await,
            Status::Executed
        );
        let dave_record = ledger.participant(&dave).await.unwrap();
        assert_eq!(dave_record.roles, vec![Role::Consumer]);
    });
}
