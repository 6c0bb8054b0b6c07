//! Entry points; each only dispatches. While the contract is paused every message but the
//! pause's own is refused before it is dispatched (after the funds check).

use cosmwasm_std::{DepsMut, Env, MessageInfo};
use cw_utils::nonpayable;
use ledger_contract_kit::pause;
use ledger_contract_kit::{Registry, wasm_entry_points};
use ledger_types::loan_share::ExecuteMsg;

use crate::execute::{disclose, plans, receive, roles, tokens};
pub use crate::instantiate::instantiate;
pub use crate::instantiate::reply;
pub use crate::migrate::migrate;
pub use crate::query::query;
use crate::state::CONFIG;
use crate::{ContractError, ContractResult};

wasm_entry_points!(crate::ContractError, ledger_types::loan_share, reply);

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
        ExecuteMsg::Pause { .. } | ExecuteMsg::Unpause {} => Err(ContractError::Std(
            cosmwasm_std::StdError::generic_err("pause messages are handled before dispatch"),
        )),
        ExecuteMsg::Receive(msg) => receive::receive(deps, env, info, msg),
        ExecuteMsg::SetRoles { address, roles } => roles::set_roles(deps, info, address, roles),
        ExecuteMsg::RegisterKey { public_key } => roles::register_key(deps, env, info, public_key),
        ExecuteMsg::Recharge {
            reference,
            recipient,
            amount,
        } => tokens::recharge(deps, env, info, reference, recipient, amount),
        ExecuteMsg::Redeem {
            request_id,
            payout_reference,
        } => tokens::redeem(deps, env, info, request_id, payout_reference),
        ExecuteMsg::PostPlan(input) => plans::post_plan(deps, env, info, input),
        ExecuteMsg::WithdrawPlan { plan_id } => plans::withdraw_plan(deps, env, info, plan_id),
        ExecuteMsg::Disclose {
            confirmation_id,
            fields,
        } => disclose::disclose(deps, env, info, confirmation_id, fields),
    }
}
