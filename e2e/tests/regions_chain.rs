//! Regional sub-chains on the real chains (issue 13): the main localnet and two one-validator
//! sub-chains, linked by the Go relayer, the ledger's router on the main chain and an endpoint
//! on each sub-chain, all deployed through the SDK as an operator would.
//!
//! The story: onboarding over IBC (the region creates the consumer's meter contract and the
//! router records where it lives), readings sent to the sub-chain the router names, a period
//! closed there, its bill recorded by the main chain's bank and confirmed back, paid from a
//! prepaid balance, its payment status sent back. Then the faults: the relayer stopped while a
//! bill and a blacklisting are in flight and long enough for their packets to time out (each is
//! sent again and applied once), a main-chain validator killed while they flow, a sub-chain
//! halted while the main chain sends it a meter's suspension, a channel handshake with the wrong
//! protocol version refused. Last, bad packets: a test contract on region-1 (the IBC probe,
//! `contracts/testing/ibc-probe`) is refused a channel to the router, then, registered as a
//! region of its own, sends bytes of no packet, a packet of a type the router never receives and
//! a forged bill for a meter of region-1; each ends in an error acknowledgement with the router's
//! code and leaves the router and the bank as they were. Last, the REST gateway over the
//! deployment keeps each region's audit log apart from the main chain's.
//!
//! Needs the main localnet, the contracts in artifacts/ (router.wasm and region_endpoint.wasm
//! among them) and the relayer (`relayer/install.sh`); `scripts/chain-test.sh` runs this suite
//! after relayer/check, with the regions up.
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use cosmwasm_std::Uint128;
use e2e::chain::{ensure_running, script, signer};
use e2e::gateway::{Gateway, Options as GatewayOptions};
use e2e::probe::Probe;
use e2e::regions::{self, RegionChain};
use e2e::{repo, tariffs, unique};
use ledger_client::{ChainConfig, Client, Deployment};
use ledger_ibc_probe::msg::{Answer, Outcome};
use ledger_reading::signer::MeterKey;
use ledger_reading::{Reading, SignedReading};
use ledger_sdk::contracts::bank::{AdvanceNotice, BillAccount, BillNotice};
use ledger_sdk::contracts::registry::{RegisterMeter, Role};
use ledger_sdk::contracts::router::{
    Confirmation, ConfirmedDigest, RegionChannel, Route, codes as router_codes,
};
use ledger_sdk::deploy::{
    Artifacts, Code, DeployPlan, DeploySettings, Quiet, RegionPlan, RegionSettings,
};
use ledger_sdk::{Ledger, Sender};
use ledger_types::admin::MeterStatus;
use ledger_types::billing::{BillingCycle, MeterSettings, PaymentSchedule};
use ledger_types::meter::MeterKind;
use ledger_types::meter::codes as meter_codes;
use ledger_types::region::{OutboxEntry, Packet, RegionBill, ToMain, ToRegion};
use serde_json::{Value, json};

