//! Instantiation: the region's wiring, and where its one channel must lead.

use cosmwasm_std::{Addr, Api, DepsMut, Env, MessageInfo, Response};
use ledger_types::billing::MeterSettings;
use ledger_types::region_endpoint::{Delivery, InstantiateMsg};

use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION, Config};
use crate::{ContractError, ContractResult};

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    let config = Config {
        admin: valid_address(deps.api, "admin", &msg.admin)?,
        main_connection_id: non_empty("main_connection_id", msg.main_connection_id)?,
        router_port: router_port(msg.router_port)?,
        meter_code_id: meter_code_id(msg.meter_code_id)?,
        tariff_contract: valid_address(deps.api, "tariff_contract", &msg.tariff_contract)?,
        meter_settings: meter_settings(msg.meter_settings)?,
        delivery: delivery(msg.delivery)?,
    };
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin", config.admin)
        .add_attribute("main_connection_id", config.main_connection_id)
        .add_attribute("router_port", config.router_port))
}

fn invalid(reason: String) -> ContractError {
    ContractError::InvalidConfig { reason }
}

fn valid_address(api: &dyn Api, field: &str, address: &str) -> ContractResult<Addr> {
    api.addr_validate(address)
        .map_err(|err| invalid(format!("{field} {address:?} is not an address: {err}")))
}

fn non_empty(field: &str, value: String) -> ContractResult<String> {
    if value.trim().is_empty() {
        return Err(invalid(format!("{field} is empty")));
    }
    Ok(value)
}

/// The router is a contract, so its port is `wasm.<address>`.
fn router_port(port: String) -> ContractResult<String> {
    match port.strip_prefix("wasm.") {
        Some(address) if !address.is_empty() => Ok(port),
        _ => Err(invalid(format!(
            "router_port {port:?} is not a contract's port (wasm.<address>)"
        ))),
    }
}

pub fn meter_code_id(code_id: u64) -> ContractResult<u64> {
    if code_id == 0 {
        return Err(invalid("meter_code_id is 0".to_string()));
    }
    Ok(code_id)
}

pub fn meter_settings(settings: MeterSettings) -> ContractResult<MeterSettings> {
    settings
        .validate()
        .map_err(|problem| invalid(format!("meter_settings: {problem}")))?;
    Ok(settings)
}

pub fn delivery(delivery: Delivery) -> ContractResult<Delivery> {
    if delivery.timeout_seconds == 0 || delivery.max_attempts == 0 {
        return Err(invalid(format!(
            "delivery needs a timeout and at least one attempt, got {} s and {}",
            delivery.timeout_seconds, delivery.max_attempts
        )));
    }
    Ok(delivery)
}
