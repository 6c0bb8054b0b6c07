//! Code upgrades: only this contract's own code, and never to an older version.

use cosmwasm_std::DepsMut;
use ledger_contract_kit::migrate::forward_only;
use ledger_types::tariff::MigrateMsg;

use crate::ContractResult;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

/// Refuses another contract's state and any downgrade (in semantic versioning order), then
/// records the new version. Tariffs created before owners were recorded keep no owner; the
/// administrator names one with `SetTariffOwner`.
pub fn migrate(deps: DepsMut, _msg: MigrateMsg) -> ContractResult {
    forward_only(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContractError;
    use crate::contract;
    use crate::testing::Setup;
    use cosmwasm_std::testing::mock_env;
    use cw2::{ContractVersion, get_contract_version, set_contract_version};
    use ledger_contract_kit::GuardError;

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
    fn a_release_candidate_migrates_to_its_release_not_back() {
        let mut s = Setup::new();
        let rc = format!("{CONTRACT_VERSION}-rc.1");
        set_contract_version(&mut s.deps.storage, CONTRACT_NAME, &rc).unwrap();
        contract::migrate(s.deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        assert_eq!(stored(&s).version, CONTRACT_VERSION);
        // A release of the next patch is newer than this code, even though the cores differ
        // only in the patch; a pre-release of it too.
        let (major, minor, patch) = {
            let mut parts = CONTRACT_VERSION
                .split('.')
                .map(|p| p.parse::<u64>().unwrap());
            (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            )
        };
        let newer_rc = format!("{major}.{minor}.{}-rc.1", patch + 1);
        set_contract_version(&mut s.deps.storage, CONTRACT_NAME, &newer_rc).unwrap();
        assert_eq!(
            contract::migrate(s.deps.as_mut(), mock_env(), MigrateMsg {}),
            Err(ContractError::Guard(GuardError::Downgrade {
                stored: newer_rc.clone(),
                current: CONTRACT_VERSION.to_string()
            }))
        );
        assert_eq!(stored(&s).version, newer_rc);
    }

    #[test]
    fn refuses_another_contract_a_downgrade_and_an_unreadable_version_and_keeps_the_state() {
        let cases = [
            (
                "ledger-meter",
                "0.0.1",
                GuardError::WrongContract {
                    expected: CONTRACT_NAME.to_string(),
                    found: "ledger-meter".to_string(),
                },
            ),
            (
                CONTRACT_NAME,
                "99.0.0",
                GuardError::Downgrade {
                    stored: "99.0.0".to_string(),
                    current: CONTRACT_VERSION.to_string(),
                },
            ),
            (
                CONTRACT_NAME,
                "latest",
                GuardError::InvalidVersion {
                    version: "latest".to_string(),
                },
            ),
        ];
        for (name, version, error) in cases {
            let mut s = Setup::new();
            set_contract_version(&mut s.deps.storage, name, version).unwrap();
            assert_eq!(
                contract::migrate(s.deps.as_mut(), mock_env(), MigrateMsg {}),
                Err(ContractError::Guard(error))
            );
            let kept = stored(&s);
            assert_eq!(
                (kept.contract.as_str(), kept.version.as_str()),
                (name, version)
            );
        }
    }
}
