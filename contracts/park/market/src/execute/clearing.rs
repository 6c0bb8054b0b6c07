//! Clearing a slot after its gate has closed, a page of bids per message: the first page fixes
//! the price from the slot's levels; every page matches its bids, in priority order, against
//! the slot's offers (all of them, at most `max_orders_per_slot`), records the fills and sends
//! back at once the part of each bid's escrow its fills can never cost.

use std::collections::BTreeMap;

use cosmwasm_std::{DepsMut, Env, HexBinary, Order, Response, StdError, Uint128};
use ledger_contract_kit::sequence::next_id;
use ledger_types::paging::page_size;
use ledger_types::park::PricePoint;
use ledger_types::park::clearing::{
    BookBid, BookOffer, Level, Side, clearing_price, cost_floor, match_bid,
};

use crate::execute::pay_out;
use crate::state::{
    CONFIG, FILLS, LAST_FILL_ID, LEVELS, METER_MATCHED, OFFER_FILLS, ORDERS, PARTICIPANT_FILLS,
    PRICES, Phase, QUEUE, SLOT_FILLS, SLOTS, StoredFill, StoredOrder, side_key,
};
use crate::{ContractError, ContractResult};

pub fn clear(deps: DepsMut, env: Env, slot: u64, limit: Option<u32>) -> ContractResult {
    let config = CONFIG.load(deps.storage)?;
    let mut record = SLOTS
        .may_load(deps.storage, slot)?
        .ok_or(ContractError::EmptySlot { slot })?;
    let gate = config.schedule.gate_closes_at(slot);
    if env.block.time.seconds() < gate {
        return Err(ContractError::GateOpen {
            slot,
            gate_closes_at: gate,
        });
    }
    let (price, volume_wh, mut matched_wh, cursor) = match record.phase {
        Phase::Cleared { .. } => return Err(ContractError::SlotCleared { slot }),
        Phase::Open => {
            let levels = |side: Side| -> ContractResult<Vec<Level>> {
                LEVELS
                    .prefix((slot, side_key(side)))
                    .range(deps.storage, None, None, Order::Ascending)
                    .map(|entry| {
                        let (price, energy_wh) = entry?;
                        Ok(Level { price, energy_wh })
                    })
                    .collect()
            };
            let clearing = clearing_price(&levels(Side::Bid)?, &levels(Side::Offer)?);
            (
                clearing.map(|c| c.price),
                clearing.map_or(0, |c| c.volume_wh),
                0,
                None,
            )
        }
        Phase::Clearing {
            price,
            volume_wh,
            matched_wh,
            cursor,
        } => (price, volume_wh, matched_wh, cursor),
    };

    // The slot's offers in the order bids take them: as stored, and as the matching sees
    // them (what is left of each), at the same positions.
    let mut offers: Vec<StoredOrder> = Vec::new();
    let mut book: Vec<BookOffer> = Vec::new();
    for entry in QUEUE.prefix((slot, side_key(Side::Offer))).range(
        deps.storage,
        None,
        None,
        Order::Ascending,
    ) {
        let (_, id) = entry?;
        let order = ORDERS.load(deps.storage, id)?;
        let entry = BookOffer {
            id,
            seller: order.owner.to_string(),
            min_price: order.price,
            energy_type: order.energy_type.ok_or_else(|| {
                StdError::generic_err(format!("offer {id} was stored without its energy type"))
            })?,
            carbon_g_per_kwh: order.carbon_g_per_kwh.unwrap_or_default(),
            rank: rank_bytes(&order.rank),
            remaining_wh: order.energy_wh.saturating_sub(order.matched_wh),
        };
        offers.push(order);
        book.push(entry);
    }
    let position: BTreeMap<u64, usize> = book.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
    let left_before: Vec<u64> = book.iter().map(|o| o.remaining_wh).collect();

    let start = cursor
        .as_ref()
        .map(|c| cw_storage_plus::Bound::exclusive(c.as_slice()));
    let mut bids = QUEUE.prefix((slot, side_key(Side::Bid))).range(
        deps.storage,
        start,
        None,
        Order::Ascending,
    );
    let mut page = Vec::new();
    for entry in bids.by_ref().take(page_size(limit)) {
        page.push(entry?);
    }
    let done = bids.next().is_none();
    drop(bids);

    let mut messages = Vec::new();
    let mut fills_made = 0u32;
    let mut last_key = cursor.clone();
    for (key, bid_id) in page {
        let mut order = ORDERS.load(deps.storage, bid_id)?;
        let mut bid = BookBid {
            id: bid_id,
            buyer: order.owner.to_string(),
            max_price: order.price,
            requirements: order.requirements.clone().unwrap_or_default(),
            rank: rank_bytes(&order.rank),
            remaining_wh: order.energy_wh,
        };
        let fills = match price {
            Some(price) => match_bid(&mut bid, price, &mut book),
            None => Vec::new(),
        };
        for fill in &fills {
            let offer = position.get(&fill.offer_id).map(|&i| &offers[i]).ok_or(
                ContractError::UnknownOrder {
                    order_id: fill.offer_id,
                },
            )?;
            let meter_id = offer.meter_id.clone().unwrap_or_default();
            let meter_total = METER_MATCHED
                .may_load(deps.storage, (slot, &meter_id))?
                .unwrap_or_default()
                .saturating_add(fill.energy_wh);
            METER_MATCHED.save(deps.storage, (slot, &meter_id), &meter_total)?;
            let fill_id = next_id(deps.storage, &LAST_FILL_ID)?;
            let stored = StoredFill {
                slot,
                bid_id,
                offer_id: fill.offer_id,
                buyer: order.owner.clone(),
                seller: offer.owner.clone(),
                energy_wh: fill.energy_wh,
                price: price.unwrap_or_default(),
                delivered_wh: None,
                paid: None,
            };
            FILLS.save(deps.storage, fill_id, &stored)?;
            SLOT_FILLS.save(deps.storage, (slot, fill_id), &())?;
            OFFER_FILLS.save(deps.storage, (fill.offer_id, fill_id), &())?;
            PARTICIPANT_FILLS.save(deps.storage, (&stored.buyer, fill_id), &())?;
            PARTICIPANT_FILLS.save(deps.storage, (&stored.seller, fill_id), &())?;
            fills_made = fills_made.saturating_add(1);
        }
        order.matched_wh = order.energy_wh.saturating_sub(bid.remaining_wh);
        matched_wh = matched_wh.saturating_add(order.matched_wh);
        order.reserved = Uint128::new(cost_floor(order.matched_wh, price.unwrap_or_default()));
        order.unsettled_fills = u32::try_from(fills.len()).unwrap_or(u32::MAX);
        let refund = order.escrow.saturating_sub(order.reserved);
        match pay_out(&deps.querier, &config, &order.owner, refund)? {
            Some(message) => messages.push(message),
            None => order.held = order.held.saturating_add(refund),
        }
        ORDERS.save(deps.storage, bid_id, &order)?;
        last_key = Some(HexBinary::from(key));
    }
    // Only the offers this page filled are written, their matched energy what the matching
    // took from them.
    for ((order, entry), before) in offers.iter_mut().zip(&book).zip(left_before) {
        if entry.remaining_wh != before {
            order.matched_wh = order.energy_wh.saturating_sub(entry.remaining_wh);
            ORDERS.save(deps.storage, entry.id, order)?;
        }
    }

    record.phase = if done {
        PRICES.save(
            deps.storage,
            slot,
            &PricePoint {
                slot,
                price,
                matched_wh,
            },
        )?;
        Phase::Cleared {
            price,
            volume_wh,
            matched_wh,
        }
    } else {
        Phase::Clearing {
            price,
            volume_wh,
            matched_wh,
            cursor: last_key,
        }
    };
    SLOTS.save(deps.storage, slot, &record)?;
    Ok(Response::new()
        .add_messages(messages)
        .add_attribute("action", "clear_slot")
        .add_attribute("slot", slot.to_string())
        .add_attribute(
            "price",
            price.map_or_else(|| "none".to_string(), |p| p.to_string()),
        )
        .add_attribute("fills", fills_made.to_string())
        .add_attribute("matched_wh", matched_wh.to_string())
        .add_attribute("cleared", done.to_string()))
}

fn rank_bytes(rank: &HexBinary) -> [u8; 32] {
    let mut out = [0u8; 32];
    let bytes = rank.as_slice();
    let n = bytes.len().min(32);
    out[..n].copy_from_slice(&bytes[..n]);
    out
}
