//! The county office's side: applying for a project, applying for its next stage, and giving
//! its opinion.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::draft::{
    Application, DraftRole, EventKind, Project, ProjectStatus, Stage, StageStatus,
};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::{count_one_more, stage_response};
use crate::records::{
    Journal, Party, StageNeed, current_stage, ensure_stage, project_of, stage, stage_mut,
};
use crate::roles::ensure_role;
use crate::state::{LAST_PROJECT_ID, TOTALS, increment, next_id};
use crate::validate;

/// Applicant: records a project and sends its first stage to approval.
pub fn apply(deps: DepsMut, env: Env, info: MessageInfo, app: Application) -> ContractResult {
    nonpayable(&info)?;
    ensure_role(deps.storage, &info.sender, DraftRole::Applicant)?;
    validate::application(&app)?;
    let unit = deps.api.addr_validate(&app.implementing_unit)?;
    ensure_role(deps.storage, &unit, DraftRole::ImplementingUnit)?;

    let now = env.block.time.seconds();
    let id = next_id(deps.storage, &LAST_PROJECT_ID)?;
    let stages: Vec<Stage> = app
        .stages
        .iter()
        .zip(1u32..)
        .map(|(plan, number)| Stage {
            number,
            amount: plan.amount,
            purpose: plan.purpose.clone(),
            status: if number == 1 {
                StageStatus::PendingApproval
            } else {
                StageStatus::Planned
            },
            approvals: vec![],
            applied_at: (number == 1).then_some(now),
            draft_id: None,
            progress: 0,
        })
        .collect();
    let first_amount = stages.first().map(|stage| stage.amount).unwrap_or_default();
    let stage_count = stages.len();
    let mut project = Project {
        id,
        applicant: info.sender.clone(),
        name: app.name,
        project_type: app.project_type,
        department: app.department,
        budget: app.budget,
        description: app.description,
        implementing_unit: unit.clone(),
        unit_qualifications: app.unit_qualifications,
        start_date: app.start_date,
        end_date: app.end_date,
        stages,
        current_stage: 1,
        status: ProjectStatus::PendingApproval,
        applied_at: now,
        events: 0,
    };
    let mut totals = TOTALS.load(deps.storage)?;
    totals.projects = count_one_more(totals.projects)?;
    let mut journal = Journal::new(&env, &info.sender);
    journal.push(EventKind::Applied {
        stage: 1,
        amount: first_amount,
    });
    journal.save_new_project(deps.storage, &mut project)?;
    TOTALS.save(deps.storage, &totals)?;
    Ok(Response::new()
        .add_attribute("action", "apply")
        .add_attribute("project_id", id.to_string())
        .add_attribute("applicant", info.sender)
        .add_attribute("implementing_unit", unit)
        .add_attribute("budget", project.budget)
        .add_attribute("stages", stage_count.to_string()))
}

/// The project's applicant: applies for the next planned stage once the current one is
/// complete.
pub fn apply_next_stage(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    project_id: u64,
    note: String,
) -> ContractResult {
    nonpayable(&info)?;
    let mut project = project_of(deps.storage, project_id, Party::Applicant, &info.sender)?;
    ensure_stage(&project, current_stage(&project)?, StageNeed::Completed)?;
    let number = increment(project.current_stage)?;
    if stage(&project, number).is_err() {
        return Err(ContractError::NoStageLeft { project_id });
    }
    validate::long_text(&note, "note")?;

    project.current_stage = number;
    let stage = stage_mut(&mut project, number)?;
    stage.status = StageStatus::PendingApproval;
    stage.applied_at = Some(env.block.time.seconds());
    let amount = stage.amount;
    let mut journal = Journal::new(&env, &info.sender);
    journal.push(EventKind::StageApplied {
        stage: number,
        amount,
        note,
    });
    journal.save_project(deps.storage, &mut project)?;
    Ok(stage_response("apply_next_stage", project_id, number).add_attribute("amount", amount))
}

/// The project's applicant (county office): records its opinion on the stage in play.
pub fn add_opinion(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    project_id: u64,
    text: String,
) -> ContractResult {
    nonpayable(&info)?;
    let mut project = project_of(deps.storage, project_id, Party::Applicant, &info.sender)?;
    validate::long_text(&text, "opinion")?;

    let stage = project.current_stage;
    let mut journal = Journal::new(&env, &info.sender);
    journal.push(EventKind::Opinion { stage, text });
    journal.save_project(deps.storage, &mut project)?;
    Ok(stage_response("add_opinion", project_id, stage)
        .add_attribute("seq", project.events.to_string()))
}
