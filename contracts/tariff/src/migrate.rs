//! Code upgrades: only this contract's own code, and never to an older version.

use cosmwasm_std::{DepsMut, Response};
use cw2::{get_contract_version, set_contract_version};
use ledger_types::tariff::MigrateMsg;

use crate::ContractError;
use crate::contract::{CONTRACT_NAME, CONTRACT_VERSION};

/// Refuses another contract's state and any downgrade, then records the new version.
pub fn migrate(deps: DepsMut, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let stored = get_contract_version(deps.storage)?;
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
    set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", stored.version)
        .add_attribute("to_version", CONTRACT_VERSION))
}

/// `major.minor.patch` as a comparable triple; a pre-release or build suffix is ignored.
pub fn parse_version(version: &str) -> Result<(u64, u64, u64), ContractError> {
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
    use crate::contract;
    use crate::testing::Setup;
    use cosmwasm_std::testing::mock_env;
    use cw2::ContractVersion;

    #[test]
    fn versions_parse() {
        assert_eq!(parse_version("0.1.0"), Ok((0, 1, 0)));
        assert_eq!(parse_version("1.20.3-rc.1"), Ok((1, 20, 3)));
        assert_eq!(parse_version("2.0.0+build.5"), Ok((2, 0, 0)));
        for bad in ["", "1", "1.2", "1.2.3.4", "a.b.c", "1..2"] {
            assert_eq!(
                parse_version(bad),
                Err(ContractError::InvalidVersion {
                    version: bad.to_string()
                }),
                "{bad}"
            );
        }
    }

    fn stored(s: &Setup) -> ContractVersion {
        get_contract_version(&s.deps.storage).unwrap()
    }

    #[test]
    fn migrates_from_an_older_or_equal_version() {
        let mut s = Setup::new();
        set_contract_version(&mut s.deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
        let res = contract::migrate(s.deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        assert_eq!(res.attributes[0].value, "migrate");
        assert_eq!(res.attributes[1].value, "0.0.1");
        assert_eq!(stored(&s).version, CONTRACT_VERSION);
        // Same version again is allowed.
        contract::migrate(s.deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        assert_eq!(stored(&s).version, CONTRACT_VERSION);
    }

    #[test]
    fn refuses_another_contract() {
        let mut s = Setup::new();
        set_contract_version(&mut s.deps.storage, "crates.io:meter", "0.0.1").unwrap();
        assert_eq!(
            contract::migrate(s.deps.as_mut(), mock_env(), MigrateMsg {}),
            Err(ContractError::WrongContract {
                expected: CONTRACT_NAME.to_string(),
                found: "crates.io:meter".to_string()
            })
        );
        assert_eq!(stored(&s).contract, "crates.io:meter");
    }

    #[test]
    fn refuses_a_downgrade() {
        let mut s = Setup::new();
        set_contract_version(&mut s.deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
        assert_eq!(
            contract::migrate(s.deps.as_mut(), mock_env(), MigrateMsg {}),
            Err(ContractError::Downgrade {
                from: "99.0.0".to_string(),
                to: CONTRACT_VERSION.to_string()
            })
        );
        assert_eq!(stored(&s).version, "99.0.0");
    }

    #[test]
    fn refuses_an_unreadable_stored_version() {
        let mut s = Setup::new();
        set_contract_version(&mut s.deps.storage, CONTRACT_NAME, "latest").unwrap();
        assert_eq!(
            contract::migrate(s.deps.as_mut(), mock_env(), MigrateMsg {}),
            Err(ContractError::InvalidVersion {
                version: "latest".to_string()
            })
        );
    }
}
