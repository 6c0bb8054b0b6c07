//! `fleet` and `fleet keys`: many simulated meters through one gateway account.
//!
//! The fleet's meters may live on several chains: a meter registered on the main chain with a
//! region has its contract on that region's chain, which the main chain's router names once
//! the region has created it ([`super::placement`]). Readings are signed for and sent to the
//! meter's own chain, one chain per transaction. A meter whose region has not created its
//! contract yet is parked: it produces nothing, and the router is asked again now and then;
//! once it has its contract the fleet stops the round (everything sent or kept in the outbox)
//! and starts a new one with it.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail};
use ledger_client::Deployment;
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, watch};

use super::args::{FleetArgs, FleetKeysArgs, KeysFormat};
use super::data_dir::DirLock;
use super::session::{chain_config, describe, gateway, shutdown_signal, spawn_source};
use crate::chain::LedgerChain;
use crate::engine::Summary;
use crate::keys;
use crate::metrics::Metrics;

mod round;

use round::{Round, prepare_round, wait_for_contracts};

/// Most readings in one fleet transaction (about 300 bytes each).
pub const MAX_FLEET_BATCH: usize = 2_000;

/// Longest wait before asking the router again about meters whose region has not created
/// their contract yet (a registration is acknowledged a few blocks after it is sent).
const PARKED_RECHECK_CAP: Duration = Duration::from_secs(10);

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

/// `fleet`: many simulated meters through one gateway, in rounds: a round runs until a
/// signal, the end of the simulation (`--until`), or until a parked meter gets its contract.
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
    let chain = Arc::new(LedgerChain::new(
        config,
        gateway(&args.chain)?,
        Some(deployment.clone()),
    ));
    tracing::info!(
        meters,
        seed,
        gateway = %chain.gateway_address(),
        node = %chain.config().node,
        regions = deployment.regions.len(),
        "fleet starting"
    );
    let ids: Vec<String> = (0..meters)
        .map(|i| keys::fleet_meter_id(&args.id_prefix, i))
        .collect();
    let (stop_tx, mut stop) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    let metrics = Arc::new(Metrics::default());
    args.metrics.start(&metrics).await?;
    let recheck = Duration::from_secs(args.send.backoff_cap.max(1)).min(PARKED_RECHECK_CAP);

    let mut total = Summary::default();
    loop {
        let Round {
            engine,
            source,
            waiting,
        } = prepare_round(&args, &chain, &deployment, seed, &ids).await?;
        let (tx, rx) = mpsc::channel(4_096);
        spawn_source(Box::new(source), tx);
        let placed = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let shutdown = {
            let (chain, waiting, placed, mut stop) = (
                Arc::clone(&chain),
                waiting.clone(),
                Arc::clone(&placed),
                stop.clone(),
            );
            async move {
                tokio::select! {
                    _ = stop.wait_for(|s| *s) => {}
                    () = wait_for_contracts(&chain, &waiting, recheck), if !waiting.is_empty() => {
                        placed.store(true, std::sync::atomic::Ordering::SeqCst);
                    }
                }
            }
        };
        let summary = engine
            .with_metrics(Arc::clone(&metrics))
            .run(rx, shutdown)
            .await?;
        total.add(&summary);
        if *stop.borrow() {
            total.interrupted = true;
            break;
        }
        if placed.load(std::sync::atomic::Ordering::SeqCst) {
            tracing::info!(
                "parked meters have their contracts now; starting a new round with them"
            );
            continue;
        }
        // The simulation has ended; meters still parked have readings to come once placed.
        if waiting.is_empty() {
            break;
        }
        tracing::info!(
            parked = waiting.len(),
            "everything sent; waiting for the parked meters' regions to create their contracts"
        );
        tokio::select! {
            _ = stop.wait_for(|s| *s) => {
                total.interrupted = true;
                break;
            }
            () = wait_for_contracts(&chain, &waiting, recheck) => {}
        }
    }
    tracing::info!("{}", describe(&total));
    Ok(total)
}
