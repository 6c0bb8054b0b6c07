//! A project and its funding plan of stages, with their approvals.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};

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
