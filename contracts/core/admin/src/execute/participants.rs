//! Participants: registration, roles and status, all decided by the administrator.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Storage, WasmMsg, to_json_binary};
use ledger_types::admin::{Participant, ParticipantStatus, Role};
use ledger_types::{meter, router};

use crate::ContractError;
use crate::ContractResult;
use crate::auth::{ensure_admin, ensure_admin_action, ensure_running};
use crate::state::{CONFIG, PARTICIPANTS, REGIONAL_OWNERS, ROLE_INDEX};
use crate::validate;

/// The participant at `address`, or a typed error naming it.
pub fn load(storage: &dyn Storage, address: &Addr) -> ContractResult<Participant> {
    PARTICIPANTS
        .may_load(storage, address)?
        .ok_or_else(|| ContractError::ParticipantNotFound {
            address: address.clone(),
        })
}

fn roles_attribute(roles: &[Role]) -> String {
    roles.iter().map(Role::as_str).collect::<Vec<_>>().join(",")
}

/// Whether the participant's meter contract must refuse its readings: while it is blacklisted
/// or suspended.
pub fn owner_blocked(participant: &Participant) -> bool {
    participant.blacklisted.is_some() || participant.status == ParticipantStatus::Suspended
}

/// Adds to `response` the message telling the participant's meter contract, if it has one,
/// whether to refuse the owner's readings ([`owner_blocked`]); for a consumer whose meters are
/// regional, the router, which carries it to the region. Sent whenever the blacklisting or the
/// status changes, so that lifting one of them keeps the other in force.
pub fn mirror_blocked(
    storage: &dyn Storage,
    response: Response,
    participant: &Participant,
) -> ContractResult {
    let blocked = owner_blocked(participant);
    let (contract, msg) = match &participant.meter_contract {
        Some(contract) => (
            contract.clone(),
            to_json_binary(&meter::ExecuteMsg::SetOwnerBlocked { blocked })?,
        ),
        None => {
            if !REGIONAL_OWNERS.has(storage, &participant.address) {
                return Ok(response);
            }
            let router = CONFIG
                .load(storage)?
                .router
                .ok_or(ContractError::NoRouter {})?;
            let standing = router::ExecuteMsg::OwnerStanding {
                consumer: participant.address.to_string(),
                blocked,
            };
            (router, to_json_binary(&standing)?)
        }
    };
    let msg = WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg,
        funds: vec![],
    };
    Ok(response
        .add_message(msg)
        .add_attribute("meter_contract", contract)
        .add_attribute("owner_blocked", blocked.to_string()))
}

/// Replaces a participant's roles and the role index (roles already validated).
pub fn replace_roles(
    storage: &mut dyn Storage,
    mut participant: Participant,
    roles: Vec<Role>,
) -> ContractResult<Participant> {
    let address = participant.address.clone();
    for role in &participant.roles {
        ROLE_INDEX.remove(storage, (role.as_str(), &address));
    }
    for role in &roles {
        ROLE_INDEX.save(storage, (role.as_str(), &address), &())?;
    }
    participant.roles = roles;
    PARTICIPANTS.save(storage, &address, &participant)?;
    Ok(participant)
}

/// The response of an action that leaves `address` with `roles`.
fn roles_response(action: &str, address: &Addr, roles: &[Role]) -> Response {
    Response::new()
        .add_attribute("action", action)
        .add_attribute("address", address)
        .add_attribute("roles", roles_attribute(roles))
}

pub fn register(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    address: String,
    name: String,
    roles: Vec<Role>,
) -> ContractResult {
    ensure_admin_action(deps.storage, &info, "register participants")?;
    let address = deps.api.addr_validate(&address)?;
    if PARTICIPANTS.has(deps.storage, &address) {
        return Err(ContractError::ParticipantExists { address });
    }
    validate::name(&name)?;
    validate::roles(&roles)?;

    for role in &roles {
        ROLE_INDEX.save(deps.storage, (role.as_str(), &address), &())?;
    }
    let participant = Participant {
        address: address.clone(),
        name,
        roles,
        status: ParticipantStatus::Active,
        blacklisted: None,
        meter_contract: None,
        registered_at: env.block.time.seconds(),
    };
    PARTICIPANTS.save(deps.storage, &address, &participant)?;
    Ok(roles_response(
        "register_participant",
        &address,
        &participant.roles,
    ))
}

