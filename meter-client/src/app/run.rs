//! `run`: one meter, from the simulator or a line source.
//!
//! The meter's contract is `--contract` on the chain of `--node`/`--chain-id`, or, without
//! it, wherever the main chain of `--deployment` says the meter lives: a regional meter's
//! contract on its region's chain (see [`super::placement`]). The answer is kept in
//! `state.json`, so that later starts need not ask the main chain.

use std::fs::{self};
use std::io::BufReader;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use ledger_client::Deployment;
use ledger_reading::signer::MeterKey;
use ledger_types::meter::{MAX_READINGS_PER_MSG, MeterState};
use tokio::sync::mpsc;

use super::args::{RunArgs, SourceSpec};
use super::data_dir::{DirLock, OUTBOX_FILE, STATE_FILE, read_meter_file};
use super::placement::{cached_contract, locate};
use super::session::{
    chain_config, describe, engine_config, first_start, gateway, open_outbox, patiently,
    shutdown_signal, spawn_source, unix_now,
};
use crate::chain::{Chain, LedgerChain};
use crate::checkpoint::{Checkpoint, ContractEntry, MeterCursor};
use crate::curve::{Household, MeterCurve, mix};
use crate::engine::{Engine, MeterSlot, Summary};
use crate::inputs::{self, InputCounters};
use crate::keys::{self, METER_PASSPHRASE_ENV};
use crate::metrics::Metrics;
use crate::source::{LineSource, ReadingSource, SimMeter, Simulator, SimulatorConfig, SystemClock};

