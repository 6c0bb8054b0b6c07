//! The registry (admin contract) in the Suite: participants, roles, meters, the emergency
//! pause, the administrator transfer and the time lock.

use cosmwasm_std::{Addr, StdResult, Uint128};
use cw_multi_test::AppResponse;
use cw_multi_test::error::AnyResult;
use ledger_types::admin::{
    self, MeterInfo, MeterStatus, Participant, ParticipantStatus, RegisterMeter, Role,
};
use ledger_types::meter::MeterKind;

use super::Suite;
use crate::meters::MeterDevice;

use crate::pages::read_all;

impl Suite {
    // ---------------------------------------------------------------- admin actions

    pub fn register_participant(
        &mut self,
        sender: &Addr,
        address: &Addr,
        name: &str,
        roles: Vec<Role>,
    ) -> AnyResult<AppResponse> {
        self.execute_admin(
            sender,
            &admin::ExecuteMsg::RegisterParticipant {
                address: address.to_string(),
                name: name.to_string(),
                roles,
            },
        )
    }

    /// Registers a consumer by name (and remembers it in [`Suite::consumers`]).
    pub fn add_consumer(&mut self, name: &str) -> AnyResult<Addr> {
        let address = self.addr(name);
        let admin = self.addrs.administrator.clone();
        self.register_participant(&admin, &address, name, vec![Role::Consumer])?;
        self.consumers.insert(name.to_string(), address.clone());
        Ok(address)
    }

    pub fn set_roles(
        &mut self,
        sender: &Addr,
        address: &Addr,
        roles: Vec<Role>,
    ) -> AnyResult<AppResponse> {
        self.execute_admin(
            sender,
            &admin::ExecuteMsg::SetRoles {
                address: address.to_string(),
                roles,
            },
        )
    }

    pub fn set_participant_status(
        &mut self,
        sender: &Addr,
        address: &Addr,
        status: ParticipantStatus,
    ) -> AnyResult<AppResponse> {
        self.execute_admin(
            sender,
            &admin::ExecuteMsg::SetParticipantStatus {
                address: address.to_string(),
                status,
            },
        )
    }

    pub fn blacklist(
        &mut self,
        sender: &Addr,
        address: &Addr,
        reason: &str,
    ) -> AnyResult<AppResponse> {
        self.execute_admin(
            sender,
            &admin::ExecuteMsg::Blacklist {
                address: address.to_string(),
                reason: reason.to_string(),
            },
        )
    }

    pub fn unblacklist(&mut self, sender: &Addr, address: &Addr) -> AnyResult<AppResponse> {
        self.execute_admin(
            sender,
            &admin::ExecuteMsg::Unblacklist {
                address: address.to_string(),
            },
        )
    }

    /// Registers a meter; on success the device learns its meter contract and is kept.
    pub fn register_meter_with(
        &mut self,
        sender: &Addr,
        msg: RegisterMeter,
        mut device: MeterDevice,
    ) -> AnyResult<AppResponse> {
        let meter_id = msg.meter_id.clone();
        let res = self.execute_admin(sender, &admin::ExecuteMsg::RegisterMeter(msg))?;
        device.contract = Some(self.meter_info(&meter_id)?.contract);
        self.devices.insert(meter_id, device);
        Ok(res)
    }

    /// Registers a meter for a consumer (by name) with a key derived from the meter id,
    /// reading half hours from now.
    pub fn register_meter(
        &mut self,
        sender: &Addr,
        meter_id: &str,
        owner: &str,
        tariff_id: &str,
        contracted_monthly_amount: u128,
    ) -> AnyResult<AppResponse> {
        let device = MeterDevice::new(meter_id, &self.chain_id(), self.now(), 0);
        let msg = RegisterMeter {
            meter_id: meter_id.to_string(),
            owner: self.consumer(owner).to_string(),
            retailer: self.addrs.retailer.to_string(),
            pubkey: device.pubkey(),
            tariff_id: tariff_id.to_string(),
            initial_register_wh: 0,
            contracted_monthly_amount: Uint128::new(contracted_monthly_amount),
            region: None,
            kind: MeterKind::Consumption,
        };
        self.register_meter_with(sender, msg, device)
    }

    pub fn set_meter_status(
        &mut self,
        sender: &Addr,
        meter_id: &str,
        status: MeterStatus,
    ) -> AnyResult<AppResponse> {
        self.execute_admin(
            sender,
            &admin::ExecuteMsg::SetMeterStatus {
                meter_id: meter_id.to_string(),
                status,
            },
        )
    }

    pub fn propose_admin(&mut self, sender: &Addr, address: &Addr) -> AnyResult<AppResponse> {
        self.execute_admin(
            sender,
            &admin::ExecuteMsg::ProposeAdmin {
                address: address.to_string(),
            },
        )
    }

