//! Two-step, time-locked transfer of the administrator role.
//!
//! The administrator proposes an address with `ProposeAdmin`: a time-locked operation that
//! is listed by `TimelockedOperations` with the moment it may take effect (now plus the time
//! lock's delay). Nothing changes until that moment has passed and the proposed address sends
//! `AcceptAdmin`, so the role can never be handed to an address nobody controls, nor taken
//! over before everyone had the delay to notice. A new proposal replaces the previous one (and
//! its delay starts again); `CancelAdminProposal` (or `CancelTimelocked`) withdraws it. The
//! administrator stays in charge, with every power, until the proposed address accepts.
//!
//! Why not cw-ownable (a workspace dependency): its two-step transfer stores
//! `Ownership { owner, pending_owner, pending_expiry }`, where the expiry is a deadline by
//! which the offer must be accepted. The rule here is the opposite, a moment before which it
//! may not be: the offer is one of the registry's time-locked operations, listed, replaced and
//! cancelled with the others, under the same delay. Keeping the delay on top of cw-ownable
//! would mean two records of one offer (its `pending_owner` and the time-locked operation)
//! kept in step, and moving the administrator from `admin` to cw-ownable's `ownership` key in
//! a migration of deployed registries, for no rule gained; so the role stays in `ADMIN` and
//! the offer in `TIMELOCKED`.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use ledger_types::admin::TimelockedAction;

use crate::ContractError;
use crate::ContractResult;
use crate::auth::{ensure_admin, ensure_admin_action, ensure_running};
use crate::execute::timelock;
use crate::state::{ADMIN, ADMIN_TRANSFER, TIMELOCKED};

/// Administrator: offers the role to `address`, replacing any earlier offer.
pub fn propose(deps: DepsMut, env: Env, info: MessageInfo, address: String) -> ContractResult {
    ensure_admin_action(deps.storage, &info, "propose a new administrator")?;
    let proposed = deps.api.addr_validate(&address)?;
    if proposed == info.sender {
        return Err(ContractError::AlreadyAdmin { address: proposed });
    }

    if let Some(previous) = ADMIN_TRANSFER.may_load(deps.storage)? {
        TIMELOCKED.remove(deps.storage, previous);
    }
    let operation = timelock::schedule(
        deps.storage,
        &env,
        &info.sender,
        TimelockedAction::TransferAdmin {
            to: proposed.clone(),
        },
    )?;
    ADMIN_TRANSFER.save(deps.storage, &operation.id)?;
    Ok(Response::new()
        .add_attribute("action", "propose_admin")
        .add_attribute("admin", info.sender)
        .add_attribute("proposed", proposed)
        .add_attribute("timelock_id", operation.id.to_string())
        .add_attribute("effective_at", operation.effective_at.to_string()))
}

/// The proposed address, once the delay has passed: becomes the administrator; the offer is
/// consumed.
pub fn accept(deps: DepsMut, env: Env, info: MessageInfo) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    ensure_running(deps.storage)?;
    let pending = match ADMIN_TRANSFER.may_load(deps.storage)? {
        Some(id) => TIMELOCKED.may_load(deps.storage, id)?,
        None => None,
    };
    let Some(operation) = pending.filter(
        |op| matches!(&op.action, TimelockedAction::TransferAdmin { to } if *to == info.sender),
    ) else {
        return Err(ContractError::NotProposedAdmin {
            sender: info.sender,
        });
    };
    timelock::ensure_elapsed(&env, &operation)?;

    let previous = ADMIN.load(deps.storage)?;
    ADMIN.save(deps.storage, &info.sender)?;
    ADMIN_TRANSFER.remove(deps.storage);
    TIMELOCKED.remove(deps.storage, operation.id);
    Ok(Response::new()
        .add_attribute("action", "accept_admin")
        .add_attribute("previous_admin", previous)
        .add_attribute("admin", info.sender)
        .add_attribute("timelock_id", operation.id.to_string()))
}

/// Administrator: withdraws the pending offer. Works while paused: it only takes a power away.
pub fn cancel(deps: DepsMut, info: MessageInfo) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    ensure_admin(
        deps.storage,
        &info.sender,
        "cancel an administrator proposal",
    )?;
    let Some(id) = ADMIN_TRANSFER.may_load(deps.storage)? else {
        return Err(ContractError::NoAdminProposal {});
    };
    let operation = TIMELOCKED.load(deps.storage, id)?;
    let TimelockedAction::TransferAdmin { to } = operation.action else {
        return Err(ContractError::NoAdminProposal {});
    };

    ADMIN_TRANSFER.remove(deps.storage);
    TIMELOCKED.remove(deps.storage, id);
    Ok(Response::new()
        .add_attribute("action", "cancel_admin_proposal")
        .add_attribute("cancelled", to)
        .add_attribute("timelock_id", id.to_string()))
}

#[cfg(test)]
mod tests {
    use ledger_types::admin::{AdminResponse, ExecuteMsg, QueryMsg, Role};

    use cosmwasm_std::Api;

