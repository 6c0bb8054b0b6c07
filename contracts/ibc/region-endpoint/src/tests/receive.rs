//! Packets from the main chain: applied, refused with a coded acknowledgement and no state
//! change, revisions, and a packet sent again under an applied id.

use cosmwasm_std::testing::mock_env;
use cosmwasm_std::{
    ContractResult, CosmosMsg, Reply, ReplyOn, SubMsgResult, SystemResult, WasmMsg, WasmQuery,
    from_json, to_json_binary,
};
use ledger_types::admin::MeterStatus;
use ledger_types::emergency::PauseStatus;
use ledger_types::meter::{ExecuteMsg as MeterMsg, InstantiateMsg as MeterInstantiate};
use ledger_types::meter::{NewMeter, QueryMsg as MeterQuery};
use ledger_types::region::{Applied, BillStatus, ChainPoint, MeterRegistered, Packet, ToRegion};
use ledger_types::region_endpoint::{
    BillRecord, ConsumerResponse, MeterEntry, MetersResponse, QueryMsg,
};

use super::helpers::*;
use crate::ContractError;
use crate::contract::reply;

fn consumer(deps: &Deps, name: &str) -> ConsumerResponse {
    ask(
        deps,
        QueryMsg::ConsumerContract {
            consumer: addr(name).to_string(),
        },
    )
}

fn registered(response_ack: &[u8]) -> MeterRegistered {
    from_json(response_ack).unwrap()
}

#[test]
fn a_packet_that_is_not_of_the_protocol_is_refused_and_nothing_is_written() {
    let mut deps = connected();
    let before = snapshot(&deps);
    let res = receive_raw(&mut deps, CHANNEL, &"not a packet");
    assert_eq!(refused_code(&res), "region_endpoint.bad_packet");
    assert_eq!(res.attributes[0].value, "packet_refused");
    let unknown_type = serde_json::json!({ "id": 4, "body": { "forge_bill": {} } });
    let res = receive_raw(&mut deps, CHANNEL, &unknown_type);
    assert_eq!(refused_code(&res), "region_endpoint.bad_packet");
    assert!(res.messages.is_empty());
    // A packet on a channel that is not the bound one.
    let res = receive_raw(
        &mut deps,
        "channel-9",
        &Packet {
            id: 1,
            body: register("alice", METER),
        },
    );
    assert_eq!(refused_code(&res), "region_endpoint.unknown_channel");
    assert_eq!(snapshot(&deps), before);
}

#[test]
fn a_consumer_s_first_meter_instantiates_its_contract_and_the_reply_answers() {
    let mut deps = connected();
    let res = receive(&mut deps, 1, register("alice", METER));
    assert_eq!(res.messages.len(), 1);
    let sub = &res.messages[0];
    assert_eq!(sub.reply_on, ReplyOn::Success);
    let CosmosMsg::Wasm(WasmMsg::Instantiate {
        admin,
        code_id,
        msg,
        ..
    }) = &sub.msg
    else {
        panic!("not an instantiation: {:?}", sub.msg);
    };
    assert_eq!(admin.as_deref(), Some(addr("operator").as_str()));
    assert_eq!(*code_id, 7);
    let init: MeterInstantiate = from_json(msg).unwrap();
    assert_eq!(init.owner, addr("alice").to_string());
    assert_eq!(init.tariff_contract, addr("tariff").to_string());
    assert_eq!(init.bank_contract, mock_env().contract.address.to_string());
    // Nothing is known of the meter until the reply says where it lives.
    let meters: MetersResponse = ask(
        &deps,
        QueryMsg::Meters {
            start_after: None,
            limit: None,
        },
    );
    assert!(meters.meters.is_empty());

    let res = reply(
        deps.as_mut(),
        mock_env(),
        instantiated(&sub.payload, &alice_meters()),
    )
    .unwrap();
    assert_eq!(res.attributes[0].value, "meter_contract_instantiated");
    let answer = ack_data(&res.data.unwrap()).unwrap();
    assert_eq!(
        registered(&answer),
        MeterRegistered {
            meter_id: METER.to_string(),
            meter_contract: alice_meters().to_string(),
        }
    );
    let (to, add): (String, MeterMsg) = executed(&res.messages[0].msg);
    assert_eq!(to, alice_meters().to_string());
    assert_eq!(
        add,
        MeterMsg::AddMeter {
            meter: new_meter(METER, "flat")
        }
    );
    assert_eq!(consumer(&deps, "alice").contract, Some(alice_meters()));
    let meters: MetersResponse = ask(
        &deps,
        QueryMsg::Meters {
            start_after: None,
            limit: None,
        },
    );
    assert_eq!(
        meters.meters,
        vec![MeterEntry {
            meter_id: METER.to_string(),
            consumer: addr("alice"),
            contract: alice_meters(),
            status_revision: 0,
        }]
    );
}

