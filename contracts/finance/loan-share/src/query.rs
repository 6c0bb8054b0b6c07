//! Queries. Every list is one page after an exclusive `start_after`, with `has_more`
//! (`ledger_contract_kit::paging`).
//!
//! Queries are not restricted to the parties: the records (who confirmed what, who received
//! which field and when) are for the contributor, the participant and the consortium's
//! auditors alike, and the chain's state is readable by anyone running a node anyway, so a
//! check on who asks would protect nothing. The borrower is protected by the ciphertexts,
//! which only the holder of the key they were made for can open.

use cosmwasm_std::{Addr, Binary, Deps, Env, Order, StdResult, to_json_binary};
use cw_storage_plus::Map;
use ledger_contract_kit::paging::{after, page};
use ledger_types::loan_share::{
    ConfigResponse, ConfirmationsResponse, DataServicePaymentsResponse, Disclosure,
    DisclosuresResponse, MembersResponse, Plan, PlanInfo, PlansResponse, QueryMsg,
    RechargesResponse, RedemptionsResponse, RolesResponse,
};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::load_token;
use crate::records::{load_confirmation, load_plan};
use crate::roles::roles_of;
use crate::state::{
    CONFIG, CONFIRMATION_DISCLOSURES, CONFIRMATIONS, CONFIRMATIONS_BY_PARTICIPANT,
    CONFIRMATIONS_BY_PLAN, DATA_PAYMENTS, DATA_PAYMENTS_BY_PROVIDER, DISCLOSURES, KEYS, OPEN_PLANS,
    PENDING_DISCLOSURES, PLAN_BY_ASSET, PLANS, PLANS_BY_CONTRIBUTOR, RECHARGES, REDEMPTIONS, ROLES,
    TOTALS,
};

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    let now = env.block.time.seconds();
    Ok(match msg {
        QueryMsg::PauseStatus {} => {
            to_json_binary(&ledger_contract_kit::pause::status(deps.storage)?)?
        }
        QueryMsg::Config {} => to_json_binary(&ConfigResponse {
            admin_contract: CONFIG.load(deps.storage)?.admin_contract,
            token: load_token(deps.storage)?,
        })?,
        QueryMsg::Totals {} => to_json_binary(&TOTALS.load(deps.storage)?)?,
        QueryMsg::Roles { address } => {
            let address = deps.api.addr_validate(&address)?;
            let roles = roles_of(deps.storage, &address)?;
            to_json_binary(&RolesResponse { address, roles })?
        }
        QueryMsg::Members { start_after, limit } => {
            to_json_binary(&members(deps, start_after, limit)?)?
        }
        QueryMsg::Key { address } => {
            let address = deps.api.addr_validate(&address)?;
            to_json_binary(&KEYS.may_load(deps.storage, &address)?)?
        }
        QueryMsg::Recharge { reference } => match RECHARGES.may_load(deps.storage, &reference)? {
            Some(recharge) => to_json_binary(&recharge)?,
            None => return Err(ContractError::RechargeNotFound { reference }),
        },
        QueryMsg::Recharges { start_after, limit } => {
            let range = RECHARGES.range(
                deps.storage,
                after(start_after.as_deref()),
                None,
                Order::Ascending,
            );
            let recharges = page(range, limit, |(_, recharge)| StdResult::Ok(recharge))?;
            to_json_binary(&RechargesResponse {
                recharges: recharges.items,
                has_more: recharges.has_more,
            })?
        }
        QueryMsg::Redemption { request_id } => to_json_binary(
            &REDEMPTIONS
                .may_load(deps.storage, request_id)?
                .ok_or(ContractError::RedemptionNotFound { id: request_id })?,
        )?,
        QueryMsg::Redemptions { start_after, limit } => {
            let range = REDEMPTIONS.range(deps.storage, after(start_after), None, Order::Ascending);
            let redemptions = page(range, limit, |(_, redemption)| StdResult::Ok(redemption))?;
            to_json_binary(&RedemptionsResponse {
                redemptions: redemptions.items,
                has_more: redemptions.has_more,
            })?
        }
        QueryMsg::Plan { plan_id } => {
            to_json_binary(&info(load_plan(deps.storage, plan_id)?, now))?
        }
        QueryMsg::PlanByAsset {
            contributor,
            asset_id,
        } => to_json_binary(&plan_by_asset(deps, now, contributor, asset_id)?)?,
        QueryMsg::Plans { start_after, limit } => {
            let range = PLANS.range(deps.storage, after(start_after), None, Order::Ascending);
            let plans = page(range, limit, |(_, plan)| StdResult::Ok(info(plan, now)))?;
            to_json_binary(&PlansResponse {
                plans: plans.items,
                has_more: plans.has_more,
            })?
        }
        QueryMsg::OpenPlans { start_after, limit } => {
            to_json_binary(&open_plans(deps, now, start_after, limit)?)?
        }
        QueryMsg::PlansByContributor {
            contributor,
            start_after,
            limit,
        } => {
            let contributor = deps.api.addr_validate(&contributor)?;
            let ids = PLANS_BY_CONTRIBUTOR.prefix(&contributor).keys(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            to_json_binary(&plans(deps, now, ids, limit, |id| id)?)?
        }
        QueryMsg::Confirmation { confirmation_id } => {
            to_json_binary(&load_confirmation(deps.storage, confirmation_id)?)?
        }
        QueryMsg::Confirmations { start_after, limit } => {
            let range =
                CONFIRMATIONS.range(deps.storage, after(start_after), None, Order::Ascending);
            let confirmations = page(range, limit, |(_, confirmation)| {
                StdResult::Ok(confirmation)
            })?;
            to_json_binary(&ConfirmationsResponse {
                confirmations: confirmations.items,
                has_more: confirmations.has_more,
            })?
        }
        QueryMsg::ConfirmationsByPlan {
            plan_id,
            start_after,
            limit,
        } => {
            load_plan(deps.storage, plan_id)?;
            let ids = CONFIRMATIONS_BY_PLAN.prefix(plan_id).keys(
                deps.storage,
                after(start_after),
                None,
                Order::Ascending,
            );
            to_json_binary(&confirmations(deps, ids, limit)?)?
        }
        QueryMsg::ConfirmationsByParticipant {
            participant,
            start_after,
            limit,
        } => to_json_binary(&confirmations_of(
            deps,
            &CONFIRMATIONS_BY_PARTICIPANT,
            &participant,
            start_after,
            limit,
        )?)?,
        QueryMsg::PendingDisclosures {
            contributor,
            start_after,
            limit,
        } => to_json_binary(&confirmations_of(
            deps,
            &PENDING_DISCLOSURES,
            &contributor,
            start_after,
            limit,
        )?)?,
        QueryMsg::ConfirmationDisclosures { confirmation_id } => {
            load_confirmation(deps.storage, confirmation_id)?;
            // At most one disclosure per field of the plan: bounded by the five fields.
            let disclosures = CONFIRMATION_DISCLOSURES
                .prefix(confirmation_id)
                .keys(deps.storage, None, None, Order::Ascending)
                .map(|id| DISCLOSURES.load(deps.storage, id?))
                .collect::<StdResult<Vec<Disclosure>>>()?;
            // Never more than one page: the whole list.
            to_json_binary(&DisclosuresResponse {
                disclosures,
                has_more: false,
            })?
        }
        QueryMsg::Disclosures { start_after, limit } => {
            let range = DISCLOSURES.range(deps.storage, after(start_after), None, Order::Ascending);
            let disclosures = page(range, limit, |(_, disclosure)| StdResult::Ok(disclosure))?;
            to_json_binary(&DisclosuresResponse {
                disclosures: disclosures.items,
                has_more: disclosures.has_more,
            })?
        }
        QueryMsg::DataServicePayments {
            provider,
            start_after,
            limit,
        } => to_json_binary(&data_payments(deps, provider, start_after, limit)?)?,
    })
}

