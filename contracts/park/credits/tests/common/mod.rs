//! The credits' test world: the ledger's multi-test Suite (registry, settlement token) with the
//! credits contract beside it, a Gold Standard class ("GS-SOLAR") administered by `gsf` whose
//! issuer is `developer`, two verifiers of the Gold Standard (`auditor`, `dnv`), and
//! holders `alice`, `bob` and the park member `carol` (with a consumption meter; Alice has a
//! generation meter). A snapshot of everything the contract
//! holds lets a refused action be shown to have changed nothing.

#![allow(dead_code)]

use cosmwasm_std::{Addr, HexBinary, Int128, Record, Uint128};
use cw_multi_test::error::AnyResult;
use cw_multi_test::{AppResponse, ContractWrapper, Executor};
use ledger_testing::{MeterSpec, Suite, SuiteBuilder, tariffs};
use ledger_types::emergency::PauseStatus;
use ledger_types::park::credits::{
    Balance, BalancesResponse, Batch, BatchIssuance, BatchesResponse, ClassesResponse,
    ConfigResponse, ExecuteMsg, HistoryEvent, HistoryResponse, InstantiateMsg, ProjectsResponse,
    QueryMsg, ReceiveMsg, Retirement, RetirementTerms, RetirementsResponse, SellOrder,
    SellOrdersResponse, Standard, VerifiersResponse,
};
use ledger_types::park::footprints;

pub const PEOPLE: [&str; 7] = [
    "gsf",
    "developer",
    "auditor",
    "dnv",
    "alice",
    "bob",
    "carol",
];
pub const CLASS: &str = "GS-SOLAR";
/// Carol's consumption meter, which her retirements may offset.
pub const CAROL_METER: &str = "carol-meter";
/// Alice's generation meter, which no retirement offsets.
pub const ALICE_PV: &str = "alice-pv";
pub const PROJECT: &str = "kisumu-solar";
/// 2025 as a vintage, unix seconds.
pub const VINTAGE_START: u64 = 1_735_689_600;
pub const VINTAGE_END: u64 = 1_767_225_600;

pub struct World {
    pub suite: Suite,
    pub credits: Addr,
    /// The footprints contract the credits contract checks product claims with, linked back.
    pub footprints: Addr,
}

pub fn credits_code(suite: &mut Suite) -> u64 {
    suite.app.store_code(Box::new(ContractWrapper::new(
        ledger_park_credits::contract::execute,
        ledger_park_credits::contract::instantiate,
        ledger_park_credits::contract::query,
    )))
}

pub fn footprints_code(suite: &mut Suite) -> u64 {
    suite.app.store_code(Box::new(ContractWrapper::new(
        ledger_park_footprints::contract::execute,
        ledger_park_footprints::contract::instantiate,
        ledger_park_footprints::contract::query,
    )))
}

impl World {
    /// The contract with no verifier, class or project yet, linked with a footprints contract.
    pub fn bare() -> World {
        World::build(true)
    }

    /// As [`World::new`], with no footprints contract to check product claims with.
    pub fn without_footprints() -> World {
        World::build(false).with_project()
    }

    fn build(with_footprints: bool) -> World {
        let mut builder = SuiteBuilder::new()
            .with_tariff(tariffs::flat())
            .with_meter(MeterSpec::new(CAROL_METER, "carol", tariffs::FLAT))
            .with_meter(MeterSpec::new(ALICE_PV, "alice", tariffs::FLAT).generation());
        for person in PEOPLE {
            builder = builder.with_consumer(person);
        }
        let mut suite = builder.build();
        let admin = suite.addrs.administrator.clone();
        let code = footprints_code(&mut suite);
        let footprints = suite
            .app
            .instantiate_contract(
                code,
                admin.clone(),
                &footprints::InstantiateMsg {
                    admin_contract: suite.admin.to_string(),
                },
                &[],
                "ledger-park-footprints",
                None,
            )
            .unwrap();
        let code = credits_code(&mut suite);
        let credits = suite
            .app
            .instantiate_contract(
                code,
                admin.clone(),
                &InstantiateMsg {
                    admin_contract: suite.admin.to_string(),
                    token: suite.token.to_string(),
                    footprints: with_footprints.then(|| footprints.to_string()),
                },
                &[],
                "ledger-park-credits",
                None,
            )
            .unwrap();
        if with_footprints {
            let link = footprints::ExecuteMsg::LinkCredits {
                address: credits.to_string(),
            };
            suite
                .app
                .execute_contract(admin, footprints.clone(), &link, &[])
                .unwrap();
        }
        World {
            suite,
            credits,
            footprints,
        }
    }

