//! Entry points: they only dispatch.

use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, to_json_binary};
use ledger_types::tariff::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::ContractResult;
use crate::{execute, instantiate as instantiation, migrate as migration, query as queries};

ledger_contract_kit::wasm_entry_points!(crate::ContractError, ledger_types::tariff);

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult {
    instantiation::instantiate(deps, info, msg)
}

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> ContractResult {
    match msg {
        ExecuteMsg::CreateTariff {
            tariff_id,
            name,
            utc_offset_minutes,
            components,
            effective_from,
        } => execute::create_tariff(
            deps,
            info,
            tariff_id,
            name,
            utc_offset_minutes,
            components,
            effective_from,
        ),
        ExecuteMsg::AddVersion {
            tariff_id,
            components,
            effective_from,
        } => execute::add_version(deps, env, info, tariff_id, components, effective_from),
        ExecuteMsg::SetTariffOwner { tariff_id, owner } => {
            execute::set_tariff_owner(deps, info, tariff_id, owner)
        }
        ExecuteMsg::Pause { reason } => execute::pause(deps, env, info, reason),
        ExecuteMsg::Unpause {} => execute::unpause(deps, info),
    }
}

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&queries::config(deps)?)?,
        QueryMsg::Tariff { tariff_id } => to_json_binary(&queries::tariff(deps, tariff_id)?)?,
        QueryMsg::Tariffs { start_after, limit } => {
            to_json_binary(&queries::tariffs(deps, start_after, limit)?)?
        }
        QueryMsg::Version { tariff_id, version } => {
            to_json_binary(&queries::version(deps, tariff_id, version)?)?
        }
        QueryMsg::VersionAt { tariff_id, at } => {
            to_json_binary(&queries::version_at(deps, tariff_id, at)?)?
        }
        QueryMsg::Quote { tariff_id, usage } => {
            to_json_binary(&queries::quote(deps, tariff_id, usage)?)?
        }
        QueryMsg::Owner { tariff_id } => to_json_binary(&queries::owner(deps, tariff_id)?)?,
        QueryMsg::PauseStatus {} => {
            to_json_binary(&ledger_contract_kit::pause::status(deps.storage)?)?
        }
    })
}

pub fn migrate(deps: DepsMut, _env: Env, msg: MigrateMsg) -> ContractResult {
    migration::migrate(deps, msg)
}
