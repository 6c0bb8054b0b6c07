//! Queries. Every list reads one page of one storage prefix and says whether more follow.

use cosmwasm_std::{Binary, Deps, Env, Order, StdResult, to_json_binary};
use cw_storage_plus::Bound;
use ledger_contract_kit::paging::{Page, after, page};
use ledger_contract_kit::pause;
use ledger_types::cloud::{
    BillCursor, BillsResponse, ConfigResponse, CurrentPricesResponse, HeldPayoutsResponse,
    LeaseChargeResponse, LeasesResponse, MembershipResponse, MonthTotals, MonthlyTotalsResponse,
    OrganisationsResponse, PriceVersionsResponse, QueryMsg, QuotaResponse, QuotasResponse,
    Resources, UsersResponse,
};

use crate::execute::leases::load_lease;
use crate::execute::offers::prices_in_force;
use crate::ledger::charge_at;
use crate::registry::load_org;
use crate::state::{
    BILLS, BILLS_BY_CONSUMER, BILLS_BY_PAIR, BILLS_BY_PROVIDER, CONFIG, CONSUMER_TOTALS, ESCROW,
    HELD, IN_USE, LATEST_PRICES, LEASES, MONTH_TOTALS, OPEN_BY_PROVIDER, ORGS, PAIR_TOTALS, PRICES,
    PROVIDER_TOTALS, QUOTAS, TERMS, USER_ORG, USERS, bill_key, split_bill_key,
};
use crate::{ContractError, ContractResult};

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    let now = env.block.time.seconds();
    Ok(match msg {
        QueryMsg::Config {} => {
            let config = CONFIG.load(deps.storage)?;
            to_json_binary(&ConfigResponse {
                admin_contract: config.admin_contract,
                token: config.token,
                minimums: config.minimums,
            })?
        }
        QueryMsg::PauseStatus {} => to_json_binary(&pause::status(deps.storage)?)?,
        QueryMsg::Organisation { id } => to_json_binary(&load_org(deps.storage, &id)?)?,
        QueryMsg::Organisations { start_after, limit } => {
            let range = ORGS.range(
                deps.storage,
                after(start_after.as_deref()),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } = page(range, limit, |(_, org)| StdResult::Ok(org))?;
            to_json_binary(&OrganisationsResponse {
                organisations: items,
                has_more,
            })?
        }
        QueryMsg::Users {
            org,
            start_after,
            limit,
        } => {
            let start = start_after
                .map(|a| deps.api.addr_validate(&a))
                .transpose()?;
            let range = USERS.prefix(&org).keys(
                deps.storage,
                start.as_ref().map(Bound::exclusive),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } = page(range, limit, StdResult::Ok)?;
            to_json_binary(&UsersResponse {
                users: items,
                has_more,
            })?
        }
        QueryMsg::MemberOf { address } => {
            let address = deps.api.addr_validate(&address)?;
            let org = USER_ORG.may_load(deps.storage, &address)?;
            to_json_binary(&MembershipResponse { address, org })?
        }
        QueryMsg::Quota { provider, consumer } => {
            to_json_binary(&quota(deps, &provider, &consumer)?)?
        }
        QueryMsg::Quotas {
            provider,
            start_after,
            limit,
        } => {
            let range = QUOTAS.prefix(&provider).keys(
                deps.storage,
                start_after.as_deref().map(Bound::exclusive),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } =
                page(range, limit, |consumer| quota(deps, &provider, &consumer))?;
            to_json_binary(&QuotasResponse {
                quotas: items,
                has_more,
            })?
        }
        QueryMsg::PriceVersion { provider, version } => {
            to_json_binary(&PRICES.load(deps.storage, (&provider, version))?)?
        }
        QueryMsg::PriceVersions {
            provider,
            start_after,
            limit,
        } => {
            let range = PRICES.prefix(&provider).range(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } = page(range, limit, |(_, v)| StdResult::Ok(v))?;
            to_json_binary(&PriceVersionsResponse {
                versions: items,
                has_more,
            })?
        }
        QueryMsg::CurrentPrices { start_after, limit } => {
            // Pages over providers with a price list; one not yet in force is skipped, so a
            // page may hold fewer entries than its limit.
            let range = LATEST_PRICES.keys(
                deps.storage,
                start_after.as_deref().map(Bound::exclusive),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } = page(range, limit, |provider| {
                prices_in_force(deps.storage, &provider, now)
            })?;
            to_json_binary(&CurrentPricesResponse {
                prices: items.into_iter().flatten().collect(),
                has_more,
            })?
        }
        QueryMsg::Lease { lease_id } => to_json_binary(&load_lease(deps.storage, lease_id)?)?,
        QueryMsg::Leases { start_after, limit } => {
            let range = LEASES.range(deps.storage, after(start_after), None, Order::Ascending);
            let Page { items, has_more } = page(range, limit, |(_, l)| StdResult::Ok(l))?;
            to_json_binary(&LeasesResponse {
                leases: items,
                has_more,
            })?
        }
        QueryMsg::OpenLeases {
            provider,
            start_after,
            limit,
        } => {
            let range = OPEN_BY_PROVIDER.prefix(&provider).keys(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } = page(range, limit, |id| load_lease(deps.storage, id))?;
            to_json_binary(&LeasesResponse {
                leases: items,
                has_more,
            })?
        }
        QueryMsg::LeaseCharge { lease_id } => {
            let lease = load_lease(deps.storage, lease_id)?;
            let charge = charge_at(&lease, now)?;
            to_json_binary(&LeaseChargeResponse {
                lease_id,
                charged_until: charge.charged_until,
                time_charge: charge.time_charge,
                usage_charge: charge.usage_charge,
                amount: charge.amount,
                escrow: lease.escrow,
                holding_ends_at: charge.holding_ends_at,
                closable: charge.closable.is_some(),
            })?
        }
        QueryMsg::Terms { lease_id } => {
            load_lease(deps.storage, lease_id)?;
            let terms = TERMS
                .may_load(deps.storage, lease_id)?
                .ok_or(ContractError::NoTerms { lease_id })?;
            to_json_binary(&terms)?
        }
        QueryMsg::Bill { lease_id } => to_json_binary(&BILLS.load(deps.storage, lease_id)?)?,
        QueryMsg::ProviderBills {
            provider,
            consumer,
            start_after,
            limit,
        } => {
            let start = cursor(start_after);
            let range = match &consumer {
                Some(consumer) => BILLS_BY_PAIR.prefix((&provider, consumer)).keys(
                    deps.storage,
                    start,
                    None,
                    Order::Ascending,
                ),
                None => BILLS_BY_PROVIDER.prefix(&provider).keys(
                    deps.storage,
                    start,
                    None,
                    Order::Ascending,
                ),
            };
            to_json_binary(&bills(deps, range, limit)?)?
        }
        QueryMsg::ConsumerBills {
            consumer,
            start_after,
            limit,
        } => {
            let range = BILLS_BY_CONSUMER.prefix(&consumer).keys(
                deps.storage,
                cursor(start_after),
                None,
                Order::Ascending,
            );
            to_json_binary(&bills(deps, range, limit)?)?
        }
        QueryMsg::ProviderTotals { provider } => to_json_binary(
            &PROVIDER_TOTALS
                .may_load(deps.storage, &provider)?
                .unwrap_or_default(),
        )?,
        QueryMsg::ConsumerTotals { consumer } => to_json_binary(
            &CONSUMER_TOTALS
                .may_load(deps.storage, &consumer)?
                .unwrap_or_default(),
        )?,
        QueryMsg::PairTotals { provider, consumer } => to_json_binary(
            &PAIR_TOTALS
                .may_load(deps.storage, (&provider, &consumer))?
                .unwrap_or_default(),
        )?,
        QueryMsg::MonthlyTotals {
            provider,
            start_after,
            limit,
        } => {
            let range = MONTH_TOTALS.prefix(&provider).range(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            let Page { items, has_more } = page(range, limit, |(month, totals)| {
                StdResult::Ok(MonthTotals { month, totals })
            })?;
            to_json_binary(&MonthlyTotalsResponse {
                months: items,
                has_more,
            })?
        }
        QueryMsg::HeldPayouts { start_after, limit } => {
            let range = HELD.range(deps.storage, after(start_after), None, Order::Ascending);
            let Page { items, has_more } = page(range, limit, |(_, h)| StdResult::Ok(h))?;
            to_json_binary(&HeldPayoutsResponse {
                held: items,
                has_more,
            })?
        }
        QueryMsg::EscrowTotals {} => to_json_binary(&ESCROW.load(deps.storage)?)?,
    })
}

