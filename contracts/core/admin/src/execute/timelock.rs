//! The time lock on the most dangerous administrator actions: transferring the administrator
//! role (see `admin_transfer`) and changing roles in bulk.
//!
//! Scheduling records a [`TimelockedOperation`] with `effective_at` = now + the configured
//! delay, announces it in the events (`timelock_id`, `effective_at`) and lists it in the
//! `TimelockedOperations` query, so everyone can see it coming. It takes effect only once
//! block time has reached `effective_at`, and the administrator may cancel it before.

use std::collections::BTreeSet;

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Storage};
use ledger_types::admin::{
    MAX_ROLE_CHANGES, MAX_TIMELOCK_DELAY_SECONDS, RoleChange, TimelockedAction, TimelockedOperation,
};

use crate::ContractError;
use crate::ContractResult;
use crate::auth::{ensure_admin, ensure_admin_action};
use crate::execute::participants;
use crate::state::{ADMIN_TRANSFER, NEXT_TIMELOCK_ID, TIMELOCK_DELAY, TIMELOCKED};

/// A delay the registry accepts: at most [`MAX_TIMELOCK_DELAY_SECONDS`].
pub fn validate_delay(seconds: u64) -> ContractResult<u64> {
    if seconds > MAX_TIMELOCK_DELAY_SECONDS {
        return Err(ContractError::InvalidTimelockDelay {
            seconds,
            max: MAX_TIMELOCK_DELAY_SECONDS,
        });
    }
    Ok(seconds)
}

/// Records `action` as a pending operation taking effect after the delay.
pub fn schedule(
    storage: &mut dyn Storage,
    env: &Env,
    by: &Addr,
    action: TimelockedAction,
) -> ContractResult<TimelockedOperation> {
    let id = NEXT_TIMELOCK_ID.may_load(storage)?.unwrap_or(1);
    let delay = TIMELOCK_DELAY.load(storage)?;
    let now = env.block.time.seconds();
    let operation = TimelockedOperation {
        id,
        action,
        scheduled_by: by.clone(),
        scheduled_at: now,
        effective_at: now.saturating_add(delay),
    };
    TIMELOCKED.save(storage, id, &operation)?;
    NEXT_TIMELOCK_ID.save(storage, &id.checked_add(1).ok_or_else(overflow)?)?;
    Ok(operation)
}

fn overflow() -> ContractError {
    ContractError::Std(cosmwasm_std::StdError::generic_err(
        "time-locked operation ids are exhausted",
    ))
}

/// Refuses an operation whose delay has not passed yet.
pub fn ensure_elapsed(env: &Env, operation: &TimelockedOperation) -> ContractResult<()> {
    let now = env.block.time.seconds();
    if now < operation.effective_at {
        return Err(ContractError::TimelockNotElapsed {
            id: operation.id,
            effective_at: operation.effective_at,
            now,
        });
    }
    Ok(())
}

fn load(storage: &dyn Storage, id: u64) -> ContractResult<TimelockedOperation> {
    TIMELOCKED
        .may_load(storage, id)?
        .ok_or(ContractError::TimelockedNotFound { id })
}

/// Administrator: schedules new roles for several participants. Every address must be a
/// registered participant and every role list valid (as for `SetRoles`) now; they are
/// checked again when the change is carried out.
pub fn schedule_role_changes(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    changes: Vec<RoleChange>,
) -> ContractResult {
    ensure_admin_action(deps.storage, &info, "change roles in bulk")?;
    if changes.is_empty() {
        return Err(ContractError::NoRoleChanges {});
    }
    if changes.len() > MAX_ROLE_CHANGES {
        return Err(ContractError::TooManyRoleChanges {
            count: changes.len(),
            max: MAX_ROLE_CHANGES,
        });
    }
    let mut seen = BTreeSet::new();
    let mut normalised = Vec::with_capacity(changes.len());
    for change in changes {
        let address = deps.api.addr_validate(&change.address)?;
        if !seen.insert(address.clone()) {
            return Err(ContractError::DuplicateRoleChange { address });
        }
        participants::load(deps.storage, &address)?;
        crate::validate::roles(&change.roles)?;
        normalised.push(RoleChange {
            address: address.to_string(),
            roles: change.roles,
        });
    }

    let count = normalised.len();
    let operation = schedule(
        deps.storage,
        &env,
        &info.sender,
        TimelockedAction::ChangeRoles {
            changes: normalised,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "schedule_role_changes")
        .add_attribute("timelock_id", operation.id.to_string())
        .add_attribute("effective_at", operation.effective_at.to_string())
        .add_attribute("changes", count.to_string()))
}