/// `run`: one meter.
pub async fn run(args: RunArgs) -> anyhow::Result<Summary> {
    if args.batch > MAX_READINGS_PER_MSG {
        bail!(
            "--batch {} is above the contract's {MAX_READINGS_PER_MSG} readings per message",
            args.batch
        );
    }
    let data_dir = &args.data_dir;
    let metrics = Arc::new(Metrics::default());
    args.metrics.start(&metrics).await?;
    let meter = read_meter_file(data_dir)?;
    let _lock = DirLock::acquire(data_dir)?;
    let pass = keys::passphrase(
        args.passphrase_file.as_deref(),
        METER_PASSPHRASE_ENV,
        "Passphrase of the meter key: ",
    )?;
    let key = keys::load_meter_key(data_dir, &pass)?;
    drop(pass);
    let deployment = args.deployment.as_ref().map(Deployment::load).transpose()?;
    let config = chain_config(&args.chain, deployment.as_ref())?;
    let chain_id = config.chain_id.clone();
    let chain = Arc::new(LedgerChain::new(
        config,
        gateway(&args.chain)?,
        deployment.clone(),
    ));
    let cap = Duration::from_secs(args.send.backoff_cap.max(1));
    let state_path = data_dir.join(STATE_FILE);
    let saved = Checkpoint::load(&state_path)?;
    let target = match (&args.contract, &deployment) {
        (Some(address), _) => ContractEntry::main(address.clone(), None),
        (None, None) => bail!(
            "run needs --contract <meter contract>, or --deployment <file> to ask the main \
             chain where meter '{}' lives",
            meter.meter_id
        ),
        (None, Some(d)) => {
            match saved
                .as_ref()
                .and_then(|cp| cached_contract(cp, &meter.meter_id, &chain_id, d))
            {
                Some(cached) => {
                    tracing::info!(
                        contract = %cached.address,
                        chain = %cached.chain_id.as_deref().unwrap_or(&chain_id),
                        "meter contract as recorded in {}",
                        state_path.display()
                    );
                    cached
                }
                None => {
                    let found = locate(&chain, d, &meter.meter_id, cap).await?;
                    tracing::info!(
                        contract = %found.address,
                        chain = %found.chain_id.as_deref().unwrap_or(&chain_id),
                        "the main chain located the meter's contract"
                    );
                    found
                }
            }
        }
    };
    let target_chain = target.chain_id.clone().unwrap_or_else(|| chain_id.clone());
    tracing::info!(
        meter = %meter.meter_id,
        contract = %target.address,
        chain = %target_chain,
        gateway = %chain.gateway_address(),
        "meter client starting"
    );

    let outbox = open_outbox(data_dir)?;
    if outbox.meter_slots() > 1 {
        bail!(
            "{} holds readings of several meters: it belongs to a fleet",
            data_dir.join(OUTBOX_FILE).display()
        );
    }
    let usable = saved.filter(|cp| {
        let same = cp.chain_id == chain_id
            && cp.contracts.len() == 1
            && cp.contracts[0].address == target.address
            && cp.contracts[0].chain_id == target.chain_id
            && cp.meters.len() == 1
            && !cp.meters[0].parked
            && cp.meters[0].id == meter.meter_id;
        if !same && !outbox.is_empty() {
            tracing::error!(
                chain = %cp.chain_id,
                contract = %cp.contracts.first().map(|c| c.address.as_str()).unwrap_or(""),
                "the outbox holds readings signed for another chain or contract"
            );
        }
        same
    });
    let now = unix_now();
    let (backfill, until) = args.send.window(now)?;

    let (mut cursor, utc_offset, limits) = match usable {
        Some(cp) => (
            cp.meters[0].cursor,
            cp.meters[0].utc_offset_minutes,
            cp.contracts[0].limits,
        ),
        None => {
            if !outbox.is_empty() {
                bail!(
                    "the outbox holds {} readings signed for another chain, contract or meter; \
                     run with the settings they were made for until it is empty",
                    outbox.len()
                );
            }
            let state = patiently(
                "waiting for the chain to learn where the meter stands",
                cap,
                || chain.meter(&target_chain, &target.address, &meter.meter_id),
            )
            .await?
            .ok_or_else(|| {
                anyhow!(
                    "meter '{}' is not registered in contract {} on {target_chain}: register it \
                     with public key {} first",
                    meter.meter_id,
                    target.address,
                    hex::encode(key.public_key())
                )
            })?;
            check_pubkey(&state, &key)?;
            let limits = patiently("reading the contract's limits", cap, || {
                chain.limits(&target_chain, &target.address)
            })
            .await?;
            let next_start = match args.source {
                SourceSpec::Simulator => {
                    first_start(state.last_interval_end, backfill, args.send.interval, now)
                }
                _ => state.last_interval_end,
            };
            let cursor = MeterCursor {
                next_sequence: state.last_sequence + 1,
                register_wh: state.register_wh,
                next_start,
            };
            (cursor, state.tariff_utc_offset_minutes, Some(limits))
        }
    };
    if let Some(tail) = outbox.tail(0) {
        cursor.advance_to(tail);
    }
    tracing::info!(
        next_sequence = cursor.next_sequence,
        register_wh = cursor.register_wh,
        next_start = cursor.next_start,
        "meter state"
    );

    let source: Box<dyn ReadingSource> = match &args.source {
        SourceSpec::Simulator => {
            let seed = args.send.seed.unwrap_or_else(|| seed_of(&meter.meter_id));
            Box::new(Simulator::new(
                vec![SimMeter {
                    curve: MeterCurve::Household(Household::new(seed, 0)),
                    next_start: cursor.next_start,
                    register_wh: cursor.register_wh,
                    utc_offset_minutes: utc_offset,
                }],
                SimulatorConfig {
                    interval: args.send.interval.max(1),
                    seed,
                    until,
                    max_power_w: limits.map(|l| l.max_power_w),
                    compression: args.send.compression(limits.iter())?,
                },
                SystemClock,
            ))
        }
        SourceSpec::Lines(path) if path == "-" => {
            Box::new(LineSource::new(BufReader::new(std::io::stdin()), "-"))
        }
        SourceSpec::Lines(path) => {
            let file = fs::File::open(path).with_context(|| format!("cannot open {path}"))?;
            Box::new(LineSource::new(BufReader::new(file), path.clone()))
        }
        SourceSpec::Dsmr(_)
        | SourceSpec::Sml(_)
        | SourceSpec::ModbusRtu(_)
        | SourceSpec::ModbusTcp(_) => {
            let input = Arc::new(InputCounters::default());
            metrics.watch_input(Arc::clone(&input));
            inputs::meter_source(
                &args.source,
                &args.input,
                args.send.interval.max(1),
                cursor.next_start,
                input,
            )?
        }
    };

    let contracts = vec![ContractEntry { limits, ..target }];
    let slots = vec![MeterSlot::new(
        meter.meter_id.clone(),
        0,
        key,
        utc_offset,
        cursor,
    )];
    let config = engine_config(data_dir, args.batch, &args.send, None, 100_000);
    let engine =
        Engine::new(chain, chain_id, contracts, slots, outbox, config).with_metrics(metrics);
    let (tx, rx) = mpsc::channel(1_024);
    spawn_source(source, tx);
    let summary = engine.run(rx, shutdown_signal()).await?;
    tracing::info!("{}", describe(&summary));
    Ok(summary)
}

pub(super) fn check_pubkey(state: &MeterState, key: &MeterKey) -> anyhow::Result<()> {
    if state.pubkey.as_slice() != key.public_key().as_slice() {
        bail!(
            "meter '{}' is registered with public key {}, but this meter's key is {}: register \
             this meter's key (`meter-client pubkey`)",
            state.meter_id,
            hex::encode(state.pubkey.as_slice()),
            hex::encode(key.public_key())
        );
    }
    Ok(())
}

/// The default simulator seed of a meter: a hash of its id.
pub fn seed_of(meter_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in meter_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}
