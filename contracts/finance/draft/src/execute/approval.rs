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

use cosmwasm_std::{DepsMut, Env, MessageInfo, OverflowError, OverflowOperation, Response};
use cw_utils::nonpayable;
use ledger_types::draft::{Approval, EventKind, StageStatus};

use crate::ContractError;
use crate::records::{ensure_current_stage, load_project, record, save_project, stage_mut};
use crate::roles::ensure_approver;
use crate::state::CONFIG;
use crate::validate;

/// Approver at the stage's next level: approves it.
pub fn approve(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    project_id: u64,
    stage: u32,
    comment: String,
) -> Result<Response, ContractError> {
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
) -> Result<Response, ContractError> {
    decide(deps, env, info, project_id, stage, comment, false)
}

fn decide(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    project_id: u64,
    number: u32,
    comment: String,
    approve: bool,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let levels_held = ensure_approver(deps.storage, &info.sender)?;
    let config = CONFIG.load(deps.storage)?;
    let mut project = load_project(deps.storage, project_id)?;
    let stage = ensure_current_stage(&project, number)?;
    if stage.status != StageStatus::PendingApproval {
        return Err(ContractError::StageNotPending {
            project_id,
            stage: number,
            status: stage.status.as_str().to_string(),
        });
    }
    let level = u8::try_from(stage.approvals.len())
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

    let stored = project.status;
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
    record(deps.storage, &env, &mut project, None, &info.sender, kind)?;
    save_project(deps.storage, &mut project, Some(stored))?;
    Ok(Response::new()
        .add_attribute("action", if approve { "approve" } else { "reject" })
        .add_attribute("project_id", project_id.to_string())
        .add_attribute("stage", number.to_string())
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
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let levels_held = ensure_approver(deps.storage, &info.sender)?;
    let config = CONFIG.load(deps.storage)?;
    let mut project = load_project(deps.storage, project_id)?;
    let stage = ensure_current_stage(&project, number)?;
    if stage.status != StageStatus::PendingApproval {
        return Err(ContractError::StageNotPending {
            project_id,
            stage: number,
            status: stage.status.as_str().to_string(),
        });
    }
    let Some(last) = stage.approvals.last() else {
        return Err(ContractError::NothingToVeto {
            project_id,
            stage: number,
        });
    };
    let vetoed_level = last.level;
    // The highest level the sender holds above the one that approved last.
    let Some(level) = levels_held
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
        .checked_add(config.veto_window_seconds)
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

    let stored = project.status;
    stage_mut(&mut project, number)?.status = StageStatus::Rejected;
    record(
        deps.storage,
        &env,
        &mut project,
        None,
        &info.sender,
        EventKind::Vetoed {
            stage: number,
            level,
            vetoed_level,
            comment,
        },
    )?;
    save_project(deps.storage, &mut project, Some(stored))?;
    Ok(Response::new()
        .add_attribute("action", "veto")
        .add_attribute("project_id", project_id.to_string())
        .add_attribute("stage", number.to_string())
        .add_attribute("level", level.to_string())
        .add_attribute("vetoed_level", vetoed_level.to_string())
        .add_attribute("approver", info.sender))
}
