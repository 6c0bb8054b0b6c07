//! Entry points; each only dispatches.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response};
use ledger_types::loan_share::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::ContractError;
use crate::execute::{disclose, plans, receive, roles, tokens};

pub const CONTRACT_NAME: &str = "crates.io:loan-share";
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

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    crate::query::query(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    crate::setup::reply(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, env: Env, msg: MigrateMsg) -> Result<Response, ContractError> {
    crate::version::migrate(deps, env, msg)
}
