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
