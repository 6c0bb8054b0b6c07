//! The execute messages: who may send each, what bad input gets, and what is sent.

use cosmwasm_std::testing::{message_info, mock_env};
use cosmwasm_std::{StdAck, coins};
use cw_utils::PaymentError;
use ledger_contract_kit::ibc::outbox::OutboxError;
use ledger_types::admin::MeterStatus;
use ledger_types::region::{OutboxEntry, OutboxResponse, OutboxState, Packet, ToRegion};
use ledger_types::router::{
    ConsumerRegionResponse, Delivery, ExecuteMsg, QueryMsg, Region, RegionChannel, Route,
    RouteState,
};

use super::fixtures::*;
use crate::ContractError;
use crate::{acks, contract};

fn every_message() -> Vec<ExecuteMsg> {
    vec![
        ExecuteMsg::AddRegion {
            region: "east".to_string(),
            connection_id: "connection-5".to_string(),
            endpoint_port: port("east"),
        },
        onboard_msg("north", "alice", "m-1"),
        ExecuteMsg::OwnerStanding {
            consumer: addr("alice").to_string(),
            blocked: true,
        },
        ExecuteMsg::MeterStatus {
            meter_id: "m-1".to_string(),
            status: MeterStatus::Suspended,
        },
        ExecuteMsg::BillPaid(super::bills::payment("m-1", 7, 100, 40)),
        ExecuteMsg::Retry { id: 1 },
    ]
}

#[test]
fn instantiation_refuses_zero_delivery_settings_and_funds() {
    for (delivery, field) in [
        (
            Delivery {
                timeout_seconds: 0,
                max_attempts: 3,
            },
            "timeout_seconds",
        ),
        (
            Delivery {
                timeout_seconds: 60,
                max_attempts: 0,
            },
            "max_attempts",
        ),
    ] {
        let mut deps = cosmwasm_std::testing::mock_dependencies();
        let err = contract::instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&addr("deployer"), &[]),
            instantiate_msg(delivery),
        )
        .unwrap_err();
        assert_eq!(
            err,
            ContractError::InvalidDelivery {
                field: field.to_string()
            }
        );
        assert!(cw2::get_contract_version(&deps.storage).is_err());
    }
    let mut deps = cosmwasm_std::testing::mock_dependencies();
    let err = contract::instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&addr("deployer"), &coins(1, "ucosm")),
        instantiate_msg(DELIVERY),
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

#[test]
fn no_message_takes_funds() {
    let mut deps = setup();
    onboard(&mut deps, "north", "alice", "m-1");
    for msg in every_message() {
        let before = snapshot(&deps);
        let funded = message_info(&addr("admin"), &coins(1, "ucosm"));
        let err = contract::execute(deps.as_mut(), mock_env(), funded, msg.clone()).unwrap_err();
        assert_eq!(
            err,
            ContractError::Payment(PaymentError::NonPayable {}),
            "{msg:?}"
        );
        assert_eq!(snapshot(&deps), before);
    }
}

#[test]
fn strangers_can_do_nothing() {
    let mut deps = setup();
    onboard(&mut deps, "north", "alice", "m-1");
    for msg in every_message() {
        for sender in ["mallory", "admin", "registry"] {
            let expected = match (&msg, sender) {
                (ExecuteMsg::BillPaid(_), _) => ContractError::NotBank {
                    bank: addr("bank"),
                    sender: addr(sender),
                },
                (ExecuteMsg::AddRegion { .. } | ExecuteMsg::Retry { .. }, "admin") => continue,
                (ExecuteMsg::AddRegion { .. } | ExecuteMsg::Retry { .. }, _) => {
                    ContractError::NotAdmin {
                        sender: addr(sender),
                    }
                }
                (_, "registry") => continue,
                _ => ContractError::NotRegistry {
                    registry: addr("registry"),
                    sender: addr(sender),
                },
            };
            assert_refused(&mut deps, sender, msg.clone(), expected);
        }
    }
}

