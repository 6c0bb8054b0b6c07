//! The region's meter contracts are paused and resumed through this endpoint, their registry:
//! the real meter contract beside the endpoint in cw-multi-test (no IBC is involved).

use cosmwasm_std::Addr;
use cw_multi_test::{App, ContractWrapper, Executor};
use ledger_types::billing::MeterSettings;
use ledger_types::emergency::PauseStatus;
use ledger_types::meter::{ExecuteMsg as MeterMsg, InstantiateMsg, QueryMsg};

use super::helpers::{addr, instantiate_msg};
use crate::contract;

fn region() -> (App, Addr) {
    let mut app = App::default();
    let endpoint_code = app.store_code(Box::new(ContractWrapper::new(
        contract::execute,
        contract::instantiate,
        contract::query,
    )));
    let meter_code = app.store_code(Box::new(ContractWrapper::new(
        ledger_meter::contract::execute,
        ledger_meter::contract::instantiate,
        ledger_meter::contract::query,
    )));
    let endpoint = app
        .instantiate_contract(
            endpoint_code,
            addr("operator"),
            &instantiate_msg(),
            &[],
            "endpoint",
            None,
        )
        .unwrap();
    // Instantiated by the endpoint, as its reply to a registration does.
    let meters = app
        .instantiate_contract(
            meter_code,
            endpoint.clone(),
            &InstantiateMsg {
                owner: addr("alice").to_string(),
                tariff_contract: addr("tariff").to_string(),
                bank_contract: endpoint.to_string(),
                settings: MeterSettings::default(),
            },
            &[],
            "meters of alice",
            None,
        )
        .unwrap();
    (app, meters)
}

fn paused(app: &App, meters: &Addr) -> bool {
    let status: PauseStatus = app
        .wrap()
        .query_wasm_smart(meters, &QueryMsg::PauseStatus {})
        .unwrap();
    status.paused
}

#[test]
fn the_endpoint_s_administrator_pauses_and_resumes_the_region_s_meter_contracts() {
    let (mut app, meters) = region();
    let pause = MeterMsg::Pause {
        reason: "meter firmware recall".to_string(),
    };
    let err = app
        .execute_contract(addr("stranger"), meters.clone(), &pause, &[])
        .unwrap_err();
    assert!(
        err.root_cause().to_string().contains("may not pause"),
        "{err:?}"
    );
    assert!(!paused(&app, &meters));

    app.execute_contract(addr("operator"), meters.clone(), &pause, &[])
        .unwrap();
    assert!(paused(&app, &meters));
    app.execute_contract(addr("stranger"), meters.clone(), &MeterMsg::Unpause {}, &[])
        .unwrap_err();
    assert!(paused(&app, &meters));
    app.execute_contract(addr("operator"), meters.clone(), &MeterMsg::Unpause {}, &[])
        .unwrap();
    assert!(!paused(&app, &meters));
}
