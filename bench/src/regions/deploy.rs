//! The regional ledger of the benchmark: the core contracts on the main chain, the router and
//! an endpoint, registry and tariff on each sub-chain (the SDK's `DeployPlan` and
//! `RegionPlan`), the router's channels linked, and each region's meters onboarded through the
//! router: a fleet for the ingestion windows and a few meters on a short cycle whose bills
//! measure the round trip.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use cosmwasm_std::{Binary, Uint128};
use ledger_client::{ChainConfig, Client, Deployment, Signer, msgs};
use ledger_reading::signer::MeterKey;
use ledger_sdk::contracts::registry::MeterKind;
use ledger_sdk::contracts::registry::{RegisterMeter, Role};
use ledger_sdk::contracts::router::RegionChannel;
use ledger_sdk::contracts::tariff::TariffComponents;
use ledger_sdk::deploy::{
    Artifacts, Code, DeployPlan, DeploySettings, Progress, RegionPlan, RegionSettings,
};
use ledger_sdk::{Ledger as SdkLedger, Sender};
use ledger_types::billing::{BillingCycle, MeterSettings, PaymentSchedule};
use ledger_types::router::RouteState;

use super::chains::{RegionChain, Regions};
use crate::deploy::{COMPRESSED_DAY, TARIFF, chain_now, settings};
use crate::fleet::{self, Fleet};
use crate::localnet::Localnet;
use crate::tx;

/// Registrations per main-chain transaction (each sends a packet to the region).
const REGISTER_CHUNK: usize = 100;
/// Seconds per day of the bill meters' cycle; two days make a period.
pub const BILL_DAY_SECONDS: u64 = 15;
/// Days of the bill meters' cycle.
pub const BILL_DAYS: u32 = 2;
/// A packet waits this long for the relayer before it times out and is sent again.
const PACKET_TIMEOUT_SECONDS: u64 = 300;

/// How much of each region to set up.
pub struct Sizes {
    /// Fleet meters per region.
    pub meters: u32,
    /// Loader accounts per region.
    pub loaders: usize,
    /// Bill meters per region (the latency samples).
    pub bills: u32,
}

/// One region of the benchmark's regional ledger.
pub struct Region {
    pub chain: RegionChain,
    /// The ledger on the region's chain.
    pub sdk: SdkLedger,
    /// The deploying key, on the region's chain.
    pub operator: Sender,
    pub loaders: Vec<Signer>,
    pub fleet: Fleet,
    /// The bill meters: one consumer's meter contract on the short cycle.
    pub bills: BillMeters,
}

/// Meters whose periods are closed to time the bills' round trip.
pub struct BillMeters {
    /// Their consumer (whose prepaid balance pays the bills).
    pub owner: String,
    pub contract: String,
    pub ids: Vec<String>,
    pub keys: Vec<MeterKey>,
    /// Start of their cycle (unix seconds).
    pub origin: u64,
}

/// Where the two cycles of a region's meter contracts start (unix seconds).
#[derive(Clone, Copy)]
struct Origins {
    /// The bill meters' short periods.
    bills: u64,
    /// The fleet's compressed cycle.
    fleet: u64,
}

/// The regional ledger.
pub struct RegionalLedger {
    /// The main chain's ledger (router, registry, bank).
    pub main: SdkLedger,
    /// The deploying key on the main chain: administrator, retailer and bank operator.
    pub operator: Sender,
    pub regions: Vec<Region>,
}

struct Say;

impl Progress for Say {
    fn begin(&mut self, what: &str) {
        say(what);
    }
    fn done(&mut self, _: &str) {}
}

fn say(message: &str) {
    eprintln!("bench: regions: {message}");
}

