//! Entry points; each only dispatches. While the contract is paused every message but the
//! pause's own is refused before it is dispatched (after the funds check).

use cosmwasm_std::{DepsMut, Env, MessageInfo, StdError};
use cw_utils::nonpayable;
use ledger_contract_kit::{pause, wasm_entry_points};
use ledger_types::park::certificates::ExecuteMsg;

use crate::execute::{holding, issuance};
pub use crate::instantiate::instantiate;
pub use crate::migrate::migrate;
pub use crate::query::query;
use crate::registry::load_registry;
use crate::{ContractError, ContractResult};

wasm_entry_points!(crate::ContractError, ledger_types::park::certificates);

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> ContractResult {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::Pause { reason } => {
            let registry = load_registry(deps.storage)?;
            return Ok(registry.pause(deps, &env, &info.sender, reason)?);
        }
        ExecuteMsg::Unpause {} => {
            let registry = load_registry(deps.storage)?;
            return Ok(registry.unpause(deps, &info.sender)?);
        }
        _ => pause::ensure_running(deps.storage)?,
    }
    match msg {
        ExecuteMsg::Pause { .. } | ExecuteMsg::Unpause {} => Err(ContractError::Std(
            StdError::generic_err("pause messages are handled before dispatch"),
        )),
        ExecuteMsg::Issue { certificates } => issuance::issue(deps, env, info, certificates),
        ExecuteMsg::IssueUnsold {
            meter_id,
            hour_start,
        } => issuance::issue_unsold(deps, env, info, meter_id, hour_start),
        ExecuteMsg::Transfer { id, recipient } => holding::transfer(deps, env, info, id, recipient),
        ExecuteMsg::Claim {
            id,
            beneficiary,
            purpose,
            period_from,
            period_to,
        } => holding::claim(
            deps,
            env,
            info,
            id,
            holding::ClaimTerms {
                beneficiary,
                purpose,
                period_from,
                period_to,
            },
        ),
    }
}
