//! The world of a scenario test, with action, query and assertion methods.

mod banking;
mod metering;
mod registry;

pub use metering::{readings_outcome, refusals};

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, Coin, StdResult, coins};
use cw_multi_test::error::AnyResult;
use cw_multi_test::{App, AppResponse, BankSudo, Executor};
use cw20::Cw20ExecuteMsg;
use ledger_types::admin::{self};
use ledger_types::bank::{self};
use ledger_types::billing::MeterSettings;
use ledger_types::meter::{self};
use ledger_types::tariff::{self};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::meters::MeterDevice;
use crate::parties::{DraftParties, LoanWorld};

/// Seconds per block when time advances.
pub const BLOCK_SECONDS: u64 = 5;

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

    // ---------------------------------------------------------------- queries

    pub fn query<T: DeserializeOwned>(
        &self,
        contract: &Addr,
        msg: &impl Serialize,
    ) -> StdResult<T> {
        self.app.wrap().query_wasm_smart(contract, msg)
    }
}
