//! `fleet` and `fleet keys`: many simulated meters through one gateway account.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail};
use ledger_client::Deployment;
use ledger_reading::signer::MeterKey;
use ledger_types::meter::MeterState;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use super::args::{FleetArgs, FleetKeysArgs, KeysFormat};
use super::data_dir::{DirLock, STATE_FILE};
use super::session::{
    chain_config, describe, engine_config, first_start, gateway, open_outbox, patiently,
    shutdown_signal, spawn_source, unix_now,
};
use crate::chain::{Chain, LedgerChain};
use crate::checkpoint::{Checkpoint, ContractEntry, Limits, MeterCursor};
use crate::curve::Household;
use crate::engine::{Engine, MeterSlot, Summary};
use crate::keys::{self};
use crate::source::{SimMeter, Simulator, SimulatorConfig, SystemClock};

/// Most readings in one fleet transaction (about 300 bytes each).
pub const MAX_FLEET_BATCH: usize = 2_000;

/// One line of `fleet keys`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetKey {
    /// The meter id.
    pub meter_id: String,
    /// Its compressed public key, hex (what `ledger admin meter register --pubkey` takes).
    pub pubkey_hex: String,
    /// The same in base64 (what the admin contract's JSON message carries).
    pub pubkey_base64: String,
}

/// The fleet's meter ids and public keys.
pub fn fleet_keys(args: &FleetKeysArgs) -> Vec<FleetKey> {
    (0..args.meters)
        .map(|i| {
            let pubkey = keys::fleet_key(args.seed, i).public_key();
            FleetKey {
                meter_id: keys::fleet_meter_id(&args.id_prefix, i),
                pubkey_hex: hex::encode(pubkey),
                pubkey_base64: cosmwasm_std::Binary::from(pubkey.to_vec()).to_base64(),
            }
        })
        .collect()
}

/// `fleet keys` as text.
pub fn render_fleet_keys(args: &FleetKeysArgs) -> anyhow::Result<String> {
    let keys = fleet_keys(args);
    Ok(match args.format {
        KeysFormat::Json => serde_json::to_string_pretty(&keys)? + "\n",
        KeysFormat::Csv => {
            let mut out = String::from("meter_id,pubkey_hex,pubkey_base64\n");
            for k in keys {
                out.push_str(&format!(
                    "{},{},{}\n",
                    k.meter_id, k.pubkey_hex, k.pubkey_base64
                ));
            }
            out
        }
    })
}

