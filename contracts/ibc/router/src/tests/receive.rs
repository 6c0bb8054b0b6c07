//! Packets from the regions: handed to the bank by submessage, answered by the reply; refused
//! packets get an error acknowledgement and write nothing.

use cosmwasm_std::testing::{mock_env, mock_ibc_packet_recv};
use cosmwasm_std::{
    Addr, Binary, CosmosMsg, IbcEndpoint, IbcPacket, IbcPacketReceiveMsg, IbcReceiveResponse,
    IbcTimeout, Reply, ReplyOn, StdAck, SubMsgResponse, SubMsgResult, WasmMsg, from_json,
    to_json_binary,
};
use ledger_types::bank::ExecuteMsg as BankMsg;
use ledger_types::error_code::code_in;
use ledger_types::region::{Applied, BillConfirmed, ChainPoint, MeterRegistered, ToMain};
use ledger_types::router::{
    Confirmation, ConfirmationResponse, ConfirmedDigest, ConfirmedDigestsResponse, QueryMsg,
};
use serde::de::DeserializeOwned;

use super::fixtures::*;
use crate::receive::{BANK_REPLY_ID, reply};
use crate::{ContractError, acks, ibc};

/// Onboards `meter_id` in `region` and acknowledges its registration.
pub fn active(deps: &mut Deps, region: &str, consumer: &str, meter_id: &str) {
    let sent = onboard(deps, region, consumer, meter_id);
    let registered = MeterRegistered {
        meter_id: meter_id.to_string(),
        meter_contract: format!("{region}-meters-{consumer}"),
    };
    let ack = cosmwasm_std::IbcAcknowledgement::new(
        ledger_contract_kit::ibc::applied(&registered).unwrap(),
    );
    let msg =
        cosmwasm_std::testing::mock_ibc_packet_ack(&sent.channel_id, &sent.packet, ack).unwrap();
    acks::packet_ack(deps.as_mut(), mock_env(), msg).unwrap();
}

fn receive(deps: &mut Deps, channel_id: &str, body: ToMain) -> IbcReceiveResponse {
    let msg = mock_ibc_packet_recv(channel_id, &to_main(7, body)).unwrap();
    ibc::ibc_packet_receive(deps.as_mut(), mock_env(), msg).unwrap()
}

fn ack_of(data: &Binary) -> StdAck {
    from_json(data).unwrap()
}

fn applied<T: DeserializeOwned>(data: &Binary) -> T {
    match ack_of(data) {
        StdAck::Success(answer) => from_json(answer).unwrap(),
        StdAck::Error(text) => panic!("refused: {text}"),
    }
}

fn refusal(data: &Binary) -> String {
    match ack_of(data) {
        StdAck::Error(text) => text,
        StdAck::Success(_) => panic!("applied"),
    }
}

/// The bank's message in a receive response, which must be answered by a reply.
fn bank_call(res: &IbcReceiveResponse) -> BankMsg {
    assert_eq!(res.messages.len(), 1);
    let sub = &res.messages[0];
    assert_eq!(
        (sub.id, sub.reply_on.clone()),
        (BANK_REPLY_ID, ReplyOn::Always)
    );
    let CosmosMsg::Wasm(WasmMsg::Execute {
        contract_addr, msg, ..
    }) = &sub.msg
    else {
        panic!("expected a wasm execute");
    };
    assert_eq!(contract_addr, addr("bank").as_str());
    from_json(msg).unwrap()
}

#[allow(deprecated)]
fn bank_reply(result: Result<(), &str>) -> Reply {
    Reply {
        id: BANK_REPLY_ID,
        payload: Binary::default(),
        gas_used: 0,
        result: match result {
            Ok(()) => SubMsgResult::Ok(SubMsgResponse {
                events: vec![],
                data: None,
                msg_responses: vec![],
            }),
            Err(text) => SubMsgResult::Err(text.to_string()),
        },
    }
}

/// Receives `packet` on `channel_id`: refused with `code`, nothing written, nothing called.
fn assert_packet_refused(deps: &mut Deps, channel_id: &str, data: Binary, code: &str) {
    let before = snapshot(deps);
    let packet = IbcPacket::new(
        data,
        IbcEndpoint {
            port_id: port("north"),
            channel_id: "channel-99".to_string(),
        },
        IbcEndpoint {
            port_id: "wasm.router".to_string(),
            channel_id: channel_id.to_string(),
        },
        3,
        IbcTimeout::with_timestamp(mock_env().block.time.plus_seconds(60)),
    );
    let msg = IbcPacketReceiveMsg::new(packet, Addr::unchecked("relayer"));
    let res = ibc::ibc_packet_receive(deps.as_mut(), mock_env(), msg).unwrap();
    let text = refusal(&res.acknowledgement.unwrap());
    assert_eq!(code_in(&text), Some(code), "{text}");
    assert!(res.messages.is_empty());
    assert_eq!(snapshot(deps), before, "a refused packet wrote something");
}

