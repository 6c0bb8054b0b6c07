//! The regions' answers to the router's packets, and their timeouts. An applied packet leaves
//! the outbox; a refused one stays there, visible, for an operator's retry; a timed-out one is
//! sent again until its attempts run out, then left stuck.

use cosmwasm_std::{
    DepsMut, Env, Event, IbcAcknowledgement, IbcBasicResponse, IbcPacketAckMsg,
    IbcPacketTimeoutMsg, Storage,
};
use ledger_contract_kit::ibc::outbox::packet_id;
use ledger_contract_kit::ibc::{Answer, read_ack};
use ledger_types::region::{Applied, MeterRegistered, ToRegion};
use ledger_types::router::{RouteState, codes};
use serde::de::DeserializeOwned;

use crate::execute::routing::channel_now;
use crate::state::{CONFIG, OUTBOX, ROUTES};
use crate::{ContractError, ContractResult};

pub fn packet_ack(
    deps: DepsMut,
    _env: Env,
    msg: IbcPacketAckMsg,
) -> ContractResult<IbcBasicResponse> {
    let id = our_packet_id(&msg.original_packet.data)?;
    let response = IbcBasicResponse::new()
        .add_attribute("action", "packet_ack")
        .add_attribute("packet_id", id.to_string());
    // A packet no longer waiting was answered before (an acknowledgement is delivered once
    // per sending, and an applied packet is never sent again).
    let Some(entry) = OUTBOX.get(deps.storage, id)? else {
        return Ok(response.add_attribute("outcome", "not_waiting"));
    };
    let ack = &msg.acknowledgement;
    let outcome = match entry.body {
        ToRegion::RegisterMeter { meter, .. } => {
            let answer = answer::<MeterRegistered>(ack).and_then(|registered| {
                if registered.meter_id == meter.meter_id {
                    Ok(registered)
                } else {
                    Err(bad_ack(format!(
                        "it registers meter {}, the packet meter {}",
                        registered.meter_id, meter.meter_id
                    )))
                }
            });
            let state = match &answer {
                Ok(registered) => RouteState::Active {
                    meter_contract: registered.meter_contract.clone(),
                },
                Err((code, message)) => RouteState::Refused {
                    code: code.clone(),
                    message: message.clone(),
                },
            };
            ROUTES.update(deps.storage, &meter.meter_id, |route| match route {
                Some(mut route) => {
                    route.state = state;
                    Ok(route)
                }
                None => Err(ContractError::UnknownMeter {
                    meter_id: meter.meter_id.clone(),
                }),
            })?;
            settle(deps.storage, id, answer.map(|_| ()))?
        }
        ToRegion::OwnerStanding { .. } | ToRegion::MeterStatus { .. } | ToRegion::BillStatus(_) => {
            settle(deps.storage, id, answer::<Applied>(ack).map(|_| ()))?
        }
    };
    Ok(response.add_attributes(outcome))
}

pub fn packet_timeout(
    deps: DepsMut,
    env: Env,
    msg: IbcPacketTimeoutMsg,
) -> ContractResult<IbcBasicResponse> {
    let id = our_packet_id(&msg.packet.data)?;
    let mut delivery = CONFIG.load(deps.storage)?.outbox_delivery();
    // A packet whose channel has closed (IBC times out what was in flight on it) is not sent
    // again on it, which would fail this transaction and leave the timeout undelivered: it is
    // left stuck, and the operator's `Retry` sends it on the region's next channel.
    let channel_id = &msg.packet.src.channel_id;
    let still_open =
        channel_now(deps.storage, channel_id)?.is_some_and(|to| to.channel_id == *channel_id);
    if !still_open {
        delivery.max_attempts = 0;
    }
    let response = IbcBasicResponse::new()
        .add_attribute("action", "packet_timeout")
        .add_attribute("packet_id", id.to_string());
    if let Some(resend) = OUTBOX.timed_out(deps.storage, &env, id, &delivery)? {
        return Ok(response.add_attribute("resent", "true").add_message(resend));
    }
    let Some(entry) = OUTBOX.get(deps.storage, id)? else {
        return Ok(response.add_attribute("resent", "false"));
    };
    // Visible to indexers and operators: nothing more happens until `Retry`.
    let stuck = Event::new("ledger_packet_stuck")
        .add_attribute("packet_id", id.to_string())
        .add_attribute("channel_id", &entry.channel_id)
        .add_attribute("attempts", entry.attempts.to_string());
    Ok(response
        .add_attribute("resent", "false")
        .add_attribute("stuck", "true")
        .add_event(stuck))
}

/// The outbox id of one of our packets, as the chain hands it back.
fn our_packet_id(data: &cosmwasm_std::Binary) -> ContractResult<u64> {
    packet_id(data).map_err(|error| ContractError::BadPacket {
        reason: error.to_string(),
    })
}

/// A region's refusal: its code and message.
type Refusal = (String, String);

/// The region's answer as a `T`; an acknowledgement that is not the protocol's counts as a
/// refusal (`router.bad_ack`), so the packet stays in the outbox for an operator to see.
fn answer<T: DeserializeOwned>(ack: &IbcAcknowledgement) -> Result<T, Refusal> {
    match read_ack::<T>(ack) {
        Ok(Answer::Applied(answer)) => Ok(answer),
        Ok(Answer::Refused { code, message }) => Err((code, message)),
        Err(error) => Err(bad_ack(error.to_string())),
    }
}

fn bad_ack(reason: String) -> Refusal {
    (
        codes::BAD_ACK.to_string(),
        format!("the acknowledgement is not the protocol's: {reason}"),
    )
}

/// Takes an answered packet out of the outbox, or leaves it refused there.
fn settle(
    storage: &mut dyn Storage,
    id: u64,
    answer: Result<(), Refusal>,
) -> ContractResult<Vec<(&'static str, String)>> {
    match answer {
        Ok(()) => {
            OUTBOX.applied(storage, id)?;
            Ok(vec![("outcome", "applied".to_string())])
        }
        Err((code, message)) => {
            OUTBOX.refused(storage, id, code.clone(), message)?;
            Ok(vec![("outcome", "refused".to_string()), ("code", code)])
        }
    }
}
