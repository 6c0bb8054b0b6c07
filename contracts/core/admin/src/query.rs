//! Queries. Every list is one page after an exclusive `start_after`, with `has_more`
//! ([`ledger_contract_kit::paging`]).

use cosmwasm_std::{Binary, Deps, Order, StdResult, to_json_binary};
use ledger_contract_kit::paging::{after, page};
use ledger_types::admin::{
    AdminResponse, ConfigResponse, MeterInfo, MetersResponse, Participant, ParticipantStatus,
    ParticipantsResponse, QueryMsg, Role, Standing, TimelockedAction, TimelockedOperationsResponse,
};

use crate::ContractError;
use crate::ContractResult;
use crate::auth::has_role;
use crate::execute::participants;
use crate::state::{
    ADMIN, ADMIN_TRANSFER, CONFIG, METERS, PARTICIPANTS, ROLE_INDEX, TIMELOCK_DELAY, TIMELOCKED,
};

pub fn dispatch(deps: Deps, msg: QueryMsg) -> ContractResult<Binary> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&config(deps)?)?,
        QueryMsg::Admin {} => to_json_binary(&admin(deps)?)?,
        QueryMsg::Participant { address } => to_json_binary(&participant(deps, address)?)?,
        QueryMsg::Participants {
            role,
            start_after,
            limit,
        } => to_json_binary(&list_participants(deps, role, start_after, limit)?)?,
        QueryMsg::HasRole { address, role } => {
            let address = deps.api.addr_validate(&address)?;
            to_json_binary(&has_role(deps.storage, &address, role)?)?
        }
        QueryMsg::Standing { address } => to_json_binary(&standing(deps, address)?)?,
        QueryMsg::Meter { meter_id } => to_json_binary(&meter(deps, meter_id)?)?,
        QueryMsg::Meters { start_after, limit } => {
            to_json_binary(&list_meters(deps, start_after, limit)?)?
        }
        QueryMsg::MetersByOwner {
            owner,
            start_after,
            limit,
        } => to_json_binary(&meters_by_owner(deps, owner, start_after, limit)?)?,
        QueryMsg::PauseStatus {} => {
            to_json_binary(&ledger_contract_kit::pause::status(deps.storage)?)?
        }
        QueryMsg::TimelockedOperations { start_after, limit } => {
            to_json_binary(&timelocked(deps, start_after, limit)?)?
        }
    })
}

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        meter_code_id: config.meter_code_id,
        meter_settings: config.meter_settings,
        tariff: config.tariff,
        bank: config.bank,
        router: config.router,
    })
}

pub fn admin(deps: Deps) -> StdResult<AdminResponse> {
    let transfer = match ADMIN_TRANSFER.may_load(deps.storage)? {
        Some(id) => TIMELOCKED.may_load(deps.storage, id)?,
        None => None,
    };
    let (pending, pending_effective_at) = match transfer {
        Some(op) => match op.action {
            TimelockedAction::TransferAdmin { to } => (Some(to), Some(op.effective_at)),
            TimelockedAction::ChangeRoles { .. } => (None, None),
        },
        None => (None, None),
    };
    Ok(AdminResponse {
        admin: ADMIN.load(deps.storage)?,
        pending,
        pending_effective_at,
    })
}