#[test]
fn a_further_meter_goes_to_the_consumer_s_contract() {
    let mut deps = onboarded();
    let res = receive(&mut deps, 2, register("alice", "m-2"));
    let answer = registered(&ack_of(&res).unwrap());
    assert_eq!(answer.meter_contract, alice_meters().to_string());
    let (to, add): (String, MeterMsg) = executed(&res.messages[0].msg);
    assert_eq!(to, alice_meters().to_string());
    assert_eq!(
        add,
        MeterMsg::AddMeter {
            meter: new_meter("m-2", "flat")
        }
    );
}

#[test]
fn a_registration_that_cannot_be_applied_is_refused_with_its_code() {
    let mut deps = onboarded();
    let before = snapshot(&deps);
    let unknown_tariff = ToRegion::RegisterMeter {
        consumer: addr("bob").to_string(),
        meter: new_meter("m-2", "peak"),
    };
    let res = receive(&mut deps, 2, unknown_tariff);
    assert_eq!(refused_code(&res), "region_endpoint.unknown_tariff");
    let res = receive(&mut deps, 3, register("bob", METER));
    assert_eq!(refused_code(&res), "region_endpoint.meter_exists");
    let bad_consumer = ToRegion::RegisterMeter {
        consumer: "not an address".to_string(),
        meter: new_meter("m-3", "flat"),
    };
    let res = receive(&mut deps, 4, bad_consumer);
    assert_eq!(refused_code(&res), "region_endpoint.invalid_consumer");
    assert!(res.messages.is_empty());
    assert_eq!(snapshot(&deps), before);
}

/// A registration of alice's meter `meter_id` on `tariff_id`, with `pubkey`.
fn register_on(meter_id: &str, tariff_id: &str, pubkey: Vec<u8>) -> ToRegion {
    let mut meter = new_meter(meter_id, tariff_id);
    meter.pubkey = pubkey.into();
    ToRegion::RegisterMeter {
        consumer: addr("alice").to_string(),
        meter,
    }
}

/// Each registration that alice's meter contract would refuse inside the packet's execution
/// (which the chain would answer with an uncoded error acknowledgement) is refused by the
/// endpoint first, with its own code, whether the registration would instantiate her contract
/// or add to it; nothing is written and nothing is sent to a meter contract.
#[test]
fn a_registration_the_meter_contract_would_refuse_is_refused_first_with_its_code() {
    let good_key = vec![2; 33];
    // x = 0 is not the x of a point of the secp256k1 curve.
    let off_curve = [vec![2], vec![0; 32]].concat();
    let cases = [
        (
            register_on("m-2", "rival", good_key.clone()),
            "region_endpoint.tariff_of_another_retailer",
            format!(
                "belongs to {}, not to the meter's retailer",
                addr("rival-retailer")
            ),
        ),
        (
            register_on("m-2", "orphan", good_key.clone()),
            "region_endpoint.tariff_of_another_retailer",
            "belongs to nobody yet".to_string(),
        ),
        (
            register_on("m-2", "spring", good_key.clone()),
            "region_endpoint.tariff_not_in_force",
            format!("takes effect at {}", NOV_2026 + 120 * 86_400),
        ),
        (
            register_on("m-2", "peak", good_key.clone()),
            "region_endpoint.unknown_tariff",
            "tariff peak is unknown".to_string(),
        ),
        (
            register_on("m-2", "flat", off_curve),
            "region_endpoint.invalid_pubkey",
            "not a point of the secp256k1 curve".to_string(),
        ),
        (
            register_on("m-2", "flat", vec![4; 65]),
            "region_endpoint.invalid_pubkey",
            "got 65 bytes".to_string(),
        ),
        (
            ToRegion::RegisterMeter {
                consumer: addr("alice").to_string(),
                meter: NewMeter {
                    retailer: "not an address".to_string(),
                    ..new_meter("m-2", "flat")
                },
            },
            "region_endpoint.invalid_retailer",
            "retailer not an address of meter m-2".to_string(),
        ),
    ];
    // Alice's first meter (the contract would be instantiated) and a further one.
    for mut deps in [connected(), onboarded()] {
        let before = snapshot(&deps);
        for (id, (body, code, words)) in (2..).zip(cases.clone()) {
            let res = receive(&mut deps, id, body);
            assert_eq!(refused_code(&res), code);
            let text = ack_of(&res).unwrap_err();
            assert!(text.contains(&words), "{text:?} should say {words:?}");
            assert_eq!(res.attributes[1].value, code);
            assert!(res.messages.is_empty());
        }
        assert_eq!(snapshot(&deps), before);
    }
}

