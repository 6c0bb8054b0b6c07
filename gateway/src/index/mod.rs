//! The event index and audit log: a task follows the chain's blocks and stores the
//! deployment's contract events in `<data dir>/index.sqlite`, which the audit endpoints
//! search and export.
//!
//! SQLite (through `rusqlite`, compiled in) rather than a server: the index is the gateway's
//! own, one file beside its token secret, and needs no other process to run or back up.
//! Its cursor (the last fully indexed height) lives in the same file and commits in the
//! same transaction as each batch's events, so the index resumes after downtime exactly
//! where it stopped.
//!
//! Modules: [`events`] turns a block's transaction results into rows; [`store`] is the
//! database; [`follow`] the task that reads blocks from the node.

pub mod events;
pub mod follow;
pub mod store;

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use crate::index::follow::IndexStatus;
use crate::index::store::{FILE_NAME, Store};

/// The index as the API sees it: a reading connection and the follower's status.
#[derive(Clone, Debug)]
pub struct Index {
    /// A connection of its own, so reads do not wait for the follower's commits.
    pub store: Arc<Store>,
    /// The follower's progress.
    pub status: Arc<IndexStatus>,
}

impl Index {
    /// An empty index in memory, for tests.
    #[cfg(test)]
    pub fn in_memory() -> anyhow::Result<Index> {
        Ok(Index {
            store: Arc::new(Store::in_memory()?),
            status: Arc::new(IndexStatus::default()),
        })
    }
}

/// Opens the index of chain `chain_id` in `data_dir`: a connection for the follower and the
/// API's [`Index`].
pub fn open(data_dir: &Path, chain_id: &str) -> anyhow::Result<(Arc<Store>, Index)> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating the data directory {}", data_dir.display()))?;
    let path = data_dir.join(FILE_NAME);
    let writer = Store::open(&path)?;
    writer.bind_chain(chain_id)?;
    let cursor = writer.cursor()?;
    let reader = Store::open(&path)?;
    let index = Index {
        store: Arc::new(reader),
        status: Arc::new(IndexStatus::starting_at(cursor)),
    };
    Ok((Arc::new(writer), index))
}
