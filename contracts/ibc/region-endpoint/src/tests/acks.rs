//! The main chain's answers to the endpoint's packets: applied, confirmed, refused, timed out
//! (sent again, then stuck), and the operator's retry.

use cosmwasm_std::testing::mock_env;
use cosmwasm_std::{Binary, IbcChannelCloseMsg, StdAck};
use ledger_contract_kit::ibc::outbox::OutboxError;
use ledger_contract_kit::ibc::{applied, refused};
use ledger_types::region::{
    Applied, BillConfirmed, CHANNEL_ORDER, ChainPoint, OutboxState, PROTOCOL_VERSION, ToMain,
};
use ledger_types::region_endpoint::{BillRecord, ExecuteMsg, QueryMsg};

use super::helpers::*;
use crate::ContractError;
use crate::ibc::ibc_channel_close;

fn bill(deps: &Deps) -> BillRecord {
    ask(
        deps,
        QueryMsg::Bill {
            meter_id: METER.to_string(),
            period: NOV,
        },
    )
}

const POINT: ChainPoint = ChainPoint {
    height: 812,
    time: DEC_2026 + 30,
};

#[test]
fn applied_packets_leave_the_outbox_and_a_bill_is_confirmed_where_the_main_chain_says() {
    let (mut deps, body) = bill_sent();
    let res = acknowledge(
        &mut deps,
        1,
        ToMain::Advances(advances()),
        applied(&Applied {}).unwrap(),
    );
    assert_eq!(res.attributes[1].value, "packet_applied");
    let confirmed = BillConfirmed {
        meter_id: METER.to_string(),
        period: NOV,
        confirmed: POINT,
    };
    let res = acknowledge(&mut deps, 2, body.clone(), applied(&confirmed).unwrap());
    assert_eq!(res.attributes[1].value, "bill_confirmed");
    assert_eq!(bill(&deps).confirmed, Some(POINT));
    assert!(outbox(&deps).entries.is_empty());
    // The same acknowledgement again (a packet no longer waiting) changes nothing.
    let before = snapshot(&deps);
    let res = acknowledge(&mut deps, 2, body, applied(&confirmed).unwrap());
    assert_eq!(res.attributes[2].value, "false");
    assert_eq!(snapshot(&deps), before);
}

#[test]
fn a_refusal_stays_visible_with_the_main_chain_s_code() {
    let (mut deps, body) = bill_sent();
    let refusal = refused(ContractError::UnknownMeter {
        meter_id: METER.to_string(),
    });
    let res = acknowledge(&mut deps, 2, body, refusal);
    assert_eq!(res.attributes[1].value, "packet_refused");
    assert_eq!(res.events[0].ty, "packet_refused");
    let entry = &outbox(&deps).entries[1];
    assert_eq!(
        entry.state,
        OutboxState::Refused {
            code: "region_endpoint.unknown_meter".to_string(),
            message: "meter m-1 is not registered in this region".to_string(),
        }
    );
    assert_eq!(bill(&deps).confirmed, None);
}

#[test]
fn an_acknowledgement_out_of_the_protocol_leaves_the_packet_refused() {
    let (mut deps, body) = bill_sent();
    // An `Applied` where a bill's confirmation is due, and a confirmation of another bill.
    acknowledge(&mut deps, 2, body.clone(), applied(&Applied {}).unwrap());
    let OutboxState::Refused { code, .. } = &outbox(&deps).entries[1].state else {
        panic!("not refused");
    };
    assert_eq!(code, "region_endpoint.bad_ack");
    let other = BillConfirmed {
        meter_id: "m-9".to_string(),
        period: NOV,
        confirmed: POINT,
    };
    acknowledge(&mut deps, 2, body.clone(), applied(&other).unwrap());
    let OutboxState::Refused { message, .. } = &outbox(&deps).entries[1].state else {
        panic!("not refused");
    };
    assert!(
        message.contains("confirms period 682 of meter m-9"),
        "{message}"
    );
    acknowledge(&mut deps, 2, body, Binary::from(b"\x01".to_vec()));
    assert!(matches!(
        outbox(&deps).entries[1].state,
        OutboxState::Refused { .. }
    ));
    // A refusal that is not ours is kept with the common code.
    acknowledge(
        &mut deps,
        1,
        ToMain::Advances(advances()),
        StdAck::error("ABCI code: 5").to_binary(),
    );
    let OutboxState::Refused { code, .. } = &outbox(&deps).entries[0].state else {
        panic!("not refused");
    };
    assert_eq!(code, "common.uncoded_refusal");
}

#[test]
fn a_timed_out_packet_is_sent_again_under_its_id_until_it_is_stuck() {
    let (mut deps, body) = bill_sent();
    for attempt in 2..=MAX_ATTEMPTS {
        let res = time_out(&mut deps, 2, body.clone());
        assert_eq!(res.attributes[1].value, "packet_resent");
        let (channel, packet) = sent(&res.messages[0].msg);
        assert_eq!((channel.as_str(), packet.id), (CHANNEL, 2));
        assert_eq!(packet.body, body);
        assert_eq!(outbox(&deps).entries[1].attempts, attempt);
    }
    let res = time_out(&mut deps, 2, body.clone());
    assert!(res.messages.is_empty());
    assert_eq!(res.attributes[1].value, "packet_stuck");
    assert_eq!(res.events[0].ty, "packet_stuck");
    assert_eq!(outbox(&deps).entries[1].state, OutboxState::Stuck);

    // The operator sends it again; a stranger may not, nor retry what is in flight or gone.
    let before = snapshot(&deps);
    let err = exec(&mut deps, &addr("stranger"), ExecuteMsg::Retry { id: 2 }).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotAdmin {
            sender: addr("stranger").to_string(),
            action: "retry a packet"
        }
    );
    let err = exec(&mut deps, &addr("operator"), ExecuteMsg::Retry { id: 1 }).unwrap_err();
    assert_eq!(
        err,
        ContractError::Outbox(OutboxError::PacketInFlight { id: 1 })
    );
    let err = exec(&mut deps, &addr("operator"), ExecuteMsg::Retry { id: 9 }).unwrap_err();
    assert_eq!(
        err,
        ContractError::Outbox(OutboxError::UnknownPacket { id: 9 })
    );
    assert_eq!(snapshot(&deps), before);
    let res = exec(&mut deps, &addr("operator"), ExecuteMsg::Retry { id: 2 }).unwrap();
    assert_eq!(sent(&res.messages[0].msg).1.id, 2);
    assert_eq!(outbox(&deps).entries[1].state, OutboxState::InFlight);
}

#[test]
fn on_a_closed_channel_a_timed_out_packet_is_stuck_at_once() {
    let (mut deps, body) = bill_sent();
    let bound = router_channel(CHANNEL, CHANNEL_ORDER, PROTOCOL_VERSION);
    ibc_channel_close(
        deps.as_mut(),
        mock_env(),
        IbcChannelCloseMsg::new_confirm(bound),
    )
    .unwrap();
    let res = time_out(&mut deps, 2, body);
    assert!(res.messages.is_empty());
    assert_eq!(outbox(&deps).entries[1].state, OutboxState::Stuck);
    let err = exec(&mut deps, &addr("operator"), ExecuteMsg::Retry { id: 2 }).unwrap_err();
    assert_eq!(err, ContractError::NoChannel {});
}
