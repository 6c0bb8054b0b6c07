//! Queries: lists page with `has_more`; what is not known is told apart.

use ledger_types::region::{OutboxResponse, ToMain, ToRegion};
use ledger_types::region_endpoint::{BillsResponse, ConsumerResponse, MetersResponse, QueryMsg};

use super::helpers::*;
use crate::ContractError;
use crate::contract::query;

#[test]
fn meters_page_in_id_order() {
    let mut deps = onboarded();
    for (id, meter) in [(2, "m-2"), (3, "m-3")] {
        receive(&mut deps, id, register("alice", meter));
    }
    let first: MetersResponse = ask(
        &deps,
        QueryMsg::Meters {
            start_after: None,
            limit: Some(2),
        },
    );
    let ids: Vec<_> = first.meters.iter().map(|m| m.meter_id.as_str()).collect();
    assert_eq!((ids, first.has_more), (vec!["m-1", "m-2"], true));
    let rest: MetersResponse = ask(
        &deps,
        QueryMsg::Meters {
            start_after: Some("m-2".to_string()),
            limit: Some(2),
        },
    );
    assert_eq!(rest.meters.len(), 1);
    assert!(!rest.has_more);
}

#[test]
fn bills_and_the_outbox_page_and_an_unknown_bill_is_an_error() {
    let (mut deps, _) = bill_sent();
    let status = ledger_types::region::BillStatus {
        meter_id: METER.to_string(),
        period: NOV + 1,
        total: 0u128.into(),
        paid: 0u128.into(),
        settled: false,
        revision: 1,
        at: ledger_types::region::ChainPoint { height: 1, time: 1 },
    };
    receive(&mut deps, 2, ToRegion::BillStatus(status));

    let first: BillsResponse = ask(
        &deps,
        QueryMsg::Bills {
            start_after: None,
            limit: Some(1),
        },
    );
    assert_eq!((first.bills[0].period, first.has_more), (NOV, true));
    let rest: BillsResponse = ask(
        &deps,
        QueryMsg::Bills {
            start_after: Some((METER.to_string(), NOV)),
            limit: Some(1),
        },
    );
    assert_eq!((rest.bills[0].period, rest.has_more), (NOV + 1, false));

    let page: OutboxResponse<ToMain> = ask(
        &deps,
        QueryMsg::Outbox {
            start_after: Some(1),
            limit: None,
        },
    );
    assert_eq!(page.entries.len(), 1);
    assert_eq!(page.entries[0].id, 2);

    let err = query(
        deps.as_ref(),
        cosmwasm_std::testing::mock_env(),
        QueryMsg::Bill {
            meter_id: METER.to_string(),
            period: 1,
        },
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::UnknownBill {
            meter_id: METER.to_string(),
            period: 1
        }
    );
}

#[test]
fn a_consumer_never_heard_of_has_no_contract() {
    let deps = onboarded();
    let bob: ConsumerResponse = ask(
        &deps,
        QueryMsg::ConsumerContract {
            consumer: addr("bob").to_string(),
        },
    );
    assert_eq!(
        bob,
        ConsumerResponse {
            consumer: addr("bob"),
            contract: None,
            blocked: false,
            standing_revision: 0
        }
    );
}

/// The region's meter contracts ask their registry (this endpoint) before pausing or resuming:
/// the endpoint's administrator may do both, nobody else either.
#[test]
fn the_region_s_meter_contracts_may_be_paused_by_the_endpoint_s_administrator_only() {
    use cosmwasm_std::{from_json, to_json_vec};
    use ledger_types::admin::{QueryMsg as RegistryQuery, Role};

    let deps = onboarded();
    // The meter contract sends the registry's own question; the endpoint reads it as its own.
    let asked = |address: &str, role: Role| -> bool {
        let registry_question = RegistryQuery::HasRole {
            address: address.to_string(),
            role,
        };
        let msg: QueryMsg = from_json(to_json_vec(&registry_question).unwrap()).unwrap();
        ask(&deps, msg)
    };
    let operator = addr("operator").to_string();
    assert!(asked(&operator, Role::Guardian));
    assert!(asked(&operator, Role::Admin));
    assert!(!asked(&operator, Role::BankOperator));
    let stranger = addr("stranger");
    assert!(!asked(stranger.as_str(), Role::Guardian));
    assert!(!asked(stranger.as_str(), Role::Admin));
}
