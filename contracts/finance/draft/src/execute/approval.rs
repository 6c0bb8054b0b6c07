//! Approval of a stage through ordered levels.
//!
//! The levels decide in order, lowest first: the next level to decide is the number of
//! approvals so far. An approver at that level approves or rejects, with a comment. After the
//! last level's approval the stage is approved and may be issued; a rejection stops the
//! project.
//!
//! A veto lets a higher level stop a stage without waiting for its turn: an approver at any
//! level above the one that approved last may overturn that approval while the veto window is
//! open (block time before the approval's time plus the window), which rejects the stage. Once the window has closed,
//! the approval stands and the higher level decides only when its turn comes. The last level's
//! approval has no level above it, so an approved stage cannot be vetoed.

use cosmwasm_std::{DepsMut, Env, MessageInfo, OverflowError, OverflowOperation, Storage};
use cw_utils::nonpayable;
use ledger_types::draft::{Approval, EventKind, Project, StageStatus};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::stage_response;
use crate::records::{
    Journal, StageNeed, ensure_current_stage, ensure_stage, load_project, stage, stage_mut,
};
use crate::roles::ensure_approver;
use crate::state::{CONFIG, Config};
use crate::validate;

/// Approver at the stage's next level: approves it.
pub fn approve(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    project_id: u64,
    stage: u32,
    comment: String,
) -> ContractResult {
    decide(deps, env, info, project_id, stage, comment, true)
}

/// Approver at the stage's next level: rejects it.
pub fn reject(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    project_id: u64,
    stage: u32,
    comment: String,
) -> ContractResult {
    decide(deps, env, info, project_id, stage, comment, false)
}

/// What deciding on or vetoing stage `number` starts from: the levels the sender holds, the
/// configuration, and the project, whose stage in play `number` must be, pending approval.
struct PendingStage {
    levels_held: Vec<u8>,
    config: Config,
    project: Project,
}

fn pending_stage(
    storage: &dyn Storage,
    info: &MessageInfo,
    project_id: u64,
    number: u32,
) -> ContractResult<PendingStage> {
    nonpayable(info)?;
    let levels_held = ensure_approver(storage, &info.sender)?;
    let config = CONFIG.load(storage)?;
    let project = load_project(storage, project_id)?;
    ensure_stage(
        &project,
        ensure_current_stage(&project, number)?,
        StageNeed::PendingApproval,
    )?;
    Ok(PendingStage {
        levels_held,
        config,
        project,
    })
}

fn decide(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    project_id: u64,
    number: u32,
    comment: String,
    approve: bool,
) -> ContractResult {
    let PendingStage {
        levels_held,
        config,
        mut project,
    } = pending_stage(deps.storage, &info, project_id, number)?;
    let level = u8::try_from(stage(&project, number)?.approvals.len())
        .map_err(|_| OverflowError::new(OverflowOperation::Add))?;
    if !levels_held.contains(&level) {
        return Err(ContractError::WrongApprovalLevel {
            project_id,
            stage: number,
            level,
            level_name: config
                .approval_levels
                .get(usize::from(level))
                .cloned()
                .unwrap_or_default(),
            sender: info.sender,
        });
    }
    validate::long_text(&comment, "comment")?;

    let now = env.block.time.seconds();
    let stage = stage_mut(&mut project, number)?;
    let kind = if approve {
        stage.approvals.push(Approval {
            level,
            approver: info.sender.clone(),
            comment: comment.clone(),
            at: now,
        });
        if stage.approvals.len() >= config.approval_levels.len() {
            stage.status = StageStatus::Approved;
        }
        EventKind::Approved {
            stage: number,
            level,
            comment,
        }
    } else {
        stage.status = StageStatus::Rejected;
        EventKind::Rejected {
            stage: number,
            level,
            comment,
        }
    };
    let status = stage.status;
    let mut journal = Journal::new(&env, &info.sender);
    journal.push(kind);
    journal.save_project(deps.storage, &mut project)?;
    let action = if approve { "approve" } else { "reject" };
    Ok(stage_response(action, project_id, number)
        .add_attribute("level", level.to_string())
        .add_attribute("approver", info.sender)
        .add_attribute("stage_status", status.as_str()))
}

/// Approver above the level that approved last: overturns that approval within the window.
pub fn veto(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    project_id: u64,
    number: u32,
    comment: String,
) -> ContractResult {
    let pending = pending_stage(deps.storage, &info, project_id, number)?;
    let mut project = pending.project;
    let Some(last) = stage(&project, number)?.approvals.last() else {
        return Err(ContractError::NothingToVeto {
            project_id,
            stage: number,
        });
    };
    let vetoed_level = last.level;
    // The highest level the sender holds above the one that approved last.
    let Some(level) = pending
        .levels_held
        .iter()
        .copied()
        .filter(|held| *held > vetoed_level)
        .max()
    else {
        return Err(ContractError::NotHigherApprover {
            project_id,
            stage: number,
            level: vetoed_level,
            sender: info.sender,
        });
    };
    let closed_at = last
        .at
        .checked_add(pending.config.veto_window_seconds)
        .ok_or(OverflowError::new(OverflowOperation::Add))?;
    if env.block.time.seconds() >= closed_at {
        return Err(ContractError::VetoWindowClosed {
            project_id,
            stage: number,
            level: vetoed_level,
            approved_at: last.at,
            closed_at,
        });
    }
    validate::long_text(&comment, "comment")?;

    stage_mut(&mut project, number)?.status = StageStatus::Rejected;
    let mut journal = Journal::new(&env, &info.sender);
    journal.push(EventKind::Vetoed {
        stage: number,
        level,
        vetoed_level,
        comment,
    });
    journal.save_project(deps.storage, &mut project)?;
    Ok(stage_response("veto", project_id, number)
        .add_attribute("level", level.to_string())
        .add_attribute("vetoed_level", vetoed_level.to_string())
        .add_attribute("approver", info.sender))
}
