//! Records the cloud contract keeps, as its queries return them.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Binary, HexBinary, Uint128};

use super::{InstanceType, Prices, Resources};

/// An organisation of the federation.
#[cw_serde]
pub struct Organisation {
    pub id: String,
    pub name: String,
    /// Acts for the organisation: as a provider (under the registry's `CloudProvider` role)
    /// and over its users.
    pub admin: Addr,
    /// Where the organisation's earnings as a provider are paid.
    pub payout: Addr,
    /// Compressed secp256k1 key the organisation's partners seal private terms to.
    pub encryption_key: HexBinary,
    /// The metering agent's compressed secp256k1 key, once registered.
    pub agent_key: Option<HexBinary>,
    pub registered_at: u64,
}

/// A published price list.
#[cw_serde]
pub struct PriceVersion {
    pub provider: String,
    /// 1, 2, ... per provider.
    pub version: u32,
    pub prices: Prices,
    /// In force from this time (unix seconds) until the next version's.
    pub effective_from: u64,
    pub published_at: u64,
    /// The named instance types sold under this version (none in versions published before
    /// instance types existed).
    #[serde(default)]
    pub instance_types: Vec<InstanceType>,
}

impl PriceVersion {
    /// The instance type `name` of this version, if it sells one.
    pub fn instance_type(&self, name: &str) -> Option<&InstanceType> {
        self.instance_types.iter().find(|t| t.name == name)
    }
}

/// The instance type a lease was requested as: its name and price per hour, as the price
/// list the lease is billed under has them.
#[cw_serde]
pub struct LeasedInstance {
    pub name: String,
    /// Minor units per hour for the whole instance; replaces the per-unit prices for the
    /// lease's time charge (usage is still charged per GB).
    pub per_hour: u64,
}

/// Where a lease stands.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum LeaseStatus {
    /// Escrowed and counted against the quota, waiting for the provider.
    Requested,
    /// Accepted; charged from `started_at`.
    Running,
    /// Rejected by the provider; refunded, never billed.
    Rejected,
    /// Withdrawn by the consumer before acceptance; refunded, never billed.
    Withdrawn,
    /// Billed once (see the lease's bill).
    Closed,
}

impl LeaseStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            LeaseStatus::Requested => "requested",
            LeaseStatus::Running => "running",
            LeaseStatus::Rejected => "rejected",
            LeaseStatus::Withdrawn => "withdrawn",
            LeaseStatus::Closed => "closed",
        }
    }

    /// Requested and running leases hold their resources against the quota.
    pub fn is_open(&self) -> bool {
        matches!(self, LeaseStatus::Requested | LeaseStatus::Running)
    }
}

/// Why a lease was closed and billed.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum CloseReason {
    ReleasedByUser,
    ReleasedByProvider,
    /// Closed by anyone after its holding period ended (charged up to that end).
    HoldingPeriodOver,
    /// Closed by anyone once the charge reached the escrow.
    FundsExhausted,
}

impl CloseReason {
    pub fn as_str(&self) -> &'static str {
        match self {
            CloseReason::ReleasedByUser => "released_by_user",
            CloseReason::ReleasedByProvider => "released_by_provider",
            CloseReason::HoldingPeriodOver => "holding_period_over",
            CloseReason::FundsExhausted => "funds_exhausted",
        }
    }
}

/// A lease of a host: what it holds, at which price, and its escrow.
#[cw_serde]
pub struct Lease {
    pub id: u64,
    pub provider: String,
    pub consumer: String,
    /// The user who requested it; refunds go to it.
    pub payer: Addr,
    pub resources: Resources,
    pub holding_seconds: u64,
    /// The price-list version in force at the request; the lease is billed under it for its
    /// whole life.
    pub price_version: u32,
    pub prices: Prices,
    /// The instance type it was requested as, if any: then its time is charged at the type's
    /// price per hour, and `resources` are the type's.
    #[serde(default)]
    pub instance_type: Option<LeasedInstance>,
    /// Tokens held for the lease (request plus top-ups), until it is billed or refunded.
    pub escrow: Uint128,
    pub status: LeaseStatus,
    pub requested_at: u64,
    /// When the provider accepted it; the charge runs from here.
    pub started_at: Option<u64>,
    /// When it was rejected, withdrawn or closed.
    pub ended_at: Option<u64>,
    /// The provider's reason, when rejected.
    pub rejection: Option<String>,
    /// GB transferred, from the signed usage records accepted so far.
    pub usage_gb: u64,
    /// The last usage record's sequence and period end (0 before the first).
    pub usage_sequence: u64,
    pub usage_until: u64,
}

/// A closed lease's bill.
#[cw_serde]
pub struct Bill {
    pub lease_id: u64,
    pub provider: String,
    pub consumer: String,
    pub payer: Addr,
    pub resources: Resources,
    pub price_version: u32,
    /// The instance type the lease was requested as, if any (its price is in the version).
    #[serde(default)]
    pub instance_type: Option<String>,
    pub started_at: u64,
    /// The end of the charged time: the close, or the holding period's end if earlier.
    pub charged_until: u64,
    pub seconds: u64,
    /// Time charge before the cap (see `pricing::time_charge`).
    pub time_charge: Uint128,
    pub usage_gb: u64,
    pub usage_charge: Uint128,
    /// What the provider is paid: time plus usage charge, at most the escrow.
    pub amount: Uint128,
    pub escrow: Uint128,
    /// Escrow minus amount, back to the payer.
    pub refund: Uint128,
    pub reason: CloseReason,
    pub closed_at: u64,
    pub closed_by: Addr,
}

/// A lease's sealed terms as stored.
#[cw_serde]
pub struct StoredTerms {
    pub lease_id: u64,
    pub for_provider: Binary,
    pub for_consumer: Binary,
    pub commitment: HexBinary,
    /// The keys sealed to, as the organisations had them when stored.
    pub provider_key: HexBinary,
    pub consumer_key: HexBinary,
    pub sealed_by: Addr,
    pub sealed_at: u64,
    /// 1 for the first terms of the lease, then one more per replacement.
    pub revision: u32,
}

/// What a lease's end owed while one of its parties was blacklisted or suspended: the whole of
/// it (the provider's amount and the payer's refund) stays in the contract until no party is.
#[cw_serde]
pub struct HeldPayout {
    pub lease_id: u64,
    /// The provider's payout address at the lease's end, and what it is owed.
    pub provider_payout: Addr,
    pub provider_amount: Uint128,
    pub payer: Addr,
    pub refund: Uint128,
    /// The party that could not be paid when it was held, and why ("blacklisted: <reason>"
    /// or "suspended").
    pub barred: Addr,
    pub reason: String,
    pub held_at: u64,
}

/// Running sums of bills, kept as each bill is recorded.
#[cw_serde]
#[derive(Default)]
pub struct BillTotals {
    pub bills: u64,
    pub time_charged: Uint128,
    pub usage_charged: Uint128,
    /// What providers were paid (time plus usage, capped by escrows).
    pub amount: Uint128,
    pub refunded: Uint128,
}

/// Where every token the contract ever received is.
#[cw_serde]
#[derive(Default)]
pub struct EscrowTotals {
    /// Every token received (requests and top-ups).
    pub received: Uint128,
    /// Paid to providers by bills (including what is held).
    pub billed: Uint128,
    /// Refunded to payers (bills, rejections, withdrawals; including what is held).
    pub refunded: Uint128,
    /// Escrow of open leases now.
    pub in_escrow: Uint128,
    /// Payouts held for barred (blacklisted or suspended) parties now.
    pub held: Uint128,
}
