//! Makes the world a scenario test runs in: an App with a known chain id and start time, the
//! four contracts and the settlement token stored and wired, participants registered, fixture
//! tariffs created and meters registered.

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, BlockInfo, Empty, Timestamp, Uint128};
use cw_multi_test::{App, AppBuilder, Contract, ContractWrapper, Executor};
use ledger_types::admin::{self, RegisterMeter, Role};
use ledger_types::bank;
use ledger_types::billing::{AdvanceRule, BillingCycle, MeterSettings, PaymentSchedule};
use ledger_types::meter::MeterKind;
use ledger_types::tariff;
use serde::Serialize;

use crate::drafts::DRAFT_VETO_WINDOW;
use crate::meters::{LoadCurve, MeterDevice};
use crate::parties::DraftParties;
use crate::parties::LoanWorld;
use crate::suite::{Addrs, Codes, Suite};
use crate::tariffs::{self, TariffDef};

/// Alice's meter in [`SuiteBuilder::alice_and_bob`].
pub const ALICE_METER: &str = "alice-meter";
/// Bob's meter in [`SuiteBuilder::alice_and_bob`].
pub const BOB_METER: &str = "bob-meter";

/// 2026-11-01T00:00:00Z: every suite starts here unless told otherwise, so bills are
/// reproducible.
pub const START: u64 = 1_793_491_200;
/// The App's chain id; readings are signed for it.
pub const CHAIN_ID: &str = "ledger-test-1";

/// The registry's time-lock delay in scenario tests (real deployments default to 48 hours).
pub const TIMELOCK_DELAY: u64 = 3_600;

/// The multi-test wrapper of a contract crate's entry points, with the optional ones it has:
/// `contract_code!(ledger_bank, with_reply(reply))`.
macro_rules! contract_code {
    ($krate:ident $(, $with:ident($entry:ident))*) => {
        Box::new(
            ContractWrapper::new(
                ::$krate::contract::execute,
                ::$krate::contract::instantiate,
                ::$krate::contract::query,
            )
            $(.$with(::$krate::contract::$entry))*,
        )
    };
}

/// The settlement token: cw20-base gated by the registry (the bank's token, and the
/// consortium token of loan sharing, are instances of this code).
pub fn cw20_code() -> Box<dyn Contract<Empty>> {
    contract_code!(ledger_settlement_token, with_migrate(migrate))
}

pub fn admin_code() -> Box<dyn Contract<Empty>> {
    contract_code!(ledger_admin, with_reply(reply))
}

pub fn meter_code() -> Box<dyn Contract<Empty>> {
    contract_code!(ledger_meter)
}

pub fn tariff_code() -> Box<dyn Contract<Empty>> {
    contract_code!(ledger_tariff)
}

pub fn bank_code() -> Box<dyn Contract<Empty>> {
    contract_code!(ledger_bank, with_reply(reply))
}

pub fn draft_code() -> Box<dyn Contract<Empty>> {
    contract_code!(ledger_draft)
}

pub fn loan_share_code() -> Box<dyn Contract<Empty>> {
    contract_code!(ledger_loan_share, with_reply(reply))
}

/// Instantiates code `code_id` as `ledger-<name>`, by and administered by `owner`; panics
/// naming it if that fails.
pub(crate) fn instantiate(
    app: &mut App,
    code_id: u64,
    owner: &Addr,
    msg: &impl Serialize,
    name: &str,
) -> Addr {
    let label = format!("ledger-{name}");
    app.instantiate_contract(
        code_id,
        owner.clone(),
        msg,
        &[],
        label,
        Some(owner.to_string()),
    )
    .unwrap_or_else(|e| panic!("instantiate {name}: {e:?}"))
}

/// A meter to register at build time.
#[derive(Clone, Debug)]
pub struct MeterSpec {
    pub meter_id: String,
    /// Consumer name (see [`SuiteBuilder::with_consumer`]).
    pub owner: String,
    pub tariff_id: String,
    pub contracted_monthly_amount: Uint128,
    pub initial_register_wh: u64,
    pub load: LoadCurve,
    /// Consumption unless [`MeterSpec::generation`].
    pub kind: MeterKind,
}

impl MeterSpec {
    pub fn new(meter_id: &str, owner: &str, tariff_id: &str) -> Self {
        MeterSpec {
            meter_id: meter_id.to_string(),
            owner: owner.to_string(),
            tariff_id: tariff_id.to_string(),
            contracted_monthly_amount: Uint128::zero(),
            initial_register_wh: 0,
            load: LoadCurve::Household {
                seed: crate::meters::hash_str(meter_id),
                scale_percent: 100,
            },
            kind: MeterKind::Consumption,
        }
    }

    /// A generation meter (a park generator's): never billed, so without a contracted
    /// amount.
    pub fn generation(mut self) -> Self {
        self.kind = MeterKind::Generation;
        self.contracted_monthly_amount = Uint128::zero();
        self
    }

