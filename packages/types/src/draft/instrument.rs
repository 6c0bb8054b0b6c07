//! A draft itself: its chain of hops, their reconciliation with the banks' records, and how it
//! ends.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};

/// Where a draft stands.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum DraftStatus {
    /// Travelling down its chain; the current holder may endorse it.
    Active,
    /// Reached its last holder. Anything still locked returns at expiry or cancellation.
    Delivered,
    /// Closed after its expiry; the remainder returned to the issuer.
    Expired,
    /// Closed by its issuer or the administrator; the remainder returned to the issuer.
    Cancelled,
    /// Closed because its holder was blacklisted; the remainder returned to the issuer.
    ClawedBack,
}

impl DraftStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            DraftStatus::Active => "active",
            DraftStatus::Delivered => "delivered",
            DraftStatus::Expired => "expired",
            DraftStatus::Cancelled => "cancelled",
            DraftStatus::ClawedBack => "clawed_back",
        }
    }
}

/// A field in which a bank record disagrees with its endorsement.
#[cw_serde]
pub enum Disagreement {
    Amount { endorsed: Uint128, bank: Uint128 },
    Payer { endorsed: Addr, bank: Addr },
    Payee { endorsed: Addr, bank: Addr },
}

/// A hop's reconciliation with the bank.
#[cw_serde]
pub enum HopCheck {
    /// Not endorsed yet.
    NotEndorsed,
    /// Endorsed, but the bank has not reported the transfer: a discrepancy until it does.
    MissingBankRecord,
    /// The bank's record agrees in amount, payer and payee.
    Reconciled,
    /// The bank's record disagrees.
    Mismatch { disagreements: Vec<Disagreement> },
}

/// A hop of a draft, as planned at issue and as it happened.
#[cw_serde]
pub struct Hop {
    /// 0 for the first hop.
    pub index: u32,
    pub label: String,
    /// Who passes the draft on (the issuer for the first hop).
    pub from: Addr,
    /// Who receives it.
    pub to: Addr,
    pub release_bps: u16,
    /// What the draft is worth when it moves: the amount the bank transfer must carry.
    pub value: Uint128,
    /// What is released to `to` when the draft reaches it.
    pub release: Uint128,
    /// The bank transfer's serial number, once endorsed.
    pub serial: Option<String>,
    pub endorsed_at: Option<u64>,
    pub check: HopCheck,
}

/// A draft's reconciliation counts (kept in place as endorsements and bank records arrive).
#[cw_serde]
#[derive(Default, Copy, Eq)]
pub struct ReconciliationCounts {
    pub reconciled: u32,
    pub missing: u32,
    pub mismatched: u32,
}

#[cw_serde]
pub struct Draft {
    pub id: u64,
    pub project_id: u64,
    pub stage: u32,
    /// Who sent the tokens; the remainder returns here.
    pub issuer: Addr,
    /// Locked at issue.
    pub amount: Uint128,
    /// Still locked in the contract.
    pub locked: Uint128,
    pub released: Uint128,
    pub clawed_back: Uint128,
    /// Who holds the draft now.
    pub holder: Addr,
    /// Hops endorsed so far (the next hop's index).
    pub endorsed: u32,
    pub hops: Vec<Hop>,
    pub final_recipients: Vec<Addr>,
    pub issued_at: u64,
    pub expires_at: u64,
    pub status: DraftStatus,
    /// Block time of expiry or cancellation.
    pub closed_at: Option<u64>,
    pub counts: ReconciliationCounts,
    /// Events of this draft in its project's history.
    pub events: u32,
}

/// A hop of a draft (draft id and hop index).
#[cw_serde]
#[derive(Copy, Eq)]
pub struct HopRef {
    pub draft_id: u64,
    pub hop: u32,
}

/// A transfer as a bank operator posted it.
#[cw_serde]
pub struct BankRecord {
    pub serial: String,
    /// The draft the record belongs to; only an endorsement of this draft matches it.
    pub draft_id: u64,
    pub payer: Addr,
    pub payee: Addr,
    pub amount: Uint128,
    /// Booking time at the bank.
    pub time: u64,
    pub operator: Addr,
    /// Block time of posting.
    pub posted_at: u64,
    /// The endorsement it was matched with, once there is one.
    pub matched: Option<HopRef>,
}

/// Why a draft's remainder went back.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum ClawbackReason {
    Expired,
    Cancelled,
    /// The draft's holder was blacklisted (`Clawback`).
    HolderBlacklisted,
}