/// `fleet`: many simulated meters through one gateway.
pub async fn fleet(args: FleetArgs) -> anyhow::Result<Summary> {
    let meters = args
        .meters
        .ok_or_else(|| anyhow!("fleet needs --meters (and --deployment and --gateway-key)"))?;
    if meters == 0 {
        bail!("--meters must be at least 1");
    }
    if args.batch > MAX_FLEET_BATCH {
        bail!(
            "--batch {} is above {MAX_FLEET_BATCH}: a transaction must stay well below the \
             chain's 1 MiB limit",
            args.batch
        );
    }
    let deployment_path = args
        .deployment
        .clone()
        .ok_or_else(|| anyhow!("fleet needs --deployment (the file `ledger deploy` wrote)"))?;
    let seed = args.send.seed.unwrap_or(1);
    let data_dir = &args.data_dir;
    let _lock = DirLock::acquire(data_dir)?;
    let deployment = Deployment::load(&deployment_path)?;
    let config = chain_config(&args.chain, Some(&deployment))?;
    let chain_id = config.chain_id.clone();
    let chain = Arc::new(LedgerChain::new(
        config,
        gateway(&args.chain)?,
        Some(deployment.clone()),
    ));
    let n = meters as usize;
    tracing::info!(
        meters = n,
        seed,
        gateway = %chain.gateway_address(),
        node = %chain.config().node,
        "fleet starting"
    );
    let ids: Vec<String> = (0..meters)
        .map(|i| keys::fleet_meter_id(&args.id_prefix, i))
        .collect();
    let keys: Vec<MeterKey> = (0..meters).map(|i| keys::fleet_key(seed, i)).collect();

    let outbox = open_outbox(data_dir)?;
    if let Some(beyond) = outbox.meters_with_pending().find(|&m| m as usize >= n) {
        bail!(
            "the outbox holds readings of meter #{beyond}, beyond --meters {n}: run with at \
             least --meters {} until it is empty",
            beyond + 1
        );
    }
    let state_path = data_dir.join(STATE_FILE);
    let mut saved = Checkpoint::load(&state_path)?;
    if let Some(cp) = &saved {
        let same = cp.chain_id == chain_id
            && cp.fleet_seed == Some(seed)
            && cp.meters.iter().zip(&ids).all(|(m, id)| &m.id == id);
        if !same {
            if !outbox.is_empty() {
                bail!(
                    "the outbox holds {} readings for another chain, seed or meter ids; run \
                     with the settings they were made for until it is empty",
                    outbox.len()
                );
            }
            saved = None;
        }
    }
    let mut contracts: Vec<ContractEntry> = Vec::new();
    let mut entries: Vec<Option<(u32, i32, MeterCursor)>> = vec![None; n];
    if let Some(cp) = saved {
        contracts = cp.contracts;
        for (i, m) in cp.meters.into_iter().enumerate().take(n) {
            entries[i] = Some((m.contract, m.utc_offset_minutes, m.cursor));
        }
    }

    let now = unix_now();
    let (backfill, until) = args.send.window(now)?;
    let cap = Duration::from_secs(args.send.backoff_cap.max(1));

    let missing: Vec<usize> = (0..n).filter(|&i| entries[i].is_none()).collect();
    if !missing.is_empty() {
        tracing::info!(meters = missing.len(), "looking the meters up on chain");
        let infos = patiently("waiting for the chain to find the meters", cap, || {
            chain.meters_with_prefix(&args.id_prefix)
        })
        .await?;
        let by_id: HashMap<&str, _> = infos.iter().map(|i| (i.meter_id.as_str(), i)).collect();
        let unregistered: Vec<&str> = missing
            .iter()
            .map(|&i| ids[i].as_str())
            .filter(|id| !by_id.contains_key(id))
            .collect();
        if !unregistered.is_empty() {
            bail!(
                "{} of the {n} meters are not registered with the admin contract {} (first: {}); \
                 register them with the public keys from `meter-client fleet keys --meters {n} \
                 --seed {seed} --id-prefix {}`",
                unregistered.len(),
                deployment.contracts.admin,
                unregistered[0],
                args.id_prefix
            );
        }
        for &i in &missing {
            let info = by_id[ids[i].as_str()];
            if info.pubkey.as_slice() != keys[i].public_key().as_slice() {
                bail!(
                    "meter {} is registered with another public key: was the fleet registered \
                     with --seed {seed}?",
                    ids[i]
                );
            }
        }
        // The meter contracts' states, contract by contract.
        let mut wanted: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in &missing {
            wanted
                .entry(by_id[ids[i].as_str()].contract.to_string())
                .or_default()
                .push(i);
        }
        for (contract, meters) in wanted {
            let states = patiently("reading the meters' states", cap, || {
                chain.meters(&contract)
            })
            .await?;
            let limits = patiently("reading the contract's limits", cap, || {
                chain.limits(&contract)
            })
            .await?;
            let c = match contracts.iter().position(|e| e.address == contract) {
                Some(c) => {
                    contracts[c].limits = Some(limits);
                    c
                }
                None => {
                    contracts.push(ContractEntry {
                        address: contract.clone(),
                        limits: Some(limits),
                    });
                    contracts.len() - 1
                }
            } as u32;
            let states: HashMap<&str, &MeterState> =
                states.iter().map(|s| (s.meter_id.as_str(), s)).collect();
            for i in meters {
                let state = states.get(ids[i].as_str()).ok_or_else(|| {
                    anyhow!("meter {} is not in its meter contract {contract}", ids[i])
                })?;
                entries[i] = Some((
                    c,
                    state.tariff_utc_offset_minutes,
                    MeterCursor {
                        next_sequence: state.last_sequence + 1,
                        register_wh: state.register_wh,
                        next_start: first_start(
                            state.last_interval_end,
                            backfill,
                            args.send.interval,
                            now,
                        ),
                    },
                ));
            }
        }
    }

    let mut slots = Vec::with_capacity(n);
    let mut sims = Vec::with_capacity(n);
    for (i, (id, key)) in ids.into_iter().zip(keys).enumerate() {
        let Some((contract, offset, mut cursor)) = entries[i] else {
            unreachable!("every meter was looked up");
        };
        if let Some(tail) = outbox.tail(i as u32) {
            cursor.advance_to(tail);
        }
        sims.push(SimMeter {
            household: Household::new(seed, i as u32),
            next_start: cursor.next_start,
            register_wh: cursor.register_wh,
            utc_offset_minutes: offset,
        });
        slots.push(MeterSlot::new(id, contract, key, offset, cursor));
    }
    let max_power = contracts
        .iter()
        .filter_map(|c| c.limits.map(|l: Limits| l.max_power_w))
        .min();
    let source = Simulator::new(
        sims,
        SimulatorConfig {
            interval: args.send.interval.max(1),
            seed,
            until,
            max_power_w: max_power,
            compression: args
                .send
                .compression(contracts.iter().filter_map(|c| c.limits.as_ref()))?,
        },
        SystemClock,
    );
    let config = engine_config(data_dir, args.batch, &args.send, Some(seed), 200_000);
    let engine = Engine::new(chain, chain_id, contracts, slots, outbox, config);
    let (tx, rx) = mpsc::channel(4_096);
    spawn_source(Box::new(source), tx);
    let summary = engine.run(rx, shutdown_signal()).await?;
    tracing::info!("{}", describe(&summary));
    Ok(summary)
}
