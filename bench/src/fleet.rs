//! The benchmark's meters: ids and keys of a `meter-client fleet` (so that the fleet process
//! can drive the same meters), the meter contract they live in, and where each meter's next
//! reading starts.

use anyhow::Context;
use ledger_reading::signer::MeterKey;
use ledger_reading::{Reading, SignedReading};
use ledger_sdk::Ledger as SdkLedger;
use ledger_sdk::contracts::meter;

/// Seed of the fleet keys (`meter-client fleet --seed`).
pub const FLEET_SEED: u64 = 1;
/// Meter id prefix (`meter-client fleet --id-prefix`).
pub const FLEET_PREFIX: &str = "fleet-";
/// Length of every benchmark reading. The benchmark ledger's billing cycle has 48-second days,
/// so a one-second reading plays the part of a half-hour one: 48 readings make a day.
pub const INTERVAL: u32 = 1;
/// Register of a new meter, Wh.
pub const INITIAL_REGISTER: u64 = 5_000_000;

/// Where a meter's next reading goes.
#[derive(Clone, Copy, Debug)]
pub struct Cursor {
    pub next_sequence: u64,
    pub next_start: u64,
    pub register_wh: u64,
}

/// Meters of one meter contract with their keys.
pub struct Fleet {
    pub chain_id: String,
    /// Prefix of the meters' ids: [`Fleet::resync`] looks only at the contract's meters with it.
    pub prefix: String,
    pub contract: String,
    pub ids: Vec<String>,
    pub keys: Vec<MeterKey>,
    pub cursors: Vec<Cursor>,
    /// Start of the billing cycle: no reading may start before it.
    pub origin: u64,
    /// Seconds per billing day; new meters' first readings are spread over a day.
    pub day_seconds: u64,
}

impl Fleet {
    /// `n` fleet meters (ids and keys as `meter-client fleet` derives them).
    pub fn new(n: u32, chain_id: &str, origin: u64, day_seconds: u64) -> Self {
        Self::derived(FLEET_PREFIX, FLEET_SEED, n, chain_id, origin, day_seconds)
    }

    /// `n` meters with ids `<prefix><i>` and the keys `meter-client fleet --seed <seed>`
    /// derives (a regional fleet: every region's meters have ids and keys of their own).
    pub fn derived(
        prefix: &str,
        seed: u64,
        n: u32,
        chain_id: &str,
        origin: u64,
        day_seconds: u64,
    ) -> Self {
        let ids = (0..n)
            .map(|i| meter_client::keys::fleet_meter_id(prefix, i))
            .collect();
        let keys = (0..n)
            .map(|i| meter_client::keys::fleet_key(seed, i))
            .collect();
        Fleet {
            chain_id: chain_id.to_string(),
            prefix: prefix.to_string(),
            contract: String::new(),
            ids,
            keys,
            cursors: Vec::new(),
            origin,
            day_seconds,
        }
    }

    /// Readings the chain has accepted from the fleet, as of the last [`Fleet::resync`].
    pub fn accepted(&self) -> u64 {
        self.cursors.iter().map(|c| c.next_sequence - 1).sum()
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The next reading of meter `i`, unsigned; advances its cursor.
    pub fn next_unsigned(&mut self, i: usize) -> Reading {
        let (reading, cursor) = self.reading_after(i, self.cursors[i]);
        self.cursors[i] = cursor;
        reading
    }

    /// Meter `i`'s reading at `c`, and the cursor after it.
    fn reading_after(&self, i: usize, mut c: Cursor) -> (Reading, Cursor) {
        let energy = 100 + (i as u64 * 31 + c.next_sequence * 17) % 500;
        c.register_wh += energy;
        let reading = Reading {
            meter_id: self.ids[i].clone(),
            sequence: c.next_sequence,
            interval_start: c.next_start,
            interval_length: INTERVAL,
            energy_wh: energy,
            register_wh: c.register_wh,
        };
        c.next_sequence += 1;
        c.next_start += u64::from(INTERVAL);
        (reading, c)
    }

    /// The next reading of meter `i`, signed; advances its cursor.
    pub fn next(&mut self, i: usize) -> SignedReading {
        let reading = self.next_unsigned(i);
        self.keys[i].sign(&self.chain_id, &self.contract, reading)
    }

    /// Reads every meter's state from its contract and sets the cursors from it, so that the
    /// next readings follow what the chain accepted.
    pub async fn resync(&mut self, sdk: &SdkLedger) -> anyhow::Result<()> {
        let states: Vec<meter::MeterState> = sdk
            .meter_states(&self.contract, ledger_sdk::paging::ALL)
            .await
            .context("reading the fleet's meters")?
            .items
            .into_iter()
            .filter(|m| m.meter_id.starts_with(&self.prefix))
            .collect();
        let by_id: std::collections::HashMap<&str, &meter::MeterState> =
            states.iter().map(|m| (m.meter_id.as_str(), m)).collect();
        let mut cursors = Vec::with_capacity(self.len());
        for (i, id) in self.ids.iter().enumerate() {
            let state = by_id
                .get(id.as_str())
                .with_context(|| format!("meter {id} is not in {}", self.contract))?;
            let next_start = if state.last_sequence == 0 {
                // Spread first readings over a day so that day changes are spread too, whatever
                // subset of the meters a transaction takes (a hash, not `i % day_seconds`).
                let spread = ((i as u64).wrapping_mul(2_654_435_761) >> 16) % self.day_seconds;
                state.last_interval_end.max(self.origin) + spread
            } else {
                state.last_interval_end
            };
            cursors.push(Cursor {
                next_sequence: state.last_sequence + 1,
                next_start,
                register_wh: state.register_wh,
            });
        }
        self.cursors = cursors;
        Ok(())
    }

    /// Where most meters' next readings start (the median; a meter with a backlog submitted
    /// ahead of the others does not count).
    pub fn typical_next_start(&self) -> u64 {
        let mut starts: Vec<u64> = self.cursors.iter().map(|c| c.next_start).collect();
        starts.sort_unstable();
        starts.get(starts.len() / 2).copied().unwrap_or(self.origin)
    }
}
