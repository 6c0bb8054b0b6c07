//! Instantiation: the router's wiring and delivery settings.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::router::{Delivery, InstantiateMsg};

use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION, Config};
use crate::{ContractError, ContractResult};

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult {
    nonpayable(&info)?;
    let registry = deps.api.addr_validate(&msg.registry)?;
    let bank = deps.api.addr_validate(&msg.bank)?;
    validate_delivery(&msg.delivery)?;

    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(
        deps.storage,
        &Config {
            registry: registry.clone(),
            bank: bank.clone(),
            delivery: msg.delivery,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("registry", registry)
        .add_attribute("bank", bank)
        .add_attribute("timeout_seconds", msg.delivery.timeout_seconds.to_string())
        .add_attribute("max_attempts", msg.delivery.max_attempts.to_string()))
}

fn validate_delivery(delivery: &Delivery) -> ContractResult<()> {
    let zero = if delivery.timeout_seconds == 0 {
        "timeout_seconds"
    } else if delivery.max_attempts == 0 {
        "max_attempts"
    } else {
        return Ok(());
    };
    Err(ContractError::InvalidDelivery {
        field: zero.to_string(),
    })
}
