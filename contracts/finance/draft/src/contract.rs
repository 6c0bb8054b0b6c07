//! Entry points; each only dispatches. While the contract is paused every message but the
//! pause's own is refused before it is dispatched (after the funds check).

use cosmwasm_std::{DepsMut, Env, MessageInfo};
use cw_utils::nonpayable;
use ledger_contract_kit::pause;
use ledger_contract_kit::{Registry, wasm_entry_points};
use ledger_types::draft::ExecuteMsg;

use crate::execute::{application, approval, bank, closing, endorse, issue, progress, roles};
pub use crate::instantiate::instantiate;
pub use crate::migrate::migrate;
pub use crate::query::query;
use crate::state::CONFIG;
use crate::{ContractError, ContractResult};

wasm_entry_points!(crate::ContractError, ledger_types::draft);

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> ContractResult {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::Pause { reason } => {
            let registry = Registry::new(CONFIG.load(deps.storage)?.admin_contract);
            return Ok(registry.pause(deps, &env, &info.sender, reason)?);
        }
        ExecuteMsg::Unpause {} => {
            let registry = Registry::new(CONFIG.load(deps.storage)?.admin_contract);
            return Ok(registry.unpause(deps, &info.sender)?);
        }
        _ => pause::ensure_running(deps.storage)?,
    }
    match msg {
        ExecuteMsg::Pause { .. } | ExecuteMsg::Unpause {} => unreachable_pause(),
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
        ExecuteMsg::Clawback { draft_id, reason } => {
            closing::clawback(deps, env, info, draft_id, reason)
        }
    }
}

/// Pause and Unpause are answered before the second dispatch.
fn unreachable_pause() -> ContractResult {
    Err(ContractError::Std(cosmwasm_std::StdError::generic_err(
        "pause messages are handled before dispatch",
    )))
}
