//! Settling an offer on its meter's signed readings, once its slot has ended and the readings
//! have had time to arrive: what the meter delivered in the slot is shared among its offers
//! there in proportion to what each was matched for, and an offer's share among its fills the
//! same way (rounded down: rounding never charges a buyer for energy no meter signed for).
//! Each buyer pays the clearing price for its delivered energy; the seller is paid the sum;
//! a bid whose fills are all settled gets the rest of its escrow back. Once the certificates
//! contract is set, the buyers are issued a certificate per fill that delivered energy, for
//! the offer's meter and the clock hour the slot lies in (the certificates contract clamps
//! them to what the meter's readings leave to certify, so that the cap never fails this).

use cosmwasm_std::{
    Addr, CosmosMsg, DepsMut, Env, Order, QuerierWrapper, Response, Uint128, WasmMsg,
    to_json_binary,
};
use ledger_types::meter::{QueryMsg as MeterQuery, ReadingsResponse};
use ledger_types::paging::MAX_LIMIT;
use ledger_types::park::certificates::{ExecuteMsg as CertificatesMsg, TradeCertificate, hour_of};
use ledger_types::park::clearing::{Side, cost_floor};

use crate::execute::pay_out;
use crate::state::{
    CONFIG, FILLS, GENERATORS, METER_MATCHED, OFFER_FILLS, ORDERS, Phase, SELLERS, SLOTS,
};
use crate::{ContractError, ContractResult};

/// Most readings a settlement reads for one meter and slot: an hour of one-second readings.
pub const MAX_READINGS_PER_SLOT: usize = 3_600;

pub fn settle(deps: DepsMut, env: Env, offer_id: u64) -> ContractResult {
    let config = CONFIG.load(deps.storage)?;
    let mut offer = ORDERS
        .may_load(deps.storage, offer_id)?
        .ok_or(ContractError::UnknownOrder { order_id: offer_id })?;
    if offer.side != Side::Offer {
        return Err(ContractError::NotAnOffer { order_id: offer_id });
    }
    if offer.settled {
        return Err(ContractError::AlreadySettled { offer_id });
    }
    let slot = offer.slot;
    let price = match SLOTS.load(deps.storage, slot)?.phase {
        Phase::Cleared { price, .. } => price.unwrap_or_default(),
        _ => return Err(ContractError::SlotNotCleared { slot }),
    };
    let settleable_at = config.schedule.settleable_at(slot);
    if env.block.time.seconds() < settleable_at {
        return Err(ContractError::NotSettleable {
            offer_id,
            settleable_at,
        });
    }
    let meter_id = offer.meter_id.clone().unwrap_or_default();

    let generator = GENERATORS.load(deps.storage, &meter_id)?;
    let mut share_wh = 0;
    if offer.matched_wh > 0 {
        let delivered = delivered_wh(
            &deps.querier,
            &generator.meter_contract,
            &meter_id,
            slot,
            config.schedule.starts_at(slot),
            config.schedule.ends_at(slot),
        )?;
        let meter_matched = METER_MATCHED
            .may_load(deps.storage, (slot, &meter_id))?
            .unwrap_or(offer.matched_wh)
            .max(1);
        share_wh = proportion(delivered, offer.matched_wh, meter_matched).min(offer.matched_wh);
    }

    let fill_ids: Vec<u64> = OFFER_FILLS
        .prefix(offer_id)
        .keys(deps.storage, None, None, Order::Ascending)
        .collect::<Result<_, _>>()?;
    let mut messages = Vec::new();
    let mut certificates = Vec::new();
    let mut paid_total = Uint128::zero();
    for fill_id in fill_ids {
        let mut fill = FILLS.load(deps.storage, fill_id)?;
        let delivered = proportion(share_wh, fill.energy_wh, offer.matched_wh.max(1));
        let paid = Uint128::new(cost_floor(delivered, price));
        fill.delivered_wh = Some(delivered);
        fill.paid = Some(paid);
        FILLS.save(deps.storage, fill_id, &fill)?;
        paid_total = paid_total.checked_add(paid)?;
        if delivered > 0 {
            certificates.push(TradeCertificate {
                owner: fill.buyer.to_string(),
                meter_id: meter_id.clone(),
                hour_start: hour_of(config.schedule.starts_at(slot)),
                energy_wh: delivered,
                energy_type: generator.energy_type,
                carbon_g_per_kwh: generator.carbon_g_per_kwh,
                slot,
                fill_id,
                seller: offer.owner.to_string(),
            });
        }

        let mut bid = ORDERS.load(deps.storage, fill.bid_id)?;
        bid.spent = bid.spent.checked_add(paid)?;
        bid.unsettled_fills = bid.unsettled_fills.saturating_sub(1);
        if bid.unsettled_fills == 0 {
            let refund = bid.reserved.saturating_sub(bid.spent);
            match pay_out(&deps.querier, &config, &bid.owner, refund)? {
                Some(message) => messages.push(message),
                None => bid.held = bid.held.saturating_add(refund),
            }
        }
        ORDERS.save(deps.storage, fill.bid_id, &bid)?;
    }
    match pay_out(&deps.querier, &config, &offer.owner, paid_total)? {
        Some(message) => messages.push(message),
        None => offer.held = offer.held.saturating_add(paid_total),
    }
    let certified = if config.certificates.is_some() {
        certificates.len()
    } else {
        0
    };
    if let Some(message) = issue_certificates(&config.certificates, certificates)? {
        messages.push(message);
    }
    offer.settled = true;
    ORDERS.save(deps.storage, offer_id, &offer)?;
    record_seller(deps, &offer.owner, offer.matched_wh, share_wh)?;

    Ok(Response::new()
        .add_messages(messages)
        .add_attribute("action", "settle_offer")
        .add_attribute("offer_id", offer_id.to_string())
        .add_attribute("slot", slot.to_string())
        .add_attribute("meter_id", meter_id)
        .add_attribute("matched_wh", offer.matched_wh.to_string())
        .add_attribute("delivered_wh", share_wh.to_string())
        .add_attribute("paid", paid_total)
        .add_attribute("certificates", certified.to_string()))
}

