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

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::{Addr, HexBinary, Uint128};
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

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// Whether the contract is paused, since when, by whom and why.
    #[returns(crate::emergency::PauseStatus)]
    PauseStatus {},
    /// The contract's wiring, approval levels and veto window.
    #[returns(ConfigResponse)]
    Config {},
    /// Running totals over every draft: locked, released, clawed back.
    #[returns(TotalsResponse)]
    Totals {},
    /// An address's draft roles (empty when it has none).
    #[returns(RolesResponse)]
    Roles { address: String },
    /// Addresses holding draft roles, in address order.
    #[returns(MembersResponse)]
    Members {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// One project with its stages.
    #[returns(Project)]
    Project { project_id: u64 },
    /// Projects in id order, optionally only those with `status`.
    #[returns(ProjectsResponse)]
    Projects {
        status: Option<ProjectStatus>,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// One draft: who holds it, its hops with their reconciliation, its amounts.
    #[returns(Draft)]
    Draft { draft_id: u64 },
    /// Drafts in id order.
    #[returns(DraftsResponse)]
    Drafts {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// Drafts an address holds now, in id order (a delivered or closed draft stays with its
    /// last holder).
    #[returns(DraftsResponse)]
    DraftsByHolder {
        holder: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A draft's hops by reconciliation state.
    #[returns(ReconciliationResponse)]
    Reconciliation { draft_id: u64 },
    /// Drafts with open discrepancies (hops missing a bank record or disagreeing with it), in
    /// id order.
    #[returns(DiscrepanciesResponse)]
    Discrepancies {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A bank record by serial number.
    #[returns(BankRecord)]
    BankRecord { serial: String },
    /// Bank records in serial order.
    #[returns(BankRecordsResponse)]
    BankRecords {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// Bank records no endorsement has claimed yet, in serial order.
    #[returns(BankRecordsResponse)]
    UnmatchedBankRecords {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// A project's history in order (every application, approval, endorsement, bank record,
    /// progress report and clawback, with block times); `start_after` is a `seq`.
    #[returns(HistoryResponse)]
    ProjectHistory {
        project_id: u64,
        start_after: Option<u32>,
        limit: Option<u32>,
    },
    /// The events of one draft in order; `start_after` is a `draft_seq`.
    #[returns(HistoryResponse)]
    DraftHistory {
        draft_id: u64,
        start_after: Option<u32>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub admin_contract: Addr,
    pub fund_token: Addr,
    pub approval_levels: Vec<String>,
    pub veto_window_seconds: u64,
}

/// Running totals over every draft. Always `issued = locked + released + clawed_back`.
#[cw_serde]
#[derive(Default)]
pub struct TotalsResponse {
    /// Locked by issuing, all time.
    pub issued: Uint128,
    /// Locked now.
    pub locked: Uint128,
    pub released: Uint128,
    pub clawed_back: Uint128,
    pub projects: u64,
    pub drafts: u64,
}

#[cw_serde]
pub struct RolesResponse {
    pub address: Addr,
    pub roles: Vec<DraftRole>,
}

#[cw_serde]
pub struct MembersResponse {
    pub members: Vec<RolesResponse>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct ProjectsResponse {
    pub projects: Vec<Project>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct DraftsResponse {
    pub drafts: Vec<Draft>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

/// A hop whose bank record disagrees.
#[cw_serde]
pub struct HopMismatch {
    pub hop: u32,
    pub serial: String,
    pub disagreements: Vec<Disagreement>,
}

#[cw_serde]
pub struct ReconciliationResponse {
    pub draft_id: u64,
    pub project_id: u64,
    pub counts: ReconciliationCounts,
    /// Hop indexes whose bank record agrees.
    pub reconciled: Vec<u32>,
    /// Hop indexes endorsed without a bank record yet.
    pub missing: Vec<u32>,
    pub mismatches: Vec<HopMismatch>,
}

#[cw_serde]
pub struct DiscrepanciesResponse {
    pub drafts: Vec<ReconciliationResponse>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct BankRecordsResponse {
    pub records: Vec<BankRecord>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct HistoryResponse {
    pub events: Vec<Event>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct MigrateMsg {}

/// Stable error codes of the draft contract (see [`crate::error_code`]). Refusals every
/// contract shares (pause, blacklist, suspension, migration) carry `common.*` codes.
pub mod codes {
    /// A multiplication of an amount by a share overflowed.
    pub const RATIO_OVERFLOW: &str = "draft.ratio_overflow";
    /// Instantiation with a number of approval levels outside 1..=5.
    pub const INVALID_APPROVAL_LEVELS: &str = "draft.invalid_approval_levels";
    /// Instantiation with a veto window outside the allowed range.
    pub const INVALID_VETO_WINDOW: &str = "draft.invalid_veto_window";
    /// The fund token given at instantiation does not answer as a cw20.
    pub const NOT_A_FUND_TOKEN: &str = "draft.not_a_fund_token";
    /// Only the registry's administrator may do this.
    pub const NOT_REGISTRY_ADMIN: &str = "draft.not_registry_admin";
    /// Only a bank operator posts bank records.
    pub const NOT_BANK_OPERATOR: &str = "draft.not_bank_operator";
    /// The address lacks the draft role needed.
    pub const MISSING_ROLE: &str = "draft.missing_role";
    /// The sender is not an approver at any level.
    pub const NOT_APPROVER: &str = "draft.not_approver";
    /// The sender is not an approver at the level whose turn it is.
    pub const WRONG_APPROVAL_LEVEL: &str = "draft.wrong_approval_level";
    /// Only a level above the last approval may veto it.
    pub const NOT_HIGHER_APPROVER: &str = "draft.not_higher_approver";
    /// Only the project's applicant may do this.
    pub const NOT_PROJECT_APPLICANT: &str = "draft.not_project_applicant";
    /// Only the project's implementing unit reports progress.
    pub const NOT_PROJECT_UNIT: &str = "draft.not_project_unit";
    /// Only the draft's current holder endorses it.
    pub const NOT_CURRENT_HOLDER: &str = "draft.not_current_holder";
    /// Only the draft's own issuer (or the registry's administrator) may cancel or claw back.
    pub const NOT_DRAFT_ISSUER: &str = "draft.not_draft_issuer";
    /// Tokens came from another token than the fund token.
    pub const WRONG_TOKEN: &str = "draft.wrong_token";
    /// A required text is empty.
    pub const EMPTY_TEXT: &str = "draft.empty_text";
    /// A text is too long.
    pub const TEXT_TOO_LONG: &str = "draft.text_too_long";
    /// A serial number contains whitespace or control characters.
    pub const INVALID_SERIAL: &str = "draft.invalid_serial";
    /// A role names an approval level that does not exist.
    pub const UNKNOWN_APPROVAL_LEVEL: &str = "draft.unknown_approval_level";
    /// An amount must be more than zero.
    pub const ZERO_AMOUNT: &str = "draft.zero_amount";
    /// A funding plan with too few or too many stages.
    pub const INVALID_STAGE_COUNT: &str = "draft.invalid_stage_count";
    /// The stages do not add up to the budget.
    pub const BUDGET_MISMATCH: &str = "draft.budget_mismatch";
    /// The project ends before it starts.
    pub const INVALID_DATES: &str = "draft.invalid_dates";
    /// No such project.
    pub const PROJECT_NOT_FOUND: &str = "draft.project_not_found";
    /// No such stage.
    pub const STAGE_NOT_FOUND: &str = "draft.stage_not_found";
    /// No such draft.
    pub const DRAFT_NOT_FOUND: &str = "draft.draft_not_found";
    /// No bank record with that serial.
    pub const BANK_RECORD_NOT_FOUND: &str = "draft.bank_record_not_found";
    /// The stage is not the project's current one.
    pub const NOT_CURRENT_STAGE: &str = "draft.not_current_stage";
    /// The stage does not await approval.
    pub const STAGE_NOT_PENDING: &str = "draft.stage_not_pending";
    /// Nothing has been approved yet, so nothing can be vetoed.
    pub const NOTHING_TO_VETO: &str = "draft.nothing_to_veto";
    /// The veto window has closed.
    pub const VETO_WINDOW_CLOSED: &str = "draft.veto_window_closed";
    /// The stage is not approved for issue.
    pub const STAGE_NOT_APPROVED: &str = "draft.stage_not_approved";
    /// The tokens sent are not the stage's amount.
    pub const AMOUNT_MISMATCH: &str = "draft.amount_mismatch";
    /// A draft with too few or too many hops.
    pub const INVALID_HOP_COUNT: &str = "draft.invalid_hop_count";
    /// The hops' shares add up to more than the whole.
    pub const SHARES_EXCEED_WHOLE: &str = "draft.shares_exceed_whole";
    /// The hops' shares add up to nothing.
    pub const NO_SHARES: &str = "draft.no_shares";
    /// An address appears twice in a draft's chain.
    pub const DUPLICATE_HOLDER: &str = "draft.duplicate_holder";
    /// Too few or too many allowed final recipients.
    pub const INVALID_FINAL_RECIPIENT_COUNT: &str = "draft.invalid_final_recipient_count";
    /// The last holder is not an allowed final recipient.
    pub const FINAL_HOLDER_NOT_ALLOWED: &str = "draft.final_holder_not_allowed";
    /// The expiry is not in the future.
    pub const EXPIRY_NOT_IN_FUTURE: &str = "draft.expiry_not_in_future";
    /// The draft is not active (delivered or closed).
    pub const DRAFT_NOT_ACTIVE: &str = "draft.draft_not_active";
    /// The draft has expired.
    pub const DRAFT_EXPIRED: &str = "draft.draft_expired";
    /// The draft must go to the next holder of its plan.
    pub const NOT_NEXT_HOLDER: &str = "draft.not_next_holder";
    /// The serial number was already endorsed on this draft.
    pub const SERIAL_USED: &str = "draft.serial_used";
    /// The bank posted this serial for another draft; it cannot be endorsed on this one.
    pub const SERIAL_OF_ANOTHER_DRAFT: &str = "draft.serial_of_another_draft";
    /// A release would exceed what the draft locks.
    pub const EXCEEDS_LOCKED: &str = "draft.exceeds_locked";
    /// Too few or too many bank records in one message.
    pub const INVALID_RECORD_COUNT: &str = "draft.invalid_record_count";
    /// A bank record with that serial was already posted.
    pub const BANK_RECORD_EXISTS: &str = "draft.bank_record_exists";
    /// A serial appears twice in one batch.
    pub const DUPLICATE_SERIAL: &str = "draft.duplicate_serial";
    /// A bank record is dated after the block time.
    pub const BANK_RECORD_IN_FUTURE: &str = "draft.bank_record_in_future";
    /// The stage is not in progress.
    pub const STAGE_NOT_IN_PROGRESS: &str = "draft.stage_not_in_progress";
    /// Progress above 100%.
    pub const PERCENT_OUT_OF_RANGE: &str = "draft.percent_out_of_range";
    /// Progress may not go backwards.
    pub const PROGRESS_BACKWARDS: &str = "draft.progress_backwards";
    /// The evidence hash is not 32 bytes.
    pub const EVIDENCE_HASH_LENGTH: &str = "draft.evidence_hash_length";
    /// The current stage is not complete yet.
    pub const PREVIOUS_STAGE_NOT_COMPLETED: &str = "draft.previous_stage_not_completed";
    /// The project has no stage left.
    pub const NO_STAGE_LEFT: &str = "draft.no_stage_left";
    /// The draft has not expired yet.
    pub const NOT_YET_EXPIRED: &str = "draft.not_yet_expired";
    /// The draft is already closed.
    pub const DRAFT_CLOSED: &str = "draft.draft_closed";
    /// The draft locks nothing; there is nothing to return.
    pub const NOTHING_TO_RETURN: &str = "draft.nothing_to_return";
    /// A clawback while the draft's holder is not blacklisted.
    pub const HOLDER_NOT_BLACKLISTED: &str = "draft.holder_not_blacklisted";
}
