//! The registry's own emergency pause (see [`ledger_types::emergency`]). The registry answers
//! who may pause from its own storage: a guardian or the administrator pauses, only the
//! administrator resumes.

use cosmwasm_std::{DepsMut, Env, MessageInfo};
use ledger_contract_kit::pause;

use crate::ContractResult;
use crate::auth::OwnAuthority;

pub fn pause(deps: DepsMut, env: Env, info: MessageInfo, reason: String) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    let authority = OwnAuthority::for_sender(deps.storage, &info.sender)?;
    Ok(pause::pause(
        deps.storage,
        &authority,
        &env,
        &info.sender,
        reason,
    )?)
}

pub fn unpause(deps: DepsMut, info: MessageInfo) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    let authority = OwnAuthority::for_sender(deps.storage, &info.sender)?;
    Ok(pause::unpause(deps.storage, &authority, &info.sender)?)
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::mock_env;
    use ledger_contract_kit::GuardError;
    use ledger_types::admin::{ExecuteMsg, ParticipantStatus, QueryMsg, Role};
    use ledger_types::emergency::PauseStatus;

    use crate::ContractError;
    use crate::testing::{
        Deps, addr, assert_refused, blacklist, exec, propose_admin, query, register, set_status,
        setup,
    };

    fn pause(reason: &str) -> ExecuteMsg {
        ExecuteMsg::Pause {
            reason: reason.to_string(),
        }
    }

    fn paused_by(deps: &Deps) -> Option<cosmwasm_std::Addr> {
        query::<PauseStatus>(deps, QueryMsg::PauseStatus {}).by
    }

    /// `setup()` plus "guardian" holding the guardian role.
    fn with_guardian() -> Deps {
        let mut deps = setup();
        register(&mut deps, "guardian", Role::Guardian);
        deps
    }

    #[test]
    fn a_guardian_pauses_and_only_the_administrator_resumes() {
        let mut deps = with_guardian();
        for sender in ["mallory", "alice", "blacklister"] {
            assert_refused(
                &mut deps,
                sender,
                pause("x"),
                GuardError::NotGuardian {
                    sender: addr(sender),
                }
                .into(),
            );
        }
        assert_refused(
            &mut deps,
            "guardian",
            pause(&"r".repeat(257)),
            GuardError::PauseReasonTooLong { len: 257, max: 256 }.into(),
        );
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::Unpause {},
            GuardError::PauseUnchanged {
                state: "running".to_string(),
            }
            .into(),
        );

        let res = exec(&mut deps, "guardian", pause("keys leaked")).unwrap();
        assert_eq!(res.attributes[0].value, "pause");
        assert_eq!(
            query::<PauseStatus>(&deps, QueryMsg::PauseStatus {}),
            PauseStatus {
                paused: true,
                by: Some(addr("guardian")),
                since: Some(mock_env().block.time.seconds()),
                reason: Some("keys leaked".to_string()),
            }
        );
        assert_refused(
            &mut deps,
            "admin",
            pause("again"),
            GuardError::PauseUnchanged {
                state: "paused".to_string(),
            }
            .into(),
        );
        assert_refused(
            &mut deps,
            "guardian",
            ExecuteMsg::Unpause {},
            GuardError::NotAdminToUnpause {
                sender: addr("guardian"),
            }
            .into(),
        );
        let res = exec(&mut deps, "admin", ExecuteMsg::Unpause {}).unwrap();
        assert_eq!(res.attributes[0].value, "unpause");
        assert_eq!(paused_by(&deps), None);
    }

    #[test]
    fn a_suspended_guardian_cannot_pause() {
        let mut deps = with_guardian();
        set_status(&mut deps, "guardian", ParticipantStatus::Suspended);
        assert_refused(
            &mut deps,
            "guardian",
            pause("x"),
            GuardError::NotGuardian {
                sender: addr("guardian"),
            }
            .into(),
        );
    }

    #[test]
    fn while_paused_only_what_takes_powers_away_works() {
        let mut deps = with_guardian();
        propose_admin(&mut deps, "bob");
        exec(&mut deps, "guardian", pause("incident 7")).unwrap();
        let paused = || {
            ContractError::Guard(GuardError::Paused {
                by: addr("guardian"),
                since: mock_env().block.time.seconds(),
                reason: "incident 7".to_string(),
            })
        };
        let alice = addr("alice").to_string();
        for msg in [
            ExecuteMsg::RegisterParticipant {
                address: addr("dave").to_string(),
                name: "Dave".to_string(),
                roles: vec![Role::Consumer],
            },
            ExecuteMsg::SetRoles {
                address: alice.clone(),
                roles: vec![Role::Retailer],
            },
            ExecuteMsg::RegisterMeter(crate::testing::meter_msg("m-1", "alice")),
            ExecuteMsg::SetContracts {
                tariff: addr("tariff").to_string(),
                bank: addr("bank").to_string(),
            },
            ExecuteMsg::ProposeAdmin {
                address: alice.clone(),
            },
            ExecuteMsg::ScheduleRoleChanges {
                changes: vec![ledger_types::admin::RoleChange {
                    address: alice.clone(),
                    roles: vec![Role::Auditor],
                }],
            },
            ExecuteMsg::ExecuteTimelocked { id: 1 },
        ] {
            // The pause is checked before the sender's right: a stranger gets the same answer.
            assert_refused(&mut deps, "admin", msg.clone(), paused());
            assert_refused(&mut deps, "mallory", msg, paused());
        }
        assert_refused(&mut deps, "bob", ExecuteMsg::AcceptAdmin {}, paused());

        // Protective actions keep working.
        blacklist(&mut deps, "alice", "fraud");
        assert_refused(
            &mut deps,
            "blacklister",
            ExecuteMsg::Unblacklist {
                address: alice.clone(),
            },
            paused(),
        );
        set_status(&mut deps, "bob", ParticipantStatus::Suspended);
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::SetParticipantStatus {
                address: addr("bob").to_string(),
                status: ParticipantStatus::Active,
            },
            paused(),
        );
        exec(&mut deps, "admin", ExecuteMsg::CancelAdminProposal {}).unwrap();
        assert_eq!(paused_by(&deps), Some(addr("guardian")));
    }
}