/// A paused meter contract takes no new meter: the endpoint refuses the consumer's further
/// meter until its operator resumes the contract, and the same packet is applied then.
#[test]
fn a_further_meter_for_a_paused_meter_contract_is_refused_until_it_runs_again() {
    let mut deps = onboarded();
    let pause = |paused: bool| {
        move |query: &WasmQuery| {
            if let WasmQuery::Smart { contract_addr, msg } = query {
                if *contract_addr == alice_meters().as_str()
                    && matches!(from_json(msg), Ok(MeterQuery::PauseStatus {}))
                {
                    let status = PauseStatus {
                        paused,
                        by: paused.then(|| addr("operator")),
                        since: paused.then_some(NOV_2026),
                        reason: paused.then(|| "audit".to_string()),
                    };
                    return SystemResult::Ok(ContractResult::Ok(to_json_binary(&status).unwrap()));
                }
            }
            handler(query)
        }
    };
    deps.querier.update_wasm(pause(true));
    let before = snapshot(&deps);
    let res = receive(&mut deps, 2, register("alice", "m-2"));
    assert_eq!(refused_code(&res), "region_endpoint.meter_contract_paused");
    assert!(res.messages.is_empty());
    assert_eq!(snapshot(&deps), before);

    deps.querier.update_wasm(pause(false));
    let res = receive(&mut deps, 2, register("alice", "m-2"));
    let answer = registered(&ack_of(&res).unwrap());
    assert_eq!(answer.meter_contract, alice_meters().to_string());
}

#[test]
fn a_consumer_blocked_before_its_first_meter_gets_a_blocked_contract() {
    let mut deps = connected();
    let standing = ToRegion::OwnerStanding {
        consumer: addr("alice").to_string(),
        blocked: true,
        revision: 1,
    };
    let res = receive(&mut deps, 1, standing);
    assert!(res.messages.is_empty());
    assert!(consumer(&deps, "alice").blocked);

    let res = receive(&mut deps, 2, register("alice", METER));
    let payload = res.messages[0].payload.clone();
    let res = reply(
        deps.as_mut(),
        mock_env(),
        instantiated(&payload, &alice_meters()),
    )
    .unwrap();
    let (_, block): (String, MeterMsg) = executed(&res.messages[0].msg);
    assert_eq!(block, MeterMsg::SetOwnerBlocked { blocked: true });
    let (_, add): (String, MeterMsg) = executed(&res.messages[1].msg);
    assert!(matches!(add, MeterMsg::AddMeter { .. }));
}

#[test]
fn an_owner_s_standing_reaches_its_contract_and_an_older_one_is_ignored() {
    let mut deps = onboarded();
    let standing = |blocked, revision| ToRegion::OwnerStanding {
        consumer: addr("alice").to_string(),
        blocked,
        revision,
    };
    let res = receive(&mut deps, 2, standing(true, 5));
    assert_eq!(
        from_json::<Applied>(ack_of(&res).unwrap()).unwrap(),
        Applied {}
    );
    let (to, msg): (String, MeterMsg) = executed(&res.messages[0].msg);
    assert_eq!(
        (to, msg),
        (
            alice_meters().to_string(),
            MeterMsg::SetOwnerBlocked { blocked: true }
        )
    );

    // Delivered late: acknowledged, nothing changes and nothing is forwarded.
    let res = receive(&mut deps, 3, standing(false, 4));
    assert!(ack_of(&res).is_ok());
    assert!(res.messages.is_empty());
    assert_eq!(
        consumer(&deps, "alice"),
        ConsumerResponse {
            consumer: addr("alice"),
            contract: Some(alice_meters()),
            blocked: true,
            standing_revision: 5,
        }
    );
    let res = receive(
        &mut deps,
        4,
        ToRegion::OwnerStanding {
            consumer: "???".to_string(),
            blocked: true,
            revision: 9,
        },
    );
    assert_eq!(refused_code(&res), "region_endpoint.invalid_consumer");
}

