//! The follower: a task that reads blocks from the node after the index's cursor, a bounded
//! batch at a time, and commits each batch's events with the cursor.
//!
//! It never stops the gateway: a node that does not answer is asked again with a growing
//! pause, and a node that has pruned the blocks the index needs is followed from the first
//! block it still has, with a warning and the missing range recorded.

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context, bail};
use tendermint_rpc::Client as _;
use tokio::sync::{broadcast, watch};

use crate::index::events::{Attribute, BlockData, ContractNames, EventData, TxData, rows_of};
use crate::index::store::{Batch, Store};
use crate::ops::metrics::IndexMetrics;

/// Blocks read and committed together while catching up.
pub const BATCH_BLOCKS: u64 = 50;
/// The longest pause between tries at a node that does not answer.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// A read of the node in flight.
pub type SourceFuture<'a, T> = Pin<Box<dyn Future<Output = anyhow::Result<T>> + Send + 'a>>;

/// The blocks the node has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Heights {
    /// The first block it still has (above 1 when it prunes).
    pub earliest: u64,
    /// Its latest block.
    pub latest: u64,
}

/// Where blocks come from: the node's RPC in production, made-up blocks in tests.
pub trait BlockSource: Send + Sync + 'static {
    /// The range of blocks the node has.
    fn heights(&self) -> SourceFuture<'_, Heights>;
    /// The block at `height` with its transactions' results.
    fn block(&self, height: u64) -> SourceFuture<'_, BlockData>;
}

/// Blocks from a CometBFT node through the chain client's RPC connection.
#[derive(Clone, Debug)]
pub struct RpcSource {
    client: ledger_client::Client,
}

impl RpcSource {
    /// Blocks from `client`'s node.
    pub fn new(client: ledger_client::Client) -> Self {
        RpcSource { client }
    }
}

