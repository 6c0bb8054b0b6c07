//! Execute handlers. Each checks funds, then the sender, then the input, and writes only once
//! every check has passed.

pub mod bills;
pub mod regions;
pub mod routing;

use cosmwasm_std::{MessageInfo, QuerierWrapper, Storage};
use ledger_contract_kit::Registry;
use ledger_types::admin::Role;

use crate::state::{CONFIG, Config};
use crate::{ContractError, ContractResult};

/// Refuses funds and anyone but the registry's administrator (asked of the registry, so the
/// administrator's transfer there moves this power too).
fn ensure_admin(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    info: &MessageInfo,
) -> ContractResult<Config> {
    cw_utils::nonpayable(info)?;
    let config = CONFIG.load(storage)?;
    Registry::new(config.registry.clone()).ensure_role(
        querier,
        &info.sender,
        Role::Admin,
        |sender| ContractError::NotAdmin { sender },
    )?;
    Ok(config)
}

/// Refuses funds and anyone but the registry itself.
fn ensure_registry(storage: &dyn Storage, info: &MessageInfo) -> ContractResult<Config> {
    cw_utils::nonpayable(info)?;
    let config = CONFIG.load(storage)?;
    if info.sender != config.registry {
        return Err(ContractError::NotRegistry {
            registry: config.registry,
            sender: info.sender.clone(),
        });
    }
    Ok(config)
}

/// Refuses funds and anyone but the bank.
fn ensure_bank(storage: &dyn Storage, info: &MessageInfo) -> ContractResult<Config> {
    cw_utils::nonpayable(info)?;
    let config = CONFIG.load(storage)?;
    if info.sender != config.bank {
        return Err(ContractError::NotBank {
            bank: config.bank,
            sender: info.sender.clone(),
        });
    }
    Ok(config)
}
