//! Hourly green certificates of the park: one certificate stands for energy a generation meter
//! signed for in one clock hour, with the energy type and carbon intensity the registry's
//! administrator registered for the meter in the market, and where it came from (a trade or
//! the generator's unsold output).
//!
//! - **Issued** on the market's settlement, to the buyer, one per fill that delivered energy
//!   ([`ExecuteMsg::Issue`], the market only); or, for what no trade certified, to the
//!   generator's owner ([`ExecuteMsg::IssueUnsold`]) once the hour has ended and
//!   `direct_issuance_delay_seconds` have passed, so that the market's settlements come first.
//!   A settlement later than that gets only what remains.
//! - **Capped**: the certified energy of a (meter, hour) never exceeds the energy of the
//!   meter's signed readings whose interval starts in the hour. The market's issuance is
//!   clamped to what remains (the shortfall is in the `shortfall_wh` attribute), so that a
//!   settlement never fails because of the cap.
//! - **Whole**: a certificate moves and is claimed as a whole, never split.
//! - **Transferred** by its owner to a participant in good standing; **claimed** (retired) by
//!   its owner for a beneficiary, a purpose and a consumption period, after which nothing moves
//!   it; **expired** `validity_seconds` after the end of its generation hour, after which it
//!   can be neither transferred nor claimed. A claimed certificate stays claimed after that.
//! - Every holder and the claim are kept per certificate ([`QueryMsg::History`]).
//!
//! Units: energy in Wh, carbon intensity in g CO2e per kWh, time in unix seconds.

use cosmwasm_schema::{QueryResponses, cw_serde};

use super::EnergyType;

/// Length of a certificate's generation period: one clock hour.
pub const HOUR_SECONDS: u64 = 3_600;
/// Shortest validity a contract may be set up with: one day.
pub const MIN_VALIDITY_SECONDS: u64 = 86_400;
/// Longest validity: five years of 365 days.
pub const MAX_VALIDITY_SECONDS: u64 = 5 * 365 * 86_400;
/// Longest wait before a generator may certify its unsold output: one week.
pub const MAX_DIRECT_ISSUANCE_DELAY_SECONDS: u64 = 7 * 86_400;
/// Most certificates one `Issue` carries: a slot's most orders (the market's own bound).
pub const MAX_ISSUE_BATCH: usize = 500;
/// Most ids one `Verify` answers for.
pub const MAX_VERIFY_IDS: usize = 100;
/// Longest beneficiary of a claim, bytes.
pub const MAX_BENEFICIARY_LEN: usize = 128;
/// Longest purpose of a claim, bytes.
pub const MAX_PURPOSE_LEN: usize = 256;

/// The clock hour `at` falls in: its start.
pub fn hour_of(at: u64) -> u64 {
    at - at % HOUR_SECONDS
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The registry (admin contract): participants, standing, meters.
    pub admin_contract: String,
    /// The park market: it issues on settlement, and its generators say who owns a meter's
    /// output and what kind it is.
    pub market: String,
    /// How long a certificate stays valid after the end of its generation hour.
    pub validity_seconds: u64,
    /// How long after the end of an hour its generator may certify the unsold rest.
    pub direct_issuance_delay_seconds: u64,
}

/// A certificate the market issues for a settled fill.
#[cw_serde]
pub struct TradeCertificate {
    /// The buyer.
    pub owner: String,
    pub meter_id: String,
    /// Start of the generation hour, a multiple of 3600.
    pub hour_start: u64,
    pub energy_wh: u64,
    pub energy_type: EnergyType,
    pub carbon_g_per_kwh: u32,
    pub slot: u64,
    pub fill_id: u64,
    pub seller: String,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// The market only, on settlement: issues each certificate as far as its (meter, hour)
    /// has signed energy left to certify, the rest not at all.
    Issue { certificates: Vec<TradeCertificate> },
    /// The generation meter's owner, once the hour has ended and the direct-issuance delay
    /// passed: certifies what the meter signed for in the hour that nothing certified yet.
    IssueUnsold { meter_id: String, hour_start: u64 },
    /// The owner: hands an active, unexpired certificate to a participant in good standing.
    Transfer { id: u64, recipient: String },
    /// The owner: retires an active, unexpired certificate for a beneficiary's consumption
    /// in `[period_from, period_to)`; nothing moves it after that.
    Claim {
        id: u64,
        beneficiary: String,
        purpose: String,
        period_from: u64,
        period_to: u64,
    },
    /// Guardian or the registry's administrator: stops every message but the pause's own
    /// (the market's settlements wait while it lasts).
    Pause { reason: String },
    /// The registry's administrator: resumes the contract.
    Unpause {},
}

