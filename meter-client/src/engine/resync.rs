//! Following the chain: what the meter contract says about a meter (its last sequence and
//! register) is taken in, readings that no longer follow the chain's last one are re-signed
//! or set aside, refusals are acted on, and meters that cannot take readings are held.

use std::fs::OpenOptions;
use std::io::Write;
use std::time::Duration;

use ledger_reading::Reading;
use ledger_types::admin::MeterStatus;
use ledger_types::meter::MeterState;
use tokio::time::Instant;

use crate::chain::Chain;
use crate::outbox::{Change, Pending};

/// Above this many meters of one contract to look up, the contract's whole meter list is
use super::{ChainView, Engine, EngineError, Hold, Refusal, RefusalKind};

impl<C: Chain> Engine<C> {
    /// Takes in what the contract says about a meter: confirms what it has, catches up if
    /// the chain is ahead, holds a meter that cannot take readings, and repairs the first
    /// pending reading if it no longer follows the chain's last one.
    pub(super) fn apply_chain_state(
        &mut self,
        meter: u32,
        state: Option<MeterState>,
    ) -> Result<(), EngineError> {
        let m = meter as usize;
        let Some(state) = state else {
            let contract = &self.contracts[self.meters[m].contract as usize].address;
            tracing::error!(
                meter = %self.meters[m].id,
                %contract,
                "the meter is not registered in its meter contract; its readings wait \
                 (register its public key, see `meter-client pubkey`)"
            );
            self.hold(meter, self.config.hold_base, self.config.hold_cap, true);
            return Ok(());
        };
        if state.last_sequence >= self.meters[m].cursor.next_sequence {
            self.follow_chain_ahead(meter, &state)?;
        } else {
            // Every sequence up to the chain's last was numbered by this client: those
            // readings are on chain.
            let removed = self.outbox.confirm(meter, state.last_sequence)?;
            if removed > 0 {
                self.summary.found_on_chain += removed as u64;
                tracing::info!(
                    meter = %self.meters[m].id,
                    last_sequence = state.last_sequence,
                    "{removed} reading(s) were already on chain; outbox {}",
                    self.outbox.len()
                );
            }
        }
        let slot = &mut self.meters[m];
        slot.chain = Some(ChainView {
            register_wh: state.register_wh,
            last_end: state.last_interval_end,
        });
        if state.pubkey.as_slice() != slot.key.public_key().as_slice() {
            tracing::error!(
                meter = %slot.id,
                "the meter contract holds another public key for this meter; readings wait \
                 until the key registered matches this meter's (`meter-client pubkey`)"
            );
            self.hold(meter, self.config.hold_base, self.config.hold_cap, true);
            return Ok(());
        }
        if state.status != MeterStatus::Active {
            tracing::warn!(
                meter = %slot.id,
                status = state.status.as_str(),
                "the meter is not active; its readings wait"
            );
            self.hold(meter, self.config.hold_base, self.config.hold_cap, true);
            return Ok(());
        }
        self.repair(meter)
    }

    /// The chain has sequences this client never numbered (its state was restored from an old
    /// copy, or another device used the key): pending readings are numbered again after the
    /// chain's last, and the numbering and register continue from the chain's.
    pub(super) fn follow_chain_ahead(
        &mut self,
        meter: u32,
        state: &MeterState,
    ) -> Result<(), EngineError> {
        let m = meter as usize;
        let slot = &self.meters[m];
        tracing::warn!(
            meter = %slot.id,
            chain_sequence = state.last_sequence,
            local_next = slot.cursor.next_sequence,
            "the chain is ahead of this client's state (restored from an old copy?); \
             numbering again after the chain's last reading"
        );
        let contract = &self.contracts[slot.contract as usize].address;
        let mut next = state.last_sequence + 1;
        let mut changes = Vec::new();
        for p in self.outbox.pending(meter).iter() {
            let reading = Reading {
                meter_id: slot.id.clone(),
                sequence: next,
                interval_start: p.interval_start,
                interval_length: p.interval_length,
                energy_wh: p.energy_wh,
                register_wh: p.register_wh,
            };
            let Some(renumbered) = Pending::from_signed(&slot.key.sign(
                self.chain_of(slot.contract),
                contract,
                reading,
            )) else {
                unreachable!("k256 signatures are 64 bytes");
            };
            changes.push(Change::Dropped {
                meter,
                sequence: p.sequence,
            });
            changes.push(Change::Reading {
                meter,
                reading: renumbered,
            });
            next += 1;
        }
        self.outbox.write(&changes)?;
        let cursor = &mut self.meters[m].cursor;
        cursor.next_sequence = next;
        cursor.register_wh = cursor.register_wh.max(state.register_wh);
        cursor.next_start = cursor.next_start.max(state.last_interval_end);
        Ok(())
    }