/// Seconds per day of the test ledger; two days make a 30-second period.
const DAY_SECONDS: u64 = 15;
const DAYS: u32 = 2;
const PERIOD_SECONDS: u64 = DAY_SECONDS * DAYS as u64;
/// Each packet waits this long for the relayer before it times out and is sent again.
const PACKET_TIMEOUT_SECONDS: u64 = 40;
/// Length of one reading.
const INTERVAL: u64 = 5;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// Polls `check` every second until it returns `Some`, or panics naming `what` after `limit`.
async fn eventually<T, F, Fut>(what: &str, limit: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(v) = check().await {
            eprintln!("{what}: after {:.1} s", started.elapsed().as_secs_f64());
            return v;
        }
        assert!(
            started.elapsed() < limit,
            "{what}: not within {} s",
            limit.as_secs()
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// The ledger on every chain, and a sender of each test account on each.
struct World {
    main: Ledger,
    regions: BTreeMap<String, Ledger>,
    deployment: Deployment,
    admin: Sender,
    /// Where period 0 starts.
    origin: u64,
}

impl World {
    fn region(&self, name: &str) -> &Ledger {
        &self.regions[name]
    }

    fn sender(&self, account: &str, chain: &Ledger) -> Sender {
        Sender::new(chain.client.clone(), signer(account))
    }

    async fn chain_time(&self, chain: &Ledger) -> u64 {
        let (_, time) = chain
            .client
            .latest_height_and_time()
            .await
            .expect("the chain answers");
        time.unix_timestamp() as u64
    }
}

/// A meter of the test: its id, key, consumer and where it lives.
struct Meter {
    id: String,
    key: MeterKey,
    region: String,
    contract: String,
}

async fn deploy(chains: &[RegionChain]) -> World {
    let main_client = Client::connect(e2e::chain::main_config())
        .await
        .expect("the main localnet answers");
    let admin = Sender::new(main_client.clone(), signer("admin"));
    let now = {
        let (_, t) = main_client.latest_height_and_time().await.expect("time");
        t.unix_timestamp() as u64
    };
    let origin = now - now % PERIOD_SECONDS;
    let settings = DeploySettings {
        meter_settings: MeterSettings {
            cycle: BillingCycle::Days {
                origin,
                days: DAYS,
                day_seconds: DAY_SECONDS,
            },
            schedule: PaymentSchedule {
                advances: Vec::new(),
                final_day: 2,
            },
            ..MeterSettings::default()
        },
        label: unique("regions-"),
        ..DeploySettings::default()
    };
    let artifacts_dir = repo().join("artifacts");
    let main_codes = Artifacts::read_only(&artifacts_dir, &Code::CORE).expect("make wasm first");
    let mut deployment = DeployPlan::new(main_codes)
        .settings(settings.clone())
        .run(&admin, &mut Quiet)
        .await
        .expect("the main chain's ledger deploys");
    let main = Ledger::new(main_client, deployment.clone());
    for (who, role) in [
        ("retailer", Role::Retailer),
        ("bank", Role::BankOperator),
        ("consumer1", Role::Consumer),
        ("consumer2", Role::Consumer),
    ] {
        main.register_participant(&admin, e2e::chain::address(who), who.into(), vec![role])
            .await
            .expect("participants register");
    }

    let mut region_codes = Code::REGION.to_vec();
    region_codes.push(Code::Router);
    let region_artifacts =
        Artifacts::read_only(&artifacts_dir, &region_codes).expect("make wasm first");
    for chain in chains {
        let client = Client::connect(ChainConfig {
            node: chain.node.clone(),
            chain_id: chain.chain_id.clone(),
            tx_timeout: e2e::chain::TX_TIMEOUT,
            ..ChainConfig::localnet()
        })
        .await
        .expect("the sub-chain answers");
        let plan = RegionPlan::new(
            chain.name.clone(),
            region_artifacts.clone(),
            chain.main_connection.clone(),
            chain.region_connection.clone(),
        )
        .settings(RegionSettings {
            timeout_seconds: PACKET_TIMEOUT_SECONDS,
            max_attempts: 5,
            label: settings.label.clone(),
            ..RegionSettings::default()
        });
        plan.run(&admin, &admin.on(client), &mut deployment, &mut Quiet)
            .await
            .unwrap_or_else(|e| panic!("{} deploys: {e:?}", chain.name));
    }
    let main = Ledger::new(main.client.clone(), deployment.clone());
    let mut regions = BTreeMap::new();
    for chain in chains {
        regions.insert(
            chain.name.clone(),
            main.in_region(&chain.name)
                .await
                .expect("the region connects"),
        );
    }
    World {
        main,
        regions,
        deployment,
        admin,
        origin,
    }
}

/// Opens the region protocol's channel of every region and waits until the router sees it open.
async fn link(world: &World) {
    let router = world.deployment.contracts.router.clone().expect("a router");
    for region in &world.deployment.regions {
        let channel = regions::link(&region.region, &router, &region.contracts.endpoint);
        assert_eq!(channel["version"], ledger_types::region::PROTOCOL_VERSION);
        assert_eq!(channel["order"], "ORDER_UNORDERED");
        let name = region.region.clone();
        eventually(
            "the router sees the channel open",
            Duration::from_secs(30),
            || async {
                match world.main.route_region(&name).await.ok()?.channel {
                    RegionChannel::Open { channel_id } => Some(channel_id),
                    _ => None,
                }
            },
        )
        .await;
        let endpoint = world
            .region(&region.region)
            .endpoint_channel()
            .await
            .unwrap();
        assert!(
            endpoint.is_some_and(|c| !c.closed),
            "{}'s endpoint records its open channel",
            region.region
        );
    }
}

/// Registers the retailer in every region's registry and creates its example tariffs on the
/// region's tariff contract (a meter's tariff must belong to the meter's retailer).
async fn tariffs(world: &World) {
    for (name, region) in &world.regions {
        let admin = world.admin.on(region.client.clone());
        region
            .register_participant(
                &admin,
                e2e::chain::address("retailer"),
                "retailer".into(),
                vec![Role::Retailer],
            )
            .await
            .unwrap_or_else(|e| panic!("the retailer registers on {name}: {e}"));
        let retailer = world.sender("retailer", region);
        let now = world.chain_time(region).await;
        for t in tariffs::examples() {
            region
                .create_tariff(
                    &retailer,
                    t.tariff_id.clone(),
                    format!("{} in {name}", t.tariff_id),
                    t.utc_offset_minutes,
                    t.components.clone(),
                    now.saturating_sub(3_600),
                )
                .await
                .unwrap_or_else(|e| panic!("tariff {} on {name}: {e}", t.tariff_id));
        }
    }
}

/// Registers a meter of `owner` in `region` on the main registry and waits until the region has
/// created its contract and the router has recorded it.
async fn onboard(world: &World, owner: &str, region: &str) -> Meter {
    let key = MeterKey::generate();
    let id = unique("rm-");
    world
        .main
        .register_meter(
            &world.admin,
            RegisterMeter {
                meter_id: id.clone(),
                owner: e2e::chain::address(owner),
                retailer: e2e::chain::address("retailer"),
                pubkey: key.public_key().to_vec().into(),
                tariff_id: "home-tiered".into(),
                initial_register_wh: 0,
                contracted_monthly_amount: Uint128::new(2_000),
                region: Some(region.to_string()),
                kind: MeterKind::Consumption,
            },
        )
        .await
        .expect("the regional meter registers on the main chain");
    let location = eventually(
        "the region acknowledges the registration",
        Duration::from_secs(60),
        || async { world.main.locate_meter(&id).await.ok() },
    )
    .await;
    assert_eq!(location.region.as_deref(), Some(region));
    let regional = world.region(region);
    let meters = regional.region_meters(100).await.unwrap();
    let entry = meters
        .items
        .iter()
        .find(|m| m.meter_id == id)
        .expect("the endpoint lists the meter");
    assert_eq!(entry.contract.as_str(), location.contract);
    assert_eq!(entry.consumer.as_str(), e2e::chain::address(owner));
    Meter {
        id,
        key,
        region: region.to_string(),
        contract: location.contract,
    }
}

/// Signs readings of `wh_per_interval` covering the meter from its last reading up to `end`
/// for its region's chain; returns them and the energy they carry.
async fn sign_until(
    world: &World,
    meter: &Meter,
    end: u64,
    wh_per_interval: u64,
) -> (Vec<SignedReading>, u64) {
    let region = world.region(&meter.region);
    let state = region
        .meter_state(&meter.contract, &meter.id)
        .await
        .unwrap();
    let (mut start, mut seq, mut register) = (
        state.last_interval_end,
        state.last_sequence,
        state.register_wh,
    );
    let mut readings = Vec::new();
    let mut energy = 0;
    while start < end {
        let length = INTERVAL.min(end - start);
        seq += 1;
        register += wh_per_interval;
        energy += wh_per_interval;
        readings.push(meter.key.sign(
            &region.client.config().chain_id,
            &meter.contract,
            Reading {
                meter_id: meter.id.clone(),
                sequence: seq,
                interval_start: start,
                interval_length: length as u32,
                energy_wh: wh_per_interval,
                register_wh: register,
            },
        ));
        start += length;
    }
    (readings, energy)
}

/// Submits readings of `wh_per_interval` covering the meter from its last reading up to `end`,
/// on its region's chain; returns the energy submitted.
async fn read_until(world: &World, meter: &Meter, end: u64, wh_per_interval: u64) -> u64 {
    let region = world.region(&meter.region);
    let (readings, energy) = sign_until(world, meter, end, wh_per_interval).await;
    let gateway = world.sender("consumer3", region);
    for chunk in readings.chunks(50) {
        let (_, verdict) = region
            .submit_readings(&gateway, &meter.contract, chunk.to_vec())
            .await
            .expect("the region takes the readings");
        assert_eq!(verdict.refused, vec![], "the region refused readings");
    }
    energy
}

/// The meter's next period to close, and its end.
async fn next_period(world: &World, meter: &Meter) -> (u32, u64) {
    let region = world.region(&meter.region);
    let state = region
        .meter_state(&meter.contract, &meter.id)
        .await
        .unwrap();
    let period = state.next_period_to_close;
    (
        period,
        world.origin + (u64::from(period) + 1) * PERIOD_SECONDS,
    )
}

/// Reads the meter to the end of its next period, waits for the period to pass on the region,
/// closes it there; returns the period and the region's bill total.
async fn close_next(world: &World, meter: &Meter) -> (u32, Uint128) {
    let region = world.region(&meter.region);
    let (period, end) = next_period(world, meter).await;
    eventually(
        "the period ends on the region",
        Duration::from_secs(90),
        || async { (world.chain_time(region).await > end + 1).then_some(()) },
    )
    .await;
    read_until(world, meter, end, 120).await;
    let closer = world.sender("consumer3", region);
    region
        .close_period(&closer, &meter.contract, meter.id.clone(), period)
        .await
        .expect("the region closes the period");
    let bill = region
        .bill(&meter.contract, &meter.id, period)
        .await
        .unwrap();
    (period, bill.total)
}

/// Waits up to `seconds` for the main chain's confirmation of the meter's bill of `period`.
async fn confirmed(
    world: &World,
    meter: &Meter,
    period: u32,
    what: &str,
    seconds: u64,
) -> Confirmation {
    eventually(what, Duration::from_secs(seconds), || async {
        world
            .main
            .confirmation(&meter.id, period)
            .await
            .ok()
            .flatten()
    })
    .await
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn regions_bill_on_their_chains_and_settle_on_the_main_chain() {
    ensure_running();
    let chains = regions::up(2);
    let rt = runtime();
    let (deployment, closed_meter, closed_period) = rt.block_on(async {
        let world = deploy(&chains).await;
        link(&world).await;
        tariffs(&world).await;

        // Onboarding: one consumer in each region.
        let alice = onboard(&world, "consumer1", "region-1").await;
        let bob = onboard(&world, "consumer2", "region-2").await;
        assert_eq!(
            world
                .main
                .consumer_region(&e2e::chain::address("consumer1"))
                .await
                .unwrap()
                .region
                .as_deref(),
            Some("region-1")
        );

        // Readings and a closed period on region-1; the bill reaches the main chain's bank.
        let (period, total) = close_next(&world, &alice).await;
        assert!(!total.is_zero(), "the tiered tariff bills the energy read");
        let confirmation = confirmed(
            &world,
            &alice,
            period,
            "the main chain confirms the bill",
            60,
        )
        .await;
        assert_eq!(confirmation.region, "region-1");
        assert_eq!(confirmation.total, total);
        let account = world.main.bill_account(&alice.id, period).await.unwrap();
        assert_eq!(
            account.total,
            Some(total),
            "the bank recorded the region's bill"
        );
        let record = eventually(
            "region-1 learns the confirmation",
            Duration::from_secs(60),
            || async {
                let r = world
                    .region("region-1")
                    .region_bill(&alice.id, period)
                    .await
                    .ok()?;
                r.confirmed.map(|c| (c, r))
            },
        )
        .await;
        assert_eq!(
            record.0, confirmation.confirmed,
            "the same main-chain block on both sides"
        );
        assert_eq!(
            record.1.sent.as_ref().map(|s| s.readings_digest.clone()),
            Some(confirmation.readings_digest.clone())
        );
        let digests = world
            .main
            .confirmed_digests("region-1", period, 100)
            .await
            .unwrap();
        assert_eq!(
            digests
                .items
                .iter()
                .filter(|d| d.meter_id == alice.id)
                .count(),
            1,
            "one confirmed digest per bill"
        );

        // Payment from a prepaid balance on the main chain.
        let bank = world.sender("bank", &world.main);
        world
            .main
            .deposit(
                &bank,
                unique("RD-"),
                e2e::chain::address("consumer1"),
                total + total,
                true,
            )
            .await
            .expect("the deposit lands");
        // The bank operator pays the bill from Alice's prepaid balance (MakePayment).
        world
            .main
            .make_payment(&bank, alice.id.clone(), total)
            .await
            .expect("the bill is paid");
        let paid = world.main.bill_account(&alice.id, period).await.unwrap();
        assert_eq!(
            paid.final_paid, total,
            "the main chain's bank has the bill paid"
        );
        let status = eventually(
            "region-1 learns the payment",
            Duration::from_secs(60),
            || async {
                let r = world
                    .region("region-1")
                    .region_bill(&alice.id, period)
                    .await
                    .ok()?;
                r.status.filter(|s| s.settled)
            },
        )
        .await;
        assert_eq!(
            status.paid, total,
            "payments applied on the region = payments made on main"
        );
        assert_eq!(status.total, total);
        assert!(
            status.revision >= 2,
            "the recording and the payment each sent a status"
        );

        // Faults: the relayer stops; region-2 closes a period and the main chain blacklists
        // consumer1 meanwhile; both packets wait longer than their timeout.
        regions::stop_relayer();
        let (bob_period, bob_total) = close_next(&world, &bob).await;
        world
            .main
            .blacklist(
                &world.admin,
                e2e::chain::address("consumer1"),
                "chain test: fraud".into(),
            )
            .await
            .expect("the blacklisting lands on the main chain");
        let outbox = world.region("region-2").endpoint_outbox(100).await.unwrap();
        assert!(
            outbox.items.iter().any(|e| e.attempts == 1),
            "region-2's bill waits in its outbox: {outbox:?}"
        );
        tokio::time::sleep(Duration::from_secs(PACKET_TIMEOUT_SECONDS + 10)).await;
        assert!(
            world
                .main
                .confirmation(&bob.id, bob_period)
                .await
                .unwrap()
                .is_none(),
            "nothing is relayed while the relayer is down"
        );
        // A main-chain validator crashes while the waiting packets flow.
        script("node.sh", &["kill", "2"]);
        regions::start_relayer();
        let confirmation = confirmed(
            &world,
            &bob,
            bob_period,
            "region-2's bill arrives after its timeout and resend",
            120,
        )
        .await;
        assert_eq!(confirmation.total, bob_total);
        let blocked = eventually(
            "region-1 applies the blacklisting",
            Duration::from_secs(120),
            || async {
                let c = world
                    .region("region-1")
                    .region_consumer(&e2e::chain::address("consumer1"))
                    .await
                    .ok()?;
                c.blocked.then_some(c)
            },
        )
        .await;
        assert!(blocked.standing_revision >= 1);
        // The blacklisting takes effect where the readings go: region-1 refuses Alice's next
        // reading, by its code, and keeps her meter where it was.
        let region1 = world.region("region-1");
        let before = region1
            .meter_state(&alice.contract, &alice.id)
            .await
            .unwrap();
        assert!(
            region1
                .meter_config(&alice.contract)
                .await
                .unwrap()
                .owner_blocked,
            "the meter contract knows its owner is blocked"
        );
        let (reading, _) =
            sign_until(&world, &alice, before.last_interval_end + INTERVAL, 120).await;
        let (_, verdict) = region1
            .submit_readings(
                &world.sender("consumer3", region1),
                &alice.contract,
                reading,
            )
            .await
            .expect("a refused reading does not fail the transaction");
        assert_eq!(verdict.accepted, 0);
        assert!(
            !verdict.refused.is_empty()
                && verdict
                    .refused
                    .iter()
                    .all(|r| r.code == meter_codes::OWNER_BLOCKED),
            "a blacklisted consumer's reading is refused on the region: {verdict:?}"
        );
        let after = region1
            .meter_state(&alice.contract, &alice.id)
            .await
            .unwrap();
        assert_eq!(
            (after.last_sequence, after.register_wh),
            (before.last_sequence, before.register_wh),
            "the refused reading wrote nothing"
        );
        eventually("the outboxes drain", Duration::from_secs(90), || async {
            let r = world.region("region-2").endpoint_outbox(100).await.ok()?;
            let m = world.main.router_outbox(100).await.ok()?;
            (r.items.is_empty() && m.items.is_empty()).then_some(())
        })
        .await;
        script("node.sh", &["start", "2"]);
        let digests = world
            .main
            .confirmed_digests("region-2", bob_period, 100)
            .await
            .unwrap();
        assert_eq!(
            digests
                .items
                .iter()
                .filter(|d| d.meter_id == bob.id)
                .count(),
            1,
            "the resent bill is confirmed once"
        );
        let account = world.main.bill_account(&bob.id, bob_period).await.unwrap();
        assert_eq!(
            account.total,
            Some(bob_total),
            "and recorded by the bank once"
        );

        // A sub-chain halts while the main chain suspends one of its meters.
        regions::region_script("region-2", "stop.sh");
        world
            .main
            .set_meter_status(&world.admin, bob.id.clone(), MeterStatus::Suspended)
            .await
            .expect("the suspension lands on the main chain");
        tokio::time::sleep(Duration::from_secs(10)).await;
        regions::region_script("region-2", "start.sh");
        eventually(
            "region-2 suspends the meter after its restart",
            Duration::from_secs(180),
            || async {
                let s = world
                    .region("region-2")
                    .meter_state(&bob.contract, &bob.id)
                    .await
                    .ok()?;
                (s.status == MeterStatus::Suspended).then_some(())
            },
        )
        .await;

        // A handshake with another protocol version is refused; the region's channel stays.
        let router = world.deployment.contracts.router.clone().unwrap();
        let endpoint = world
            .deployment
            .region("region-1")
            .unwrap()
            .contracts
            .endpoint
            .clone();
        let refused = regions::try_link("region-1", &router, &endpoint, "ledger-region-0");
        assert!(
            refused.is_err(),
            "a channel of another version opens: {refused:?}"
        );
        assert!(matches!(
            world.main.route_region("region-1").await.unwrap().channel,
            RegionChannel::Open { .. }
        ));

        bad_packets_are_refused(&world, &alice, period).await;
        (world.deployment.clone(), alice.id.clone(), period)
    });
    a_gateway_keeps_each_regions_audit_log(&deployment, &closed_meter, closed_period);
}

/// A gateway over the deployment follows each region's chain into a log of its own: the
/// period closed on region-1 is in region-1's log, signed by its closer, and not in the main
/// chain's; the region's endpoint's packets are there too.
fn a_gateway_keeps_each_regions_audit_log(deployment: &Deployment, meter_id: &str, period: u32) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("deployment.json");
    deployment
        .save(&file)
        .expect("the deployment file is written");
    // The main chain's log from now on: this test reads only the regions'.
    let config = format!("index_from_height = {}\n", e2e::chain::height());
    let gateway = Gateway::start(
        &file,
        &dir.path().join("gateway"),
        GatewayOptions {
            config,
            signer: None,
        },
    );
    let admin = gateway.token("admin");
    let status = gateway.get_ok("/api/index/status?region=region-1", &admin);
    assert_eq!(
        status["regions"],
        json!(["region-1", "region-2"]),
        "{status}"
    );
    let attribute = |event: &Value, key: &str| {
        event["attributes"]
            .as_array()
            .and_then(|a| a.iter().find(|a| a["key"] == key))
            .and_then(|a| a["value"].as_str())
            .map(str::to_string)
    };
    let started = Instant::now();
    let closing = loop {
        let page = gateway.get_ok(
            "/api/audit?region=region-1&action=close_period&limit=100",
            &admin,
        );
        let found = page["items"].as_array().expect("items").iter().find(|e| {
            attribute(e, "meter_id").as_deref() == Some(meter_id)
                && attribute(e, "period") == Some(period.to_string())
        });
        if let Some(found) = found {
            break found.clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "region-1's log has no closing of {meter_id} {period}: {page}"
        );
        std::thread::sleep(Duration::from_secs(1));
    };
    assert_eq!(closing["contract_name"], "meter", "{closing}");
    assert_eq!(
        closing["actor"],
        e2e::chain::address("consumer3").as_str(),
        "{closing}"
    );
    let packets = gateway.get_ok(
        "/api/audit?region=region-1&contract=endpoint&limit=1",
        &admin,
    );
    assert_eq!(
        packets["items"].as_array().map(Vec::len),
        Some(1),
        "{packets}"
    );
    let main = gateway.get_ok("/api/audit?action=close_period&limit=100", &admin);
    assert!(
        !main["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|e| attribute(e, "meter_id").as_deref() == Some(meter_id)),
        "{main}"
    );
    gateway.get_refused(
        "/api/audit?region=region-9",
        &admin,
        404,
        "gateway.unknown_region",
    );
}

/// What the router and the bank hold about a meter around one of its periods, compared before
/// and after the bad packets.
#[derive(Debug, PartialEq)]
struct Books {
    route: Route,
    /// The period's confirmation and the one of the period before it.
    confirmation: Option<Confirmation>,
    previous_confirmation: Option<Confirmation>,
    /// The bank's account of the period's bill, or the error code of its absence.
    bill_account: Result<BillAccount, Option<String>>,
    /// The digests confirmed for the period, per region: the meter's own, and `other`.
    region_digests: Vec<ConfirmedDigest>,
    other_digests: Vec<ConfirmedDigest>,
    router_outbox: Vec<OutboxEntry<ToRegion>>,
}

impl Books {
    async fn read(world: &World, meter: &Meter, period: u32, other: &str) -> Books {
        let main = &world.main;
        Books {
            route: main.route(&meter.id).await.unwrap(),
            confirmation: main.confirmation(&meter.id, period).await.unwrap(),
            previous_confirmation: main.confirmation(&meter.id, period - 1).await.unwrap(),
            bill_account: main
                .bill_account(&meter.id, period)
                .await
                .map_err(|e| e.contract_code().map(str::to_string)),
            region_digests: main
                .confirmed_digests(&meter.region, period, 100)
                .await
                .unwrap()
                .items,
            other_digests: main
                .confirmed_digests(other, period, 100)
                .await
                .unwrap()
                .items,
            router_outbox: main.router_outbox(100).await.unwrap().items,
        }
    }
}

/// The error acknowledgement's ledger code, or a panic naming what came instead.
fn refusal_code(answer: &Answer) -> &str {
    match &answer.outcome {
        Outcome::Refused {
            code: Some(code), ..
        } => code,
        other => panic!("an error acknowledgement with a ledger code, got {other:?}"),
    }
}

/// Packets no region would send, put on the wire by the IBC probe on region-1, against the
/// router on the real chains (issue 13, "Faults"). `period` is a period of `alice` (a meter of
/// region-1) the main chain has confirmed.
async fn bad_packets_are_refused(world: &World, alice: &Meter, period: u32) {
    let region = world.region("region-1");
    let admin = world.admin.on(region.client.clone());
    let probe = Probe::deploy(region, &admin).await;
    let router = world.deployment.contracts.router.clone().unwrap();

    // A contract that is no registered region's endpoint cannot open a channel to the router:
    // the router opens only towards the connection and port the administrator added as a
    // region. This is what stops a forged bill from a channel that is not a registered region:
    // no such channel ever opens, so none of its packets reaches the router.
    let refused = regions::try_link(
        "region-1",
        &router,
        &probe.contract,
        ledger_types::region::PROTOCOL_VERSION,
    );
    let Err(refusal) = refused else {
        panic!("a stranger's contract opened a channel to the router: {refused:?}");
    };
    // The relayer did start the handshake: it was the router that said no.
    assert!(
        !refusal.contains("already exists"),
        "the relayer refused to try the handshake:\n{refusal}"
    );
    eprintln!("the router refuses the probe's channel:\n{refusal}");
    let known = world.main.route_regions(100).await.unwrap();
    assert!(
        known.items.iter().all(|r| r.endpoint_port != probe.port()),
        "the refused handshake registered nothing"
    );

    // Registered by the administrator as a region of its own (region-1's connection, the
    // probe's port), the probe gets its channel: from here on it is a region that lies.
    let fake = unique("probe-");
    let chain = world.deployment.region("region-1").unwrap();
    world
        .main
        .add_region(&world.admin, &fake, &chain.main_connection, &probe.port())
        .await
        .expect("the administrator adds the probe as a region");
    let channel = regions::link("region-1", &router, &probe.contract);
    let probe_channel = channel["dst"]["channel"]
        .as_str()
        .expect("link.sh names the probe's channel")
        .to_string();
    eventually(
        "the router sees the probe's channel open",
        Duration::from_secs(30),
        || async {
            let open = world.main.route_region(&fake).await.ok()?.channel;
            matches!(open, RegionChannel::Open { .. }).then_some(())
        },
    )
    .await;

    let forged_period = period + 1;
    let before = Books::read(world, alice, forged_period, &fake).await;
    let answer_within = Duration::from_secs(90);

    // Bytes that are no packet of the protocol.
    let answer = probe
        .exchange(
            &admin,
            &probe_channel,
            b"\x00 no packet of the region protocol".to_vec(),
            answer_within,
        )
        .await;
    assert_eq!(refusal_code(&answer), router_codes::BAD_PACKET);

    // A packet of a type the router never receives: the standing it sends regions, sent back
    // as if a region could lift a blacklisting. (The envelope carries no protocol version; the
    // version is the channel's, and a channel of another version is refused at the handshake,
    // above.)
    let unknown = Packet {
        id: 1,
        body: ToRegion::OwnerStanding {
            consumer: e2e::chain::address("consumer1"),
            blocked: false,
            revision: u64::MAX,
        },
    };
    let answer = probe
        .exchange(
            &admin,
            &probe_channel,
            serde_json::to_vec(&unknown).unwrap(),
            answer_within,
        )
        .await;
    assert_eq!(refusal_code(&answer), router_codes::BAD_PACKET);

    // A well-formed bill for Alice's next period, which is region-1's meter: a forged bill
    // from a channel that is not the meter's region.
    let real = region
        .bill(&alice.contract, &alice.id, period)
        .await
        .unwrap();
    let confirmed = world
        .main
        .confirmation(&alice.id, period)
        .await
        .unwrap()
        .expect("the period is confirmed");
    let total = real.total;
    let forged = Packet {
        id: 2,
        body: ToMain::Bill(Box::new(RegionBill {
            notice: BillNotice {
                meter_id: alice.id.clone(),
                period: forged_period,
                total,
                final_due: real.period_end + 2 * PERIOD_SECONDS,
                next: AdvanceNotice {
                    meter_id: alice.id.clone(),
                    period: forged_period + 1,
                    estimate: total,
                    advances: Vec::new(),
                },
            },
            bill: ledger_types::meter::Bill {
                period: forged_period,
                period_start: real.period_end,
                period_end: real.period_end + PERIOD_SECONDS,
                ..real
            },
            readings_digest: confirmed.readings_digest,
        })),
    };
    let answer = probe
        .exchange(
            &admin,
            &probe_channel,
            serde_json::to_vec(&forged).unwrap(),
            answer_within,
        )
        .await;
    assert_eq!(refusal_code(&answer), router_codes::FOREIGN_METER);

    // None of them changed anything: no confirmation, the bank's account of the period and the
    // confirmed digests as they were, nothing sent in answer.
    let after = Books::read(world, alice, forged_period, &fake).await;
    assert_eq!(
        after, before,
        "a refused packet leaves the books as they were"
    );
    assert_eq!(after.confirmation, None);
    assert!(after.other_digests.is_empty());
    assert_eq!(
        probe.answers().await.len(),
        3,
        "one answer per packet, none a timeout"
    );
    // An error acknowledgement does not close the unordered channel.
    assert!(matches!(
        world.main.route_region(&fake).await.unwrap().channel,
        RegionChannel::Open { .. }
    ));
}
