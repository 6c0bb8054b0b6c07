//! A fresh ledger of the benchmark's own on the running chain: contracts stored and
//! instantiated through the client library, fresh accounts funded by the localnet's test
//! accounts, and the meters every measurement uses.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use cosmwasm_std::{Binary, Uint128};
use ledger_client::{Client, ExecuteCall, Signer, msgs};
use ledger_reading::SignedReading;
use ledger_reading::signer::MeterKey;
use ledger_sdk::Ledger as SdkLedger;
use ledger_sdk::Sender;
use ledger_sdk::contracts::registry::MeterKind;
use ledger_sdk::contracts::registry::{RegisterMeter, Role};
use ledger_sdk::contracts::tariff::TariffComponents;
use ledger_sdk::deploy::{Artifacts, Code, DeployPlan, DeploySettings, Progress, TokenSettings};
use ledger_types::billing::{AdvanceRule, BillingCycle, MeterSettings, PaymentSchedule};

use crate::fleet::{self, Fleet};
use crate::localnet::{Localnet, Net};
use crate::tx;

/// The tariff every benchmark meter is on.
pub const TARIFF: &str = "bench-flat";
/// Meters registered per set-up transaction.
const REGISTER_CHUNK: usize = 200;
/// Contracted amount of the two meters whose instalments are paid, minor units.
pub const CONTRACTED: u128 = 100_000;
/// How far ahead of the chain's clock a reading may end. The load generator signs its readings
/// before it sends them, so they run ahead of the clock by up to a minute or two.
const FUTURE_TOLERANCE: u64 = 7_200;

/// What to set up besides the fleet.
pub struct Options {
    /// Meters of the fleet (one consumer, one meter contract).
    pub meters: u32,
    /// Accounts that send the measured load.
    pub loaders: usize,
    /// Register the two close-period meters and submit their readings (days of the close
    /// period's cycle); `None` skips them.
    pub close_days: Option<u32>,
    /// Register the two meters whose instalments are paid.
    pub pay: bool,
    /// Register the half-hour meter of the single-reading gas figure.
    pub half_hour: bool,
}

/// The two meters whose periods are closed at the end of the run.
pub struct CloseMeters {
    pub contract: String,
    /// (meter id, readings in its period).
    pub meters: Vec<(String, usize)>,
    /// When the period ends (unix seconds, chain time).
    pub period_end: u64,
}

const HALF_HOUR: u64 = 1_800;

/// A meter on real time, for the single-reading gas figure: days of 24 hours and half-hour
/// readings, so that its open day carries an hourly profile as a real meter's does (the
/// compressed days of the other meters span a single clock hour).
pub struct HalfHourMeter {
    pub contract: String,
    pub id: String,
    key: MeterKey,
    /// Start of its first day: the first full hour after it was registered.
    origin: u64,
    /// Readings signed so far.
    signed: u64,
    register_wh: u64,
}

impl HalfHourMeter {
    /// Its next reading: the half hour after the previous one.
    pub fn next(&mut self, chain_id: &str) -> SignedReading {
        let energy = 180 + (self.signed * 37) % 400;
        self.register_wh += energy;
        let reading = ledger_reading::Reading {
            meter_id: self.id.clone(),
            sequence: self.signed + 1,
            interval_start: self.origin + self.signed * HALF_HOUR,
            interval_length: HALF_HOUR as u32,
            energy_wh: energy,
            register_wh: self.register_wh,
        };
        self.signed += 1;
        self.key.sign(chain_id, &self.contract, reading)
    }
}

/// The deployed ledger and its actors.
pub struct Ledger {
    /// The benchmark's contracts, through the SDK.
    pub sdk: SdkLedger,
    /// Administrator, retailer and bank operator.
    pub operator: Sender,
    /// Pays for the transactions whose gas is measured.
    pub gateway: Sender,
    /// Receives the reference transfers.
    pub holder: Signer,
    /// Send the measured load.
    pub loaders: Vec<Signer>,
    pub fleet: Fleet,
    pub close: Option<CloseMeters>,
    /// Consumer of the two meters with instalments, and the meters' ids.
    pub payer: Option<(String, [String; 2])>,
    pub half_hour: Option<HalfHourMeter>,
    pub deployment_file: PathBuf,
}

/// Seconds in a day of the benchmark's compressed cycle: one second of chain time stands for
/// half an hour.
pub const COMPRESSED_DAY: u64 = 48;

