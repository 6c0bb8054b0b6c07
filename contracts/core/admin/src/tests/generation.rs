//! Generation meters: registered as such on the main chain, without a contracted amount,
//! and handed to the meter contract as generation meters (which it never bills).

use cosmwasm_std::{ReplyOn, Storage, Uint128};
use cw_storage_plus::Map;
use ledger_types::admin::{ExecuteMsg, MeterInfo, MeterKind, QueryMsg, RegisterMeter};
use ledger_types::meter;

use crate::ContractError;
use crate::contract;
use crate::state::PENDING_METERS;
use crate::testing::{
    Deps, addr, assert_refused, exec, instantiate_reply, meter_msg, onboard, query, setup,
    wasm_execute,
};

fn generation(meter_id: &str, owner: &str) -> RegisterMeter {
    RegisterMeter {
        contracted_monthly_amount: Uint128::zero(),
        kind: MeterKind::Generation,
        ..meter_msg(meter_id, owner)
    }
}

fn meter_info(deps: &Deps, meter_id: &str) -> MeterInfo {
    query(
        deps,
        QueryMsg::Meter {
            meter_id: meter_id.to_string(),
        },
    )
}

/// The meter `res` adds to the meter contract `to`.
fn added(res: &cosmwasm_std::Response, to: &cosmwasm_std::Addr) -> meter::NewMeter {
    assert_eq!(res.messages.len(), 1, "{res:?}");
    assert_eq!(res.messages[0].reply_on, ReplyOn::Never);
    let (contract, msg) = wasm_execute::<meter::ExecuteMsg>(&res.messages[0].msg);
    assert_eq!(contract, to.to_string());
    let meter::ExecuteMsg::AddMeter { meter } = msg else {
        panic!("expected AddMeter, got {msg:?}");
    };
    meter
}

#[test]
fn a_first_generation_meter_reaches_its_new_contract_as_one() {
    let mut deps = setup();
    let res = exec(
        &mut deps,
        "admin",
        ExecuteMsg::RegisterMeter(generation("g-1", "alice")),
    )
    .unwrap();
    assert!(
        res.attributes
            .iter()
            .any(|a| a.key == "kind" && a.value == "generation")
    );
    // Only the meter contract's instantiation: nothing goes to the bank.
    assert_eq!(res.messages.len(), 1);
    assert_eq!(res.messages[0].reply_on, ReplyOn::Success);

    let contract = addr("alice-meters");
    let res = contract::reply(
        deps.as_mut(),
        cosmwasm_std::testing::mock_env(),
        instantiate_reply(&addr("alice"), &contract),
    )
    .unwrap();
    let meter = added(&res, &contract);
    assert_eq!(meter.meter_id, "g-1");
    assert_eq!(meter.kind, MeterKind::Generation);
    assert_eq!(meter.contracted_monthly_amount, Uint128::zero());
    let info = meter_info(&deps, "g-1");
    assert_eq!(info.kind, MeterKind::Generation);
    assert_eq!(info.contract, contract);
}

#[test]
fn an_owner_may_hold_both_kinds_in_one_contract() {
    let mut deps = setup();
    let contract = onboard(&mut deps, "m-1", "alice");
    let res = exec(
        &mut deps,
        "admin",
        ExecuteMsg::RegisterMeter(generation("g-1", "alice")),
    )
    .unwrap();
    assert_eq!(added(&res, &contract).kind, MeterKind::Generation);
    assert_eq!(meter_info(&deps, "g-1").kind, MeterKind::Generation);
    assert_eq!(meter_info(&deps, "m-1").kind, MeterKind::Consumption);
}

#[test]
fn a_generation_meter_with_a_contracted_amount_is_refused() {
    let mut deps = setup();
    onboard(&mut deps, "m-1", "alice");
    for owner in ["alice", "bob"] {
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::RegisterMeter(RegisterMeter {
                contracted_monthly_amount: Uint128::new(1),
                ..generation("g-1", owner)
            }),
            ContractError::GenerationContractedAmount {
                meter_id: "g-1".to_string(),
                amount: Uint128::new(1),
            },
        );
    }
}

#[test]
fn a_regional_generation_meter_is_refused() {
    let mut deps = setup();
    let msg = ExecuteMsg::RegisterMeter(RegisterMeter {
        region: Some("north".to_string()),
        ..generation("g-1", "alice")
    });
    let expected = || ContractError::RegionalGenerationMeter {
        meter_id: "g-1".to_string(),
        region: "north".to_string(),
    };
    // Whether or not a router is set: the fix is to drop the region, not to set a router.
    assert_refused(&mut deps, "admin", msg.clone(), expected());
    exec(
        &mut deps,
        "admin",
        ExecuteMsg::SetRouter {
            address: addr("router").to_string(),
        },
    )
    .unwrap();
    assert_refused(&mut deps, "admin", msg, expected());
    assert_eq!(
        expected().to_string(),
        "generation meter g-1 cannot be registered in region north: the park market reads \
         main-chain meters only; register it without a region"
    );
}

#[test]
fn only_the_administrator_registers_generation_meters() {
    let mut deps = setup();
    assert_refused(
        &mut deps,
        "retailer",
        ExecuteMsg::RegisterMeter(generation("g-1", "alice")),
        ContractError::NotAdmin {
            sender: addr("retailer"),
            action: "register meters".to_string(),
        },
    );
}

/// Records written before meter kinds have no `kind`: such meters were all billed.
#[test]
fn meters_recorded_before_kinds_are_consumption_meters() {
    let mut deps = setup();
    onboard(&mut deps, "m-1", "alice");
    // The same record as stored by the code before kinds (under the indexed map's primary
    // namespace).
    let stored = Map::<&str, MeterInfo>::new("meters").key("m-1");
    let raw = String::from_utf8(deps.storage.get(&stored).unwrap()).unwrap();
    let old = raw.replace(r#","kind":"consumption""#, "");
    assert_ne!(old, raw);
    deps.storage.set(&stored, old.as_bytes());
    assert_eq!(meter_info(&deps, "m-1").kind, MeterKind::Consumption);

    // A registration waiting for its meter contract, stored before kinds.
    exec(
        &mut deps,
        "admin",
        ExecuteMsg::RegisterMeter(meter_msg("m-2", "bob")),
    )
    .unwrap();
    let pending = PENDING_METERS.key(&addr("bob"));
    let raw = String::from_utf8(deps.storage.get(&pending).unwrap()).unwrap();
    let old = raw.replace(r#","kind":"consumption""#, "");
    assert_ne!(old, raw);
    deps.storage.set(&pending, old.as_bytes());
    let contract = addr("bob-meters");
    let res = contract::reply(
        deps.as_mut(),
        cosmwasm_std::testing::mock_env(),
        instantiate_reply(&addr("bob"), &contract),
    )
    .unwrap();
    assert_eq!(added(&res, &contract).kind, MeterKind::Consumption);
    assert_eq!(meter_info(&deps, "m-2").kind, MeterKind::Consumption);
}
