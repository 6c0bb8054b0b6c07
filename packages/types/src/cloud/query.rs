//! The cloud contract's queries and their answers. Everything on chain is public, queries
//! included; what keeps a pair's terms private is the sealing, not who may ask.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::{Addr, Uint128};

use super::{Bill, BillTotals, HeldPayout, Lease, Organisation, PriceVersion, Quota, Resources};

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The registry and the settlement token the contract uses.
    #[returns(ConfigResponse)]
    Config {},
    /// Whether the contract is paused, by whom, since when and why.
    #[returns(crate::emergency::PauseStatus)]
    PauseStatus {},
    /// One organisation.
    #[returns(Organisation)]
    Organisation { id: String },
    /// Organisations in id order.
    #[returns(OrganisationsResponse)]
    Organisations {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// An organisation's users in address order.
    #[returns(UsersResponse)]
    Users {
        org: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// The organisation an address is a user of, if any.
    #[returns(MembershipResponse)]
    MemberOf { address: String },
    /// A provider's quota for a consumer, what is in use and what is left.
    #[returns(QuotaResponse)]
    Quota { provider: String, consumer: String },
    /// A provider's quotas in consumer order.
    #[returns(QuotasResponse)]
    Quotas {
        provider: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// One version of a provider's price list.
    #[returns(PriceVersion)]
    PriceVersion { provider: String, version: u32 },
    /// A provider's price-list versions, oldest first.
    #[returns(PriceVersionsResponse)]
    PriceVersions {
        provider: String,
        start_after: Option<u32>,
        limit: Option<u32>,
    },
    /// Every provider's price list in force now, in provider order, for comparison
    /// (providers with none in force yet are left out).
    #[returns(CurrentPricesResponse)]
    CurrentPrices {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// One lease.
    #[returns(Lease)]
    Lease { lease_id: u64 },
    /// Every lease in id order.
    #[returns(LeasesResponse)]
    Leases {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A provider's requested and running leases in id order.
    #[returns(LeasesResponse)]
    OpenLeases {
        provider: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// What a running lease would be billed if closed at this block, and whether anyone may
    /// close it now.
    #[returns(LeaseChargeResponse)]
    LeaseCharge { lease_id: u64 },
    /// A lease's sealed terms: refused with `cloud.unknown_lease` when there is no such lease,
    /// `cloud.no_terms` when none were sealed for it.
    #[returns(super::StoredTerms)]
    Terms { lease_id: u64 },
    /// A closed lease's bill.
    #[returns(Bill)]
    Bill { lease_id: u64 },
    /// A provider's bills by close time (then lease id), optionally for one consumer.
    #[returns(BillsResponse)]
    ProviderBills {
        provider: String,
        consumer: Option<String>,
        start_after: Option<BillCursor>,
        limit: Option<u32>,
    },
    /// A consumer organisation's bills by close time (then lease id).
    #[returns(BillsResponse)]
    ConsumerBills {
        consumer: String,
        start_after: Option<BillCursor>,
        limit: Option<u32>,
    },
    /// A provider's running totals (zero before its first bill).
    #[returns(BillTotals)]
    ProviderTotals { provider: String },
    /// A consumer organisation's running totals.
    #[returns(BillTotals)]
    ConsumerTotals { consumer: String },
    /// The running totals between one provider and one consumer.
    #[returns(BillTotals)]
    PairTotals { provider: String, consumer: String },
    /// A provider's totals per calendar month (UTC) of the bills' close, oldest first.
    #[returns(MonthlyTotalsResponse)]
    MonthlyTotals {
        provider: String,
        /// A month as `yyyymm`.
        start_after: Option<u32>,
        limit: Option<u32>,
    },
    /// Lease ends held because a party was blacklisted or suspended, in lease order.
    #[returns(HeldPayoutsResponse)]
    HeldPayouts {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// Where every token the contract received is.
    #[returns(super::EscrowTotals)]
    EscrowTotals {},
}

#[cw_serde]
pub struct ConfigResponse {
    pub admin_contract: Addr,
    pub token: Addr,
    /// The shortest lease and the least prepaid time every request is judged by.
    pub minimums: super::Minimums,
}

#[cw_serde]
pub struct OrganisationsResponse {
    pub organisations: Vec<Organisation>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    pub has_more: bool,
}

#[cw_serde]
pub struct UsersResponse {
    pub users: Vec<Addr>,
    pub has_more: bool,
}

#[cw_serde]
pub struct MembershipResponse {
    pub address: Addr,
    pub org: Option<String>,
}

#[cw_serde]
pub struct QuotaResponse {
    pub provider: String,
    pub consumer: String,
    pub quota: Quota,
    /// Held by the consumer's requested and running leases at the provider.
    pub in_use: Resources,
    /// What a new request may still take (0 where the use is at or above a lowered limit).
    pub left: Resources,
}

#[cw_serde]
pub struct QuotasResponse {
    pub quotas: Vec<QuotaResponse>,
    pub has_more: bool,
}

#[cw_serde]
pub struct PriceVersionsResponse {
    pub versions: Vec<PriceVersion>,
    pub has_more: bool,
}

#[cw_serde]
pub struct CurrentPricesResponse {
    pub prices: Vec<PriceVersion>,
    /// More providers follow (start after the last entry's provider).
    pub has_more: bool,
}

#[cw_serde]
pub struct LeasesResponse {
    pub leases: Vec<Lease>,
    pub has_more: bool,
}

#[cw_serde]
pub struct LeaseChargeResponse {
    pub lease_id: u64,
    /// The end of the charged time now: this block, or the holding period's end if earlier.
    pub charged_until: u64,
    pub time_charge: Uint128,
    pub usage_charge: Uint128,
    /// What the provider would be paid now (capped at the escrow).
    pub amount: Uint128,
    pub escrow: Uint128,
    /// When the holding period ends.
    pub holding_ends_at: u64,
    /// Anyone may close it now (holding period over, or escrow reached).
    pub closable: bool,
}

/// Where a page of bills starts after: a bill's close time and lease id.
#[cw_serde]
pub struct BillCursor {
    pub closed_at: u64,
    pub lease_id: u64,
}

#[cw_serde]
pub struct BillsResponse {
    pub bills: Vec<Bill>,
    pub has_more: bool,
}

#[cw_serde]
pub struct MonthTotals {
    /// `yyyymm`, UTC.
    pub month: u32,
    pub totals: BillTotals,
}

#[cw_serde]
pub struct MonthlyTotalsResponse {
    pub months: Vec<MonthTotals>,
    pub has_more: bool,
}

#[cw_serde]
pub struct HeldPayoutsResponse {
    pub held: Vec<HeldPayout>,
    pub has_more: bool,
}
