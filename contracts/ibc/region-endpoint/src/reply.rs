//! The reply to a consumer's first `RegisterMeter`: its new meter contract.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, DepsMut, Reply, Response, from_json};
use ledger_contract_kit::ibc::applied;
use ledger_contract_kit::issuance::{IssueError, issued_token};
use ledger_types::meter::{ExecuteMsg as MeterMsg, NewMeter};

use crate::meters::MeterContract;
use crate::receive::INSTANTIATE_METER_REPLY_ID;
use crate::receive::register::record_meter;
use crate::state::{CONSUMERS, consumer_or_new};
use crate::{ContractError, ContractResult};

/// What the instantiation's submessage carries to its reply (its payload).
#[cw_serde]
pub struct PendingMeter {
    pub consumer: Addr,
    pub meter: NewMeter,
}

/// Records the consumer's contract, adds the meter to it (blocking the consumer first if the
/// main chain already had), and sets the packet's acknowledgement to `MeterRegistered`:
/// wasmd lets a reply's data replace the acknowledgement of the packet being received.
pub fn meter_contract_instantiated(deps: DepsMut, msg: Reply) -> ContractResult {
    let bad = |reason: String| ContractError::BadInstantiateReply { reason };
    let pending: PendingMeter =
        from_json(&msg.payload).map_err(|err| bad(format!("its payload: {err}")))?;
    let contract = issued_token(msg, INSTANTIATE_METER_REPLY_ID).map_err(|error| match error {
        IssueError::UnknownReplyId { id } => ContractError::UnknownReplyId { id },
        IssueError::Std(error) => error.into(),
        IssueError::InstantiationFailed { reason } => bad(reason),
        IssueError::MissingAddress => bad("it names no contract".to_string()),
        IssueError::ParseReply(error) => bad(error.to_string()),
        // The token's own checks, which an instantiation reply never reaches.
        other => bad(format!("{other:?}")),
    })?;
    let contract = deps.api.addr_validate(&contract)?;

    let consumer = pending.consumer;
    let mut standing = consumer_or_new(deps.storage, &consumer)?;
    standing.contract = Some(contract.clone());
    CONSUMERS.save(deps.storage, &consumer, &standing)?;

    let mut response = Response::new()
        .add_attribute("action", "meter_contract_instantiated")
        .add_attribute("consumer", &consumer)
        .add_attribute("meter_contract", &contract)
        .add_attribute("meter_id", &pending.meter.meter_id);
    if standing.blocked {
        let block =
            MeterContract(&contract).execute(&MeterMsg::SetOwnerBlocked { blocked: true })?;
        response = response.add_message(block);
    }
    let (answer, add_meter) = record_meter(deps, &consumer, &contract, pending.meter)?;
    Ok(response.add_message(add_meter).set_data(applied(&answer)?))
}
