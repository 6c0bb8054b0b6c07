//! Entry points; each only dispatches.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response};
use ledger_types::draft::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::ContractError;
use crate::execute::{application, approval, bank, closing, endorse, issue, progress, roles};

pub const CONTRACT_NAME: &str = "crates.io:draft";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    crate::setup::instantiate(deps, env, info, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Receive(msg) => issue::receive(deps, env, info, msg),
        ExecuteMsg::SetRoles { address, roles } => roles::set_roles(deps, info, address, roles),
        ExecuteMsg::Apply(application) => application::apply(deps, env, info, application),
        ExecuteMsg::Approve {
            project_id,
            stage,
            comment,
        } => approval::approve(deps, env, info, project_id, stage, comment),
        ExecuteMsg::Reject {
            project_id,
            stage,
            comment,
        } => approval::reject(deps, env, info, project_id, stage, comment),
        ExecuteMsg::Veto {
            project_id,
            stage,
            comment,
        } => approval::veto(deps, env, info, project_id, stage, comment),
        ExecuteMsg::ApplyNextStage { project_id, note } => {
            application::apply_next_stage(deps, env, info, project_id, note)
        }
        ExecuteMsg::Endorse {
            draft_id,
            to,
            serial,
        } => endorse::endorse(deps, env, info, draft_id, to, serial),
        ExecuteMsg::PostBankRecords { records } => {
            bank::post_bank_records(deps, env, info, records)
        }
        ExecuteMsg::ReportProgress {
            project_id,
            percent,
            text,
            evidence,
        } => progress::report_progress(deps, env, info, project_id, percent, text, evidence),
        ExecuteMsg::AddOpinion { project_id, text } => {
            application::add_opinion(deps, env, info, project_id, text)
        }
        ExecuteMsg::Cancel { draft_id, reason } => {
            closing::cancel(deps, env, info, draft_id, reason)
        }
        ExecuteMsg::Expire { draft_id } => closing::expire(deps, env, info, draft_id),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    crate::query::query(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, env: Env, msg: MigrateMsg) -> Result<Response, ContractError> {
    crate::version::migrate(deps, env, msg)
}
