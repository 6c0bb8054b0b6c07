//! During a phase: the loaders hand their signed transactions to the mempool one at a time,
//! and the watcher finds them in the blocks.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::{Context, bail};
use ledger_client::tendermint_rpc::Client as _;
use ledger_client::{Client, tx_hash};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use super::{BlockRec, Included, PreTx, Sent, Shared, lock, now_s};

/// Broadcasts in progress at once per node. A node checks transactions one at a time, so more
/// would only queue in its RPC server; with 2,000 loaders on the one-validator chain's single
/// endpoint they went past its 900 open connections and broadcasts timed out.
pub(super) const BROADCASTS_PER_NODE: usize = 64;

/// One loader: hands its transactions to the mempool in sequence order, each once the one
/// before it is in a block, while fewer than the limit are waiting; through `gate`, its node's
/// share of concurrent broadcasts.
pub(super) async fn feed(
    client: Client,
    gate: Arc<Semaphore>,
    shared: Arc<Shared>,
    txs: Vec<PreTx>,
) {
    'txs: for tx in txs {
        while shared.pending.load(Ordering::SeqCst) >= shared.limit.load(Ordering::SeqCst) {
            if shared.stop_feeding.load(Ordering::SeqCst) {
                break 'txs;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        if shared.stop_feeding.load(Ordering::SeqCst) {
            break;
        }
        let hash = tx_hash(&tx.bytes);
        lock(&shared.sent).insert(
            hash.clone(),
            Sent {
                units: tx.units,
                at: now_s(),
                height: shared.latest_height.load(Ordering::SeqCst),
            },
        );
        shared.pending.fetch_add(1, Ordering::SeqCst);
        let mut mismatches = 0;
        loop {
            let result = {
                let Ok(_permit) = gate.acquire().await else {
                    break 'txs;
                };
                client.broadcast_sync_raw(tx.bytes.clone()).await
            };
            match result {
                Ok(_) | Err(ledger_client::ClientError::AlreadyInMempool { .. }) => break,
                Err(e) if crate::tx::mempool_full(&e) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                // This validator has not committed the block with the previous one yet.
                Err(ledger_client::ClientError::SequenceMismatch { .. }) if mismatches < 100 => {
                    mismatches += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => {
                    // The account's later transactions cannot follow this one: stop it.
                    if lock(&shared.sent).remove(&hash).is_some() {
                        shared.pending.fetch_sub(1, Ordering::SeqCst);
                    }
                    lock(&shared.failures).push(e.to_string());
                    break 'txs;
                }
            }
        }
        // In a block once the watcher has taken it out of `sent`.
        while lock(&shared.sent).contains_key(&hash) {
            if shared.stop_feeding.load(Ordering::SeqCst) {
                break 'txs;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    shared.feeders_done.fetch_add(1, Ordering::SeqCst);
}

/// Reads every block from `from` on; matches the phase's transactions by hash.
pub(super) async fn watch(
    client: Client,
    shared: Arc<Shared>,
    from: u64,
    floor: usize,
) -> anyhow::Result<()> {
    let rpc = client.rpc();
    let mut next = from;
    let mut errors = 0u32;
    loop {
        if shared.stop_watching.load(Ordering::SeqCst) {
            return Ok(());
        }
        let latest = match rpc.status().await {
            Ok(s) => s.sync_info.latest_block_height.value(),
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
        };
        shared.latest_height.store(latest, Ordering::SeqCst);
        while next <= latest {
            let height = ledger_client::cosmrs::tendermint::block::Height::try_from(next)
                .context("block height")?;
            let fetched = async {
                let block = rpc.block(height).await?;
                let results = rpc.block_results(height).await?;
                Ok::<_, ledger_client::tendermint_rpc::Error>((block, results))
            }
            .await;
            let (block, results) = match fetched {
                Ok(both) => {
                    errors = 0;
                    both
                }
                Err(e) => {
                    // The latest height can be reported a moment before its results are
                    // stored ("could not find results for height"): ask again.
                    errors += 1;
                    if errors >= 50 {
                        let text = e.to_string();
                        let first = text.lines().take(4).collect::<Vec<_>>().join(" ");
                        bail!("could not read block {next}: {first}");
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let time = block.block.header.time.unix_timestamp_nanos() as f64 / 1e9;
            let tx_results = results.txs_results.unwrap_or_default();
            let mut rec = BlockRec {
                height: next,
                time,
                ..BlockRec::default()
            };
            let mut found = Vec::new();
            {
                let mut sent = lock(&shared.sent);
                for (k, tx) in block.block.data.iter().enumerate() {
                    rec.bytes += tx.len();
                    let result = tx_results.get(k);
                    rec.gas_used += result.map_or(0, |r| r.gas_used);
                    rec.gas_wanted += result.map_or(0, |r| r.gas_wanted);
                    let hash = hex::encode_upper(Sha256::digest(tx));
                    if let Some(s) = sent.remove(&hash) {
                        let ok = result.is_some_and(|r| r.code.is_ok());
                        if ok {
                            rec.ours_ok_units += u64::from(s.units);
                            rec.ours_ok_txs += 1;
                        } else if let Some(r) = result {
                            lock(&shared.failures).push(format!("in block {next}: {}", r.log));
                        }
                        found.push(Included {
                            height: next,
                            ok,
                            at: s.at,
                            sent_height: s.height,
                        });
                    }
                }
            }
            shared.pending.fetch_sub(found.len(), Ordering::SeqCst);
            lock(&shared.included).extend(found);
            let mut blocks = lock(&shared.blocks);
            blocks.push(rec);
            let recent: Vec<u64> = blocks.iter().rev().take(5).map(|b| b.ours_ok_txs).collect();
            let avg = recent.iter().sum::<u64>() as f64 / recent.len().max(1) as f64;
            let limit = ((2.0 * avg) as usize + floor).clamp(floor, 8_000);
            shared.limit.store(limit, Ordering::SeqCst);
            next += 1;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
