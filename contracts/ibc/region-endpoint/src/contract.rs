//! Entry points: they only dispatch. The IBC entry points are in `ibc`.

use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Reply, to_json_binary};
use ledger_types::region_endpoint::{ExecuteMsg, QueryMsg};

use crate::execute::{notices, operator};
pub use crate::instantiate::instantiate;
pub use crate::migrate::migrate;
use crate::receive::INSTANTIATE_METER_REPLY_ID;
use crate::state::OUTBOX;
use crate::{ContractError, ContractResult, query};

ledger_contract_kit::wasm_entry_points!(crate::ContractError, ledger_types::region_endpoint, reply);

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> ContractResult {
    match msg {
        ExecuteMsg::ScheduleAdvances(notice) => notices::schedule_advances(deps, env, info, notice),
        ExecuteMsg::RecordBill(notice) => notices::record_bill(deps, env, info, notice),
        ExecuteMsg::Retry { id } => operator::retry(deps, env, info, id),
        ExecuteMsg::UpdateConfig {
            meter_code_id,
            meter_settings,
            delivery,
        } => operator::update_config(deps, info, meter_code_id, meter_settings, delivery),
    }
}

pub fn reply(deps: DepsMut, _env: Env, msg: Reply) -> ContractResult {
    match msg.id {
        INSTANTIATE_METER_REPLY_ID => {
            crate::receive::register::meter_contract_instantiated(deps, msg)
        }
        id => Err(ContractError::UnknownReplyId { id }),
    }
}

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?)?,
        QueryMsg::Channel {} => to_json_binary(&query::channel(deps)?)?,
        QueryMsg::ConsumerContract { consumer } => {
            to_json_binary(&query::consumer(deps, consumer)?)?
        }
        QueryMsg::Meters { start_after, limit } => {
            to_json_binary(&query::meters(deps, start_after, limit)?)?
        }
        QueryMsg::Bill { meter_id, period } => {
            to_json_binary(&query::bill(deps, meter_id, period)?)?
        }
        QueryMsg::Bills { start_after, limit } => {
            to_json_binary(&query::bills(deps, start_after, limit)?)?
        }
        QueryMsg::Outbox { start_after, limit } => {
            to_json_binary(&OUTBOX.page(deps.storage, start_after, limit)?)?
        }
        QueryMsg::HasRole { address, role } => {
            to_json_binary(&query::has_role(deps, &address, role)?)?
        }
    })
}
