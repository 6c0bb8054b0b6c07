//! Code upgrades: only this contract, never to an older version (semantic versioning order,
//! so `1.0.0-rc` < `1.0.0`), plus the state the time lock needs.

use cosmwasm_std::{DepsMut, Env};
use ledger_types::admin::{DEFAULT_TIMELOCK_DELAY_SECONDS, MigrateMsg, TimelockedAction};

use crate::ContractResult;
use crate::execute::timelock;
use crate::state::{ADMIN, ADMIN_TRANSFER, LEGACY_PENDING_ADMIN, TIMELOCK_DELAY};
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

/// Accepts a migration from the same contract at the same or an older version. Sets the
/// time-lock delay (the message's, else the stored one, else the default), and turns an
/// administrator proposal made before the time lock existed into a time-locked one whose
/// delay starts now.
pub fn migrate(deps: DepsMut, env: Env, msg: MigrateMsg) -> ContractResult {
    let delay = match msg.timelock_delay_seconds {
        Some(seconds) => timelock::validate_delay(seconds)?,
        None => TIMELOCK_DELAY
            .may_load(deps.storage)?
            .unwrap_or(DEFAULT_TIMELOCK_DELAY_SECONDS),
    };
    let response = ledger_contract_kit::migrate::migrate_forward(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?;
    TIMELOCK_DELAY.save(deps.storage, &delay)?;
    let mut response = response.add_attribute("timelock_delay_seconds", delay.to_string());
    if let Some(proposed) = LEGACY_PENDING_ADMIN.may_load(deps.storage)? {
        LEGACY_PENDING_ADMIN.remove(deps.storage);
        let admin = ADMIN.load(deps.storage)?;
        let operation = timelock::schedule(
            deps.storage,
            &env,
            &admin,
            TimelockedAction::TransferAdmin { to: proposed },
        )?;
        ADMIN_TRANSFER.save(deps.storage, &operation.id)?;
        response = response
            .add_attribute("timelock_id", operation.id.to_string())
            .add_attribute("effective_at", operation.effective_at.to_string());
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::{mock_dependencies, mock_env};
    use ledger_contract_kit::GuardError;
    use ledger_types::admin::{AdminResponse, QueryMsg, TimelockedOperationsResponse};

    use super::*;
    use crate::ContractError;
    use crate::contract;
    use crate::testing::{addr, instantiated, query, snapshot};

    fn migrate_msg(delay: Option<u64>) -> MigrateMsg {
        MigrateMsg {
            timelock_delay_seconds: delay,
        }
    }

    #[test]
    fn refuses_other_contracts_and_downgrades() {
        let mut deps = mock_dependencies();
        cw2::set_contract_version(&mut deps.storage, "cw20-base", "0.1.0").unwrap();
        assert_eq!(
            contract::migrate(deps.as_mut(), mock_env(), migrate_msg(None)).unwrap_err(),
            ContractError::Guard(GuardError::WrongContract {
                found: "cw20-base".to_string(),
                expected: CONTRACT_NAME.to_string()
            })
        );

        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
        assert_eq!(
            contract::migrate(deps.as_mut(), mock_env(), migrate_msg(None)).unwrap_err(),
            ContractError::Guard(GuardError::Downgrade {
                stored: "99.0.0".to_string(),
                current: CONTRACT_VERSION.to_string()
            })
        );
    }

    #[test]
    fn a_release_candidate_is_older_than_its_release() {
        // The code is 0.1.0: a stored 0.1.0-rc.1 upgrades to it; a stored 0.1.1-rc.1 is newer.
        let mut deps = instantiated();
        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.1.1-rc.1").unwrap();
        let before = snapshot(&deps);
        assert_eq!(
            contract::migrate(deps.as_mut(), mock_env(), migrate_msg(None)).unwrap_err(),
            ContractError::Guard(GuardError::Downgrade {
                stored: "0.1.1-rc.1".to_string(),
                current: CONTRACT_VERSION.to_string()
            })
        );
        assert_eq!(snapshot(&deps), before);

        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.1.0-rc.1").unwrap();
        contract::migrate(deps.as_mut(), mock_env(), migrate_msg(None)).unwrap();
        assert_eq!(
            cw2::get_contract_version(&deps.storage).unwrap().version,
            CONTRACT_VERSION
        );
    }

    #[test]
    fn a_bad_delay_is_refused_and_a_good_one_kept() {
        let mut deps = instantiated();
        let before = snapshot(&deps);
        assert_eq!(
            contract::migrate(deps.as_mut(), mock_env(), migrate_msg(Some(31 * 24 * 3600)))
                .unwrap_err(),
            ContractError::InvalidTimelockDelay {
                seconds: 31 * 24 * 3600,
                max: 30 * 24 * 3600
            }
        );
        assert_eq!(snapshot(&deps), before);
        contract::migrate(deps.as_mut(), mock_env(), migrate_msg(Some(600))).unwrap();
        let ops: TimelockedOperationsResponse = query(
            &deps,
            QueryMsg::TimelockedOperations {
                start_after: None,
                limit: None,
            },
        );
        assert_eq!(ops.delay_seconds, 600);
        // Without a delay in the message, the stored one stays.
        contract::migrate(deps.as_mut(), mock_env(), migrate_msg(None)).unwrap();
        assert_eq!(TIMELOCK_DELAY.load(&deps.storage).unwrap(), 600);
    }

    #[test]
    fn an_old_registry_gets_the_default_delay_and_its_proposal_is_time_locked() {
        let mut deps = instantiated();
        // The state of a registry from before the time lock: no delay, a plain proposal.
        TIMELOCK_DELAY.remove(&mut deps.storage);
        let bob = addr("bob");
        LEGACY_PENDING_ADMIN.save(&mut deps.storage, &bob).unwrap();
        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.0.9").unwrap();

        let env = mock_env();
        contract::migrate(deps.as_mut(), env.clone(), migrate_msg(None)).unwrap();
        assert_eq!(
            TIMELOCK_DELAY.load(&deps.storage).unwrap(),
            DEFAULT_TIMELOCK_DELAY_SECONDS
        );
        assert!(
            LEGACY_PENDING_ADMIN
                .may_load(&deps.storage)
                .unwrap()
                .is_none()
        );
        let admin: AdminResponse = query(&deps, QueryMsg::Admin {});
        assert_eq!(
            admin,
            AdminResponse {
                admin: addr("admin"),
                pending: Some(bob),
                pending_effective_at: Some(
                    env.block.time.seconds() + DEFAULT_TIMELOCK_DELAY_SECONDS
                ),
            }
        );
    }
}
