//! Simulated meters: a secp256k1 key, the sequence and register a real meter keeps, and a
//! deterministic load curve, producing readings signed for one meter contract on one chain.

use cosmwasm_std::{Addr, Binary};
use ledger_reading::signer::MeterKey;
use ledger_reading::{Reading, SignedReading};

/// Half an hour: the interval every simulated meter measures unless told otherwise.
pub const HALF_HOUR: u32 = 1_800;

/// Seconds in an hour.
pub const HOUR: u64 = 3_600;

/// A small deterministic generator (splitmix64), so that runs are reproducible without a
/// random-number crate.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Stable 64-bit hash of a string (FNV-1a folded through [`mix`]).
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// A deterministic secp256k1 key for a name: the same name always gives the same key.
pub fn key_for(name: &str) -> MeterKey {
    let mut bytes = [0u8; 32];
    let mut state = hash_str(name);
    for chunk in bytes.chunks_mut(8) {
        state = mix(state);
        chunk.copy_from_slice(&state.to_be_bytes());
    }
    // Keeps the scalar well below the curve order and non-zero.
    bytes[0] = (bytes[0] & 0x3f) | 0x01;
    MeterKey::from_bytes(&bytes).unwrap_or_else(|e| panic!("key for {name}: {e}"))
}

/// How much energy a simulated meter uses per interval.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadCurve {
    /// A household-like curve: a base load, a morning bump and an evening peak (hours in
    /// UTC), scaled by `scale_percent`, plus deterministic noise seeded by `seed`.
    Household { seed: u64, scale_percent: u64 },
    /// The same energy in every interval.
    Constant { energy_wh: u64 },
    /// A generation meter under clear skies: nothing from 18:00 to 06:00 (UTC), a parabola
    /// in between peaking at noon with `peak_wh` per half hour.
    Solar { peak_wh: u64 },
}

impl LoadCurve {
    /// Energy of the interval starting at `interval_start` lasting `length` seconds, Wh.
    pub fn energy(&self, interval_start: u64, length: u32) -> u64 {
        match self {
            LoadCurve::Constant { energy_wh } => *energy_wh,
            LoadCurve::Solar { peak_wh } => {
                const DAYLIGHT: u128 = 12 * 3_600;
                let midpoint = (interval_start + u64::from(length) / 2) % 86_400;
                let since_dawn = u128::from(midpoint.saturating_sub(6 * 3_600));
                if since_dawn >= DAYLIGHT {
                    return 0;
                }
                let shape = 4 * since_dawn * (DAYLIGHT - since_dawn);
                let per_half_hour = u128::from(*peak_wh) * shape / (DAYLIGHT * DAYLIGHT);
                (per_half_hour * u128::from(length) / u128::from(HALF_HOUR)) as u64
            }
            LoadCurve::Household {
                seed,
                scale_percent,
            } => {
                let hour = (interval_start % 86_400) / 3_600;
                let shape = match hour {
                    0..=5 => 70,
                    6..=8 => 160,
                    9..=16 => 110,
                    17..=20 => 260,
                    _ => 140,
                };
                let noise = mix(seed ^ interval_start) % 61;
                // Shape and noise are per half hour; scale to the interval's length.
                (shape + noise) * scale_percent / 100 * u64::from(length) / u64::from(HALF_HOUR)
            }
        }
    }
}

/// A simulated meter: it owns its key and the sequence and register a real meter keeps.
///
/// Producing readings does not change the device ([`MeterDevice::next_batch`]); once the
/// chain accepted them, [`MeterDevice::accept`] moves the device past them. A refused batch
/// therefore leaves the device where the chain is.
pub struct MeterDevice {
    pub meter_id: String,
    key: MeterKey,
    pub chain_id: String,
    /// The meter contract readings are signed for (known once the meter is registered).
    pub contract: Option<Addr>,
    /// Sequence of the last accepted reading.
    pub sequence: u64,
    /// The register after the last accepted reading, Wh.
    pub register_wh: u64,
    /// Start of the next interval to measure, unix seconds.
    pub next_start: u64,
    /// Interval length, seconds.
    pub interval: u32,
    pub load: LoadCurve,
}

