//! Instantiation: the admin contract the tariff asks about roles.

use cosmwasm_std::{DepsMut, MessageInfo, Response};
use cw_utils::nonpayable;
use cw2::set_contract_version;
use ledger_types::tariff::InstantiateMsg;

use crate::ContractResult;
use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION, Config};

/// Stores the admin contract asked about roles.
pub fn instantiate(deps: DepsMut, info: MessageInfo, msg: InstantiateMsg) -> ContractResult {
    nonpayable(&info)?;
    let admin_contract = deps.api.addr_validate(&msg.admin_contract)?;
    set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(
        deps.storage,
        &Config {
            admin_contract: admin_contract.clone(),
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin_contract", admin_contract))
}
