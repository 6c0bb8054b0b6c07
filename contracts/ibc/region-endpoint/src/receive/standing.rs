//! What the main chain decided about a consumer, a meter or a bill. Each carries a revision:
//! an unordered channel may deliver an older decision after a newer one, which is then
//! acknowledged and ignored.

use cosmwasm_std::{DepsMut, IbcReceiveResponse};
use ledger_contract_kit::ibc::applied;
use ledger_types::admin::MeterStatus;
use ledger_types::meter::ExecuteMsg as MeterMsg;
use ledger_types::region::{Applied, BillStatus};
use ledger_types::region_endpoint::BillRecord;

use crate::meters::MeterContract;
use crate::state::{BILLS, CONSUMERS, METERS, consumer_or_new};
use crate::{ContractError, ContractResult};

fn answered(action: &str, newer: bool) -> ContractResult<IbcReceiveResponse> {
    Ok(IbcReceiveResponse::new(applied(&Applied {})?)
        .add_attribute("action", action)
        .add_attribute("applied", newer.to_string()))
}

/// A consumer blacklisted, suspended or cleared on the main chain. Kept for a consumer
/// without a meter contract yet, whose first meter contract starts blocked.
pub fn owner_standing(
    deps: DepsMut,
    consumer: String,
    blocked: bool,
    revision: u64,
) -> ContractResult<IbcReceiveResponse> {
    let consumer = super::valid_consumer(deps.api, consumer)?;
    let mut standing = consumer_or_new(deps.storage, &consumer)?;
    let newer = revision > standing.standing_revision;
    let mut response = answered("owner_standing", newer)?
        .add_attribute("consumer", &consumer)
        .add_attribute("blocked", blocked.to_string())
        .add_attribute("revision", revision.to_string());
    if !newer {
        return Ok(response);
    }
    standing.blocked = blocked;
    standing.standing_revision = revision;
    CONSUMERS.save(deps.storage, &consumer, &standing)?;
    if let Some(contract) = &standing.contract {
        response = response
            .add_message(MeterContract(contract).execute(&MeterMsg::SetOwnerBlocked { blocked })?);
    }
    Ok(response)
}

/// A meter's status changed on the main chain.
pub fn meter_status(
    deps: DepsMut,
    meter_id: String,
    status: MeterStatus,
    revision: u64,
) -> ContractResult<IbcReceiveResponse> {
    let mut entry =
        METERS
            .may_load(deps.storage, &meter_id)?
            .ok_or_else(|| ContractError::UnknownMeter {
                meter_id: meter_id.clone(),
            })?;
    let newer = revision > entry.status_revision;
    let response = answered("meter_status", newer)?
        .add_attribute("meter_id", &meter_id)
        .add_attribute("status", status.as_str())
        .add_attribute("revision", revision.to_string());
    if !newer {
        return Ok(response);
    }
    entry.status_revision = revision;
    METERS.save(deps.storage, &meter_id, &entry)?;
    let forward =
        MeterContract(&entry.contract).execute(&MeterMsg::SetMeterStatus { meter_id, status })?;
    Ok(response.add_message(forward))
}

/// What the main chain's bank has been paid of a bill.
pub fn bill_status(deps: DepsMut, status: BillStatus) -> ContractResult<IbcReceiveResponse> {
    if !METERS.has(deps.storage, &status.meter_id) {
        return Err(ContractError::UnknownMeter {
            meter_id: status.meter_id,
        });
    }
    let key = (status.meter_id.as_str(), status.period);
    let mut bill = BILLS
        .may_load(deps.storage, key)?
        .unwrap_or_else(|| BillRecord {
            meter_id: status.meter_id.clone(),
            period: status.period,
            sent: None,
            confirmed: None,
            status: None,
        });
    let newer = bill
        .status
        .as_ref()
        .is_none_or(|last| status.revision > last.revision);
    let response = answered("bill_status", newer)?
        .add_attribute("meter_id", &status.meter_id)
        .add_attribute("period", status.period.to_string())
        .add_attribute("settled", status.settled.to_string())
        .add_attribute("revision", status.revision.to_string());
    if newer {
        bill.status = Some(status.clone());
        BILLS.save(deps.storage, key, &bill)?;
    }
    Ok(response)
}
