//! Storage layout.
//!
//! Cold records (configuration, meter descriptions, bills) are JSON through cw-storage-plus.
//! The records a reading touches are binary (see [`crate::codec`]) under one-byte prefixes
//! that no cw-storage-plus key can start with (their keys start with a letter or with a zero
//! length byte). The meter record is keyed `prefix | id length (1 byte) | meter id`; the
//! series (readings, days, periods) by the meter's number instead of its id, so that their
//! keys are short whatever the id: `prefix | meter number (u32 BE) | index (u64 BE)`. Series
//! are therefore ordered by index within a meter and can be ranged without a scan.

use std::marker::PhantomData;

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Order, StdResult, Storage, Uint128};
use cw_storage_plus::{Item, Map};
use ledger_types::billing::PaymentSchedule;
use ledger_types::meter::{Bill, MeterKind};

use crate::codec::Record;
use crate::records::{DayRecord, LateRecord, MeterRecord, PeriodRecord, ReadingRecord, Rules};

/// The name stored with cw2: the crate's own; `migrate` refuses state stored under another.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// This code's version, stored with cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The contract's wiring and payment schedule: read when adding meters, closing periods and
/// by queries, never by readings.
#[cw_serde]
pub struct Config {
    pub owner: Addr,
    /// The admin contract that instantiated this one; the only sender of meter changes.
    pub admin_contract: Addr,
    pub tariff_contract: Addr,
    pub bank_contract: Addr,
    pub schedule: PaymentSchedule,
}

/// What a meter is, beyond what readings need.
#[cw_serde]
pub struct MeterProfile {
    pub retailer: Addr,
    pub tariff_id: String,
    pub contracted_monthly_amount: Uint128,
    /// Consumption or generation (never billed); consumption for meters added before kinds
    /// existed, which were all billed.
    #[serde(default)]
    pub kind: MeterKind,
    /// Registration time, unix seconds; 0 for meters added before it was recorded (their
    /// bills are priced from the period start, as before).
    #[serde(default)]
    pub started_at: u64,
    /// The period the meter was registered in: the first it is billed for.
    #[serde(default)]
    pub first_period: u32,
    /// When the meter was retired, unix seconds.
    #[serde(default)]
    pub retired_at: Option<u64>,
}

/// Wiring and payment schedule.
pub const CONFIG: Item<Config> = Item::new("config");
/// Billing cycle, reading limits and the owner's blacklisting (binary; read by every submission).
pub const RULES: Single<Rules> = Single::new(0x01);
/// Meter id -> retailer, tariff id and contracted amount.
pub const METERS: Map<&str, MeterProfile> = Map::new("meters");
/// Number of meters added so far: the next meter's number (see `MeterRecord::number`).
pub const METER_COUNT: Item<u32> = Item::new("meter_count");
/// Meter id -> key, status, reading cursor and open day (binary; read and rewritten by readings).
pub const METER_RECORDS: PerMeter<MeterRecord> = PerMeter::new(0x02);
/// (meter number, interval start) -> verified reading (binary).
pub const READINGS: Series<ReadingRecord> = Series::new(0x03);
/// (meter number, day index) -> totals of a completed day (binary; the open day is in the
/// meter record).
pub const DAYS: Series<DayRecord> = Series::new(0x04);
/// (meter number, period) -> totals and hourly profile of the period's completed days (binary).
pub const PERIODS: Series<PeriodRecord> = Series::new(0x05);
/// (meter number, period P) -> energy (and its hourly profile and peak power) of readings
/// of periods already closed that arrived while P was the next period to close; P's bill
/// carries it as its late-energy line (binary; written by late readings only).
pub const LATE: Series<LateRecord> = Series::new(0x06);
/// (meter id, period) -> the closed period's bill.
pub const BILLS: Map<(&str, u32), Bill> = Map::new("bills");

/// The key of a meter's record, or `None` for an id too long to have been stored.
fn meter_key(prefix: u8, meter_id: &str) -> Option<Vec<u8>> {
    let len = u8::try_from(meter_id.len()).ok()?;
    let mut key = Vec::with_capacity(meter_id.len().saturating_add(2));
    key.push(prefix);
    key.push(len);
    key.extend_from_slice(meter_id.as_bytes());
    Some(key)
}

