//! The handshake: only the protocol's channel, on the main chain's connection, to the router,
//! once; closing it.

use cosmwasm_std::testing::mock_env;
use cosmwasm_std::{IbcChannelCloseMsg, IbcOrder};
use ledger_contract_kit::ibc::ChannelError;
use ledger_types::error_code::{Coded, HasCode};
use ledger_types::region::{CHANNEL_ORDER, OutboxState, PROTOCOL_VERSION};
use ledger_types::region_endpoint::{ChannelInfo, ChannelResponse, ExecuteMsg, QueryMsg};

use super::helpers::*;
use crate::ContractError;
use crate::ibc::{ibc_channel_close, ibc_channel_connect, ibc_channel_open};

fn unknown(channel_id: &str, reason: &str) -> Coded<ContractError> {
    Coded(ContractError::UnknownChannel {
        channel_id: channel_id.to_string(),
        reason: reason.to_string(),
    })
}

#[test]
fn the_router_s_channel_opens_and_is_bound_at_connect() {
    let mut deps = setup();
    let channel = router_channel(CHANNEL, CHANNEL_ORDER, PROTOCOL_VERSION);
    let answer = ibc_channel_open(deps.as_mut(), mock_env(), open_try(channel.clone())).unwrap();
    assert_eq!(answer.unwrap().version, PROTOCOL_VERSION);
    // Open binds nothing yet: the handshake may still fail.
    let none: ChannelResponse = ask(&deps, QueryMsg::Channel {});
    assert_eq!(none.channel, None);

    let res = ibc_channel_connect(deps.as_mut(), mock_env(), connect_ack(channel)).unwrap();
    assert_eq!(res.attributes[0].value, "channel_connect");
    let bound: ChannelResponse = ask(&deps, QueryMsg::Channel {});
    assert_eq!(
        bound.channel,
        Some(ChannelInfo {
            channel_id: CHANNEL.to_string(),
            connection_id: CONNECTION.to_string(),
            counterparty_port: ROUTER_PORT.to_string(),
            counterparty_channel: "channel-7".to_string(),
            closed: false,
        })
    );
}

#[test]
fn another_version_or_order_is_refused() {
    let mut deps = setup();
    let before = snapshot(&deps);
    let wrong_version = router_channel(CHANNEL, CHANNEL_ORDER, "ics20-1");
    let err = ibc_channel_open(deps.as_mut(), mock_env(), open_try(wrong_version)).unwrap_err();
    assert_eq!(err.0.code(), "common.channel_version");
    let ordered = router_channel(CHANNEL, IbcOrder::Ordered, PROTOCOL_VERSION);
    let err = ibc_channel_open(deps.as_mut(), mock_env(), open_try(ordered.clone())).unwrap_err();
    assert_eq!(
        err.0,
        ContractError::Channel(ChannelError::Order {
            expected: IbcOrder::Unordered,
            found: IbcOrder::Ordered
        })
    );
    let err = ibc_channel_connect(deps.as_mut(), mock_env(), connect_ack(ordered)).unwrap_err();
    assert_eq!(err.0.code(), "common.channel_order");
    assert_eq!(snapshot(&deps), before);
}

#[test]
fn a_channel_elsewhere_than_to_the_router_is_refused() {
    let mut deps = setup();
    let before = snapshot(&deps);
    let mut other_connection = router_channel(CHANNEL, CHANNEL_ORDER, PROTOCOL_VERSION);
    other_connection.connection_id = "connection-9".to_string();
    assert_eq!(
        ibc_channel_open(deps.as_mut(), mock_env(), open_try(other_connection)).unwrap_err(),
        unknown(
            CHANNEL,
            "it is on connection connection-9, not on the main chain's connection-2"
        )
    );
    let mut other_port = router_channel(CHANNEL, CHANNEL_ORDER, PROTOCOL_VERSION);
    other_port.counterparty_endpoint.port_id = "transfer".to_string();
    let err = ibc_channel_connect(deps.as_mut(), mock_env(), connect_ack(other_port)).unwrap_err();
    assert_eq!(
        err,
        unknown(
            CHANNEL,
            "it leads to port transfer, not to the router's wasm.router"
        )
    );
    assert_eq!(err.0.code(), "region_endpoint.unknown_channel");
    assert_eq!(snapshot(&deps), before);
}

