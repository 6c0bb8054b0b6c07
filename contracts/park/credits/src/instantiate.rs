//! Instantiation: the registry, the settlement token and the footprints contract, if any.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::park::credits::InstantiateMsg;

use crate::ContractResult;
use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION, Config};

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult {
    nonpayable(&info)?;
    let config = Config {
        admin_contract: deps.api.addr_validate(&msg.admin_contract)?,
        token: deps.api.addr_validate(&msg.token)?,
        footprints: msg
            .footprints
            .map(|addr| deps.api.addr_validate(&addr))
            .transpose()?,
    };
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin_contract", config.admin_contract)
        .add_attribute("token", config.token)
        .add_attribute(
            "footprints",
            config.footprints.map(String::from).unwrap_or_default(),
        ))
}
