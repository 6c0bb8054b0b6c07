//! Migration of the token through its `migrate` entry point. Everything else is tested through
//! the public interface in packages/testing (token_gate.rs, bank_edges.rs).

use cosmwasm_std::testing::{mock_dependencies, mock_env};
use ledger_contract_kit::GuardError;
use ledger_types::token::MigrateMsg;

use crate::ContractError;
use crate::contract::{CONTRACT_NAME, CONTRACT_VERSION, CW20_BASE_NAME, REGISTRY, migrate};

#[test]
fn a_release_candidate_migrates_to_its_release_and_never_back() {
    let mut deps = mock_dependencies();
    let registry = deps.api.addr_make("registry");
    REGISTRY.save(deps.as_mut().storage, &registry).unwrap();

    // A pre-release orders before its release (it used to compare equal).
    let rc = format!("{CONTRACT_VERSION}-rc.1");
    cw2::set_contract_version(deps.as_mut().storage, CONTRACT_NAME, &rc).unwrap();
    let res = migrate(deps.as_mut(), mock_env(), MigrateMsg { registry: None }).unwrap();
    assert!(
        res.attributes
            .iter()
            .any(|a| a.key == "from_version" && a.value == rc)
    );
    assert_eq!(
        cw2::get_contract_version(deps.as_ref().storage)
            .unwrap()
            .version,
        CONTRACT_VERSION
    );

    // A newer stored version is never migrated down.
    cw2::set_contract_version(deps.as_mut().storage, CONTRACT_NAME, "99.0.0").unwrap();
    assert_eq!(
        migrate(deps.as_mut(), mock_env(), MigrateMsg { registry: None }),
        Err(ContractError::Guard(GuardError::Downgrade {
            stored: "99.0.0".into(),
            current: CONTRACT_VERSION.into(),
        }))
    );
    assert_eq!(
        cw2::get_contract_version(deps.as_ref().storage)
            .unwrap()
            .version,
        "99.0.0"
    );
}

#[test]
fn a_plain_cw20_base_token_is_upgraded_only_with_a_registry() {
    let mut deps = mock_dependencies();
    cw2::set_contract_version(deps.as_mut().storage, CW20_BASE_NAME, "2.0.0").unwrap();
    assert_eq!(
        migrate(deps.as_mut(), mock_env(), MigrateMsg { registry: None }),
        Err(ContractError::RegistryRequired {})
    );
    let registry = deps.api.addr_make("registry");
    migrate(
        deps.as_mut(),
        mock_env(),
        MigrateMsg {
            registry: Some(registry.to_string()),
        },
    )
    .unwrap();
    assert_eq!(REGISTRY.load(deps.as_ref().storage).unwrap(), registry);
    let stored = cw2::get_contract_version(deps.as_ref().storage).unwrap();
    assert_eq!(
        (stored.contract.as_str(), stored.version.as_str()),
        (CONTRACT_NAME, CONTRACT_VERSION)
    );
}

#[test]
fn another_contract_is_not_migrated() {
    let mut deps = mock_dependencies();
    cw2::set_contract_version(deps.as_mut().storage, "crates.io:bank", "0.1.0").unwrap();
    assert_eq!(
        migrate(deps.as_mut(), mock_env(), MigrateMsg { registry: None }),
        Err(ContractError::Guard(GuardError::WrongContract {
            expected: CONTRACT_NAME.into(),
            found: "crates.io:bank".into(),
        }))
    );
}
