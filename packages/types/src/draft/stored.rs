//! What the draft contract stores and reports: projects with their stages and approvals,
//! drafts with their hops and reconciliation, bank records, and each project's history.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, HexBinary, Uint128};

// ---------------------------------------------------------------- projects

/// Where a project stands (that of its current stage).
#[cw_serde]
#[derive(Copy, Eq)]
pub enum ProjectStatus {
    /// The current stage awaits approval.
    PendingApproval,
    /// The current stage is approved and may be issued.
    Approved,
    /// A draft is issued for the current stage.
    InProgress,
    /// The current stage is complete; the next one may be applied for.
    AwaitingNextStage,
    /// The last stage is complete.
    Completed,
    /// A stage was rejected or vetoed; the project stops.
    Rejected,
    /// The current stage's draft expired or was cancelled before it was delivered; the project
    /// stops.
    Withdrawn,
}

impl ProjectStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            ProjectStatus::PendingApproval => "pending_approval",
            ProjectStatus::Approved => "approved",
            ProjectStatus::InProgress => "in_progress",
            ProjectStatus::AwaitingNextStage => "awaiting_next_stage",
            ProjectStatus::Completed => "completed",
            ProjectStatus::Rejected => "rejected",
            ProjectStatus::Withdrawn => "withdrawn",
        }
    }
}

/// Where a stage stands.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum StageStatus {
    /// In the plan, not applied for yet.
    Planned,
    PendingApproval,
    Approved,
    Rejected,
    /// A draft is issued for it.
    Issued,
    /// Progress reached 100%.
    Completed,
    /// Its draft expired or was cancelled before delivery.
    Withdrawn,
}

impl StageStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            StageStatus::Planned => "planned",
            StageStatus::PendingApproval => "pending_approval",
            StageStatus::Approved => "approved",
            StageStatus::Rejected => "rejected",
            StageStatus::Issued => "issued",
            StageStatus::Completed => "completed",
            StageStatus::Withdrawn => "withdrawn",
        }
    }
}

/// A level's approval of a stage.
#[cw_serde]
pub struct Approval {
    pub level: u8,
    pub approver: Addr,
    pub comment: String,
    pub at: u64,
}

#[cw_serde]
pub struct Stage {
    /// 1 for the first stage.
    pub number: u32,
    pub amount: Uint128,
    pub purpose: String,
    pub status: StageStatus,
    /// Approvals so far, lowest level first; the next level to decide is their number.
    pub approvals: Vec<Approval>,
    /// When it was applied for.
    pub applied_at: Option<u64>,
    pub draft_id: Option<u64>,
    /// Last reported progress, percent.
    pub progress: u8,
}

#[cw_serde]
pub struct Project {
    pub id: u64,
    /// The county office that applied.
    pub applicant: Addr,
    pub name: String,
    pub project_type: String,
    pub department: String,
    pub budget: Uint128,
    pub description: String,
    pub implementing_unit: Addr,
    pub unit_qualifications: String,
    pub start_date: u64,
    pub end_date: u64,
    pub stages: Vec<Stage>,
    /// The stage in play (1-based).
    pub current_stage: u32,
    pub status: ProjectStatus,
    pub applied_at: u64,
    /// Events in its history.
    pub events: u32,
}

// ---------------------------------------------------------------- drafts

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

// ---------------------------------------------------------------- history

/// Something that happened to a project or one of its drafts.
#[cw_serde]
pub enum EventKind {
    /// The project was applied for, with its first stage.
    Applied {
        stage: u32,
        amount: Uint128,
    },
    /// A later stage was applied for.
    StageApplied {
        stage: u32,
        amount: Uint128,
        note: String,
    },
    Approved {
        stage: u32,
        level: u8,
        comment: String,
    },
    Rejected {
        stage: u32,
        level: u8,
        comment: String,
    },
    /// `level` overturned the approval of `vetoed_level`.
    Vetoed {
        stage: u32,
        level: u8,
        vetoed_level: u8,
        comment: String,
    },
    Issued {
        stage: u32,
        draft_id: u64,
        amount: Uint128,
        expires_at: u64,
    },
    Endorsed {
        draft_id: u64,
        hop: u32,
        from: Addr,
        to: Addr,
        value: Uint128,
        release: Uint128,
        serial: String,
    },
    /// A bank record was matched with an endorsement (whichever came first).
    BankRecordMatched {
        draft_id: u64,
        hop: u32,
        serial: String,
        check: HopCheck,
    },
    /// The last hop was endorsed.
    Delivered {
        draft_id: u64,
    },
    Progress {
        stage: u32,
        percent: u8,
        text: String,
        evidence: HexBinary,
    },
    Opinion {
        stage: u32,
        text: String,
    },
    StageCompleted {
        stage: u32,
    },
    /// What a draft still locked went back to its issuer.
    ClawedBack {
        draft_id: u64,
        amount: Uint128,
        reason: ClawbackReason,
        /// The cancellation's or clawback's reason (empty for expiry).
        note: String,
    },
}

/// One entry of a project's history.
#[cw_serde]
pub struct Event {
    /// Position in the project's history, from 1.
    pub seq: u32,
    pub project_id: u64,
    /// The draft it concerns, if any.
    pub draft_id: Option<u64>,
    /// Position in that draft's own history, from 1 (what `DraftHistory` pages by).
    pub draft_seq: Option<u32>,
    /// Who caused it.
    pub actor: Addr,
    /// Block time and height.
    pub at: u64,
    pub height: u64,
    pub kind: EventKind,
}
