//! Test helpers: an instantiated contract whose admin contract is mocked.

use cosmwasm_std::testing::{
    MockApi, MockQuerier, MockStorage, message_info, mock_dependencies, mock_env,
};
use cosmwasm_std::{
    Addr, Coin, ContractResult, Env, OwnedDeps, Response, SystemError, SystemResult, Uint128,
    WasmQuery, from_json, to_json_binary,
};
use ledger_types::admin::{QueryMsg as AdminQueryMsg, Role};
use ledger_types::tariff::{
    ConfigResponse, ExecuteMsg, InstantiateMsg, TariffComponents, TariffInfo, TariffVersion, Tier,
};

use crate::ContractError;
use crate::{contract, query};

pub struct Setup {
    pub deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    pub env: Env,
    pub admin_contract: Addr,
    /// The administrator of the registry.
    pub admin: Addr,
    pub retailer: Addr,
    /// A registered participant without a tariff-managing role.
    pub consumer: Addr,
    /// Not registered at all.
    pub stranger: Addr,
}

impl Setup {
    /// Instantiates the contract and mocks the admin contract's `HasRole`.
    pub fn new() -> Self {
        let mut deps = mock_dependencies();
        let admin_contract = deps.api.addr_make("admin-contract");
        let admin = deps.api.addr_make("admin");
        let retailer = deps.api.addr_make("retailer");
        let consumer = deps.api.addr_make("consumer");
        let stranger = deps.api.addr_make("stranger");
        mock_roles(
            &mut deps.querier,
            admin_contract.clone(),
            vec![
                (admin.clone(), Role::Admin),
                (retailer.clone(), Role::Retailer),
                (consumer.clone(), Role::Consumer),
            ],
        );
        let env = mock_env();
        let creator = deps.api.addr_make("creator");
        contract::instantiate(
            deps.as_mut(),
            env.clone(),
            message_info(&creator, &[]),
            InstantiateMsg {
                admin_contract: admin_contract.to_string(),
            },
        )
        .unwrap();
        Setup {
            deps,
            env,
            admin_contract,
            admin,
            retailer,
            consumer,
            stranger,
        }
    }

    pub fn execute(&mut self, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
        self.execute_with_funds(sender, msg, &[])
    }

    pub fn execute_with_funds(
        &mut self,
        sender: &Addr,
        msg: ExecuteMsg,
        funds: &[Coin],
    ) -> Result<Response, ContractError> {
        contract::execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, funds),
            msg,
        )
    }

    pub fn config(&self) -> ConfigResponse {
        query::config(self.deps.as_ref()).unwrap()
    }

    pub fn tariff(&self, tariff_id: &str) -> TariffInfo {
        query::tariff(self.deps.as_ref(), tariff_id.to_string()).unwrap()
    }

    pub fn version(&self, tariff_id: &str, version: u32) -> TariffVersion {
        query::version(self.deps.as_ref(), tariff_id.to_string(), version).unwrap()
    }

    /// Every tariff with every version, as the queries show them: compared before and after
    /// a refused message to prove nothing was written.
    pub fn snapshot(&self) -> Vec<(TariffInfo, Vec<TariffVersion>)> {
        query::tariffs(self.deps.as_ref(), None, Some(u32::MAX))
            .unwrap()
            .tariffs
            .into_iter()
            .map(|info| {
                let versions = (1..=info.versions)
                    .map(|v| self.version(&info.tariff_id, v))
                    .collect();
                (info, versions)
            })
            .collect()
    }
}

/// Answers the admin contract's `HasRole` from `grants`; any other query fails.
pub fn mock_roles(querier: &mut MockQuerier, admin_contract: Addr, grants: Vec<(Addr, Role)>) {
    querier.update_wasm(move |query| match query {
        WasmQuery::Smart { contract_addr, msg } if *contract_addr == admin_contract.as_str() => {
            match from_json::<AdminQueryMsg>(msg) {
                Ok(AdminQueryMsg::HasRole { address, role }) => {
                    let holds = grants
                        .iter()
                        .any(|(a, r)| a.as_str() == address && *r == role);
                    SystemResult::Ok(ContractResult::Ok(to_json_binary(&holds).unwrap()))
                }
                _ => SystemResult::Err(SystemError::UnsupportedRequest {
                    kind: "admin query other than HasRole".to_string(),
                }),
            }
        }
        _ => SystemResult::Err(SystemError::NoSuchContract {
            addr: "unknown".to_string(),
        }),
    });
}

/// A flat-rate tariff, minor units per MWh.
pub fn flat(price_per_mwh: u128) -> TariffComponents {
    TariffComponents {
        flat_rate: Some(Uint128::new(price_per_mwh)),
        ..Default::default()
    }
}

/// Three tiers: 100 kWh at 10 c/kWh, up to 300 kWh at 20 c/kWh, then 30 c/kWh.
pub fn tiered() -> TariffComponents {
    TariffComponents {
        tiers: Some(vec![
            Tier {
                up_to_wh: Some(100_000),
                price_per_mwh: Uint128::new(100_000),
            },
            Tier {
                up_to_wh: Some(300_000),
                price_per_mwh: Uint128::new(200_000),
            },
            Tier {
                up_to_wh: None,
                price_per_mwh: Uint128::new(300_000),
            },
        ]),
        ..Default::default()
    }
}
