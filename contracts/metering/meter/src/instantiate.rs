//! Instantiation: the consumer's wiring and the rules its readings are checked against.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use ledger_types::meter::InstantiateMsg;

use crate::records::Rules;
use crate::state::{CONFIG, Config, RULES};
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::{ContractError, ContractResult};

/// The sender is the admin contract; it alone may add meters and mirror status changes.
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    let owner = deps.api.addr_validate(&msg.owner)?;
    let tariff_contract = deps.api.addr_validate(&msg.tariff_contract)?;
    let bank_contract = deps.api.addr_validate(&msg.bank_contract)?;
    msg.settings
        .validate()
        .map_err(|problem| ContractError::InvalidSettings {
            reason: problem.to_string(),
        })?;

    let settings = msg.settings;
    let rules = Rules {
        cycle: settings.cycle,
        future_tolerance_seconds: settings.future_tolerance_seconds,
        max_interval_seconds: settings.max_interval_seconds,
        max_power_w: settings.max_power_w,
        owner_blocked: false,
    };
    let config = Config {
        owner,
        admin_contract: info.sender,
        tariff_contract,
        bank_contract,
        schedule: settings.schedule,
    };
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    RULES.save(deps.storage, &rules)?;
    CONFIG.save(deps.storage, &config)?;

    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", config.owner)
        .add_attribute("admin_contract", config.admin_contract))
}