#[test]
fn a_region_is_added_awaiting_its_channel() {
    let mut deps = instantiated();
    let res = exec(
        &mut deps,
        "admin",
        ExecuteMsg::AddRegion {
            region: "north-1".to_string(),
            connection_id: "connection-0".to_string(),
            endpoint_port: port("north"),
        },
    )
    .unwrap();
    assert_eq!(res.attributes[0].value, "add_region");
    assert_eq!(res.attributes[1].value, "north-1");
    let region: Region = query(
        &deps,
        QueryMsg::Region {
            region: "north-1".to_string(),
        },
    );
    assert_eq!(
        region,
        Region {
            region: "north-1".to_string(),
            connection_id: "connection-0".to_string(),
            endpoint_port: port("north"),
            channel: RegionChannel::Awaiting,
        }
    );
}

#[test]
fn bad_regions_are_refused() {
    let mut deps = setup();
    let add = |region: &str, connection: &str, port: &str| ExecuteMsg::AddRegion {
        region: region.to_string(),
        connection_id: connection.to_string(),
        endpoint_port: port.to_string(),
    };
    let long = "r".repeat(33);
    for region in ["", "North", "no rth", "nörth", long.as_str()] {
        assert_refused(
            &mut deps,
            "admin",
            add(region, "connection-9", "wasm.x"),
            ContractError::InvalidRegionId {
                region: region.to_string(),
            },
        );
    }
    let invalid = |field: &str, value: &str, reason: &str| ContractError::InvalidEndpoint {
        field: field.to_string(),
        value: value.to_string(),
        reason: reason.to_string(),
    };
    let long_port = format!("wasm.{}", "a".repeat(124));
    for (connection, port, expected) in [
        (
            "conn-9",
            "wasm.x",
            invalid(
                "connection id",
                "conn-9",
                "it must start with \"connection-\" and go on",
            ),
        ),
        (
            "connection-9",
            "transfer",
            invalid(
                "endpoint port",
                "transfer",
                "it must start with \"wasm.\" and go on",
            ),
        ),
        (
            "connection-9",
            "wasm.",
            invalid(
                "endpoint port",
                "wasm.",
                "it must start with \"wasm.\" and go on",
            ),
        ),
        (
            "connection-9",
            "wasm.a b",
            invalid(
                "endpoint port",
                "wasm.a b",
                "it holds a space or a character that is not printable ASCII",
            ),
        ),
        (
            "connection-9",
            long_port.as_str(),
            invalid(
                "endpoint port",
                &long_port,
                "it is longer than 128 characters",
            ),
        ),
    ] {
        assert_refused(&mut deps, "admin", add("east", connection, port), expected);
    }
    assert_refused(
        &mut deps,
        "admin",
        add("north", "connection-9", "wasm.x"),
        ContractError::RegionExists {
            region: "north".to_string(),
        },
    );
    assert_refused(
        &mut deps,
        "admin",
        add("east", "connection-0", &port("north")),
        ContractError::EndpointTaken {
            region: "north".to_string(),
            connection_id: "connection-0".to_string(),
            port: port("north"),
        },
    );
}

#[test]
fn onboarding_routes_the_meter_and_sends_it() {
    let mut deps = setup();
    let res = exec(&mut deps, "registry", onboard_msg("north", "alice", "m-1")).unwrap();
    assert_eq!(res.attributes[0].value, "onboard");
    let sent = sent_packets(
        &res.messages
            .iter()
            .map(|m| m.msg.clone())
            .collect::<Vec<_>>(),
    );
    assert_eq!(
        sent,
        vec![SentPacket {
            channel_id: "channel-0".to_string(),
            packet: Packet {
                id: 1,
                body: ToRegion::RegisterMeter {
                    consumer: addr("alice").to_string(),
                    meter: new_meter("m-1"),
                },
            },
            timeout: mock_env().block.time.seconds() + 600,
        }]
    );
    let route: Route = query(
        &deps,
        QueryMsg::Route {
            meter_id: "m-1".to_string(),
        },
    );
    assert_eq!(
        route,
        Route {
            meter_id: "m-1".to_string(),
            region: "north".to_string(),
            consumer: addr("alice"),
            state: RouteState::Pending,
        }
    );
    let home: ConsumerRegionResponse = query(
        &deps,
        QueryMsg::ConsumerRegion {
            consumer: addr("alice").to_string(),
        },
    );
    assert_eq!(home.region.as_deref(), Some("north"));
    // The consumer's second meter goes to the same region.
    assert_eq!(onboard(&mut deps, "north", "alice", "m-2").packet.id, 2);
}