fn info(plan: Plan, now: u64) -> PlanInfo {
    PlanInfo {
        state: plan.state(now),
        plan,
    }
}

fn members(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> ContractResult<MembersResponse> {
    let start = start_after
        .map(|address| deps.api.addr_validate(&address))
        .transpose()?;
    let range = ROLES.range(deps.storage, after(start.as_ref()), None, Order::Ascending);
    let members = page(range, limit, |(address, roles)| {
        StdResult::Ok(RolesResponse { address, roles })
    })?;
    Ok(MembersResponse {
        members: members.items,
        has_more: members.has_more,
    })
}

fn plan_by_asset(
    deps: Deps,
    now: u64,
    contributor: String,
    asset_id: String,
) -> ContractResult<PlanInfo> {
    let contributor = deps.api.addr_validate(&contributor)?;
    match PLAN_BY_ASSET.may_load(deps.storage, (&contributor, asset_id.as_str()))? {
        Some(plan_id) => Ok(info(load_plan(deps.storage, plan_id)?, now)),
        None => Err(ContractError::AssetNotFound {
            contributor,
            asset_id,
        }),
    }
}

/// Plans neither withdrawn nor full that end after `now`, by end time then id.
fn open_plans(
    deps: Deps,
    now: u64,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<PlansResponse> {
    // Every key (end, id) with end > now comes after (now, u64::MAX).
    let mut start = (now, u64::MAX);
    if let Some(plan_id) = start_after {
        let after = (load_plan(deps.storage, plan_id)?.terms.end, plan_id);
        start = start.max(after);
    }
    let keys = OPEN_PLANS.keys(deps.storage, after(Some(start)), None, Order::Ascending);
    plans(deps, now, keys, limit, |(_end, id)| id)
}

/// A page of the plans named by `keys` (`id` picks the plan id from a key), with their state
/// at `now`.
fn plans<K>(
    deps: Deps,
    now: u64,
    keys: impl Iterator<Item = StdResult<K>>,
    limit: Option<u32>,
    id: impl Fn(K) -> u64,
) -> ContractResult<PlansResponse> {
    let plans = page(keys, limit, |key| {
        PLANS
            .load(deps.storage, id(key))
            .map(|plan| info(plan, now))
    })?;
    Ok(PlansResponse {
        plans: plans.items,
        has_more: plans.has_more,
    })
}

fn confirmations(
    deps: Deps,
    ids: Box<dyn Iterator<Item = StdResult<u64>> + '_>,
    limit: Option<u32>,
) -> ContractResult<ConfirmationsResponse> {
    let confirmations = page(ids, limit, |id| CONFIRMATIONS.load(deps.storage, id))?;
    Ok(ConfirmationsResponse {
        confirmations: confirmations.items,
        has_more: confirmations.has_more,
    })
}

/// One page of the confirmations `index` lists under `address`.
fn confirmations_of(
    deps: Deps,
    index: &Map<(&Addr, u64), ()>,
    address: &str,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<ConfirmationsResponse> {
    let address = deps.api.addr_validate(address)?;
    let ids = index
        .prefix(&address)
        .keys(deps.storage, after(start_after), None, Order::Ascending);
    confirmations(deps, ids, limit)
}

fn data_payments(
    deps: Deps,
    provider: Option<String>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<DataServicePaymentsResponse> {
    let start = after(start_after);
    let payments = match provider {
        Some(provider) => {
            let provider: Addr = deps.api.addr_validate(&provider)?;
            let ids = DATA_PAYMENTS_BY_PROVIDER.prefix(&provider).keys(
                deps.storage,
                start,
                None,
                Order::Ascending,
            );
            page(ids, limit, |id| DATA_PAYMENTS.load(deps.storage, id))?
        }
        None => {
            let range = DATA_PAYMENTS.range(deps.storage, start, None, Order::Ascending);
            page(range, limit, |(_, payment)| StdResult::Ok(payment))?
        }
    };
    Ok(DataServicePaymentsResponse {
        payments: payments.items,
        has_more: payments.has_more,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Deps, now, plan_input, post_contributors_plan, setup};
    use cosmwasm_std::Timestamp;
    use cosmwasm_std::from_json;
    use cosmwasm_std::testing::mock_env;
    use ledger_types::loan_share::{LoanType, PlanState};

    fn open(deps: &Deps, at: u64, start_after: Option<u64>, limit: u32) -> Vec<(u64, PlanState)> {
        let mut env = mock_env();
        env.block.time = Timestamp::from_seconds(at);
        let res: PlansResponse = from_json(
            query(
                deps.as_ref(),
                env,
                QueryMsg::OpenPlans {
                    start_after,
                    limit: Some(limit),
                },
            )
            .unwrap(),
        )
        .unwrap();
        res.plans.iter().map(|p| (p.plan.id, p.state)).collect()
    }

    #[test]
    fn open_plans_page_by_end_time_and_drop_out_when_they_end() {
        let (mut deps, a) = setup();
        let t = now();
        // Plans 1..=4 end in 40, 10, 30 and 20 days; plan 3 starts tomorrow.
        for (i, days) in [40u64, 10, 30, 20].into_iter().enumerate() {
            let mut input = plan_input(&format!("A-{i}"), LoanType::Cash, 100);
            input.terms.end = t + days * 86_400;
            if i == 2 {
                input.terms.start = t + 86_400;
            }
            post_contributors_plan(&mut deps, &a, input);
        }
        assert_eq!(
            open(&deps, t, None, 10),
            vec![
                (2, PlanState::Open),
                (4, PlanState::Open),
                (3, PlanState::Upcoming),
                (1, PlanState::Open)
            ]
        );
        assert_eq!(
            open(&deps, t, None, 2),
            vec![(2, PlanState::Open), (4, PlanState::Open)]
        );
        assert_eq!(
            open(&deps, t, Some(4), 2),
            vec![(3, PlanState::Upcoming), (1, PlanState::Open)]
        );
        // After 15 days plan 2 has ended; paging from it still works.
        assert_eq!(open(&deps, t + 15 * 86_400, None, 10).len(), 3);
        assert_eq!(
            open(&deps, t + 15 * 86_400, Some(2), 1),
            vec![(4, PlanState::Open)]
        );
        assert!(open(&deps, t + 40 * 86_400, None, 10).is_empty());

        let by_asset: PlanInfo = from_json(
            query(
                deps.as_ref(),
                mock_env(),
                QueryMsg::PlanByAsset {
                    contributor: a.contributor.to_string(),
                    asset_id: "A-2".into(),
                },
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(by_asset.plan.id, 3);
        assert_eq!(
            query(
                deps.as_ref(),
                mock_env(),
                QueryMsg::PlanByAsset {
                    contributor: a.contributor.to_string(),
                    asset_id: "A-9".into(),
                },
            ),
            Err(ContractError::AssetNotFound {
                contributor: a.contributor.clone(),
                asset_id: "A-9".into()
            })
        );
    }
}
