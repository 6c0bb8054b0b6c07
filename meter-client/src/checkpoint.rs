//! Where each meter's numbering and register stand, kept across restarts.
//!
//! `state.json` holds, per meter, the next sequence number, the register after the last
//! reading and where the next interval may start, with the chain and the meter contracts the
//! readings are signed for. It is written atomically (temporary file, sync, rename, directory
//! sync) when the client starts, before every outbox compaction and when it stops.
//!
//! It may lag behind the outbox: a reading is committed by its outbox record, not by the
//! checkpoint. On start the client takes, per meter, whichever of the checkpoint and the last
//! reading in the outbox is further ([`MeterCursor::advance_to`]), so a sequence number is
//! never given to two readings.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::outbox::{self, Tail};
use crate::tariff_clock::{TariffClock, power_w};

/// Format version of `state.json`.
pub const VERSION: u32 = 1;

/// Where one meter stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeterCursor {
    /// Sequence number of the next reading.
    pub next_sequence: u64,
    /// Register after the last reading, Wh.
    pub register_wh: u64,
    /// Earliest start of the next reading's interval (the end of the last one, or for the
    /// simulator the next interval boundary), unix seconds.
    pub next_start: u64,
}

impl MeterCursor {
    /// Moves past `tail` if it is further than this cursor.
    pub fn advance_to(&mut self, tail: Tail) {
        if tail.sequence >= self.next_sequence {
            self.next_sequence = tail.sequence.saturating_add(1);
            self.register_wh = tail.register_wh;
            self.next_start = self.next_start.max(tail.end);
        }
    }
}

/// Reading limits of a meter contract (its `Config` settings) that the client checks before
/// signing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Longest interval one reading may cover, seconds.
    pub max_interval_seconds: u32,
    /// Highest average power a reading may imply, W.
    pub max_power_w: u64,
    /// How far past the block time a reading may end, seconds.
    pub future_tolerance_seconds: u64,
    /// The contract's tariff clock when its billing cycle is compressed (a demo's short
    /// days); its average power is reckoned on that clock.
    #[serde(default)]
    pub clock: Option<TariffClock>,
}

impl Limits {
    /// Average power of `energy_wh` in `length` seconds as the contract reckons it, W.
    pub fn power_w(&self, energy_wh: u64, length: u32) -> u128 {
        power_w(self.clock, energy_wh, length)
    }
}

/// A meter contract readings go to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractEntry {
    /// Its address.
    pub address: String,
    /// Its limits, once known.
    pub limits: Option<Limits>,
    /// The chain it is on when that is not [`Checkpoint::chain_id`]: a regional sub-chain,
    /// as the main chain's router located it. Kept here so that a restart sends to the
    /// region without asking the main chain again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<String>,
}

impl ContractEntry {
    /// A contract on the client's main chain.
    pub fn main(address: impl Into<String>, limits: Option<Limits>) -> Self {
        ContractEntry {
            address: address.into(),
            limits,
            chain_id: None,
        }
    }
}

/// One meter in the checkpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeterEntry {
    /// The meter id.
    pub id: String,
    /// Index into [`Checkpoint::contracts`].
    pub contract: u32,
    /// The tariff's UTC offset, minutes (the simulated household's local time).
    pub utc_offset_minutes: i32,
    /// Where it stands.
    pub cursor: MeterCursor,
    /// Its region has not created its meter contract yet (or refused it): it has no
    /// contract, nothing was signed for it, and it is located again on the next start.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub parked: bool,
}

/// The content of `state.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// [`VERSION`].
    pub version: u32,
    /// The main chain: readings are signed for it, except those of meters whose contract
    /// names another chain ([`ContractEntry::chain_id`]).
    pub chain_id: String,
    /// For a fleet: the seed its keys derive from.
    #[serde(default)]
    pub fleet_seed: Option<u64>,
    /// Meter contracts.
    pub contracts: Vec<ContractEntry>,
    /// The meters, in the client's order (index = outbox meter index).
    pub meters: Vec<MeterEntry>,
}

/// Why the checkpoint could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// The file system refused.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// The file is not a checkpoint.
    #[error("{} is not a valid state file: {reason}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

