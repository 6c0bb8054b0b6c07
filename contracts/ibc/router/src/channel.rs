//! The channel handshake and close. A channel opens only in the protocol's order and version
//! and only towards a region the administrator added (its connection and endpoint port) that
//! has no open channel, so a stranger's contract cannot open one and forge bills.

use cosmwasm_std::{
    DepsMut, Env, IbcBasicResponse, IbcChannel, IbcChannelCloseMsg, IbcChannelConnectMsg,
    IbcChannelOpenMsg, IbcChannelOpenResponse, Storage,
};
use ledger_contract_kit::ibc::{check_connect, check_open};
use ledger_types::region::{CHANNEL_ORDER, PROTOCOL_VERSION};
use ledger_types::router::{Region, RegionChannel};

use crate::state::{CHANNELS, ENDPOINTS, REGIONS};
use crate::{ContractError, ContractResult};

pub fn open(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelOpenMsg,
) -> ContractResult<IbcChannelOpenResponse> {
    let response = check_open(&msg, PROTOCOL_VERSION, CHANNEL_ORDER)?;
    awaiting_region(deps.storage, msg.channel())?;
    Ok(response)
}

pub fn connect(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelConnectMsg,
) -> ContractResult<IbcBasicResponse> {
    let channel = check_connect(&msg, PROTOCOL_VERSION, CHANNEL_ORDER)?;
    // Checked again: two handshakes towards one region may both have passed `open`.
    let mut region = awaiting_region(deps.storage, channel)?;
    let channel_id = channel.endpoint.channel_id.clone();
    region.channel = RegionChannel::Open {
        channel_id: channel_id.clone(),
    };
    REGIONS.save(deps.storage, &region.region, &region)?;
    CHANNELS.save(deps.storage, &channel_id, &region.region)?;
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "channel_connect")
        .add_attribute("region", region.region)
        .add_attribute("channel_id", channel_id))
}

/// A closed channel is an operator's decision (an unordered channel never closes by itself):
/// the region is marked unreachable, so new registrations are refused until a new channel
/// opens, and packets already sent end in their timeouts.
pub fn close(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelCloseMsg,
) -> ContractResult<IbcBasicResponse> {
    let channel_id = msg.channel().endpoint.channel_id.clone();
    let response = IbcBasicResponse::new()
        .add_attribute("action", "channel_close")
        .add_attribute("channel_id", &channel_id);
    let Some(region_id) = CHANNELS.may_load(deps.storage, &channel_id)? else {
        return Ok(response);
    };
    let mut region = REGIONS.load(deps.storage, &region_id)?;
    if region.channel
        == (RegionChannel::Open {
            channel_id: channel_id.clone(),
        })
    {
        region.channel = RegionChannel::Closed { channel_id };
        REGIONS.save(deps.storage, &region_id, &region)?;
    }
    Ok(response.add_attribute("region", region_id))
}

/// The region the channel's connection and counterparty port reach, if it has no open channel.
fn awaiting_region(storage: &dyn Storage, channel: &IbcChannel) -> ContractResult<Region> {
    let connection_id = &channel.connection_id;
    let port_id = &channel.counterparty_endpoint.port_id;
    let region = match ENDPOINTS.may_load(storage, (connection_id, port_id))? {
        Some(id) => REGIONS.may_load(storage, &id)?,
        None => None,
    };
    match region {
        Some(region) if !matches!(region.channel, RegionChannel::Open { .. }) => Ok(region),
        _ => Err(ContractError::UnknownRegionChannel {
            connection_id: connection_id.clone(),
            port_id: port_id.clone(),
        }),
    }
}
