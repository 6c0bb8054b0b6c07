//! Storage of the cloud contract. Composite keys put the organisation first, so that every
//! list a query pages through is one prefix; bills are ordered by [`bill_key`].

use cosmwasm_schema::cw_serde;
use cosmwasm_std::Addr;
use cw_storage_plus::{Item, Map};
use ledger_types::cloud::{
    Bill, BillTotals, EscrowTotals, HeldPayout, Lease, Minimums, Organisation, PriceVersion, Quota,
    Resources, StoredTerms,
};

/// Name under which cw2 records the contract.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// The code's version, recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cw_serde]
pub struct Config {
    pub admin_contract: Addr,
    pub token: Addr,
    /// A configuration stored before minimums were settable reads as the defaults it ran with.
    #[serde(default)]
    pub minimums: Minimums,
}

pub const CONFIG: Item<Config> = Item::new("config");

/// Organisations by id.
pub const ORGS: Map<&str, Organisation> = Map::new("orgs");
/// (organisation, user) for every user of an organisation.
pub const USERS: Map<(&str, &Addr), ()> = Map::new("users");
/// The organisation each user belongs to (one at most).
pub const USER_ORG: Map<&Addr, String> = Map::new("user_org");

/// (provider, consumer) → the provider's quota for the consumer.
pub const QUOTAS: Map<(&str, &str), Quota> = Map::new("quotas");
/// (provider, consumer) → resources held by the consumer's requested and running leases at
/// the provider; absent is zero.
pub const IN_USE: Map<(&str, &str), Resources> = Map::new("in_use");

/// (provider, version) → a published price list.
pub const PRICES: Map<(&str, u32), PriceVersion> = Map::new("prices");
/// Provider → its latest published version.
pub const LATEST_PRICES: Map<&str, u32> = Map::new("latest_prices");

/// Leases by id.
pub const LEASES: Map<u64, Lease> = Map::new("leases");
/// The last lease id handed out.
pub const LAST_LEASE_ID: Item<u64> = Item::new("last_lease_id");
/// (provider, lease id) of every requested or running lease.
pub const OPEN_BY_PROVIDER: Map<(&str, u64), ()> = Map::new("open_by_provider");
/// A lease's sealed terms.
pub const TERMS: Map<u64, StoredTerms> = Map::new("terms");

/// Bills by lease id.
pub const BILLS: Map<u64, Bill> = Map::new("bills");
/// (provider, bill key) of every bill.
pub const BILLS_BY_PROVIDER: Map<(&str, u128), ()> = Map::new("bills_by_provider");
/// (provider, consumer, bill key) of every bill.
pub const BILLS_BY_PAIR: Map<(&str, &str, u128), ()> = Map::new("bills_by_pair");
/// (consumer, bill key) of every bill.
pub const BILLS_BY_CONSUMER: Map<(&str, u128), ()> = Map::new("bills_by_consumer");

/// Running totals per provider, per consumer, per pair and per (provider, yyyymm).
pub const PROVIDER_TOTALS: Map<&str, BillTotals> = Map::new("provider_totals");
pub const CONSUMER_TOTALS: Map<&str, BillTotals> = Map::new("consumer_totals");
pub const PAIR_TOTALS: Map<(&str, &str), BillTotals> = Map::new("pair_totals");
pub const MONTH_TOTALS: Map<(&str, u32), BillTotals> = Map::new("month_totals");

/// Lease ends held because a party was blacklisted, by lease id.
pub const HELD: Map<u64, HeldPayout> = Map::new("held");
/// Where every token received is.
pub const ESCROW: Item<EscrowTotals> = Item::new("escrow");

/// A bill's place in the time-ordered indexes: close time in the high 64 bits, lease id in the
/// low ones, so that one integer orders by time, then id.
pub fn bill_key(closed_at: u64, lease_id: u64) -> u128 {
    (u128::from(closed_at) << 64) | u128::from(lease_id)
}

/// The (close time, lease id) of a bill key.
pub fn split_bill_key(key: u128) -> (u64, u64) {
    ((key >> 64) as u64, key as u64)
}