impl Checkpoint {
    /// Reads `path`; `None` if it does not exist.
    pub fn load(path: &Path) -> Result<Option<Checkpoint>, CheckpointError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(CheckpointError::Io {
                    action: "read",
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let checkpoint: Checkpoint =
            serde_json::from_slice(&bytes).map_err(|e| CheckpointError::Invalid {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
        if checkpoint.version != VERSION {
            return Err(CheckpointError::Invalid {
                path: path.to_path_buf(),
                reason: format!(
                    "format version {}, this program reads {VERSION}",
                    checkpoint.version
                ),
            });
        }
        if let Some(m) = checkpoint
            .meters
            .iter()
            .find(|m| !m.parked && m.contract as usize >= checkpoint.contracts.len())
        {
            return Err(CheckpointError::Invalid {
                path: path.to_path_buf(),
                reason: format!(
                    "meter {} names contract #{} of {}",
                    m.id,
                    m.contract,
                    checkpoint.contracts.len()
                ),
            });
        }
        Ok(Some(checkpoint))
    }

    /// Writes `path` atomically.
    pub fn save(&self, path: &Path) -> Result<(), CheckpointError> {
        let mut json = serde_json::to_vec(self).map_err(|e| CheckpointError::Invalid {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        json.push(b'\n');
        outbox::write_atomically(path, &json).map_err(|source| CheckpointError::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::{Outbox, Pending};

    fn checkpoint() -> Checkpoint {
        Checkpoint {
            version: VERSION,
            chain_id: "ledger-localnet-1".into(),
            fleet_seed: None,
            contracts: vec![ContractEntry {
                address: "wasm1meter".into(),
                limits: Some(Limits {
                    max_interval_seconds: 86_400,
                    max_power_w: 1_000_000,
                    future_tolerance_seconds: 60,
                    clock: None,
                }),
                chain_id: None,
            }],
            meters: vec![MeterEntry {
                id: "m-1".into(),
                contract: 0,
                utc_offset_minutes: 60,
                cursor: MeterCursor {
                    next_sequence: 1,
                    register_wh: 5_000,
                    next_start: 1_000,
                },
                parked: false,
            }],
        }
    }

    #[test]
    fn round_trip_and_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        assert_eq!(Checkpoint::load(&path).unwrap(), None);
        checkpoint().save(&path).unwrap();
        assert_eq!(Checkpoint::load(&path).unwrap(), Some(checkpoint()));
        assert!(!dir.path().join("state.json.tmp").exists());
        std::fs::write(&path, b"{}").unwrap();
        assert!(
            Checkpoint::load(&path)
                .unwrap_err()
                .to_string()
                .contains("missing field")
        );
        let mut bad = checkpoint();
        bad.meters[0].contract = 3;
        bad.save(&path).unwrap();
        assert!(
            Checkpoint::load(&path)
                .unwrap_err()
                .to_string()
                .contains("contract #3")
        );
    }

    /// Sequence numbers persist: a restart continues after the last reading, whether the
    /// checkpoint or the outbox knows about it, and never hands out a number twice.
    #[test]
    fn sequences_continue_across_restarts() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state.json");
        let log = dir.path().join("outbox.log");
        let mut cp = checkpoint();
        cp.save(&state).unwrap();

        // A run that signs three readings and dies before writing any checkpoint.
        let (mut outbox, _) = Outbox::open(&log).unwrap();
        let mut cursor = cp.meters[0].cursor;
        for _ in 0..3 {
            let p = Pending {
                sequence: cursor.next_sequence,
                interval_start: cursor.next_start,
                interval_length: 900,
                energy_wh: 10,
                register_wh: cursor.register_wh + 10,
                signature: [7; 64],
            };
            outbox.append(&[(0, p)]).unwrap();
            cursor = MeterCursor {
                next_sequence: p.sequence + 1,
                register_wh: p.register_wh,
                next_start: p.end(),
            };
        }
        drop(outbox);

        // The restart: the stale checkpoint plus the outbox's tail.
        let cp2 = Checkpoint::load(&state).unwrap().unwrap();
        let (mut outbox, _) = Outbox::open(&log).unwrap();
        let mut restored = cp2.meters[0].cursor;
        restored.advance_to(outbox.tail(0).unwrap());
        assert_eq!(restored, cursor);
        assert_eq!(restored.next_sequence, 4);
        assert_eq!(restored.register_wh, 5_030);
        assert_eq!(restored.next_start, 1_000 + 3 * 900);

        // Everything confirmed: the checkpoint is written, then the outbox compacted and
        // forgets the readings; the numbering still goes on from 4.
        outbox.confirm(0, 3).unwrap();
        cp.meters[0].cursor = restored;
        cp.save(&state).unwrap();
        outbox.compact().unwrap();
        drop(outbox);
        let (outbox, _) = Outbox::open(&log).unwrap();
        assert_eq!(outbox.tail(0), None);
        let mut again = Checkpoint::load(&state).unwrap().unwrap().meters[0].cursor;
        if let Some(t) = outbox.tail(0) {
            again.advance_to(t);
        }
        assert_eq!(again.next_sequence, 4);

        // An older tail never moves a cursor back.
        let mut c = again;
        c.advance_to(Tail {
            sequence: 2,
            register_wh: 1,
            end: 1,
        });
        assert_eq!(c, again);
    }
}
