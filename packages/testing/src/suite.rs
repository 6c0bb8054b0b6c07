//! The world of a scenario test, with action, query and assertion methods.

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, Coin, StdResult, Uint128, coins, to_json_binary};
use cw_multi_test::error::AnyResult;
use cw_multi_test::{App, AppResponse, BankSudo, Executor};
use cw20::{AllAccountsResponse, BalanceResponse, Cw20ExecuteMsg, TokenInfoResponse};
use ledger_reading::SignedReading;
use ledger_types::admin::{
    self, MeterInfo, MeterStatus, Participant, ParticipantStatus, RegisterMeter, Role,
};
use ledger_types::bank::{
    self, BillAccount, Instalment, InstalmentStatus, Payment, PrepaidResponse, ReceiveMsg,
    Redemption, TotalsResponse,
};
use ledger_types::billing::MeterSettings;
use ledger_types::meter::{self, Bill, DailyTotal, MeterState, PeriodUsage, StoredReading};
use ledger_types::tariff::{self, QuoteResponse, TariffComponents, UsageProfile};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::builder::BLOCK_SECONDS;
use crate::drafts::DraftParties;
use crate::loans::LoanWorld;
use crate::meters::MeterDevice;
use crate::tariffs::TariffDef;

/// Code ids of the stored contracts.
#[derive(Clone, Copy, Debug)]
pub struct Codes {
    pub token: u64,
    pub admin: u64,
    pub meter: u64,
    pub tariff: u64,
    pub bank: u64,
    pub draft: u64,
    pub loan_share: u64,
}

/// The people of the story (consumers are kept by name in [`Suite::consumers`]).
#[derive(Clone, Debug)]
pub struct Addrs {
    /// Holds the admin role of the registry.
    pub administrator: Addr,
    pub retailer: Addr,
    pub bank_operator: Addr,
    pub blacklister: Addr,
    /// Registered nowhere, holds no role.
    pub stranger: Addr,
    /// Relays meters' readings; needs no role.
    pub gateway: Addr,
}

pub struct Suite {
    pub app: App,
    pub addrs: Addrs,
    /// Consumers by name.
    pub consumers: BTreeMap<String, Addr>,
    pub codes: Codes,
    pub admin: Addr,
    pub tariff: Addr,
    pub bank: Addr,
    /// The settlement token (cw20-base) the bank instantiated.
    pub token: Addr,
    /// Simulated meters by meter id.
    pub devices: BTreeMap<String, MeterDevice>,
    /// The settings meter contracts are created with.
    pub settings: MeterSettings,
    /// The draft contract, when the world was built [`SuiteBuilder::with_drafts`].
    ///
    /// [`SuiteBuilder::with_drafts`]: crate::SuiteBuilder::with_drafts
    pub draft_contract: Option<Addr>,
    /// The offices, banks and units of the draft flow (addresses exist in every world; their
    /// roles only once the draft contract is installed).
    pub parties: DraftParties,
    /// The loan-share contract, its token and lenders, and the transcript of its messages
    /// (the lenders exist in every world; the contract only [`SuiteBuilder::with_loan_share`]).
    ///
    /// [`SuiteBuilder::with_loan_share`]: crate::SuiteBuilder::with_loan_share
    pub loans: LoanWorld,
}

impl Suite {
    // ---------------------------------------------------------------- people and time

