//! Blacklisting: a blacklister (or the administrator) stops a participant everywhere.
//!
//! The participant record keeps the reason; other contracts read it through the
//! `Standing` and `Participant` queries, and the participant's meter contract, if any, is told
//! with `SetOwnerBlocked` to refuse the owner's readings while it is blacklisted or suspended
//! (so clearing a suspended participant keeps its readings refused).
//!
//! Blacklisting works while the registry is paused (it only takes powers away); clearing
//! does not.

use cosmwasm_std::{DepsMut, MessageInfo, Response};

use crate::ContractError;
use crate::ContractResult;
use crate::auth::{ensure_blacklister, ensure_running};
use crate::execute::participants::{self, mirror_blocked};
use crate::state::PARTICIPANTS;
use crate::validate;

pub fn blacklist(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
    reason: String,
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    ensure_blacklister(deps.storage, &info.sender)?;
    let address = deps.api.addr_validate(&address)?;
    let mut participant = participants::load(deps.storage, &address)?;
    if let Some(reason) = participant.blacklisted {
        return Err(ContractError::AlreadyBlacklisted { address, reason });
    }
    validate::reason(&reason)?;

    participant.blacklisted = Some(reason.clone());
    PARTICIPANTS.save(deps.storage, &address, &participant)?;
    let response = Response::new()
        .add_attribute("action", "blacklist")
        .add_attribute("address", address)
        .add_attribute("reason", reason)
        .add_attribute("by", info.sender);
    mirror_blocked(deps.storage, response, &participant)
}

pub fn unblacklist(deps: DepsMut, info: MessageInfo, address: String) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    ensure_running(deps.storage)?;
    ensure_blacklister(deps.storage, &info.sender)?;
    let address = deps.api.addr_validate(&address)?;
    let mut participant = participants::load(deps.storage, &address)?;
    if participant.blacklisted.is_none() {
        return Err(ContractError::NotBlacklisted { address });
    }

    participant.blacklisted = None;
    PARTICIPANTS.save(deps.storage, &address, &participant)?;
    let response = Response::new()
        .add_attribute("action", "unblacklist")
        .add_attribute("address", address)
        .add_attribute("by", info.sender);
    mirror_blocked(deps.storage, response, &participant)
}

#[cfg(test)]
mod tests {
    use ledger_types::admin::{ExecuteMsg, Participant, ParticipantStatus, QueryMsg, Role};
    use ledger_types::meter;

    use crate::ContractError;
    use crate::testing::{
        addr, assert_refused, exec, onboard, query, set_status, setup, wasm_execute,
    };

    fn blacklist(name: &str, reason: &str) -> ExecuteMsg {
        ExecuteMsg::Blacklist {
            address: addr(name).to_string(),
            reason: reason.to_string(),
        }
    }

    fn unblacklist(name: &str) -> ExecuteMsg {
        ExecuteMsg::Unblacklist {
            address: addr(name).to_string(),
        }
    }

    fn participant(deps: &crate::testing::Deps, name: &str) -> Participant {
        query(
            deps,
            QueryMsg::Participant {
                address: addr(name).to_string(),
            },
        )
    }

    fn not_blacklister(name: &str) -> ContractError {
        ContractError::NotBlacklister { sender: addr(name) }
    }

    #[test]
    fn strangers_and_unfit_blacklisters_are_refused() {
        let mut deps = setup();
        // Not registered, or registered without the role.
        for sender in ["mallory", "alice", "retailer"] {
            assert_refused(
                &mut deps,
                sender,
                blacklist("bob", "fraud"),
                not_blacklister(sender),
            );
            assert_refused(
                &mut deps,
                sender,
                unblacklist("bob"),
                not_blacklister(sender),
            );
        }
        // A suspended blacklister cannot act.
        set_status(&mut deps, "blacklister", ParticipantStatus::Suspended);
        assert_refused(
            &mut deps,
            "blacklister",
            blacklist("bob", "fraud"),
            not_blacklister("blacklister"),
        );
        set_status(&mut deps, "blacklister", ParticipantStatus::Active);
        // Nor can a blacklisted one.
        exec(&mut deps, "admin", blacklist("blacklister", "rogue")).unwrap();
        assert_refused(
            &mut deps,
            "blacklister",
            unblacklist("blacklister"),
            not_blacklister("blacklister"),
        );
    }