fn cursor(start_after: Option<BillCursor>) -> Option<Bound<'static, u128>> {
    start_after.map(|c| Bound::exclusive(bill_key(c.closed_at, c.lease_id)))
}

fn bills(
    deps: Deps,
    range: Box<dyn Iterator<Item = StdResult<u128>> + '_>,
    limit: Option<u32>,
) -> ContractResult<BillsResponse> {
    let Page { items, has_more } = page(range, limit, |key| {
        let (_, lease_id) = split_bill_key(key);
        BILLS.load(deps.storage, lease_id)
    })?;
    Ok(BillsResponse {
        bills: items,
        has_more,
    })
}

/// A quota with what is in use and what is left (zero where a lowered limit is passed).
fn quota(deps: Deps, provider: &str, consumer: &str) -> ContractResult<QuotaResponse> {
    let quota = QUOTAS
        .may_load(deps.storage, (provider, consumer))?
        .ok_or_else(|| ContractError::NoQuota {
            provider: provider.to_string(),
            consumer: consumer.to_string(),
        })?;
    let in_use = IN_USE
        .may_load(deps.storage, (provider, consumer))?
        .unwrap_or_default();
    let limit = Resources {
        vcpus: quota.vcpus,
        memory_mib: quota.memory_mib,
        disk_gib: quota.disk_gib,
        public_ips: quota.public_ips,
        gpus: quota.gpus.unwrap_or(0),
    };
    let left = Resources {
        vcpus: limit.vcpus.saturating_sub(in_use.vcpus),
        memory_mib: limit.memory_mib.saturating_sub(in_use.memory_mib),
        disk_gib: limit.disk_gib.saturating_sub(in_use.disk_gib),
        public_ips: limit.public_ips.saturating_sub(in_use.public_ips),
        gpus: limit.gpus.saturating_sub(in_use.gpus),
    };
    Ok(QuotaResponse {
        provider: provider.to_string(),
        consumer: consumer.to_string(),
        quota,
        in_use,
        left,
    })
}
