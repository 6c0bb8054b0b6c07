//! Packets from the regions: advances and bills, handed to the bank as submessages whose
//! replies write the acknowledgement (wasmd lets a reply's data replace it), so that the
//! bank's refusal reaches the region as an error acknowledgement and its success as the
//! confirmation. A refused packet writes nothing.

use cosmwasm_std::{
    Binary, DepsMut, Env, IbcPacket, IbcPacketReceiveMsg, IbcReceiveResponse, Reply, Response,
    SubMsg, SubMsgResult, WasmMsg, from_json, to_json_binary,
};
use ledger_contract_kit::ibc::{applied, error_ack, refused};
use ledger_types::bank::ExecuteMsg as BankMsg;
use ledger_types::error_code::{HasCode, code_in};
use ledger_types::region::{Applied, BillConfirmed, ChainPoint, Packet, ToMain};
use ledger_types::router::{Confirmation, RouteState};

use crate::state::{
    CHANNELS, CONFIG, CONFIRMATIONS, CONFIRMED_BY_REGION, PENDING_PACKET, PendingBill,
    PendingPacket, ROUTES,
};
use crate::{ContractError, ContractResult};

/// Reply id of the bank's submessage for a received packet.
pub const BANK_REPLY_ID: u64 = 1;

/// Length of a hex SHA-256 digest.
const DIGEST_LEN: usize = 64;

pub fn packet_receive(
    deps: DepsMut,
    _env: Env,
    msg: IbcPacketReceiveMsg,
) -> ContractResult<IbcReceiveResponse> {
    let channel_id = msg.packet.dest.channel_id.clone();
    // Every check comes before the first write, so a refusal leaves nothing behind.
    receive(deps, &msg.packet).or_else(|error| {
        let code = error.code();
        Ok(IbcReceiveResponse::new(refused(error))
            .add_attribute("action", "receive_refused")
            .add_attribute("channel_id", channel_id)
            .add_attribute("code", code))
    })
}

fn receive(deps: DepsMut, packet: &IbcPacket) -> ContractResult<IbcReceiveResponse> {
    let channel_id = &packet.dest.channel_id;
    let Some(region) = CHANNELS.may_load(deps.storage, channel_id)? else {
        return Err(ContractError::UnknownChannel {
            channel_id: channel_id.clone(),
        });
    };
    let packet: Packet<ToMain> =
        from_json(&packet.data).map_err(|error| ContractError::BadPacket {
            reason: error.to_string(),
        })?;
    let (pending, call) = pending_call(region, packet.body)?;
    ensure_routed_from(deps.storage, &pending.meter_id, &pending.region)?;
    let attributes = [
        ("region", pending.region.clone()),
        ("packet_id", packet.id.to_string()),
        ("meter_id", pending.meter_id.clone()),
        ("period", pending.period.to_string()),
    ];

    if pending.bill.is_some() {
        let key = (pending.meter_id.as_str(), pending.period);
        if let Some(confirmation) = CONFIRMATIONS.may_load(deps.storage, key)? {
            // The bank has this bill already: answer as then, never record it twice.
            let ack = bill_confirmed(&pending, confirmation.confirmed)?;
            return Ok(IbcReceiveResponse::new(ack)
                .add_attribute("action", "receive_bill")
                .add_attributes(attributes)
                .add_attribute("already_confirmed", "true"));
        }
    }

    let action = match pending.bill {
        Some(_) => "receive_bill",
        None => "receive_advances",
    };
    let bank = CONFIG.load(deps.storage)?.bank;
    let call = WasmMsg::Execute {
        contract_addr: bank.to_string(),
        msg: to_json_binary(&call)?,
        funds: vec![],
    };
    // The only write, after every check: what the reply needs to answer the packet.
    PENDING_PACKET.save(deps.storage, &pending)?;
    // The reply always runs and replaces this acknowledgement with the bank's answer; it is
    // an error only so that a reply that did not run could never pass for an applied packet.
    Ok(
        IbcReceiveResponse::new(refused(ContractError::NoPendingPacket {}))
            .add_attribute("action", action)
            .add_attributes(attributes)
            .add_submessage(SubMsg::reply_always(call, BANK_REPLY_ID)),
    )
}

