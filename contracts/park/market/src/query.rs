//! Queries. Every list reads one page of one storage prefix and says whether more follow.

use cosmwasm_std::{Addr, Binary, Deps, Env, Order, StdResult, to_json_binary};
use ledger_contract_kit::paging::{Page, after, page};
use ledger_contract_kit::pause;
use ledger_types::park::clearing::{Fill, Side};
use ledger_types::park::{
    ConfigResponse, FillRecord, FillsResponse, Generator, Order as OrderView, OrdersResponse,
    PriceHistoryResponse, QueryMsg, SlotResponse, SlotState,
};

use crate::state::{
    BOOK, CONFIG, FILLS, GENERATORS, ORDERS, PARTICIPANT_FILLS, PRICES, Phase, SELLERS, SLOT_FILLS,
    SLOTS, StoredFill, StoredOrder, side_key,
};
use crate::{ContractError, ContractResult};

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    Ok(match msg {
        QueryMsg::Config {} => {
            let config = CONFIG.load(deps.storage)?;
            to_json_binary(&ConfigResponse {
                admin_contract: config.admin_contract.to_string(),
                token: config.token.to_string(),
                schedule: config.schedule,
                max_orders_per_slot: config.max_orders_per_slot,
                certificates: config.certificates.map(|a| a.to_string()),
            })?
        }
        QueryMsg::PauseStatus {} => to_json_binary(&pause::status(deps.storage)?)?,
        QueryMsg::Generator { meter_id } => {
            let g = GENERATORS
                .may_load(deps.storage, &meter_id)?
                .ok_or_else(|| ContractError::UnknownGenerator {
                    meter_id: meter_id.clone(),
                })?;
            to_json_binary(&Generator {
                meter_id,
                owner: g.owner.to_string(),
                energy_type: g.energy_type,
                carbon_g_per_kwh: g.carbon_g_per_kwh,
            })?
        }
        QueryMsg::Slot { slot } => to_json_binary(&slot_view(deps, slot)?)?,
        QueryMsg::OrderBook {
            slot,
            side,
            start_after,
            limit,
        } => {
            let range = BOOK.prefix((slot, side_key(side))).keys(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } = page(range, limit, |id| -> ContractResult<_> {
                Ok(order_view(id, ORDERS.load(deps.storage, id)?))
            })?;
            to_json_binary(&OrdersResponse {
                orders: items,
                has_more,
            })?
        }
        QueryMsg::Fills {
            slot,
            start_after,
            limit,
        } => {
            let range = SLOT_FILLS.prefix(slot).keys(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            to_json_binary(&fills_page(deps, range, limit)?)?
        }
        QueryMsg::Trades {
            participant,
            start_after,
            limit,
        } => {
            let participant = deps.api.addr_validate(&participant)?;
            let range = PARTICIPANT_FILLS.prefix(&participant).keys(
                deps.storage,
                None,
                start_after.map(cw_storage_plus::Bound::exclusive),
                Order::Descending,
            );
            to_json_binary(&fills_page(deps, range, limit)?)?
        }
        QueryMsg::PriceHistory { start_after, limit } => {
            let range = PRICES.range(deps.storage, after(start_after), None, Order::Ascending);
            let Page { items, has_more } = page(range, limit, |(_, p)| StdResult::Ok(p))?;
            to_json_binary(&PriceHistoryResponse {
                prices: items,
                has_more,
            })?
        }
        QueryMsg::Seller { seller } => {
            let seller: Addr = deps.api.addr_validate(&seller)?;
            to_json_binary(&SELLERS.may_load(deps.storage, &seller)?.unwrap_or_default())?
        }
    })
}

fn slot_view(deps: Deps, slot: u64) -> ContractResult<SlotResponse> {
    let schedule = CONFIG.load(deps.storage)?.schedule;
    let record = SLOTS.may_load(deps.storage, slot)?;
    let (offers, bids) = record.as_ref().map_or((0, 0), |r| (r.offers, r.bids));
    let state = match record.map(|r| r.phase) {
        None | Some(Phase::Open) => SlotState::Open {
            gate_closes_at: schedule.gate_closes_at(slot),
        },
        Some(Phase::Clearing {
            price, matched_wh, ..
        }) => SlotState::Clearing { price, matched_wh },
        Some(Phase::Cleared {
            price,
            volume_wh,
            matched_wh,
        }) => SlotState::Cleared {
            price,
            volume_wh,
            matched_wh,
        },
    };
    Ok(SlotResponse {
        slot,
        starts_at: schedule.starts_at(slot),
        ends_at: schedule.ends_at(slot),
        state,
        offers,
        bids,
    })
}

fn order_view(id: u64, o: StoredOrder) -> OrderView {
    OrderView {
        id,
        slot: o.slot,
        owner: o.owner.to_string(),
        side: o.side,
        energy_wh: o.energy_wh,
        price: o.price,
        meter_id: o.meter_id,
        energy_type: o.energy_type,
        carbon_g_per_kwh: o.carbon_g_per_kwh,
        escrow: (o.side == Side::Bid).then_some(o.escrow.u128()),
        requirements: o.requirements,
        held: o.held.u128(),
    }
}

fn fills_page(
    deps: Deps,
    range: impl Iterator<Item = StdResult<u64>>,
    limit: Option<u32>,
) -> ContractResult<FillsResponse> {
    let Page { items, has_more } = page(range, limit, |id| -> ContractResult<_> {
        let f: StoredFill = FILLS.load(deps.storage, id)?;
        Ok(FillRecord {
            id,
            slot: f.slot,
            fill: Fill {
                bid_id: f.bid_id,
                offer_id: f.offer_id,
                energy_wh: f.energy_wh,
            },
            buyer: f.buyer.to_string(),
            seller: f.seller.to_string(),
            price: f.price,
            delivered_wh: f.delivered_wh,
            paid: f.paid.map(|p| p.u128()),
        })
    })?;
    Ok(FillsResponse {
        fills: items,
        has_more,
    })
}
