//! What the park's traders have posted: per slot whose gate is open, the meters whose order
//! is on the market (or was refused for good), in `<data-dir>/park-state.json`, replaced
//! atomically after every change, so that a restart posts nothing twice.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Context;
use ledger_types::park::SlotSchedule;
use serde::{Deserialize, Serialize};

use crate::outbox;

/// The park state's file in the fleet's data directory.
pub const PARK_STATE_FILE: &str = "park-state.json";

/// The orders done, per slot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParkState {
    /// The market the orders went to: a state of another market is not this one's.
    pub market: String,
    /// Per slot, the fleet indexes of the meters whose order is posted or was refused.
    pub done: BTreeMap<u64, BTreeSet<u32>>,
}

impl ParkState {
    /// Nothing posted yet on `market`.
    pub fn new(market: &str) -> ParkState {
        ParkState {
            market: market.to_string(),
            done: BTreeMap::new(),
        }
    }

    /// The state in `path` for `market`; a fresh one when there is none, or when it was kept
    /// for another market.
    pub fn load(path: &Path, market: &str) -> anyhow::Result<ParkState> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ParkState::new(market));
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let state: ParkState = serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "{} is damaged; remove it (the market's order book is checked before every \
                 order, so nothing is posted twice)",
                path.display()
            )
        })?;
        if state.market != market {
            tracing::info!(
                previous = %state.market,
                %market,
                "the park state was kept for another market; starting afresh"
            );
            return Ok(ParkState::new(market));
        }
        Ok(state)
    }

    /// Writes the state to `path` atomically.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let mut json = serde_json::to_vec(self)?;
        json.push(b'\n');
        outbox::write_atomically(path, &json)
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// Whether meter `meter`'s order of `slot` is posted or was refused.
    pub fn is_done(&self, slot: u64, meter: u32) -> bool {
        self.done.get(&slot).is_some_and(|m| m.contains(&meter))
    }

    /// Records meter `meter`'s order of `slot` as done.
    pub fn mark(&mut self, slot: u64, meter: u32) {
        self.done.entry(slot).or_default().insert(meter);
    }

    /// Forgets the slots whose gate has closed at `now` (no order goes there any more), so
    /// that the state stays as small as the slots ahead; whether anything was forgotten.
    pub fn forget_closed(&mut self, schedule: &SlotSchedule, now: u64) -> bool {
        let before = self.done.len();
        self.done
            .retain(|&slot, _| now < schedule.gate_closes_at(slot));
        self.done.len() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_survives_a_restart_and_forgets_closed_slots() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PARK_STATE_FILE);
        let mut state = ParkState::load(&path, "wasm1market").unwrap();
        assert_eq!(state, ParkState::new("wasm1market"));
        state.mark(7, 0);
        state.mark(7, 3);
        state.mark(8, 1);
        state.save(&path).unwrap();
        let again = ParkState::load(&path, "wasm1market").unwrap();
        assert_eq!(again, state);
        assert!(again.is_done(7, 3) && !again.is_done(8, 3) && !again.is_done(9, 0));
        // Another market: nothing of this one counts there.
        assert_eq!(
            ParkState::load(&path, "wasm1other").unwrap(),
            ParkState::new("wasm1other")
        );
        let schedule = SlotSchedule {
            origin: 0,
            slot_seconds: 60,
            gate_closure_seconds: 20,
            settlement_delay_seconds: 20,
        };
        // Slot 7's gate closes at 400, slot 8's at 460.
        assert!(!state.forget_closed(&schedule, 399));
        assert!(state.forget_closed(&schedule, 400));
        assert_eq!(state.done.keys().copied().collect::<Vec<_>>(), [8]);
    }

    #[test]
    fn a_damaged_state_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PARK_STATE_FILE);
        std::fs::write(&path, b"{not json").unwrap();
        let err = format!("{:#}", ParkState::load(&path, "m").unwrap_err());
        assert!(err.contains("is damaged; remove it"), "{err}");
    }
}
