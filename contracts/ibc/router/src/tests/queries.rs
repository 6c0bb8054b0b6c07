//! The lists page with `has_more`.

use ledger_types::router::{
    ConfigResponse, ConsumerRegionResponse, QueryMsg, RegionsResponse, RoutesResponse,
};

use super::fixtures::*;
use crate::ContractError;
use crate::contract;

#[test]
fn config_answers_the_wiring() {
    let deps = instantiated();
    let config: ConfigResponse = query(&deps, QueryMsg::Config {});
    assert_eq!(
        config,
        ConfigResponse {
            registry: addr("registry"),
            bank: addr("bank"),
            delivery: DELIVERY,
        }
    );
}

#[test]
fn regions_and_routes_page() {
    let mut deps = setup();
    let page: RegionsResponse = query(
        &deps,
        QueryMsg::Regions {
            start_after: None,
            limit: Some(1),
        },
    );
    assert_eq!(page.regions[0].region, "north");
    assert!(page.has_more);
    let page: RegionsResponse = query(
        &deps,
        QueryMsg::Regions {
            start_after: Some("north".to_string()),
            limit: Some(1),
        },
    );
    assert_eq!(page.regions[0].region, "south");
    assert!(!page.has_more);

    for meter in ["m-1", "m-2", "m-3"] {
        onboard(&mut deps, "north", "alice", meter);
    }
    onboard(&mut deps, "south", "bob", "m-0");
    let routes = |start_after: Option<&str>| -> RoutesResponse {
        query(
            &deps,
            QueryMsg::Routes {
                region: "north".to_string(),
                start_after: start_after.map(str::to_string),
                limit: Some(2),
            },
        )
    };
    let first = routes(None);
    let ids: Vec<_> = first.routes.iter().map(|r| r.meter_id.as_str()).collect();
    assert_eq!((ids, first.has_more), (vec!["m-1", "m-2"], true));
    let last = routes(Some("m-2"));
    assert_eq!(last.routes.len(), 1);
    assert!(!last.has_more);

    let nowhere: ConsumerRegionResponse = query(
        &deps,
        QueryMsg::ConsumerRegion {
            consumer: addr("carol").to_string(),
        },
    );
    assert_eq!(nowhere.region, None);
}

#[test]
fn unknown_regions_and_routes_are_errors() {
    let deps = setup();
    let err = contract::query(
        deps.as_ref(),
        cosmwasm_std::testing::mock_env(),
        QueryMsg::Route {
            meter_id: "m-9".to_string(),
        },
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::UnknownMeter {
            meter_id: "m-9".to_string()
        }
    );
    let err = contract::query(
        deps.as_ref(),
        cosmwasm_std::testing::mock_env(),
        QueryMsg::Region {
            region: "west".to_string(),
        },
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::UnknownRegion {
            region: "west".to_string()
        }
    );
}
