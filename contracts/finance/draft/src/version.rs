//! Migration: only this contract, only forward (or to the same version), versions ordered as
//! semantic versioning orders them (`1.0.0-rc` before `1.0.0`).

use cosmwasm_std::{DepsMut, Env, Response};
use ledger_contract_kit::migrate::migrate_forward;
use ledger_types::draft::MigrateMsg;

use crate::ContractError;
use crate::contract::{CONTRACT_NAME, CONTRACT_VERSION};

pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    Ok(migrate_forward(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, mock_env};
    use ledger_contract_kit::GuardError;

    #[test]
    fn migration_refuses_another_contract_and_a_downgrade() {
        let mut deps = mock_dependencies();
        cw2::set_contract_version(&mut deps.storage, "crates.io:bank", "0.1.0").unwrap();
        assert_eq!(
            migrate(deps.as_mut(), mock_env(), MigrateMsg {}),
            Err(ContractError::Guard(GuardError::WrongContract {
                expected: CONTRACT_NAME.into(),
                found: "crates.io:bank".into()
            }))
        );
        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
        assert_eq!(
            migrate(deps.as_mut(), mock_env(), MigrateMsg {}),
            Err(ContractError::Guard(GuardError::Downgrade {
                stored: "99.0.0".into(),
                current: CONTRACT_VERSION.into()
            }))
        );
        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
        let res = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        assert_eq!(res.attributes[0].value, "migrate");
        assert_eq!(
            cw2::get_contract_version(&deps.storage).unwrap().version,
            CONTRACT_VERSION
        );
    }

    #[test]
    fn a_release_candidate_migrates_to_its_release_and_never_back() {
        // The code's own version with a pre-release is older than the code: it migrates.
        let mut deps = mock_dependencies();
        let rc = format!("{CONTRACT_VERSION}-rc.1");
        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, &rc).unwrap();
        migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        assert_eq!(
            cw2::get_contract_version(&deps.storage).unwrap().version,
            CONTRACT_VERSION
        );
        // A stored version whose release is newer than the code's (next patch's rc) is not.
        let mut parts: Vec<u64> = CONTRACT_VERSION
            .split('.')
            .map(|p| p.parse().unwrap())
            .collect();
        parts[2] += 1;
        let newer_rc = format!("{}.{}.{}-rc", parts[0], parts[1], parts[2]);
        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, &newer_rc).unwrap();
        assert_eq!(
            migrate(deps.as_mut(), mock_env(), MigrateMsg {}),
            Err(ContractError::Guard(GuardError::Downgrade {
                stored: newer_rc.clone(),
                current: CONTRACT_VERSION.into()
            }))
        );
    }
}
