//! Entry points; each only dispatches. The wasm exports (`wasm_entry_points!` in the crate
//! root) carry each error's stable code in the chain's error text.

use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response};
use ledger_types::token::{EmergencyMsg, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::ContractError;
use crate::{
    execute as executes, instantiate as instantiation, migrate as migration, query as queries,
};

pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    instantiation::instantiate(deps, env, info, msg)
}

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Emergency(EmergencyMsg::Pause { reason }) => {
            executes::pause(deps, env, info, reason)
        }
        ExecuteMsg::Emergency(EmergencyMsg::Unpause {}) => executes::unpause(deps, info),
        ExecuteMsg::Cw20(msg) => executes::cw20(deps, env, info, msg),
    }
}

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    queries::query(deps, env, msg)
}

pub fn migrate(deps: DepsMut, env: Env, msg: MigrateMsg) -> Result<Response, ContractError> {
    migration::migrate(deps, env, msg)
}