impl MeterDevice {
    /// A meter whose key is derived from its id, measuring half hours from `start`.
    pub fn new(meter_id: &str, chain_id: &str, start: u64, initial_register_wh: u64) -> Self {
        MeterDevice {
            meter_id: meter_id.to_string(),
            key: key_for(meter_id),
            chain_id: chain_id.to_string(),
            contract: None,
            sequence: 0,
            register_wh: initial_register_wh,
            next_start: start,
            interval: HALF_HOUR,
            load: LoadCurve::Household {
                seed: hash_str(meter_id),
                scale_percent: 100,
            },
        }
    }

    pub fn with_load(mut self, load: LoadCurve) -> Self {
        self.load = load;
        self
    }

    pub fn with_interval(mut self, seconds: u32) -> Self {
        self.interval = seconds;
        self
    }

    /// The 33-byte compressed public key, as registered with the admin contract.
    pub fn pubkey(&self) -> Binary {
        Binary::from(self.key.public_key().to_vec())
    }

    /// The meter contract, or a panic if the meter is not registered yet.
    pub fn contract(&self) -> &Addr {
        self.contract
            .as_ref()
            .unwrap_or_else(|| panic!("meter {} has no contract yet", self.meter_id))
    }

    /// Signs any reading (also an invalid one) for this device's chain and contract.
    pub fn sign(&self, reading: Reading) -> SignedReading {
        let contract = self.contract().to_string();
        self.key.sign(&self.chain_id, &contract, reading)
    }

    /// Signs a reading for another chain or contract.
    pub fn sign_for(&self, chain_id: &str, contract: &str, reading: Reading) -> SignedReading {
        self.key.sign(chain_id, contract, reading)
    }

    /// The next reading with the given energy, unsigned; the device does not move.
    pub fn peek(&self, energy_wh: u64) -> Reading {
        Reading {
            meter_id: self.meter_id.clone(),
            sequence: self.sequence + 1,
            interval_start: self.next_start,
            interval_length: self.interval,
            energy_wh,
            register_wh: self.register_wh + energy_wh,
        }
    }

    /// Signed readings carrying the given energies, continuing from the device's state.
    pub fn batch_of(&self, energies: &[u64]) -> Vec<SignedReading> {
        let mut out = Vec::with_capacity(energies.len());
        let mut sequence = self.sequence;
        let mut register = self.register_wh;
        let mut start = self.next_start;
        for &energy_wh in energies {
            sequence += 1;
            register += energy_wh;
            out.push(self.sign(Reading {
                meter_id: self.meter_id.clone(),
                sequence,
                interval_start: start,
                interval_length: self.interval,
                energy_wh,
                register_wh: register,
            }));
            start += u64::from(self.interval);
        }
        out
    }

    /// The next `count` readings from the load curve; the device does not move.
    pub fn next_batch(&self, count: usize) -> Vec<SignedReading> {
        let step = u64::from(self.interval);
        let energies: Vec<u64> = (0..count as u64)
            .map(|i| self.load.energy(self.next_start + i * step, self.interval))
            .collect();
        self.batch_of(&energies)
    }

    /// How many whole intervals have ended by `now` and are not yet read.
    pub fn due_intervals(&self, now: u64) -> usize {
        let ended = now.saturating_sub(self.next_start) / u64::from(self.interval);
        usize::try_from(ended).unwrap_or(usize::MAX)
    }

    /// Moves the device past readings the chain accepted.
    pub fn accept(&mut self, readings: &[SignedReading]) {
        if let Some(last) = readings.last() {
            self.sequence = last.sequence;
            self.register_wh = last.register_wh;
            self.next_start = last.interval_start + u64::from(last.interval_length);
        }
    }
}

/// The plain readings of signed ones, for independent calculations in tests.
pub fn unsigned(readings: &[SignedReading]) -> Vec<Reading> {
    readings.iter().map(SignedReading::reading).collect()
}
