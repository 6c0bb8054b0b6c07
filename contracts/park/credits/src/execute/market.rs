//! The credit market: a holder escrows tradable credits in a sell order at a price per credit
//! in the settlement token; a buyer pays exactly the cost through the token's `Send` and gets
//! the credits (retired at once if it asks), and the seller is paid in the same message.

use cosmwasm_std::{
    Addr, CosmosMsg, DepsMut, Env, MessageInfo, Response, Uint128, WasmMsg, from_json,
    to_json_binary,
};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use ledger_contract_kit::sequence::next_id;
use ledger_types::park::credits::{HistoryEntry, ReceiveMsg, RetiredThrough, RetirementTerms};

use crate::execute::holding::{ensure_some, issued_batch, take_tradable};
use crate::execute::retirements::{NewRetirement, certify, checked_terms};
use crate::execute::{add, sub};
use crate::registry::{ensure_in_good_standing, load_registry};
use crate::state::{
    BATCHES, CONFIG, HOLDINGS, LAST_ORDER_ID, ORDERS_BY_SELLER, SELL_ORDERS, StoredOrder,
    record_event, save_holding,
};
use crate::{ContractError, ContractResult};

pub fn sell(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    batch_id: u64,
    amount: u64,
    price: Uint128,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    ensure_some("a sell order's amount", amount)?;
    if price.is_zero() {
        return Err(ContractError::ZeroPrice {});
    }
    issued_batch(deps.storage, batch_id)?;
    let holding = take_tradable(deps.storage, batch_id, &info.sender, amount)?;

    save_holding(deps.storage, &info.sender, batch_id, &holding)?;
    let now = env.block.time.seconds();
    let order_id = next_id(deps.storage, &LAST_ORDER_ID)?;
    SELL_ORDERS.save(
        deps.storage,
        order_id,
        &StoredOrder {
            batch_id,
            seller: info.sender.clone(),
            remaining: amount,
            price,
            created_at: now,
        },
    )?;
    ORDERS_BY_SELLER.save(deps.storage, (&info.sender, order_id), &())?;
    record_event(
        deps.storage,
        batch_id,
        now,
        &[&info.sender],
        HistoryEntry::Listed {
            seller: info.sender.to_string(),
            order_id,
            amount,
            price,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "sell")
        .add_attribute("order_id", order_id.to_string())
        .add_attribute("batch_id", batch_id.to_string())
        .add_attribute("seller", info.sender)
        .add_attribute("amount", amount.to_string())
        .add_attribute("price", price))
}

pub fn cancel_sell_order(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    order_id: u64,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let order = SELL_ORDERS
        .may_load(deps.storage, order_id)?
        .ok_or(ContractError::UnknownOrder { id: order_id })?;
    if order.seller != info.sender {
        return Err(ContractError::NotOrderSeller {
            order_id,
            seller: order.seller,
            sender: info.sender,
        });
    }
    let mut holding = HOLDINGS
        .may_load(deps.storage, (&order.seller, order.batch_id))?
        .unwrap_or_default();
    holding.tradable = add(holding.tradable, order.remaining)?;
    save_holding(deps.storage, &order.seller, order.batch_id, &holding)?;
    SELL_ORDERS.remove(deps.storage, order_id);
    ORDERS_BY_SELLER.remove(deps.storage, (&order.seller, order_id));
    record_event(
        deps.storage,
        order.batch_id,
        env.block.time.seconds(),
        &[&order.seller],
        HistoryEntry::Unlisted {
            seller: order.seller.to_string(),
            order_id,
            amount: order.remaining,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "cancel_sell_order")
        .add_attribute("order_id", order_id.to_string())
        .add_attribute("batch_id", order.batch_id.to_string())
        .add_attribute("seller", order.seller)
        .add_attribute("returned", order.remaining.to_string()))
}

/// The settlement token's `Send` hook.
pub fn receive(deps: DepsMut, env: Env, info: MessageInfo, msg: Cw20ReceiveMsg) -> ContractResult {
    let token = CONFIG.load(deps.storage)?.token;
    if info.sender != token {
        return Err(ContractError::WrongToken {
            token,
            sender: info.sender,
        });
    }
    let buyer = deps.api.addr_validate(&msg.sender)?;
    match from_json(&msg.msg)? {
        ReceiveMsg::Buy {
            order_id,
            amount,
            retire,
        } => buy(
            deps,
            env,
            &token,
            Purchase {
                buyer,
                paid: msg.amount,
                order_id,
                amount,
                retire,
            },
        ),
    }
}