#[test]
fn advances_go_to_the_bank_and_its_answer_is_the_acknowledgement() {
    let mut deps = setup();
    active(&mut deps, "north", "alice", "m-1");
    let res = receive(&mut deps, "channel-0", ToMain::Advances(advances("m-1", 1)));
    assert_eq!(res.attributes[0].value, "receive_advances");
    assert_eq!(
        bank_call(&res),
        BankMsg::ScheduleAdvances(advances("m-1", 1))
    );
    // Replaced by the reply; never an applied acknowledgement on its own.
    assert!(matches!(
        ack_of(&res.acknowledgement.unwrap()),
        StdAck::Error(_)
    ));

    let answer = reply(deps.as_mut(), mock_env(), bank_reply(Ok(()))).unwrap();
    assert_eq!(applied::<Applied>(&answer.data.unwrap()), Applied {});
    // The pending packet is gone: a second reply has nothing to answer.
    assert_eq!(
        reply(deps.as_mut(), mock_env(), bank_reply(Ok(()))).unwrap_err(),
        ContractError::NoPendingPacket {}
    );
}

#[test]
fn the_bank_s_refusal_becomes_an_error_acknowledgement() {
    let mut deps = setup();
    active(&mut deps, "north", "alice", "m-1");
    receive(&mut deps, "channel-0", ToMain::Advances(advances("m-1", 1)));
    let bank_text = "[ledger:bank.already_scheduled] period 1 of meter m-1 already has advances";
    let answer = reply(deps.as_mut(), mock_env(), bank_reply(Err(bank_text))).unwrap();
    assert_eq!(refusal(&answer.data.unwrap()), bank_text);

    // wasmd redacts a submessage's error: the router codes what is left of it.
    let bill = region_bill("m-1", 1, 12_000);
    receive(&mut deps, "channel-0", ToMain::Bill(Box::new(bill)));
    let before = snapshot(&deps);
    let answer = reply(
        deps.as_mut(),
        mock_env(),
        bank_reply(Err("codespace: wasm, code: 5")),
    )
    .unwrap();
    let text = refusal(&answer.data.unwrap());
    assert_eq!(code_in(&text), Some("router.bank_refused"));
    assert!(text.ends_with("codespace: wasm, code: 5"));
    // Only the pending packet was cleared; no confirmation.
    let confirmation: ConfirmationResponse = query(
        &deps,
        QueryMsg::Confirmation {
            meter_id: "m-1".to_string(),
            period: 1,
        },
    );
    assert_eq!(confirmation.confirmation, None);
    assert_ne!(snapshot(&deps), before);
    assert!(!has_pending(&deps));
}

fn has_pending(deps: &Deps) -> bool {
    crate::state::PENDING_PACKET
        .may_load(&deps.storage)
        .unwrap()
        .is_some()
}

#[test]
fn a_bill_is_recorded_once_and_confirmed_per_region_and_period() {
    let mut deps = setup();
    active(&mut deps, "north", "alice", "m-1");
    let bill = region_bill("m-1", 1, 12_000);
    let res = receive(&mut deps, "channel-0", ToMain::Bill(Box::new(bill.clone())));
    assert_eq!(res.attributes[0].value, "receive_bill");
    assert_eq!(bank_call(&res), BankMsg::RecordBill(bill.notice.clone()));
    let answer = reply(deps.as_mut(), mock_env(), bank_reply(Ok(()))).unwrap();
    let env = mock_env();
    let point = ChainPoint {
        height: env.block.height,
        time: env.block.time.seconds(),
    };
    let confirmed = BillConfirmed {
        meter_id: "m-1".to_string(),
        period: 1,
        confirmed: point,
    };
    assert_eq!(applied::<BillConfirmed>(&answer.data.unwrap()), confirmed);
    assert!(!has_pending(&deps));

    let stored: ConfirmationResponse = query(
        &deps,
        QueryMsg::Confirmation {
            meter_id: "m-1".to_string(),
            period: 1,
        },
    );
    assert_eq!(
        stored.confirmation,
        Some(Confirmation {
            region: "north".to_string(),
            readings_digest: "ab".repeat(32),
            total: bill.notice.total,
            confirmed: point,
        })
    );
    let digests: ConfirmedDigestsResponse = query(
        &deps,
        QueryMsg::ConfirmedDigests {
            region: "north".to_string(),
            period: 1,
            start_after: None,
            limit: None,
        },
    );
    assert_eq!(
        digests.digests,
        vec![ConfirmedDigest {
            meter_id: "m-1".to_string(),
            readings_digest: "ab".repeat(32),
            total: bill.notice.total,
            confirmed: point,
        }]
    );

    // The same bill again (sent again by the region): the stored answer, no second record.
    let before = snapshot(&deps);
    let mut later = mock_env();
    later.block.height += 10;
    let msg = mock_ibc_packet_recv("channel-0", &to_main(8, ToMain::Bill(Box::new(bill)))).unwrap();
    let res = ibc::ibc_packet_receive(deps.as_mut(), later, msg).unwrap();
    assert!(res.messages.is_empty());
    assert_eq!(
        applied::<BillConfirmed>(&res.acknowledgement.unwrap()),
        confirmed
    );
    assert_eq!(snapshot(&deps), before);
}

