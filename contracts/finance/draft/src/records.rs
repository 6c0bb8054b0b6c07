//! Loading and saving projects and drafts with the indexes that follow them.
//!
//! A project's status is never set by hand: it is derived from its current stage each time the
//! project is saved, and the status index moves with it. A draft's place in the discrepancy
//! index likewise follows its reconciliation counts each time it is saved.

use cosmwasm_std::{Addr, Env, Storage};
use ledger_types::draft::{Draft, Event, EventKind, Project, ProjectStatus, Stage, StageStatus};

use crate::ContractError;
use crate::ContractResult;
use crate::state::{
    DISCREPANCIES, DRAFT_EVENTS, DRAFTS, EVENTS, PROJECTS, PROJECTS_BY_STATUS, increment,
};

pub fn load_project(storage: &dyn Storage, project_id: u64) -> ContractResult<Project> {
    PROJECTS
        .may_load(storage, project_id)?
        .ok_or(ContractError::ProjectNotFound { project_id })
}

/// The party of a project that alone may take an action on it.
#[derive(Clone, Copy)]
pub enum Party {
    /// The county office that applied for it.
    Applicant,
    /// The unit that carries it out.
    Unit,
}

/// Project `project_id`, refused unless `sender` is its `party`.
pub fn project_of(
    storage: &dyn Storage,
    project_id: u64,
    party: Party,
    sender: &Addr,
) -> ContractResult<Project> {
    let project = load_project(storage, project_id)?;
    let sender = sender.clone();
    match party {
        Party::Applicant if project.applicant != sender => {
            Err(ContractError::NotProjectApplicant {
                project_id,
                applicant: project.applicant,
                sender,
            })
        }
        Party::Unit if project.implementing_unit != sender => Err(ContractError::NotProjectUnit {
            project_id,
            unit: project.implementing_unit,
            sender,
        }),
        Party::Applicant | Party::Unit => Ok(project),
    }
}

pub fn load_draft(storage: &dyn Storage, draft_id: u64) -> ContractResult<Draft> {
    DRAFTS
        .may_load(storage, draft_id)?
        .ok_or(ContractError::DraftNotFound { draft_id })
}

/// Position of stage `number` (1-based) in the project's plan.
fn stage_index(project: &Project, number: u32) -> Option<usize> {
    let index = usize::try_from(number.checked_sub(1)?).ok()?;
    (index < project.stages.len()).then_some(index)
}

fn stage_not_found(project: &Project, number: u32) -> ContractError {
    ContractError::StageNotFound {
        project_id: project.id,
        stage: number,
    }
}

/// Stage `number` (1-based).
pub fn stage(project: &Project, number: u32) -> ContractResult<&Stage> {
    stage_index(project, number)
        .and_then(|index| project.stages.get(index))
        .ok_or_else(|| stage_not_found(project, number))
}

/// Stage `number` (1-based), to change it.
pub fn stage_mut(project: &mut Project, number: u32) -> ContractResult<&mut Stage> {
    let not_found = stage_not_found(project, number);
    stage_index(project, number)
        .and_then(|index| project.stages.get_mut(index))
        .ok_or(not_found)
}

/// Stage `number`, which must exist and be the stage in play.
pub fn ensure_current_stage(project: &Project, number: u32) -> ContractResult<&Stage> {
    let found = stage(project, number)?;
    if number != project.current_stage {
        return Err(ContractError::NotCurrentStage {
            project_id: project.id,
            stage: number,
            current: project.current_stage,
        });
    }
    Ok(found)
}

/// The status an action needs of the stage it acts on.
#[derive(Clone, Copy)]
pub enum StageNeed {
    /// Deciding or vetoing.
    PendingApproval,
    /// Issuing a draft.
    Approved,
    /// Reporting progress.
    Issued,
    /// Applying for the next stage (of the stage before it).
    Completed,
}

/// Refuses unless `stage` of `project` has the status `need` names, with the refusal that
/// names what was needed.
pub fn ensure_stage(project: &Project, stage: &Stage, need: StageNeed) -> ContractResult<()> {
    let (expected, refused): (_, fn(u64, u32, String) -> ContractError) = match need {
        StageNeed::PendingApproval => {
            (StageStatus::PendingApproval, |project_id, stage, status| {
                ContractError::StageNotPending {
                    project_id,
                    stage,
                    status,
                }
            })
        }
        StageNeed::Approved => (StageStatus::Approved, |project_id, stage, status| {
            ContractError::StageNotApproved {
                project_id,
                stage,
                status,
            }
        }),
        StageNeed::Issued => (StageStatus::Issued, |project_id, stage, status| {
            ContractError::StageNotInProgress {
                project_id,
                stage,
                status,
            }
        }),
        StageNeed::Completed => (StageStatus::Completed, |project_id, stage, status| {
            ContractError::PreviousStageNotCompleted {
                project_id,
                stage,
                status,
            }
        }),
    };
    if stage.status == expected {
        Ok(())
    } else {
        let status = stage.status.as_str().to_string();
        Err(refused(project.id, stage.number, status))
    }
}

/// The stage in play.
pub fn current_stage(project: &Project) -> ContractResult<&Stage> {
    stage(project, project.current_stage)
}

