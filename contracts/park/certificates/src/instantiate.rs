//! Instantiation: the registry, the market, the validity and the direct-issuance delay.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::park::certificates::{
    InstantiateMsg, MAX_DIRECT_ISSUANCE_DELAY_SECONDS, MAX_VALIDITY_SECONDS, MIN_VALIDITY_SECONDS,
};

use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION, Config};
use crate::{ContractError, ContractResult};

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult {
    nonpayable(&info)?;
    if !(MIN_VALIDITY_SECONDS..=MAX_VALIDITY_SECONDS).contains(&msg.validity_seconds) {
        return Err(ContractError::InvalidValidity {
            given: msg.validity_seconds,
            min: MIN_VALIDITY_SECONDS,
            max: MAX_VALIDITY_SECONDS,
        });
    }
    if msg.direct_issuance_delay_seconds > MAX_DIRECT_ISSUANCE_DELAY_SECONDS {
        return Err(ContractError::InvalidDelay {
            given: msg.direct_issuance_delay_seconds,
            max: MAX_DIRECT_ISSUANCE_DELAY_SECONDS,
        });
    }
    let config = Config {
        admin_contract: deps.api.addr_validate(&msg.admin_contract)?,
        market: deps.api.addr_validate(&msg.market)?,
        validity_seconds: msg.validity_seconds,
        direct_issuance_delay_seconds: msg.direct_issuance_delay_seconds,
    };
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin_contract", config.admin_contract)
        .add_attribute("market", config.market)
        .add_attribute("validity_seconds", config.validity_seconds.to_string())
        .add_attribute(
            "direct_issuance_delay_seconds",
            config.direct_issuance_delay_seconds.to_string(),
        ))
}