/// Administrator: carries out a scheduled role change whose delay has passed.
pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, id: u64) -> ContractResult {
    ensure_admin_action(deps.storage, &info, "carry out time-locked operations")?;
    let operation = load(deps.storage, id)?;
    let TimelockedAction::ChangeRoles { changes } = &operation.action else {
        return Err(ContractError::TransferNeedsAccept { id });
    };
    ensure_elapsed(&env, &operation)?;

    for change in changes {
        let address = deps.api.addr_validate(&change.address)?;
        let participant = participants::load(deps.storage, &address)?;
        participants::replace_roles(deps.storage, participant, change.roles.clone())?;
    }
    TIMELOCKED.remove(deps.storage, id);
    Ok(Response::new()
        .add_attribute("action", "execute_timelocked")
        .add_attribute("timelock_id", id.to_string())
        .add_attribute("changes", changes.len().to_string()))
}

/// Administrator: cancels a pending operation of any kind. Works while paused: it only takes
/// a power away.
pub fn cancel(deps: DepsMut, info: MessageInfo, id: u64) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    ensure_admin(deps.storage, &info.sender, "cancel time-locked operations")?;
    let operation = load(deps.storage, id)?;
    if matches!(operation.action, TimelockedAction::TransferAdmin { .. }) {
        ADMIN_TRANSFER.remove(deps.storage);
    }
    TIMELOCKED.remove(deps.storage, id);
    Ok(Response::new()
        .add_attribute("action", "cancel_timelocked")
        .add_attribute("timelock_id", id.to_string()))
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::mock_env;
    use ledger_types::admin::{
        ExecuteMsg, MAX_ROLE_CHANGES, Participant, QueryMsg, Role, RoleChange, TimelockedAction,
        TimelockedOperation, TimelockedOperationsResponse,
    };

    use crate::ContractError;
    use crate::testing::{
        DELAY, Deps, addr, assert_each_refused, assert_refused, assert_refused_after, exec,
        exec_after, propose_admin, query, setup,
    };

    fn change(name: &str, roles: Vec<Role>) -> RoleChange {
        RoleChange {
            address: addr(name).to_string(),
            roles,
        }
    }

    fn schedule(changes: Vec<RoleChange>) -> ExecuteMsg {
        ExecuteMsg::ScheduleRoleChanges { changes }
    }

    fn pending(deps: &Deps) -> TimelockedOperationsResponse {
        query(
            deps,
            QueryMsg::TimelockedOperations {
                start_after: None,
                limit: None,
            },
        )
    }

    /// Carrying out operation `id` once it would be due: refused as not found.
    fn assert_not_found_when_due(deps: &mut Deps, id: u64) {
        assert_refused_after(
            deps,
            DELAY,
            "admin",
            ExecuteMsg::ExecuteTimelocked { id },
            ContractError::TimelockedNotFound { id },
        );
    }

    fn roles_of(deps: &Deps, name: &str) -> Vec<Role> {
        query::<Participant>(
            deps,
            QueryMsg::Participant {
                address: addr(name).to_string(),
            },
        )
        .roles
    }

    #[test]
    fn scheduling_is_refused_for_strangers_and_bad_batches() {
        let mut deps = setup();
        let many = (0..=MAX_ROLE_CHANGES)
            .map(|_| change("alice", vec![Role::Auditor]))
            .collect();
        let cases = vec![
            (
                "blacklister",
                schedule(vec![change("alice", vec![Role::Guardian])]),
                ContractError::NotAdmin {
                    sender: addr("blacklister"),
                    action: "change roles in bulk".to_string(),
                },
            ),
            ("admin", schedule(vec![]), ContractError::NoRoleChanges {}),
            (
                "admin",
                schedule(many),
                ContractError::TooManyRoleChanges {
                    count: MAX_ROLE_CHANGES + 1,
                    max: MAX_ROLE_CHANGES,
                },
            ),
            (
                "admin",
                schedule(vec![
                    change("alice", vec![Role::Auditor]),
                    change("alice", vec![Role::Guardian]),
                ]),
                ContractError::DuplicateRoleChange {
                    address: addr("alice"),
                },
            ),
            (
                "admin",
                schedule(vec![change("nobody", vec![Role::Auditor])]),
                ContractError::ParticipantNotFound {
                    address: addr("nobody"),
                },
            ),
            (
                "admin",
                schedule(vec![change("bob", vec![Role::Admin])]),
                ContractError::AdminRoleNotGrantable {},
            ),
            (
                "admin",
                schedule(vec![change("bob", vec![])]),
                ContractError::NoRoles {},
            ),
        ];
        assert_each_refused(&mut deps, cases);
        assert!(pending(&deps).operations.is_empty());
    }

    #[test]
    fn role_changes_take_effect_only_after_the_delay() {
        let mut deps = setup();
        let now = mock_env().block.time.seconds();
        let changes = vec![
            change("alice", vec![Role::Consumer, Role::Guardian]),
            change("bob", vec![Role::BankOperator]),
        ];
        let res = exec(&mut deps, "admin", schedule(changes.clone())).unwrap();
        assert_eq!(res.attributes[0].value, "schedule_role_changes");
        assert_eq!(res.attributes[1].value, "1");
        assert_eq!(res.attributes[2].value, (now + DELAY).to_string());
        assert_eq!(
            pending(&deps),
            TimelockedOperationsResponse {
                delay_seconds: DELAY,
                operations: vec![TimelockedOperation {
                    id: 1,
                    action: TimelockedAction::ChangeRoles { changes },
                    scheduled_by: addr("admin"),
                    scheduled_at: now,
                    effective_at: now + DELAY,
                }],
                has_more: false,
            }
        );

        assert_refused_after(
            &mut deps,
            DELAY,
            "alice",
            ExecuteMsg::ExecuteTimelocked { id: 1 },
            ContractError::NotAdmin {
                sender: addr("alice"),
                action: "carry out time-locked operations".to_string(),
            },
        );
        assert_refused_after(
            &mut deps,
            DELAY - 1,
            "admin",
            ExecuteMsg::ExecuteTimelocked { id: 1 },
            ContractError::TimelockNotElapsed {
                id: 1,
                effective_at: now + DELAY,
                now: now + DELAY - 1,
            },
        );
        assert_not_found_when_due(&mut deps, 9);
        assert_eq!(roles_of(&deps, "bob"), vec![Role::Consumer]);

        let res = exec_after(
            &mut deps,
            DELAY,
            "admin",
            ExecuteMsg::ExecuteTimelocked { id: 1 },
        )
        .unwrap();
        assert_eq!(res.attributes[0].value, "execute_timelocked");
        assert_eq!(
            roles_of(&deps, "alice"),
            vec![Role::Consumer, Role::Guardian]
        );
        assert_eq!(roles_of(&deps, "bob"), vec![Role::BankOperator]);
        assert!(pending(&deps).operations.is_empty());
        // Executed once only.
        assert_not_found_when_due(&mut deps, 1);
    }

    #[test]
    fn the_administrator_cancels_before() {
        let mut deps = setup();
        exec(
            &mut deps,
            "admin",
            schedule(vec![change("bob", vec![Role::Blacklister])]),
        )
        .unwrap();
        assert_refused(
            &mut deps,
            "bob",
            ExecuteMsg::CancelTimelocked { id: 1 },
            ContractError::NotAdmin {
                sender: addr("bob"),
                action: "cancel time-locked operations".to_string(),
            },
        );
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::CancelTimelocked { id: 2 },
            ContractError::TimelockedNotFound { id: 2 },
        );
        let res = exec(&mut deps, "admin", ExecuteMsg::CancelTimelocked { id: 1 }).unwrap();
        assert_eq!(res.attributes[0].value, "cancel_timelocked");
        assert_not_found_when_due(&mut deps, 1);
        assert_eq!(roles_of(&deps, "bob"), vec![Role::Consumer]);
    }

    #[test]
    fn an_administrator_transfer_is_listed_and_accepted_not_executed() {
        let mut deps = setup();
        let now = mock_env().block.time.seconds();
        propose_admin(&mut deps, "bob");
        assert_eq!(
            pending(&deps).operations,
            vec![TimelockedOperation {
                id: 1,
                action: TimelockedAction::TransferAdmin { to: addr("bob") },
                scheduled_by: addr("admin"),
                scheduled_at: now,
                effective_at: now + DELAY,
            }]
        );
        assert_refused_after(
            &mut deps,
            DELAY,
            "admin",
            ExecuteMsg::ExecuteTimelocked { id: 1 },
            ContractError::TransferNeedsAccept { id: 1 },
        );
        // Cancelling it by id withdraws the proposal.
        exec(&mut deps, "admin", ExecuteMsg::CancelTimelocked { id: 1 }).unwrap();
        assert_refused_after(
            &mut deps,
            DELAY,
            "bob",
            ExecuteMsg::AcceptAdmin {},
            ContractError::NotProposedAdmin {
                sender: addr("bob"),
            },
        );
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::CancelAdminProposal {},
            ContractError::NoAdminProposal {},
        );
    }
}
