//! The footprints' test world: the ledger's multi-test Suite (the registry) with the
//! footprints contract beside it and a supply chain's companies registered as participants:
//! a mine (raw material), a parts maker (component) and a bike maker (finished product).
//! Declarations are built from a few numbers; the raw storage of the contract before and after
//! lets a refused action be shown to have changed nothing.

#![allow(dead_code)]

use cosmwasm_std::{Addr, HexBinary, Int128, Record, Uint128};
use cw_multi_test::error::AnyResult;
use cw_multi_test::{AppResponse, ContractWrapper, Executor};
use ledger_testing::{Suite, SuiteBuilder};
use ledger_types::park::footprints::{
    CarbonFootprint, DataQuality, Declaration, DeclaredUnit, DependantsResponse, ExecuteMsg,
    FootprintResponse, InputUse, InputsTreeResponse, InstantiateMsg, QueryMsg, VerifyResponse,
};
use sha2::{Digest, Sha256};

pub const COMPANIES: [&str; 3] = ["mine", "parts", "maker"];
/// One kilogram, one kgCO2e: the fixed precision's unit.
pub const UNIT: u128 = 1_000_000;
/// The reference period every test footprint declares: the year 2025.
pub const PERIOD_START: u64 = 1_735_689_600;
pub const PERIOD_END: u64 = 1_767_225_600;

pub struct World {
    pub suite: Suite,
    pub footprints: Addr,
    /// Footprint ids handed out so far, so that each declaration gets its own.
    issued_ids: u64,
}

pub fn footprints_code(suite: &mut Suite) -> u64 {
    suite.app.store_code(Box::new(ContractWrapper::new(
        ledger_park_footprints::contract::execute,
        ledger_park_footprints::contract::instantiate,
        ledger_park_footprints::contract::query,
    )))
}

/// The canonical document's SHA-256 a company would publish: here, of a short text that stands
/// for the PACT JSON.
pub fn document_hash(document: &str) -> HexBinary {
    HexBinary::from(Sha256::digest(document.as_bytes()).to_vec())
}

impl World {
    pub fn new() -> World {
        let mut builder = SuiteBuilder::new();
        for company in COMPANIES {
            builder = builder.with_consumer(company);
        }
        let mut suite = builder.build();
        let code = footprints_code(&mut suite);
        let admin = suite.addrs.administrator.clone();
        let footprints = suite
            .app
            .instantiate_contract(
                code,
                admin,
                &InstantiateMsg {
                    admin_contract: suite.admin.to_string(),
                },
                &[],
                "ledger-park-footprints",
                None,
            )
            .unwrap();
        World {
            suite,
            footprints,
            issued_ids: 0,
        }
    }

    pub fn company(&self, name: &str) -> Addr {
        self.suite.consumer(name)
    }

    /// A next, unused footprint id.
    pub fn next_pf_id(&mut self) -> String {
        self.issued_ids += 1;
        format!(
            "{:08x}-0000-4000-8000-{:012x}",
            self.issued_ids, self.issued_ids
        )
    }

    /// A kilogram-based declaration of `product_id` with `process` micro-kgCO2e per kg of its
    /// own and the given (input, version, micro-kg per kg) inputs.
    pub fn declaration(
        &mut self,
        product_id: &str,
        process: u128,
        inputs: &[(&str, u32, u128)],
    ) -> Declaration {
        let pf_id = self.next_pf_id();
        Declaration {
            product_id: product_id.to_string(),
            document_sha256: document_hash(&format!("{pf_id}:{product_id}:{process}")),
            pf_id,
            spec_version: "2.2.0".into(),
            company_name: format!("{product_id} company"),
            company_ids: vec![format!("urn:example:company:{product_id}")],
            product_ids: vec![product_id.to_string()],
            product_category_cpc: "4125".into(),
            product_name_company: format!("{product_id} (1 kg)"),
            pcf: CarbonFootprint {
                declared_unit: DeclaredUnit::Kilogram,
                unitary_product_amount: Uint128::new(UNIT),
                process_emissions: Uint128::new(process),
                pcf_including_biogenic: Int128::new(process as i128),
                fossil_ghg_emissions: Uint128::new(process),
                biogenic_carbon_content: Uint128::zero(),
                reference_period_start: PERIOD_START,
                reference_period_end: PERIOD_END,
                data_quality: Some(DataQuality {
                    coverage_percent: 95,
                    technological_dqr: 1_500,
                    temporal_dqr: 1_000,
                    geographical_dqr: 2_000,
                    completeness_dqr: 1_250,
                    reliability_dqr: 3_000,
                }),
            },
            inputs: inputs
                .iter()
                .map(|(product_id, version, amount)| InputUse {
                    product_id: product_id.to_string(),
                    version: *version,
                    amount_per_unit: Uint128::new(*amount),
                })
                .collect(),
        }
    }

    pub fn try_execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        self.suite
            .app
            .execute_contract(sender.clone(), self.footprints.clone(), msg, &[])
    }

    pub fn try_publish(
        &mut self,
        company: &str,
        declaration: Declaration,
    ) -> AnyResult<AppResponse> {
        let sender = self.company(company);
        self.try_execute(
            &sender,
            &ExecuteMsg::Publish {
                footprint: Box::new(declaration),
            },
        )
    }

    pub fn publish(&mut self, company: &str, declaration: Declaration) -> AppResponse {
        self.try_publish(company, declaration)
            .unwrap_or_else(|e| panic!("publish by {company}: {e:?}"))
    }

    pub fn query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.suite
            .app
            .wrap()
            .query_wasm_smart(&self.footprints, msg)
            .unwrap_or_else(|e| panic!("{msg:?}: {e:?}"))
    }

    pub fn footprint(&self, product_id: &str, version: Option<u32>) -> FootprintResponse {
        self.query(&QueryMsg::Footprint {
            product_id: product_id.into(),
            version,
        })
    }

    /// The product's attributed emissions at its current version, micro-kgCO2e per kg.
    pub fn attributed(&self, product_id: &str) -> u128 {
        self.footprint(product_id, None)
            .ledger
            .attributed_emissions
            .u128()
    }

    pub fn dependants(&self, product_id: &str, superseded_only: bool) -> DependantsResponse {
        self.query(&QueryMsg::Dependants {
            product_id: product_id.into(),
            superseded_only,
            start_after: None,
            limit: None,
        })
    }

    pub fn tree(
        &self,
        product_id: &str,
        start_after: Option<u32>,
        limit: Option<u32>,
    ) -> InputsTreeResponse {
        self.query(&QueryMsg::InputsTree {
            product_id: product_id.into(),
            version: None,
            max_depth: None,
            start_after,
            limit,
        })
    }

    pub fn verify(&self, product_id: &str, version: u32, document_sha256: HexBinary) -> bool {
        let answer: VerifyResponse = self.query(&QueryMsg::Verify {
            product_id: product_id.into(),
            version,
            document_sha256,
        });
        answer.matches
    }

    /// Everything the contract holds, raw.
    pub fn snapshot(&self) -> Vec<Record> {
        self.suite.app.dump_wasm_raw(&self.footprints)
    }
}