impl BlockSource for RpcSource {
    fn heights(&self) -> SourceFuture<'_, Heights> {
        Box::pin(async move {
            let status = self
                .client
                .rpc()
                .status()
                .await
                .context("asking the node for its status")?;
            Ok(Heights {
                earliest: status.sync_info.earliest_block_height.value(),
                latest: status.sync_info.latest_block_height.value(),
            })
        })
    }

    fn block(&self, height: u64) -> SourceFuture<'_, BlockData> {
        Box::pin(async move {
            let at = u32::try_from(height).context("a height beyond the RPC's range")?;
            let rpc = self.client.rpc();
            let (block, results) = tokio::try_join!(rpc.block(at), rpc.block_results(at))
                .with_context(|| format!("reading block {height} from the node"))?;
            let txs = &block.block.data;
            let results = results.txs_results.unwrap_or_default();
            if txs.len() != results.len() {
                bail!(
                    "block {height} has {} transactions but {} results",
                    txs.len(),
                    results.len()
                );
            }
            let time = u64::try_from(block.block.header.time.unix_timestamp()).unwrap_or(0);
            let txs = txs
                .iter()
                .zip(results)
                .map(|(bytes, result)| TxData {
                    hash: ledger_client::tx_hash(bytes),
                    code: result.code.value(),
                    events: result
                        .events
                        .into_iter()
                        .map(|e| EventData {
                            kind: e.kind,
                            attributes: e
                                .attributes
                                .iter()
                                .map(|a| Attribute {
                                    key: String::from_utf8_lossy(a.key_bytes()).into_owned(),
                                    value: String::from_utf8_lossy(a.value_bytes()).into_owned(),
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect();
            Ok(BlockData {
                height,
                hash: block.block_id.hash.to_string(),
                time,
                txs,
            })
        })
    }
}

/// Blocks of a regional sub-chain's node, connected at the first read that finds it up: a
/// region down when the gateway starts is followed once it answers, and the gateway serves
/// meanwhile.
#[derive(Debug)]
pub struct RegionSource {
    config: ledger_client::ChainConfig,
    connected: tokio::sync::Mutex<Option<RpcSource>>,
}

impl RegionSource {
    /// Blocks from the node `config` names.
    pub fn new(config: ledger_client::ChainConfig) -> Self {
        RegionSource {
            config,
            connected: tokio::sync::Mutex::new(None),
        }
    }

    async fn source(&self) -> anyhow::Result<RpcSource> {
        let mut connected = self.connected.lock().await;
        if let Some(source) = connected.as_ref() {
            return Ok(source.clone());
        }
        let client = ledger_client::Client::connect(self.config.clone())
            .await
            .with_context(|| format!("connecting to the region's node {}", self.config.node))?;
        let source = RpcSource::new(client);
        *connected = Some(source.clone());
        Ok(source)
    }
}

impl BlockSource for RegionSource {
    fn heights(&self) -> SourceFuture<'_, Heights> {
        Box::pin(async move { self.source().await?.heights().await })
    }

    fn block(&self, height: u64) -> SourceFuture<'_, BlockData> {
        Box::pin(async move { self.source().await?.block(height).await })
    }
}

/// What the follower knows, shared with the API: the indexed and the chain's latest height
/// (0 while unknown), and each committed batch announced to the live updates.
#[derive(Debug)]
pub struct IndexStatus {
    indexed: AtomicU64,
    chain: AtomicU64,
    changes: broadcast::Sender<Indexed>,
    /// True once the gateway is stopping: live streams end, so that the server's graceful
    /// shutdown does not wait on them.
    closing: watch::Sender<bool>,
}

/// A batch of blocks the index committed: the height it reached and the names of the
/// contracts with events in it (`registry`, `bank`, `token`, `meter`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indexed {
    /// The last height of the batch.
    pub height: u64,
    /// The contracts with events in the batch, by name, in name order.
    pub contracts: Vec<String>,
}

/// Batches a slow live-update listener may fall behind by before it is told to reload.
const CHANGES_BUFFER: usize = 64;

impl Default for IndexStatus {
    fn default() -> Self {
        IndexStatus {
            indexed: AtomicU64::new(0),
            chain: AtomicU64::new(0),
            changes: broadcast::channel(CHANGES_BUFFER).0,
            closing: watch::channel(false).0,
        }
    }
}

impl IndexStatus {
    /// A status starting from the stored cursor.
    pub fn starting_at(cursor: Option<u64>) -> Self {
        let status = IndexStatus::default();
        status.indexed.store(cursor.unwrap_or(0), Ordering::Relaxed);
        status
    }

    /// The batches committed from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Indexed> {
        self.changes.subscribe()
    }

    /// Whether the gateway is stopping, as it changes.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Ends every live stream: the gateway is stopping.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Records that the index holds every block up to `indexed.height` and tells the
    /// listeners.
    pub fn announce(&self, indexed: Indexed) {
        self.indexed.store(indexed.height, Ordering::Relaxed);
        // No listener is not an error: nobody has a cabinet open.
        let _ = self.changes.send(indexed);
    }

    /// The last fully indexed height; 0 before the first block.
    pub fn indexed(&self) -> u64 {
        self.indexed.load(Ordering::Relaxed)
    }

    /// The node's latest height when last asked; 0 before the first answer.
    pub fn chain(&self) -> u64 {
        self.chain.load(Ordering::Relaxed)
    }

    /// Blocks the chain is ahead of the index.
    pub fn lag(&self) -> u64 {
        self.chain().saturating_sub(self.indexed())
    }
}

/// How the follower runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FollowSettings {
    /// The first height of an empty index.
    pub from_height: u64,
    /// The pause between polls once caught up.
    pub poll: Duration,
    /// Blocks per batch.
    pub batch: u64,
}

/// Whether a step reached the chain's latest block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The index holds every block the node had.
    CaughtUp,
    /// More blocks wait.
    Behind,
}

/// The follower task's parts.
pub struct Follower<S: BlockSource> {
    /// Where blocks come from.
    pub source: S,
    /// The index it writes.
    pub store: Arc<Store>,
    /// The deployment's contracts, with those learnt from the blocks.
    pub names: ContractNames,
    /// Shared with the API.
    pub status: Arc<IndexStatus>,
    /// The index's metrics.
    pub metrics: IndexMetrics,
    /// Its settings.
    pub settings: FollowSettings,
    /// Whether the stored cursor's block has been matched against the node's since the
    /// start (false when built).
    pub history_checked: bool,
}

/// Runs `f` on the blocking pool: SQLite calls must not hold up the async runtime.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .context("the index's database task failed")?
}