/// The `Issue` of the fills' certificates, when the certificates contract is set and some
/// fill delivered energy.
fn issue_certificates(
    contract: &Option<Addr>,
    certificates: Vec<TradeCertificate>,
) -> ContractResult<Option<CosmosMsg>> {
    let Some(contract) = contract else {
        return Ok(None);
    };
    if certificates.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        WasmMsg::Execute {
            contract_addr: contract.to_string(),
            msg: to_json_binary(&CertificatesMsg::Issue { certificates })?,
            funds: vec![],
        }
        .into(),
    ))
}

/// Pays an order's owner what was held for it, once it may receive again.
pub fn release_held(deps: DepsMut, order_id: u64) -> ContractResult {
    let config = CONFIG.load(deps.storage)?;
    let mut order = ORDERS
        .may_load(deps.storage, order_id)?
        .ok_or(ContractError::UnknownOrder { order_id })?;
    if order.held.is_zero() {
        return Err(ContractError::NothingHeld { order_id });
    }
    let amount = order.held;
    let message = pay_out(&deps.querier, &config, &order.owner, amount)?.ok_or_else(|| {
        ContractError::StillBarred {
            order_id,
            owner: order.owner.clone(),
        }
    })?;
    order.held = Uint128::zero();
    ORDERS.save(deps.storage, order_id, &order)?;
    Ok(Response::new()
        .add_message(message)
        .add_attribute("action", "release_held")
        .add_attribute("order_id", order_id.to_string())
        .add_attribute("owner", order.owner)
        .add_attribute("amount", amount))
}

/// `amount × part / whole`, rounded down (`whole` is never zero here).
fn proportion(amount: u64, part: u64, whole: u64) -> u64 {
    let value = u128::from(amount) * u128::from(part) / u128::from(whole.max(1));
    u64::try_from(value).unwrap_or(u64::MAX)
}

/// The energy of the meter's readings whose interval starts in `[from, to)`.
fn delivered_wh(
    querier: &QuerierWrapper,
    meter_contract: &Addr,
    meter_id: &str,
    slot: u64,
    from: u64,
    to: u64,
) -> ContractResult<u64> {
    let mut total: u64 = 0;
    let mut read = 0usize;
    let mut start_after = None;
    loop {
        let page: ReadingsResponse = querier.query_wasm_smart(
            meter_contract,
            &MeterQuery::Readings {
                meter_id: meter_id.to_string(),
                from: Some(from),
                to: Some(to),
                start_after,
                limit: Some(MAX_LIMIT),
            },
        )?;
        read = read.saturating_add(page.readings.len());
        if read > MAX_READINGS_PER_SLOT {
            return Err(ContractError::TooManyReadings {
                meter_id: meter_id.to_string(),
                slot,
                max: MAX_READINGS_PER_SLOT,
            });
        }
        for reading in &page.readings {
            total = total.saturating_add(reading.energy_wh);
        }
        match (page.has_more, page.readings.last()) {
            (true, Some(last)) => start_after = Some(last.interval_start),
            _ => return Ok(total),
        }
    }
}

fn record_seller(
    deps: DepsMut,
    seller: &Addr,
    matched_wh: u64,
    delivered_wh: u64,
) -> ContractResult<()> {
    let mut record = SELLERS.may_load(deps.storage, seller)?.unwrap_or_default();
    record.sold_wh = record.sold_wh.saturating_add(matched_wh);
    record.delivered_wh = record.delivered_wh.saturating_add(delivered_wh);
    if delivered_wh < matched_wh {
        record.short_slots = record.short_slots.saturating_add(1);
    }
    SELLERS.save(deps.storage, seller, &record)?;
    Ok(())
}
