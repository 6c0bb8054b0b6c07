//! Offers, bids and their cancellation while a slot's gate is open. Every order is entered in
//! the slot's book, its priority queue and its side's price level at once, so that clearing
//! reads running totals, never the history of orders.

use cosmwasm_std::{Addr, DepsMut, Env, HexBinary, MessageInfo, Response, Storage, Uint128};
use ledger_contract_kit::sequence::next_id;
use ledger_types::park::clearing::{Side, cost_ceil, rank};
use ledger_types::park::{MAX_PREFERRED_SELLERS, MAX_SLOTS_AHEAD_SECONDS, Requirements};

use crate::execute::pay_out;
use crate::registry::{ensure_in_good_standing, load_registry};
use crate::state::{
    BOOK, CONFIG, Config, GENERATORS, LAST_ORDER_ID, LEVELS, ORDERS, PLACED, Phase, QUEUE, SLOTS,
    SlotRecord, StoredOrder, bid_priority_key, offer_priority_key, side_key,
};
use crate::{ContractError, ContractResult};

/// A bid as the token's hook carries it.
pub struct Bid {
    pub slot: u64,
    pub energy_wh: u64,
    pub max_price: u64,
    pub requirements: Requirements,
}

pub fn post_offer(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    slot: u64,
    meter_id: String,
    energy_wh: u64,
    min_price: u64,
) -> ContractResult {
    let config = CONFIG.load(deps.storage)?;
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let generator = GENERATORS
        .may_load(deps.storage, &meter_id)?
        .ok_or_else(|| ContractError::UnknownGenerator {
            meter_id: meter_id.clone(),
        })?;
    if generator.owner != info.sender {
        return Err(ContractError::NotGeneratorOwner {
            meter_id,
            owner: generator.owner,
            sender: info.sender,
        });
    }
    check_order(energy_wh, min_price)?;
    let order = StoredOrder {
        meter_id: Some(meter_id),
        energy_type: Some(generator.energy_type),
        carbon_g_per_kwh: Some(generator.carbon_g_per_kwh),
        ..StoredOrder::new(slot, info.sender, Side::Offer, energy_wh, min_price)
    };
    let (id, order) = place(deps.storage, &config, env.block.time.seconds(), order)?;
    Ok(Response::new()
        .add_attribute("action", "post_offer")
        .add_attribute("order_id", id.to_string())
        .add_attribute("slot", slot.to_string())
        .add_attribute("seller", order.owner)
        .add_attribute("meter_id", order.meter_id.unwrap_or_default())
        .add_attribute("energy_wh", energy_wh.to_string())
        .add_attribute("min_price", min_price.to_string()))
}

pub fn post_bid(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    amount: Uint128,
    bid: Bid,
) -> ContractResult {
    let config = CONFIG.load(deps.storage)?;
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &sender)?;
    check_order(bid.energy_wh, bid.max_price)?;
    let preferred = &bid.requirements.preferred_sellers;
    if preferred.len() > MAX_PREFERRED_SELLERS {
        return Err(ContractError::TooManyPreferred {
            given: preferred.len(),
            max: MAX_PREFERRED_SELLERS,
        });
    }
    for seller in preferred {
        deps.api.addr_validate(seller)?;
    }
    let expected = Uint128::new(cost_ceil(bid.energy_wh, bid.max_price));
    if amount != expected {
        return Err(ContractError::WrongEscrow {
            energy_wh: bid.energy_wh,
            max_price: bid.max_price,
            expected,
            sent: amount,
        });
    }
    let order = StoredOrder {
        requirements: Some(bid.requirements),
        escrow: amount,
        ..StoredOrder::new(bid.slot, sender, Side::Bid, bid.energy_wh, bid.max_price)
    };
    let (id, order) = place(deps.storage, &config, env.block.time.seconds(), order)?;
    Ok(Response::new()
        .add_attribute("action", "post_bid")
        .add_attribute("order_id", id.to_string())
        .add_attribute("slot", bid.slot.to_string())
        .add_attribute("buyer", order.owner)
        .add_attribute("energy_wh", bid.energy_wh.to_string())
        .add_attribute("max_price", bid.max_price.to_string())
        .add_attribute("escrow", amount))
}