#[test]
fn one_open_channel_is_bound_and_a_closed_one_is_replaced() {
    let mut deps = connected();
    let second = router_channel("channel-1", CHANNEL_ORDER, PROTOCOL_VERSION);
    let reason = "this endpoint is bound to the open channel channel-0 already";
    assert_eq!(
        ibc_channel_open(deps.as_mut(), mock_env(), open_try(second.clone())).unwrap_err(),
        unknown("channel-1", reason)
    );
    assert_eq!(
        ibc_channel_connect(deps.as_mut(), mock_env(), connect_ack(second)).unwrap_err(),
        unknown("channel-1", reason)
    );
    // Once the bound one closed, the next channel to the router replaces it.
    let bound = router_channel(CHANNEL, CHANNEL_ORDER, PROTOCOL_VERSION);
    ibc_channel_close(
        deps.as_mut(),
        mock_env(),
        IbcChannelCloseMsg::new_init(bound),
    )
    .unwrap();
    let third = router_channel("channel-2", CHANNEL_ORDER, PROTOCOL_VERSION);
    ibc_channel_open(deps.as_mut(), mock_env(), open_try(third.clone())).unwrap();
    ibc_channel_connect(deps.as_mut(), mock_env(), connect_ack(third)).unwrap();
    let now: ChannelResponse = ask(&deps, QueryMsg::Channel {});
    let now = now.channel.unwrap();
    assert_eq!((now.channel_id.as_str(), now.closed), ("channel-2", false));
}

#[test]
fn a_closed_channel_is_recorded_and_nothing_goes_out_on_it() {
    let mut deps = onboarded();
    // Another channel closing (one this endpoint refused) changes nothing.
    let stray = router_channel("channel-5", CHANNEL_ORDER, PROTOCOL_VERSION);
    let res = ibc_channel_close(
        deps.as_mut(),
        mock_env(),
        IbcChannelCloseMsg::new_confirm(stray),
    )
    .unwrap();
    assert_eq!(res.attributes[2].value, "false");

    let bound = router_channel(CHANNEL, CHANNEL_ORDER, PROTOCOL_VERSION);
    let res = ibc_channel_close(
        deps.as_mut(),
        mock_env(),
        IbcChannelCloseMsg::new_init(bound),
    )
    .unwrap();
    assert_eq!(res.attributes[0].value, "channel_close");
    let closed: ChannelResponse = ask(&deps, QueryMsg::Channel {});
    assert!(closed.channel.unwrap().closed);

    // What the meters send meanwhile waits unsent (a period can still be closed) ...
    let res = exec(
        &mut deps,
        &alice_meters(),
        ExecuteMsg::ScheduleAdvances(advances()),
    )
    .unwrap();
    assert!(res.messages.is_empty());
    assert!(
        res.attributes
            .iter()
            .any(|a| a.key == "held" && a.value == "true")
    );
    let waiting = outbox(&deps).entries.pop().unwrap();
    assert_eq!(waiting.state, OutboxState::Unsent);
    // ... and is refused a retry until a channel is open again.
    let before = snapshot(&deps);
    let err = exec(
        &mut deps,
        &addr("operator"),
        ExecuteMsg::Retry { id: waiting.id },
    )
    .unwrap_err();
    assert_eq!(err, ContractError::NoChannel {});
    assert_eq!(snapshot(&deps), before);
    // A packet still arriving on it is refused.
    let res = receive(&mut deps, 9, register("bob", "m-2"));
    assert_eq!(refused_code(&res), "region_endpoint.unknown_channel");
    assert_eq!(snapshot(&deps), before);
}