#[test]
fn onboarding_refuses_what_cannot_be_routed() {
    let mut deps = setup();
    add_region(&mut deps, ("east", "connection-5", "channel-5"));
    onboard(&mut deps, "north", "alice", "m-1");
    for (msg, expected) in [
        (
            onboard_msg("west", "bob", "m-2"),
            ContractError::UnknownRegion {
                region: "west".to_string(),
            },
        ),
        (
            onboard_msg("east", "bob", "m-2"),
            ContractError::RegionUnreachable {
                region: "east".to_string(),
            },
        ),
        (
            onboard_msg("south", "alice", "m-2"),
            ContractError::ConsumerInOtherRegion {
                consumer: addr("alice"),
                region: "north".to_string(),
            },
        ),
        (
            onboard_msg("south", "bob", "m-1"),
            ContractError::MeterRouted {
                meter_id: "m-1".to_string(),
                region: "north".to_string(),
            },
        ),
    ] {
        assert_refused(&mut deps, "registry", msg, expected);
    }
    let bad = cosmwasm_std::Api::addr_validate(&deps.api, "Bob").unwrap_err();
    let mut msg = onboard_msg("south", "bob", "m-2");
    if let ExecuteMsg::Onboard { consumer, .. } = &mut msg {
        *consumer = "Bob".to_string();
    }
    assert_refused(&mut deps, "registry", msg, bad.into());
}

#[test]
fn standings_and_statuses_go_to_the_region_with_rising_revisions() {
    let mut deps = setup();
    onboard(&mut deps, "south", "alice", "m-1");
    for revision in 1..=2 {
        let res = exec(
            &mut deps,
            "registry",
            ExecuteMsg::OwnerStanding {
                consumer: addr("alice").to_string(),
                blocked: revision == 1,
            },
        )
        .unwrap();
        assert_eq!(res.attributes[0].value, "owner_standing");
        let sent = sent_packets(&[res.messages[0].msg.clone()]).pop().unwrap();
        assert_eq!(sent.channel_id, "channel-1");
        assert_eq!(
            sent.packet.body,
            ToRegion::OwnerStanding {
                consumer: addr("alice").to_string(),
                blocked: revision == 1,
                revision,
            }
        );

        let res = exec(
            &mut deps,
            "registry",
            ExecuteMsg::MeterStatus {
                meter_id: "m-1".to_string(),
                status: MeterStatus::Suspended,
            },
        )
        .unwrap();
        assert_eq!(res.attributes[0].value, "meter_status");
        let sent = sent_packets(&[res.messages[0].msg.clone()]).pop().unwrap();
        assert_eq!(
            sent.packet.body,
            ToRegion::MeterStatus {
                meter_id: "m-1".to_string(),
                status: MeterStatus::Suspended,
                revision,
            }
        );
    }
}

#[test]
fn standings_and_statuses_of_unknown_consumers_and_meters_are_refused() {
    let mut deps = setup();
    onboard(&mut deps, "south", "alice", "m-1");
    assert_refused(
        &mut deps,
        "registry",
        ExecuteMsg::OwnerStanding {
            consumer: addr("bob").to_string(),
            blocked: true,
        },
        ContractError::UnknownConsumer {
            consumer: addr("bob"),
        },
    );
    assert_refused(
        &mut deps,
        "registry",
        ExecuteMsg::MeterStatus {
            meter_id: "m-9".to_string(),
            status: MeterStatus::Retired,
        },
        ContractError::UnknownMeter {
            meter_id: "m-9".to_string(),
        },
    );
}