/// What the reply will need to answer the packet, and the bank's message for it.
fn pending_call(region: String, body: ToMain) -> ContractResult<(PendingPacket, BankMsg)> {
    match body {
        ToMain::Advances(notice) => {
            let pending = PendingPacket {
                region,
                meter_id: notice.meter_id.clone(),
                period: notice.period,
                bill: None,
            };
            Ok((pending, BankMsg::ScheduleAdvances(notice)))
        }
        ToMain::Bill(bill) => {
            let notice = &bill.notice;
            if bill.bill.meter_id != notice.meter_id || bill.bill.period != notice.period {
                return Err(ContractError::BadPacket {
                    reason: format!(
                        "the bill is meter {} period {}, its notice meter {} period {}",
                        bill.bill.meter_id, bill.bill.period, notice.meter_id, notice.period
                    ),
                });
            }
            let digest = &bill.readings_digest;
            if digest.len() != DIGEST_LEN || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(ContractError::BadPacket {
                    reason: format!("readings digest {digest:?} is not {DIGEST_LEN} hex digits"),
                });
            }
            let pending = PendingPacket {
                region,
                meter_id: notice.meter_id.clone(),
                period: notice.period,
                bill: Some(PendingBill {
                    readings_digest: digest.clone(),
                    total: notice.total,
                }),
            };
            Ok((pending, BankMsg::RecordBill(bill.notice)))
        }
    }
}

/// Refuses a packet about a meter the router did not send to `region`: a forged bill from
/// another region, or one about a meter nobody registered. A route still pending counts: the
/// region knows the meter only from our registration, and its advances may overtake the
/// registration's acknowledgement.
fn ensure_routed_from(
    storage: &dyn cosmwasm_std::Storage,
    meter_id: &str,
    region: &str,
) -> ContractResult<()> {
    let routed = ROUTES.may_load(storage, meter_id)?.is_some_and(|route| {
        route.region == region && !matches!(route.state, RouteState::Refused { .. })
    });
    if routed {
        Ok(())
    } else {
        Err(ContractError::ForeignMeter {
            meter_id: meter_id.to_string(),
            region: region.to_string(),
        })
    }
}

/// The bank's answer to a received packet: the acknowledgement, and for a bill the
/// confirmation kept for the region's period.
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> ContractResult {
    if msg.id != BANK_REPLY_ID {
        return Err(ContractError::UnknownReplyId { id: msg.id });
    }
    let Some(pending) = PENDING_PACKET.may_load(deps.storage)? else {
        return Err(ContractError::NoPendingPacket {});
    };
    PENDING_PACKET.remove(deps.storage);
    let response = Response::new()
        .add_attribute("action", "bank_answered")
        .add_attribute("region", &pending.region)
        .add_attribute("meter_id", &pending.meter_id)
        .add_attribute("period", pending.period.to_string());

    if let SubMsgResult::Err(text) = msg.result {
        // The bank's writes are undone with its submessage; nothing of ours is written.
        let ack = bank_refusal(text);
        return Ok(response.add_attribute("outcome", "refused").set_data(ack));
    }
    let Some(bill) = &pending.bill else {
        return Ok(response
            .add_attribute("outcome", "applied")
            .set_data(applied(&Applied {})?));
    };
    let confirmed = ChainPoint {
        height: env.block.height,
        time: env.block.time.seconds(),
    };
    let confirmation = Confirmation {
        region: pending.region.clone(),
        readings_digest: bill.readings_digest.clone(),
        total: bill.total,
        confirmed,
    };
    let meter_id = pending.meter_id.as_str();
    CONFIRMATIONS.save(deps.storage, (meter_id, pending.period), &confirmation)?;
    CONFIRMED_BY_REGION.save(
        deps.storage,
        (&pending.region, pending.period, meter_id),
        &(),
    )?;
    Ok(response
        .add_attribute("outcome", "confirmed")
        .add_attribute("readings_digest", &bill.readings_digest)
        .add_attribute("confirmed_height", confirmed.height.to_string())
        .set_data(bill_confirmed(&pending, confirmed)?))
}

fn bill_confirmed(pending: &PendingPacket, confirmed: ChainPoint) -> ContractResult<Binary> {
    Ok(applied(&BillConfirmed {
        meter_id: pending.meter_id.clone(),
        period: pending.period,
        confirmed,
    })?)
}

/// The error acknowledgement for the bank's refusal: its own coded text when the chain let
/// it through, else ours around what the chain left of it (wasmd redacts a submessage's error
/// to its code space and number).
fn bank_refusal(text: String) -> Binary {
    if code_in(&text).is_some() {
        error_ack(text)
    } else {
        refused(ContractError::BankRefused { reason: text })
    }
}