    use crate::ContractError;
    use crate::testing::{
        DELAY, Deps, addr, assert_refused, assert_refused_after, exec, exec_after, propose_admin,
        query, setup,
    };

    fn admin_state(deps: &crate::testing::Deps) -> AdminResponse {
        query(deps, QueryMsg::Admin {})
    }

    #[test]
    fn only_the_admin_proposes() {
        let mut deps = setup();
        let bob = addr("bob").to_string();
        let blacklister = addr("blacklister");
        assert_refused(
            &mut deps,
            "blacklister",
            ExecuteMsg::ProposeAdmin { address: bob },
            ContractError::NotAdmin {
                sender: blacklister,
                action: "propose a new administrator".to_string(),
            },
        );
    }

    #[test]
    fn proposals_are_validated() {
        let mut deps = setup();
        let expected = deps.api.addr_validate("not an address").unwrap_err();
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::ProposeAdmin {
                address: "not an address".to_string(),
            },
            ContractError::Std(expected),
        );
        let admin = addr("admin");
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::ProposeAdmin {
                address: admin.to_string(),
            },
            ContractError::AlreadyAdmin { address: admin },
        );
    }

    /// `sender` accepting the admin role: refused, nothing written.
    fn assert_accept_refused(deps: &mut Deps, sender: &str) {
        let expected = ContractError::NotProposedAdmin {
            sender: addr(sender),
        };
        assert_refused(deps, sender, ExecuteMsg::AcceptAdmin {}, expected);
    }

    #[test]
    fn only_the_proposed_address_accepts() {
        let mut deps = setup();
        // Nothing proposed yet.
        assert_accept_refused(&mut deps, "bob");
        propose_admin(&mut deps, "bob");
        for stranger in ["alice", "admin"] {
            assert_accept_refused(&mut deps, stranger);
        }
    }

    #[test]
    fn cancelling_needs_the_admin_and_a_proposal() {
        let mut deps = setup();
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::CancelAdminProposal {},
            ContractError::NoAdminProposal {},
        );
        propose_admin(&mut deps, "bob");
        assert_refused(
            &mut deps,
            "bob",
            ExecuteMsg::CancelAdminProposal {},
            ContractError::NotAdmin {
                sender: addr("bob"),
                action: "cancel an administrator proposal".to_string(),
            },
        );
        exec(&mut deps, "admin", ExecuteMsg::CancelAdminProposal {}).unwrap();
        assert_eq!(admin_state(&deps).pending, None);
        assert_accept_refused(&mut deps, "bob");
    }

    #[test]
    fn transfer_takes_two_steps() {
        let mut deps = setup();
        let admin = addr("admin");
        let alice = addr("alice");
        let bob = addr("bob");

        // A later proposal replaces an earlier one.
        propose_admin(&mut deps, "alice");
        let res = exec(
            &mut deps,
            "admin",
            ExecuteMsg::ProposeAdmin {
                address: bob.to_string(),
            },
        )
        .unwrap();
        assert_eq!(res.attributes[0].value, "propose_admin");
        let now = cosmwasm_std::testing::mock_env().block.time.seconds();
        assert_eq!(
            admin_state(&deps),
            AdminResponse {
                admin: admin.clone(),
                pending: Some(bob.clone()),
                pending_effective_at: Some(now + DELAY),
            }
        );
        // Until bob accepts, the old administrator keeps the role.
        let has_admin = |deps: &crate::testing::Deps, a: &cosmwasm_std::Addr| -> bool {
            query(
                deps,
                QueryMsg::HasRole {
                    address: a.to_string(),
                    role: Role::Admin,
                },
            )
        };
        assert!(has_admin(&deps, &admin));
        assert!(!has_admin(&deps, &bob));
        assert_eq!(
            exec(&mut deps, "alice", ExecuteMsg::AcceptAdmin {}).unwrap_err(),
            ContractError::NotProposedAdmin {
                sender: alice.clone()
            }
        );

        // Not one second before the delay has passed. The replaced proposal (id 1) is gone;
        // bob's is id 2.
        assert_refused_after(
            &mut deps,
            DELAY - 1,
            "bob",
            ExecuteMsg::AcceptAdmin {},
            ContractError::TimelockNotElapsed {
                id: 2,
                effective_at: now + DELAY,
                now: now + DELAY - 1,
            },
        );
        let res = exec_after(&mut deps, DELAY, "bob", ExecuteMsg::AcceptAdmin {}).unwrap();
        assert_eq!(res.attributes[0].value, "accept_admin");
        assert_eq!(
            admin_state(&deps),
            AdminResponse {
                admin: bob.clone(),
                pending: None,
                pending_effective_at: None,
            }
        );
        assert!(has_admin(&deps, &bob));
        assert!(!has_admin(&deps, &admin));
        // The former administrator has lost its powers.
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::ProposeAdmin {
                address: admin.to_string(),
            },
            ContractError::NotAdmin {
                sender: admin.clone(),
                action: "propose a new administrator".to_string(),
            },
        );
    }
}
