//! Two-step transfer of the administrator role.
//!
//! The administrator proposes an address with `ProposeAdmin`; nothing changes until that
//! address sends `AcceptAdmin`, so the role can never be handed to an address nobody
//! controls. A new proposal replaces the previous one; `CancelAdminProposal` withdraws it.
//! The administrator stays in charge, with every power, until the proposed address accepts.

use cosmwasm_std::{DepsMut, MessageInfo, Response};

use crate::ContractError;
use crate::auth::ensure_admin;
use crate::state::{ADMIN, PENDING_ADMIN};

/// Administrator: offers the role to `address`, replacing any earlier offer.
pub fn propose(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    ensure_admin(deps.storage, &info.sender, "propose a new administrator")?;
    let proposed = deps.api.addr_validate(&address)?;
    if proposed == info.sender {
        return Err(ContractError::AlreadyAdmin { address: proposed });
    }

    PENDING_ADMIN.save(deps.storage, &proposed)?;
    Ok(Response::new()
        .add_attribute("action", "propose_admin")
        .add_attribute("admin", info.sender)
        .add_attribute("proposed", proposed))
}

/// The proposed address: becomes the administrator; the offer is consumed.
pub fn accept(deps: DepsMut, info: MessageInfo) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    if PENDING_ADMIN.may_load(deps.storage)?.as_ref() != Some(&info.sender) {
        return Err(ContractError::NotProposedAdmin {
            sender: info.sender,
        });
    }

    let previous = ADMIN.load(deps.storage)?;
    ADMIN.save(deps.storage, &info.sender)?;
    PENDING_ADMIN.remove(deps.storage);
    Ok(Response::new()
        .add_attribute("action", "accept_admin")
        .add_attribute("previous_admin", previous)
        .add_attribute("admin", info.sender))
}

/// Administrator: withdraws the pending offer.
pub fn cancel(deps: DepsMut, info: MessageInfo) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    ensure_admin(
        deps.storage,
        &info.sender,
        "cancel an administrator proposal",
    )?;
    let Some(proposed) = PENDING_ADMIN.may_load(deps.storage)? else {
        return Err(ContractError::NoAdminProposal {});
    };

    PENDING_ADMIN.remove(deps.storage);
    Ok(Response::new()
        .add_attribute("action", "cancel_admin_proposal")
        .add_attribute("cancelled", proposed))
}

#[cfg(test)]
mod tests {
    use ledger_types::admin::{AdminResponse, ExecuteMsg, QueryMsg, Role};

    use cosmwasm_std::Api;

    use crate::ContractError;
    use crate::testing::{addr, assert_refused, exec, query, setup};

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

    #[test]
    fn only_the_proposed_address_accepts() {
        let mut deps = setup();
        // Nothing proposed yet.
        assert_refused(
            &mut deps,
            "bob",
            ExecuteMsg::AcceptAdmin {},
            ContractError::NotProposedAdmin {
                sender: addr("bob"),
            },
        );
        let bob = addr("bob").to_string();
        exec(
            &mut deps,
            "admin",
            ExecuteMsg::ProposeAdmin { address: bob },
        )
        .unwrap();
        for stranger in ["alice", "admin"] {
            assert_refused(
                &mut deps,
                stranger,
                ExecuteMsg::AcceptAdmin {},
                ContractError::NotProposedAdmin {
                    sender: addr(stranger),
                },
            );
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
        let bob = addr("bob").to_string();
        exec(
            &mut deps,
            "admin",
            ExecuteMsg::ProposeAdmin { address: bob },
        )
        .unwrap();
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
        assert_refused(
            &mut deps,
            "bob",
            ExecuteMsg::AcceptAdmin {},
            ContractError::NotProposedAdmin {
                sender: addr("bob"),
            },
        );
    }

    #[test]
    fn transfer_takes_two_steps() {
        let mut deps = setup();
        let admin = addr("admin");
        let alice = addr("alice");
        let bob = addr("bob");

        // A later proposal replaces an earlier one.
        exec(
            &mut deps,
            "admin",
            ExecuteMsg::ProposeAdmin {
                address: alice.to_string(),
            },
        )
        .unwrap();
        let res = exec(
            &mut deps,
            "admin",
            ExecuteMsg::ProposeAdmin {
                address: bob.to_string(),
            },
        )
        .unwrap();
        assert_eq!(res.attributes[0].value, "propose_admin");
        assert_eq!(
            admin_state(&deps),
            AdminResponse {
                admin: admin.clone(),
                pending: Some(bob.clone())
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

        let res = exec(&mut deps, "bob", ExecuteMsg::AcceptAdmin {}).unwrap();
        assert_eq!(res.attributes[0].value, "accept_admin");
        assert_eq!(
            admin_state(&deps),
            AdminResponse {
                admin: bob.clone(),
                pending: None
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
