//! Instantiation: the registry the contract asks about participants.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::park::footprints::InstantiateMsg;

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
        credits: None,
    };
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin_contract", config.admin_contract))
}
