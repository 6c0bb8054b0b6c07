//! Instantiation and migration.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use ledger_types::meter::{InstantiateMsg, MigrateMsg};

use crate::contract::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::error::ContractError;
use crate::records::Rules;
use crate::state::{CONFIG, Config, RULES};

/// The sender is the admin contract; it alone may add meters and mirror status changes.
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
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
    RULES.save(deps.storage, &rules);
    CONFIG.save(deps.storage, &config)?;

    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", config.owner)
        .add_attribute("admin_contract", config.admin_contract))
}

/// Refuses another contract's state and any downgrade.
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let stored = cw2::get_contract_version(deps.storage)?;
    if stored.contract != CONTRACT_NAME {
        return Err(ContractError::WrongContract {
            expected: CONTRACT_NAME.to_string(),
            found: stored.contract,
        });
    }
    if parse_version(&stored.version)? > parse_version(CONTRACT_VERSION)? {
        return Err(ContractError::Downgrade {
            from: stored.version,
            to: CONTRACT_VERSION.to_string(),
        });
    }
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", stored.version)
        .add_attribute("to_version", CONTRACT_VERSION))
}

/// `major.minor.patch`, ignoring any pre-release or build suffix.
fn parse_version(version: &str) -> Result<(u64, u64, u64), ContractError> {
    let invalid = || ContractError::InvalidVersion {
        version: version.to_string(),
    };
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let mut parts = core
        .split('.')
        .map(|p| p.parse::<u64>().map_err(|_| invalid()));
    let triple = (
        parts.next().ok_or_else(invalid)??,
        parts.next().ok_or_else(invalid)??,
        parts.next().ok_or_else(invalid)??,
    );
    if parts.next().is_some() {
        return Err(invalid());
    }
    Ok(triple)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse() {
        assert_eq!(parse_version("1.2.3").unwrap(), (1, 2, 3));
        assert_eq!(parse_version("0.10.0-rc.1").unwrap(), (0, 10, 0));
        assert!(parse_version("1.2").is_err());
        assert!(parse_version("1.2.3.4").is_err());
        assert!(parse_version("a.b.c").is_err());
        assert!(parse_version("0.10.0").unwrap() > parse_version("0.9.9").unwrap());
    }
}
