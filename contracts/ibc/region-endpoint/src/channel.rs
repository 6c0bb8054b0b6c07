//! The channel to the main chain: which handshake is accepted, the binding (one open channel
//! at a time; after a close, the next one from the same connection and router port replaces
//! it), and sending on it through the outbox.

use cosmwasm_std::{
    DepsMut, Env, IbcBasicResponse, IbcChannel, IbcChannelCloseMsg, IbcChannelConnectMsg,
    IbcChannelOpenMsg, IbcChannelOpenResponse, IbcMsg, Storage,
};
use ledger_contract_kit::ibc::outbox::Delivery;
use ledger_contract_kit::ibc::{check_connect, check_open};
use ledger_types::region::{CHANNEL_ORDER, PROTOCOL_VERSION, ToMain};
use ledger_types::region_endpoint::ChannelInfo;

use crate::state::{CHANNEL, CONFIG, Config, OUTBOX};
use crate::{ContractError, ContractResult};

/// `OpenInit` or `OpenTry`: the protocol's order and version, on the main chain's connection,
/// to the router's port, while no channel is bound.
pub fn open(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelOpenMsg,
) -> ContractResult<IbcChannelOpenResponse> {
    let answer = check_open(&msg, PROTOCOL_VERSION, CHANNEL_ORDER)?;
    check_endpoints(deps.storage, msg.channel())?;
    Ok(answer)
}

/// `OpenAck` or `OpenConfirm`: checked again (either end may have changed its offer), then
/// bound; a second channel that raced through `open` is refused here.
pub fn connect(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelConnectMsg,
) -> ContractResult<IbcBasicResponse> {
    let channel = check_connect(&msg, PROTOCOL_VERSION, CHANNEL_ORDER)?;
    check_endpoints(deps.storage, channel)?;
    let bound = ChannelInfo {
        channel_id: channel.endpoint.channel_id.clone(),
        connection_id: channel.connection_id.clone(),
        counterparty_port: channel.counterparty_endpoint.port_id.clone(),
        counterparty_channel: channel.counterparty_endpoint.channel_id.clone(),
        closed: false,
    };
    CHANNEL.save(deps.storage, &bound)?;
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "channel_connect")
        .add_attribute("channel_id", bound.channel_id)
        .add_attribute("counterparty_port", bound.counterparty_port)
        .add_attribute("counterparty_channel", bound.counterparty_channel))
}

/// Either end closed the channel: it is kept as closed (packets in flight time out and are
/// left stuck, nothing is sent on it any more) until the next channel to the router replaces it.
pub fn close(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelCloseMsg,
) -> ContractResult<IbcBasicResponse> {
    let channel_id = &msg.channel().endpoint.channel_id;
    let response = IbcBasicResponse::new()
        .add_attribute("action", "channel_close")
        .add_attribute("channel_id", channel_id);
    match CHANNEL.may_load(deps.storage)? {
        Some(mut bound) if bound.channel_id == *channel_id => {
            bound.closed = true;
            CHANNEL.save(deps.storage, &bound)?;
            Ok(response.add_attribute("bound", "true"))
        }
        // A channel whose handshake this contract refused, closing on the other side.
        _ => Ok(response.add_attribute("bound", "false")),
    }
}

fn check_endpoints(storage: &dyn Storage, channel: &IbcChannel) -> ContractResult<()> {
    let refuse = |reason: String| ContractError::UnknownChannel {
        channel_id: channel.endpoint.channel_id.clone(),
        reason,
    };
    if let Some(bound) = CHANNEL.may_load(storage)?.filter(|bound| !bound.closed) {
        return Err(refuse(format!(
            "this endpoint is bound to the open channel {} already",
            bound.channel_id
        )));
    }
    let config = CONFIG.load(storage)?;
    if channel.connection_id != config.main_connection_id {
        return Err(refuse(format!(
            "it is on connection {}, not on the main chain's {}",
            channel.connection_id, config.main_connection_id
        )));
    }
    if channel.counterparty_endpoint.port_id != config.router_port {
        return Err(refuse(format!(
            "it leads to port {}, not to the router's {}",
            channel.counterparty_endpoint.port_id, config.router_port
        )));
    }
    Ok(())
}

/// The bound channel, if a packet from the main chain arrived on it.
pub fn ensure_bound(storage: &dyn Storage, channel_id: &str) -> ContractResult<()> {
    match CHANNEL.may_load(storage)? {
        Some(bound) if bound.channel_id == channel_id && !bound.closed => Ok(()),
        _ => Err(ContractError::UnknownChannel {
            channel_id: channel_id.to_string(),
            reason: "it is not this endpoint's open channel to the main chain".to_string(),
        }),
    }
}

/// Whether the bound channel is open, so that a packet may go out on it.
pub fn is_open(storage: &dyn Storage) -> ContractResult<bool> {
    Ok(CHANNEL
        .may_load(storage)?
        .is_some_and(|channel| !channel.closed))
}

/// How the outbox delivers, from the configuration.
pub fn delivery(config: &Config) -> Delivery {
    Delivery {
        timeout_seconds: config.delivery.timeout_seconds,
        max_attempts: config.delivery.max_attempts,
    }
}

/// The id of the open channel to the main chain; `NoChannel` when there is none.
pub fn open_channel_id(storage: &dyn Storage) -> ContractResult<String> {
    CHANNEL
        .may_load(storage)?
        .filter(|channel| !channel.closed)
        .map(|channel| channel.channel_id)
        .ok_or(ContractError::NoChannel {})
}

/// Keeps `body` in the outbox and returns its id and the packet carrying it to the main chain;
/// no packet while there is no open channel: the body waits `Unsent` for the operator's
/// `Retry` on the next channel, so that a meter contract can still close its periods.
pub fn send_to_main(
    storage: &mut dyn Storage,
    env: &Env,
    body: ToMain,
) -> ContractResult<(u64, Option<IbcMsg>)> {
    let Some(bound) = CHANNEL.may_load(storage)? else {
        return Ok((OUTBOX.keep(storage, env, "", body)?, None));
    };
    if bound.closed {
        return Ok((OUTBOX.keep(storage, env, &bound.channel_id, body)?, None));
    }
    let config = CONFIG.load(storage)?;
    let (id, packet) = OUTBOX.send(storage, env, &bound.channel_id, body, &delivery(&config))?;
    Ok((id, Some(packet)))
}
