//! The cloud federation's gas: a lease request (the settlement token's `Send` whose hook
//! checks the quota, prices and escrows the lease), a release with billing (bill, payment to
//! the provider, refund, totals), and one usage record signed by the provider's metering
//! agent, on the same chain in the same run as the cw20 transfer they are compared with.
//!
//! The federation contract is the one the benchmark ledger's deployment plan instantiated
//! (against its registry and settlement token); two organisations of fresh accounts are set
//! up here: a provider whose agent key is registered, and a consumer whose user is funded in
//! the settlement token. Every call goes through the SDK.

use std::time::Duration;

use anyhow::{Context, bail};
use cosmwasm_std::{Binary, HexBinary, Uint128};
use ledger_client::{Gas, Signer};
use ledger_reading::signer::MeterKey;
use ledger_sdk::Sender;
use ledger_sdk::contracts::cloud::leases::lease_id_of;
use ledger_sdk::contracts::cloud::{Prices, Quota, Resources, SignedUsage, usage};
use ledger_sdk::contracts::registry::Role;

use crate::deploy::{self, Ledger};
use crate::report::Figures;

const PROVIDER: &str = "bench-cloud";
const CONSUMER: &str = "bench-lab";
/// What the user sends with its request: many hours of the lease at its price.
const ESCROW: u128 = 10_000_000;

/// Sets up a provider and a consumer on the ledger's federation contract, and records
/// `gas_cloud_lease_request`, `gas_cloud_usage_record` and `gas_cloud_release_billed`.
pub async fn measure(ledger: &Ledger, out: &mut Figures) -> anyhow::Result<()> {
    say("a provider and a consumer on the ledger's cloud federation");
    let sdk = &ledger.sdk;
    let client = &sdk.client;
    let federation = sdk
        .cloud_contract()
        .context("the benchmark's deployment has no cloud federation")?
        .to_string();

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
        sdk.cloud_register_organisation(
            &ledger.operator,
            org,
            &format!("{org} organisation"),
            &admin.address(),
            HexBinary::from(encryption_key.to_vec()),
        )
        .await?;
    }
    sdk.cloud_add_user(&consumer, CONSUMER, &user.address())
        .await?;
    let agent = MeterKey::generate();
    sdk.register_agent(&provider, &federation, PROVIDER, &agent.public_key())
        .await?;
    let quota = Quota {
        max_holding_seconds: 86_400,
        vcpus: 16,
        memory_mib: 65_536,
        disk_gib: 1_000,
        public_ips: 4,
        gpus: None,
    };
    sdk.cloud_set_quota(&provider, PROVIDER, CONSUMER, quota)
        .await?;
    let in_force = deploy::chain_now(client).await? + 3;
    let prices = Prices {
        per_vcpu_hour: 40,
        per_memory_gib_hour: 5,
        per_disk_gib_hour: 1,
        per_public_ip_hour: 10,
        per_gpu_hour: 0,
        per_gb_transferred: 8,
    };
    sdk.cloud_publish_prices(&provider, PROVIDER, prices, vec![], in_force)
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
    let resources = Resources {
        vcpus: 4,
        memory_mib: 8_192,
        disk_gib: 100,
        public_ips: 1,
        gpus: 0,
    };
    let requested = sdk
        .cloud_request_lease(
            &user,
            PROVIDER,
            resources,
            86_400,
            None,
            Uint128::new(ESCROW),
        )
        .await?;
    out.gas("gas_cloud_lease_request", requested.gas_used);
    let lease_id = lease_id_of(&requested).context("the lease request names no lease_id")?;
    sdk.cloud_accept_lease(&provider, lease_id).await?;

    say("one usage record signed by the provider's agent");
    let chain_id = client.config().chain_id.clone();
    let lease_start = sdk
        .cloud_lease(lease_id)
        .await?
        .started_at
        .with_context(|| format!("lease {lease_id} was accepted but has no start"))?;
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
    let released = sdk.cloud_release_lease(&user, lease_id).await?;
    out.gas("gas_cloud_release_billed", released.gas_used);
    Ok(())
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
