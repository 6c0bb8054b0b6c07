//! The cloud provider's metering agent (`meter-client agent`) against a lease of the
//! federation contract on the chain: records land with their sequences and GB, a restart
//! resumes the sequence, and a record after the lease closed is refused by its code, nothing
//! written.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use cosmwasm_std::{HexBinary, Uint128};
use ledger_client::{Client, Deployment, Gas, Signer};
use ledger_sdk::contracts::cloud::{
    ExecuteMsg, InstantiateMsg, Lease, LeaseStatus, Prices, QueryMsg, Quota, ReceiveMsg, Resources,
    codes,
};
use ledger_sdk::contracts::registry::Role;
use ledger_sdk::{Ledger, Sender};

use super::deployed::*;
use super::process::*;

const PROVIDER: &str = "agent-cloud";
const CONSUMER: &str = "agent-lab";
const AGENT_PASS: &str = "agent passphrase";

/// The federation contract beside the deployed ledger, with a provider, a consumer and its
/// funded user.
struct Cloud {
    ledger: Ledger,
    federation: String,
    provider: Sender,
    user: Sender,
}

async fn deploy_cloud(world: &World, client: &Client) -> Cloud {
    let admin = admin_signer();
    let wasm = std::fs::read(repo().join("artifacts/cloud_federation.wasm")).expect(
        "artifacts/cloud_federation.wasm: build the contracts with ./scripts/build-wasm.sh",
    );
    let code = again(|| client.store_code(&admin, wasm.clone())).await;
    let deployment = Deployment::load(world.deployment_file()).unwrap();
    let ledger = Ledger::new(client.clone(), deployment);
    let operator = Sender::new(client.clone(), world.operator());
    let (federation, _) = operator
        .instantiate(
            code,
            &InstantiateMsg {
                admin_contract: world.admin_contract.clone(),
                token: world.token.clone(),
                minimums: None,
            },
            "meter-client-test-cloud",
        )
        .await
        .unwrap();
    let fresh = || Sender::new(client.clone(), Signer::generate("wasm").unwrap());
    let (provider, consumer, user, banker) = (fresh(), fresh(), fresh(), fresh());
    for who in [&provider, &consumer, &user, &banker] {
        let to = who.address();
        again(|| client.send(&admin, &to, 1_000_000_000, Gas::Auto)).await;
    }
    for (who, roles) in [
        (&provider, vec![Role::CloudProvider]),
        (&consumer, vec![Role::CloudProvider]),
        (&user, vec![Role::CloudUser]),
        (&banker, vec![Role::BankOperator]),
    ] {
        ledger
            .register_participant(&operator, who.address(), "cloud test".into(), roles)
            .await
            .unwrap();
    }
    for (org, who) in [(PROVIDER, &provider), (CONSUMER, &consumer)] {
        let encryption_key = HexBinary::from(Signer::generate("wasm").unwrap().public_key_bytes());
        operator
            .execute(
                &federation,
                &ExecuteMsg::RegisterOrganisation {
                    id: org.into(),
                    name: format!("{org} test organisation"),
                    admin: who.address(),
                    encryption_key,
                },
            )
            .await
            .unwrap();
    }
    let exec = |who: &Sender, msg: ExecuteMsg| {
        let (who, federation) = (who.clone(), federation.clone());
        async move { who.execute(&federation, &msg).await.unwrap() }
    };
    exec(
        &consumer,
        ExecuteMsg::AddUser {
            org: CONSUMER.into(),
            user: user.address(),
        },
    )
    .await;
    exec(
        &provider,
        ExecuteMsg::SetQuota {
            provider: PROVIDER.into(),
            consumer: CONSUMER.into(),
            quota: Quota {
                max_holding_seconds: 86_400,
                vcpus: 8,
                memory_mib: 16_384,
                disk_gib: 200,
                public_ips: 1,
                gpus: None,
            },
        },
    )
    .await;
    let in_force = chain_now(client).await + 3;
    exec(
        &provider,
        ExecuteMsg::PublishPrices {
            provider: PROVIDER.into(),
            prices: Prices {
                per_vcpu_hour: 40,
                per_memory_gib_hour: 5,
                per_disk_gib_hour: 1,
                per_public_ip_hour: 10,
                per_gpu_hour: 0,
                per_gb_transferred: 8,
            },
            effective_from: in_force,
            instance_types: vec![],
        },
    )
    .await;
    ledger
        .deposit(
            &banker,
            unique("cloud-"),
            user.address(),
            Uint128::new(1_000_000),
            false,
        )
        .await
        .unwrap();
    wait_past(client, in_force).await;
    Cloud {
        ledger,
        federation,
        provider,
        user,
    }
}

async fn chain_now(client: &Client) -> u64 {
    let (_, time) = client.latest_height_and_time().await.unwrap();
    time.unix_timestamp() as u64
}

