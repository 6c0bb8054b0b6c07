use std::sync::Mutex;

use super::*;
use crate::index::events::tests::{BANK, REGISTRY, exec_tx, names};
use crate::index::store::Filter;

/// A node of made-up blocks: block `h` holds one bank transaction, and every third block a
/// registry one too.
#[derive(Default)]
struct MadeUpChain {
    earliest: u64,
    latest: Mutex<u64>,
    down_at: Mutex<Option<u64>>,
    /// Bumped when the chain starts afresh: its blocks' hashes change.
    epoch: Mutex<u32>,
    asked: Mutex<Vec<u64>>,
}

impl MadeUpChain {
    fn up_to(latest: u64) -> Arc<Self> {
        Arc::new(MadeUpChain {
            earliest: 1,
            latest: Mutex::new(latest),
            ..MadeUpChain::default()
        })
    }
}

fn made_up_block(height: u64, epoch: u32) -> BlockData {
    let mut txs = vec![exec_tx(&format!("B{height}"), "wasm1alice", BANK, "pay")];
    if height % 3 == 0 {
        txs.push(exec_tx(
            &format!("R{height}"),
            "wasm1admin",
            REGISTRY,
            "register",
        ));
    }
    BlockData {
        height,
        hash: format!("{epoch:08X}{height:08X}"),
        time: 1_700_000_000 + height,
        txs,
    }
}

impl BlockSource for Arc<MadeUpChain> {
    fn heights(&self) -> SourceFuture<'_, Heights> {
        let heights = Heights {
            earliest: self.earliest,
            latest: *self.latest.lock().unwrap(),
        };
        Box::pin(async move { Ok(heights) })
    }

    fn block(&self, height: u64) -> SourceFuture<'_, BlockData> {
        self.asked.lock().unwrap().push(height);
        let down = *self.down_at.lock().unwrap() == Some(height);
        let epoch = *self.epoch.lock().unwrap();
        Box::pin(async move {
            if down {
                bail!("the node does not answer for block {height}");
            }
            Ok(made_up_block(height, epoch))
        })
    }
}

fn follower(chain: &Arc<MadeUpChain>, store: Arc<Store>, batch: u64) -> Follower<Arc<MadeUpChain>> {
    let cursor = store.cursor().unwrap();
    Follower {
        source: chain.clone(),
        store,
        names: names(),
        status: Arc::new(IndexStatus::starting_at(cursor)),
        metrics: IndexMetrics::default(),
        settings: FollowSettings {
            from_height: 1,
            poll: Duration::from_millis(10),
            batch,
        },
        history_checked: false,
    }
}

fn stored(store: &Store) -> Vec<(u64, String)> {
    store
        .select(&Filter::default(), 10_000)
        .unwrap()
        .into_iter()
        .map(|r| (r.height, r.tx_hash))
        .collect()
}

#[tokio::test]
async fn catches_up_in_bounded_batches() {
    let chain = MadeUpChain::up_to(7);
    let mut f = follower(&chain, Arc::new(Store::in_memory().unwrap()), 3);
    assert_eq!(f.step().await.unwrap(), Step::Behind);
    assert_eq!(f.store.cursor().unwrap(), Some(3));
    assert_eq!(f.step().await.unwrap(), Step::Behind);
    assert_eq!(f.step().await.unwrap(), Step::CaughtUp);
    assert_eq!(f.store.cursor().unwrap(), Some(7));
    // 7 bank events and the registry's of blocks 3 and 6.
    assert_eq!(stored(&f.store).len(), 9);
    assert_eq!(f.metrics.height.get(), 7);
    assert_eq!(f.metrics.events.get(), 9);
    assert_eq!(
        (f.status.indexed(), f.status.chain(), f.status.lag()),
        (7, 7, 0)
    );
    // Nothing new: nothing asked.
    let asked = chain.asked.lock().unwrap().len();
    assert_eq!(f.step().await.unwrap(), Step::CaughtUp);
    assert_eq!(chain.asked.lock().unwrap().len(), asked);
}

