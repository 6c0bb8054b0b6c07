//! The router's storage. Routes, consumers and confirmations are keyed so that every action
//! reads one entry and every list is a bounded range.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};
use cw_storage_plus::{Item, Map};
use ledger_contract_kit::ibc::Outbox;
use ledger_contract_kit::ibc::outbox::Delivery as KitDelivery;
use ledger_types::region::{BillStatus, ToRegion};
use ledger_types::router::{Confirmation, Delivery, Region, Route};

/// The name stored with cw2: the crate's own; `migrate` refuses state stored under another.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// This code's version, stored with cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cw_serde]
pub struct Config {
    pub registry: Addr,
    pub bank: Addr,
    pub delivery: Delivery,
}

impl Config {
    /// The delivery settings as the kit's outbox takes them.
    pub fn outbox_delivery(&self) -> KitDelivery {
        KitDelivery {
            timeout_seconds: self.delivery.timeout_seconds,
            max_attempts: self.delivery.max_attempts,
        }
    }
}

/// A packet received from a region while the bank's submessage runs: what the reply needs to
/// answer it. Saved just before the submessage and removed by its reply.
#[cw_serde]
pub struct PendingPacket {
    pub region: String,
    pub meter_id: String,
    pub period: u32,
    /// Present for a bill, absent for advances.
    pub bill: Option<PendingBill>,
}

#[cw_serde]
pub struct PendingBill {
    pub readings_digest: String,
    pub total: Uint128,
}

/// The router's wiring and delivery settings.
pub const CONFIG: Item<Config> = Item::new("config");
/// Region id -> the region and its channel.
pub const REGIONS: Map<&str, Region> = Map::new("regions");
/// (connection id, endpoint port) -> the region reached there: how a channel handshake finds
/// its region.
pub const ENDPOINTS: Map<(&str, &str), String> = Map::new("endpoints");
/// Channel id -> the region bound to it at connect (kept after a close, so that late
/// acknowledgements and timeouts still find their region).
pub const CHANNELS: Map<&str, String> = Map::new("channels");
/// Meter id -> where the meter lives.
pub const ROUTES: Map<&str, Route> = Map::new("routes");
/// (region, meter id) -> (): a region's meters.
pub const ROUTES_BY_REGION: Map<(&str, &str), ()> = Map::new("routes_by_region");
/// Consumer -> the region it lives in.
pub const CONSUMERS: Map<&Addr, String> = Map::new("consumers");
/// Consumer -> the revision of the last standing sent (the region keeps only the newest).
pub const STANDING_REVISIONS: Map<&Addr, u64> = Map::new("standing_revisions");
/// Meter id -> the revision of the last status sent.
pub const STATUS_REVISIONS: Map<&str, u64> = Map::new("status_revisions");
/// (meter id, period) -> the last payment status of the bill sent towards its region (its
/// revision is the bill's revision counter).
pub const BILL_STATUSES: Map<(&str, u32), BillStatus> = Map::new("bill_statuses");
/// (meter id, period) -> the bank's confirmation of the bill.
pub const CONFIRMATIONS: Map<(&str, u32), Confirmation> = Map::new("confirmations");
/// (region, period, meter id) -> (): the confirmed bills of a region's period.
pub const CONFIRMED_BY_REGION: Map<(&str, u32, &str), ()> = Map::new("confirmed_by_region");
/// The received packet whose bank submessage is running (see [`PendingPacket`]).
pub const PENDING_PACKET: Item<PendingPacket> = Item::new("pending_packet");
/// Packets sent to regions until they are applied there.
pub const OUTBOX: Outbox<ToRegion> = Outbox::new("outbox", "outbox_last_id");
