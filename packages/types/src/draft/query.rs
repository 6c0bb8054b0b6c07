//! Queries and their responses.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::{Addr, Uint128};

use super::{
    BankRecord, Disagreement, Draft, DraftRole, Event, Project, ProjectStatus, ReconciliationCounts,
};

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