/// A blacklisting must not fail because a region is cut off: while the region's channel is
/// closed, its standing is kept unsent, and the operator's retry sends it on the next channel.
#[test]
fn a_standing_for_a_cut_off_region_is_kept_and_retried_on_its_next_channel() {
    let mut deps = setup();
    onboard(&mut deps, "south", "alice", "m-1");
    crate::channel::close(
        deps.as_mut(),
        mock_env(),
        cosmwasm_std::IbcChannelCloseMsg::new_init(region_channel(SOUTH)),
    )
    .unwrap();
    let kept = exec(
        &mut deps,
        "registry",
        ExecuteMsg::OwnerStanding {
            consumer: addr("alice").to_string(),
            blocked: true,
        },
    )
    .unwrap();
    assert!(kept.messages.is_empty(), "nothing can be sent now");
    assert!(
        kept.attributes
            .iter()
            .any(|a| a.key == "held" && a.value == "true")
    );
    let outbox: OutboxResponse<ToRegion> = query(
        &deps,
        QueryMsg::Outbox {
            start_after: Some(1),
            limit: None,
        },
    );
    let [entry] = &outbox.entries[..] else {
        panic!("expected the kept standing, got {outbox:?}");
    };
    assert_eq!((entry.id, &entry.state), (2, &OutboxState::Unsent));

    // No channel yet: the retry is refused and changes nothing.
    assert_refused(
        &mut deps,
        "admin",
        ExecuteMsg::Retry { id: 2 },
        ContractError::RegionUnreachable {
            region: "south".to_string(),
        },
    );
    // The region's next channel opens; the retry sends the standing on it.
    connect(&mut deps, ("south", "connection-1", "channel-5")).unwrap();
    let retried = exec(&mut deps, "admin", ExecuteMsg::Retry { id: 2 }).unwrap();
    let msgs: Vec<_> = retried.messages.iter().map(|m| m.msg.clone()).collect();
    let [sent] = &sent_packets(&msgs)[..] else {
        panic!("expected one packet");
    };
    assert_eq!(sent.channel_id, "channel-5");
    assert_eq!(
        sent.packet.body,
        ToRegion::OwnerStanding {
            consumer: addr("alice").to_string(),
            blocked: true,
            revision: 1
        }
    );
}

#[test]
fn retry_sends_a_refused_packet_again_and_refuses_others() {
    let mut deps = setup();
    let sent = onboard(&mut deps, "north", "alice", "m-1");
    assert_refused(
        &mut deps,
        "admin",
        ExecuteMsg::Retry { id: 1 },
        OutboxError::PacketInFlight { id: 1 }.into(),
    );
    assert_refused(
        &mut deps,
        "admin",
        ExecuteMsg::Retry { id: 9 },
        OutboxError::UnknownPacket { id: 9 }.into(),
    );

    let refusal = cosmwasm_std::IbcAcknowledgement::new(
        StdAck::error("[ledger:region_endpoint.unknown_tariff] no tariff flat").to_binary(),
    );
    let ack =
        cosmwasm_std::testing::mock_ibc_packet_ack("channel-0", &sent.packet, refusal).unwrap();
    acks::packet_ack(deps.as_mut(), mock_env(), ack).unwrap();

    let res = exec(&mut deps, "admin", ExecuteMsg::Retry { id: 1 }).unwrap();
    assert_eq!(res.attributes[0].value, "retry");
    let again = sent_packets(&[res.messages[0].msg.clone()]).pop().unwrap();
    assert_eq!(again.packet, sent.packet);
    let outbox: OutboxResponse<ToRegion> = query(
        &deps,
        QueryMsg::Outbox {
            start_after: None,
            limit: None,
        },
    );
    let OutboxEntry {
        attempts, state, ..
    } = outbox.entries[0].clone();
    assert_eq!((attempts, state), (2, OutboxState::InFlight));
}