    /// `name` publishes a footprint of `product_id` (a kilogram of it, `kg_co2e` of its own
    /// emissions), version 1 for a new product and the next one otherwise.
    pub fn publish_footprint(&mut self, name: &str, product_id: &str, kg_co2e: u128) {
        let version = self.product_retirements(product_id).map_or(1, |_| 2);
        let emissions = Uint128::new(kg_co2e * 1_000_000);
        let declaration = footprints::Declaration {
            product_id: product_id.into(),
            pf_id: format!("{:08x}-0000-4000-8000-{:012x}", kg_co2e, version),
            spec_version: "2.2.0".into(),
            company_name: format!("{name} Ltd"),
            company_ids: vec![format!("urn:example:company:{name}")],
            product_ids: vec![product_id.into()],
            product_category_cpc: "4125".into(),
            product_name_company: product_id.into(),
            pcf: footprints::CarbonFootprint {
                declared_unit: footprints::DeclaredUnit::Kilogram,
                unitary_product_amount: Uint128::new(1_000_000),
                process_emissions: emissions,
                pcf_including_biogenic: Int128::new(emissions.u128() as i128),
                fossil_ghg_emissions: emissions,
                biogenic_carbon_content: Uint128::zero(),
                reference_period_start: VINTAGE_START,
                reference_period_end: VINTAGE_END,
                data_quality: None,
            },
            inputs: vec![],
            document_sha256: HexBinary::from(vec![version as u8; 32]),
        };
        let sender = self.person(name);
        let msg = footprints::ExecuteMsg::Publish {
            footprint: Box::new(declaration),
        };
        self.suite
            .app
            .execute_contract(sender, self.footprints.clone(), &msg, &[])
            .unwrap();
    }

    /// What the footprints contract records against a product, or `None` for an unknown one.
    pub fn product_retirements(
        &self,
        product_id: &str,
    ) -> Option<footprints::CreditRetirementsResponse> {
        self.suite
            .app
            .wrap()
            .query_wasm_smart(
                &self.footprints,
                &footprints::QueryMsg::Retirements {
                    product_id: product_id.into(),
                    start_after: None,
                    limit: Some(30),
                },
            )
            .ok()
    }

    /// The Gold Standard class, its verifiers and the solar project in Kenya.
    pub fn new() -> World {
        World::bare().with_project()
    }

    fn with_project(self) -> World {
        let mut world = self;
        let admin = world.admin();
        for verifier in ["auditor", "dnv"] {
            let address = world.person(verifier).to_string();
            world.execute(
                &admin,
                &ExecuteMsg::AddVerifier {
                    standard: Standard::GoldStandard,
                    address,
                },
            );
        }
        let msg = ExecuteMsg::CreateClass {
            id: CLASS.into(),
            standard: Standard::GoldStandard,
            methodology: "GS TPDDTEC v3.1 (renewable energy)".into(),
            admin: world.person("gsf").to_string(),
            issuers: vec![world.person("developer").to_string()],
        };
        world.execute(&admin, &msg);
        let developer = world.person("developer");
        world.execute(
            &developer,
            &ExecuteMsg::CreateProject {
                id: PROJECT.into(),
                class_id: CLASS.into(),
                jurisdiction: "KE-042".into(),
                developer: "Kisumu Solar Cooperative".into(),
                metadata: "ipfs://bafy-kisumu-pdd".into(),
            },
        );
        world
    }

    pub fn admin(&self) -> Addr {
        self.suite.addrs.administrator.clone()
    }

    pub fn person(&self, name: &str) -> Addr {
        self.suite.consumer(name)
    }

