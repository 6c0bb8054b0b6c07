//! Queries. Every list is one page after an exclusive `start_after`, with `has_more`
//! (`ledger_contract_kit::paging`).

use cosmwasm_std::{Binary, Deps, Env, Order, StdResult, to_json_binary};
use ledger_contract_kit::paging::{after, page};
use ledger_types::draft::{
    BankRecord, BankRecordsResponse, ConfigResponse, DiscrepanciesResponse, DraftsResponse,
    HistoryResponse, MembersResponse, ProjectStatus, ProjectsResponse, QueryMsg, RolesResponse,
};

use crate::ContractError;
use crate::ContractResult;
use crate::reconcile::summary;
use crate::records::{load_draft, load_project};
use crate::roles::roles_of;
use crate::state::{
    BANK_RECORDS, CONFIG, DISCREPANCIES, DRAFT_EVENTS, DRAFTS, DRAFTS_BY_HOLDER, EVENTS, PROJECTS,
    PROJECTS_BY_STATUS, ROLES, TOTALS, UNMATCHED_RECORDS,
};

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> ContractResult<Binary> {
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
            to_json_binary(&bank_records(deps, start_after, limit, false)?)?
        }
        QueryMsg::UnmatchedBankRecords { start_after, limit } => {
            to_json_binary(&bank_records(deps, start_after, limit, true)?)?
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

fn config(deps: Deps) -> ContractResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        admin_contract: config.admin_contract,
        fund_token: config.fund_token,
        approval_levels: config.approval_levels,
        veto_window_seconds: config.veto_window_seconds,
    })
}

fn roles(deps: Deps, address: String) -> ContractResult<RolesResponse> {
    let address = deps.api.addr_validate(&address)?;
    let roles = roles_of(deps.storage, &address)?;
    Ok(RolesResponse { address, roles })
}

fn members(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> ContractResult<MembersResponse> {
    let start = start_after
        .map(|address| deps.api.addr_validate(&address))
        .transpose()?;
    let range = ROLES.range(deps.storage, after(start.as_ref()), None, Order::Ascending);
    let members = page(range, limit, |(address, roles)| {
        StdResult::Ok(RolesResponse { address, roles })
    })?;
    Ok(MembersResponse {
        members: members.items,
        has_more: members.has_more,
    })
}

fn projects(
    deps: Deps,
    status: Option<ProjectStatus>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<ProjectsResponse> {
    let start = after(start_after);
    let projects = match status {
        Some(status) => {
            let ids = PROJECTS_BY_STATUS.prefix(status.as_str()).keys(
                deps.storage,
                start,
                None,
                Order::Ascending,
            );
            page(ids, limit, |id| PROJECTS.load(deps.storage, id))?
        }
        None => {
            let range = PROJECTS.range(deps.storage, start, None, Order::Ascending);
            page(range, limit, |(_, project)| StdResult::Ok(project))?
        }
    };
    Ok(ProjectsResponse {
        projects: projects.items,
        has_more: projects.has_more,
    })
}

fn drafts(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<DraftsResponse> {
    let range = DRAFTS.range(deps.storage, after(start_after), None, Order::Ascending);
    let drafts = page(range, limit, |(_, draft)| StdResult::Ok(draft))?;
    Ok(DraftsResponse {
        drafts: drafts.items,
        has_more: drafts.has_more,
    })
}

fn drafts_by_holder(
    deps: Deps,
    holder: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<DraftsResponse> {
    let holder = deps.api.addr_validate(&holder)?;
    let ids = DRAFTS_BY_HOLDER.prefix(&holder).keys(
        deps.storage,
        after(start_after),
        None,
        Order::Ascending,
    );
    let drafts = page(ids, limit, |id| DRAFTS.load(deps.storage, id))?;
    Ok(DraftsResponse {
        drafts: drafts.items,
        has_more: drafts.has_more,
    })
}

fn discrepancies(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<DiscrepanciesResponse> {
    let ids = DISCREPANCIES.keys(deps.storage, after(start_after), None, Order::Ascending);
    let drafts = page(ids, limit, |id| {
        DRAFTS.load(deps.storage, id).map(|draft| summary(&draft))
    })?;
    Ok(DiscrepanciesResponse {
        drafts: drafts.items,
        has_more: drafts.has_more,
    })
}

fn bank_record(deps: Deps, serial: String) -> ContractResult<BankRecord> {
    BANK_RECORDS
        .may_load(deps.storage, &serial)?
        .ok_or(ContractError::BankRecordNotFound { serial })
}

/// Bank records by serial number: all of them, or only those no endorsement has claimed.
fn bank_records(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
    unmatched_only: bool,
) -> ContractResult<BankRecordsResponse> {
    let start = after(start_after.as_deref());
    let records = if unmatched_only {
        let serials = UNMATCHED_RECORDS.keys(deps.storage, start, None, Order::Ascending);
        page(serials, limit, |serial| {
            BANK_RECORDS.load(deps.storage, &serial)
        })?
    } else {
        let range = BANK_RECORDS.range(deps.storage, start, None, Order::Ascending);
        page(range, limit, |(_, record)| StdResult::Ok(record))?
    };
    Ok(BankRecordsResponse {
        records: records.items,
        has_more: records.has_more,
    })
}

fn project_history(
    deps: Deps,
    project_id: u64,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> ContractResult<HistoryResponse> {
    load_project(deps.storage, project_id)?;
    let range =
        EVENTS
            .prefix(project_id)
            .range(deps.storage, after(start_after), None, Order::Ascending);
    let events = page(range, limit, |(_, event)| StdResult::Ok(event))?;
    Ok(HistoryResponse {
        events: events.items,
        has_more: events.has_more,
    })
}

fn draft_history(
    deps: Deps,
    draft_id: u64,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> ContractResult<HistoryResponse> {
    let draft = load_draft(deps.storage, draft_id)?;
    let range = DRAFT_EVENTS.prefix(draft_id).range(
        deps.storage,
        after(start_after),
        None,
        Order::Ascending,
    );
    let events = page(range, limit, |(_, seq)| {
        EVENTS.load(deps.storage, (draft.project_id, seq))
    })?;
    Ok(HistoryResponse {
        events: events.items,
        has_more: events.has_more,
    })
}
