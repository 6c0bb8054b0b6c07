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
use super::session::{chain_config, describe, gateway, shutdown_signal, spawn_source, unix_now};
use crate::chain::LedgerChain;
use crate::engine::Summary;
use crate::keys;
use crate::metrics::Metrics;
use crate::park::{Forecast, ParkFile};

mod park;
mod round;

use park::Traders;
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
    let park = match &args.park.file {
        Some(path) => Some(ParkFile::load(path, meters)?),
        None => None,
    };
    let curves: Vec<_> = (0..meters)
        .map(|i| ParkFile::curve(park.as_ref(), seed, i))
        .collect();
    let traders = match &park {
        Some(file) => {
            let (_, until) = args.send.window(unix_now())?;
            Some(Traders::load(
                &args,
                deployment.contracts.park_market.as_deref(),
                file,
                seed,
                &ids,
                until,
            )?)
        }
        None => None,
    };
    let (stop_tx, mut stop) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    let metrics = Arc::new(Metrics::default());
    args.metrics.start(&metrics).await?;
    let recheck = Duration::from_secs(args.send.backoff_cap.max(1)).min(PARKED_RECHECK_CAP);

    let (forecast_tx, forecast_rx) = watch::channel(Forecast::default());
    let (park_stop_tx, park_stop) = watch::channel(false);
    // Turns true when the traders fail, which ends the fleet too: a park that does not
    // trade is not what was asked for.
    let (park_failed_tx, park_failed) = watch::channel(false);
    let mut trading = traders.map(|traders| {
        let trade = traders.trade(
            chain.config().clone(),
            data_dir.clone(),
            forecast_rx,
            park_stop,
            Duration::from_secs(args.send.backoff_cap.max(1)),
        );
        tokio::spawn(async move {
            let result = trade.await;
            if let Err(e) = &result {
                tracing::error!("the park's traders stopped: {e:#}");
                park_failed_tx.send_replace(true);
            }
            result
        })
    });

    let mut total = Summary::default();
    let outcome = loop {
        let Round {
            engine,
            source,
            waiting,
            forecast,
        } = match prepare_round(&args, &chain, &deployment, seed, &ids, &curves).await {
            Ok(round) => round,
            Err(e) => break Err(e),
        };
        forecast_tx.send_replace(forecast);
        let (tx, rx) = mpsc::channel(4_096);
        spawn_source(Box::new(source), tx);
        let placed = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let shutdown = {
            let (chain, waiting, placed, mut stop, park_failed) = (
                Arc::clone(&chain),
                waiting.clone(),
                Arc::clone(&placed),
                stop.clone(),
                park_failed.clone(),
            );
            async move {
                tokio::select! {
                    _ = stop.wait_for(|s| *s) => {}
                    () = park_failure(park_failed) => {}
                    () = wait_for_contracts(&chain, &waiting, recheck), if !waiting.is_empty() => {
                        placed.store(true, std::sync::atomic::Ordering::SeqCst);
                    }
                }
            }
        };
        let summary = match engine
            .with_metrics(Arc::clone(&metrics))
            .run(rx, shutdown)
            .await
        {
            Ok(summary) => summary,
            Err(e) => break Err(e.into()),
        };
        total.add(&summary);
        if *stop.borrow() {
            total.interrupted = true;
            break Ok(());
        }
        if *park_failed.borrow() {
            break Ok(());
        }
        if placed.load(std::sync::atomic::Ordering::SeqCst) {
            tracing::info!(
                "parked meters have their contracts now; starting a new round with them"
            );
            continue;
        }
        // The simulation has ended; meters still parked have readings to come once placed.
        if waiting.is_empty() {
            break Ok(());
        }
        tracing::info!(
            parked = waiting.len(),
            "everything sent; waiting for the parked meters' regions to create their contracts"
        );
        tokio::select! {
            _ = stop.wait_for(|s| *s) => {
                total.interrupted = true;
                break Ok(());
            }
            () = park_failure(park_failed.clone()) => break Ok(()),
            () = wait_for_contracts(&chain, &waiting, recheck) => {}
        }
    };
    // The traders stop with the readings (their state is saved after every change).
    park_stop_tx.send_replace(true);
    if let Some(trading) = trading.take() {
        match trading.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                outcome?;
                return Err(e.context("the park's traders stopped"));
            }
            Err(e) => {
                outcome?;
                bail!("the park's traders stopped: {e}");
            }
        }
    }
    outcome?;
    tracing::info!("{}", describe(&total));
    Ok(total)
}

/// Resolves once the park's traders have failed; never when the fleet has none.
async fn park_failure(mut failed: watch::Receiver<bool>) {
    if failed.wait_for(|f| *f).await.is_err() {
        std::future::pending::<()>().await;
    }
}