    pub fn contracted(mut self, amount: u128) -> Self {
        self.contracted_monthly_amount = Uint128::new(amount);
        self
    }

    pub fn register(mut self, wh: u64) -> Self {
        self.initial_register_wh = wh;
        self
    }

    pub fn load(mut self, load: LoadCurve) -> Self {
        self.load = load;
        self
    }

    /// A household curve scaled to `percent` of the base household.
    pub fn scale(mut self, percent: u64) -> Self {
        self.load = LoadCurve::Household {
            seed: crate::meters::hash_str(&self.meter_id),
            scale_percent: percent,
        };
        self
    }
}

/// Builds a [`Suite`].
pub struct SuiteBuilder {
    chain_id: String,
    start: u64,
    settings: MeterSettings,
    consumers: Vec<String>,
    tariffs: Vec<TariffDef>,
    meters: Vec<MeterSpec>,
    /// Veto window of the draft contract, when the world has one.
    drafts: Option<u64>,
    /// Whether the world has the loan-share contract (and whether lenders register keys).
    loan_share: Option<bool>,
}

impl Default for SuiteBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl SuiteBuilder {
    /// Calendar months in UTC with the default payment schedule, starting at [`START`].
    pub fn new() -> Self {
        SuiteBuilder {
            chain_id: CHAIN_ID.to_string(),
            start: START,
            settings: MeterSettings::default(),
            consumers: vec![],
            tariffs: vec![],
            meters: vec![],
            drafts: None,
            loan_share: None,
        }
    }

    /// The world most single-contract tests start from: the tiered and the flat tariff,
    /// Alice's meter `alice-meter` on the tiered one with 50.00 contracted, and Bob's
    /// `bob-meter` on the flat one.
    pub fn alice_and_bob() -> Self {
        SuiteBuilder::new()
            .with_tariff(tariffs::tiered())
            .with_tariff(tariffs::flat())
            .with_meter(MeterSpec::new(ALICE_METER, "alice", tariffs::TIERED).contracted(5_000))
            .with_meter(MeterSpec::new(BOB_METER, "bob", tariffs::FLAT))
    }

    pub fn with_chain_id(mut self, chain_id: &str) -> Self {
        self.chain_id = chain_id.to_string();
        self
    }

    /// Block time at which the world is made (and meters are registered), unix seconds.
    pub fn with_start(mut self, start: u64) -> Self {
        self.start = start;
        self
    }

    pub fn with_settings(mut self, settings: MeterSettings) -> Self {
        self.settings = settings;
        self
    }

    /// Short periods for tests: `days` days of `day_seconds` seconds from the start, with
    /// advances of 30% on day 2 and 40% on day 4 and the final instalment on day 3 of the
    /// next period (needs `days >= 4`).
    pub fn with_day_cycle(mut self, days: u32, day_seconds: u64) -> Self {
        self.settings.cycle = BillingCycle::Days {
            origin: self.start,
            days,
            day_seconds,
        };
        self.settings.schedule = PaymentSchedule {
            advances: vec![
                AdvanceRule { bps: 3_000, day: 2 },
                AdvanceRule { bps: 4_000, day: 4 },
            ],
            final_day: 3,
        };
        self
    }

    pub fn with_consumer(mut self, name: &str) -> Self {
        self.consumers.push(name.to_string());
        self
    }

    pub fn with_tariff(mut self, tariff: TariffDef) -> Self {
        self.tariffs.push(tariff);
        self
    }

    /// Registers a meter (its owner becomes a consumer if not one yet).
    pub fn with_meter(mut self, meter: MeterSpec) -> Self {
        if !self.consumers.contains(&meter.owner) {
            self.consumers.push(meter.owner.clone());
        }
        self.meters.push(meter);
        self
    }

    /// Adds the draft contract (fund token: the settlement token; approval levels: county
    /// finance, then the provincial office; veto window [`DRAFT_VETO_WINDOW`]) and gives the
    /// [`DraftParties`] their draft roles.
    pub fn with_drafts(mut self) -> Self {
        self.drafts = Some(self.drafts.unwrap_or(DRAFT_VETO_WINDOW));
        self
    }

    /// Adds the draft contract with a veto window of `seconds`.
    pub fn with_veto_window(mut self, seconds: u64) -> Self {
        self.drafts = Some(seconds);
        self
    }

    /// Adds the loan-share contract with its consortium token, gives the [`LoanParties`] their
    /// roles and registers every lender's encryption key.
    ///
    /// [`LoanParties`]: crate::LoanParties
    pub fn with_loan_share(mut self) -> Self {
        self.loan_share = Some(true);
        self
    }

    /// Adds the loan-share contract and the roles, but no lender registers a key.
    pub fn with_loan_share_without_keys(mut self) -> Self {
        self.loan_share = Some(false);
        self
    }