/// Polls `check` every half second until it returns `Some`; fails naming `what` after `limit`.
pub async fn eventually<T, F, Fut>(what: &str, limit: Duration, mut check: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(v) = check().await {
            return Ok(v);
        }
        if started.elapsed() > limit {
            bail!(
                "{what}: not within {} s; `relayer/regions.sh status` and relayer/data/relayer.log \
                 show whether the relayer runs",
                limit.as_secs()
            );
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The bill meters' settings: periods of two 15-second days, the final instalment due at once.
fn bill_settings(origin: u64) -> MeterSettings {
    MeterSettings {
        cycle: BillingCycle::Days {
            origin,
            days: BILL_DAYS,
            day_seconds: BILL_DAY_SECONDS,
        },
        schedule: PaymentSchedule {
            advances: Vec::new(),
            final_day: 1,
        },
        ..settings(origin, BILL_DAYS, BILL_DAY_SECONDS)
    }
}

/// Deploys the regional ledger over the main chain of `main_client` and `regions`, links it
/// and onboards every region's meters.
pub async fn deploy(
    main_client: &Client,
    localnet: &Localnet,
    repo: &Path,
    work: &Path,
    regions: &Regions,
    sizes: &Sizes,
) -> anyhow::Result<RegionalLedger> {
    // The localnet's admin account exists on every chain and may upload code there.
    let admin = localnet.account("admin")?;
    let operator = Sender::new(main_client.clone(), admin.clone());
    let now = chain_now(main_client).await?;
    let period = BILL_DAY_SECONDS * u64::from(BILL_DAYS);
    let bill_origin = now - now % period;
    let fleet_origin = now;
    let artifacts = repo.join("artifacts");
    let deployment_file = work.join("deployment.json");
    let mut deployment: Deployment =
        DeployPlan::new(Artifacts::read_only(&artifacts, &Code::CORE)?)
            .settings(DeploySettings {
                meter_settings: settings(fleet_origin, 30, COMPRESSED_DAY),
                label: "bench-regions".into(),
                ..DeploySettings::default()
            })
            .write_to(&deployment_file)
            .run(&operator, &mut Say)
            .await
            .context("deploying the regional ledger's main chain")?;
    let mut codes = Code::REGION.to_vec();
    codes.push(Code::Router);
    let region_artifacts = Artifacts::read_only(&artifacts, &codes)?;
    for chain in &regions.chains {
        let client = connect(chain).await?;
        RegionPlan::new(
            chain.name.clone(),
            region_artifacts.clone(),
            chain.main_connection.clone(),
            chain.region_connection.clone(),
        )
        .settings(RegionSettings {
            meter_settings: Some(bill_settings(bill_origin)),
            timeout_seconds: PACKET_TIMEOUT_SECONDS,
            label: "bench-regions".into(),
            ..RegionSettings::default()
        })
        .write_to(&deployment_file)
        .run(&operator, &operator.on(client), &mut deployment, &mut Say)
        .await
        .with_context(|| format!("deploying {}", chain.name))?;
    }
    let main = SdkLedger::new(main_client.clone(), deployment.clone());
    let router = deployment
        .contracts
        .router
        .clone()
        .context("the deployment has no router")?;
    for region in &deployment.regions {
        say(&format!(
            "linking the router to {}'s endpoint",
            region.region
        ));
        regions.link(&region.region, &router, &region.contracts.endpoint)?;
        let name = region.region.clone();
        eventually(
            "the router sees its channel open",
            Duration::from_secs(60),
            || async {
                matches!(
                    main.route_region(&name).await.ok()?.channel,
                    RegionChannel::Open { .. }
                )
                .then_some(())
            },
        )
        .await?;
    }

    let mut out = Vec::new();
    for (k, chain) in regions.chains.iter().enumerate() {
        out.push(
            onboard(
                &main,
                regions,
                &operator,
                chain,
                k,
                sizes,
                Origins {
                    bills: bill_origin,
                    fleet: fleet_origin,
                },
            )
            .await?,
        );
    }
    Ok(RegionalLedger {
        main,
        operator,
        regions: out,
    })
}

async fn connect(chain: &RegionChain) -> anyhow::Result<Client> {
    Client::connect(ChainConfig {
        node: chain.node.clone(),
        chain_id: chain.chain_id.clone(),
        ..ChainConfig::localnet()
    })
    .await
    .with_context(|| format!("{} ({}) does not answer", chain.name, chain.node))
}

fn registration(
    operator: &Sender,
    owner: &str,
    id: &str,
    key: &MeterKey,
    region: &str,
) -> RegisterMeter {
    RegisterMeter {
        meter_id: id.to_string(),
        owner: owner.to_string(),
        retailer: operator.address(),
        pubkey: Binary::from(key.public_key().to_vec()),
        tariff_id: TARIFF.to_string(),
        initial_register_wh: fleet::INITIAL_REGISTER,
        contracted_monthly_amount: Uint128::zero(),
        region: Some(region.to_string()),
        kind: MeterKind::Consumption,
    }
}

/// Registers `meters` of `owner` through the main registry, `REGISTER_CHUNK` per transaction,
/// and waits until the region holds them all; returns their meter contract.
async fn register(
    main: &SdkLedger,
    regions: &Regions,
    region: &SdkLedger,
    operator: &Sender,
    owner: &str,
    meters: &[(String, &MeterKey)],
    region_name: &str,
) -> anyhow::Result<String> {
    for chunk in meters.chunks(REGISTER_CHUNK) {
        let calls = chunk
            .iter()
            .map(|(id, key)| {
                main.register_meter_call(registration(operator, owner, id, key, region_name))
            })
            .collect::<Result<Vec<_>, _>>()?;
        operator.execute_all(calls).await?;
    }
    let limit = Duration::from_secs(120 + meters.len() as u64 / 5);
    let contract = eventually(
        "the region creates the consumer's meter contract",
        limit,
        || async {
            region
                .region_consumer(owner)
                .await
                .ok()?
                .contract
                .map(|a| a.to_string())
        },
    )
    .await?;
    let want = meters.len();
    eventually("the region registers every meter", limit, || async {
        let held = region
            .meter_states(&contract, ledger_sdk::paging::ALL)
            .await
            .ok()?;
        (held.items.len() >= want).then_some(())
    })
    .await?;
    acknowledged(main, regions, region_name, meters.len()).await?;
    Ok(contract)
}

/// Meters of `region` whose registration the router has seen acknowledged.
async fn active_routes(main: &SdkLedger, region: &str) -> Option<usize> {
    let routes = main.routes(region, ledger_sdk::paging::ALL).await.ok()?;
    Some(
        routes
            .items
            .iter()
            .filter(|r| matches!(r.state, RouteState::Active { .. }))
            .count(),
    )
}

/// Waits until the router has every registration of `region` acknowledged, so that the
/// measurements start with nothing left to relay. After a burst of registrations the relayer
/// (v2.6.0) was seen to stop relaying one path, its flush reporting the acknowledgements still
/// pending, until it was restarted: a minute without progress restarts it, once.
async fn acknowledged(
    main: &SdkLedger,
    regions: &Regions,
    region: &str,
    added: usize,
) -> anyhow::Result<()> {
    let total = main
        .routes(region, ledger_sdk::paging::ALL)
        .await?
        .items
        .len();
    let want = total.max(added);
    let stall = Duration::from_secs(60);
    let mut restarted = false;
    loop {
        let mut last = active_routes(main, region).await.unwrap_or(0);
        let mut since = Instant::now();
        while last < want && since.elapsed() < stall {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let now = active_routes(main, region).await.unwrap_or(last);
            if now > last {
                last = now;
                since = Instant::now();
            }
        }
        if last >= want {
            return Ok(());
        }
        if restarted {
            bail!(
                "the router has {last} of {want} registrations to {region} acknowledged and the \
                 relayer makes no progress; see relayer/data/relayer.log"
            );
        }
        say(&format!(
            "{region}: {last} of {want} registrations acknowledged and no progress for a minute; \
             restarting the relayer"
        ));
        regions.restart_relayer()?;
        restarted = true;
    }
}

async fn onboard(
    main: &SdkLedger,
    regions: &Regions,
    operator: &Sender,
    chain: &RegionChain,
    k: usize,
    sizes: &Sizes,
    origins: Origins,
) -> anyhow::Result<Region> {
    let (bill_origin, fleet_origin) = (origins.bills, origins.fleet);
    let name = chain.name.as_str();
    let sdk = main.in_region(name).await?;
    let region_operator = operator.on(sdk.client.clone());
    let consumers: Vec<String> = (0..2)
        .map(|_| Signer::generate("wasm").map(|s| s.address().to_string()))
        .collect::<Result<_, _>>()?;
    let (bill_owner, fleet_owner) = (&consumers[0], &consumers[1]);
    let calls = consumers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            main.register_participant_call(
                c.clone(),
                format!("{name} consumer {i}"),
                vec![Role::Consumer],
            )
        })
        .chain(std::iter::once(main.register_participant_call(
            operator.address(),
            "Bench operator".into(),
            vec![Role::Retailer, Role::BankOperator],
        )))
        .collect::<Result<Vec<_>, _>>()?;
    // The operator is registered once: the second region's call would repeat it.
    let calls = if k == 0 { calls } else { calls[..2].to_vec() };
    operator.execute_all(calls).await?;
    sdk.create_tariff(
        &region_operator,
        TARIFF.into(),
        format!("Benchmark flat tariff in {name}"),
        0,
        TariffComponents {
            fixed_charge: Some(Uint128::new(900)),
            flat_rate: Some(Uint128::new(23_450)),
            tax_bps: Some(2_000),
            ..TariffComponents::default()
        },
        0,
    )
    .await
    .with_context(|| format!("creating the tariff on {name}"))?;

    say(&format!(
        "{name}: onboarding {} bill meters through the router",
        sizes.bills
    ));
    let seed = 10 + 2 * k as u64;
    let bill_keys: Vec<MeterKey> = (0..sizes.bills)
        .map(|i| meter_client::keys::fleet_key(seed, i))
        .collect();
    let bill_ids: Vec<String> = (0..sizes.bills)
        .map(|i| format!("{name}-bill-{i:03}"))
        .collect();
    let pairs: Vec<(String, &MeterKey)> = bill_ids.iter().cloned().zip(&bill_keys).collect();
    let bill_contract = register(main, regions, &sdk, operator, bill_owner, &pairs, name).await?;

    // The fleet's meter contract is made with the fleet's compressed cycle.
    sdk.update_endpoint_config(
        &region_operator,
        None,
        Some(settings(fleet_origin, 30, COMPRESSED_DAY)),
        None,
    )
    .await?;
    say(&format!(
        "{name}: onboarding {} fleet meters through the router",
        sizes.meters
    ));
    let prefix = format!("{name}-fleet-");
    let mut fleet = Fleet::derived(
        &prefix,
        seed + 1,
        sizes.meters,
        &chain.chain_id,
        fleet_origin,
        COMPRESSED_DAY,
    );
    let pairs: Vec<(String, &MeterKey)> = fleet.ids.iter().cloned().zip(&fleet.keys).collect();
    fleet.contract = register(main, regions, &sdk, operator, fleet_owner, &pairs, name).await?;
    fleet.resync(&sdk).await?;

    say(&format!(
        "{name}: funding {} loader accounts",
        sizes.loaders
    ));
    let loaders = (0..sizes.loaders)
        .map(|_| Signer::generate("wasm"))
        .collect::<Result<Vec<_>, _>>()?;
    let denom = sdk.client.config().denom.clone();
    let funding = loaders
        .iter()
        .map(|l| {
            msgs::bank_send(
                region_operator.signer().address(),
                l.address().as_ref(),
                50_000_000,
                &denom,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let chunks: Vec<Vec<_>> = funding.chunks(500).map(<[_]>::to_vec).collect();
    let limit = tx::simulated_limit(&sdk.client, region_operator.signer(), &chunks[0], 1.3).await?;
    tx::pipeline(&sdk.client, region_operator.signer(), chunks, limit).await?;

    Ok(Region {
        chain: chain.clone(),
        sdk,
        operator: region_operator,
        loaders,
        fleet,
        bills: BillMeters {
            owner: bill_owner.clone(),
            contract: bill_contract,
            ids: bill_ids,
            keys: bill_keys,
            origin: bill_origin,
        },
    })
}
