//! The cloud federation's gas: a lease request (the settlement token's `Send` whose hook
//! checks the quota, prices and escrows the lease), a release with billing (bill, payment to
//! the provider, refund, totals), and one usage record signed by the provider's metering
//! agent, on the same chain in the same run as the cw20 transfer they are compared with.
//!
//! The federation contract is deployed here, beside the benchmark's ledger (its registry and
//! settlement token), with two organisations of fresh accounts: a provider whose agent key is
//! registered, and a consumer whose user is funded in the settlement token.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, bail};
use cosmwasm_std::{Binary, HexBinary, Uint128};
use ledger_client::{Gas, Signer};
use ledger_reading::signer::MeterKey;
use ledger_sdk::Sender;
use ledger_sdk::contracts::cloud::{
    ExecuteMsg, InstantiateMsg, Prices, Quota, ReceiveMsg, Resources, SignedUsage, usage,
};
use ledger_sdk::contracts::registry::Role;
use ledger_sdk::deploy::store_artifact;

use crate::deploy::{self, Ledger};
use crate::report::Figures;

const ARTIFACTS: &str = "artifacts";
const FEDERATION_FILE: &str = "cloud_federation.wasm";
const PROVIDER: &str = "bench-cloud";
const CONSUMER: &str = "bench-lab";
/// What the user sends with its request: many hours of the lease at its price.
const ESCROW: u128 = 10_000_000;

