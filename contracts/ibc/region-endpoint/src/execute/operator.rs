//! The region's operator: packets sent again by hand, and the settings of what comes next.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Storage};
use ledger_types::billing::MeterSettings;
use ledger_types::region_endpoint::Delivery;

use crate::channel::{delivery, open_channel_id};
use crate::instantiate;
use crate::state::{CONFIG, Config, OUTBOX};
use crate::{ContractError, ContractResult};

fn admin_only(
    storage: &dyn Storage,
    info: &MessageInfo,
    action: &'static str,
) -> ContractResult<Config> {
    let config = CONFIG.load(storage)?;
    if info.sender != config.admin {
        return Err(ContractError::NotAdmin {
            sender: info.sender.to_string(),
            action,
        });
    }
    Ok(config)
}

/// Sends a stuck or refused packet again, under its id, on the channel it was sent on.
pub fn retry(deps: DepsMut, env: Env, info: MessageInfo, id: u64) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    let config = admin_only(deps.storage, &info, "retry a packet")?;
    let channel_id = open_channel_id(deps.storage)?;
    let packet = OUTBOX.retry(deps.storage, &env, id, &channel_id, &delivery(&config))?;
    Ok(Response::new()
        .add_message(packet)
        .add_attribute("action", "retry")
        .add_attribute("packet_id", id.to_string()))
}

pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    meter_code_id: Option<u64>,
    meter_settings: Option<MeterSettings>,
    delivery: Option<Delivery>,
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    let mut config = admin_only(deps.storage, &info, "update the settings")?;
    if let Some(code_id) = meter_code_id {
        config.meter_code_id = instantiate::meter_code_id(code_id)?;
    }
    if let Some(settings) = meter_settings {
        config.meter_settings = instantiate::meter_settings(settings)?;
    }
    if let Some(delivery) = delivery {
        config.delivery = instantiate::delivery(delivery)?;
    }
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("meter_code_id", config.meter_code_id.to_string())
        .add_attribute(
            "timeout_seconds",
            config.delivery.timeout_seconds.to_string(),
        )
        .add_attribute("max_attempts", config.delivery.max_attempts.to_string()))
}
