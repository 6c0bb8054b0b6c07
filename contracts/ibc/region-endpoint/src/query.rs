//! Queries: the wiring, the channel, consumers, meters, bills and the outbox, lists paged
//! with `has_more`.

use cosmwasm_std::{Deps, Order, StdResult};
use ledger_contract_kit::paging::{after, page};
use ledger_types::admin::Role;
use ledger_types::region_endpoint::{
    BillRecord, BillsResponse, ChannelResponse, ConfigResponse, ConsumerResponse, MetersResponse,
};

use crate::state::{BILLS, CHANNEL, CONFIG, METERS, consumer_or_new};
use crate::{ContractError, ContractResult};

pub fn config(deps: Deps) -> ContractResult<ConfigResponse> {
    Ok(CONFIG.load(deps.storage)?)
}

/// Whether `address` may pause (`guardian`, `admin`) or resume (`admin`) the region's meter
/// contracts: the endpoint's administrator only; the region has no other roles.
pub fn has_role(deps: Deps, address: &str, role: Role) -> ContractResult<bool> {
    let admin = CONFIG.load(deps.storage)?.admin;
    Ok(matches!(role, Role::Admin | Role::Guardian) && admin.as_str() == address)
}

pub fn channel(deps: Deps) -> ContractResult<ChannelResponse> {
    Ok(ChannelResponse {
        channel: CHANNEL.may_load(deps.storage)?,
    })
}

/// A consumer never heard of here has no contract and a clear standing.
pub fn consumer(deps: Deps, consumer: String) -> ContractResult<ConsumerResponse> {
    let consumer = deps.api.addr_validate(&consumer)?;
    Ok(consumer_or_new(deps.storage, &consumer)?)
}

pub fn meters(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> ContractResult<MetersResponse> {
    let range = METERS.range(
        deps.storage,
        after(start_after.as_deref()),
        None,
        Order::Ascending,
    );
    let page = page(range, limit, |(_, entry)| StdResult::Ok(entry))?;
    Ok(MetersResponse {
        meters: page.items,
        has_more: page.has_more,
    })
}

pub fn bill(deps: Deps, meter_id: String, period: u32) -> ContractResult<BillRecord> {
    BILLS
        .may_load(deps.storage, (&meter_id, period))?
        .ok_or(ContractError::UnknownBill { meter_id, period })
}

pub fn bills(
    deps: Deps,
    start_after: Option<(String, u32)>,
    limit: Option<u32>,
) -> ContractResult<BillsResponse> {
    let start = start_after
        .as_ref()
        .map(|(meter_id, period)| (meter_id.as_str(), *period));
    let range = BILLS.range(deps.storage, after(start), None, Order::Ascending);
    let page = page(range, limit, |(_, bill)| StdResult::Ok(bill))?;
    Ok(BillsResponse {
        bills: page.items,
        has_more: page.has_more,
    })
}
