//! Entry points: they only dispatch.

use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, to_json_binary};
use ledger_types::meter::{ExecuteMsg, QueryMsg};

use crate::ContractResult;
pub use crate::instantiate::instantiate;
pub use crate::migrate::migrate;
use crate::{execute, query};

ledger_contract_kit::wasm_entry_points!(crate::ContractError, ledger_types::meter);

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> ContractResult {
    match msg {
        ExecuteMsg::SubmitReadings { readings } => {
            execute::readings::submit_readings(deps, env, info, readings)
        }
        ExecuteMsg::SubmitPackedReadings { readings } => {
            execute::readings::submit_packed_readings(deps, env, info, &readings)
        }
        ExecuteMsg::ClosePeriod { meter_id, period } => {
            execute::close::close_period(deps, env, info, meter_id, period)
        }
        ExecuteMsg::AddMeter { meter } => execute::meters::add_meter(deps, env, info, meter),
        ExecuteMsg::SetMeterStatus { meter_id, status } => {
            execute::meters::set_meter_status(deps, env, info, meter_id, status)
        }
        ExecuteMsg::SetOwnerBlocked { blocked } => {
            execute::meters::set_owner_blocked(deps, info, blocked)
        }
        ExecuteMsg::Pause { reason } => execute::meters::pause(deps, env, info, reason),
        ExecuteMsg::Unpause {} => execute::meters::unpause(deps, info),
    }
}

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?)?,
        QueryMsg::Meter { meter_id } => to_json_binary(&query::meter(deps, &meter_id)?)?,
        QueryMsg::Meters { start_after, limit } => {
            to_json_binary(&query::meters(deps, start_after, limit)?)?
        }
        QueryMsg::Readings {
            meter_id,
            from,
            to,
            start_after,
            limit,
        } => to_json_binary(&query::readings(
            deps,
            meter_id,
            from,
            to,
            start_after,
            limit,
        )?)?,
        QueryMsg::DailyTotals {
            meter_id,
            from_day,
            to_day,
            start_after,
            limit,
        } => to_json_binary(&query::daily_totals(
            deps,
            meter_id,
            from_day,
            to_day,
            start_after,
            limit,
        )?)?,
        QueryMsg::PeriodTotals { meter_id, period } => {
            to_json_binary(&query::period_totals(deps, &meter_id, period)?)?
        }
        QueryMsg::PeriodAt { at } => to_json_binary(&query::period_at(deps, at)?)?,
        QueryMsg::Bill { meter_id, period } => {
            to_json_binary(&query::bill(deps, &meter_id, period)?)?
        }
        QueryMsg::Bills {
            meter_id,
            start_after,
            limit,
        } => to_json_binary(&query::bills(deps, &meter_id, start_after, limit)?)?,
        QueryMsg::PauseStatus {} => {
            to_json_binary(&ledger_contract_kit::pause::status(deps.storage)?)?
        }
    })
}