/// Deploys the federation contract with a provider and a consumer, and records
/// `gas_cloud_lease_request`, `gas_cloud_usage_record` and `gas_cloud_release_billed`.
pub async fn measure(
    ledger: &Ledger,
    uploader: &Sender,
    repo: &Path,
    out: &mut Figures,
) -> anyhow::Result<()> {
    say("deploying the cloud federation with a provider and a consumer");
    let sdk = &ledger.sdk;
    let client = &sdk.client;
    let code_id = store_artifact(uploader, &repo.join(ARTIFACTS), FEDERATION_FILE)
        .await
        .context("storing the cloud federation contract (scripts/build-wasm.sh builds it)")?;
    let contracts = sdk.contracts()?;
    let (federation, _) = ledger
        .operator
        .instantiate(
            code_id,
            &InstantiateMsg {
                admin_contract: contracts.admin.clone(),
                token: contracts.token.clone(),
            },
            "bench-cloud-federation",
        )
        .await?;
    let token = contracts.token.clone();

    let provider = Sender::new(client.clone(), Signer::generate("wasm")?);
    let consumer = Sender::new(client.clone(), Signer::generate("wasm")?);
    let user = Sender::new(client.clone(), Signer::generate("wasm")?);
    for who in [&provider, &consumer, &user] {
        client
            .send(
                ledger.gateway.signer(),
                &who.address(),
                1_000_000_000,
                Gas::Auto,
            )
            .await?;
    }
    ledger
        .operator
        .execute_all(vec![
            sdk.register_participant_call(
                provider.address(),
                "Bench cloud provider".into(),
                vec![Role::CloudProvider],
            )?,
            sdk.register_participant_call(
                consumer.address(),
                "Bench cloud consumer".into(),
                vec![Role::CloudProvider],
            )?,
            sdk.register_participant_call(
                user.address(),
                "Bench cloud user".into(),
                vec![Role::CloudUser],
            )?,
        ])
        .await?;
    for (org, admin) in [(PROVIDER, &provider), (CONSUMER, &consumer)] {
        let encryption_key = MeterKey::generate().public_key();
        ledger
            .operator
            .execute(
                &federation,
                &ExecuteMsg::RegisterOrganisation {
                    id: org.into(),
                    name: format!("{org} organisation"),
                    admin: admin.address(),
                    encryption_key: HexBinary::from(encryption_key.to_vec()),
                },
            )
            .await?;
    }
    consumer
        .execute(
            &federation,
            &ExecuteMsg::AddUser {
                org: CONSUMER.into(),
                user: user.address(),
            },
        )
        .await?;
    let agent = MeterKey::generate();
    sdk.register_agent(&provider, &federation, PROVIDER, &agent.public_key())
        .await?;
    provider
        .execute(
            &federation,
            &ExecuteMsg::SetQuota {
                provider: PROVIDER.into(),
                consumer: CONSUMER.into(),
                quota: Quota {
                    max_holding_seconds: 86_400,
                    vcpus: 16,
                    memory_mib: 65_536,
                    disk_gib: 1_000,
                    public_ips: 4,
                    gpus: None,
                },
            },
        )
        .await?;
    let in_force = deploy::chain_now(client).await? + 3;
    provider
        .execute(
            &federation,
            &ExecuteMsg::PublishPrices {
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
            },
        )
        .await?;
    sdk.deposit(
        &ledger.operator,
        "bench-cloud-user".into(),
        user.address(),
        Uint128::new(ESCROW),
        false,
    )
    .await?;
    wait_past(ledger, in_force).await?;

    say("a lease request (cw20 Send with the RequestLease hook), accepted");
    let request = ReceiveMsg::RequestLease {
        provider: PROVIDER.into(),
        resources: Resources {
            vcpus: 4,
            memory_mib: 8_192,
            disk_gib: 100,
            public_ips: 1,
            gpus: 0,
        },
        holding_seconds: 86_400,
        terms: None,
    };
    let requested = sdk
        .cw20_send(&user, &token, &federation, Uint128::new(ESCROW), &request)
        .await?;
    out.gas("gas_cloud_lease_request", requested.gas_used);
    let lease_id: u64 = requested
        .attribute("wasm", "lease_id")
        .context("the lease request names no lease_id")?
        .parse()?;
    provider
        .execute(&federation, &ExecuteMsg::AcceptLease { lease_id })
        .await?;

    say("one usage record signed by the provider's agent");
    let chain_id = client.config().chain_id.clone();
    let lease_start = started_at(ledger, &federation, lease_id).await?;
    wait_past(ledger, lease_start + 2).await?;
    let mut record = SignedUsage {
        lease_id,
        sequence: 1,
        gb: 12,
        period_start: lease_start,
        period_end: lease_start + 1,
        signature: Binary::default(),
    };
    let digest = usage::digest(&chain_id, &federation, &record);
    record.signature = Binary::from(agent.sign_digest(&digest).to_vec());
    let submitted = sdk
        .submit_usage(&ledger.gateway, &federation, vec![record])
        .await?;
    out.gas("gas_cloud_usage_record", submitted.gas_used);
    if sdk.lease_usage(&federation, lease_id).await?.usage_gb != 12 {
        bail!("the usage record was not counted on lease {lease_id}");
    }

    say("a release with billing (bill, payment to the provider, refund, totals)");
    let released = user
        .execute(&federation, &ExecuteMsg::ReleaseLease { lease_id })
        .await?;
    out.gas("gas_cloud_release_billed", released.gas_used);
    Ok(())
}

/// When the lease was accepted, as the contract recorded it.
async fn started_at(ledger: &Ledger, federation: &str, lease_id: u64) -> anyhow::Result<u64> {
    let lease: ledger_sdk::contracts::cloud::Lease = ledger
        .sdk
        .query(
            federation,
            &ledger_sdk::contracts::cloud::QueryMsg::Lease { lease_id },
        )
        .await?;
    lease
        .started_at
        .with_context(|| format!("lease {lease_id} was accepted but has no start"))
}

/// Waits until the chain's clock is past `instant`.
async fn wait_past(ledger: &Ledger, instant: u64) -> anyhow::Result<()> {
    while deploy::chain_now(&ledger.sdk.client).await? <= instant {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Ok(())
}

fn say(message: &str) {
    eprintln!("bench: gas: cloud: {message}");
}