#[test]
fn a_meter_s_status_reaches_its_contract_once_per_revision() {
    let mut deps = onboarded();
    let status = |status, revision| ToRegion::MeterStatus {
        meter_id: METER.to_string(),
        status,
        revision,
    };
    let res = receive(&mut deps, 2, status(MeterStatus::Suspended, 2));
    let (_, msg): (String, MeterMsg) = executed(&res.messages[0].msg);
    assert_eq!(
        msg,
        MeterMsg::SetMeterStatus {
            meter_id: METER.to_string(),
            status: MeterStatus::Suspended
        }
    );
    let res = receive(&mut deps, 3, status(MeterStatus::Active, 1));
    assert!(ack_of(&res).is_ok());
    assert!(res.messages.is_empty());

    let before = snapshot(&deps);
    let unknown = ToRegion::MeterStatus {
        meter_id: "m-9".to_string(),
        status: MeterStatus::Active,
        revision: 7,
    };
    let res = receive(&mut deps, 4, unknown);
    assert_eq!(refused_code(&res), "region_endpoint.unknown_meter");
    assert_eq!(snapshot(&deps), before);
}

fn paid(paid: u128, revision: u64) -> BillStatus {
    BillStatus {
        meter_id: METER.to_string(),
        period: NOV,
        total: 7_700u128.into(),
        paid: paid.into(),
        settled: paid == 7_700,
        revision,
        at: ChainPoint {
            height: 100 + revision,
            time: DEC_2026 + revision,
        },
    }
}

#[test]
fn a_bill_s_newest_status_is_kept() {
    let mut deps = onboarded();
    receive(&mut deps, 2, ToRegion::BillStatus(paid(7_700, 2)));
    let res = receive(&mut deps, 3, ToRegion::BillStatus(paid(3_000, 1)));
    assert!(ack_of(&res).is_ok());
    let bill: BillRecord = ask(
        &deps,
        QueryMsg::Bill {
            meter_id: METER.to_string(),
            period: NOV,
        },
    );
    assert_eq!(bill.status, Some(paid(7_700, 2)));
    assert_eq!(bill.sent, None);

    let before = snapshot(&deps);
    let res = receive(
        &mut deps,
        4,
        ToRegion::BillStatus(BillStatus {
            meter_id: "m-9".to_string(),
            ..paid(1, 3)
        }),
    );
    assert_eq!(refused_code(&res), "region_endpoint.unknown_meter");
    assert_eq!(snapshot(&deps), before);
}

#[test]
fn a_packet_sent_again_under_an_applied_id_is_not_applied_twice() {
    let mut deps = onboarded();
    // Registration id 1 again: answered as before, nothing instantiated or added.
    let res = receive(&mut deps, 1, register("alice", METER));
    assert!(res.messages.is_empty());
    assert_eq!(res.attributes[0].value, "packet_already_applied");
    assert_eq!(
        registered(&ack_of(&res).unwrap()).meter_contract,
        alice_meters().to_string()
    );
    let suspend = ToRegion::MeterStatus {
        meter_id: METER.to_string(),
        status: MeterStatus::Suspended,
        revision: 1,
    };
    assert_eq!(receive(&mut deps, 2, suspend.clone()).messages.len(), 1);
    assert!(receive(&mut deps, 2, suspend).messages.is_empty());
}

#[test]
fn replies_the_endpoint_did_not_ask_for_or_cannot_read_are_refused() {
    let mut deps = connected();
    let payload = to_json_binary(&"x").unwrap();
    let unknown = Reply {
        id: 9,
        ..instantiated(&payload, &alice_meters())
    };
    assert_eq!(
        reply(deps.as_mut(), mock_env(), unknown).unwrap_err(),
        ContractError::UnknownReplyId { id: 9 }
    );
    let err = reply(
        deps.as_mut(),
        mock_env(),
        instantiated(&payload, &alice_meters()),
    )
    .unwrap_err();
    assert!(
        matches!(err, ContractError::BadInstantiateReply { .. }),
        "{err:?}"
    );
    let res = receive(&mut deps, 1, register("alice", METER));
    let failed = Reply {
        result: SubMsgResult::Err("out of gas".to_string()),
        ..instantiated(&res.messages[0].payload, &alice_meters())
    };
    assert_eq!(
        reply(deps.as_mut(), mock_env(), failed).unwrap_err(),
        ContractError::BadInstantiateReply {
            reason: "out of gas".to_string()
        }
    );
}