#[test]
fn packets_that_are_not_the_protocol_s_are_refused() {
    let mut deps = setup();
    active(&mut deps, "north", "alice", "m-1");
    let bill = |b: ledger_types::region::RegionBill| {
        to_json_binary(&to_main(1, ToMain::Bill(Box::new(b)))).unwrap()
    };
    assert_packet_refused(
        &mut deps,
        "channel-0",
        Binary::from(b"not json".to_vec()),
        "router.bad_packet",
    );
    assert_packet_refused(
        &mut deps,
        "channel-0",
        Binary::from(br#"{"id":1,"body":{"gossip":{}}}"#.to_vec()),
        "router.bad_packet",
    );
    let mut mismatched = region_bill("m-1", 1, 10);
    mismatched.bill.period = 2;
    assert_packet_refused(
        &mut deps,
        "channel-0",
        bill(mismatched),
        "router.bad_packet",
    );
    let mut undigested = region_bill("m-1", 1, 10);
    undigested.readings_digest = "zz".repeat(32);
    assert_packet_refused(
        &mut deps,
        "channel-0",
        bill(undigested),
        "router.bad_packet",
    );
}

#[test]
fn forged_packets_from_other_regions_or_channels_are_refused() {
    let mut deps = setup();
    active(&mut deps, "north", "alice", "m-1");
    let advances_of =
        |meter: &str| to_json_binary(&to_main(1, ToMain::Advances(advances(meter, 1)))).unwrap();
    // South sends a bill for north's meter, or for a meter nobody registered.
    let forged = to_json_binary(&to_main(
        1,
        ToMain::Bill(Box::new(region_bill("m-1", 1, 5))),
    ))
    .unwrap();
    assert_packet_refused(&mut deps, "channel-1", forged, "router.foreign_meter");
    assert_packet_refused(
        &mut deps,
        "channel-0",
        advances_of("m-9"),
        "router.foreign_meter",
    );
    // A channel bound to no region.
    assert_packet_refused(
        &mut deps,
        "channel-5",
        advances_of("m-1"),
        "router.unknown_channel",
    );
}

#[test]
fn a_meter_the_region_refused_is_not_billed() {
    let mut deps = setup();
    let sent = onboard(&mut deps, "north", "bob", "m-2");
    // Its advances may overtake the registration's acknowledgement: a pending route counts.
    let res = receive(&mut deps, "channel-0", ToMain::Advances(advances("m-2", 1)));
    assert_eq!(res.messages.len(), 1);
    reply(deps.as_mut(), mock_env(), bank_reply(Ok(()))).unwrap();

    let refused = cosmwasm_std::IbcAcknowledgement::new(
        StdAck::error("[ledger:region_endpoint.unknown_tariff] no tariff flat").to_binary(),
    );
    let ack =
        cosmwasm_std::testing::mock_ibc_packet_ack("channel-0", &sent.packet, refused).unwrap();
    acks::packet_ack(deps.as_mut(), mock_env(), ack).unwrap();
    let data = to_json_binary(&to_main(2, ToMain::Advances(advances("m-2", 2)))).unwrap();
    assert_packet_refused(&mut deps, "channel-0", data, "router.foreign_meter");
}

#[test]
fn replies_the_router_did_not_ask_for_are_refused() {
    let mut deps = setup();
    let err = reply(
        deps.as_mut(),
        mock_env(),
        Reply {
            id: 9,
            ..bank_reply(Ok(()))
        },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::UnknownReplyId { id: 9 });
    assert_eq!(
        reply(deps.as_mut(), mock_env(), bank_reply(Ok(()))).unwrap_err(),
        ContractError::NoPendingPacket {}
    );
}
