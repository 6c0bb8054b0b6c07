//! The draft contract: digital drafts for earmarked public funds.
//!
//! A county office applies for a project with a funding plan of stages; each stage is approved
//! through ordered levels (a higher level may veto a lower level's approval within a window);
//! the provincial office issues a draft for an approved stage by sending the stage's amount of
//! the fund token (cw20) to the contract, which locks it. The draft then travels down a fixed
//! chain of holders: each holder endorses it to the next, naming the bank transfer's serial
//! number, and the hop's share is released to the new holder. Banks post the transfers they
//! see; each is matched with the endorsement carrying the same serial, so that a missing or
//! disagreeing bank record shows at once. The implementing unit reports progress; the next
//! stage may be applied for once the current one is complete. An expired or cancelled draft
//! returns what it still locks to its issuer.
//!
//! Money is integer minor units of the fund token; times are unix seconds; shares are whole
//! basis points (10000 = the whole).

mod query;
mod stored;

pub mod codes;

pub use query::*;
pub use stored::*;

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{HexBinary, Uint128};
use cw20::Cw20ReceiveMsg;

/// The whole, in basis points.
pub const BPS_WHOLE: u32 = 10_000;
/// Most approval levels a contract may have.
pub const MAX_APPROVAL_LEVELS: usize = 5;
/// Longest veto window, seconds (one year).
pub const MAX_VETO_WINDOW: u64 = 365 * 86_400;
/// Most stages in a project's funding plan.
pub const MAX_STAGES: usize = 10;
/// Most hops in a draft's chain of holders.
pub const MAX_HOPS: usize = 10;
/// Most bank records one `PostBankRecords` may carry.
pub const MAX_BANK_RECORDS: usize = 50;
/// Longest name, type, department, level name, holder label or serial number, in characters.
pub const MAX_SHORT_TEXT: usize = 128;
/// Longest description, qualifications, comment, opinion, progress text or reason.
pub const MAX_LONG_TEXT: usize = 1_000;
/// Length of a progress report's evidence hash (SHA-256), bytes.
pub const EVIDENCE_HASH_LEN: usize = 32;

/// What an address may do in the draft contract. Roles are kept by this contract and set by
/// the registry's administrator; bank operators come from the admin registry itself.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum DraftRole {
    /// Provincial office: issues drafts; cancels or claws back its own drafts.
    Issuer,
    /// County office: applies for projects and stages, and gives its opinion on progress.
    Applicant,
    /// Approves, rejects or vetoes at one approval level (an index into the configured levels,
    /// lowest first).
    Approver { level: u8 },
    /// May be named as an implementing unit; reports progress on its projects.
    ImplementingUnit,
    /// May be a holder in a draft's chain (a finance department, bank, fund, or final
    /// recipient).
    Holder,
}