/// The settings of the benchmark's meter contracts: a cycle of `days` days of `day_seconds`
/// seconds from `origin`; readings may run ahead of the clock.
pub fn settings(origin: u64, days: u32, day_seconds: u64) -> MeterSettings {
    MeterSettings {
        cycle: BillingCycle::Days {
            origin,
            days,
            day_seconds,
        },
        // Instalments due on days 1 and 2 of a period, so that some are due at once.
        schedule: PaymentSchedule {
            advances: vec![
                AdvanceRule { bps: 3_000, day: 1 },
                AdvanceRule { bps: 4_000, day: 2 },
            ],
            final_day: 1,
        },
        future_tolerance_seconds: FUTURE_TOLERANCE,
        max_interval_seconds: 86_400,
        // One-second intervals carry half-hour energies.
        max_power_w: 10_000_000_000,
    }
}

/// The registration of a benchmark meter on the benchmark's tariff, the operator its retailer.
fn registration(
    operator: &Sender,
    owner: &str,
    meter_id: &str,
    key: &MeterKey,
    contracted: u128,
) -> RegisterMeter {
    RegisterMeter {
        meter_id: meter_id.to_string(),
        owner: owner.to_string(),
        retailer: operator.address(),
        pubkey: Binary::from(key.public_key().to_vec()),
        tariff_id: TARIFF.to_string(),
        initial_register_wh: fleet::INITIAL_REGISTER,
        contracted_monthly_amount: Uint128::new(contracted),
        region: None,
        kind: MeterKind::Consumption,
    }
}

/// The latest block's time, unix seconds.
pub async fn chain_now(client: &Client) -> anyhow::Result<u64> {
    let (_, time) = client.latest_height_and_time().await?;
    u64::try_from(time.unix_timestamp()).context("the node reports a block time before 1970")
}

async fn meter_contract(sdk: &SdkLedger, owner: &str) -> anyhow::Result<String> {
    sdk.participant(owner)
        .await?
        .meter_contract
        .map(|a| a.to_string())
        .with_context(|| format!("consumer {owner} has no meter contract"))
}

/// The deployment's steps as the benchmark's log lines.
struct Say;

impl Progress for Say {
    fn begin(&mut self, what: &str) {
        say(what);
    }
    fn done(&mut self, _: &str) {}
}

