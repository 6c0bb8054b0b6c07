//! What the meter contracts send (as they would send the bank) and the operator's settings.

use cosmwasm_std::testing::{message_info, mock_env};
use cosmwasm_std::{coins, from_json, to_json_binary};
use cw_utils::PaymentError;
use ledger_types::bank::ExecuteMsg as BankMsg;
use ledger_types::billing::MeterSettings;
use ledger_types::region::{RegionBill, ToMain, readings_digest};
use ledger_types::region_endpoint::{
    BillRecord, ConfigResponse, Delivery, ExecuteMsg, InstantiateMsg, QueryMsg, SentBill,
};

use super::helpers::*;
use crate::ContractError;
use crate::contract::{execute, instantiate};

#[test]
fn the_bank_s_messages_from_a_meter_contract_parse_as_the_endpoint_s() {
    let bill = to_json_binary(&BankMsg::RecordBill(bill_notice())).unwrap();
    assert_eq!(
        from_json::<ExecuteMsg>(&bill).unwrap(),
        ExecuteMsg::RecordBill(bill_notice())
    );
    let advances = to_json_binary(&BankMsg::ScheduleAdvances(advances())).unwrap();
    assert_eq!(
        from_json::<ExecuteMsg>(&advances).unwrap(),
        ExecuteMsg::ScheduleAdvances(super::helpers::advances())
    );
}

#[test]
fn advances_go_to_the_main_chain_through_the_outbox() {
    let mut deps = onboarded();
    let res = exec(
        &mut deps,
        &alice_meters(),
        ExecuteMsg::ScheduleAdvances(advances()),
    )
    .unwrap();
    assert_eq!(res.attributes[0].value, "schedule_advances");
    let (channel, packet) = sent(&res.messages[0].msg);
    assert_eq!((channel.as_str(), packet.id), (CHANNEL, 1));
    assert_eq!(packet.body, ToMain::Advances(advances()));
}

