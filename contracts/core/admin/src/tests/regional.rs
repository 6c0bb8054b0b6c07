//! Regional meters: registered with the router as their contract, onboarded through it, and
//! every push to a meter contract (standing, status) sent to the router instead.

use cosmwasm_std::Response;
use ledger_types::admin::{
    ConfigResponse, ExecuteMsg, MeterInfo, MeterStatus, ParticipantStatus, QueryMsg, RegisterMeter,
    Role,
};
use ledger_types::meter::MeterKind;
use ledger_types::meter::NewMeter;
use ledger_types::router;

use crate::ContractError;
use crate::testing::{
    Deps, addr, assert_refused, blacklist, exec, instantiated, meter_msg, onboard, query, register,
    setup, wasm_execute,
};

fn set_router(deps: &mut Deps) {
    let msg = ExecuteMsg::SetRouter {
        address: addr("router").to_string(),
    };
    exec(deps, "admin", msg).unwrap();
}

fn regional(meter_id: &str, owner: &str, region: &str) -> ExecuteMsg {
    ExecuteMsg::RegisterMeter(RegisterMeter {
        region: Some(region.to_string()),
        ..meter_msg(meter_id, owner)
    })
}

/// The one message of `res`, sent to the router.
fn to_router(res: &Response) -> router::ExecuteMsg {
    assert_eq!(res.messages.len(), 1, "{res:?}");
    let (contract, msg) = wasm_execute(&res.messages[0].msg);
    assert_eq!(contract, addr("router").to_string());
    msg
}

fn meter(deps: &Deps, meter_id: &str) -> MeterInfo {
    query(
        deps,
        QueryMsg::Meter {
            meter_id: meter_id.to_string(),
        },
    )
}

#[test]
fn the_administrator_sets_the_router() {
    let mut deps = setup();
    let bad = cosmwasm_std::Api::addr_validate(&deps.api, "Router").unwrap_err();
    assert_refused(
        &mut deps,
        "admin",
        ExecuteMsg::SetRouter {
            address: "Router".to_string(),
        },
        ContractError::Std(bad),
    );
    assert_refused(
        &mut deps,
        "alice",
        ExecuteMsg::SetRouter {
            address: addr("router").to_string(),
        },
        ContractError::NotAdmin {
            sender: addr("alice"),
            action: "set the router".to_string(),
        },
    );
    let res = exec(
        &mut deps,
        "admin",
        ExecuteMsg::SetRouter {
            address: addr("router").to_string(),
        },
    )
    .unwrap();
    assert_eq!(res.attributes[0].value, "set_router");
    let config: ConfigResponse = query(&deps, QueryMsg::Config {});
    assert_eq!(config.router, Some(addr("router")));
}

#[test]
fn a_regional_meter_needs_a_router() {
    let mut deps = setup();
    assert_refused(
        &mut deps,
        "admin",
        regional("m-1", "alice", "north"),
        ContractError::NoRouter {},
    );
}

#[test]
fn a_regional_meter_is_onboarded_through_the_router() {
    // Neither tariff nor bank is wired: a regional meter needs only the router.
    let mut deps = instantiated();
    register(&mut deps, "retailer", Role::Retailer);
    register(&mut deps, "alice", Role::Consumer);
    set_router(&mut deps);
    // The tariff is the region's to check.
    let msg = ExecuteMsg::RegisterMeter(RegisterMeter {
        tariff_id: "north-flat".to_string(),
        region: Some("north".to_string()),
        ..meter_msg("m-1", "alice")
    });
    let res = exec(&mut deps, "admin", msg).unwrap();
    assert_eq!(res.attributes[0].value, "register_meter");
    assert!(
        res.attributes
            .iter()
            .any(|a| a.key == "region" && a.value == "north")
    );
    let template = meter_msg("m-1", "alice");
    assert_eq!(
        to_router(&res),
        router::ExecuteMsg::Onboard {
            region: "north".to_string(),
            consumer: addr("alice").to_string(),
            meter: NewMeter {
                meter_id: "m-1".to_string(),
                retailer: addr("retailer").to_string(),
                pubkey: template.pubkey,
                tariff_id: "north-flat".to_string(),
                initial_register_wh: template.initial_register_wh,
                contracted_monthly_amount: template.contracted_monthly_amount,
                kind: MeterKind::Consumption,
            },
        }
    );
    let info = meter(&deps, "m-1");
    assert_eq!(info.contract, addr("router"));
    assert_eq!(info.region.as_deref(), Some("north"));
    assert_eq!(info.status, MeterStatus::Active);
    // The participant has no meter contract of its own on this chain.
    let alice: ledger_types::admin::Participant = query(
        &deps,
        QueryMsg::Participant {
            address: addr("alice").to_string(),
        },
    );
    assert_eq!(alice.meter_contract, None);
    // Its next meter goes the same way.
    let res = exec(&mut deps, "admin", regional("m-2", "alice", "north")).unwrap();
    assert!(matches!(
        to_router(&res),
        router::ExecuteMsg::Onboard { meter, .. } if meter.meter_id == "m-2"
    ));
}

