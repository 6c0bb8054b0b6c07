//! Answers to the router's packets and their timeouts: applied packets leave the outbox,
//! refused ones stay with their code, timed-out ones are sent again until they are stuck.

use cosmwasm_std::testing::{mock_env, mock_ibc_packet_ack, mock_ibc_packet_timeout};
use cosmwasm_std::{IbcAcknowledgement, StdAck};
use ledger_contract_kit::ibc::applied;
use ledger_types::region::{
    Applied, MeterRegistered, OutboxEntry, OutboxResponse, OutboxState, ToRegion,
};
use ledger_types::router::{ExecuteMsg, QueryMsg, Route, RouteState};

use super::fixtures::*;
use crate::ibc;

fn outbox(deps: &Deps) -> Vec<OutboxEntry<ToRegion>> {
    query::<OutboxResponse<ToRegion>>(
        deps,
        QueryMsg::Outbox {
            start_after: None,
            limit: None,
        },
    )
    .entries
}

fn route(deps: &Deps, meter_id: &str) -> RouteState {
    query::<Route>(
        deps,
        QueryMsg::Route {
            meter_id: meter_id.to_string(),
        },
    )
    .state
}

fn answer(deps: &mut Deps, sent: &SentPacket, ack: IbcAcknowledgement) -> Vec<(String, String)> {
    let msg = mock_ibc_packet_ack(&sent.channel_id, &sent.packet, ack).unwrap();
    let res = ibc::ibc_packet_ack(deps.as_mut(), mock_env(), msg).unwrap();
    assert_eq!(res.attributes[0].value, "packet_ack");
    res.attributes
        .into_iter()
        .map(|a| (a.key, a.value))
        .collect()
}

fn refusal(text: &str) -> IbcAcknowledgement {
    IbcAcknowledgement::new(StdAck::error(text).to_binary())
}

#[test]
fn a_registration_applied_activates_the_route() {
    let mut deps = setup();
    let sent = onboard(&mut deps, "north", "alice", "m-1");
    let registered = MeterRegistered {
        meter_id: "m-1".to_string(),
        meter_contract: "region-meters".to_string(),
    };
    let attributes = answer(
        &mut deps,
        &sent,
        IbcAcknowledgement::new(applied(&registered).unwrap()),
    );
    assert!(attributes.contains(&("outcome".to_string(), "applied".to_string())));
    assert_eq!(
        route(&deps, "m-1"),
        RouteState::Active {
            meter_contract: "region-meters".to_string()
        }
    );
    assert!(outbox(&deps).is_empty());
    // A second acknowledgement of the same packet finds nothing waiting.
    let before = snapshot(&deps);
    let attributes = answer(&mut deps, &sent, refusal("late"));
    assert!(attributes.contains(&("outcome".to_string(), "not_waiting".to_string())));
    assert_eq!(snapshot(&deps), before);
}

#[test]
fn a_registration_refused_marks_the_route_and_stays_in_the_outbox() {
    let mut deps = setup();
    let sent = onboard(&mut deps, "north", "alice", "m-1");
    answer(
        &mut deps,
        &sent,
        refusal("[ledger:region_endpoint.unknown_tariff] no tariff flat"),
    );
    let refused = RouteState::Refused {
        code: "region_endpoint.unknown_tariff".to_string(),
        message: "no tariff flat".to_string(),
    };
    assert_eq!(route(&deps, "m-1"), refused);
    assert_eq!(
        outbox(&deps)[0].state,
        OutboxState::Refused {
            code: "region_endpoint.unknown_tariff".to_string(),
            message: "no tariff flat".to_string(),
        }
    );

    // An answer that is not the protocol's is kept as a refusal an operator sees.
    let sent = onboard(&mut deps, "north", "alice", "m-2");
    let other = MeterRegistered {
        meter_id: "m-3".to_string(),
        meter_contract: "x".to_string(),
    };
    answer(
        &mut deps,
        &sent,
        IbcAcknowledgement::new(applied(&other).unwrap()),
    );
    assert!(matches!(
        route(&deps, "m-2"),
        RouteState::Refused { code, .. } if code == "router.bad_ack"
    ));
    let sent = onboard(&mut deps, "north", "alice", "m-4");
    answer(
        &mut deps,
        &sent,
        IbcAcknowledgement::new(b"garbage".to_vec()),
    );
    assert!(matches!(
        &outbox(&deps)[2].state,
        OutboxState::Refused { code, .. } if code == "router.bad_ack"
    ));
}

