//! Code upgrades: only this contract, never to an older version.

use cosmwasm_std::{DepsMut, Response};

use crate::ContractError;
use crate::contract::{CONTRACT_NAME, CONTRACT_VERSION};

/// Accepts a migration from the same contract at the same or an older version.
pub fn migrate(deps: DepsMut) -> Result<Response, ContractError> {
    let stored = cw2::get_contract_version(deps.storage)?;
    if stored.contract != CONTRACT_NAME {
        return Err(ContractError::WrongContract {
            stored: stored.contract,
            expected: CONTRACT_NAME.to_string(),
        });
    }
    if parse_version(&stored.version)? > parse_version(CONTRACT_VERSION)? {
        return Err(ContractError::Downgrade {
            stored: stored.version,
            new: CONTRACT_VERSION.to_string(),
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
    use cosmwasm_std::testing::{mock_dependencies, mock_env};
    use ledger_types::admin::MigrateMsg;

    use super::*;
    use crate::contract;

    #[test]
    fn versions_parse() {
        assert_eq!(parse_version("1.2.3"), Ok((1, 2, 3)));
        assert_eq!(parse_version("0.10.0-rc.1"), Ok((0, 10, 0)));
        assert!(parse_version("1.2").is_err());
        assert!(parse_version("1.2.3.4").is_err());
        assert!(parse_version("one.2.3").is_err());
    }

    #[test]
    fn refuses_other_contracts_and_downgrades() {
        let mut deps = mock_dependencies();
        cw2::set_contract_version(&mut deps.storage, "crates.io:cw20-base", "0.1.0").unwrap();
        assert_eq!(
            contract::migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err(),
            ContractError::WrongContract {
                stored: "crates.io:cw20-base".to_string(),
                expected: CONTRACT_NAME.to_string()
            }
        );

        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
        assert_eq!(
            contract::migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err(),
            ContractError::Downgrade {
                stored: "99.0.0".to_string(),
                new: CONTRACT_VERSION.to_string()
            }
        );

        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
        contract::migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        assert_eq!(
            cw2::get_contract_version(&deps.storage).unwrap().version,
            CONTRACT_VERSION
        );
    }
}
