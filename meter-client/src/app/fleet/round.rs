//! One round of a fleet: restoring the checkpoint, locating the meters it does not place (the
//! registry's meter contract, or a regional meter's through the router), and waiting for
//! parked meters' contracts.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail};
use ledger_client::Deployment;
use ledger_sdk::contracts::router::RouteState;
use ledger_types::meter::MeterState;

use super::super::args::FleetArgs;
use super::super::data_dir::STATE_FILE;
use super::super::placement::{Placement, place};
use super::super::session::{engine_config, first_start, open_outbox, patiently, unix_now};
use crate::chain::{Chain, LedgerChain};
use crate::checkpoint::{Checkpoint, ContractEntry, Limits, MeterCursor};
use crate::curve::MeterCurve;
use crate::engine::{Engine, MeterSlot};
use crate::keys;
use crate::outbox::Outbox;
use crate::park::Forecast;
use crate::source::{SimMeter, Simulator, SimulatorConfig, SystemClock};

/// One round of the fleet: the sender, its simulator, and the parked meters to wait for
/// (meter id and region each).
pub(super) struct Round {
    pub(super) engine: Engine<LedgerChain>,
    pub(super) source: Simulator,
    pub(super) waiting: Vec<(String, String)>,
    /// What each placed meter will measure, for the park's orders.
    pub(super) forecast: Forecast,
}

/// Where a meter starts a round: its contract (index), tariff offset and cursor, or `None`
/// when it has no contract yet.
type Entry = Option<(u32, i32, MeterCursor)>;

/// Restores the checkpoint, locates the meters it does not place (through the registry, and
/// the router for regional meters), and builds the round's sender and simulator.
pub(super) async fn prepare_round(
    args: &FleetArgs,
    chain: &Arc<LedgerChain>,
    deployment: &Deployment,
    seed: u64,
    ids: &[String],
    curves: &[MeterCurve],
) -> anyhow::Result<Round> {
    let data_dir = &args.data_dir;
    let chain_id = chain.config().chain_id.clone();
    let n = ids.len();
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
            && cp.meters.iter().zip(ids).all(|(m, id)| &m.id == id);
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
    let mut entries: Vec<Entry> = vec![None; n];
    if let Some(cp) = saved {
        // A region's chain the deployment file does not list could never be reached.
        if let Some(lost) = cp
            .contracts
            .iter()
            .filter_map(|c| c.chain_id.as_deref())
            .find(|id| !deployment.regions.iter().any(|r| r.chain_id == *id))
        {
            bail!(
                "{} sends meters to chain {lost}, which the deployment file does not list: use \
                 the deployment file of the regions the fleet was started with",
                state_path.display()
            );
        }
        contracts = cp.contracts;
        for (i, m) in cp.meters.into_iter().enumerate().take(n) {
            if !m.parked {
                entries[i] = Some((m.contract, m.utc_offset_minutes, m.cursor));
            }
        }
    }
    let missing: Vec<usize> = (0..n).filter(|&i| entries[i].is_none()).collect();
    let waiting = if missing.is_empty() {
        Vec::new()
    } else {
        locate_missing(
            args,
            chain,
            deployment,
            seed,
            ids,
            &missing,
            &mut contracts,
            &mut entries,
        )
        .await?
    };
    check_outbox_is_placed(&outbox, &entries, ids)?;

    let mut slots = Vec::with_capacity(n);
    let mut sims = Vec::with_capacity(n);
    for (i, id) in ids.iter().enumerate() {
        let key = keys::fleet_key(seed, i as u32);
        let curve = curves[i];
        let Some((contract, offset, mut cursor)) = entries[i] else {
            sims.push(SimMeter::idle(curve));
            slots.push(MeterSlot::parked(id.clone(), key));
            continue;
        };
        if let Some(tail) = outbox.tail(i as u32) {
            cursor.advance_to(tail);
        }
        sims.push(SimMeter {
            curve,
            next_start: cursor.next_start,
            register_wh: cursor.register_wh,
            utc_offset_minutes: offset,
        });
        slots.push(MeterSlot::new(id.clone(), contract, key, offset, cursor));
    }
    let (_, until) = args.send.window(unix_now())?;
    let max_power = contracts
        .iter()
        .filter_map(|c| c.limits.map(|l: Limits| l.max_power_w))
        .min();
    // With every meter parked there is nothing to simulate, nor a clock to follow yet.
    let compression = if contracts.iter().any(|c| c.limits.is_some()) {
        args.send
            .compression(contracts.iter().filter_map(|c| c.limits.as_ref()))?
    } else {
        None
    };
    let source = Simulator::new(
        sims,
        SimulatorConfig {
            interval: args.send.interval.max(1),
            seed,
            until,
            max_power_w: max_power,
            compression,
        },
        SystemClock,
    );
    let config = engine_config(data_dir, args.batch, &args.send, Some(seed), 200_000);
    let engine = Engine::new(
        Arc::clone(chain),
        chain_id,
        contracts,
        slots,
        outbox,
        config,
    );
    let forecast = Forecast {
        meters: entries
            .iter()
            .zip(curves)
            .map(|(entry, curve)| entry.map(|(_, offset, _)| (*curve, offset)))
            .collect(),
        max_power_w: max_power,
    };
    Ok(Round {
        engine,
        source,
        waiting,
        forecast,
    })
}