impl<S: BlockSource> Follower<S> {
    /// Indexes the next batch of blocks after the cursor, if the node has any.
    pub async fn step(&mut self) -> anyhow::Result<Step> {
        let heights = self.source.heights().await?;
        self.status.chain.store(heights.latest, Ordering::Relaxed);
        let store = self.store.clone();
        let cursor = blocking(move || store.cursor()).await?;
        if let Some(cursor) = cursor {
            self.status.indexed.store(cursor, Ordering::Relaxed);
            self.metrics
                .height
                .set(i64::try_from(cursor).unwrap_or(i64::MAX));
        }
        let mut from = cursor.map_or(self.settings.from_height.max(1), |c| c + 1);
        if from > heights.latest + 1 {
            // An error, so that the run loop says it with a growing pause rather than at
            // every poll.
            bail!(
                "the index holds blocks up to {} but the node's latest is {}: a node behind, \
                 or a chain started afresh under the same id (move {} away to index it)",
                from - 1,
                heights.latest,
                self.store.path().display()
            );
        }
        if from > heights.latest {
            return Ok(Step::CaughtUp);
        }
        if !self.history_checked {
            self.check_history(cursor, heights).await?;
            self.history_checked = true;
        }
        let mut skipped = None;
        if from < heights.earliest {
            tracing::warn!(
                wanted = from,
                first_available = heights.earliest,
                "the node has pruned blocks {from}..{}: their events cannot be indexed; \
                 indexing from block {}",
                heights.earliest - 1,
                heights.earliest
            );
            skipped = Some((from, heights.earliest - 1));
            from = heights.earliest;
        }
        let to = heights.latest.min(from + self.settings.batch.max(1) - 1);
        let mut rows = Vec::new();
        let mut contracts = Vec::new();
        let mut to_hash = None;
        for height in from..=to {
            let block = self.source.block(height).await?;
            if block.height != height {
                bail!("asked for block {height}, the node sent {}", block.height);
            }
            let found = rows_of(&block, &mut self.names);
            rows.extend(found.rows);
            contracts.extend(found.contracts);
            to_hash = Some(block.hash);
        }
        let touched: BTreeSet<String> = rows.iter().map(|r| r.contract_name.clone()).collect();
        let batch = Batch {
            from,
            to,
            rows,
            skipped,
            contracts,
            to_hash,
        };
        let store = self.store.clone();
        let added = blocking(move || store.commit(&batch)).await?;
        self.status.announce(Indexed {
            height: to,
            contracts: touched.into_iter().collect(),
        });
        self.metrics
            .height
            .set(i64::try_from(to).unwrap_or(i64::MAX));
        self.metrics.events.inc_by(added as u64);
        if to < heights.latest || to > from {
            tracing::info!(
                from,
                to,
                latest = heights.latest,
                events = added,
                "index catching up"
            );
        } else {
            tracing::debug!(height = to, events = added, "indexed a block");
        }
        Ok(if to < heights.latest {
            Step::Behind
        } else {
            Step::CaughtUp
        })
    }

    /// Refuses to go on when the node's block at the stored cursor is not the one indexed:
    /// a chain started afresh under the same id, whose heights the file would claim.
    async fn check_history(&self, cursor: Option<u64>, heights: Heights) -> anyhow::Result<()> {
        let Some(cursor) = cursor else {
            return Ok(());
        };
        let store = self.store.clone();
        let Some(stored) = blocking(move || store.cursor_hash()).await? else {
            return Ok(());
        };
        if cursor < heights.earliest || cursor > heights.latest {
            return Ok(());
        }
        let block = self.source.block(cursor).await?;
        if !block.hash.eq_ignore_ascii_case(&stored) {
            bail!(
                "block {cursor} on the node is not the block {} indexed: the chain was \
                 started afresh; stop the gateway and move {} away to index it",
                stored,
                self.store.path().display()
            );
        }
        Ok(())
    }

    /// Follows the chain until `shutdown` turns true. A step in progress finishes (its
    /// batch commits or not at all) before the task ends.
    pub async fn run(mut self, mut shutdown: watch::Receiver<bool>) {
        let mut failures: u32 = 0;
        loop {
            if *shutdown.borrow() {
                break;
            }
            let pause = match self.step().await {
                Ok(Step::Behind) => {
                    failures = 0;
                    continue;
                }
                Ok(Step::CaughtUp) => {
                    failures = 0;
                    self.settings.poll
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let pause = backoff(self.settings.poll, failures);
                    tracing::warn!(
                        error = %format!("{e:#}"),
                        retry_in_ms = pause.as_millis() as u64,
                        "index: cannot follow the chain"
                    );
                    pause
                }
            };
            tokio::select! {
                () = tokio::time::sleep(pause) => {}
                _ = shutdown.changed() => break,
            }
        }
        tracing::info!(height = self.status.indexed(), "index stopped");
    }
}

/// The pause after `failures` failures in a row: the poll interval, doubled each time, at
/// most [`MAX_BACKOFF`].
pub fn backoff(poll: Duration, failures: u32) -> Duration {
    let factor = 1u32 << failures.min(6);
    poll.saturating_mul(factor).min(MAX_BACKOFF)
}

#[cfg(test)]
#[path = "follow_tests.rs"]
mod tests;