#[test]
fn standings_leave_the_outbox_when_applied_and_stay_when_refused() {
    let mut deps = setup();
    let registration = onboard(&mut deps, "north", "alice", "m-1");
    let standing = |deps: &mut Deps| {
        let res = exec(
            deps,
            "registry",
            ExecuteMsg::OwnerStanding {
                consumer: addr("alice").to_string(),
                blocked: true,
            },
        )
        .unwrap();
        sent_packets(&[res.messages[0].msg.clone()]).pop().unwrap()
    };
    let first = standing(&mut deps);
    answer(
        &mut deps,
        &first,
        IbcAcknowledgement::new(applied(&Applied {}).unwrap()),
    );
    let second = standing(&mut deps);
    let attributes = answer(&mut deps, &second, refusal("ABCI code: 5: error"));
    assert!(attributes.contains(&("code".to_string(), "common.uncoded_refusal".to_string())));
    let waiting: Vec<u64> = outbox(&deps).iter().map(|e| e.id).collect();
    assert_eq!(waiting, vec![registration.packet.id, second.packet.id]);
    // The route of the meter is untouched by answers to standings.
    assert_eq!(route(&deps, "m-1"), RouteState::Pending);
}

#[test]
fn a_timed_out_packet_is_sent_again_until_it_is_stuck() {
    let mut deps = setup();
    let sent = onboard(&mut deps, "north", "alice", "m-1");
    let timeout = || mock_ibc_packet_timeout("channel-0", &sent.packet).unwrap();
    for attempt in 2..=3 {
        let res = ibc::ibc_packet_timeout(deps.as_mut(), mock_env(), timeout()).unwrap();
        assert_eq!(res.attributes[0].value, "packet_timeout");
        assert!(
            res.attributes
                .iter()
                .any(|a| a.key == "resent" && a.value == "true")
        );
        let again = sent_packets(&[res.messages[0].msg.clone()]).pop().unwrap();
        assert_eq!(again.packet, sent.packet);
        assert_eq!(outbox(&deps)[0].attempts, attempt);
    }
    let res = ibc::ibc_packet_timeout(deps.as_mut(), mock_env(), timeout()).unwrap();
    assert!(res.messages.is_empty());
    assert!(
        res.attributes
            .iter()
            .any(|a| a.key == "stuck" && a.value == "true")
    );
    assert_eq!(res.events[0].ty, "ledger_packet_stuck");
    assert_eq!(outbox(&deps)[0].state, OutboxState::Stuck);

    // The operator sends it again.
    let res = exec(&mut deps, "admin", ExecuteMsg::Retry { id: 1 }).unwrap();
    assert_eq!(
        sent_packets(&[res.messages[0].msg.clone()])[0].packet,
        sent.packet
    );
    assert_eq!(outbox(&deps)[0].state, OutboxState::InFlight);

    // A timeout of a packet no longer waiting changes nothing.
    answer(
        &mut deps,
        &sent,
        IbcAcknowledgement::new(
            applied(&MeterRegistered {
                meter_id: "m-1".to_string(),
                meter_contract: "c".to_string(),
            })
            .unwrap(),
        ),
    );
    let before = snapshot(&deps);
    let res = ibc::ibc_packet_timeout(deps.as_mut(), mock_env(), timeout()).unwrap();
    assert!(res.messages.is_empty());
    assert_eq!(snapshot(&deps), before);
}
