//! Forward-only migration: the stored contract name must match, and the stored version must
//! not be newer than the code's, ordered as semantic versioning orders them (so `1.0.0-rc`
//! comes before `1.0.0`, and `1.0.0-rc.2` before `1.0.0-rc.10`).

use cosmwasm_std::{Response, Storage};
use semver::Version;

use crate::GuardError;

fn parse(version: &str) -> Result<Version, GuardError> {
    Version::parse(version).map_err(|_| GuardError::InvalidVersion {
        version: version.to_string(),
    })
}

/// Checks the stored cw2 version against `name` and `version`, records the new one, and
/// answers with the `migrate` event. Migrating to the same version is allowed (it re-runs
/// the contract's own state upgrades, which are idempotent).
pub fn migrate_forward(
    storage: &mut dyn Storage,
    name: &str,
    version: &str,
) -> Result<Response, GuardError> {
    let stored = cw2::get_contract_version(storage)?;
    if stored.contract != name {
        return Err(GuardError::WrongContract {
            expected: name.to_string(),
            found: stored.contract,
        });
    }
    if parse(&stored.version)? > parse(version)? {
        return Err(GuardError::Downgrade {
            stored: stored.version,
            current: version.to_string(),
        });
    }
    cw2::set_contract_version(storage, name, version)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", stored.version)
        .add_attribute("to_version", version))
}

/// The whole of `migrate` for a contract with no state of its own to upgrade:
/// [`migrate_forward`], refusing with the contract's own error type.
///
/// ```ignore
/// pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> ContractResult {
///     forward_only(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)
/// }
/// ```
pub fn forward_only<E: From<GuardError>>(
    storage: &mut dyn Storage,
    name: &str,
    version: &str,
) -> Result<Response, E> {
    Ok(migrate_forward(storage, name, version)?)
}

/// Checks a contract's own `migrate` against the forward-only rules, for the contracts' unit
/// tests (feature `testing`).
#[cfg(any(test, feature = "testing"))]
pub mod testing {
    use std::fmt::Debug;

    use cosmwasm_std::testing::mock_dependencies;
    use cosmwasm_std::{DepsMut, Response};

    use crate::GuardError;

    /// `migrate` (the contract's, under cw2 name `name` at `version`) refuses the state of the
    /// contract named `other` and a downgrade with the guard's errors, and migrates an older
    /// version, a release candidate of its own version, but not one of the next patch.
    pub fn assert_forward_only<E>(
        name: &str,
        version: &str,
        other: &str,
        migrate: impl Fn(DepsMut) -> Result<Response, E>,
    ) where
        E: Debug + PartialEq + From<GuardError>,
    {
        let mut deps = mock_dependencies();
        let stored_version = |deps: &cosmwasm_std::OwnedDeps<_, _, _>| {
            cw2::get_contract_version(&deps.storage).unwrap().version
        };
        cw2::set_contract_version(&mut deps.storage, other, "0.1.0").unwrap();
        assert_eq!(
            migrate(deps.as_mut()),
            Err(GuardError::WrongContract {
                expected: name.into(),
                found: other.into()
            }
            .into())
        );
        cw2::set_contract_version(&mut deps.storage, name, "99.0.0").unwrap();
        assert_eq!(
            migrate(deps.as_mut()),
            Err(GuardError::Downgrade {
                stored: "99.0.0".into(),
                current: version.into()
            }
            .into())
        );
        cw2::set_contract_version(&mut deps.storage, name, "0.0.1").unwrap();
        let res = migrate(deps.as_mut()).unwrap();
        assert_eq!(res.attributes[0].value, "migrate");
        assert_eq!(stored_version(&deps), version);

        // The code's own version with a pre-release is older than the code: it migrates.
        let rc = format!("{version}-rc.1");
        cw2::set_contract_version(&mut deps.storage, name, &rc).unwrap();
        migrate(deps.as_mut()).unwrap();
        assert_eq!(stored_version(&deps), version);
        // A stored version whose release is newer than the code's (next patch's rc) is not.
        let mut parts: Vec<u64> = version.split('.').map(|p| p.parse().unwrap()).collect();
        parts[2] += 1;
        let newer_rc = format!("{}.{}.{}-rc", parts[0], parts[1], parts[2]);
        cw2::set_contract_version(&mut deps.storage, name, &newer_rc).unwrap();
        assert_eq!(
            migrate(deps.as_mut()),
            Err(GuardError::Downgrade {
                stored: newer_rc.clone(),
                current: version.into()
            }
            .into())
        );
    }
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::MockStorage;

    use super::*;

    fn stored(version: &str) -> MockStorage {
        let mut storage = MockStorage::new();
        cw2::set_contract_version(&mut storage, "ledger-bank", version).unwrap();
        storage
    }

    #[test]
    fn pre_releases_order_as_semver_says() {
        // A release candidate upgrades to its release, never the other way round.
        assert!(migrate_forward(&mut stored("1.0.0-rc"), "ledger-bank", "1.0.0").is_ok());
        assert_eq!(
            migrate_forward(&mut stored("1.0.0"), "ledger-bank", "1.0.0-rc"),
            Err(GuardError::Downgrade {
                stored: "1.0.0".into(),
                current: "1.0.0-rc".into()
            })
        );
        assert!(migrate_forward(&mut stored("1.0.0-rc.2"), "ledger-bank", "1.0.0-rc.10").is_ok());
        assert!(migrate_forward(&mut stored("0.9.9"), "ledger-bank", "0.10.0").is_ok());
        assert!(migrate_forward(&mut stored("0.1.0"), "ledger-bank", "0.1.0").is_ok());
    }

    #[test]
    fn another_contract_or_a_bad_version_is_refused_and_nothing_is_written() {
        let mut storage = stored("0.1.0");
        assert_eq!(
            migrate_forward(&mut storage, "ledger-meter", "0.2.0"),
            Err(GuardError::WrongContract {
                expected: "ledger-meter".into(),
                found: "ledger-bank".into()
            })
        );
        assert_eq!(
            migrate_forward(&mut storage, "ledger-bank", "2"),
            Err(GuardError::InvalidVersion {
                version: "2".into()
            })
        );
        assert_eq!(
            cw2::get_contract_version(&storage).unwrap().version,
            "0.1.0"
        );
    }
}