async fn wait_past(client: &Client, instant: u64) {
    while chain_now(client).await <= instant {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

impl Cloud {
    /// A lease requested by the user and accepted by the provider: its id and start.
    async fn running_lease(&self) -> (u64, u64) {
        let token = self.ledger.contracts().unwrap().token.clone();
        let request = ReceiveMsg::RequestLease {
            provider: PROVIDER.into(),
            resources: Some(Resources {
                vcpus: 2,
                memory_mib: 4_096,
                disk_gib: 50,
                public_ips: 1,
                gpus: 0,
            }),
            instance_type: None,
            holding_seconds: 7_200,
            terms: None,
        };
        let sent = self
            .ledger
            .cw20_send(
                &self.user,
                &token,
                &self.federation,
                Uint128::new(500_000),
                &request,
            )
            .await
            .unwrap();
        let lease_id: u64 = sent.attribute("wasm", "lease_id").unwrap().parse().unwrap();
        self.provider
            .execute(&self.federation, &ExecuteMsg::AcceptLease { lease_id })
            .await
            .unwrap();
        let started = self.lease(lease_id).await.started_at.unwrap();
        (lease_id, started)
    }

    async fn lease(&self, lease_id: u64) -> Lease {
        self.ledger
            .query(&self.federation, &QueryMsg::Lease { lease_id })
            .await
            .unwrap()
    }
}

/// `meter-client agent init` in `data`; returns the public key.
fn init_agent(data: &Path) -> Vec<u8> {
    let pass = data.with_extension("pass");
    write(&pass, &format!("{AGENT_PASS}\n"));
    let out = Command::new(BIN)
        .args(["agent", "init", "--insecure-fast-kdf", "--data-dir"])
        .arg(data)
        .arg("--passphrase-file")
        .arg(&pass)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hex_key = String::from_utf8(out.stdout).unwrap();
    let again = Command::new(BIN)
        .args(["agent", "pubkey", "--data-dir"])
        .arg(data)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(again.stdout).unwrap(), hex_key);
    hex::decode(hex_key.trim()).unwrap()
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn the_agent_meters_a_lease_resumes_after_a_restart_and_a_late_record_is_refused() {
    let world = world();
    let rt = runtime();
    let client = rt.block_on(connect());
    let cloud = rt.block_on(deploy_cloud(world, &client));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("agent");
    let pubkey = init_agent(&data);
    rt.block_on(
        cloud
            .ledger
            .register_agent(&cloud.provider, &cloud.federation, PROVIDER, &pubkey),
    )
    .unwrap();
    let (lease_id, s) = rt.block_on(cloud.running_lease());
    // Every period below has ended on the chain's clock before the agent sends it.
    rt.block_on(wait_past(&client, s + 4));

    let input = dir.path().join("usage.csv");
    let config = client.config();
    let args: Vec<String> = [
        "agent",
        "run",
        "--data-dir",
        data.to_str().unwrap(),
        "--federation",
        &cloud.federation,
        "--input",
        input.to_str().unwrap(),
        "--passphrase-file",
        data.with_extension("pass").to_str().unwrap(),
        "--node",
        &config.node,
        "--chain-id",
        &config.chain_id,
        "--gateway-key",
        world.gateway_key.to_str().unwrap(),
        "--backoff-cap",
        "2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let usage = |lines: &[(u64, &str)]| {
        let mut text = String::from("lease_id,period_start,period_end,gb\n");
        for (k, gb) in lines {
            text.push_str(&format!("{lease_id},{},{},{gb}\n", s + k, s + k + 1));
        }
        text
    };

    // 1.5 GB then 2.5: records of 1 GB (0.5 carried) and 3 GB.
    write(&input, &usage(&[(0, "1.5"), (1, "2.5")]));
    let log = spawn(&args, dir.path()).finish(Duration::from_secs(120));
    assert!(log.iter().any(|l| l.contains("usage records in a block")));
    let lease = rt.block_on(cloud.lease(lease_id));
    assert_eq!(
        (lease.usage_sequence, lease.usage_gb, lease.usage_until),
        (2, 4, s + 2)
    );

    // A restart reads the same figures again and one more: only the new one is signed, as
    // sequence 3.
    write(&input, &usage(&[(0, "1.5"), (1, "2.5"), (2, "1")]));
    let log = spawn(&args, dir.path()).finish(Duration::from_secs(120));
    assert!(
        log.iter().any(|l| l.contains("1 usage records signed")),
        "{log:?}"
    );
    let lease = rt.block_on(cloud.lease(lease_id));
    assert_eq!(
        (lease.usage_sequence, lease.usage_gb, lease.usage_until),
        (3, 5, s + 3)
    );

    // The user releases the lease; a late figure is signed as sequence 4, refused with
    // `cloud.lease_not_running`, and dropped; the lease's usage stays as it was.
    rt.block_on(
        cloud
            .user
            .execute(&cloud.federation, &ExecuteMsg::ReleaseLease { lease_id }),
    )
    .unwrap();
    write(
        &input,
        &usage(&[(0, "1.5"), (1, "2.5"), (2, "1"), (3, "2")]),
    );
    let log = spawn(&args, dir.path()).finish(Duration::from_secs(120));
    assert!(
        log.iter()
            .any(|l| l.contains("no longer running") && l.contains("dropped")),
        "{log:?}"
    );
    let dropped = std::fs::read_to_string(data.join("usage-dropped.jsonl")).unwrap();
    let line: serde_json::Value = serde_json::from_str(dropped.trim()).unwrap();
    assert_eq!(line["code"], codes::LEASE_NOT_RUNNING);
    assert_eq!(
        (line["lease_id"].as_u64(), line["sequence"].as_u64()),
        (Some(lease_id), Some(4))
    );
    let lease = rt.block_on(cloud.lease(lease_id));
    assert_eq!(lease.status, LeaseStatus::Closed);
    assert_eq!(
        (lease.usage_sequence, lease.usage_gb, lease.usage_until),
        (3, 5, s + 3)
    );
}
