//! Storage of the registry.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Binary, Uint128};
use cw_storage_plus::{Index, IndexList, IndexedMap, Item, Map, MultiIndex};
use ledger_types::admin::{MeterInfo, MeterKind, Participant, TimelockedOperation};
use ledger_types::billing::MeterSettings;

/// The name stored with cw2: the crate's own; `migrate` refuses state stored under another.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// This code's version, stored with cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The meter contract's code and settings, and the tariff and bank contracts new meter
/// contracts are wired to.
#[cw_serde]
pub struct Config {
    pub meter_code_id: u64,
    pub meter_settings: MeterSettings,
    pub tariff: Option<Addr>,
    pub bank: Option<Addr>,
    /// The router of regional meters; absent in registries stored before regions.
    #[serde(default)]
    pub router: Option<Addr>,
}

/// A validated meter registration. Stored (see [`PENDING_METERS`]) only while its owner's
/// meter contract is being instantiated.
#[cw_serde]
pub struct MeterRegistration {
    pub meter_id: String,
    pub retailer: Addr,
    pub pubkey: Binary,
    pub tariff_id: String,
    pub initial_register_wh: u64,
    pub contracted_monthly_amount: Uint128,
    /// Consumption for registrations stored before meter kinds existed.
    #[serde(default)]
    pub kind: MeterKind,
}

/// Registry configuration.
pub const CONFIG: Item<Config> = Item::new("config");

/// The administrator: the single address holding the admin role.
pub const ADMIN: Item<Addr> = Item::new("admin");

/// The address offered the admin role by `ProposeAdmin` in versions before the time lock.
/// Only read by the migration, which turns it into a time-locked transfer.
pub const LEGACY_PENDING_ADMIN: Item<Addr> = Item::new("pending_admin");

/// Seconds between scheduling a time-locked operation and the earliest moment it takes effect.
pub const TIMELOCK_DELAY: Item<u64> = Item::new("timelock_delay");

/// Pending time-locked operations by id (an operation is removed when it takes effect or is
/// cancelled).
pub const TIMELOCKED: Map<u64, TimelockedOperation> = Map::new("timelocked");

/// The id the next time-locked operation gets.
pub const NEXT_TIMELOCK_ID: Item<u64> = Item::new("next_timelock_id");

/// The id of the pending administrator transfer in [`TIMELOCKED`], while there is one.
pub const ADMIN_TRANSFER: Item<u64> = Item::new("admin_transfer");

/// Participant address -> participant record.
pub const PARTICIPANTS: Map<&Addr, Participant> = Map::new("participants");

/// (role name, participant address) -> (), one entry per role a participant holds; pages
/// participants by role.
pub const ROLE_INDEX: Map<(&str, &Addr), ()> = Map::new("participants_by_role");

/// Owner address -> the meter registration waiting for the reply that instantiates the
/// owner's meter contract. Empty outside a transaction that onboards a first meter.
pub const PENDING_METERS: Map<&Addr, MeterRegistration> = Map::new("pending_meters");

/// Owner address -> the region its meters live in, for a consumer whose meters are regional
/// (its meter contract is on the region's chain, reached through the router).
pub const REGIONAL_OWNERS: Map<&Addr, String> = Map::new("regional_owners");

/// Secondary indexes of [`METERS`].
pub struct MeterIndexes<'a> {
    /// Owner address -> the owner's meters, in meter id order.
    pub owner: MultiIndex<'a, Addr, MeterInfo, String>,
}

impl IndexList<MeterInfo> for MeterIndexes<'_> {
    fn get_indexes(&'_ self) -> Box<dyn Iterator<Item = &'_ dyn Index<MeterInfo>> + '_> {
        let v: Vec<&dyn Index<MeterInfo>> = vec![&self.owner];
        Box::new(v.into_iter())
    }
}

fn meter_owner(_pk: &[u8], meter: &MeterInfo) -> Addr {
    meter.owner.clone()
}

/// Meter id -> meter record, indexed by owner.
pub const METERS: IndexedMap<&str, MeterInfo, MeterIndexes<'static>> = IndexedMap::new(
    "meters",
    MeterIndexes {
        owner: MultiIndex::new(meter_owner, "meters", "meters__owner"),
    },
);
