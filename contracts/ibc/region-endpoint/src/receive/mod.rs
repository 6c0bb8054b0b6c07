//! Packets from the main chain. Each handler checks everything before it writes anything, so
//! that a refused packet (answered with a coded error acknowledgement, which the chain does
//! not revert) leaves no trace.

mod new_meter;
pub mod register;
mod standing;

use cosmwasm_std::{
    Addr, Api, DepsMut, Env, IbcPacketReceiveMsg, IbcReceiveResponse, StdResult, from_json,
};
use ledger_contract_kit::ibc::{applied, refused};
use ledger_types::error_code::HasCode;
use ledger_types::region::{Applied, MeterRegistered, Packet, ToRegion};

pub use register::INSTANTIATE_METER_REPLY_ID;

use crate::channel::ensure_bound;
use crate::state::{APPLIED, METERS};
use crate::{ContractError, ContractResult};

/// Applies the packet, or refuses it with an error acknowledgement and no state change.
pub fn receive(deps: DepsMut, env: Env, msg: IbcPacketReceiveMsg) -> StdResult<IbcReceiveResponse> {
    match apply(deps, &env, &msg) {
        Ok(response) => Ok(response),
        Err(error) => {
            let (code, reason) = (error.code(), error.to_string());
            Ok(IbcReceiveResponse::new(refused(error))
                .add_attribute("action", "packet_refused")
                .add_attribute("code", code)
                .add_attribute("reason", reason))
        }
    }
}

fn apply(
    mut deps: DepsMut,
    env: &Env,
    msg: &IbcPacketReceiveMsg,
) -> ContractResult<IbcReceiveResponse> {
    ensure_bound(deps.storage, &msg.packet.dest.channel_id)?;
    let Packet { id, body } = from_json::<Packet<ToRegion>>(&msg.packet.data).map_err(|err| {
        ContractError::BadPacket {
            reason: err.to_string(),
        }
    })?;
    if APPLIED.has(deps.storage, id) {
        return already_applied(deps, id, &body);
    }
    let response = match body {
        ToRegion::RegisterMeter { consumer, meter } => {
            register::register_meter(deps.branch(), env, consumer, meter)?
        }
        ToRegion::OwnerStanding {
            consumer,
            blocked,
            revision,
        } => standing::owner_standing(deps.branch(), consumer, blocked, revision)?,
        ToRegion::MeterStatus {
            meter_id,
            status,
            revision,
        } => standing::meter_status(deps.branch(), meter_id, status, revision)?,
        ToRegion::BillStatus(status) => standing::bill_status(deps.branch(), status)?,
    };
    APPLIED.save(deps.storage, id, &())?;
    Ok(response.add_attribute("packet_id", id.to_string()))
}

/// A packet sent again under an id already applied (the router's operator retried it): the
/// answer it had, without applying it twice.
fn already_applied(deps: DepsMut, id: u64, body: &ToRegion) -> ContractResult<IbcReceiveResponse> {
    let registered = match body {
        ToRegion::RegisterMeter { meter, .. } => METERS.may_load(deps.storage, &meter.meter_id)?,
        _ => None,
    };
    let ack = match registered {
        Some(entry) => applied(&MeterRegistered {
            meter_id: entry.meter_id,
            meter_contract: entry.contract.to_string(),
        })?,
        None => applied(&Applied {})?,
    };
    Ok(IbcReceiveResponse::new(ack)
        .add_attribute("action", "packet_already_applied")
        .add_attribute("packet_id", id.to_string()))
}

/// A consumer named by the main chain, as an address of this chain (both use the same prefix).
fn valid_consumer(api: &dyn Api, consumer: String) -> ContractResult<Addr> {
    api.addr_validate(&consumer)
        .map_err(|err| ContractError::InvalidConsumer {
            consumer,
            reason: err.to_string(),
        })
}
