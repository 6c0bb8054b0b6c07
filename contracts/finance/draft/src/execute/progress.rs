//! Progress of an issued stage, reported by the project's implementing unit.
//!
//! Percentages never go down; 100 completes the stage, after which the county office may
//! apply for the next one (or the project is complete after its last stage).

use cosmwasm_std::{DepsMut, Env, HexBinary, MessageInfo};
use cw_utils::nonpayable;
use ledger_types::draft::{EventKind, StageStatus};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::stage_response;
use crate::records::{
    Journal, Party, StageNeed, current_stage, ensure_stage, project_of, stage_mut,
};
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
) -> ContractResult {
    nonpayable(&info)?;
    let mut project = project_of(deps.storage, project_id, Party::Unit, &info.sender)?;
    let stage = current_stage(&project)?;
    ensure_stage(&project, stage, StageNeed::Issued)?;
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

    let number = stage.number;
    let stage = stage_mut(&mut project, number)?;
    stage.progress = percent;
    let mut journal = Journal::new(&env, &info.sender);
    journal.push(EventKind::Progress {
        stage: number,
        percent,
        text,
        evidence: evidence.clone(),
    });
    if percent == 100 {
        stage.status = StageStatus::Completed;
        journal.push(EventKind::StageCompleted { stage: number });
    }
    journal.save_project(deps.storage, &mut project)?;
    Ok(stage_response("report_progress", project_id, number)
        .add_attribute("percent", percent.to_string())
        .add_attribute("evidence", evidence.to_hex())
        .add_attribute("project_status", project.status.as_str()))
}
