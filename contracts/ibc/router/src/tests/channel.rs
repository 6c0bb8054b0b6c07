//! The handshake: only the protocol's order and version, only towards a region awaiting a
//! channel; connect binds the channel, close leaves the region unreachable.

use cosmwasm_std::testing::mock_env;
use cosmwasm_std::{IbcChannelCloseMsg, IbcChannelConnectMsg, IbcChannelOpenMsg, IbcOrder};
use ledger_contract_kit::ibc::ChannelError;
use ledger_types::region::PROTOCOL_VERSION;
use ledger_types::router::{QueryMsg, Region, RegionChannel};

use super::fixtures::*;
use crate::{ContractError, channel, ibc};

fn region(deps: &Deps, id: &str) -> Region {
    query(
        deps,
        QueryMsg::Region {
            region: id.to_string(),
        },
    )
}

fn open(deps: &mut Deps, msg: IbcChannelOpenMsg) -> Result<(), ContractError> {
    let before = snapshot(deps);
    let result = channel::open(deps.as_mut(), mock_env(), msg).map(|_| ());
    assert_eq!(snapshot(deps), before, "opening writes nothing");
    result
}

#[test]
fn the_region_s_channel_opens_and_binds() {
    let mut deps = instantiated();
    add_region(&mut deps, NORTH);
    let channel = region_channel(NORTH);
    let init = IbcChannelOpenMsg::new_init(channel.clone());
    let answer = ibc::ibc_channel_open(deps.as_mut(), mock_env(), init).unwrap();
    assert_eq!(answer.unwrap().version, PROTOCOL_VERSION);

    let confirm = IbcChannelConnectMsg::new_confirm(channel);
    let res = ibc::ibc_channel_connect(deps.as_mut(), mock_env(), confirm).unwrap();
    assert_eq!(res.attributes[0].value, "channel_connect");
    assert_eq!(res.attributes[1].value, "north");
    assert_eq!(
        region(&deps, "north").channel,
        RegionChannel::Open {
            channel_id: "channel-0".to_string()
        }
    );
}

#[test]
fn another_order_or_version_is_refused() {
    let mut deps = instantiated();
    add_region(&mut deps, NORTH);
    let mut ordered = region_channel(NORTH);
    ordered.order = IbcOrder::Ordered;
    assert_eq!(
        open(&mut deps, IbcChannelOpenMsg::new_init(ordered)),
        Err(ChannelError::Order {
            expected: IbcOrder::Unordered,
            found: IbcOrder::Ordered
        }
        .into())
    );
    let offered = IbcChannelOpenMsg::new_try(region_channel(NORTH), "ics20-1");
    assert_eq!(
        open(&mut deps, offered),
        Err(ChannelError::Version {
            expected: PROTOCOL_VERSION.to_string(),
            found: "ics20-1".to_string()
        }
        .into())
    );
    // The counterparty answers with another version at OpenAck: nothing is bound.
    let connect = IbcChannelConnectMsg::new_ack(region_channel(NORTH), "ledger-region-2");
    let err = channel::connect(deps.as_mut(), mock_env(), connect).unwrap_err();
    assert!(matches!(
        err,
        ContractError::Channel(ChannelError::Version { .. })
    ));
    assert_eq!(region(&deps, "north").channel, RegionChannel::Awaiting);
    // The wasm entry point carries the code.
    let err = ibc::ibc_channel_open(
        deps.as_mut(),
        mock_env(),
        IbcChannelOpenMsg::new_try(region_channel(NORTH), "v0"),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("[ledger:common.channel_version]")
    );
}

#[test]
fn a_channel_to_no_awaiting_region_is_refused() {
    let mut deps = instantiated();
    add_region(&mut deps, NORTH);
    let unknown = |connection: &str, port: &str| ContractError::UnknownRegionChannel {
        connection_id: connection.to_string(),
        port_id: port.to_string(),
    };
    // Another contract on the region's chain, and the endpoint over another connection.
    let mut stranger = region_channel(NORTH);
    stranger.counterparty_endpoint.port_id = "wasm.forger".to_string();
    assert_eq!(
        open(&mut deps, IbcChannelOpenMsg::new_init(stranger)),
        Err(unknown("connection-0", "wasm.forger"))
    );
    let mut elsewhere = region_channel(NORTH);
    elsewhere.connection_id = "connection-7".to_string();
    assert_eq!(
        open(&mut deps, IbcChannelOpenMsg::new_init(elsewhere)),
        Err(unknown("connection-7", &port("north")))
    );
    // A second channel to a region that has one open.
    connect(&mut deps, NORTH).unwrap();
    let mut second = region_channel(NORTH);
    second.endpoint.channel_id = "channel-4".to_string();
    assert_eq!(
        open(
            &mut deps,
            IbcChannelOpenMsg::new_try(second.clone(), PROTOCOL_VERSION)
        ),
        Err(unknown("connection-0", &port("north")))
    );
    let before = snapshot(&deps);
    let err = channel::connect(
        deps.as_mut(),
        mock_env(),
        IbcChannelConnectMsg::new_confirm(second),
    )
    .unwrap_err();
    assert_eq!(err, unknown("connection-0", &port("north")));
    assert_eq!(snapshot(&deps), before);
}

#[test]
fn a_closed_channel_leaves_the_region_unreachable_until_a_new_one_opens() {
    let mut deps = setup();
    let close = IbcChannelCloseMsg::new_confirm(region_channel(NORTH));
    let res = ibc::ibc_channel_close(deps.as_mut(), mock_env(), close).unwrap();
    assert_eq!(res.attributes[0].value, "channel_close");
    assert_eq!(
        region(&deps, "north").channel,
        RegionChannel::Closed {
            channel_id: "channel-0".to_string()
        }
    );
    assert_refused(
        &mut deps,
        "registry",
        onboard_msg("north", "alice", "m-1"),
        ContractError::RegionUnreachable {
            region: "north".to_string(),
        },
    );
    // A channel never bound closes without changing anything.
    let mut other = region_channel(NORTH);
    other.endpoint.channel_id = "channel-8".to_string();
    let before = snapshot(&deps);
    channel::close(
        deps.as_mut(),
        mock_env(),
        IbcChannelCloseMsg::new_init(other),
    )
    .unwrap();
    assert_eq!(snapshot(&deps), before);

    let mut reopened = region_channel(NORTH);
    reopened.endpoint.channel_id = "channel-9".to_string();
    channel::open(
        deps.as_mut(),
        mock_env(),
        IbcChannelOpenMsg::new_init(reopened.clone()),
    )
    .unwrap();
    channel::connect(
        deps.as_mut(),
        mock_env(),
        IbcChannelConnectMsg::new_confirm(reopened),
    )
    .unwrap();
    assert_eq!(
        onboard(&mut deps, "north", "alice", "m-1").channel_id,
        "channel-9"
    );
}