    /// Makes the pending readings of `meter` follow the chain's last reading and each other:
    /// a reading whose energy does not match the register's increase (its predecessor was
    /// refused) or whose interval overlaps is re-signed with the energy since the last
    /// accepted reading over the time since its end (at most the contract's longest
    /// interval); one that cannot be (register behind, interval already covered, impossible
    /// power) is set aside.
    pub(super) fn repair(&mut self, meter: u32) -> Result<(), EngineError> {
        let m = meter as usize;
        let Some(chain) = self.meters[m].chain else {
            return Ok(());
        };
        let limits = self.contracts[self.meters[m].contract as usize].limits;
        let mut prev_register = chain.register_wh;
        let mut prev_end = chain.last_end;
        let mut changes = Vec::new();
        let mut rejected = Vec::new();
        for p in self.outbox.pending(meter).iter() {
            let follows = p.register_wh.checked_sub(prev_register) == Some(p.energy_wh)
                && p.interval_start >= prev_end;
            if follows {
                prev_register = p.register_wh;
                prev_end = p.end();
                continue;
            }
            let energy = p.register_wh.checked_sub(prev_register);
            let longest = limits.map_or(u64::from(u32::MAX), |l| u64::from(l.max_interval_seconds));
            let start = prev_end.max(p.end().saturating_sub(longest));
            let length = p
                .end()
                .checked_sub(start)
                .and_then(|l| u32::try_from(l).ok())
                .filter(|l| *l > 0);
            let plausible = |energy: u64, length: u32| {
                limits.is_none_or(|l| l.power_w(energy, length) <= u128::from(l.max_power_w))
            };
            match (energy, length) {
                (Some(energy), Some(length)) if plausible(energy, length) => {
                    let slot = &self.meters[m];
                    let reading = Reading {
                        meter_id: slot.id.clone(),
                        sequence: p.sequence,
                        interval_start: start,
                        interval_length: length,
                        energy_wh: energy,
                        register_wh: p.register_wh,
                    };
                    let contract = &self.contracts[slot.contract as usize].address;
                    let signed = slot
                        .key
                        .sign(self.chain_of(slot.contract), contract, reading);
                    let Some(fixed) = Pending::from_signed(&signed) else {
                        unreachable!("k256 signatures are 64 bytes");
                    };
                    tracing::warn!(
                        meter = %slot.id,
                        sequence = p.sequence,
                        "reading re-signed to follow the chain's last accepted reading: \
                         energy {} -> {energy} Wh, start {} -> {start}",
                        p.energy_wh,
                        p.interval_start
                    );
                    changes.push(Change::Reading {
                        meter,
                        reading: fixed,
                    });
                    prev_register = fixed.register_wh;
                    prev_end = fixed.end();
                }
                _ => {
                    rejected.push((
                        *p,
                        format!(
                            "cannot follow the chain's last reading (register {prev_register} Wh, \
                             interval end {prev_end})"
                        ),
                    ));
                    changes.push(Change::Dropped {
                        meter,
                        sequence: p.sequence,
                    });
                }
            }
        }
        self.set_aside(meter, &rejected)?;
        self.outbox.write(&changes)?;
        Ok(())
    }