#[test]
fn a_regional_meter_gets_the_usual_checks() {
    let mut deps = setup();
    set_router(&mut deps);
    onboard(&mut deps, "m-1", "bob");
    blacklist(&mut deps, "alice", "fraud");
    assert_refused(
        &mut deps,
        "admin",
        regional("m-1", "alice", "north"),
        ContractError::MeterExists {
            meter_id: "m-1".to_string(),
        },
    );
    assert_refused(
        &mut deps,
        "admin",
        regional("m-2", "retailer", "north"),
        ContractError::MissingRole {
            address: addr("retailer"),
            role: "consumer".to_string(),
        },
    );
    assert_refused(
        &mut deps,
        "admin",
        regional("m-2", "alice", "north"),
        ContractError::ParticipantBlacklisted {
            address: addr("alice"),
            reason: "fraud".to_string(),
        },
    );
    assert_refused(
        &mut deps,
        "mallory",
        regional("m-2", "alice", "north"),
        ContractError::NotAdmin {
            sender: addr("mallory"),
            action: "register meters".to_string(),
        },
    );
}

#[test]
fn a_consumer_s_meters_are_all_local_or_all_regional() {
    let mut deps = setup();
    set_router(&mut deps);
    onboard(&mut deps, "m-1", "alice");
    assert_refused(
        &mut deps,
        "admin",
        regional("m-2", "alice", "north"),
        ContractError::MixedMeters {
            owner: addr("alice"),
            has: "local".to_string(),
        },
    );
    exec(&mut deps, "admin", regional("m-3", "bob", "south")).unwrap();
    assert_refused(
        &mut deps,
        "admin",
        ExecuteMsg::RegisterMeter(meter_msg("m-4", "bob")),
        ContractError::MixedMeters {
            owner: addr("bob"),
            has: "in region south".to_string(),
        },
    );
}

#[test]
fn standings_of_a_regional_consumer_go_to_the_router() {
    let mut deps = setup();
    set_router(&mut deps);
    exec(&mut deps, "admin", regional("m-1", "alice", "north")).unwrap();
    let standing = |blocked| router::ExecuteMsg::OwnerStanding {
        consumer: addr("alice").to_string(),
        blocked,
    };

    let alice = addr("alice").to_string();
    let status = |status| ExecuteMsg::SetParticipantStatus {
        address: alice.clone(),
        status,
    };
    let blacklisting = ExecuteMsg::Blacklist {
        address: alice.clone(),
        reason: "fraud".to_string(),
    };
    let clearing = ExecuteMsg::Unblacklist {
        address: alice.clone(),
    };
    for (sender, msg, blocked) in [
        ("blacklister", blacklisting, true),
        ("admin", status(ParticipantStatus::Suspended), true),
        // Cleared while suspended: still blocked.
        ("blacklister", clearing, true),
        ("admin", status(ParticipantStatus::Active), false),
    ] {
        let res = exec(&mut deps, sender, msg.clone()).unwrap();
        assert_eq!(to_router(&res), standing(blocked), "{msg:?}");
    }

    // A consumer with no meters is told to nobody.
    let res = exec(
        &mut deps,
        "blacklister",
        ExecuteMsg::Blacklist {
            address: addr("bob").to_string(),
            reason: "fraud".to_string(),
        },
    )
    .unwrap();
    assert!(res.messages.is_empty());
}

#[test]
fn a_regional_meter_s_status_goes_to_the_router() {
    let mut deps = setup();
    set_router(&mut deps);
    exec(&mut deps, "admin", regional("m-1", "alice", "north")).unwrap();
    for status in [MeterStatus::Suspended, MeterStatus::Retired] {
        let res = exec(
            &mut deps,
            "admin",
            ExecuteMsg::SetMeterStatus {
                meter_id: "m-1".to_string(),
                status,
            },
        )
        .unwrap();
        assert_eq!(
            to_router(&res),
            router::ExecuteMsg::MeterStatus {
                meter_id: "m-1".to_string(),
                status,
            }
        );
        assert_eq!(meter(&deps, "m-1").status, status);
    }
}

#[test]
fn a_registry_stored_before_regions_reads_without_a_router() {
    /// The registry's configuration as versions before regions stored it.
    #[cosmwasm_schema::cw_serde]
    struct Legacy {
        meter_code_id: u64,
        meter_settings: ledger_types::billing::MeterSettings,
        tariff: Option<cosmwasm_std::Addr>,
        bank: Option<cosmwasm_std::Addr>,
    }
    const LEGACY: cw_storage_plus::Item<Legacy> = cw_storage_plus::Item::new("config");

    let mut deps = setup();
    let current = crate::state::CONFIG.load(&deps.storage).unwrap();
    let legacy = Legacy {
        meter_code_id: current.meter_code_id,
        meter_settings: current.meter_settings,
        tariff: current.tariff,
        bank: current.bank,
    };
    LEGACY.save(&mut deps.storage, &legacy).unwrap();
    let config: ConfigResponse = query(&deps, QueryMsg::Config {});
    assert_eq!(config.router, None);
    // Its local meters register as before.
    onboard(&mut deps, "m-1", "alice");
    assert_eq!(meter(&deps, "m-1").region, None);
}