#[test]
fn only_the_meter_s_own_contract_reports_for_it() {
    let mut deps = onboarded();
    let before = snapshot(&deps);
    for msg in [
        ExecuteMsg::ScheduleAdvances(advances()),
        ExecuteMsg::RecordBill(bill_notice()),
    ] {
        let err = exec(&mut deps, &addr("stranger"), msg).unwrap_err();
        assert_eq!(
            err,
            ContractError::NotMeterContract {
                sender: addr("stranger").to_string(),
                meter_id: METER.to_string()
            }
        );
    }
    let unknown = ledger_types::bank::AdvanceNotice {
        meter_id: "m-9".to_string(),
        ..advances()
    };
    let err = exec(
        &mut deps,
        &alice_meters(),
        ExecuteMsg::ScheduleAdvances(unknown),
    )
    .unwrap_err();
    assert!(matches!(err, ContractError::NotMeterContract { .. }));
    let err = execute(
        deps.as_mut(),
        mock_env(),
        message_info(&alice_meters(), &coins(5, "ustake")),
        ExecuteMsg::ScheduleAdvances(advances()),
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
    assert_eq!(snapshot(&deps), before);
}

#[test]
fn a_bill_goes_with_the_digest_of_its_period_s_days_and_is_recorded_as_sent() {
    let mut deps = onboarded();
    let res = exec(
        &mut deps,
        &alice_meters(),
        ExecuteMsg::RecordBill(bill_notice()),
    )
    .unwrap();
    let digest = readings_digest(&november_days());
    let (_, packet) = sent(&res.messages[0].msg);
    assert_eq!(
        packet.body,
        ToMain::Bill(Box::new(RegionBill {
            notice: bill_notice(),
            bill: november_bill(),
            readings_digest: digest.clone(),
        }))
    );
    let record: BillRecord = ask(
        &deps,
        QueryMsg::Bill {
            meter_id: METER.to_string(),
            period: NOV,
        },
    );
    assert_eq!(
        record.sent,
        Some(SentBill {
            packet_id: packet.id,
            readings_digest: digest,
            sent_at: DEC_2026
        })
    );

    let before = snapshot(&deps);
    let err = exec(
        &mut deps,
        &alice_meters(),
        ExecuteMsg::RecordBill(bill_notice()),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::BillAlreadySent {
            meter_id: METER.to_string(),
            period: NOV,
            packet_id: 1
        }
    );
    assert_eq!(snapshot(&deps), before);
}

#[test]
fn a_bill_the_meter_contract_does_not_hold_is_refused() {
    let mut deps = onboarded();
    let before = snapshot(&deps);
    let october = ledger_types::bank::BillNotice {
        period: NOV - 1,
        ..bill_notice()
    };
    let err = exec(&mut deps, &alice_meters(), ExecuteMsg::RecordBill(october)).unwrap_err();
    let ContractError::BillUnreadable { period, reason, .. } = err else {
        panic!("{err:?}");
    };
    assert_eq!(period, NOV - 1);
    assert!(reason.contains("no answer to Bill"), "{reason}");
    assert_eq!(snapshot(&deps), before);
}

#[test]
fn the_operator_updates_the_settings_and_no_one_else_may() {
    let mut deps = setup();
    let before = snapshot(&deps);
    let update = |code_id, max_attempts| ExecuteMsg::UpdateConfig {
        meter_code_id: Some(code_id),
        meter_settings: None,
        delivery: Some(Delivery {
            timeout_seconds: 60,
            max_attempts,
        }),
    };
    let err = exec(&mut deps, &addr("stranger"), update(8, 5)).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotAdmin {
            sender: addr("stranger").to_string(),
            action: "update the settings"
        }
    );
    let err = exec(&mut deps, &addr("operator"), update(0, 5)).unwrap_err();
    assert_eq!(
        err,
        ContractError::InvalidConfig {
            reason: "meter_code_id is 0".to_string()
        }
    );
    let err = exec(&mut deps, &addr("operator"), update(8, 0)).unwrap_err();
    assert!(matches!(err, ContractError::InvalidConfig { .. }));
    let bad_settings = ExecuteMsg::UpdateConfig {
        meter_code_id: None,
        meter_settings: Some(MeterSettings {
            max_power_w: 0,
            ..MeterSettings::default()
        }),
        delivery: None,
    };
    let err = exec(&mut deps, &addr("operator"), bad_settings).unwrap_err();
    assert!(matches!(err, ContractError::InvalidConfig { .. }));
    assert_eq!(snapshot(&deps), before);

    let res = exec(&mut deps, &addr("operator"), update(8, 5)).unwrap();
    assert_eq!(res.attributes[0].value, "update_config");
    let config: ConfigResponse = ask(&deps, QueryMsg::Config {});
    assert_eq!(config.meter_code_id, 8);
    assert_eq!(
        config.delivery,
        Delivery {
            timeout_seconds: 60,
            max_attempts: 5
        }
    );
    assert_eq!(config.router_port, ROUTER_PORT);
}

#[test]
fn instantiation_refuses_settings_it_cannot_work_with() {
    let refuse = |msg: InstantiateMsg, funds: &[cosmwasm_std::Coin]| {
        let mut deps = cosmwasm_std::testing::mock_dependencies();
        let err = instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&addr("deployer"), funds),
            msg,
        )
        .unwrap_err();
        assert!(snapshot_of(&deps.storage).is_empty());
        err
    };
    assert_eq!(
        refuse(instantiate_msg(), &coins(1, "ustake")),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    let port = InstantiateMsg {
        router_port: "transfer".to_string(),
        ..instantiate_msg()
    };
    assert_eq!(
        refuse(port, &[]),
        ContractError::InvalidConfig {
            reason: "router_port \"transfer\" is not a contract's port (wasm.<address>)"
                .to_string()
        }
    );
    let connection = InstantiateMsg {
        main_connection_id: " ".to_string(),
        ..instantiate_msg()
    };
    assert!(matches!(
        refuse(connection, &[]),
        ContractError::InvalidConfig { .. }
    ));
    let admin = InstantiateMsg {
        admin: "nobody".to_string(),
        ..instantiate_msg()
    };
    assert!(matches!(
        refuse(admin, &[]),
        ContractError::InvalidConfig { .. }
    ));
    let delivery = InstantiateMsg {
        delivery: Delivery {
            timeout_seconds: 0,
            max_attempts: 1,
        },
        ..instantiate_msg()
    };
    assert!(matches!(
        refuse(delivery, &[]),
        ContractError::InvalidConfig { .. }
    ));
}

fn snapshot_of(storage: &dyn cosmwasm_std::Storage) -> Vec<cosmwasm_std::Record> {
    storage
        .range(None, None, cosmwasm_std::Order::Ascending)
        .collect()
}
