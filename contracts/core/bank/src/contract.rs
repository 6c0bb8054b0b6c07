//! Entry points; each only dispatches. The wasm exports (`wasm_entry_points!`) carry each
//! error's stable code in the chain's error text.

use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response};
use cw_utils::nonpayable;
use ledger_types::bank::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::ContractError;
use crate::execute::{billing, load_registry, payments, tokens};

pub const CONTRACT_NAME: &str = "crates.io:bank";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

ledger_contract_kit::wasm_entry_points!(ContractError {
    instantiate: InstantiateMsg,
    execute: ExecuteMsg,
    query: QueryMsg,
    migrate: MigrateMsg,
    reply,
});

pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    crate::setup::instantiate(deps, env, info, msg)
}

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Receive(msg) => tokens::receive(deps, env, info, msg),
        ExecuteMsg::Deposit {
            reference,
            recipient,
            amount,
            prepay,
        } => tokens::deposit(deps, env, info, reference, recipient, amount, prepay),
        ExecuteMsg::Redeem {
            request_id,
            payout_reference,
        } => tokens::redeem(deps, env, info, request_id, payout_reference),
        ExecuteMsg::MakePayment { meter_id, amount } => {
            payments::make_payment(deps, env, info, meter_id, amount)
        }
        ExecuteMsg::Settle { limit } => payments::settle(deps, env, info, limit),
        ExecuteMsg::ScheduleAdvances(notice) => billing::schedule_advances(deps, env, info, notice),
        ExecuteMsg::RecordBill(notice) => billing::record_bill(deps, env, info, notice),
        ExecuteMsg::Pause { reason } => {
            nonpayable(&info)?;
            let registry = load_registry(deps.storage)?;
            Ok(registry.pause(deps, &env, &info.sender, reason)?)
        }
        ExecuteMsg::Unpause {} => {
            nonpayable(&info)?;
            let registry = load_registry(deps.storage)?;
            Ok(registry.unpause(deps, &info.sender)?)
        }
    }
}

pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    crate::setup::reply(deps, env, msg)
}

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    crate::query::query(deps, env, msg)
}

pub fn migrate(deps: DepsMut, env: Env, msg: MigrateMsg) -> Result<Response, ContractError> {
    crate::version::migrate(deps, env, msg)
}