    /// Acts on a refusal once the chain's state of the meter is known.
    pub(super) fn apply_refusal(&mut self, refusal: Refusal) -> Result<(), EngineError> {
        let Some(&meter) = self.index.get(&refusal.meter_id) else {
            tracing::warn!(meter = %refusal.meter_id, "refusal for a meter this client does not run");
            return Ok(());
        };
        let Some(p) = self
            .outbox
            .pending(meter)
            .iter()
            .find(|p| p.sequence == refusal.sequence)
            .copied()
        else {
            // Resolved by the resync (the chain had it).
            return Ok(());
        };
        match refusal.kind {
            RefusalKind::Future => self.hold(
                meter,
                self.config.backoff_base * 4,
                self.config.backoff_cap * 2,
                false,
            ),
            RefusalKind::NotAccepting | RefusalKind::UnknownMeter | RefusalKind::BadSignature => {
                tracing::error!(meter = %refusal.meter_id, "readings wait: {}", refusal.message);
                self.hold(meter, self.config.hold_base, self.config.hold_cap, true);
            }
            RefusalKind::Replay => {}
            RefusalKind::Permanent => {
                tracing::error!(
                    meter = %refusal.meter_id,
                    sequence = p.sequence,
                    "reading set aside in {}: {}",
                    self.config.rejected_path.display(),
                    refusal.message
                );
                self.set_aside(meter, &[(p, refusal.message.clone())])?;
                self.outbox.write(&[Change::Dropped {
                    meter,
                    sequence: p.sequence,
                }])?;
                self.repair(meter)?;
            }
        }
        Ok(())
    }

    /// Appends refused readings to `rejected.jsonl` (synced).
    pub(super) fn set_aside(
        &mut self,
        meter: u32,
        readings: &[(Pending, String)],
    ) -> Result<(), EngineError> {
        if readings.is_empty() {
            return Ok(());
        }
        let id = &self.meters[meter as usize].id;
        let mut text = String::new();
        for (p, reason) in readings {
            let line = serde_json::json!({
                "meter_id": id,
                "sequence": p.sequence,
                "interval_start": p.interval_start,
                "interval_length": p.interval_length,
                "energy_wh": p.energy_wh,
                "register_wh": p.register_wh,
                "signature": hex::encode(p.signature),
                "reason": reason,
            });
            text.push_str(&line.to_string());
            text.push('\n');
        }
        let path = &self.config.rejected_path;
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| {
                f.write_all(text.as_bytes())?;
                f.sync_data()
            })
            .map_err(|source| EngineError::Rejected {
                path: path.clone(),
                source,
            })?;
        self.summary.rejected += readings.len() as u64;
        self.metrics.set_aside.inc_by(readings.len() as u64);
        Ok(())
    }

    /// Holds a meter's readings back for a while, longer each time; with `recheck`, the
    /// chain is asked about the meter again when the hold ends, before anything is sent.
    pub(super) fn hold(&mut self, meter: u32, base: Duration, cap: Duration, recheck: bool) {
        let slot = &mut self.meters[meter as usize];
        let strikes = slot.hold.map_or(0, |h| h.strikes);
        let delay = base.saturating_mul(1 << strikes.min(16)).min(cap);
        if slot.hold.is_none() {
            self.held += 1;
        }
        slot.hold = Some(Hold {
            until: Instant::now() + delay,
            strikes: strikes + 1,
            recheck,
        });
        tracing::debug!(meter = %slot.id, delay_ms = delay.as_millis() as u64, "meter on hold");
    }

    /// Meters whose hold has ended and that must be asked about first.
    pub(super) fn due_rechecks(&self, now: Instant) -> impl Iterator<Item = u32> + '_ {
        let any = self.held > 0;
        self.meters
            .iter()
            .enumerate()
            .take(if any { usize::MAX } else { 0 })
            .filter(move |(_, m)| m.hold.is_some_and(|h| h.recheck && h.until <= now))
            .map(|(i, _)| i as u32)
    }

    /// Ends a hold after a success.
    pub(super) fn release(&mut self, meter: u32) {
        if self.meters[meter as usize].hold.take().is_some() {
            self.held -= 1;
        }
    }
}
