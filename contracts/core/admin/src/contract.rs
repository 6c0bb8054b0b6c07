//! Entry points. They only dispatch; the work is in `instantiate`, `execute`, `query` and `migrate`. The wasm
//! exports (`wasm_entry_points!`) wrap these and carry each error's stable code.

use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Reply};
use ledger_types::admin::{ExecuteMsg, QueryMsg};

use crate::execute::{
    admin_transfer, blacklist, config, emergency, meter_reply, meters, participants, timelock,
};
pub use crate::instantiate::instantiate;
pub use crate::migrate::migrate;
use crate::query;
use crate::{ContractError, ContractResult};

ledger_contract_kit::wasm_entry_points!(crate::ContractError, ledger_types::admin, reply);

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> ContractResult {
    match msg {
        ExecuteMsg::SetContracts { tariff, bank } => {
            config::set_contracts(deps, info, tariff, bank)
        }
        ExecuteMsg::SetRouter { address } => config::set_router(deps, info, address),
        ExecuteMsg::UpdateMeterDefaults {
            meter_code_id,
            meter_settings,
        } => config::update_meter_defaults(deps, info, meter_code_id, meter_settings),
        ExecuteMsg::RegisterParticipant {
            address,
            name,
            roles,
        } => participants::register(deps, env, info, address, name, roles),
        ExecuteMsg::SetRoles { address, roles } => {
            participants::set_roles(deps, info, address, roles)
        }
        ExecuteMsg::SetParticipantStatus { address, status } => {
            participants::set_status(deps, info, address, status)
        }
        ExecuteMsg::Blacklist { address, reason } => {
            blacklist::blacklist(deps, info, address, reason)
        }
        ExecuteMsg::Unblacklist { address } => blacklist::unblacklist(deps, info, address),
        ExecuteMsg::RegisterMeter(meter) => meters::register(deps, env, info, meter),
        ExecuteMsg::SetMeterStatus { meter_id, status } => {
            meters::set_status(deps, info, meter_id, status)
        }
        ExecuteMsg::ProposeAdmin { address } => admin_transfer::propose(deps, env, info, address),
        ExecuteMsg::AcceptAdmin {} => admin_transfer::accept(deps, env, info),
        ExecuteMsg::CancelAdminProposal {} => admin_transfer::cancel(deps, info),
        ExecuteMsg::Pause { reason } => emergency::pause(deps, env, info, reason),
        ExecuteMsg::Unpause {} => emergency::unpause(deps, info),
        ExecuteMsg::ScheduleRoleChanges { changes } => {
            timelock::schedule_role_changes(deps, env, info, changes)
        }
        ExecuteMsg::ExecuteTimelocked { id } => timelock::execute(deps, env, info, id),
        ExecuteMsg::CancelTimelocked { id } => timelock::cancel(deps, info, id),
    }
}

pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> ContractResult {
    match msg.id {
        meters::INSTANTIATE_METER_REPLY_ID => {
            meter_reply::meter_contract_instantiated(deps, env, msg)
        }
        id => Err(ContractError::UnknownReplyId { id }),
    }
}

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    query::dispatch(deps, msg)
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::coins;
    use cosmwasm_std::testing::{message_info, mock_env};
    use cw_utils::PaymentError;
    use ledger_contract_kit::GuardError;
    use ledger_types::admin::{ExecuteMsg, MeterStatus, ParticipantStatus, RegisterMeter, Role};

    use super::*;
    use crate::testing::{addr, meter_msg, setup, snapshot};

    fn every_message() -> Vec<ExecuteMsg> {
        let alice = addr("alice").to_string();
        let meter: RegisterMeter = meter_msg("m-1", "alice");
        vec![
            ExecuteMsg::SetContracts {
                tariff: addr("tariff").to_string(),
                bank: addr("bank").to_string(),
            },
            ExecuteMsg::SetRouter {
                address: addr("router").to_string(),
            },
            ExecuteMsg::UpdateMeterDefaults {
                meter_code_id: Some(2),
                meter_settings: None,
            },
            ExecuteMsg::RegisterParticipant {
                address: addr("dave").to_string(),
                name: "Dave".to_string(),
                roles: vec![Role::Auditor],
            },
            ExecuteMsg::SetRoles {
                address: alice.clone(),
                roles: vec![Role::Auditor],
            },
            ExecuteMsg::SetParticipantStatus {
                address: alice.clone(),
                status: ParticipantStatus::Suspended,
            },
            ExecuteMsg::Blacklist {
                address: alice.clone(),
                reason: "fraud".to_string(),
            },
            ExecuteMsg::Unblacklist { address: alice },
            ExecuteMsg::RegisterMeter(meter),
            ExecuteMsg::SetMeterStatus {
                meter_id: "m-1".to_string(),
                status: MeterStatus::Suspended,
            },
            ExecuteMsg::ProposeAdmin {
                address: addr("bob").to_string(),
            },
            ExecuteMsg::AcceptAdmin {},
            ExecuteMsg::CancelAdminProposal {},
            ExecuteMsg::Pause {
                reason: "keys leaked".to_string(),
            },
            ExecuteMsg::Unpause {},
            ExecuteMsg::ScheduleRoleChanges {
                changes: vec![ledger_types::admin::RoleChange {
                    address: addr("bob").to_string(),
                    roles: vec![Role::Guardian],
                }],
            },
            ExecuteMsg::ExecuteTimelocked { id: 1 },
            ExecuteMsg::CancelTimelocked { id: 1 },
        ]
    }

    #[test]
    fn unknown_reply_ids_are_refused() {
        let mut deps = setup();
        let msg = crate::testing::instantiate_reply(&addr("alice"), &addr("alice-meters"));
        let err = reply(deps.as_mut(), mock_env(), Reply { id: 7, ..msg }).unwrap_err();
        assert_eq!(err, ContractError::UnknownReplyId { id: 7 });
    }

    /// Sends every message from `info` to a fresh registry: each is refused with
    /// `expected(msg)` and changes nothing.
    fn assert_every_message_refused(
        info: MessageInfo,
        expected: impl Fn(&ExecuteMsg) -> ContractError,
    ) {
        let mut deps = setup();
        for msg in every_message() {
            let before = snapshot(&deps);
            let err = execute(deps.as_mut(), mock_env(), info.clone(), msg.clone()).unwrap_err();
            assert_eq!(err, expected(&msg), "{msg:?}");
            assert_eq!(snapshot(&deps), before);
        }
    }

    #[test]
    fn no_message_takes_funds() {
        let funded = message_info(&addr("admin"), &coins(1, "ucosm"));
        assert_every_message_refused(funded, |_| {
            ContractError::Payment(PaymentError::NonPayable {})
        });
    }

    fn admin_action(msg: &ExecuteMsg) -> &'static str {
        match msg {
            ExecuteMsg::SetContracts { .. } => "set the tariff and bank contracts",
            ExecuteMsg::SetRouter { .. } => "set the router",
            ExecuteMsg::UpdateMeterDefaults { .. } => "change the meter defaults",
            ExecuteMsg::RegisterParticipant { .. } => "register participants",
            ExecuteMsg::SetRoles { .. } => "change participants' roles",
            ExecuteMsg::SetParticipantStatus { .. } => "change participants' status",
            ExecuteMsg::RegisterMeter(_) => "register meters",
            ExecuteMsg::SetMeterStatus { .. } => "change meters' status",
            ExecuteMsg::ProposeAdmin { .. } => "propose a new administrator",
            ExecuteMsg::CancelAdminProposal {} => "cancel an administrator proposal",
            ExecuteMsg::ScheduleRoleChanges { .. } => "change roles in bulk",
            ExecuteMsg::ExecuteTimelocked { .. } => "carry out time-locked operations",
            ExecuteMsg::CancelTimelocked { .. } => "cancel time-locked operations",
            other => panic!("{other:?} is not an administrator's message"),
        }
    }

    #[test]
    fn strangers_can_do_nothing() {
        let mallory = addr("mallory");
        assert_every_message_refused(message_info(&mallory, &[]), |msg| match msg {
            ExecuteMsg::Blacklist { .. } | ExecuteMsg::Unblacklist { .. } => {
                ContractError::NotBlacklister {
                    sender: mallory.clone(),
                }
            }
            ExecuteMsg::AcceptAdmin {} => ContractError::NotProposedAdmin {
                sender: mallory.clone(),
            },
            ExecuteMsg::Pause { .. } => GuardError::NotGuardian {
                sender: mallory.clone(),
            }
            .into(),
            ExecuteMsg::Unpause {} => GuardError::NotAdminToUnpause {
                sender: mallory.clone(),
            }
            .into(),
            other => ContractError::NotAdmin {
                sender: mallory.clone(),
                action: admin_action(other).to_string(),
            },
        });
    }
}