    pub fn try_execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        self.suite
            .app
            .execute_contract(sender.clone(), self.credits.clone(), msg, &[])
    }

    pub fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AppResponse {
        self.try_execute(sender, msg)
            .unwrap_or_else(|e| panic!("{msg:?}: {e:?}"))
    }

    /// A share of a batch: `tradable` credits for `name`, none retired.
    pub fn share(&self, name: &str, tradable: u64) -> BatchIssuance {
        BatchIssuance {
            recipient: self.person(name).to_string(),
            tradable,
            retired: 0,
            retirement: None,
        }
    }

    /// A share of `tradable` credits for any address (registered or not).
    pub fn share_of(&self, address: &Addr, tradable: u64) -> BatchIssuance {
        BatchIssuance {
            recipient: address.to_string(),
            tradable,
            retired: 0,
            retirement: None,
        }
    }

    /// The developer's proposal of `[first, last]` for the solar project.
    pub fn proposal(&self, first: u64, last: u64, issuance: Vec<BatchIssuance>) -> ExecuteMsg {
        ExecuteMsg::ProposeBatch {
            project_id: PROJECT.into(),
            vintage_start: VINTAGE_START,
            vintage_end: VINTAGE_END,
            serial_first: first,
            serial_last: last,
            issuance,
            metadata: "monitoring report 2025".into(),
        }
    }

    /// Proposes `[first, last]` as the developer and has `auditor` sign it off; the batch id.
    pub fn issue(&mut self, first: u64, last: u64, issuance: Vec<BatchIssuance>) -> u64 {
        let developer = self.person("developer");
        let msg = self.proposal(first, last, issuance);
        let res = self.execute(&developer, &msg);
        let id = attribute(&res, "batch_id").parse().unwrap();
        let auditor = self.person("auditor");
        self.execute(&auditor, &ExecuteMsg::ApproveBatch { batch_id: id });
        id
    }

    /// Mints `amount` settlement tokens to `name` through a bank deposit.
    pub fn fund(&mut self, name: &str, amount: u128) {
        let (operator, to) = (self.suite.addrs.bank_operator.clone(), self.person(name));
        let reference = format!("deposit-{name}-{}", self.suite.balance(&to));
        self.suite
            .deposit(&operator, &reference, &to, amount, false)
            .unwrap();
    }

    /// `name` pays `paid` settlement tokens for `amount` credits of the order.
    pub fn try_buy(
        &mut self,
        name: &str,
        paid: u128,
        order_id: u64,
        amount: u64,
        retire: Option<RetirementTerms>,
    ) -> AnyResult<AppResponse> {
        let (token, buyer, credits) = (
            self.suite.token.clone(),
            self.person(name),
            self.credits.clone(),
        );
        let hook = ReceiveMsg::Buy {
            order_id,
            amount,
            retire,
        };
        self.suite.cw20_send(&token, &buyer, &credits, paid, &hook)
    }

    /// Every open sell order, through every page.
    pub fn orders(&self) -> Vec<SellOrder> {
        let mut all: Vec<SellOrder> = Vec::new();
        loop {
            let page: SellOrdersResponse = self.query(&QueryMsg::SellOrders {
                start_after: all.last().map(|o| o.id),
                limit: Some(2),
            });
            all.extend(page.orders);
            if !page.has_more {
                return all;
            }
        }
    }

    pub fn query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.suite.query(&self.credits, msg).unwrap()
    }

    pub fn batch(&self, id: u64) -> Batch {
        self.query(&QueryMsg::Batch { id })
    }

    pub fn balance(&self, batch_id: u64, name: &str) -> Balance {
        self.query(&QueryMsg::Balance {
            batch_id,
            holder: self.person(name).to_string(),
        })
    }

    pub fn retirement(&self, id: u64) -> Retirement {
        self.query(&QueryMsg::Retirement { id })
    }

    /// Every balance of `name`, through every page.
    pub fn balances(&self, name: &str) -> Vec<Balance> {
        let mut all: Vec<Balance> = Vec::new();
        loop {
            let page: BalancesResponse = self.query(&QueryMsg::Balances {
                holder: self.person(name).to_string(),
                start_after: all.last().map(|b| b.batch_id),
                limit: Some(2),
            });
            all.extend(page.balances);
            if !page.has_more {
                return all;
            }
        }
    }

    /// Every batch, through every page.
    pub fn batches(&self) -> Vec<Batch> {
        let mut all: Vec<Batch> = Vec::new();
        loop {
            let page: BatchesResponse = self.query(&QueryMsg::Batches {
                start_after: all.last().map(|b| b.id),
                limit: Some(3),
            });
            all.extend(page.batches);
            if !page.has_more {
                return all;
            }
        }
    }

    /// Every retirement in `name`'s name, through every page.
    pub fn retirements_of(&self, name: &str) -> Vec<Retirement> {
        let mut all: Vec<Retirement> = Vec::new();
        loop {
            let page: RetirementsResponse = self.query(&QueryMsg::RetirementsByHolder {
                holder: self.person(name).to_string(),
                start_after: all.last().map(|r| r.id),
                limit: Some(2),
            });
            all.extend(page.retirements);
            if !page.has_more {
                return all;
            }
        }
    }

    /// A batch's or a holder's whole history, through every page.
    pub fn history(&self, of: History) -> Vec<HistoryEvent> {
        let mut all: Vec<HistoryEvent> = Vec::new();
        loop {
            let start_after = all.last().map(|e| e.seq);
            let msg = match &of {
                History::Batch(batch_id) => QueryMsg::BatchHistory {
                    batch_id: *batch_id,
                    start_after,
                    limit: Some(2),
                },
                History::Holder(name) => QueryMsg::HolderHistory {
                    holder: self.person(name).to_string(),
                    start_after,
                    limit: Some(2),
                },
            };
            let page: HistoryResponse = self.query(&msg);
            all.extend(page.events);
            if !page.has_more {
                return all;
            }
        }
    }
}

