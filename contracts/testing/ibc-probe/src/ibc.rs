//! The IBC entry points: the region protocol's handshake, and every answer recorded.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    DepsMut, Env, IbcBasicResponse, IbcChannelCloseMsg, IbcChannelConnectMsg, IbcChannelOpenMsg,
    IbcChannelOpenResponse, IbcPacket, IbcPacketAckMsg, IbcPacketReceiveMsg, IbcPacketTimeoutMsg,
    IbcReceiveResponse, StdAck, StdResult, Storage, from_json,
};
use ledger_contract_kit::ibc::{check_connect, check_open};
use ledger_types::error_code::code_in;
use ledger_types::region::{CHANNEL_ORDER, PROTOCOL_VERSION};

use crate::ProbeError;
use crate::msg::{Answer, Outcome};
use crate::state::{ANSWERS, LAST_ANSWER};

/// Opens any channel of the protocol's version and order, whoever is at the other end: which
/// channel may open is the router's decision, and that is what the tests look at.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_open(
    _deps: DepsMut,
    _env: Env,
    msg: IbcChannelOpenMsg,
) -> Result<IbcChannelOpenResponse, ProbeError> {
    Ok(check_open(&msg, PROTOCOL_VERSION, CHANNEL_ORDER)?)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_connect(
    _deps: DepsMut,
    _env: Env,
    msg: IbcChannelConnectMsg,
) -> Result<IbcBasicResponse, ProbeError> {
    let channel = check_connect(&msg, PROTOCOL_VERSION, CHANNEL_ORDER)?;
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "channel_connect")
        .add_attribute("channel_id", &channel.endpoint.channel_id))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_close(
    _deps: DepsMut,
    _env: Env,
    msg: IbcChannelCloseMsg,
) -> Result<IbcBasicResponse, ProbeError> {
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "channel_close")
        .add_attribute("channel_id", &msg.channel().endpoint.channel_id))
}

/// The probe only sends; a packet sent to it is refused, so that nothing at the other end
/// could take its silence for an application.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_receive(
    _deps: DepsMut,
    _env: Env,
    msg: IbcPacketReceiveMsg,
) -> Result<IbcReceiveResponse, ProbeError> {
    let ack = StdAck::error("the IBC probe is a test instrument and applies no packets");
    Ok(IbcReceiveResponse::new(ack.to_binary())
        .add_attribute("action", "receive_refused")
        .add_attribute("channel_id", &msg.packet.dest.channel_id))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_ack(
    deps: DepsMut,
    _env: Env,
    msg: IbcPacketAckMsg,
) -> Result<IbcBasicResponse, ProbeError> {
    let outcome = read_ack(&msg.acknowledgement.data);
    let id = record(deps.storage, msg.original_packet, outcome)?;
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "packet_ack")
        .add_attribute("answer_id", id.to_string()))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_timeout(
    deps: DepsMut,
    _env: Env,
    msg: IbcPacketTimeoutMsg,
) -> Result<IbcBasicResponse, ProbeError> {
    let id = record(deps.storage, msg.packet, Outcome::TimedOut {})?;
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "packet_timeout")
        .add_attribute("answer_id", id.to_string()))
}

/// An acknowledgement as the probe records it: never an error, since refusing it would only
/// hide what the other end answered.
pub fn read_ack(data: &[u8]) -> Outcome {
    match from_json::<StdAck>(data) {
        Ok(StdAck::Success(data)) => Outcome::Applied { data },
        Ok(StdAck::Error(text)) => Outcome::Refused {
            code: code_in(&text).map(str::to_string),
            text,
        },
        Err(_) => Outcome::Unreadable {
            ack: data.to_vec().into(),
        },
    }
}

fn record(storage: &mut dyn Storage, packet: IbcPacket, outcome: Outcome) -> StdResult<u64> {
    let id = LAST_ANSWER.may_load(storage)?.unwrap_or(0) + 1;
    LAST_ANSWER.save(storage, &id)?;
    let answer = Answer {
        id,
        channel_id: packet.src.channel_id,
        sequence: packet.sequence,
        data: packet.data,
        outcome,
    };
    ANSWERS.save(storage, id, &answer)?;
    Ok(id)
}
