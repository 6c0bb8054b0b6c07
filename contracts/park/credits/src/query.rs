//! Queries. Every list reads one page of one storage prefix and says whether more follow.

use cosmwasm_std::{Addr, Binary, Deps, Env, Order, StdResult, to_json_binary};
use ledger_contract_kit::paging::{Page, after, page};
use ledger_contract_kit::pause;
use ledger_types::park::credits::{
    Balance, BalancesResponse, Batch, BatchesResponse, Class, ClassesResponse, ConfigResponse,
    HistoryEvent, HistoryResponse, Project, ProjectsResponse, QueryMsg, RetirementsResponse,
    SellOrder, SellOrdersResponse, SerialHolder, SerialLookupResponse, VerifiersResponse,
};

use crate::serials::covering;
use crate::state::{
    BATCH_EVENTS, BATCHES, CLASSES, CONFIG, EVENTS, HOLDER_EVENTS, HOLDINGS, ORDERS_BY_SELLER,
    PROJECTS, RETIREMENTS, RETIREMENTS_BY_BENEFICIARY, RETIREMENTS_BY_HOLDER, RETIREMENTS_BY_METER,
    RETIREMENTS_BY_PRODUCT, SELL_ORDERS, StoredBatch, StoredClass, StoredOrder, StoredProject,
    VERIFIERS,
};
use crate::{ContractError, ContractResult};

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    Ok(match msg {
        QueryMsg::Config {} => {
            let config = CONFIG.load(deps.storage)?;
            to_json_binary(&ConfigResponse {
                admin_contract: config.admin_contract.to_string(),
                token: config.token.to_string(),
                footprints: config.footprints.map(String::from),
            })?
        }
        QueryMsg::PauseStatus {} => to_json_binary(&pause::status(deps.storage)?)?,
        QueryMsg::Verifiers {
            standard,
            start_after,
            limit,
        } => {
            let key = standard.registry_key();
            let start_after = start_after
                .map(|a| deps.api.addr_validate(&a))
                .transpose()?;
            let range = VERIFIERS.prefix(&key).keys(
                deps.storage,
                after(start_after.as_ref()),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } =
                page(range, limit, |address| StdResult::Ok(address.to_string()))?;
            to_json_binary(&VerifiersResponse {
                standard,
                verifiers: items,
                has_more,
            })?
        }
        QueryMsg::Class { id } => {
            let class = CLASSES
                .may_load(deps.storage, &id)?
                .ok_or_else(|| ContractError::UnknownClass { id: id.clone() })?;
            to_json_binary(&class_view(id, class))?
        }
        QueryMsg::Classes { start_after, limit } => {
            let range = CLASSES.range(
                deps.storage,
                after(start_after.as_deref()),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } = page(range, limit, |(id, class)| {
                StdResult::Ok(class_view(id, class))
            })?;
            to_json_binary(&ClassesResponse {
                classes: items,
                has_more,
            })?
        }
        QueryMsg::Project { id } => {
            let project = PROJECTS
                .may_load(deps.storage, &id)?
                .ok_or_else(|| ContractError::UnknownProject { id: id.clone() })?;
            to_json_binary(&project_view(id, project))?
        }
        QueryMsg::Projects { start_after, limit } => {
            let range = PROJECTS.range(
                deps.storage,
                after(start_after.as_deref()),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } = page(range, limit, |(id, project)| {
                StdResult::Ok(project_view(id, project))
            })?;
            to_json_binary(&ProjectsResponse {
                projects: items,
                has_more,
            })?
        }
        QueryMsg::Batch { id } => {
            let batch = BATCHES
                .may_load(deps.storage, id)?
                .ok_or(ContractError::UnknownBatch { id })?;
            to_json_binary(&batch_view(id, batch))?
        }
        QueryMsg::Batches { start_after, limit } => {
            let range = BATCHES.range(deps.storage, after(start_after), None, Order::Ascending);
            let Page { items, has_more } = page(range, limit, |(id, batch)| {
                StdResult::Ok(batch_view(id, batch))
            })?;
            to_json_binary(&BatchesResponse {
                batches: items,
                has_more,
            })?
        }
        QueryMsg::Balance { batch_id, holder } => {
            let holder = deps.api.addr_validate(&holder)?;
            let holding = HOLDINGS
                .may_load(deps.storage, (&holder, batch_id))?
                .unwrap_or_default();
            to_json_binary(&Balance {
                batch_id,
                tradable: holding.tradable,
                retired: holding.retired,
            })?
        }
        QueryMsg::Balances {
            holder,
            start_after,
            limit,
        } => {
            let holder = deps.api.addr_validate(&holder)?;
            let range = HOLDINGS.prefix(&holder).range(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } = page(range, limit, |(batch_id, holding)| {
                StdResult::Ok(Balance {
                    batch_id,
                    tradable: holding.tradable,
                    retired: holding.retired,
                })
            })?;
            to_json_binary(&BalancesResponse {
                holder: holder.to_string(),
                balances: items,
                has_more,
            })?
        }
        QueryMsg::Retirement { id } => to_json_binary(
            &RETIREMENTS
                .may_load(deps.storage, id)?
                .ok_or(ContractError::UnknownRetirement { id })?,
        )?,
        QueryMsg::RetirementsByHolder {
            holder,
            start_after,
            limit,
        } => {
            let holder = deps.api.addr_validate(&holder)?;
            let range = RETIREMENTS_BY_HOLDER.prefix(&holder).keys(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            to_json_binary(&retirements(deps, range, limit)?)?
        }
        QueryMsg::RetirementsByBeneficiary {
            beneficiary,
            start_after,
            limit,
        } => {
            let range = RETIREMENTS_BY_BENEFICIARY.prefix(&beneficiary).keys(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            to_json_binary(&retirements(deps, range, limit)?)?
        }
        QueryMsg::RetirementsByMeter {
            meter_id,
            start_after,
            limit,
        } => {
            let range = RETIREMENTS_BY_METER.prefix(&meter_id).keys(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            to_json_binary(&retirements(deps, range, limit)?)?
        }
        QueryMsg::RetirementsByProduct {
            product_id,
            start_after,
            limit,
        } => {
            let range = RETIREMENTS_BY_PRODUCT.prefix(&product_id).keys(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            to_json_binary(&retirements(deps, range, limit)?)?
        }
        QueryMsg::BatchHistory {
            batch_id,
            start_after,
            limit,
        } => {
            if !BATCHES.has(deps.storage, batch_id) {
                return Err(ContractError::UnknownBatch { id: batch_id });
            }
            let range = BATCH_EVENTS.prefix(batch_id).keys(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            to_json_binary(&history(deps, range, limit)?)?
        }
        QueryMsg::HolderHistory {
            holder,
            start_after,
            limit,
        } => {
            let holder: Addr = deps.api.addr_validate(&holder)?;
            let range = HOLDER_EVENTS.prefix(&holder).keys(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            to_json_binary(&history(deps, range, limit)?)?
        }
        QueryMsg::SellOrder { id } => {
            let order = SELL_ORDERS
                .may_load(deps.storage, id)?
                .ok_or(ContractError::UnknownOrder { id })?;
            to_json_binary(&order_view(id, order))?
        }
        QueryMsg::SellOrders { start_after, limit } => {
            let range = SELL_ORDERS.range(deps.storage, after(start_after), None, Order::Ascending);
            let Page { items, has_more } = page(range, limit, |(id, order)| {
                StdResult::Ok(order_view(id, order))
            })?;
            to_json_binary(&SellOrdersResponse {
                orders: items,
                has_more,
            })?
        }
        QueryMsg::SellOrdersBySeller {
            seller,
            start_after,
            limit,
        } => {
            let seller = deps.api.addr_validate(&seller)?;
            let range = ORDERS_BY_SELLER.prefix(&seller).keys(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } = page(range, limit, |id| {
                StdResult::Ok(order_view(id, SELL_ORDERS.load(deps.storage, id)?))
            })?;
            to_json_binary(&SellOrdersResponse {
                orders: items,
                has_more,
            })?
        }
        QueryMsg::Serial { standard, serial } => {
            let batch = covering(deps.storage, &standard.registry_key(), serial)?.map(
                |(serial_first, range)| SerialHolder {
                    batch_id: range.batch_id,
                    serial_first,
                    serial_last: range.last,
                },
            );
            to_json_binary(&SerialLookupResponse {
                standard,
                serial,
                batch,
            })?
        }
    })
}

fn retirements(
    deps: Deps,
    ids: impl Iterator<Item = StdResult<u64>>,
    limit: Option<u32>,
) -> StdResult<RetirementsResponse> {
    let Page { items, has_more } = page(ids, limit, |id| RETIREMENTS.load(deps.storage, id))?;
    Ok(RetirementsResponse {
        retirements: items,
        has_more,
    })
}

fn history(
    deps: Deps,
    seqs: impl Iterator<Item = StdResult<u64>>,
    limit: Option<u32>,
) -> StdResult<HistoryResponse> {
    let Page { items, has_more } = page(seqs, limit, |seq| {
        let event = EVENTS.load(deps.storage, seq)?;
        StdResult::Ok(HistoryEvent {
            seq,
            batch_id: event.batch_id,
            at: event.at,
            entry: event.entry,
        })
    })?;
    Ok(HistoryResponse {
        events: items,
        has_more,
    })
}

fn order_view(id: u64, order: StoredOrder) -> SellOrder {
    SellOrder {
        id,
        batch_id: order.batch_id,
        seller: order.seller.to_string(),
        remaining: order.remaining,
        price: order.price,
        created_at: order.created_at,
    }
}

fn class_view(id: String, class: StoredClass) -> Class {
    Class {
        id,
        standard: class.standard,
        methodology: class.methodology,
        admin: class.admin.to_string(),
        issuers: class.issuers.iter().map(Addr::to_string).collect(),
        created_at: class.created_at,
    }
}

fn project_view(id: String, project: StoredProject) -> Project {
    Project {
        id,
        class_id: project.class_id,
        jurisdiction: project.jurisdiction,
        developer: project.developer,
        metadata: project.metadata,
        created_by: project.created_by.to_string(),
        created_at: project.created_at,
    }
}

fn batch_view(id: u64, batch: StoredBatch) -> Batch {
    Batch {
        id,
        project_id: batch.project_id,
        class_id: batch.class_id,
        standard: batch.standard,
        vintage_start: batch.vintage_start,
        vintage_end: batch.vintage_end,
        serial_first: batch.serial_first,
        serial_last: batch.serial_last,
        issuance: batch.issuance,
        metadata: batch.metadata,
        proposed_by: batch.proposed_by.to_string(),
        proposed_at: batch.proposed_at,
        status: batch.status,
        totals: batch.totals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, mock_env};

    #[test]
    fn unknown_records_are_refused_with_their_errors() {
        let deps = mock_dependencies();
        let ask = |msg| query(deps.as_ref(), mock_env(), msg);
        assert_eq!(
            ask(QueryMsg::Retirement { id: 4 }),
            Err(ContractError::UnknownRetirement { id: 4 })
        );
        assert_eq!(
            ask(QueryMsg::Batch { id: 2 }),
            Err(ContractError::UnknownBatch { id: 2 })
        );
        assert_eq!(
            ask(QueryMsg::BatchHistory {
                batch_id: 2,
                start_after: None,
                limit: None
            }),
            Err(ContractError::UnknownBatch { id: 2 })
        );
        assert_eq!(
            ask(QueryMsg::Class { id: "GS".into() }),
            Err(ContractError::UnknownClass { id: "GS".into() })
        );
        assert_eq!(
            ask(QueryMsg::Project { id: "p".into() }),
            Err(ContractError::UnknownProject { id: "p".into() })
        );
    }
}
