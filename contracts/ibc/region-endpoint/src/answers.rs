//! The main chain's answers to the endpoint's packets: an acknowledgement (applied, with a
//! bill's confirmation, or refused with a code) or a timeout (sent again, or left stuck).

use cosmwasm_std::{
    DepsMut, Env, Event, IbcAcknowledgement, IbcBasicResponse, IbcPacketAckMsg, IbcPacketTimeoutMsg,
};
use ledger_contract_kit::ibc::outbox::packet_id;
use ledger_contract_kit::ibc::{Answer, read_ack};
use ledger_types::error_code::HasCode;
use ledger_types::region::{Applied, BillConfirmed, ToMain};

use crate::channel::{delivery, is_open};
use crate::state::{BILLS, CONFIG, OUTBOX};
use crate::{ContractError, ContractResult};

/// What an acknowledgement says of a packet.
enum Outcome {
    Applied,
    Confirmed(BillConfirmed),
    Refused { code: String, message: String },
}

pub fn acknowledged(
    deps: DepsMut,
    _env: Env,
    msg: IbcPacketAckMsg,
) -> ContractResult<IbcBasicResponse> {
    let id = packet_id(&msg.original_packet.data)?;
    let Some(entry) = OUTBOX.get(deps.storage, id)? else {
        return Ok(not_waiting("packet_ack", id));
    };
    let response = IbcBasicResponse::new().add_attribute("packet_id", id.to_string());
    match outcome(id, &entry.body, &msg.acknowledgement) {
        Outcome::Applied => {
            OUTBOX.applied(deps.storage, id)?;
            Ok(response.add_attribute("action", "packet_applied"))
        }
        Outcome::Confirmed(confirmed) => {
            let key = (confirmed.meter_id.as_str(), confirmed.period);
            if let Some(mut bill) = BILLS.may_load(deps.storage, key)? {
                bill.confirmed = Some(confirmed.confirmed);
                BILLS.save(deps.storage, key, &bill)?;
            }
            OUTBOX.applied(deps.storage, id)?;
            Ok(response
                .add_attribute("action", "bill_confirmed")
                .add_attribute("meter_id", &confirmed.meter_id)
                .add_attribute("period", confirmed.period.to_string())
                .add_attribute("confirmed_height", confirmed.confirmed.height.to_string()))
        }
        Outcome::Refused { code, message } => {
            OUTBOX.refused(deps.storage, id, code.clone(), message.clone())?;
            let event = Event::new("packet_refused")
                .add_attribute("packet_id", id.to_string())
                .add_attribute("code", &code)
                .add_attribute("message", message);
            Ok(response
                .add_attribute("action", "packet_refused")
                .add_attribute("code", code)
                .add_event(event))
        }
    }
}

/// Reads the acknowledgement as the answer the packet's body expects. One the endpoint cannot
/// read, or a bill's confirmation of another bill, leaves the packet refused, visibly, rather
/// than failing the relayer's transaction, which would only be submitted again.
fn outcome(id: u64, body: &ToMain, ack: &IbcAcknowledgement) -> Outcome {
    let read = match body {
        ToMain::Advances(_) => {
            read_ack::<Applied>(ack).map(|answer| settle(answer, |_| Outcome::Applied))
        }
        ToMain::Bill(bill) => read_ack::<BillConfirmed>(ack).map(|answer| {
            settle(answer, |confirmed| {
                let notice = &bill.notice;
                if confirmed.meter_id == notice.meter_id && confirmed.period == notice.period {
                    Outcome::Confirmed(confirmed)
                } else {
                    bad_ack(
                        id,
                        format!(
                            "it confirms period {} of meter {}, not the bill sent",
                            confirmed.period, confirmed.meter_id
                        ),
                    )
                }
            })
        }),
    };
    read.unwrap_or_else(|err| bad_ack(id, err.to_string()))
}

fn settle<T>(answer: Answer<T>, applied: impl FnOnce(T) -> Outcome) -> Outcome {
    match answer {
        Answer::Applied(value) => applied(value),
        Answer::Refused { code, message } => Outcome::Refused { code, message },
    }
}

fn bad_ack(packet_id: u64, reason: String) -> Outcome {
    let error = ContractError::BadAck { packet_id, reason };
    Outcome::Refused {
        code: error.code().to_string(),
        message: error.to_string(),
    }
}

/// The packet was not received in time: sent again under its id, or left stuck once it has
/// been sent as often as the delivery settings allow, or at once when the channel is closed
/// (nothing can be sent on it; the operator retries once a channel is open again).
pub fn timed_out(
    deps: DepsMut,
    env: Env,
    msg: IbcPacketTimeoutMsg,
) -> ContractResult<IbcBasicResponse> {
    let id = packet_id(&msg.packet.data)?;
    if OUTBOX.get(deps.storage, id)?.is_none() {
        return Ok(not_waiting("packet_timeout", id));
    }
    let mut settings = delivery(&CONFIG.load(deps.storage)?);
    if !is_open(deps.storage)? {
        settings.max_attempts = 0;
    }
    let response = IbcBasicResponse::new().add_attribute("packet_id", id.to_string());
    match OUTBOX.timed_out(deps.storage, &env, id, &settings)? {
        Some(resend) => Ok(response
            .add_attribute("action", "packet_resent")
            .add_message(resend)),
        None => {
            let attempts = OUTBOX
                .get(deps.storage, id)?
                .map_or(0, |entry| entry.attempts);
            let event = Event::new("packet_stuck")
                .add_attribute("packet_id", id.to_string())
                .add_attribute("attempts", attempts.to_string());
            Ok(response
                .add_attribute("action", "packet_stuck")
                .add_attribute("attempts", attempts.to_string())
                .add_event(event))
        }
    }
}

/// An answer to a packet no longer waiting (already answered): nothing to do.
fn not_waiting(action: &str, id: u64) -> IbcBasicResponse {
    IbcBasicResponse::new()
        .add_attribute("action", action)
        .add_attribute("packet_id", id.to_string())
        .add_attribute("waiting", "false")
}
