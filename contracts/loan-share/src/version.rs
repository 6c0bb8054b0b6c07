//! Migration: only this contract, only forward (or to the same version).

use cosmwasm_std::{DepsMut, Env, Response};
use ledger_types::loan_share::MigrateMsg;

use crate::ContractError;
use crate::contract::{CONTRACT_NAME, CONTRACT_VERSION};

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
            stored: stored.version,
            current: CONTRACT_VERSION.to_string(),
        });
    }
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", stored.version)
        .add_attribute("to_version", CONTRACT_VERSION))
}

/// `major.minor.patch` as numbers; a pre-release or build suffix is ignored.
pub fn parse_version(version: &str) -> Result<(u64, u64, u64), ContractError> {
    let invalid = || ContractError::InvalidVersion {
        version: version.to_string(),
    };
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let mut parts = core.split('.').map(|part| part.parse::<u64>());
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(Ok(major)), Some(Ok(minor)), Some(Ok(patch)), None) => Ok((major, minor, patch)),
        _ => Err(invalid()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, mock_env};

    #[test]
    fn versions_parse_as_number_triples() {
        assert_eq!(parse_version("1.2.3"), Ok((1, 2, 3)));
        assert_eq!(parse_version("0.10.0-rc.1"), Ok((0, 10, 0)));
        assert_eq!(
            parse_version("1.2"),
            Err(ContractError::InvalidVersion {
                version: "1.2".into()
            })
        );
    }

    #[test]
    fn migration_refuses_another_contract_and_a_downgrade() {
        let mut deps = mock_dependencies();
        cw2::set_contract_version(&mut deps.storage, "crates.io:draft", "0.1.0").unwrap();
        assert_eq!(
            migrate(deps.as_mut(), mock_env(), MigrateMsg {}),
            Err(ContractError::WrongContract {
                expected: CONTRACT_NAME.into(),
                found: "crates.io:draft".into()
            })
        );
        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
        assert_eq!(
            migrate(deps.as_mut(), mock_env(), MigrateMsg {}),
            Err(ContractError::Downgrade {
                stored: "99.0.0".into(),
                current: CONTRACT_VERSION.into()
            })
        );
        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
        let res = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        assert_eq!(res.attributes[0].value, "migrate");
        assert_eq!(
            cw2::get_contract_version(&deps.storage).unwrap().version,
            CONTRACT_VERSION
        );
    }
}