/// Whose history to read.
pub enum History {
    Batch(u64),
    Holder(&'static str),
}

/// Retirement terms for a beneficiary.
pub fn terms(beneficiary: &str, on_behalf_of: Option<&str>) -> RetirementTerms {
    RetirementTerms {
        beneficiary: beneficiary.into(),
        on_behalf_of: on_behalf_of.map(str::to_string),
        jurisdiction: "KE".into(),
        reason: "2026 scope 2 emissions".into(),
        consumption: None,
        product: None,
    }
}

/// The value of the response's first attribute named `key` (in any event).
pub fn attribute(res: &AppResponse, key: &str) -> String {
    res.events
        .iter()
        .flat_map(|e| &e.attributes)
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no attribute {key} in {res:?}"))
}

/// Everything a credits action can change: config, pause, verifiers, classes, projects,
/// batches with their totals and histories, every person's balances, retirements and history,
/// the open sell orders and everyone's settlement tokens (the contract's too).
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    config: ConfigResponse,
    pause: PauseStatus,
    verifiers: VerifiersResponse,
    classes: ClassesResponse,
    projects: ProjectsResponse,
    batches: Vec<Batch>,
    batch_histories: Vec<Vec<HistoryEvent>>,
    balances: Vec<Vec<Balance>>,
    retirements: Vec<Vec<Retirement>>,
    holder_histories: Vec<Vec<HistoryEvent>>,
    orders: Vec<SellOrder>,
    tokens: Vec<u128>,
    /// The footprints contract's raw storage: a refused retirement records nothing there.
    footprints: Vec<Record>,
}

impl World {
    pub fn snapshot(&self) -> Snapshot {
        let batches = self.batches();
        Snapshot {
            config: self.query(&QueryMsg::Config {}),
            pause: self.query(&QueryMsg::PauseStatus {}),
            verifiers: self.query(&QueryMsg::Verifiers {
                standard: Standard::GoldStandard,
                start_after: None,
                limit: Some(100),
            }),
            classes: self.query(&QueryMsg::Classes {
                start_after: None,
                limit: Some(100),
            }),
            projects: self.query(&QueryMsg::Projects {
                start_after: None,
                limit: Some(100),
            }),
            batch_histories: batches
                .iter()
                .map(|b| self.history(History::Batch(b.id)))
                .collect(),
            batches,
            balances: PEOPLE.iter().map(|p| self.balances(p)).collect(),
            retirements: PEOPLE.iter().map(|p| self.retirements_of(p)).collect(),
            holder_histories: PEOPLE
                .iter()
                .map(|p| self.history(History::Holder(p)))
                .collect(),
            orders: self.orders(),
            tokens: PEOPLE
                .iter()
                .map(|p| self.suite.balance(&self.person(p)))
                .chain([self.suite.balance(&self.credits)])
                .collect(),
            footprints: self.suite.app.dump_wasm_raw(&self.footprints),
        }
    }
}
