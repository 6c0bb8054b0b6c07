//! `RegisterMeter`: a meter for a consumer of this region, added to the consumer's meter
//! contract, which the consumer's first meter instantiates (the registration then finishes in
//! the instantiation's reply, [`meter_contract_instantiated`]).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    Addr, DepsMut, Env, IbcReceiveResponse, Reply, Response, SubMsg, WasmMsg, from_json,
    to_json_binary,
};
use ledger_contract_kit::adapters::Tariff;
use ledger_contract_kit::ibc::applied;
use ledger_contract_kit::issuance::{IssueError, issued_token};
use ledger_types::meter::{self, ExecuteMsg as MeterMsg, NewMeter};
use ledger_types::region::{Applied, MeterRegistered};
use ledger_types::region_endpoint::MeterEntry;

use crate::meters::MeterContract;
use crate::state::{CONFIG, CONSUMERS, METERS, consumer_or_new};
use crate::{ContractError, ContractResult};

/// The reply to the instantiation of a consumer's meter contract.
pub const INSTANTIATE_METER_REPLY_ID: u64 = 1;

pub fn register_meter(
    deps: DepsMut,
    env: &Env,
    consumer: String,
    meter: NewMeter,
) -> ContractResult<IbcReceiveResponse> {
    let config = CONFIG.load(deps.storage)?;
    let consumer = super::valid_consumer(deps.api, consumer)?;
    if let Some(existing) = METERS.may_load(deps.storage, &meter.meter_id)? {
        return Err(ContractError::MeterExists {
            meter_id: meter.meter_id,
            contract: existing.contract.to_string(),
        });
    }
    let existing = CONSUMERS
        .may_load(deps.storage, &consumer)?
        .and_then(|standing| standing.contract);
    super::new_meter::ensure_addable(
        deps.api,
        &deps.querier,
        &Tariff::new(config.tariff_contract.clone()),
        &meter,
        existing.as_ref(),
        &consumer,
        env.block.time.seconds(),
    )?;
    let Some(contract) = existing else {
        let instantiate = WasmMsg::Instantiate {
            admin: Some(config.admin.to_string()),
            code_id: config.meter_code_id,
            msg: to_json_binary(&meter::InstantiateMsg {
                owner: consumer.to_string(),
                tariff_contract: config.tariff_contract.to_string(),
                bank_contract: env.contract.address.to_string(),
                settings: config.meter_settings,
            })?,
            funds: vec![],
            label: format!("meter-{consumer}"),
        };
        let attributes = registered(&meter.meter_id, &consumer);
        let pending = to_json_binary(&PendingMeter { consumer, meter })?;
        // A placeholder: the reply, which learns the new contract's address, replaces this
        // acknowledgement with `MeterRegistered`.
        return Ok(IbcReceiveResponse::new(applied(&Applied {})?)
            .add_attributes(attributes)
            .add_submessage(
                SubMsg::reply_on_success(instantiate, INSTANTIATE_METER_REPLY_ID)
                    .with_payload(pending),
            ));
    };
    let attributes = registered(&meter.meter_id, &consumer);
    let (answer, add_meter) = record_meter(deps, &consumer, &contract, meter)?;
    Ok(IbcReceiveResponse::new(applied(&answer)?)
        .add_attributes(attributes)
        .add_attribute("meter_contract", &contract)
        .add_message(add_meter))
}

fn registered(meter_id: &str, consumer: &Addr) -> [(&'static str, String); 3] {
    [
        ("action", "register_meter".to_string()),
        ("meter_id", meter_id.to_string()),
        ("consumer", consumer.to_string()),
    ]
}

/// Records that `contract` holds `meter` and returns the acknowledgement's answer and the
/// message adding the meter to the contract. The entry is written before the message runs,
/// because the meter contract sends its first advances back to this endpoint at once.
pub fn record_meter(
    deps: DepsMut,
    consumer: &Addr,
    contract: &Addr,
    meter: NewMeter,
) -> ContractResult<(MeterRegistered, cosmwasm_std::CosmosMsg)> {
    let entry = MeterEntry {
        meter_id: meter.meter_id.clone(),
        consumer: consumer.clone(),
        contract: contract.clone(),
        status_revision: 0,
    };
    METERS.save(deps.storage, &entry.meter_id, &entry)?;
    let answer = MeterRegistered {
        meter_id: entry.meter_id,
        meter_contract: contract.to_string(),
    };
    let add_meter = MeterContract(contract).execute(&meter::ExecuteMsg::AddMeter { meter })?;
    Ok((answer, add_meter))
}

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