    #[test]
    fn bad_input_is_refused() {
        let mut deps = setup();
        assert_refused(
            &mut deps,
            "blacklister",
            blacklist("bob", ""),
            ContractError::InvalidReason { len: 0, max: 256 },
        );
        assert_refused(
            &mut deps,
            "blacklister",
            blacklist("bob", &"x".repeat(257)),
            ContractError::InvalidReason { len: 257, max: 256 },
        );
        assert_refused(
            &mut deps,
            "blacklister",
            blacklist("nobody", "fraud"),
            ContractError::ParticipantNotFound {
                address: addr("nobody"),
            },
        );
        assert_refused(
            &mut deps,
            "blacklister",
            unblacklist("nobody"),
            ContractError::ParticipantNotFound {
                address: addr("nobody"),
            },
        );
        assert_refused(
            &mut deps,
            "blacklister",
            unblacklist("bob"),
            ContractError::NotBlacklisted {
                address: addr("bob"),
            },
        );
        exec(&mut deps, "blacklister", blacklist("bob", "fraud")).unwrap();
        assert_refused(
            &mut deps,
            "admin",
            blacklist("bob", "again"),
            ContractError::AlreadyBlacklisted {
                address: addr("bob"),
                reason: "fraud".to_string(),
            },
        );
    }

    #[test]
    fn without_a_meter_contract_only_the_record_changes() {
        let mut deps = setup();
        let res = exec(&mut deps, "blacklister", blacklist("bob", "unpaid bills")).unwrap();
        assert!(res.messages.is_empty());
        assert_eq!(res.attributes[0].value, "blacklist");
        assert_eq!(
            participant(&deps, "bob").blacklisted.as_deref(),
            Some("unpaid bills")
        );
        let has_consumer: bool = query(
            &deps,
            QueryMsg::HasRole {
                address: addr("bob").to_string(),
                role: Role::Consumer,
            },
        );
        assert!(!has_consumer);
        // The administrator may clear it too.
        let res = exec(&mut deps, "admin", unblacklist("bob")).unwrap();
        assert!(res.messages.is_empty());
        assert_eq!(participant(&deps, "bob").blacklisted, None);
    }

    #[test]
    fn the_meter_contract_is_told() {
        let mut deps = setup();
        let contract = onboard(&mut deps, "m-1", "alice");
        for (msg, blocked) in [
            (blacklist("alice", "fraud"), true),
            (unblacklist("alice"), false),
        ] {
            let res = exec(&mut deps, "blacklister", msg).unwrap();
            assert_eq!(res.messages.len(), 1);
            assert_eq!(
                wasm_execute::<meter::ExecuteMsg>(&res.messages[0].msg),
                (
                    contract.to_string(),
                    meter::ExecuteMsg::SetOwnerBlocked { blocked }
                )
            );
        }
    }

    fn suspend(name: &str, status: ParticipantStatus) -> ExecuteMsg {
        ExecuteMsg::SetParticipantStatus {
            address: addr(name).to_string(),
            status,
        }
    }

    /// The `blocked` value the response tells the meter contract.
    fn blocked_told(res: &cosmwasm_std::Response) -> bool {
        assert_eq!(res.messages.len(), 1);
        let (_, msg) = wasm_execute(&res.messages[0].msg);
        let meter::ExecuteMsg::SetOwnerBlocked { blocked } = msg else {
            panic!("expected SetOwnerBlocked");
        };
        blocked
    }

    #[test]
    fn suspension_blocks_readings_like_blacklisting_and_outlasts_it() {
        let mut deps = setup();
        onboard(&mut deps, "m-1", "alice");
        // Suspending blocks; blacklisting and clearing while suspended keep it blocked.
        let steps = [
            (
                "admin",
                suspend("alice", ParticipantStatus::Suspended),
                true,
            ),
            ("blacklister", blacklist("alice", "fraud"), true),
            ("blacklister", unblacklist("alice"), true),
            ("admin", suspend("alice", ParticipantStatus::Active), false),
            // And the other way round: reactivating a blacklisted participant keeps it blocked.
            ("blacklister", blacklist("alice", "fraud"), true),
            (
                "admin",
                suspend("alice", ParticipantStatus::Suspended),
                true,
            ),
            ("admin", suspend("alice", ParticipantStatus::Active), true),
            ("blacklister", unblacklist("alice"), false),
        ];
        for (sender, msg, blocked) in steps {
            let res = exec(&mut deps, sender, msg.clone()).unwrap();
            assert_eq!(blocked_told(&res), blocked, "{msg:?}");
        }
        // Without a meter contract, a status change sends nothing.
        let res = exec(
            &mut deps,
            "admin",
            suspend("bob", ParticipantStatus::Suspended),
        )
        .unwrap();
        assert!(res.messages.is_empty());
    }
}