/// Readings in the outbox were signed for a contract: their meter must have one.
fn check_outbox_is_placed(
    outbox: &Outbox,
    entries: &[Entry],
    ids: &[String],
) -> anyhow::Result<()> {
    if let Some(m) = outbox
        .meters_with_pending()
        .find(|&m| entries[m as usize].is_none())
    {
        bail!(
            "the outbox holds readings of meter {} that has no meter contract now (its region \
             has not created it, or refused it); the state file does not match the outbox",
            ids[m as usize]
        );
    }
    Ok(())
}

/// Finds the `missing` meters: checks they are registered with the fleet's keys, places
/// them (the registry's meter contract, or their region's through the router), and reads
/// their contracts' states and limits on each meter's own chain. Returns the meters parked
/// because their region has not created their contract yet (meter id and region).
#[allow(clippy::too_many_arguments)]
async fn locate_missing(
    args: &FleetArgs,
    chain: &Arc<LedgerChain>,
    deployment: &Deployment,
    seed: u64,
    ids: &[String],
    missing: &[usize],
    contracts: &mut Vec<ContractEntry>,
    entries: &mut [Entry],
) -> anyhow::Result<Vec<(String, String)>> {
    let n = ids.len();
    let now = unix_now();
    let (backfill, _) = args.send.window(now)?;
    let cap = Duration::from_secs(args.send.backoff_cap.max(1));
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
    for &i in missing {
        let info = by_id[ids[i].as_str()];
        if info.pubkey.as_slice() != keys::fleet_key(seed, i as u32).public_key().as_slice() {
            bail!(
                "meter {} is registered with another public key: was the fleet registered \
                 with --seed {seed}?",
                ids[i]
            );
        }
    }
    // The router's word on every region the missing meters belong to.
    let regions: BTreeSet<&str> = missing
        .iter()
        .filter_map(|&i| by_id[ids[i].as_str()].region.as_deref())
        .collect();
    let mut routes: HashMap<String, RouteState> = HashMap::new();
    for region in regions {
        let listed = patiently(
            "asking the router where the regional meters are",
            cap,
            || chain.routes(region),
        )
        .await?;
        routes.extend(listed);
    }
    // The meter contracts' states, contract by contract, each on its own chain.
    let mut wanted: BTreeMap<(Option<String>, String), Vec<usize>> = BTreeMap::new();
    let mut waiting = Vec::new();
    for &i in missing {
        match place(by_id[ids[i].as_str()], &routes, deployment)? {
            Placement::Contract { address, chain_id } => {
                wanted.entry((chain_id, address)).or_default().push(i)
            }
            Placement::Pending { region } => {
                tracing::info!(
                    meter = %ids[i],
                    %region,
                    "meter skipped for now: its region has not created its meter contract yet \
                     (the relayer carries the registration); the router is asked again"
                );
                waiting.push((ids[i].clone(), region));
            }
            Placement::Refused {
                region,
                code,
                message,
            } => tracing::error!(
                meter = %ids[i],
                %region,
                %code,
                "meter skipped: its region refused to create its meter contract ({message}); \
                 the registration waits in the router's outbox for the administrator to \
                 correct and retry (`ledger region outbox`, `ledger region retry <id>`)"
            ),
        }
    }
    let main_chain = chain.config().chain_id.clone();
    for ((chain_id, contract), meters) in wanted {
        let on = chain_id.clone().unwrap_or_else(|| main_chain.clone());
        let states = patiently("reading the meters' states", cap, || {
            chain.meters(&on, &contract)
        })
        .await?;
        let limits = patiently("reading the contract's limits", cap, || {
            chain.limits(&on, &contract)
        })
        .await?;
        let c = match contracts
            .iter()
            .position(|e| e.address == contract && e.chain_id == chain_id)
        {
            Some(c) => {
                contracts[c].limits = Some(limits);
                c
            }
            None => {
                contracts.push(ContractEntry {
                    address: contract.clone(),
                    limits: Some(limits),
                    chain_id: chain_id.clone(),
                });
                contracts.len() - 1
            }
        } as u32;
        let states: HashMap<&str, &MeterState> =
            states.iter().map(|s| (s.meter_id.as_str(), s)).collect();
        for i in meters {
            let state = states.get(ids[i].as_str()).ok_or_else(|| {
                anyhow!(
                    "meter {} is not in its meter contract {contract} on {on}",
                    ids[i]
                )
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
    Ok(waiting)
}

/// Resolves once the router says one of the `waiting` meters (id, region) has its contract,
/// asking every `every`; while the main chain is unreachable it keeps asking.
pub(super) async fn wait_for_contracts(
    chain: &LedgerChain,
    waiting: &[(String, String)],
    every: Duration,
) {
    let regions: BTreeSet<&str> = waiting.iter().map(|(_, r)| r.as_str()).collect();
    let wanted: BTreeSet<&str> = waiting.iter().map(|(id, _)| id.as_str()).collect();
    loop {
        tokio::time::sleep(every).await;
        for region in &regions {
            match chain.routes(region).await {
                Ok(routes) => {
                    let placed: Vec<&str> = routes
                        .iter()
                        .filter(|(id, state)| {
                            wanted.contains(id.as_str())
                                && matches!(state, RouteState::Active { .. })
                        })
                        .map(|(id, _)| id.as_str())
                        .collect();
                    if let Some(first) = placed.first() {
                        tracing::info!(
                            %region,
                            meters = placed.len(),
                            first = %first,
                            "the region created the parked meters' contracts"
                        );
                        return;
                    }
                }
                Err(e) => tracing::warn!(
                    %region,
                    "cannot ask the router about the parked meters: {e}"
                ),
            }
        }
    }
}