pub fn cancel(deps: DepsMut, env: Env, info: MessageInfo, order_id: u64) -> ContractResult {
    let config = CONFIG.load(deps.storage)?;
    let order = ORDERS
        .may_load(deps.storage, order_id)?
        .ok_or(ContractError::UnknownOrder { order_id })?;
    if order.owner != info.sender {
        return Err(ContractError::NotOrderOwner {
            order_id,
            owner: order.owner,
            sender: info.sender,
        });
    }
    ensure_gate_open(&config, env.block.time.seconds(), order.slot)?;
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;

    let side = side_key(order.side);
    BOOK.remove(deps.storage, (order.slot, side, order_id));
    QUEUE.remove(
        deps.storage,
        (order.slot, side, &queue_key(&order, order_id)),
    );
    let level = LEVELS
        .may_load(deps.storage, (order.slot, side, order.price))?
        .unwrap_or_default()
        .saturating_sub(order.energy_wh);
    if level == 0 {
        LEVELS.remove(deps.storage, (order.slot, side, order.price));
    } else {
        LEVELS.save(deps.storage, (order.slot, side, order.price), &level)?;
    }
    SLOTS.update(deps.storage, order.slot, |record| -> ContractResult<_> {
        let mut record = record.ok_or(ContractError::UnknownOrder { order_id })?;
        match order.side {
            Side::Bid => record.bids = record.bids.saturating_sub(1),
            Side::Offer => record.offers = record.offers.saturating_sub(1),
        }
        Ok(record)
    })?;
    ORDERS.remove(deps.storage, order_id);
    // The owner was just checked in good standing, so the escrow can go back now.
    let refund = pay_out(&deps.querier, &config, &order.owner, order.escrow)?;
    Ok(Response::new()
        .add_messages(refund)
        .add_attribute("action", "cancel_order")
        .add_attribute("order_id", order_id.to_string())
        .add_attribute("slot", order.slot.to_string())
        .add_attribute("refund", order.escrow))
}

fn check_order(energy_wh: u64, price: u64) -> ContractResult<()> {
    if energy_wh == 0 {
        return Err(ContractError::ZeroEnergy {});
    }
    if price == 0 {
        return Err(ContractError::ZeroPrice {});
    }
    Ok(())
}

/// Refuses an order in `slot` unless its gate is open at `now`.
pub fn ensure_gate_open(config: &Config, now: u64, slot: u64) -> ContractResult<()> {
    let gate = config.schedule.gate_closes_at(slot);
    if now >= gate {
        return Err(ContractError::GateClosed {
            slot,
            gate_closed_at: gate,
        });
    }
    Ok(())
}

/// The order's key in its slot's queue.
pub fn queue_key(order: &StoredOrder, id: u64) -> Vec<u8> {
    match order.side {
        Side::Bid => bid_priority_key(order.price, order.rank.as_slice(), id),
        Side::Offer => offer_priority_key(
            order.price,
            order.carbon_g_per_kwh.unwrap_or_default(),
            order.rank.as_slice(),
            id,
        ),
    }
}

/// Enters a checked order in its slot: an id, a rank, the book, the queue and the level.
fn place(
    storage: &mut dyn Storage,
    config: &Config,
    now: u64,
    mut order: StoredOrder,
) -> ContractResult<(u64, StoredOrder)> {
    let slot = order.slot;
    ensure_gate_open(config, now, slot)?;
    let current = config.schedule.slot_at(now);
    let max_ahead = MAX_SLOTS_AHEAD_SECONDS / config.schedule.slot_seconds.max(1);
    if slot > current.saturating_add(max_ahead) {
        return Err(ContractError::SlotTooFar {
            slot,
            current,
            max_ahead,
        });
    }
    let mut record = SLOTS.may_load(storage, slot)?.unwrap_or(SlotRecord {
        offers: 0,
        bids: 0,
        phase: Phase::Open,
    });
    if record.offers.saturating_add(record.bids) >= config.max_orders_per_slot {
        return Err(ContractError::SlotFull {
            slot,
            max: config.max_orders_per_slot,
        });
    }
    let side = side_key(order.side);
    let nth = PLACED
        .may_load(storage, (slot, side, &order.owner))?
        .unwrap_or_default();
    PLACED.save(storage, (slot, side, &order.owner), &nth.saturating_add(1))?;
    order.rank = HexBinary::from(rank(slot, order.side, order.owner.as_str(), nth).to_vec());
    let id = next_id(storage, &LAST_ORDER_ID)?;

    BOOK.save(storage, (slot, side, id), &())?;
    QUEUE.save(storage, (slot, side, &queue_key(&order, id)), &id)?;
    let level = LEVELS
        .may_load(storage, (slot, side, order.price))?
        .unwrap_or_default()
        .checked_add(order.energy_wh)
        .ok_or(cosmwasm_std::OverflowError::new(
            cosmwasm_std::OverflowOperation::Add,
        ))?;
    LEVELS.save(storage, (slot, side, order.price), &level)?;
    match order.side {
        Side::Bid => record.bids = record.bids.saturating_add(1),
        Side::Offer => record.offers = record.offers.saturating_add(1),
    }
    SLOTS.save(storage, slot, &record)?;
    ORDERS.save(storage, id, &order)?;
    Ok((id, order))
}
