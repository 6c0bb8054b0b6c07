//! Storage of the credits contract: verifiers, classes, projects, batches, the serial ranges
//! of every standard's registry, balances, retirement certificates and the history log.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, StdResult, Storage, Uint128};
use cw_storage_plus::{Item, Map};
use ledger_contract_kit::sequence::next_id;
use ledger_types::park::credits::{
    BatchIssuance, BatchStatus, BatchTotals, HistoryEntry, Retirement, Standard,
};

/// Name under which cw2 records the contract.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// The code's version, recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cw_serde]
pub struct Config {
    pub admin_contract: Addr,
    pub token: Addr,
    /// The footprints contract retirements may name products of (none in configs stored
    /// before the link existed).
    #[serde(default)]
    pub footprints: Option<Addr>,
}

pub const CONFIG: Item<Config> = Item::new("config");

/// (standard's registry key, verifier) of every registered verifier.
pub const VERIFIERS: Map<(&str, &Addr), ()> = Map::new("verifiers");

#[cw_serde]
pub struct StoredClass {
    pub standard: Standard,
    pub methodology: String,
    pub admin: Addr,
    pub issuers: Vec<Addr>,
    pub created_at: u64,
}

/// Classes by id.
pub const CLASSES: Map<&str, StoredClass> = Map::new("classes");

#[cw_serde]
pub struct StoredProject {
    pub class_id: String,
    pub jurisdiction: String,
    pub developer: String,
    pub metadata: String,
    pub created_by: Addr,
    pub created_at: u64,
}

/// Projects by id.
pub const PROJECTS: Map<&str, StoredProject> = Map::new("projects");

#[cw_serde]
pub struct StoredBatch {
    pub project_id: String,
    pub class_id: String,
    pub standard: Standard,
    pub vintage_start: u64,
    pub vintage_end: u64,
    pub serial_first: u64,
    pub serial_last: u64,
    pub issuance: Vec<BatchIssuance>,
    pub metadata: String,
    pub proposed_by: Addr,
    pub proposed_at: u64,
    pub status: BatchStatus,
    pub totals: BatchTotals,
}

/// Batches by id.
pub const BATCHES: Map<u64, StoredBatch> = Map::new("batches");
pub const LAST_BATCH_ID: Item<u64> = Item::new("last_batch_id");

/// A reserved serial range: its last serial and the batch holding it.
#[cw_serde]
pub struct SerialRange {
    pub last: u64,
    pub batch_id: u64,
}

/// (standard's registry key, first serial) → the range starting there. Ranges of one
/// registry never overlap, so ordered by start they are ordered by end too, and a new range
/// is checked against its two neighbours only (see [`crate::serials`]).
pub const SERIAL_RANGES: Map<(&str, u64), SerialRange> = Map::new("serial_ranges");

/// What a holder has of a batch (without the batch id, which is in the key).
#[cw_serde]
#[derive(Default)]
pub struct Holding {
    pub tradable: u64,
    pub retired: u64,
}

/// (holder, batch id) → its holding; absent when it holds nothing of the batch.
pub const HOLDINGS: Map<(&Addr, u64), Holding> = Map::new("holdings");

/// Saves the holding, or removes it once it is empty, so that a holder's balances list only
/// batches it holds something of.
pub fn save_holding(
    storage: &mut dyn Storage,
    holder: &Addr,
    batch_id: u64,
    holding: &Holding,
) -> StdResult<()> {
    if holding.tradable == 0 && holding.retired == 0 {
        HOLDINGS.remove(storage, (holder, batch_id));
        Ok(())
    } else {
        HOLDINGS.save(storage, (holder, batch_id), holding)
    }
}

/// Retirement certificates by id.
pub const RETIREMENTS: Map<u64, Retirement> = Map::new("retirements");
pub const LAST_RETIREMENT_ID: Item<u64> = Item::new("last_retirement_id");
/// (holder, retirement id) of every retirement in the holder's name.
pub const RETIREMENTS_BY_HOLDER: Map<(&Addr, u64), ()> = Map::new("retirements_by_holder");
/// (beneficiary, retirement id) of every retirement for the beneficiary.
pub const RETIREMENTS_BY_BENEFICIARY: Map<(&str, u64), ()> = Map::new("retirements_by_beneficiary");
/// (meter id, retirement id) of every retirement claimed against the meter's consumption.
pub const RETIREMENTS_BY_METER: Map<(&str, u64), ()> = Map::new("retirements_by_meter");
/// (product id, retirement id) of every retirement claimed against a product's footprint.
pub const RETIREMENTS_BY_PRODUCT: Map<(&str, u64), ()> = Map::new("retirements_by_product");

#[cw_serde]
pub struct StoredOrder {
    pub batch_id: u64,
    pub seller: Addr,
    /// Credits still escrowed for sale.
    pub remaining: u64,
    pub price: Uint128,
    pub created_at: u64,
}

/// Open sell orders by id; an order is removed when sold out or withdrawn.
pub const SELL_ORDERS: Map<u64, StoredOrder> = Map::new("sell_orders");
pub const LAST_ORDER_ID: Item<u64> = Item::new("last_order_id");
/// (seller, order id) of every open sell order.
pub const ORDERS_BY_SELLER: Map<(&Addr, u64), ()> = Map::new("orders_by_seller");

#[cw_serde]
pub struct StoredEvent {
    pub batch_id: u64,
    pub at: u64,
    pub entry: HistoryEntry,
}

/// The one append-only log, by running index from 1.
pub const EVENTS: Map<u64, StoredEvent> = Map::new("events");
pub const LAST_EVENT: Item<u64> = Item::new("last_event");
/// (batch id, index) of every entry about the batch.
pub const BATCH_EVENTS: Map<(u64, u64), ()> = Map::new("batch_events");
/// (holder, index) of every entry that moved the holder's credits.
pub const HOLDER_EVENTS: Map<(&Addr, u64), ()> = Map::new("holder_events");

/// Appends `entry` to the log under the batch and each of `holders` (one or two), and
/// returns its index.
pub fn record_event(
    storage: &mut dyn Storage,
    batch_id: u64,
    at: u64,
    holders: &[&Addr],
    entry: HistoryEntry,
) -> StdResult<u64> {
    let seq = next_id(storage, &LAST_EVENT)?;
    EVENTS.save(
        storage,
        seq,
        &StoredEvent {
            batch_id,
            at,
            entry,
        },
    )?;
    BATCH_EVENTS.save(storage, (batch_id, seq), &())?;
    for holder in holders {
        HOLDER_EVENTS.save(storage, (holder, seq), &())?;
    }
    Ok(seq)
}