/// A purchase as the token's hook carries it.
struct Purchase {
    buyer: Addr,
    paid: Uint128,
    order_id: u64,
    amount: u64,
    retire: Option<RetirementTerms>,
}

fn buy(deps: DepsMut, env: Env, token: &Addr, purchase: Purchase) -> ContractResult {
    let Purchase {
        buyer,
        paid,
        order_id,
        amount,
        retire,
    } = purchase;
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &buyer)?;
    ensure_some("a purchase's amount", amount)?;
    let mut order = SELL_ORDERS
        .may_load(deps.storage, order_id)?
        .ok_or(ContractError::UnknownOrder { id: order_id })?;
    if order.seller == buyer {
        return Err(ContractError::OwnOrder { order_id, buyer });
    }
    // Paying a barred seller would fail at the token; say why here instead.
    ensure_in_good_standing(&deps.querier, &registry, &order.seller)?;
    if order.remaining < amount {
        return Err(ContractError::OrderShort {
            order_id,
            remaining: order.remaining,
            requested: amount,
        });
    }
    let cost = order.price.checked_mul(Uint128::from(amount))?;
    if paid != cost {
        return Err(ContractError::WrongPayment {
            amount,
            price: order.price,
            expected: cost,
            sent: paid,
        });
    }
    let terms = retire
        .map(|terms| checked_terms(deps.storage, &deps.querier, &registry, terms, &buyer))
        .transpose()?;
    let batch_id = order.batch_id;
    let mut batch = issued_batch(deps.storage, batch_id)?;

    order.remaining = sub(order.remaining, amount)?;
    if order.remaining == 0 {
        SELL_ORDERS.remove(deps.storage, order_id);
        ORDERS_BY_SELLER.remove(deps.storage, (&order.seller, order_id));
    } else {
        SELL_ORDERS.save(deps.storage, order_id, &order)?;
    }
    let mut holding = HOLDINGS
        .may_load(deps.storage, (&buyer, batch_id))?
        .unwrap_or_default();
    if terms.is_some() {
        holding.retired = add(holding.retired, amount)?;
        batch.totals.tradable = sub(batch.totals.tradable, amount)?;
        batch.totals.retired = add(batch.totals.retired, amount)?;
        BATCHES.save(deps.storage, batch_id, &batch)?;
    } else {
        holding.tradable = add(holding.tradable, amount)?;
    }
    save_holding(deps.storage, &buyer, batch_id, &holding)?;
    let now = env.block.time.seconds();
    record_event(
        deps.storage,
        batch_id,
        now,
        &[&order.seller, &buyer],
        HistoryEntry::Transferred {
            from: order.seller.to_string(),
            to: buyer.to_string(),
            amount,
            retired: terms.is_some(),
        },
    )?;
    let payment: CosmosMsg = WasmMsg::Execute {
        contract_addr: token.to_string(),
        msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
            recipient: order.seller.to_string(),
            amount: cost,
        })?,
        funds: vec![],
    }
    .into();
    let mut response = Response::new()
        .add_message(payment)
        .add_attribute("action", "buy")
        .add_attribute("order_id", order_id.to_string())
        .add_attribute("batch_id", batch_id.to_string())
        .add_attribute("seller", order.seller.as_str())
        .add_attribute("buyer", buyer.as_str())
        .add_attribute("amount", amount.to_string())
        .add_attribute("paid", cost)
        .add_attribute("retired", terms.is_some().to_string());
    if let Some(terms) = terms {
        let certified = certify(
            deps.storage,
            NewRetirement {
                batch_id,
                batch: &batch,
                holder: &buyer,
                amount,
                terms,
                through: RetiredThrough::Purchase {
                    order_id,
                    seller: order.seller.to_string(),
                },
                at: now,
            },
        )?;
        response = certified.add_to(response);
    }
    Ok(response)
}
