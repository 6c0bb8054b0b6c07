//! Queries; every list is one bounded page with `has_more`.

use cosmwasm_std::{Binary, Deps, Order, StdResult, to_json_binary};
use cw_storage_plus::Bound;
use ledger_contract_kit::paging::{after, page};
use ledger_types::router::{
    BillStatusResponse, ConfigResponse, ConfirmationResponse, ConfirmedDigest,
    ConfirmedDigestsResponse, ConsumerRegionResponse, QueryMsg, RegionsResponse, RoutesResponse,
};

use crate::state::{
    BILL_STATUSES, CONFIG, CONFIRMATIONS, CONFIRMED_BY_REGION, CONSUMERS, OUTBOX, REGIONS, ROUTES,
    ROUTES_BY_REGION,
};
use crate::{ContractError, ContractResult};

pub fn dispatch(deps: Deps, msg: QueryMsg) -> ContractResult<Binary> {
    Ok(match msg {
        QueryMsg::Config {} => {
            let config = CONFIG.load(deps.storage)?;
            to_json_binary(&ConfigResponse {
                registry: config.registry,
                bank: config.bank,
                delivery: config.delivery,
            })?
        }
        QueryMsg::Region { region } => match REGIONS.may_load(deps.storage, &region)? {
            Some(found) => to_json_binary(&found)?,
            None => return Err(ContractError::UnknownRegion { region }),
        },
        QueryMsg::Regions { start_after, limit } => {
            let range = REGIONS.range(
                deps.storage,
                after(start_after.as_deref()),
                None,
                Order::Ascending,
            );
            let page = page(range, limit, |(_, region)| StdResult::Ok(region))?;
            to_json_binary(&RegionsResponse {
                regions: page.items,
                has_more: page.has_more,
            })?
        }
        QueryMsg::Route { meter_id } => match ROUTES.may_load(deps.storage, &meter_id)? {
            Some(route) => to_json_binary(&route)?,
            None => return Err(ContractError::UnknownMeter { meter_id }),
        },
        QueryMsg::Routes {
            region,
            start_after,
            limit,
        } => {
            let range = ROUTES_BY_REGION.prefix(&region).keys(
                deps.storage,
                after(start_after.as_deref()),
                None,
                Order::Ascending,
            );
            let page = page(range, limit, |meter_id| {
                ROUTES.load(deps.storage, &meter_id)
            })?;
            to_json_binary(&RoutesResponse {
                routes: page.items,
                has_more: page.has_more,
            })?
        }
        QueryMsg::ConsumerRegion { consumer } => {
            let consumer = deps.api.addr_validate(&consumer)?;
            let region = CONSUMERS.may_load(deps.storage, &consumer)?;
            to_json_binary(&ConsumerRegionResponse { consumer, region })?
        }
        QueryMsg::Confirmation { meter_id, period } => {
            let confirmation = CONFIRMATIONS.may_load(deps.storage, (&meter_id, period))?;
            to_json_binary(&ConfirmationResponse { confirmation })?
        }
        QueryMsg::ConfirmedDigests {
            region,
            period,
            start_after,
            limit,
        } => {
            let start = start_after.as_deref().map(Bound::exclusive);
            let range = CONFIRMED_BY_REGION.prefix((&region, period)).keys(
                deps.storage,
                start,
                None,
                Order::Ascending,
            );
            let page = page(range, limit, |meter_id| {
                let confirmation = CONFIRMATIONS.load(deps.storage, (&meter_id, period))?;
                StdResult::Ok(ConfirmedDigest {
                    meter_id,
                    readings_digest: confirmation.readings_digest,
                    total: confirmation.total,
                    confirmed: confirmation.confirmed,
                })
            })?;
            to_json_binary(&ConfirmedDigestsResponse {
                digests: page.items,
                has_more: page.has_more,
            })?
        }
        QueryMsg::BillStatus { meter_id, period } => {
            let status = BILL_STATUSES.may_load(deps.storage, (&meter_id, period))?;
            to_json_binary(&BillStatusResponse { status })?
        }
        QueryMsg::Outbox { start_after, limit } => {
            to_json_binary(&OUTBOX.page(deps.storage, start_after, limit)?)?
        }
    })
}