    pub fn accept_admin(&mut self, sender: &Addr) -> AnyResult<AppResponse> {
        self.execute_admin(sender, &admin::ExecuteMsg::AcceptAdmin {})
    }

    pub fn cancel_admin_proposal(&mut self, sender: &Addr) -> AnyResult<AppResponse> {
        self.execute_admin(sender, &admin::ExecuteMsg::CancelAdminProposal {})
    }

    /// Pauses the registry (admin contract).
    pub fn pause_registry(&mut self, sender: &Addr, reason: &str) -> AnyResult<AppResponse> {
        self.execute_admin(
            sender,
            &admin::ExecuteMsg::Pause {
                reason: reason.to_string(),
            },
        )
    }

    pub fn unpause_registry(&mut self, sender: &Addr) -> AnyResult<AppResponse> {
        self.execute_admin(sender, &admin::ExecuteMsg::Unpause {})
    }

    pub fn schedule_role_changes(
        &mut self,
        sender: &Addr,
        changes: Vec<(Addr, Vec<Role>)>,
    ) -> AnyResult<AppResponse> {
        let changes = changes
            .into_iter()
            .map(|(address, roles)| admin::RoleChange {
                address: address.to_string(),
                roles,
            })
            .collect();
        self.execute_admin(sender, &admin::ExecuteMsg::ScheduleRoleChanges { changes })
    }

    pub fn execute_timelocked(&mut self, sender: &Addr, id: u64) -> AnyResult<AppResponse> {
        self.execute_admin(sender, &admin::ExecuteMsg::ExecuteTimelocked { id })
    }

    pub fn cancel_timelocked(&mut self, sender: &Addr, id: u64) -> AnyResult<AppResponse> {
        self.execute_admin(sender, &admin::ExecuteMsg::CancelTimelocked { id })
    }

    // admin

    pub fn admin_config(&self) -> admin::ConfigResponse {
        self.query(&self.admin, &admin::QueryMsg::Config {})
            .expect("admin config")
    }

    pub fn administrator(&self) -> admin::AdminResponse {
        self.query(&self.admin, &admin::QueryMsg::Admin {})
            .expect("admin")
    }

    /// Whether the registry (admin contract) is paused.
    pub fn registry_pause_status(&self) -> ledger_types::emergency::PauseStatus {
        self.query(&self.admin, &admin::QueryMsg::PauseStatus {})
            .expect("registry pause status")
    }

    /// Every pending time-locked operation of the registry, with the delay.
    pub fn timelocked_operations(&self) -> admin::TimelockedOperationsResponse {
        let page = |start_after| -> admin::TimelockedOperationsResponse {
            self.query(
                &self.admin,
                &admin::QueryMsg::TimelockedOperations {
                    start_after,
                    limit: None,
                },
            )
            .expect("time-locked operations")
        };
        let mut all = page(None);
        while let Some(last) = all.operations.last().map(|op| op.id) {
            let next = page(Some(last));
            if next.operations.is_empty() {
                break;
            }
            all.operations.extend(next.operations);
        }
        all
    }

    pub fn participant(&self, address: &Addr) -> StdResult<Participant> {
        self.query(
            &self.admin,
            &admin::QueryMsg::Participant {
                address: address.to_string(),
            },
        )
    }

    /// All participants, every page.
    pub fn participants(&self, role: Option<Role>) -> Vec<Participant> {
        read_all(|last: Option<&Participant>| {
            let page: admin::ParticipantsResponse = self
                .query(
                    &self.admin,
                    &admin::QueryMsg::Participants {
                        role,
                        start_after: last.map(|p| p.address.to_string()),
                        limit: None,
                    },
                )
                .expect("participants");
            page.participants
        })
    }

    pub fn has_role(&self, address: &Addr, role: Role) -> bool {
        self.query(
            &self.admin,
            &admin::QueryMsg::HasRole {
                address: address.to_string(),
                role,
            },
        )
        .expect("has role")
    }

    pub fn meter_info(&self, meter_id: &str) -> StdResult<MeterInfo> {
        self.query(
            &self.admin,
            &admin::QueryMsg::Meter {
                meter_id: meter_id.to_string(),
            },
        )
    }

    /// Every meter in the registry, every page.
    pub fn meters(&self) -> Vec<MeterInfo> {
        read_all(|last: Option<&MeterInfo>| {
            let page: admin::MetersResponse = self
                .query(
                    &self.admin,
                    &admin::QueryMsg::Meters {
                        start_after: last.map(|m| m.meter_id.clone()),
                        limit: None,
                    },
                )
                .expect("meters");
            page.meters
        })
    }

    pub fn meters_by_owner(&self, owner: &Addr) -> Vec<MeterInfo> {
        let page: admin::MetersResponse = self
            .query(
                &self.admin,
                &admin::QueryMsg::MetersByOwner {
                    owner: owner.to_string(),
                    start_after: None,
                    limit: Some(100),
                },
            )
            .expect("meters by owner");
        page.meters
    }
}