pub fn set_roles(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
    roles: Vec<Role>,
) -> ContractResult {
    ensure_admin_action(deps.storage, &info, "change participants' roles")?;
    let address = deps.api.addr_validate(&address)?;
    let participant = load(deps.storage, &address)?;
    validate::roles(&roles)?;

    let participant = replace_roles(deps.storage, participant, roles)?;
    Ok(roles_response("set_roles", &address, &participant.roles))
}

pub fn set_status(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
    status: ParticipantStatus,
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    // Suspending only takes powers away: it works while the registry is paused.
    if status == ParticipantStatus::Active {
        ensure_running(deps.storage)?;
    }
    ensure_admin(deps.storage, &info.sender, "change participants' status")?;
    let address = deps.api.addr_validate(&address)?;
    let mut participant = load(deps.storage, &address)?;
    if participant.status == status {
        return Err(ContractError::ParticipantStatusUnchanged {
            address,
            status: status.as_str().to_string(),
        });
    }

    participant.status = status;
    PARTICIPANTS.save(deps.storage, &address, &participant)?;
    let response = Response::new()
        .add_attribute("action", "set_participant_status")
        .add_attribute("address", address)
        .add_attribute("status", status.as_str());
    mirror_blocked(deps.storage, response, &participant)
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::Api;
    use cosmwasm_std::testing::mock_env;
    use ledger_types::admin::{
        ExecuteMsg, Participant, ParticipantStatus, ParticipantsResponse, QueryMsg, Role,
    };

    use crate::ContractError;
    use crate::testing::{addr, assert_refused, exec, query, setup};

    fn register(address: &str, name: &str, roles: Vec<Role>) -> ExecuteMsg {
        ExecuteMsg::RegisterParticipant {
            address: address.to_string(),
            name: name.to_string(),
            roles,
        }
    }

    fn by_role(deps: &crate::testing::Deps, role: Role) -> Vec<String> {
        let res: ParticipantsResponse = query(
            deps,
            QueryMsg::Participants {
                role: Some(role),
                start_after: None,
                limit: None,
            },
        );
        res.participants
            .into_iter()
            .map(|p| p.address.to_string())
            .collect()
    }

    #[test]
    fn register_records_the_participant() {
        let mut deps = setup();
        let dave = addr("dave");
        let res = exec(
            &mut deps,
            "admin",
            register(
                dave.as_str(),
                "Dave",
                vec![Role::Auditor, Role::BankOperator],
            ),
        )
        .unwrap();
        assert_eq!(res.attributes[0].value, "register_participant");
        assert_eq!(res.attributes[2].value, "auditor,bank_operator");
        let p: Participant = query(
            &deps,
            QueryMsg::Participant {
                address: dave.to_string(),
            },
        );
        assert_eq!(
            p,
            Participant {
                address: dave.clone(),
                name: "Dave".to_string(),
                roles: vec![Role::Auditor, Role::BankOperator],
                status: ParticipantStatus::Active,
                blacklisted: None,
                meter_contract: None,
                registered_at: mock_env().block.time.seconds(),
            }
        );
        assert_eq!(by_role(&deps, Role::Auditor), vec![dave.to_string()]);
        assert_eq!(by_role(&deps, Role::BankOperator), vec![dave.to_string()]);
    }

    #[test]
    fn register_refusals() {
        let mut deps = setup();
        let dave = addr("dave").to_string();
        assert_refused(
            &mut deps,
            "blacklister",
            register(&dave, "Dave", vec![Role::Consumer]),
            ContractError::NotAdmin {
                sender: addr("blacklister"),
                action: "register participants".to_string(),
            },
        );
        let bad = deps.api.addr_validate("dave").unwrap_err();
        assert_refused(
            &mut deps,
            "admin",
            register("dave", "Dave", vec![Role::Consumer]),
            ContractError::Std(bad),
        );
        assert_refused(
            &mut deps,
            "admin",
            register(addr("alice").as_str(), "Alice again", vec![Role::Consumer]),
            ContractError::ParticipantExists {
                address: addr("alice"),
            },
        );
        assert_refused(
            &mut deps,
            "admin",
            register(&dave, "", vec![Role::Consumer]),
            ContractError::InvalidName { len: 0, max: 128 },
        );
        assert_refused(
            &mut deps,
            "admin",
            register(&dave, &"d".repeat(129), vec![Role::Consumer]),
            ContractError::InvalidName { len: 129, max: 128 },
        );
        assert_refused(
            &mut deps,
            "admin",
            register(&dave, "Dave", vec![]),
            ContractError::NoRoles {},
        );
        assert_refused(
            &mut deps,
            "admin",
            register(&dave, "Dave", vec![Role::Consumer, Role::Consumer]),
            ContractError::DuplicateRole {
                role: "consumer".to_string(),
            },
        );
        assert_refused(
            &mut deps,
            "admin",
            register(&dave, "Dave", vec![Role::Auditor, Role::Admin]),
            ContractError::AdminRoleNotGrantable {},
        );
    }

    #[test]
    fn set_roles_replaces_roles_and_the_index() {
        let mut deps = setup();
        let alice = addr("alice");
        let set = |roles: Vec<Role>| ExecuteMsg::SetRoles {
            address: alice.to_string(),
            roles,
        };
        assert_refused(
            &mut deps,
            "alice",
            set(vec![Role::Retailer]),
            ContractError::NotAdmin {
                sender: alice.clone(),
                action: "change participants' roles".to_string(),
            },
        );
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::SetRoles {
                address: addr("nobody").to_string(),
                roles: vec![Role::Retailer],
            },
            ContractError::ParticipantNotFound {
                address: addr("nobody"),
            },
        );
        let bad = deps.api.addr_validate("alice").unwrap_err();
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::SetRoles {
                address: "alice".to_string(),
                roles: vec![Role::Retailer],
            },
            ContractError::Std(bad),
        );
        assert_refused(&mut deps, "admin", set(vec![]), ContractError::NoRoles {});
        assert_refused(
            &mut deps,
            "admin",
            set(vec![Role::Admin]),
            ContractError::AdminRoleNotGrantable {},
        );
        assert_refused(
            &mut deps,
            "admin",
            set(vec![Role::Auditor, Role::Auditor]),
            ContractError::DuplicateRole {
                role: "auditor".to_string(),
            },
        );

        assert!(by_role(&deps, Role::Consumer).contains(&alice.to_string()));
        let res = exec(&mut deps, "admin", set(vec![Role::Retailer, Role::Auditor])).unwrap();
        assert_eq!(res.attributes[0].value, "set_roles");
        assert!(!by_role(&deps, Role::Consumer).contains(&alice.to_string()));
        assert!(by_role(&deps, Role::Retailer).contains(&alice.to_string()));
        assert_eq!(by_role(&deps, Role::Auditor), vec![alice.to_string()]);
        let p: Participant = query(
            &deps,
            QueryMsg::Participant {
                address: alice.to_string(),
            },
        );
        assert_eq!(p.roles, vec![Role::Retailer, Role::Auditor]);
    }

    #[test]
    fn set_status() {
        let mut deps = setup();
        let alice = addr("alice");
        let set = |status| ExecuteMsg::SetParticipantStatus {
            address: alice.to_string(),
            status,
        };
        assert_refused(
            &mut deps,
            "retailer",
            set(ParticipantStatus::Suspended),
            ContractError::NotAdmin {
                sender: addr("retailer"),
                action: "change participants' status".to_string(),
            },
        );
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::SetParticipantStatus {
                address: addr("nobody").to_string(),
                status: ParticipantStatus::Suspended,
            },
            ContractError::ParticipantNotFound {
                address: addr("nobody"),
            },
        );
        assert_refused(
            &mut deps,
            "admin",
            set(ParticipantStatus::Active),
            ContractError::ParticipantStatusUnchanged {
                address: alice.clone(),
                status: "active".to_string(),
            },
        );
        exec(&mut deps, "admin", set(ParticipantStatus::Suspended)).unwrap();
        let p: Participant = query(
            &deps,
            QueryMsg::Participant {
                address: alice.to_string(),
            },
        );
        assert_eq!(p.status, ParticipantStatus::Suspended);
        exec(&mut deps, "admin", set(ParticipantStatus::Active)).unwrap();
    }
}
