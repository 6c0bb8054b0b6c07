//! Storage of the certificates contract: the certificates by id, each owner's by id, the
//! running total certified per (meter, hour), and every certificate's history.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, StdResult, Storage};
use cw_storage_plus::{Item, Map};
use ledger_types::park::EnergyType;
use ledger_types::park::certificates::{CertificateStatus, HistoryEntry, Origin};

/// Name under which cw2 records the contract.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// The code's version, recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cw_serde]
pub struct Config {
    pub admin_contract: Addr,
    pub market: Addr,
    pub validity_seconds: u64,
    pub direct_issuance_delay_seconds: u64,
}

pub const CONFIG: Item<Config> = Item::new("config");

#[cw_serde]
pub struct StoredCertificate {
    pub meter_id: String,
    pub hour_start: u64,
    pub energy_wh: u64,
    pub energy_type: EnergyType,
    pub carbon_g_per_kwh: u32,
    pub owner: Addr,
    pub issued_at: u64,
    pub expires_at: u64,
    pub origin: Origin,
    pub status: CertificateStatus,
    /// Entries in its [`HISTORY`] so far.
    pub events: u32,
}

impl StoredCertificate {
    /// Whether it can no longer be transferred or claimed at `now`.
    pub fn expired_at(&self, now: u64) -> bool {
        now >= self.expires_at
    }
}

/// Certificates by id.
pub const CERTIFICATES: Map<u64, StoredCertificate> = Map::new("certificates");
pub const LAST_CERTIFICATE_ID: Item<u64> = Item::new("last_certificate_id");
/// (owner, id) of every certificate, under its current owner.
pub const OWNED: Map<(&Addr, u64), ()> = Map::new("owned");

/// What a (meter, hour) has certified: the running total the cap is checked against.
#[cw_serde]
#[derive(Default)]
pub struct Certified {
    pub energy_wh: u64,
    pub certificates: u32,
}

/// (meter id, hour start) → what its certificates carry.
pub const CERTIFIED: Map<(&str, u64), Certified> = Map::new("certified");

#[cw_serde]
pub struct StoredEvent {
    pub at: u64,
    pub entry: HistoryEntry,
}

/// (certificate id, seq from 1) → what happened to it.
pub const HISTORY: Map<(u64, u32), StoredEvent> = Map::new("history");

/// Appends `entry` to the certificate's history (the caller saves the certificate, whose
/// event count this moves on).
pub fn record_event(
    storage: &mut dyn Storage,
    id: u64,
    certificate: &mut StoredCertificate,
    at: u64,
    entry: HistoryEntry,
) -> StdResult<()> {
    certificate.events = certificate.events.saturating_add(1);
    HISTORY.save(
        storage,
        (id, certificate.events),
        &StoredEvent { at, entry },
    )
}
