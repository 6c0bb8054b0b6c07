//! The admin contract (the registry): participants and their roles, meters, the
//! administrator and its two-step transfer, the time lock.

use ledger_client::{ExecuteCall, TxOutcome};
pub use ledger_types::admin::*;
use ledger_types::billing::MeterSettings;

use crate::error::Result;
use crate::ledger::Ledger;
use std::cell::Cell;

use crate::paging::{ALL, Paged, collect_from};
use crate::sender::Sender;

impl Ledger {
    /// The admin (registry) contract's address, or [`crate::Error::NoDeployment`]. On a
    /// regional sub-chain ([`Ledger::in_region`]), the region's own registry, which says who
    /// may write the region's tariffs.
    pub fn registry_contract(&self) -> Result<&str> {
        if self.region().is_some() {
            return Ok(&self.region_deployment()?.contracts.registry);
        }
        Ok(&self.contracts()?.admin)
    }

    /// A query of the admin contract.
    pub async fn admin<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> Result<T> {
        self.query(self.registry_contract()?, msg).await
    }

    /// The registry's configuration (wired contracts, meter code, default meter settings).
    pub async fn registry_config(&self) -> Result<ConfigResponse> {
        self.admin(&QueryMsg::Config {}).await
    }

    /// The administrator and any pending transfer.
    pub async fn registry_admin(&self) -> Result<AdminResponse> {
        self.admin(&QueryMsg::Admin {}).await
    }

    /// A registered participant.
    pub async fn participant(&self, address: &str) -> Result<Participant> {
        self.admin(&QueryMsg::Participant {
            address: address.to_string(),
        })
        .await
    }

    /// A meter as the registry knows it (owner, key, tariff, meter contract).
    pub async fn meter_info(&self, meter_id: &str) -> Result<MeterInfo> {
        self.admin(&QueryMsg::Meter {
            meter_id: meter_id.to_string(),
        })
        .await
    }

    /// The meter contract holding `meter_id`, found through the registry.
    pub async fn meter_contract(&self, meter_id: &str) -> Result<String> {
        Ok(self.meter_info(meter_id).await?.contract.into_string())
    }

    /// Participants in address order, optionally only those holding `role`.
    pub async fn participants(&self, role: Option<Role>, cap: usize) -> Result<Paged<Participant>> {
        self.list(
            self.registry_contract()?,
            cap,
            |start_after, limit| QueryMsg::Participants {
                role,
                start_after,
                limit,
            },
            |r: ParticipantsResponse| r.participants,
            |p| p.address.to_string(),
        )
        .await
    }

    /// Registered meters in id order, optionally only one owner's.
    pub async fn meters(&self, owner: Option<&str>, cap: usize) -> Result<Paged<MeterInfo>> {
        self.list(
            self.registry_contract()?,
            cap,
            |start_after, limit| match owner {
                Some(owner) => QueryMsg::MetersByOwner {
                    owner: owner.to_string(),
                    start_after,
                    limit,
                },
                None => QueryMsg::Meters { start_after, limit },
            },
            |r: MetersResponse| r.meters,
            |m| m.meter_id.clone(),
        )
        .await
    }

    /// Registered meters whose ids start with `prefix`, in id order (a fleet's meters).
    pub async fn meters_with_prefix(&self, prefix: &str) -> Result<Vec<MeterInfo>> {
        let page = collect_from(
            Some(prefix.to_string()),
            |start_after, limit| async move {
                let msg = QueryMsg::Meters {
                    start_after,
                    limit: Some(limit),
                };
                let r: MetersResponse = self.admin(&msg).await?;
                Ok(r.meters)
            },
            |m: &MeterInfo| m.meter_id.clone(),
            |m: &MeterInfo| m.meter_id.starts_with(prefix),
        )
        .await?;
        Ok(page)
    }

    /// The time lock's delay and every pending time-locked operation, in id order.
    pub async fn timelocked_operations(&self) -> Result<TimelockedOperationsResponse> {
        // Every page carries the delay; the last one read is kept.
        let delay_seconds = Cell::new(0);
        let operations = self
            .list(
                self.registry_contract()?,
                ALL,
                |start_after, limit| QueryMsg::TimelockedOperations { start_after, limit },
                |r: TimelockedOperationsResponse| {
                    delay_seconds.set(r.delay_seconds);
                    r.operations
                },
                |op| op.id,
            )
            .await?
            .items;
        Ok(TimelockedOperationsResponse {
            delay_seconds: delay_seconds.get(),
            operations,
            has_more: false,
        })
    }

    /// Executes `msg` on the admin contract.
    pub async fn registry_execute(&self, sender: &Sender, msg: &ExecuteMsg) -> Result<TxOutcome> {
        self.exec(sender, self.registry_contract()?, msg).await
    }

    /// Registers a participant with its name and roles.
    pub async fn register_participant(
        &self,
        sender: &Sender,
        address: String,
        name: String,
        roles: Vec<Role>,
    ) -> Result<TxOutcome> {
        self.registry_execute(
            sender,
            &ExecuteMsg::RegisterParticipant {
                address,
                name,
                roles,
            },
        )
        .await
    }

    /// Administrator: replaces a participant's roles.
    pub async fn set_roles(
        &self,
        sender: &Sender,
        address: String,
        roles: Vec<Role>,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::SetRoles { address, roles };
        self.registry_execute(sender, &msg).await
    }