/// Deploys the ledger on `net` and registers the meters `options` asks for.
pub async fn deploy(
    client: &Client,
    net: Net,
    localnet: &Localnet,
    repo: &Path,
    work: &Path,
    options: &Options,
) -> anyhow::Result<Ledger> {
    let funder = localnet.account("admin")?;
    let operator = Sender::new(client.clone(), Signer::generate("wasm")?);
    let gateway = Sender::new(client.clone(), Signer::generate("wasm")?);
    let holder = Signer::generate("wasm")?;
    let loaders = (0..options.loaders)
        .map(|_| Signer::generate("wasm"))
        .collect::<Result<Vec<_>, _>>()?;
    let consumers: Vec<String> = (0..4)
        .map(|_| Signer::generate("wasm").map(|s| s.address().to_string()))
        .collect::<Result<_, _>>()?;
    let (close_owner, pay_owner, fleet_owner, half_hour_owner) =
        (&consumers[0], &consumers[1], &consumers[2], &consumers[3]);

    say(&format!(
        "funding {} fresh accounts from the localnet's admin account",
        loaders.len() + 3
    ));
    let denom = client.config().denom.clone();
    let mut funding = vec![
        msgs::bank_send(
            funder.address(),
            operator.signer().address().as_ref(),
            100_000_000_000,
            &denom,
        )?,
        msgs::bank_send(
            funder.address(),
            gateway.signer().address().as_ref(),
            100_000_000_000,
            &denom,
        )?,
        msgs::bank_send(
            funder.address(),
            holder.address().as_ref(),
            1_000_000,
            &denom,
        )?,
    ];
    for loader in &loaders {
        // Enough for a phase's fees: a batch loader pays ~200,000 stake per transaction.
        funding.push(msgs::bank_send(
            funder.address(),
            loader.address().as_ref(),
            50_000_000,
            &denom,
        )?);
    }
    let chunks: Vec<Vec<_>> = funding.chunks(500).map(<[_]>::to_vec).collect();
    let limit = tx::simulated_limit(client, &funder, &chunks[0], 1.3).await?;
    tx::pipeline(client, &funder, chunks, limit).await?;

    // The deployment plan `ledger deploy` runs, on the core contracts, the cloud federation and
    // the park market (whose gas the benchmark measures), with the operator as administrator
    // and every meter contract on the compressed cycle of the fleet.
    let origin = chain_now(client).await?;
    let deployment_file = work.join("deployment.json");
    let mut codes = Code::CORE.to_vec();
    codes.extend([Code::CloudFederation, Code::ParkMarket]);
    let plan = DeployPlan::new(Artifacts::read_only(&repo.join("artifacts"), &codes)?)
        .settings(DeploySettings {
            meter_settings: settings(origin, 30, COMPRESSED_DAY),
            token: TokenSettings {
                name: "Bench Euro".into(),
                symbol: "BEUR".into(),
                decimals: 2,
            },
            label: "bench".into(),
            park_schedule: crate::park::SCHEDULE,
            ..DeploySettings::default()
        })
        .write_to(&deployment_file);
    // The localnet lets only its own accounts upload code: the funder stores it.
    let uploader = Sender::new(client.clone(), funder);
    let deployment = plan
        .run_with_uploader(&uploader, &operator, &mut Say)
        .await?;
    let sdk = SdkLedger::new(client.clone(), deployment);

    let me = operator.address();
    let mut calls = vec![sdk.register_participant_call(
        me.clone(),
        "Bench operator".into(),
        vec![Role::Retailer, Role::BankOperator],
    )?];
    for (i, consumer) in consumers.iter().enumerate() {
        calls.push(sdk.register_participant_call(
            consumer.clone(),
            format!("Bench consumer {i}"),
            vec![Role::Consumer],
        )?);
    }
    operator.execute_all(calls).await?;
    sdk.create_tariff(
        &operator,
        TARIFF.into(),
        "Benchmark flat tariff".into(),
        0,
        TariffComponents {
            fixed_charge: Some(Uint128::new(900)),
            flat_rate: Some(Uint128::new(23_450)),
            tax_bps: Some(2_000),
            ..TariffComponents::default()
        },
        0,
    )
    .await?;

    let close = match options.close_days {
        Some(days) => Some(close_meters(&sdk, &operator, &gateway, close_owner, days).await?),
        None => None,
    };

    let half_hour = if options.half_hour {
        say("registering the half-hour meter");
        let key = meter_client::keys::fleet_key(4, 0);
        let id = "half-hour".to_string();
        // A meter's readings start after its registration, and a day on the hour: its first
        // day begins at the next full hour. Its contract accepts readings up to 14 hours ahead
        // of the clock, so that the morning's readings can be sent at once.
        let origin = (chain_now(client).await? + 120).div_ceil(3_600) * 3_600;
        let contract = register_with_settings(
            &sdk,
            &operator,
            half_hour_owner,
            MeterSettings {
                future_tolerance_seconds: 14 * 3_600,
                ..settings(origin, 30, 86_400)
            },
            &[(id.as_str(), &key)],
        )
        .await?;
        Some(HalfHourMeter {
            contract,
            id,
            key,
            origin,
            signed: 0,
            register_wh: fleet::INITIAL_REGISTER,
        })
    } else {
        None
    };

    let payer = if options.pay {
        say("registering two meters with instalments and prepaying for them");
        let ids = ["pay-settle".to_string(), "pay-operator".to_string()];
        let mut calls = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let key = meter_client::keys::fleet_key(3, i as u32);
            calls.push(
                sdk.register_meter_call(registration(&operator, pay_owner, id, &key, CONTRACTED))?,
            );
        }
        operator.execute_all(calls).await?;
        sdk.deposit(
            &operator,
            "bench-prepay".into(),
            pay_owner.clone(),
            Uint128::new(1_000_000_000),
            true,
        )
        .await?;
        Some((pay_owner.clone(), ids))
    } else {
        None
    };

    let mut fleet = Fleet::new(options.meters, &net.chain_id(), origin, COMPRESSED_DAY);
    say(&format!(
        "registering {} meters of one consumer, {REGISTER_CHUNK} per transaction",
        fleet.len()
    ));
    let mut chunks: Vec<Vec<ledger_client::cosmrs::Any>> = Vec::new();
    for (ids, keys) in fleet
        .ids
        .chunks(REGISTER_CHUNK)
        .zip(fleet.keys.chunks(REGISTER_CHUNK))
    {
        let msgs = ids
            .iter()
            .zip(keys)
            .map(|(id, key)| {
                let call =
                    sdk.register_meter_call(registration(&operator, fleet_owner, id, key, 0))?;
                Ok(message(operator.signer(), call)?)
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        chunks.push(msgs);
    }
    let mut chunks = chunks.into_iter();
    if let Some(first) = chunks.next() {
        // The first instantiates the consumer's meter contract; the rest cost alike.
        operator.send(first).await?;
    }
    let rest: Vec<_> = chunks.collect();
    if let Some(second) = rest.first() {
        let limit = tx::simulated_limit(client, operator.signer(), second, 1.3).await?;
        tx::pipeline(client, operator.signer(), rest, limit).await?;
    }
    fleet.contract = meter_contract(&sdk, fleet_owner).await?;
    fleet.resync(&sdk).await?;

    Ok(Ledger {
        sdk,
        operator,
        gateway,
        holder,
        loaders,
        fleet,
        close,
        payer,
        half_hour,
        deployment_file,
    })
}

/// `call` as a message signed by `signer`, for a pre-signed transaction.
pub fn message(
    signer: &Signer,
    call: ExecuteCall,
) -> Result<ledger_client::cosmrs::Any, ledger_client::ClientError> {
    msgs::execute_raw(signer.address(), &call.contract, call.msg, call.funds)
}

/// Registers two meters whose first period starts a little after now and lasts `days` days
/// of 48 seconds, and fills it: one with a day's 48 readings, one with 48 readings for every
/// day of the period (1,440 for 30 days). Closing them at the end of the run compares the cost.
async fn close_meters(
    sdk: &SdkLedger,
    operator: &Sender,
    gateway: &Sender,
    owner: &str,
    days: u32,
) -> anyhow::Result<CloseMeters> {
    let client = &sdk.client;
    let full = days as usize * 48;
    say(&format!(
        "registering the close-period meters (48 and {full} readings in a period of {} s)",
        full
    ));
    // The period starts after the registration, so that every one of its seconds can carry a
    // reading; both meters get the cycle through the settings of their (new) meter contract.
    let origin = chain_now(client).await? + 20;
    let close_settings = settings(origin, days, COMPRESSED_DAY);
    let ids = ["close-0048".to_string(), format!("close-{full:04}")];
    let keys = [
        meter_client::keys::fleet_key(2, 0),
        meter_client::keys::fleet_key(2, 1),
    ];
    let contract = register_with_settings(
        sdk,
        operator,
        owner,
        close_settings,
        &[(ids[0].as_str(), &keys[0]), (ids[1].as_str(), &keys[1])],
    )
    .await?;
    if chain_now(client).await? >= origin {
        bail!(
            "the close-period meters were registered after their period began; the chain is too slow"
        );
    }
    let chain_id = client.config().chain_id.clone();
    let mut meters = Vec::new();
    for ((id, key), count) in ids.iter().zip(&keys).zip([48usize, full]) {
        let mut register = fleet::INITIAL_REGISTER;
        let readings: Vec<SignedReading> = (0..count)
            .map(|k| {
                let energy = 150 + (k as u64 * 37) % 400;
                register += energy;
                key.sign(
                    &chain_id,
                    &contract,
                    ledger_reading::Reading {
                        meter_id: id.clone(),
                        sequence: k as u64 + 1,
                        interval_start: origin + k as u64,
                        interval_length: 1,
                        energy_wh: energy,
                        register_wh: register,
                    },
                )
            })
            .collect();
        for chunk in readings.chunks(480) {
            let (_, verdict) = sdk
                .submit_readings(gateway, &contract, chunk.to_vec())
                .await
                .with_context(|| format!("submitting readings of {id}"))?;
            anyhow::ensure!(
                verdict.refused.is_empty(),
                "readings of {id} were refused: {:?}",
                verdict.refused
            );
        }
        meters.push((id.clone(), count));
    }
    Ok(CloseMeters {
        contract,
        meters,
        period_end: origin + full as u64,
    })
}

/// Registers `meters` for `owner`, a consumer without meters, whose meter contract (created by
/// the first registration) gets `settings`; returns that contract. The admin's defaults are
/// set for the registration and restored in the same transaction.
async fn register_with_settings(
    sdk: &SdkLedger,
    operator: &Sender,
    owner: &str,
    settings: MeterSettings,
    meters: &[(&str, &MeterKey)],
) -> anyhow::Result<String> {
    let mut calls = vec![sdk.meter_defaults_call(settings)?];
    for (id, key) in meters {
        calls.push(sdk.register_meter_call(registration(operator, owner, id, key, 0))?);
    }
    let defaults = sdk.registry_config().await?;
    calls.push(sdk.meter_defaults_call(defaults.meter_settings)?);
    operator.execute_all(calls).await?;
    meter_contract(sdk, owner).await
}

fn say(message: &str) {
    eprintln!("bench: {message}");
}
