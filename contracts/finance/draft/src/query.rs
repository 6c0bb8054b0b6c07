//! Queries. Every list pages with an exclusive `start_after` and
//! `ledger_types::paging::page_size`.

use cosmwasm_std::{Binary, Deps, Env, Order, StdResult, to_json_binary};
use cw_storage_plus::Bound;
use ledger_types::draft::{
    BankRecord, BankRecordsResponse, ConfigResponse, DiscrepanciesResponse, Draft, DraftsResponse,
    Event, HistoryResponse, MembersResponse, Project, ProjectStatus, ProjectsResponse, QueryMsg,
    RolesResponse,
};
use ledger_types::paging::page_size;

use crate::ContractError;
use crate::reconcile::summary;
use crate::records::{load_draft, load_project};
use crate::roles::roles_of;
use crate::state::{
    BANK_RECORDS, CONFIG, DISCREPANCIES, DRAFT_EVENTS, DRAFTS, DRAFTS_BY_HOLDER, EVENTS, PROJECTS,
    PROJECTS_BY_STATUS, ROLES, TOTALS, UNMATCHED_RECORDS,
};

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::PauseStatus {} => {
            to_json_binary(&ledger_contract_kit::pause::status(deps.storage)?)?
        }
        QueryMsg::Config {} => to_json_binary(&config(deps)?)?,
        QueryMsg::Totals {} => to_json_binary(&TOTALS.load(deps.storage)?)?,
        QueryMsg::Roles { address } => to_json_binary(&roles(deps, address)?)?,
        QueryMsg::Members { start_after, limit } => {
            to_json_binary(&members(deps, start_after, limit)?)?
        }
        QueryMsg::Project { project_id } => {
            to_json_binary(&load_project(deps.storage, project_id)?)?
        }
        QueryMsg::Projects {
            status,
            start_after,
            limit,
        } => to_json_binary(&projects(deps, status, start_after, limit)?)?,
        QueryMsg::Draft { draft_id } => to_json_binary(&load_draft(deps.storage, draft_id)?)?,
        QueryMsg::Drafts { start_after, limit } => {
            to_json_binary(&drafts(deps, start_after, limit)?)?
        }
        QueryMsg::DraftsByHolder {
            holder,
            start_after,
            limit,
        } => to_json_binary(&drafts_by_holder(deps, holder, start_after, limit)?)?,
        QueryMsg::Reconciliation { draft_id } => {
            to_json_binary(&summary(&load_draft(deps.storage, draft_id)?))?
        }
        QueryMsg::Discrepancies { start_after, limit } => {
            to_json_binary(&discrepancies(deps, start_after, limit)?)?
        }
        QueryMsg::BankRecord { serial } => to_json_binary(&bank_record(deps, serial)?)?,
        QueryMsg::BankRecords { start_after, limit } => {
            to_json_binary(&bank_records(deps, start_after, limit)?)?
        }
        QueryMsg::UnmatchedBankRecords { start_after, limit } => {
            to_json_binary(&unmatched_bank_records(deps, start_after, limit)?)?
        }
        QueryMsg::ProjectHistory {
            project_id,
            start_after,
            limit,
        } => to_json_binary(&project_history(deps, project_id, start_after, limit)?)?,
        QueryMsg::DraftHistory {
            draft_id,
            start_after,
            limit,
        } => to_json_binary(&draft_history(deps, draft_id, start_after, limit)?)?,
    })
}

fn config(deps: Deps) -> Result<ConfigResponse, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        admin_contract: config.admin_contract,
        fund_token: config.fund_token,
        approval_levels: config.approval_levels,
        veto_window_seconds: config.veto_window_seconds,
    })
}

fn roles(deps: Deps, address: String) -> Result<RolesResponse, ContractError> {
    let address = deps.api.addr_validate(&address)?;
    let roles = roles_of(deps.storage, &address)?;
    Ok(RolesResponse { address, roles })
}

fn members(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<MembersResponse, ContractError> {
    let start = start_after
        .map(|address| deps.api.addr_validate(&address))
        .transpose()?;
    let members = ROLES
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|item| item.map(|(address, roles)| RolesResponse { address, roles }))
        .collect::<StdResult<_>>()?;
    Ok(MembersResponse { members })
}

fn projects(
    deps: Deps,
    status: Option<ProjectStatus>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<ProjectsResponse, ContractError> {
    let start = start_after.map(Bound::exclusive);
    let projects = match status {
        Some(status) => PROJECTS_BY_STATUS
            .prefix(status.as_str())
            .keys(deps.storage, start, None, Order::Ascending)
            .take(page_size(limit))
            .map(|id| PROJECTS.load(deps.storage, id?))
            .collect::<StdResult<Vec<Project>>>()?,
        None => PROJECTS
            .range(deps.storage, start, None, Order::Ascending)
            .take(page_size(limit))
            .map(|item| item.map(|(_, project)| project))
            .collect::<StdResult<Vec<Project>>>()?,
    };
    Ok(ProjectsResponse { projects })
}

fn drafts(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<DraftsResponse, ContractError> {
    let drafts = DRAFTS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|item| item.map(|(_, draft)| draft))
        .collect::<StdResult<Vec<Draft>>>()?;
    Ok(DraftsResponse { drafts })
}

fn drafts_by_holder(
    deps: Deps,
    holder: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<DraftsResponse, ContractError> {
    let holder = deps.api.addr_validate(&holder)?;
    let drafts = DRAFTS_BY_HOLDER
        .prefix(&holder)
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|id| DRAFTS.load(deps.storage, id?))
        .collect::<StdResult<Vec<Draft>>>()?;
    Ok(DraftsResponse { drafts })
}

fn discrepancies(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<DiscrepanciesResponse, ContractError> {
    let drafts = DISCREPANCIES
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|id| DRAFTS.load(deps.storage, id?).map(|draft| summary(&draft)))
        .collect::<StdResult<_>>()?;
    Ok(DiscrepanciesResponse { drafts })
}

fn bank_record(deps: Deps, serial: String) -> Result<BankRecord, ContractError> {
    BANK_RECORDS
        .may_load(deps.storage, &serial)?
        .ok_or(ContractError::BankRecordNotFound { serial })
}

fn bank_records(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<BankRecordsResponse, ContractError> {
    let records = BANK_RECORDS
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|item| item.map(|(_, record)| record))
        .collect::<StdResult<_>>()?;
    Ok(BankRecordsResponse { records })
}

fn unmatched_bank_records(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<BankRecordsResponse, ContractError> {
    let records = UNMATCHED_RECORDS
        .keys(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|serial| BANK_RECORDS.load(deps.storage, &serial?))
        .collect::<StdResult<_>>()?;
    Ok(BankRecordsResponse { records })
}

fn project_history(
    deps: Deps,
    project_id: u64,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> Result<HistoryResponse, ContractError> {
    load_project(deps.storage, project_id)?;
    let events = EVENTS
        .prefix(project_id)
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|item| item.map(|(_, event)| event))
        .collect::<StdResult<Vec<Event>>>()?;
    Ok(HistoryResponse { events })
}

fn draft_history(
    deps: Deps,
    draft_id: u64,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> Result<HistoryResponse, ContractError> {
    let draft = load_draft(deps.storage, draft_id)?;
    let events = DRAFT_EVENTS
        .prefix(draft_id)
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|item| {
            let (_, seq) = item?;
            EVENTS.load(deps.storage, (draft.project_id, seq))
        })
        .collect::<StdResult<Vec<Event>>>()?;
    Ok(HistoryResponse { events })
}
