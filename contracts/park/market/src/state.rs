//! Storage of the park market. Every list a query or a clearing page reads is one prefix:
//! a slot's orders by side and priority, its levels by side and price, an offer's fills.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, HexBinary, Uint128};
use cw_storage_plus::{Item, Map};
use ledger_types::park::clearing::Side;
use ledger_types::park::{EnergyType, PricePoint, Requirements, SellerRecord, SlotSchedule};

/// Name under which cw2 records the contract.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// The code's version, recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cw_serde]
pub struct Config {
    pub admin_contract: Addr,
    pub token: Addr,
    pub schedule: SlotSchedule,
    pub max_orders_per_slot: u32,
    /// Where settlements issue certificates; absent until set (and in configs stored before
    /// certificates existed).
    #[serde(default)]
    pub certificates: Option<Addr>,
}

pub const CONFIG: Item<Config> = Item::new("config");

#[cw_serde]
pub struct StoredGenerator {
    pub owner: Addr,
    /// The owner's meter contract, where the meter's signed readings are.
    pub meter_contract: Addr,
    pub energy_type: EnergyType,
    pub carbon_g_per_kwh: u32,
}

/// Generation meters by meter id.
pub const GENERATORS: Map<&str, StoredGenerator> = Map::new("generators");

/// An order and, once its slot is cleared and settled, what became of it.
#[cw_serde]
pub struct StoredOrder {
    pub slot: u64,
    pub owner: Addr,
    pub side: Side,
    pub energy_wh: u64,
    /// Minimum (offer) or maximum (bid) price, minor units per kWh.
    pub price: u64,
    pub rank: HexBinary,
    /// Offers: the generation meter, its type and intensity when the offer was posted.
    pub meter_id: Option<String>,
    pub energy_type: Option<EnergyType>,
    pub carbon_g_per_kwh: Option<u32>,
    /// Bids: what the bid accepts.
    pub requirements: Option<Requirements>,
    /// Bids: what the bid escrowed.
    pub escrow: Uint128,
    /// Energy its fills carry, set when the slot's clearing reaches it.
    pub matched_wh: u64,
    /// Bids: what the matching left in escrow for its fills (the rest went back at once);
    /// what settlements paid out of it; the fills not settled yet.
    pub reserved: Uint128,
    pub spent: Uint128,
    pub unsettled_fills: u32,
    /// Offers: settled on the meter's readings.
    pub settled: bool,
    /// What the owner could not be paid or refunded because it was blacklisted or suspended
    /// at the time: kept here, not lost.
    pub held: Uint128,
}

impl StoredOrder {
    /// A new order on `side`, nothing matched, paid, held or escrowed yet.
    pub fn new(slot: u64, owner: Addr, side: Side, energy_wh: u64, price: u64) -> Self {
        StoredOrder {
            slot,
            owner,
            side,
            energy_wh,
            price,
            rank: HexBinary::default(),
            meter_id: None,
            energy_type: None,
            carbon_g_per_kwh: None,
            requirements: None,
            escrow: Uint128::zero(),
            matched_wh: 0,
            reserved: Uint128::zero(),
            spent: Uint128::zero(),
            unsettled_fills: 0,
            settled: false,
            held: Uint128::zero(),
        }
    }
}

/// Orders by id.
pub const ORDERS: Map<u64, StoredOrder> = Map::new("orders");
pub const LAST_ORDER_ID: Item<u64> = Item::new("last_order_id");

/// The side's byte in composite keys.
pub fn side_key(side: Side) -> u8 {
    match side {
        Side::Bid => 1,
        Side::Offer => 2,
    }
}

/// (slot, side, order id) of every live order, for the order book.
pub const BOOK: Map<(u64, u8, u64), ()> = Map::new("book");
/// (slot, side, priority key) → order id, in the order the clearing takes them
/// ([`bid_priority_key`], [`offer_priority_key`]).
pub const QUEUE: Map<(u64, u8, &[u8]), u64> = Map::new("queue");
/// (slot, side, price) → energy of the side's orders at that price: the levels the price is
/// cleared from, kept as orders come and go.
pub const LEVELS: Map<(u64, u8, u64), u64> = Map::new("levels");
/// (slot, side, owner) → how many orders the owner placed on that side of the slot (the `nth`
/// of the next order's rank; cancelled ones count, so a rank is never handed out twice).
pub const PLACED: Map<(u64, u8, &Addr), u32> = Map::new("placed");

/// Highest maximum price first, then rank, then id: big-endian bytes sort as the clearing
/// takes bids.
pub fn bid_priority_key(max_price: u64, rank: &[u8], id: u64) -> Vec<u8> {
    let mut key = (u64::MAX - max_price).to_be_bytes().to_vec();
    key.extend_from_slice(rank);
    key.extend_from_slice(&id.to_be_bytes());
    key
}

/// Lowest minimum price first, then carbon intensity, then rank, then id.
pub fn offer_priority_key(min_price: u64, carbon_g_per_kwh: u32, rank: &[u8], id: u64) -> Vec<u8> {
    let mut key = min_price.to_be_bytes().to_vec();
    key.extend_from_slice(&carbon_g_per_kwh.to_be_bytes());
    key.extend_from_slice(rank);
    key.extend_from_slice(&id.to_be_bytes());
    key
}

#[cw_serde]
pub enum Phase {
    Open,
    /// The price is fixed; bids after `cursor` (a [`QUEUE`] key) wait to be matched.
    Clearing {
        price: Option<u64>,
        volume_wh: u64,
        matched_wh: u64,
        cursor: Option<HexBinary>,
    },
    Cleared {
        price: Option<u64>,
        volume_wh: u64,
        matched_wh: u64,
    },
}

#[cw_serde]
pub struct SlotRecord {
    pub offers: u32,
    pub bids: u32,
    pub phase: Phase,
}

/// Slots that have orders, by number.
pub const SLOTS: Map<u64, SlotRecord> = Map::new("slots");

/// (slot, meter id) → energy the meter's offers in the slot were matched for, the share of its
/// delivery each offer gets.
pub const METER_MATCHED: Map<(u64, &str), u64> = Map::new("meter_matched");

#[cw_serde]
pub struct StoredFill {
    pub slot: u64,
    pub bid_id: u64,
    pub offer_id: u64,
    pub buyer: Addr,
    pub seller: Addr,
    pub energy_wh: u64,
    pub price: u64,
    pub delivered_wh: Option<u64>,
    pub paid: Option<Uint128>,
}

pub const FILLS: Map<u64, StoredFill> = Map::new("fills");
pub const LAST_FILL_ID: Item<u64> = Item::new("last_fill_id");
/// (slot, fill id), (offer id, fill id) and (participant, fill id) of every fill.
pub const SLOT_FILLS: Map<(u64, u64), ()> = Map::new("slot_fills");
pub const OFFER_FILLS: Map<(u64, u64), ()> = Map::new("offer_fills");
pub const PARTICIPANT_FILLS: Map<(&Addr, u64), ()> = Map::new("participant_fills");

/// Sellers' running totals.
pub const SELLERS: Map<&Addr, SellerRecord> = Map::new("sellers");

/// Cleared slots' prices by slot.
pub const PRICES: Map<u64, PricePoint> = Map::new("prices");