    /// Administrator: suspends or reactivates a participant.
    pub async fn set_participant_status(
        &self,
        sender: &Sender,
        address: String,
        status: ParticipantStatus,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::SetParticipantStatus { address, status };
        self.registry_execute(sender, &msg).await
    }

    /// Blacklister: stops a participant's meters' readings and its payments everywhere.
    pub async fn blacklist(
        &self,
        sender: &Sender,
        address: String,
        reason: String,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::Blacklist { address, reason };
        self.registry_execute(sender, &msg).await
    }

    /// Blacklister: lifts the blacklisting of `address`.
    pub async fn unblacklist(&self, sender: &Sender, address: String) -> Result<TxOutcome> {
        let msg = ExecuteMsg::Unblacklist { address };
        self.registry_execute(sender, &msg).await
    }

    /// Administrator: suspends, reactivates or retires a meter.
    pub async fn set_meter_status(
        &self,
        sender: &Sender,
        meter_id: String,
        status: MeterStatus,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::SetMeterStatus { meter_id, status };
        self.registry_execute(sender, &msg).await
    }

    /// Administrator: offers the administrator role to `address`, which takes it with
    /// [`Ledger::accept_admin`] once the time lock's delay has passed.
    ///
    /// ```no_run
    /// # async fn run(ledger: ledger_sdk::Ledger, admin: ledger_sdk::Sender,
    /// #              successor: ledger_sdk::Sender) -> ledger_sdk::Result<()> {
    /// ledger.propose_admin(&admin, successor.address()).await?;
    /// let pending = ledger.registry_admin().await?.pending;
    /// println!("pending transfer: {pending:?}");
    /// // ... once the delay has passed:
    /// ledger.accept_admin(&successor).await?;
    /// # Ok(()) }
    /// ```
    pub async fn propose_admin(&self, sender: &Sender, address: String) -> Result<TxOutcome> {
        let msg = ExecuteMsg::ProposeAdmin { address };
        self.registry_execute(sender, &msg).await
    }

    /// The proposed administrator takes the role (see [`Ledger::propose_admin`]).
    pub async fn accept_admin(&self, sender: &Sender) -> Result<TxOutcome> {
        self.registry_execute(sender, &ExecuteMsg::AcceptAdmin {})
            .await
    }

    /// Administrator: withdraws a pending proposal of the administrator role.
    pub async fn cancel_admin_proposal(&self, sender: &Sender) -> Result<TxOutcome> {
        self.registry_execute(sender, &ExecuteMsg::CancelAdminProposal {})
            .await
    }

    /// Registers a meter (and the consumer's meter contract with its first meter): a
    /// consumption meter, or with `kind: MeterKind::Generation` a generation meter, which is
    /// never billed (no contracted amount, no region; the registry refuses either with
    /// `admin.generation_contracted_amount` / `admin.regional_generation_meter`).
    pub async fn register_meter(&self, sender: &Sender, meter: RegisterMeter) -> Result<TxOutcome> {
        self.registry_execute(sender, &ExecuteMsg::RegisterMeter(meter))
            .await
    }

    /// Wires the tariff and bank contracts into the registry.
    pub async fn set_contracts(
        &self,
        sender: &Sender,
        tariff: String,
        bank: String,
    ) -> Result<TxOutcome> {
        self.registry_execute(sender, &ExecuteMsg::SetContracts { tariff, bank })
            .await
    }

    /// Schedules a bulk change of roles behind the time lock.
    pub async fn schedule_role_changes(
        &self,
        sender: &Sender,
        changes: Vec<RoleChange>,
    ) -> Result<TxOutcome> {
        self.registry_execute(sender, &ExecuteMsg::ScheduleRoleChanges { changes })
            .await
    }

    /// Carries out (`cancel` false) or cancels a time-locked operation.
    pub async fn settle_timelocked(
        &self,
        sender: &Sender,
        id: u64,
        cancel: bool,
    ) -> Result<TxOutcome> {
        let msg = if cancel {
            ExecuteMsg::CancelTimelocked { id }
        } else {
            ExecuteMsg::ExecuteTimelocked { id }
        };
        self.registry_execute(sender, &msg).await
    }
    /// The registration of `meter` as a call, for a transaction of several calls or a
    /// pre-signed one (see [`Sender::execute_all`]).
    pub fn register_meter_call(&self, meter: RegisterMeter) -> Result<ExecuteCall> {
        self.admin_call(&ExecuteMsg::RegisterMeter(meter))
    }

    /// The registration of a participant as a call (see [`Ledger::register_meter_call`]).
    pub fn register_participant_call(
        &self,
        address: String,
        name: String,
        roles: Vec<Role>,
    ) -> Result<ExecuteCall> {
        self.admin_call(&ExecuteMsg::RegisterParticipant {
            address,
            name,
            roles,
        })
    }

    /// Administrator: the billing settings new meter contracts get, as a call. Meter
    /// contracts take these settings when the registry creates them, so a transaction that
    /// sets them, registers a consumer's first meter and sets them back gives one consumer
    /// settings of its own.
    pub fn meter_defaults_call(&self, meter_settings: MeterSettings) -> Result<ExecuteCall> {
        self.admin_call(&ExecuteMsg::UpdateMeterDefaults {
            meter_code_id: None,
            meter_settings: Some(meter_settings),
        })
    }

    fn admin_call(&self, msg: &ExecuteMsg) -> Result<ExecuteCall> {
        Ok(ExecuteCall::new(self.registry_contract()?, msg)?)
    }
}