impl DraftRole {
    /// The role's name as it appears in events: `approver:<level>` for approvers.
    pub fn name(&self) -> String {
        match self {
            DraftRole::Issuer => "issuer".to_string(),
            DraftRole::Applicant => "applicant".to_string(),
            DraftRole::Approver { level } => format!("approver:{level}"),
            DraftRole::ImplementingUnit => "implementing_unit".to_string(),
            DraftRole::Holder => "holder".to_string(),
        }
    }
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The admin contract (registry): its administrator manages draft roles and its bank
    /// operators post bank records.
    pub admin_contract: String,
    /// The cw20 fund token drafts lock and release.
    pub fund_token: String,
    /// Names of the approval levels, lowest first (for example county finance, then the
    /// provincial office); 1 to [`MAX_APPROVAL_LEVELS`].
    pub approval_levels: Vec<String>,
    /// How long after a level approves a higher level may still veto, seconds
    /// (1 to [`MAX_VETO_WINDOW`]): a veto is accepted while the block time is before the
    /// approval's time plus the window.
    pub veto_window_seconds: u64,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// The fund token's `Send` hook; carries a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Registry administrator: replaces an address's draft roles (an empty list removes them).
    SetRoles {
        address: String,
        roles: Vec<DraftRole>,
    },
    /// Applicant: applies for a project; its first stage goes to approval at once.
    Apply(Application),
    /// Approver at the stage's next level: approves it. After the last level it may be issued.
    Approve {
        project_id: u64,
        stage: u32,
        comment: String,
    },
    /// Approver at the stage's next level: rejects it, which stops the project.
    Reject {
        project_id: u64,
        stage: u32,
        comment: String,
    },
    /// Approver at a level above the one that approved last: overturns that approval within
    /// the veto window, which rejects the stage and stops the project.
    Veto {
        project_id: u64,
        stage: u32,
        comment: String,
    },
    /// The project's applicant: applies for the next planned stage once the current one is
    /// complete.
    ApplyNextStage { project_id: u64, note: String },
    /// The draft's current holder: passes it to the next holder of the plan, naming the bank
    /// transfer's serial number; releases the hop's share to the new holder.
    Endorse {
        draft_id: u64,
        to: String,
        serial: String,
    },
    /// Bank operator: posts transfers seen by the bank; each is matched with the endorsement
    /// of the same serial number, whichever comes first. At most [`MAX_BANK_RECORDS`].
    PostBankRecords { records: Vec<BankRecordInput> },
    /// The project's implementing unit: reports progress on the issued stage. 100 completes
    /// the stage.
    ReportProgress {
        project_id: u64,
        /// 0 to 100, never below the previous report.
        percent: u8,
        text: String,
        /// SHA-256 of the evidence kept off chain, 32 bytes in hex.
        evidence: HexBinary,
    },
    /// The project's applicant (county office): records its opinion.
    AddOpinion { project_id: u64, text: String },
    /// The draft's own issuer (or the registry's administrator): cancels it; what it still
    /// locks returns to its issuer.
    Cancel { draft_id: u64, reason: String },
    /// Anyone, once a draft has expired: returns what it still locks to its issuer.
    Expire { draft_id: u64 },
    /// The draft's own issuer (or the registry's administrator), while the draft's holder is
    /// blacklisted: ends the draft and returns what it still locks to its issuer. What was
    /// already released stays where it is (the settlement token holds it).
    Clawback { draft_id: u64, reason: String },
    /// Guardian or the registry's administrator: stops every message that moves value or
    /// changes records at once (see [`crate::emergency`]).
    Pause { reason: String },
    /// The registry's administrator: resumes the contract.
    Unpause {},
}

/// What the fund token's `Send` to the draft contract is for.
#[cw_serde]
pub enum ReceiveMsg {
    /// Issuer: issues a draft for an approved stage, locking the tokens sent (exactly the
    /// stage's amount).
    IssueDraft(DraftTerms),
}

/// The rules a draft carries.
#[cw_serde]
pub struct DraftTerms {
    pub project_id: u64,
    pub stage: u32,
    /// The chain of holders after the issuer, in order; 1 to [`MAX_HOPS`], all distinct.
    pub hops: Vec<HopPlan>,
    /// Addresses the draft may end with; the last hop's holder must be one of them.
    pub final_recipients: Vec<String>,
    /// After this time (unix seconds) nothing can be endorsed and anyone may return what is
    /// still locked to the issuer.
    pub expires_at: u64,
}

/// One hop of a draft's plan: the holder it reaches and the share released to that holder.
#[cw_serde]
pub struct HopPlan {
    /// A holder (draft role `Holder`).
    pub holder: String,
    /// What the holder is in the chain (for example "commercial bank").
    pub label: String,
    /// Share of the draft's amount released to the holder when the draft reaches it, basis
    /// points. The shares of all hops add up to at least 1 and at most 10000; when they add
    /// up to 10000 the last hop releases everything still locked, otherwise the remainder
    /// returns to the issuer at expiry or cancellation.
    pub release_bps: u16,
}

/// A project application.
#[cw_serde]
pub struct Application {
    pub name: String,
    pub project_type: String,
    /// The county department responsible.
    pub department: String,
    /// Minor units; equals the sum of the stages' amounts.
    pub budget: Uint128,
    pub description: String,
    /// Holds the draft role `ImplementingUnit`; reports progress.
    pub implementing_unit: String,
    pub unit_qualifications: String,
    /// Unix seconds; before `end_date`.
    pub start_date: u64,
    pub end_date: u64,
    /// The funding plan: 1 to [`MAX_STAGES`] stages.
    pub stages: Vec<StagePlan>,
}

#[cw_serde]
pub struct StagePlan {
    /// Minor units, more than zero.
    pub amount: Uint128,
    pub purpose: String,
}

/// A transfer as the bank booked it.
#[cw_serde]
pub struct BankRecordInput {
    /// The bank transfer's serial number, as entered with the endorsement.
    pub serial: String,
    /// The draft the transfer belongs to: the record matches only an endorsement of this
    /// draft, so a serial posted for one draft can never be claimed by another.
    pub draft_id: u64,
    pub payer: String,
    pub payee: String,
    pub amount: Uint128,
    /// Booking time at the bank, unix seconds; not after the block time.
    pub time: u64,
}

#[cw_serde]
pub struct MigrateMsg {}