#[cw_serde]
pub struct MigrateMsg {}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    /// Whether the contract is paused, by whom, since when and why.
    #[returns(crate::emergency::PauseStatus)]
    PauseStatus {},
    #[returns(Certificate)]
    Certificate { id: u64 },
    /// An owner's certificates (active, claimed or expired), by id.
    #[returns(CertificatesResponse)]
    Certificates {
        owner: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// What a (meter, hour) has certified so far.
    #[returns(MeterHourResponse)]
    MeterHour { meter_id: String, hour_start: u64 },
    /// A certificate's issuance, every transfer and its claim, oldest first.
    #[returns(HistoryResponse)]
    History {
        id: u64,
        start_after: Option<u32>,
        limit: Option<u32>,
    },
    /// For each id (at most [`MAX_VERIFY_IDS`]), in the order given: valid, claimed, expired
    /// or unknown.
    #[returns(VerifyResponse)]
    Verify { ids: Vec<u64> },
}

#[cw_serde]
pub struct ConfigResponse {
    pub admin_contract: String,
    pub market: String,
    pub validity_seconds: u64,
    pub direct_issuance_delay_seconds: u64,
}

/// Where a certificate's energy went first.
#[cw_serde]
pub enum Origin {
    /// Sold on the market: the fill the buyer was issued it for.
    Trade {
        slot: u64,
        fill_id: u64,
        seller: String,
    },
    /// Not sold: issued to the generator's owner.
    Unsold {
        /// The generation meter's owner (the meter is the certificate's `meter_id`).
        generator: String,
    },
}

#[cw_serde]
pub enum CertificateStatus {
    Active,
    /// Retired for `beneficiary`'s consumption in `[period_from, period_to)`.
    Claimed {
        beneficiary: String,
        purpose: String,
        period_from: u64,
        period_to: u64,
        claimed_by: String,
        claimed_at: u64,
    },
}

#[cw_serde]
pub struct Certificate {
    pub id: u64,
    pub meter_id: String,
    /// Start of the generation hour.
    pub hour_start: u64,
    pub energy_wh: u64,
    pub energy_type: EnergyType,
    pub carbon_g_per_kwh: u32,
    pub owner: String,
    pub issued_at: u64,
    /// From then on it can be neither transferred nor claimed.
    pub expires_at: u64,
    pub origin: Origin,
    pub status: CertificateStatus,
}

#[cw_serde]
pub struct CertificatesResponse {
    pub certificates: Vec<Certificate>,
    pub has_more: bool,
}

#[cw_serde]
pub struct MeterHourResponse {
    pub meter_id: String,
    pub hour_start: u64,
    /// Energy the hour's certificates carry, all issued so far.
    pub certified_wh: u64,
    pub certificates: u32,
}

/// One step in a certificate's life.
#[cw_serde]
pub enum HistoryEntry {
    Issued {
        to: String,
    },
    Transferred {
        from: String,
        to: String,
    },
    Claimed {
        by: String,
        beneficiary: String,
        purpose: String,
        period_from: u64,
        period_to: u64,
    },
}

#[cw_serde]
pub struct HistoryEvent {
    /// Position in the certificate's history, from 1.
    pub seq: u32,
    pub at: u64,
    pub entry: HistoryEntry,
}

#[cw_serde]
pub struct HistoryResponse {
    pub id: u64,
    pub events: Vec<HistoryEvent>,
    pub has_more: bool,
}

/// What a certificate is worth now.
#[cw_serde]
pub enum Verdict {
    Valid {
        owner: String,
        expires_at: u64,
    },
    Claimed {
        claimed_by: String,
        beneficiary: String,
        purpose: String,
    },
    Expired {
        owner: String,
    },
    Unknown,
}

#[cw_serde]
pub struct Verification {
    pub id: u64,
    pub verdict: Verdict,
}

#[cw_serde]
pub struct VerifyResponse {
    pub results: Vec<Verification>,
}
