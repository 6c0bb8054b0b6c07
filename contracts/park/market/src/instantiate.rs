//! Instantiation: the registry, the settlement token, the schedule.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::park::InstantiateMsg;

use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION, Config};
use crate::{ContractError, ContractResult};

/// Most orders a slot may be set to hold: what one clearing page can load with every offer.
pub const MAX_ORDERS_PER_SLOT: u32 = 500;

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult {
    nonpayable(&info)?;
    if let Some(reason) = msg.schedule.problem() {
        return Err(ContractError::InvalidSchedule { reason });
    }
    if !(2..=MAX_ORDERS_PER_SLOT).contains(&msg.max_orders_per_slot) {
        return Err(ContractError::InvalidMaxOrders {
            given: msg.max_orders_per_slot,
            max: MAX_ORDERS_PER_SLOT,
        });
    }
    let config = Config {
        admin_contract: deps.api.addr_validate(&msg.admin_contract)?,
        token: deps.api.addr_validate(&msg.token)?,
        schedule: msg.schedule,
        max_orders_per_slot: msg.max_orders_per_slot,
        certificates: None,
    };
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin_contract", config.admin_contract)
        .add_attribute("token", config.token)
        .add_attribute("slot_seconds", config.schedule.slot_seconds.to_string()))
}
