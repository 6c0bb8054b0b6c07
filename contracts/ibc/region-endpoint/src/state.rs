//! Storage layout. Records are kept in the form the queries answer with, so that a query is a
//! load and nothing is copied field by field.

use cosmwasm_std::{Addr, StdResult, Storage};
use cw_storage_plus::{Item, Map};
use ledger_contract_kit::ibc::Outbox;
use ledger_types::region::ToMain;
use ledger_types::region_endpoint::{
    BillRecord, ChannelInfo, ConfigResponse, ConsumerResponse, MeterEntry,
};

/// The name stored with cw2: the crate's own; `migrate` refuses state stored under another.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// This code's version, stored with cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The endpoint's wiring and settings.
pub type Config = ConfigResponse;
/// A consumer's meter contract and standing.
pub type Consumer = ConsumerResponse;

/// Wiring and settings.
pub const CONFIG: Item<Config> = Item::new("config");
/// The channel to the main chain, from its handshake on; kept after it closes, so that no
/// other channel is ever bound.
pub const CHANNEL: Item<ChannelInfo> = Item::new("channel");
/// Consumer address -> its meter contract (once its first meter is registered) and standing.
pub const CONSUMERS: Map<&Addr, Consumer> = Map::new("consumers");
/// Meter id -> its consumer, its meter contract and the revision of its status.
pub const METERS: Map<&str, MeterEntry> = Map::new("meters");
/// (meter id, period) -> the bill as sent, confirmed and paid on the main chain.
pub const BILLS: Map<(&str, u32), BillRecord> = Map::new("bills");
/// Ids of the main chain's packets already applied: a packet sent again under the same id is
/// answered without being applied twice.
pub const APPLIED: Map<u64, ()> = Map::new("applied");
/// Packets to the main chain not yet applied there.
pub const OUTBOX: Outbox<ToMain> = Outbox::new("outbox", "outbox_last_id");

/// A consumer's record, or that of a consumer not heard of yet: no contract, a clear
/// standing.
pub fn consumer_or_new(storage: &dyn Storage, consumer: &Addr) -> StdResult<Consumer> {
    Ok(CONSUMERS
        .may_load(storage, consumer)?
        .unwrap_or_else(|| ConsumerResponse {
            consumer: consumer.clone(),
            contract: None,
            blocked: false,
            standing_revision: 0,
        }))
}