    /// A consumer's address by name.
    pub fn consumer(&self, name: &str) -> Addr {
        self.consumers
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("no consumer named {name}"))
    }

    /// A fresh address for a name (not registered anywhere).
    pub fn addr(&self, name: &str) -> Addr {
        self.app.api().addr_make(name)
    }

    pub fn chain_id(&self) -> String {
        self.app.block_info().chain_id
    }

    /// Block time, unix seconds.
    pub fn now(&self) -> u64 {
        self.app.block_info().time.seconds()
    }

    /// Moves block time forward (and the height, one block per [`BLOCK_SECONDS`]).
    pub fn advance_time(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += (seconds / BLOCK_SECONDS).max(1);
        });
    }

    /// Moves block time forward to `unix` (no-op if already there or later).
    pub fn advance_to(&mut self, unix: u64) {
        let now = self.now();
        if unix > now {
            self.advance_time(unix - now);
        }
    }

    pub fn device(&self, meter_id: &str) -> &MeterDevice {
        self.devices
            .get(meter_id)
            .unwrap_or_else(|| panic!("no device for meter {meter_id}"))
    }

    pub fn device_mut(&mut self, meter_id: &str) -> &mut MeterDevice {
        self.devices
            .get_mut(meter_id)
            .unwrap_or_else(|| panic!("no device for meter {meter_id}"))
    }

    /// The meter contract that holds a meter.
    pub fn meter_contract(&self, meter_id: &str) -> Addr {
        match self.devices.get(meter_id).and_then(|d| d.contract.clone()) {
            Some(contract) => contract,
            None => {
                self.meter_info(meter_id)
                    .expect("meter in registry")
                    .contract
            }
        }
    }

    // ---------------------------------------------------------------- raw execution

    /// Gives an address native coins (no contract takes them; tests show they are refused).
    pub fn fund(&mut self, address: &Addr, amount: u128, denom: &str) {
        self.app
            .sudo(
                BankSudo::Mint {
                    to_address: address.to_string(),
                    amount: coins(amount, denom),
                }
                .into(),
            )
            .expect("mint native coins");
    }

    /// Executes any message on any contract with native funds attached.
    pub fn execute_with_funds<M: Serialize + std::fmt::Debug>(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        msg: &M,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), contract.clone(), msg, funds)
    }

    pub fn execute_admin(
        &mut self,
        sender: &Addr,
        msg: &admin::ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        let contract = self.admin.clone();
        self.app
            .execute_contract(sender.clone(), contract, msg, &[])
    }

    pub fn execute_meter(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        msg: &meter::ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), contract.clone(), msg, &[])
    }

    pub fn execute_tariff(
        &mut self,
        sender: &Addr,
        msg: &tariff::ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        let contract = self.tariff.clone();
        self.app
            .execute_contract(sender.clone(), contract, msg, &[])
    }

    pub fn execute_bank(
        &mut self,
        sender: &Addr,
        msg: &bank::ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        let contract = self.bank.clone();
        self.app
            .execute_contract(sender.clone(), contract, msg, &[])
    }

    pub fn execute_token(&mut self, sender: &Addr, msg: &Cw20ExecuteMsg) -> AnyResult<AppResponse> {
        let contract = self.token.clone();
        self.app
            .execute_contract(sender.clone(), contract, msg, &[])
    }

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

    // ---------------------------------------------------------------- tariff actions

    pub fn create_tariff(
        &mut self,
        sender: &Addr,
        def: &TariffDef,
        effective_from: u64,
    ) -> AnyResult<AppResponse> {
        self.execute_tariff(
            sender,
            &tariff::ExecuteMsg::CreateTariff {
                tariff_id: def.tariff_id.clone(),
                name: def.name.clone(),
                utc_offset_minutes: def.utc_offset_minutes,
                components: def.components.clone(),
                effective_from,
            },
        )
    }

    pub fn add_version(
        &mut self,
        sender: &Addr,
        tariff_id: &str,
        components: TariffComponents,
        effective_from: u64,
    ) -> AnyResult<AppResponse> {
        self.execute_tariff(
            sender,
            &tariff::ExecuteMsg::AddVersion {
                tariff_id: tariff_id.to_string(),
                components,
                effective_from,
            },
        )
    }

    // ---------------------------------------------------------------- meter actions

    /// Sends readings to a meter contract (anyone may relay them).
    pub fn submit_readings_to(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        readings: Vec<SignedReading>,
    ) -> AnyResult<AppResponse> {
        self.execute_meter(
            sender,
            contract,
            &meter::ExecuteMsg::SubmitReadings { readings },
        )
    }

    /// Sends a batch of a meter's readings through the gateway to its contract; on success
    /// the device moves past them.
    pub fn submit_readings(
        &mut self,
        meter_id: &str,
        readings: Vec<SignedReading>,
    ) -> AnyResult<AppResponse> {
        let contract = self.meter_contract(meter_id);
        let gateway = self.addrs.gateway.clone();
        let res = self.submit_readings_to(&gateway, &contract, readings.clone())?;
        self.device_mut(meter_id).accept(&readings);
        Ok(res)
    }

    /// Reads every whole interval that has ended by now from the meter's load curve and
    /// submits them in batches of `batch`; returns the readings submitted.
    pub fn feed(&mut self, meter_id: &str, batch: usize) -> AnyResult<Vec<SignedReading>> {
        let mut all = vec![];
        loop {
            let due = self.device(meter_id).due_intervals(self.now());
            if due == 0 {
                return Ok(all);
            }
            let readings = self.device(meter_id).next_batch(due.min(batch));
            self.submit_readings(meter_id, readings.clone())?;
            all.extend(readings);
        }
    }

    pub fn close_period(
        &mut self,
        sender: &Addr,
        meter_id: &str,
        period: u32,
    ) -> AnyResult<AppResponse> {
        let contract = self.meter_contract(meter_id);
        self.execute_meter(
            sender,
            &contract,
            &meter::ExecuteMsg::ClosePeriod {
                meter_id: meter_id.to_string(),
                period,
            },
        )
    }

    // ---------------------------------------------------------------- bank actions

    pub fn deposit(
        &mut self,
        sender: &Addr,
        reference: &str,
        recipient: &Addr,
        amount: u128,
        prepay: bool,
    ) -> AnyResult<AppResponse> {
        self.execute_bank(
            sender,
            &bank::ExecuteMsg::Deposit {
                reference: reference.to_string(),
                recipient: recipient.to_string(),
                amount: Uint128::new(amount),
                prepay,
            },
        )
    }

    /// Sends settlement tokens to the bank with a hook message.
    pub fn send_to_bank(
        &mut self,
        sender: &Addr,
        amount: u128,
        hook: &ReceiveMsg,
    ) -> AnyResult<AppResponse> {
        let msg = Cw20ExecuteMsg::Send {
            contract: self.bank.to_string(),
            amount: Uint128::new(amount),
            msg: to_json_binary(hook)?,
        };
        self.execute_token(sender, &msg)
    }

    /// Moves tokens from the sender's wallet to their prepaid balance at the bank.
    pub fn prepay(&mut self, sender: &Addr, amount: u128) -> AnyResult<AppResponse> {
        self.send_to_bank(sender, amount, &ReceiveMsg::Prepay {})
    }

    /// Escrows tokens at the bank until an operator pays out the fiat.
    pub fn request_redemption(
        &mut self,
        sender: &Addr,
        amount: u128,
        payout_account: &str,
    ) -> AnyResult<AppResponse> {
        self.send_to_bank(
            sender,
            amount,
            &ReceiveMsg::RequestRedemption {
                payout_account: payout_account.to_string(),
            },
        )
    }

    pub fn redeem(
        &mut self,
        sender: &Addr,
        request_id: u64,
        payout_reference: &str,
    ) -> AnyResult<AppResponse> {
        self.execute_bank(
            sender,
            &bank::ExecuteMsg::Redeem {
                request_id,
                payout_reference: payout_reference.to_string(),
            },
        )
    }

    pub fn settle(&mut self, sender: &Addr, limit: Option<u32>) -> AnyResult<AppResponse> {
        self.execute_bank(sender, &bank::ExecuteMsg::Settle { limit })
    }

    pub fn make_payment(
        &mut self,
        sender: &Addr,
        meter_id: &str,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        self.execute_bank(
            sender,
            &bank::ExecuteMsg::MakePayment {
                meter_id: meter_id.to_string(),
                amount: Uint128::new(amount),
            },
        )
    }

    pub fn transfer(
        &mut self,
        sender: &Addr,
        recipient: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        self.execute_token(
            sender,
            &Cw20ExecuteMsg::Transfer {
                recipient: recipient.to_string(),
                amount: Uint128::new(amount),
            },
        )
    }

    // ---------------------------------------------------------------- queries

    pub fn query<T: DeserializeOwned>(
        &self,
        contract: &Addr,
        msg: &impl Serialize,
    ) -> StdResult<T> {
        self.app.wrap().query_wasm_smart(contract, msg)
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
        let mut out: Vec<Participant> = vec![];
        loop {
            let page: admin::ParticipantsResponse = self
                .query(
                    &self.admin,
                    &admin::QueryMsg::Participants {
                        role,
                        start_after: out.last().map(|p| p.address.to_string()),
                        limit: None,
                    },
                )
                .expect("participants");
            if page.participants.is_empty() {
                return out;
            }
            out.extend(page.participants);
        }
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
        let mut out: Vec<MeterInfo> = vec![];
        loop {
            let page: admin::MetersResponse = self
                .query(
                    &self.admin,
                    &admin::QueryMsg::Meters {
                        start_after: out.last().map(|m| m.meter_id.clone()),
                        limit: None,
                    },
                )
                .expect("meters");
            if page.meters.is_empty() {
                return out;
            }
            out.extend(page.meters);
        }
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

    // meter

    pub fn meter_config(&self, contract: &Addr) -> meter::ConfigResponse {
        self.query(contract, &meter::QueryMsg::Config {})
            .expect("meter config")
    }

    pub fn meter_state(&self, meter_id: &str) -> MeterState {
        self.query(
            &self.meter_contract(meter_id),
            &meter::QueryMsg::Meter {
                meter_id: meter_id.to_string(),
            },
        )
        .expect("meter state")
    }

    /// Every stored reading of a meter, every page.
    pub fn readings(&self, meter_id: &str) -> Vec<StoredReading> {
        let contract = self.meter_contract(meter_id);
        let mut out: Vec<StoredReading> = vec![];
        loop {
            let page: meter::ReadingsResponse = self
                .query(
                    &contract,
                    &meter::QueryMsg::Readings {
                        meter_id: meter_id.to_string(),
                        from: None,
                        to: None,
                        start_after: out.last().map(|r| r.interval_start),
                        limit: Some(100),
                    },
                )
                .expect("readings");
            if page.readings.is_empty() {
                return out;
            }
            out.extend(page.readings);
        }
    }

    /// Every daily total of a meter, every page.
    pub fn daily_totals(&self, meter_id: &str) -> Vec<DailyTotal> {
        let contract = self.meter_contract(meter_id);
        let mut out: Vec<DailyTotal> = vec![];
        loop {
            let page: meter::DailyTotalsResponse = self
                .query(
                    &contract,
                    &meter::QueryMsg::DailyTotals {
                        meter_id: meter_id.to_string(),
                        from_day: None,
                        to_day: None,
                        start_after: out.last().map(|d| d.day),
                        limit: Some(100),
                    },
                )
                .expect("daily totals");
            if page.days.is_empty() {
                return out;
            }
            out.extend(page.days);
        }
    }

    pub fn period_totals(&self, meter_id: &str, period: u32) -> StdResult<PeriodUsage> {
        self.query(
            &self.meter_contract(meter_id),
            &meter::QueryMsg::PeriodTotals {
                meter_id: meter_id.to_string(),
                period,
            },
        )
    }

    pub fn period_at(&self, meter_id: &str, at: u64) -> meter::PeriodInfo {
        self.query(
            &self.meter_contract(meter_id),
            &meter::QueryMsg::PeriodAt { at },
        )
        .expect("period at")
    }

    /// The period block time falls in, by the suite's billing cycle.
    pub fn current_period(&self) -> u32 {
        self.settings
            .cycle
            .period_of(self.now())
            .expect("now lies in a period")
    }

    pub fn bill(&self, meter_id: &str, period: u32) -> StdResult<Bill> {
        self.query(
            &self.meter_contract(meter_id),
            &meter::QueryMsg::Bill {
                meter_id: meter_id.to_string(),
                period,
            },
        )
    }

    pub fn bills(&self, meter_id: &str) -> Vec<Bill> {
        let page: meter::BillsResponse = self
            .query(
                &self.meter_contract(meter_id),
                &meter::QueryMsg::Bills {
                    meter_id: meter_id.to_string(),
                    start_after: None,
                    limit: Some(100),
                },
            )
            .expect("bills");
        page.bills
    }

    // tariff

    pub fn tariff_info(&self, tariff_id: &str) -> StdResult<tariff::TariffInfo> {
        self.query(
            &self.tariff,
            &tariff::QueryMsg::Tariff {
                tariff_id: tariff_id.to_string(),
            },
        )
    }

    pub fn tariff_version(
        &self,
        tariff_id: &str,
        version: u32,
    ) -> StdResult<tariff::TariffVersion> {
        self.query(
            &self.tariff,
            &tariff::QueryMsg::Version {
                tariff_id: tariff_id.to_string(),
                version,
            },
        )
    }

    pub fn quote(&self, tariff_id: &str, usage: UsageProfile) -> StdResult<QuoteResponse> {
        self.query(
            &self.tariff,
            &tariff::QueryMsg::Quote {
                tariff_id: tariff_id.to_string(),
                usage,
            },
        )
    }

    // bank

    pub fn bank_totals(&self) -> TotalsResponse {
        self.query(&self.bank, &bank::QueryMsg::Totals {})
            .expect("bank totals")
    }

    pub fn deposit_record(&self, reference: &str) -> StdResult<bank::Deposit> {
        self.query(
            &self.bank,
            &bank::QueryMsg::Deposit {
                reference: reference.to_string(),
            },
        )
    }

    /// A consumer's prepaid balance at the bank.
    pub fn prepaid(&self, consumer: &Addr) -> u128 {
        let res: PrepaidResponse = self
            .query(
                &self.bank,
                &bank::QueryMsg::Prepaid {
                    consumer: consumer.to_string(),
                },
            )
            .expect("prepaid");
        res.balance.u128()
    }

    /// Every prepaid balance, every page.
    pub fn prepaid_balances(&self) -> Vec<PrepaidResponse> {
        let mut out: Vec<PrepaidResponse> = vec![];
        loop {
            let page: bank::PrepaidListResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::PrepaidBalances {
                        start_after: out.last().map(|p| p.consumer.to_string()),
                        limit: None,
                    },
                )
                .expect("prepaid balances");
            if page.balances.is_empty() {
                return out;
            }
            out.extend(page.balances);
        }
    }

    pub fn credit(&self, meter_id: &str) -> u128 {
        let credit: Uint128 = self
            .query(
                &self.bank,
                &bank::QueryMsg::Credit {
                    meter_id: meter_id.to_string(),
                },
            )
            .expect("credit");
        credit.u128()
    }

    pub fn instalment(&self, id: u64) -> StdResult<Instalment> {
        self.query(&self.bank, &bank::QueryMsg::Instalment { id })
    }

    /// Every instalment of a meter, every page.
    pub fn instalments(&self, meter_id: &str) -> Vec<Instalment> {
        let mut out: Vec<Instalment> = vec![];
        loop {
            let page: bank::InstalmentsResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::InstalmentsByMeter {
                        meter_id: meter_id.to_string(),
                        start_after: out.last().map(|i| i.id),
                        limit: None,
                    },
                )
                .expect("instalments");
            if page.instalments.is_empty() {
                return out;
            }
            out.extend(page.instalments);
        }
    }

    /// A meter's instalments of a period.
    pub fn period_instalments(&self, meter_id: &str, period: u32) -> Vec<Instalment> {
        self.instalments(meter_id)
            .into_iter()
            .filter(|i| i.period == period)
            .collect()
    }

    /// Every overdue instalment, every page.
    pub fn overdue(&self) -> Vec<Instalment> {
        let mut out: Vec<Instalment> = vec![];
        loop {
            let page: bank::InstalmentsResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::Overdue {
                        start_after: out.last().map(|i| (i.due, i.id)),
                        limit: None,
                    },
                )
                .expect("overdue");
            if page.instalments.is_empty() {
                return out;
            }
            out.extend(page.instalments);
        }
    }

    pub fn bill_account(&self, meter_id: &str, period: u32) -> StdResult<BillAccount> {
        self.query(
            &self.bank,
            &bank::QueryMsg::BillAccount {
                meter_id: meter_id.to_string(),
                period,
            },
        )
    }

    /// Every payment of a consumer, every page.
    pub fn payments(&self, consumer: &Addr) -> Vec<Payment> {
        let mut out: Vec<Payment> = vec![];
        loop {
            let page: bank::PaymentsResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::PaymentsByConsumer {
                        consumer: consumer.to_string(),
                        start_after: out.last().map(|p| p.id),
                        limit: None,
                    },
                )
                .expect("payments");
            if page.payments.is_empty() {
                return out;
            }
            out.extend(page.payments);
        }
    }

    /// Every payment recorded against a bill, every page.
    pub fn bill_payments(&self, meter_id: &str, period: u32) -> Vec<Payment> {
        let mut out: Vec<Payment> = vec![];
        loop {
            let page: bank::PaymentsResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::PaymentsByBill {
                        meter_id: meter_id.to_string(),
                        period,
                        start_after: out.last().map(|p| p.id),
                        limit: None,
                    },
                )
                .expect("bill payments");
            if page.payments.is_empty() {
                return out;
            }
            out.extend(page.payments);
        }
    }

    pub fn redemption(&self, id: u64) -> StdResult<Redemption> {
        self.query(&self.bank, &bank::QueryMsg::Redemption { id })
    }

    /// Every redemption request, every page.
    pub fn redemptions(&self) -> Vec<Redemption> {
        let mut out: Vec<Redemption> = vec![];
        loop {
            let page: bank::RedemptionsResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::Redemptions {
                        start_after: out.last().map(|r| r.id),
                        limit: None,
                    },
                )
                .expect("redemptions");
            if page.redemptions.is_empty() {
                return out;
            }
            out.extend(page.redemptions);
        }
    }

    // token

    /// A wallet's settlement-token balance.
    pub fn balance(&self, address: &Addr) -> u128 {
        let res: BalanceResponse = self
            .query(
                &self.token,
                &cw20::Cw20QueryMsg::Balance {
                    address: address.to_string(),
                },
            )
            .expect("token balance");
        res.balance.u128()
    }

    pub fn token_supply(&self) -> u128 {
        let res: TokenInfoResponse = self
            .query(&self.token, &cw20::Cw20QueryMsg::TokenInfo {})
            .expect("token info");
        res.total_supply.u128()
    }

    /// Every token holder with their balance, every page.
    pub fn token_holders(&self) -> Vec<(Addr, u128)> {
        let mut accounts: Vec<String> = vec![];
        loop {
            let page: AllAccountsResponse = self
                .query(
                    &self.token,
                    &cw20::Cw20QueryMsg::AllAccounts {
                        start_after: accounts.last().cloned(),
                        limit: Some(30),
                    },
                )
                .expect("token accounts");
            if page.accounts.is_empty() {
                break;
            }
            accounts.extend(page.accounts);
        }
        accounts
            .into_iter()
            .map(|a| {
                let addr = Addr::unchecked(a);
                let balance = self.balance(&addr);
                (addr, balance)
            })
            .collect()
    }

    // ---------------------------------------------------------------- assertions

    /// The token's books balance: supply is the sum of all balances, the bank holds exactly
    /// the prepaid balances and escrowed redemptions, and minted minus burned is the supply.
    pub fn assert_token_conservation(&self) {
        let supply = self.token_supply();
        let held: u128 = self.token_holders().iter().map(|(_, b)| b).sum();
        assert_eq!(
            supply, held,
            "token supply differs from the sum of balances"
        );
        let totals = self.bank_totals();
        assert_eq!(
            self.balance(&self.bank),
            totals.prepaid.u128() + totals.escrowed.u128(),
            "bank's token balance differs from prepaid + escrowed ({totals:?})"
        );
        assert_eq!(
            totals.minted.u128() - totals.burned.u128(),
            supply,
            "minted - burned differs from supply ({totals:?})"
        );
        let prepaid: u128 = self
            .prepaid_balances()
            .iter()
            .map(|p| p.balance.u128())
            .sum();
        assert_eq!(
            prepaid,
            totals.prepaid.u128(),
            "prepaid balances differ from total"
        );
    }

    /// No instalment of the meter is paid beyond its amount, each one's payments add up to
    /// what it records as paid, and a paid instalment is paid in full.
    pub fn assert_instalments_sound(&self, meter_id: &str) {
        let instalments = self.instalments(meter_id);
        let mut by_instalment: BTreeMap<u64, u128> = BTreeMap::new();
        let mut periods: Vec<u32> = instalments.iter().map(|i| i.period).collect();
        periods.sort_unstable();
        periods.dedup();
        for period in periods {
            for p in self.bill_payments(meter_id, period) {
                *by_instalment.entry(p.instalment_id).or_default() += p.amount.u128();
            }
        }
        for i in &instalments {
            assert!(
                i.paid <= i.amount,
                "instalment paid beyond its amount: {i:?}"
            );
            assert_eq!(
                by_instalment.get(&i.id).copied().unwrap_or_default(),
                i.paid.u128(),
                "payments of instalment {} differ from its paid amount",
                i.id
            );
            if i.status == InstalmentStatus::Paid {
                assert_eq!(i.paid, i.amount, "paid instalment not paid in full: {i:?}");
            }
        }
    }

    /// Sum of a meter's stored readings equals its register movement and each period's
    /// totals.
    pub fn assert_readings_counted_once(&self, meter_id: &str) {
        let readings = self.readings(meter_id);
        let state = self.meter_state(meter_id);
        assert_eq!(
            readings.len() as u64,
            state.readings,
            "stored readings vs count"
        );
        let mut per_period: BTreeMap<u32, (u64, u32)> = BTreeMap::new();
        for r in &readings {
            let period = self
                .settings
                .cycle
                .period_of(r.interval_start)
                .expect("reading in a period");
            let e = per_period.entry(period).or_default();
            e.0 += r.energy_wh;
            e.1 += 1;
        }
        for (period, (energy, count)) in per_period {
            let totals = self.period_totals(meter_id, period).expect("period totals");
            assert_eq!(totals.energy_wh, energy, "period {period} energy");
            assert_eq!(totals.readings, count, "period {period} reading count");
        }
        let daily: u64 = self
            .daily_totals(meter_id)
            .iter()
            .map(|d| d.energy_wh)
            .sum();
        let stored: u64 = readings.iter().map(|r| r.energy_wh).sum();
        assert_eq!(daily, stored, "daily totals vs stored readings");
    }
}