/// Pending time-locked operations in id order.
pub fn timelocked(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<TimelockedOperationsResponse> {
    let range = TIMELOCKED.range(deps.storage, after(start_after), None, Order::Ascending);
    let operations = page(range, limit, |(_, op)| StdResult::Ok(op))?;
    Ok(TimelockedOperationsResponse {
        delay_seconds: TIMELOCK_DELAY.may_load(deps.storage)?.unwrap_or_default(),
        operations: operations.items,
        has_more: operations.has_more,
    })
}

pub fn participant(deps: Deps, address: String) -> ContractResult<Participant> {
    let address = deps.api.addr_validate(&address)?;
    participants::load(deps.storage, &address)
}

/// How `address` stands; an address the registry does not know is `Unregistered`, not an
/// error, so that contracts can ask about any counterparty.
pub fn standing(deps: Deps, address: String) -> StdResult<Standing> {
    let address = deps.api.addr_validate(&address)?;
    Ok(match PARTICIPANTS.may_load(deps.storage, &address)? {
        None => Standing::Unregistered,
        Some(p) => match (p.blacklisted, p.status) {
            (Some(reason), _) => Standing::Blacklisted { reason },
            (None, ParticipantStatus::Suspended) => Standing::Suspended,
            (None, ParticipantStatus::Active) => Standing::Active,
        },
    })
}

pub fn list_participants(
    deps: Deps,
    role: Option<Role>,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<ParticipantsResponse> {
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let min = after(start.as_ref());
    let participants = match role {
        Some(role) => {
            let holders =
                ROLE_INDEX
                    .prefix(role.as_str())
                    .keys(deps.storage, min, None, Order::Ascending);
            page(holders, limit, |address| {
                PARTICIPANTS.load(deps.storage, &address)
            })?
        }
        None => {
            let range = PARTICIPANTS.range(deps.storage, min, None, Order::Ascending);
            page(range, limit, |(_, p)| StdResult::Ok(p))?
        }
    };
    Ok(ParticipantsResponse {
        participants: participants.items,
        has_more: participants.has_more,
    })
}

pub fn meter(deps: Deps, meter_id: String) -> ContractResult<MeterInfo> {
    METERS
        .may_load(deps.storage, &meter_id)?
        .ok_or(ContractError::MeterNotFound { meter_id })
}

pub fn list_meters(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<MetersResponse> {
    let range = METERS.range(
        deps.storage,
        after(start_after.as_deref()),
        None,
        Order::Ascending,
    );
    meters(range, limit)
}

pub fn meters_by_owner(
    deps: Deps,
    owner: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<MetersResponse> {
    let owner = deps.api.addr_validate(&owner)?;
    let range = METERS.idx.owner.prefix(owner).range(
        deps.storage,
        after(start_after),
        None,
        Order::Ascending,
    );
    meters(range, limit)
}

/// A page of meters from a range of them, keyed by meter id.
fn meters(
    range: impl Iterator<Item = StdResult<(String, MeterInfo)>>,
    limit: Option<u32>,
) -> StdResult<MetersResponse> {
    let meters = page(range, limit, |(_, m)| StdResult::Ok(m))?;
    Ok(MetersResponse {
        meters: meters.items,
        has_more: meters.has_more,
    })
}

#[cfg(test)]
mod tests {
    use ledger_types::admin::{
        ExecuteMsg, MetersResponse, ParticipantStatus, ParticipantsResponse, QueryMsg, Role,
    };

    use crate::ContractError;
    use crate::testing::{
        Deps, addr, blacklist, exec, meter_msg, onboard, query, query_err, register, set_status,
        setup,
    };

    fn participants(
        deps: &Deps,
        role: Option<Role>,
        start_after: Option<String>,
        limit: u32,
    ) -> Vec<String> {
        query::<ParticipantsResponse>(
            deps,
            QueryMsg::Participants {
                role,
                start_after,
                limit: Some(limit),
            },
        )
        .participants
        .into_iter()
        .map(|p| p.address.to_string())
        .collect()
    }

    fn has_role(deps: &Deps, name: &str, role: Role) -> bool {
        query(
            deps,
            QueryMsg::HasRole {
                address: addr(name).to_string(),
                role,
            },
        )
    }

    #[test]
    fn participants_page_in_address_order() {
        let mut deps = setup();
        for name in ["c1", "c2", "c3"] {
            register(&mut deps, name, Role::Consumer);
        }
        let mut all: Vec<String> = ["retailer", "alice", "bob", "blacklister", "c1", "c2", "c3"]
            .iter()
            .map(|n| addr(n).to_string())
            .collect();
        all.sort();
        let mut consumers: Vec<String> = ["alice", "bob", "c1", "c2", "c3"]
            .iter()
            .map(|n| addr(n).to_string())
            .collect();
        consumers.sort();

        for (role, expected) in [(None, &all), (Some(Role::Consumer), &consumers)] {
            let mut seen = Vec::new();
            let mut start_after = None;
            loop {
                let page = participants(&deps, role, start_after, 2);
                assert!(page.len() <= 2);
                if page.is_empty() {
                    break;
                }
                start_after = page.last().cloned();
                seen.extend(page);
            }
            assert_eq!(&seen, expected);
        }
        assert_eq!(
            participants(&deps, Some(Role::Retailer), None, 10),
            vec![addr("retailer").to_string()]
        );
        assert!(participants(&deps, Some(Role::Auditor), None, 10).is_empty());
    }

    #[test]
    fn has_role_means_able_to_act_now() {
        let mut deps = setup();
        assert!(has_role(&deps, "alice", Role::Consumer));
        assert!(!has_role(&deps, "alice", Role::Retailer));
        assert!(!has_role(&deps, "nobody", Role::Consumer));
        // Admin is the administrator, who need not be a participant.
        assert!(has_role(&deps, "admin", Role::Admin));
        assert!(!has_role(&deps, "alice", Role::Admin));
        assert!(!has_role(&deps, "admin", Role::Consumer));

        set_status(&mut deps, "alice", ParticipantStatus::Suspended);
        assert!(!has_role(&deps, "alice", Role::Consumer));
        set_status(&mut deps, "alice", ParticipantStatus::Active);
        assert!(has_role(&deps, "alice", Role::Consumer));

        blacklist(&mut deps, "alice", "fraud");
        assert!(!has_role(&deps, "alice", Role::Consumer));
    }

    #[test]
    fn meters_page_in_id_order_overall_and_by_owner() {
        let mut deps = setup();
        onboard(&mut deps, "a-1", "alice");
        onboard(&mut deps, "b-1", "bob");
        for (id, owner) in [("a-3", "alice"), ("b-2", "bob"), ("a-2", "alice")] {
            exec(
                &mut deps,
                "admin",
                ExecuteMsg::RegisterMeter(meter_msg(id, owner)),
            )
            .unwrap();
        }
        let ids = |res: MetersResponse| -> Vec<String> {
            res.meters.into_iter().map(|m| m.meter_id).collect()
        };
        let all = ids(query(
            &deps,
            QueryMsg::Meters {
                start_after: None,
                limit: None,
            },
        ));
        assert_eq!(all, vec!["a-1", "a-2", "a-3", "b-1", "b-2"]);
        let page = ids(query(
            &deps,
            QueryMsg::Meters {
                start_after: Some("a-2".to_string()),
                limit: Some(2),
            },
        ));
        assert_eq!(page, vec!["a-3", "b-1"]);

        let by_owner = |owner: &str, start_after: Option<&str>, limit| -> Vec<String> {
            ids(query(
                &deps,
                QueryMsg::MetersByOwner {
                    owner: addr(owner).to_string(),
                    start_after: start_after.map(str::to_string),
                    limit: Some(limit),
                },
            ))
        };
        assert_eq!(by_owner("alice", None, 10), vec!["a-1", "a-2", "a-3"]);
        assert_eq!(by_owner("alice", Some("a-1"), 1), vec!["a-2"]);
        assert_eq!(by_owner("alice", Some("a-3"), 10), Vec::<String>::new());
        assert_eq!(by_owner("bob", None, 10), vec!["b-1", "b-2"]);
        assert!(by_owner("retailer", None, 10).is_empty());
    }

    #[test]
    fn missing_records_are_typed_errors() {
        let deps = setup();
        let err = query_err(
            &deps,
            QueryMsg::Meter {
                meter_id: "m-9".to_string(),
            },
        );
        assert_eq!(
            err,
            ContractError::MeterNotFound {
                meter_id: "m-9".to_string()
            }
        );
        let err = query_err(
            &deps,
            QueryMsg::Participant {
                address: addr("nobody").to_string(),
            },
        );
        assert_eq!(
            err,
            ContractError::ParticipantNotFound {
                address: addr("nobody")
            }
        );
    }

    #[test]
    fn standing_tells_blacklisted_suspended_active_and_unregistered_apart() {
        use ledger_types::admin::Standing;
        let mut deps = setup();
        let standing = |deps: &Deps, name: &str| -> Standing {
            query(
                deps,
                QueryMsg::Standing {
                    address: addr(name).to_string(),
                },
            )
        };
        assert_eq!(standing(&deps, "alice"), Standing::Active);
        assert_eq!(standing(&deps, "nobody"), Standing::Unregistered);
        // Also for an address that holds the admin role but is no participant.
        assert_eq!(standing(&deps, "admin"), Standing::Unregistered);
        set_status(&mut deps, "alice", ParticipantStatus::Suspended);
        assert_eq!(standing(&deps, "alice"), Standing::Suspended);
        // Blacklisting outranks suspension.
        blacklist(&mut deps, "alice", "fraud");
        assert_eq!(
            standing(&deps, "alice"),
            Standing::Blacklisted {
                reason: "fraud".to_string()
            }
        );
        let err = query_err(
            &deps,
            QueryMsg::Standing {
                address: "not an address".to_string(),
            },
        );
        assert!(matches!(err, ContractError::Std(_)), "{err:?}");
    }
}