    pub fn build(self) -> Suite {
        let mut app: App = AppBuilder::new()
            .with_block(BlockInfo {
                height: 1,
                time: Timestamp::from_seconds(self.start),
                chain_id: self.chain_id.clone(),
            })
            .build(|_, _, _| {});
        let api = app.api();
        let addrs = Addrs {
            administrator: api.addr_make("administrator"),
            retailer: api.addr_make("retailer"),
            bank_operator: api.addr_make("bank-operator"),
            blacklister: api.addr_make("blacklister"),
            stranger: api.addr_make("stranger"),
            gateway: api.addr_make("gateway"),
        };
        let consumers: BTreeMap<String, Addr> = self
            .consumers
            .iter()
            .map(|name| (name.clone(), api.addr_make(name)))
            .collect();
        let parties = DraftParties::new(api);
        let loans = LoanWorld::new(api);

        let codes = Codes {
            token: app.store_code(cw20_code()),
            admin: app.store_code(admin_code()),
            meter: app.store_code(meter_code()),
            tariff: app.store_code(tariff_code()),
            bank: app.store_code(bank_code()),
            draft: app.store_code(draft_code()),
            loan_share: app.store_code(loan_share_code()),
        };
        let owner = addrs.administrator.clone();
        let admin_contract = instantiate(
            &mut app,
            codes.admin,
            &owner,
            &admin::InstantiateMsg {
                admin: Some(owner.to_string()),
                meter_code_id: codes.meter,
                meter_settings: self.settings.clone(),
                timelock_delay_seconds: Some(TIMELOCK_DELAY),
            },
            "admin",
        );
        let tariff_contract = instantiate(
            &mut app,
            codes.tariff,
            &owner,
            &tariff::InstantiateMsg {
                admin_contract: admin_contract.to_string(),
            },
            "tariff",
        );
        let bank_contract = instantiate(
            &mut app,
            codes.bank,
            &owner,
            &bank::InstantiateMsg {
                admin_contract: admin_contract.to_string(),
                token_code_id: codes.token,
                token_name: "Ledger Euro".to_string(),
                token_symbol: "LEUR".to_string(),
                token_decimals: 2,
            },
            "bank",
        );
        let bank_config: bank::ConfigResponse = app
            .wrap()
            .query_wasm_smart(&bank_contract, &bank::QueryMsg::Config {})
            .unwrap_or_else(|e| panic!("bank config: {e:?}"));

        let mut suite = Suite {
            app,
            addrs,
            consumers,
            codes,
            admin: admin_contract,
            tariff: tariff_contract,
            bank: bank_contract,
            token: bank_config.token,
            devices: BTreeMap::new(),
            settings: self.settings.clone(),
            draft_contract: None,
            parties,
            loans,
        };

        let (admin_contract, tariff_contract, bank_contract) = (
            suite.admin.clone(),
            suite.tariff.clone(),
            suite.bank.clone(),
        );
        suite
            .execute_admin(
                &owner,
                &admin::ExecuteMsg::SetContracts {
                    tariff: tariff_contract.to_string(),
                    bank: bank_contract.to_string(),
                },
            )
            .unwrap_or_else(|e| panic!("wire contracts into {admin_contract}: {e:?}"));

        let staff = [
            (suite.addrs.retailer.clone(), "Retailer", Role::Retailer),
            (
                suite.addrs.bank_operator.clone(),
                "Bank",
                Role::BankOperator,
            ),
            (
                suite.addrs.blacklister.clone(),
                "Compliance",
                Role::Blacklister,
            ),
        ];
        for (address, name, role) in staff {
            suite
                .register_participant(&owner, &address, name, vec![role])
                .unwrap_or_else(|e| panic!("register {name}: {e:?}"));
        }
        for (name, address) in suite.consumers.clone() {
            suite
                .register_participant(&owner, &address, &name, vec![Role::Consumer])
                .unwrap_or_else(|e| panic!("register consumer {name}: {e:?}"));
        }

        if let Some(veto_window) = self.drafts {
            suite.install_drafts(veto_window);
        }
        if let Some(keys) = self.loan_share {
            suite.install_loan_share(keys);
        }

        let retailer = suite.addrs.retailer.clone();
        for t in &self.tariffs {
            suite
                .create_tariff(&retailer, t, self.start)
                .unwrap_or_else(|e| panic!("create tariff {}: {e:?}", t.tariff_id));
        }

        for m in self.meters {
            let owner_addr = suite.consumer(&m.owner);
            let device = MeterDevice::new(
                &m.meter_id,
                &self.chain_id,
                self.start,
                m.initial_register_wh,
            )
            .with_load(m.load.clone());
            let msg = RegisterMeter {
                meter_id: m.meter_id.clone(),
                owner: owner_addr.to_string(),
                retailer: retailer.to_string(),
                pubkey: device.pubkey(),
                tariff_id: m.tariff_id.clone(),
                initial_register_wh: m.initial_register_wh,
                contracted_monthly_amount: m.contracted_monthly_amount,
                region: None,
                kind: m.kind,
            };
            suite
                .register_meter_with(&owner, msg, device)
                .unwrap_or_else(|e| panic!("register meter {}: {e:?}", m.meter_id));
        }
        suite
    }
}