fn too_long(meter_id: &str) -> cosmwasm_std::StdError {
    cosmwasm_std::StdError::generic_err(format!(
        "meter id of {} bytes cannot be stored",
        meter_id.len()
    ))
}

/// One binary record.
pub struct Single<T> {
    key: [u8; 1],
    record: PhantomData<T>,
}

impl<T: Record> Single<T> {
    pub const fn new(prefix: u8) -> Self {
        Single {
            key: [prefix],
            record: PhantomData,
        }
    }

    pub fn load(&self, store: &dyn Storage) -> StdResult<T> {
        match store.get(&self.key) {
            Some(bytes) => T::from_bytes(&bytes),
            None => Err(cosmwasm_std::StdError::not_found(T::NAME)),
        }
    }

    pub fn save(&self, store: &mut dyn Storage, value: &T) -> StdResult<()> {
        store.set(&self.key, &value.to_bytes()?);
        Ok(())
    }
}

/// One binary record per meter.
pub struct PerMeter<T> {
    prefix: u8,
    record: PhantomData<T>,
}

impl<T: Record> PerMeter<T> {
    pub const fn new(prefix: u8) -> Self {
        PerMeter {
            prefix,
            record: PhantomData,
        }
    }

    pub fn may_load(&self, store: &dyn Storage, meter_id: &str) -> StdResult<Option<T>> {
        let Some(key) = meter_key(self.prefix, meter_id) else {
            return Ok(None);
        };
        store.get(&key).map(|b| T::from_bytes(&b)).transpose()
    }

    pub fn save(&self, store: &mut dyn Storage, meter_id: &str, value: &T) -> StdResult<()> {
        let key = meter_key(self.prefix, meter_id).ok_or_else(|| too_long(meter_id))?;
        store.set(&key, &value.to_bytes()?);
        Ok(())
    }
}

/// Binary records per meter, ordered by a `u64` index (a time, a day or a period).
pub struct Series<T> {
    prefix: u8,
    record: PhantomData<T>,
}

impl<T: Record> Series<T> {
    pub const fn new(prefix: u8) -> Self {
        Series {
            prefix,
            record: PhantomData,
        }
    }

    fn key(&self, meter: u32, index: u64) -> [u8; 13] {
        let mut key = [0u8; 13];
        let (head, rest) = key.split_at_mut(1);
        let (number, tail) = rest.split_at_mut(4);
        head.copy_from_slice(&[self.prefix]);
        number.copy_from_slice(&meter.to_be_bytes());
        tail.copy_from_slice(&index.to_be_bytes());
        key
    }

    pub fn may_load(&self, store: &dyn Storage, meter: u32, index: u64) -> StdResult<Option<T>> {
        store
            .get(&self.key(meter, index))
            .map(|b| T::from_bytes(&b))
            .transpose()
    }

    pub fn save(
        &self,
        store: &mut dyn Storage,
        meter: u32,
        index: u64,
        value: &T,
    ) -> StdResult<()> {
        store.set(&self.key(meter, index), &value.to_bytes()?);
        Ok(())
    }

    /// Up to `limit` records with index in `[from, to)` (to `None`: no upper bound), in order.
    pub fn range(
        &self,
        store: &dyn Storage,
        meter: u32,
        from: u64,
        to: Option<u64>,
        limit: usize,
    ) -> StdResult<Vec<(u64, T)>> {
        let start = self.key(meter, from).to_vec();
        let end = match to {
            Some(to) => self.key(meter, to).to_vec(),
            // Just past the largest index of this meter and before any other meter's keys.
            None => {
                let mut end = self.key(meter, u64::MAX).to_vec();
                end.push(0);
                end
            }
        };
        if start >= end {
            return Ok(Vec::new());
        }
        store
            .range(Some(&start), Some(&end), Order::Ascending)
            .take(limit)
            .map(|(key, value)| {
                let index = key
                    .get(5..)
                    .and_then(|tail| <[u8; 8]>::try_from(tail).ok())
                    .map(u64::from_be_bytes)
                    .ok_or_else(|| cosmwasm_std::StdError::parse_err(T::NAME, "bad key"))?;
                Ok((index, T::from_bytes(&value)?))
            })
            .collect()
    }
}
