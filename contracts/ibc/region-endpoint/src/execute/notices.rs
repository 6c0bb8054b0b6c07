//! What a meter contract sends its bank, forwarded to the main chain: the endpoint is the
//! `bank_contract` of every meter contract it instantiated.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Storage};
use ledger_types::bank::{AdvanceNotice, BillNotice};
use ledger_types::region::{RegionBill, ToMain, readings_digest};
use ledger_types::region_endpoint::{BillRecord, MeterEntry, SentBill};

use crate::channel::send_to_main;
use crate::meters::MeterContract;
use crate::state::{BILLS, METERS};
use crate::{ContractError, ContractResult};

/// The meter contract holding `meter_id`, if it is the sender.
fn meter_contract_only(
    storage: &dyn Storage,
    info: &MessageInfo,
    meter_id: &str,
) -> ContractResult<MeterEntry> {
    METERS
        .may_load(storage, meter_id)?
        .filter(|entry| entry.contract == info.sender)
        .ok_or_else(|| ContractError::NotMeterContract {
            sender: info.sender.to_string(),
            meter_id: meter_id.to_string(),
        })
}

pub fn schedule_advances(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    notice: AdvanceNotice,
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    meter_contract_only(deps.storage, &info, &notice.meter_id)?;
    let (meter_id, period) = (notice.meter_id.clone(), notice.period);
    let (packet_id, packet) = send_to_main(deps.storage, &env, ToMain::Advances(notice))?;
    let held = packet.is_none();
    Ok(Response::new()
        .add_messages(packet)
        .add_attribute("action", "schedule_advances")
        .add_attribute("meter_id", meter_id)
        .add_attribute("period", period.to_string())
        .add_attribute("packet_id", packet_id.to_string())
        .add_attribute("held", held.to_string()))
}

/// Sends the bill the meter contract stored, with the digest of the period's daily totals
/// it kept, so the main chain confirms exactly what was billed here.
pub fn record_bill(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    notice: BillNotice,
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    let entry = meter_contract_only(deps.storage, &info, &notice.meter_id)?;
    let (meter_id, period) = (notice.meter_id.clone(), notice.period);
    let known = BILLS.may_load(deps.storage, (&meter_id, period))?;
    if let Some(sent) = known.as_ref().and_then(|bill| bill.sent.as_ref()) {
        return Err(ContractError::BillAlreadySent {
            meter_id,
            period,
            packet_id: sent.packet_id,
        });
    }
    let unreadable = |reason: String| ContractError::BillUnreadable {
        meter_id: meter_id.clone(),
        period,
        reason,
    };
    let meters = MeterContract(&entry.contract);
    let bill = meters
        .bill(&deps.querier, &meter_id, period)
        .map_err(|err| unreadable(err.to_string()))?;
    let days = meters.days_of(&deps.querier, &bill).map_err(unreadable)?;
    let digest = readings_digest(&days);

    let body = ToMain::Bill(Box::new(RegionBill {
        notice,
        bill,
        readings_digest: digest.clone(),
    }));
    let (packet_id, packet) = send_to_main(deps.storage, &env, body)?;
    let mut record = known.unwrap_or_else(|| BillRecord {
        meter_id: meter_id.clone(),
        period,
        sent: None,
        confirmed: None,
        status: None,
    });
    record.sent = Some(SentBill {
        packet_id,
        readings_digest: digest.clone(),
        sent_at: env.block.time.seconds(),
    });
    BILLS.save(deps.storage, (&meter_id, period), &record)?;
    let held = packet.is_none();
    Ok(Response::new()
        .add_messages(packet)
        .add_attribute("action", "record_bill")
        .add_attribute("meter_id", meter_id)
        .add_attribute("period", period.to_string())
        .add_attribute("packet_id", packet_id.to_string())
        .add_attribute("readings_digest", digest)
        .add_attribute("held", held.to_string()))
}