/// A project's status, from its current stage.
pub fn derive_status(project: &Project) -> ContractResult<ProjectStatus> {
    let stage = current_stage(project)?;
    Ok(match stage.status {
        StageStatus::Planned | StageStatus::PendingApproval => ProjectStatus::PendingApproval,
        StageStatus::Approved => ProjectStatus::Approved,
        StageStatus::Rejected => ProjectStatus::Rejected,
        StageStatus::Issued => ProjectStatus::InProgress,
        StageStatus::Withdrawn => ProjectStatus::Withdrawn,
        // Stage numbers count from 1: stage n is the last when n equals the number of stages.
        StageStatus::Completed
            if usize::try_from(project.current_stage).is_ok_and(|n| n < project.stages.len()) =>
        {
            ProjectStatus::AwaitingNextStage
        }
        StageStatus::Completed => ProjectStatus::Completed,
    })
}

/// Saves a project with its status derived anew, moving it in the status index. `stored` is
/// the status it was saved with before (`None` for a new project).
pub fn save_project(
    storage: &mut dyn Storage,
    project: &mut Project,
    stored: Option<ProjectStatus>,
) -> ContractResult<()> {
    project.status = derive_status(project)?;
    if let Some(previous) = stored {
        PROJECTS_BY_STATUS.remove(storage, (previous.as_str(), project.id));
    }
    PROJECTS_BY_STATUS.save(storage, (project.status.as_str(), project.id), &())?;
    PROJECTS.save(storage, project.id, project)?;
    Ok(())
}

/// Saves a draft, listing it among the drafts with open discrepancies while it has any.
pub fn save_draft(storage: &mut dyn Storage, draft: &Draft) -> ContractResult<()> {
    if draft.counts.missing > 0 || draft.counts.mismatched > 0 {
        DISCREPANCIES.save(storage, draft.id, &())?;
    } else {
        DISCREPANCIES.remove(storage, draft.id);
    }
    DRAFTS.save(storage, draft.id, draft)?;
    Ok(())
}

/// Appends an event to the project's history (and to the draft's, when given). The caller
/// saves the project and the draft, whose event counters this moves.
pub fn record(
    storage: &mut dyn Storage,
    env: &Env,
    project: &mut Project,
    draft: Option<&mut Draft>,
    actor: &Addr,
    kind: EventKind,
) -> ContractResult<()> {
    let seq = increment(project.events)?;
    project.events = seq;
    let (draft_id, draft_seq) = match draft {
        Some(draft) => {
            let draft_seq = increment(draft.events)?;
            draft.events = draft_seq;
            DRAFT_EVENTS.save(storage, (draft.id, draft_seq), &seq)?;
            (Some(draft.id), Some(draft_seq))
        }
        None => (None, None),
    };
    let event = Event {
        seq,
        project_id: project.id,
        draft_id,
        draft_seq,
        actor: actor.clone(),
        at: env.block.time.seconds(),
        height: env.block.height,
        kind,
    };
    EVENTS.save(storage, (project.id, seq), &event)?;
    Ok(())
}

/// The events one action records, in order, written with the project (and the draft) they
/// belong to when those are saved.
pub struct Journal<'a> {
    env: &'a Env,
    actor: &'a Addr,
    kinds: Vec<EventKind>,
}

impl<'a> Journal<'a> {
    /// An empty journal of `actor`'s action at `env`'s block.
    pub fn new(env: &'a Env, actor: &'a Addr) -> Self {
        Self {
            env,
            actor,
            kinds: vec![],
        }
    }

    /// Adds an event, recorded after those added before it.
    pub fn push(&mut self, kind: EventKind) {
        self.kinds.push(kind);
    }

    /// Records the events in the history of a project read from storage and saves it. Its
    /// `status` is still the one it is stored under: only saving derives it anew.
    pub fn save_project(
        self,
        storage: &mut dyn Storage,
        project: &mut Project,
    ) -> ContractResult<()> {
        let stored = project.status;
        self.write(storage, project, None)?;
        save_project(storage, project, Some(stored))
    }

    /// Records the events in the history of a project not saved before, and saves it.
    pub fn save_new_project(
        self,
        storage: &mut dyn Storage,
        project: &mut Project,
    ) -> ContractResult<()> {
        self.write(storage, project, None)?;
        save_project(storage, project, None)
    }

    /// Records the events in the project's history and the draft's, then saves the draft and
    /// the project (read from storage, as for [`Journal::save_project`]).
    pub fn save_with_draft(
        self,
        storage: &mut dyn Storage,
        project: &mut Project,
        draft: &mut Draft,
    ) -> ContractResult<()> {
        let stored = project.status;
        self.write(storage, project, Some(draft))?;
        save_draft(storage, draft)?;
        save_project(storage, project, Some(stored))
    }

    fn write(
        self,
        storage: &mut dyn Storage,
        project: &mut Project,
        mut draft: Option<&mut Draft>,
    ) -> ContractResult<()> {
        for kind in self.kinds {
            record(
                storage,
                self.env,
                project,
                draft.as_deref_mut(),
                self.actor,
                kind,
            )?;
        }
        Ok(())
    }
}
