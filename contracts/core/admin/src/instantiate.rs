//! Instantiation: the administrator, the time-lock delay and the meter defaults.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use ledger_types::admin::{DEFAULT_TIMELOCK_DELAY_SECONDS, InstantiateMsg};

use crate::ContractResult;
use crate::execute::timelock;
use crate::state::{ADMIN, CONFIG, CONTRACT_NAME, CONTRACT_VERSION, Config, TIMELOCK_DELAY};
use crate::validate;

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    let admin = match msg.admin {
        Some(admin) => deps.api.addr_validate(&admin)?,
        None => info.sender,
    };
    validate::code_id(msg.meter_code_id)?;
    validate::meter_settings(&msg.meter_settings)?;
    let delay = timelock::validate_delay(
        msg.timelock_delay_seconds
            .unwrap_or(DEFAULT_TIMELOCK_DELAY_SECONDS),
    )?;

    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    ADMIN.save(deps.storage, &admin)?;
    TIMELOCK_DELAY.save(deps.storage, &delay)?;
    CONFIG.save(
        deps.storage,
        &Config {
            meter_code_id: msg.meter_code_id,
            meter_settings: msg.meter_settings,
            tariff: None,
            bank: None,
            router: None,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin", admin)
        .add_attribute("meter_code_id", msg.meter_code_id.to_string())
        .add_attribute("timelock_delay_seconds", delay.to_string()))
}
