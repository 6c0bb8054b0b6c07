//! Progress of an issued stage, reported by the project's implementing unit.
//!
//! Percentages never go down; 100 completes the stage, after which the county office may
//! apply for the next one (or the project is complete after its last stage).

use cosmwasm_std::{DepsMut, Env, HexBinary, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::draft::{EventKind, StageStatus};

use crate::ContractError;
use crate::records::{current_stage, load_project, record, save_project, stage_mut};
use crate::validate;

/// The project's implementing unit: reports progress on the issued stage.
pub fn report_progress(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    project_id: u64,
    percent: u8,
    text: String,
    evidence: HexBinary,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let mut project = load_project(deps.storage, project_id)?;
    if info.sender != project.implementing_unit {
        return Err(ContractError::NotProjectUnit {
            project_id,
            unit: project.implementing_unit,
            sender: info.sender,
        });
    }
    let stage = current_stage(&project)?;
    if stage.status != StageStatus::Issued {
        return Err(ContractError::StageNotInProgress {
            project_id,
            stage: stage.number,
            status: stage.status.as_str().to_string(),
        });
    }
    validate::percent(percent)?;
    if percent < stage.progress {
        return Err(ContractError::ProgressBackwards {
            project_id,
            stage: stage.number,
            previous: stage.progress,
            percent,
        });
    }
    validate::long_text(&text, "progress text")?;
    validate::evidence(&evidence)?;

    let stored = project.status;
    let number = stage.number;
    let stage = stage_mut(&mut project, number)?;
    stage.progress = percent;
    let completed = percent == 100;
    if completed {
        stage.status = StageStatus::Completed;
    }
    record(
        deps.storage,
        &env,
        &mut project,
        None,
        &info.sender,
        EventKind::Progress {
            stage: number,
            percent,
            text,
            evidence: evidence.clone(),
        },
    )?;
    if completed {
        record(
            deps.storage,
            &env,
            &mut project,
            None,
            &info.sender,
            EventKind::StageCompleted { stage: number },
        )?;
    }
    save_project(deps.storage, &mut project, Some(stored))?;
    Ok(Response::new()
        .add_attribute("action", "report_progress")
        .add_attribute("project_id", project_id.to_string())
        .add_attribute("stage", number.to_string())
        .add_attribute("percent", percent.to_string())
        .add_attribute("evidence", evidence.to_hex())
        .add_attribute("project_status", project.status.as_str()))
}
