//! The event index and audit log: a task follows the chain's blocks and stores the
//! deployment's contract events in `<data dir>/index.sqlite`, which the audit endpoints
//! search and export. Each regional sub-chain of the deployment has an index of its own,
//! followed the same way, in `<data dir>/regions/<region>/index.sqlite`.
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

use std::path::{Path, PathBuf};
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

/// The folder of a regional sub-chain's index in the gateway's data directory:
/// `<data dir>/regions/<region>`. The name comes from the deployment file; one that is not a
/// plain file name (letters, digits, `-`, `_`, `.`) is refused rather than made a path.
pub fn region_dir(data_dir: &Path, region: &str) -> anyhow::Result<PathBuf> {
    let plain = !region.is_empty()
        && region != "."
        && region != ".."
        && region
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain {
        anyhow::bail!("the deployment names a region '{region}' that is not a plain name");
    }
    Ok(data_dir.join("regions").join(region))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_index_lives_in_a_folder_of_its_name_and_odd_names_are_refused() {
        let dir = region_dir(Path::new("/data"), "region-1").unwrap();
        assert_eq!(dir, Path::new("/data/regions/region-1"));
        for bad in ["", ".", "..", "../etc", "a/b", "east side"] {
            assert!(region_dir(Path::new("/data"), bad).is_err(), "{bad:?}");
        }
    }
}