#[tokio::test]
async fn a_restarted_index_continues_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(crate::index::store::FILE_NAME);
    let chain = MadeUpChain::up_to(5);
    {
        let mut f = follower(&chain, Arc::new(Store::open(&path).unwrap()), 50);
        assert_eq!(f.step().await.unwrap(), Step::CaughtUp);
    }
    // The gateway is down while the chain goes on.
    *chain.latest.lock().unwrap() = 9;
    chain.asked.lock().unwrap().clear();
    let mut f = follower(&chain, Arc::new(Store::open(&path).unwrap()), 50);
    assert_eq!(f.status.indexed(), 5);
    assert_eq!(f.step().await.unwrap(), Step::CaughtUp);
    // Block 5 again only to match its hash with the stored one; then the new blocks.
    assert_eq!(*chain.asked.lock().unwrap(), [5, 6, 7, 8, 9]);
    let rows = stored(&f.store);
    let expected: Vec<(u64, String)> = (1..=9)
        .flat_map(|h| {
            made_up_block(h, 0)
                .txs
                .into_iter()
                .map(move |t| (h, t.hash))
        })
        .collect();
    assert_eq!(rows, expected, "every event once, in chain order");
}

#[tokio::test]
async fn an_index_of_a_chain_started_afresh_goes_no_further() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(crate::index::store::FILE_NAME);
    let chain = MadeUpChain::up_to(5);
    {
        let mut f = follower(&chain, Arc::new(Store::open(&path).unwrap()), 50);
        f.step().await.unwrap();
    }
    *chain.epoch.lock().unwrap() = 1;
    *chain.latest.lock().unwrap() = 8;
    let mut f = follower(&chain, Arc::new(Store::open(&path).unwrap()), 50);
    let refused = f.step().await.unwrap_err();
    assert!(
        format!("{refused:#}").contains("started afresh"),
        "{refused:#}"
    );
    assert_eq!(f.store.cursor().unwrap(), Some(5));
    // Lower than the index: refused as well, until the node is past the cursor again.
    *chain.latest.lock().unwrap() = 3;
    let behind = f.step().await.unwrap_err();
    assert!(format!("{behind:#}").contains("up to 5"), "{behind:#}");
    *chain.latest.lock().unwrap() = 8;
    // The same chain resumes.
    *chain.epoch.lock().unwrap() = 0;
    assert_eq!(f.step().await.unwrap(), Step::CaughtUp);
    assert_eq!(f.store.cursor().unwrap(), Some(8));
}

#[tokio::test]
async fn a_node_error_moves_nothing_and_the_next_try_resumes() {
    let chain = MadeUpChain::up_to(6);
    let mut f = follower(&chain, Arc::new(Store::in_memory().unwrap()), 3);
    assert_eq!(f.step().await.unwrap(), Step::Behind);
    *chain.down_at.lock().unwrap() = Some(5);
    let failed = f.step().await.unwrap_err();
    assert!(format!("{failed:#}").contains("block 5"), "{failed:#}");
    assert_eq!(f.store.cursor().unwrap(), Some(3));
    assert!(stored(&f.store).iter().all(|(h, _)| *h <= 3));
    *chain.down_at.lock().unwrap() = None;
    assert_eq!(f.step().await.unwrap(), Step::CaughtUp);
    assert_eq!(f.store.cursor().unwrap(), Some(6));
    assert_eq!(stored(&f.store).len(), 8);
}

#[tokio::test]
async fn blocks_the_node_pruned_are_skipped_and_recorded() {
    let chain = Arc::new(MadeUpChain {
        earliest: 40,
        latest: Mutex::new(42),
        ..MadeUpChain::default()
    });
    let mut f = follower(&chain, Arc::new(Store::in_memory().unwrap()), 50);
    assert_eq!(f.step().await.unwrap(), Step::CaughtUp);
    assert_eq!(*chain.asked.lock().unwrap(), [40, 41, 42]);
    assert_eq!(f.store.skipped().unwrap(), vec![(1, 39)]);
    assert_eq!(f.store.cursor().unwrap(), Some(42));
}

#[tokio::test]
async fn the_task_stops_when_asked() {
    let chain = MadeUpChain::up_to(120);
    let f = follower(&chain, Arc::new(Store::in_memory().unwrap()), 50);
    let (store, status) = (f.store.clone(), f.status.clone());
    let (stop, stopped) = watch::channel(false);
    let task = tokio::spawn(f.run(stopped));
    for _ in 0..500 {
        if status.indexed() == 120 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(status.indexed(), 120);
    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(store.cursor().unwrap(), Some(120));
}

#[test]
fn the_pause_doubles_up_to_a_bound() {
    let poll = Duration::from_millis(500);
    assert_eq!(backoff(poll, 1), Duration::from_secs(1));
    assert_eq!(backoff(poll, 3), Duration::from_secs(4));
    assert_eq!(backoff(poll, 40), MAX_BACKOFF);
}
