//! Queries. Every list pages with an exclusive `start_after` and
//! `ledger_types::paging::page_size`.
//!
//! Queries are not restricted to the parties: the records (who confirmed what, who received
//! which field and when) are for the contributor, the participant and the consortium's
//! auditors alike, and the chain's state is readable by anyone running a node anyway, so a
//! check on who asks would protect nothing. The borrower is protected by the ciphertexts,
//! which only the holder of the key they were made for can open.

use cosmwasm_std::{Addr, Binary, Deps, Env, Order, StdResult, to_json_binary};
use cw_storage_plus::Bound;
use ledger_types::loan_share::{
    ConfigResponse, Confirmation, ConfirmationsResponse, DataServicePayment,
    DataServicePaymentsResponse, Disclosure, DisclosuresResponse, MembersResponse, Plan, PlanInfo,
    PlansResponse, QueryMsg, RechargesResponse, Redemption, RedemptionsResponse, RolesResponse,
};
use ledger_types::paging::page_size;

use crate::ContractError;
use crate::execute::load_token;
use crate::records::{load_confirmation, load_plan};
use crate::roles::roles_of;
use crate::state::{
    CONFIG, CONFIRMATION_DISCLOSURES, CONFIRMATIONS, CONFIRMATIONS_BY_PARTICIPANT,
    CONFIRMATIONS_BY_PLAN, DATA_PAYMENTS, DATA_PAYMENTS_BY_PROVIDER, DISCLOSURES, KEYS, OPEN_PLANS,
    PENDING_DISCLOSURES, PLAN_BY_ASSET, PLANS, PLANS_BY_CONTRIBUTOR, RECHARGES, REDEMPTIONS, ROLES,
    TOTALS,
};

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
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
            let recharges = RECHARGES
                .range(
                    deps.storage,
                    start_after.as_deref().map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(page_size(limit))
                .map(|item| item.map(|(_, recharge)| recharge))
                .collect::<StdResult<_>>()?;
            to_json_binary(&RechargesResponse { recharges })?
        }
        QueryMsg::Redemption { request_id } => to_json_binary(
            &REDEMPTIONS
                .may_load(deps.storage, request_id)?
                .ok_or(ContractError::RedemptionNotFound { id: request_id })?,
        )?,
        QueryMsg::Redemptions { start_after, limit } => {
            let redemptions = REDEMPTIONS
                .range(
                    deps.storage,
                    start_after.map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(page_size(limit))
                .map(|item| item.map(|(_, redemption)| redemption))
                .collect::<StdResult<Vec<Redemption>>>()?;
            to_json_binary(&RedemptionsResponse { redemptions })?
        }
        QueryMsg::Plan { plan_id } => {
            to_json_binary(&info(load_plan(deps.storage, plan_id)?, now))?
        }
        QueryMsg::PlanByAsset {
            contributor,
            asset_id,
        } => to_json_binary(&plan_by_asset(deps, now, contributor, asset_id)?)?,
        QueryMsg::Plans { start_after, limit } => {
            let plans = PLANS
                .range(
                    deps.storage,
                    start_after.map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(page_size(limit))
                .map(|item| item.map(|(_, plan)| info(plan, now)))
                .collect::<StdResult<_>>()?;
            to_json_binary(&PlansResponse { plans })?
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
            let plans = PLANS_BY_CONTRIBUTOR
                .prefix(&contributor)
                .keys(
                    deps.storage,
                    start_after.map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(page_size(limit))
                .map(|id| PLANS.load(deps.storage, id?).map(|plan| info(plan, now)))
                .collect::<StdResult<_>>()?;
            to_json_binary(&PlansResponse { plans })?
        }
        QueryMsg::Confirmation { confirmation_id } => {
            to_json_binary(&load_confirmation(deps.storage, confirmation_id)?)?
        }
        QueryMsg::Confirmations { start_after, limit } => {
            let confirmations = CONFIRMATIONS
                .range(
                    deps.storage,
                    start_after.map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(page_size(limit))
                .map(|item| item.map(|(_, confirmation)| confirmation))
                .collect::<StdResult<_>>()?;
            to_json_binary(&ConfirmationsResponse { confirmations })?
        }
        QueryMsg::ConfirmationsByPlan {
            plan_id,
            start_after,
            limit,
        } => {
            load_plan(deps.storage, plan_id)?;
            let ids = CONFIRMATIONS_BY_PLAN.prefix(plan_id).keys(
                deps.storage,
                start_after.map(Bound::exclusive),
                None,
                Order::Ascending,
            );
            to_json_binary(&confirmations(deps, ids, limit)?)?
        }
        QueryMsg::ConfirmationsByParticipant {
            participant,
            start_after,
            limit,
        } => {
            let participant = deps.api.addr_validate(&participant)?;
            let ids = CONFIRMATIONS_BY_PARTICIPANT.prefix(&participant).keys(
                deps.storage,
                start_after.map(Bound::exclusive),
                None,
                Order::Ascending,
            );
            to_json_binary(&confirmations(deps, ids, limit)?)?
        }
        QueryMsg::PendingDisclosures {
            contributor,
            start_after,
            limit,
        } => {
            let contributor = deps.api.addr_validate(&contributor)?;
            let ids = PENDING_DISCLOSURES.prefix(&contributor).keys(
                deps.storage,
                start_after.map(Bound::exclusive),
                None,
                Order::Ascending,
            );
            to_json_binary(&confirmations(deps, ids, limit)?)?
        }
        QueryMsg::ConfirmationDisclosures { confirmation_id } => {
            load_confirmation(deps.storage, confirmation_id)?;
            // At most one disclosure per field of the plan: bounded by the five fields.
            let disclosures = CONFIRMATION_DISCLOSURES
                .prefix(confirmation_id)
                .keys(deps.storage, None, None, Order::Ascending)
                .map(|id| DISCLOSURES.load(deps.storage, id?))
                .collect::<StdResult<Vec<Disclosure>>>()?;
            to_json_binary(&DisclosuresResponse { disclosures })?
        }
        QueryMsg::Disclosures { start_after, limit } => {
            let disclosures = DISCLOSURES
                .range(
                    deps.storage,
                    start_after.map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(page_size(limit))
                .map(|item| item.map(|(_, disclosure)| disclosure))
                .collect::<StdResult<_>>()?;
            to_json_binary(&DisclosuresResponse { disclosures })?
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
) -> Result<MembersResponse, ContractError> {
    let start = start_after
        .map(|address| deps.api.addr_validate(&address))
        .transpose()?;
    let members = ROLES
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|item| item.map(|(address, roles)| RolesResponse { address, roles }))
        .collect::<StdResult<_>>()?;
    Ok(MembersResponse { members })
}

fn plan_by_asset(
    deps: Deps,
    now: u64,
    contributor: String,
    asset_id: String,
) -> Result<PlanInfo, ContractError> {
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
) -> Result<PlansResponse, ContractError> {
    // Every key (end, id) with end > now comes after (now, u64::MAX).
    let mut start = (now, u64::MAX);
    if let Some(plan_id) = start_after {
        let after = (load_plan(deps.storage, plan_id)?.terms.end, plan_id);
        start = start.max(after);
    }
    let plans = OPEN_PLANS
        .keys(
            deps.storage,
            Some(Bound::exclusive(start)),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|key| PLANS.load(deps.storage, key?.1).map(|plan| info(plan, now)))
        .collect::<StdResult<_>>()?;
    Ok(PlansResponse { plans })
}

fn confirmations(
    deps: Deps,
    ids: Box<dyn Iterator<Item = StdResult<u64>> + '_>,
    limit: Option<u32>,
) -> Result<ConfirmationsResponse, ContractError> {
    let confirmations = ids
        .take(page_size(limit))
        .map(|id| CONFIRMATIONS.load(deps.storage, id?))
        .collect::<StdResult<Vec<Confirmation>>>()?;
    Ok(ConfirmationsResponse { confirmations })
}

fn data_payments(
    deps: Deps,
    provider: Option<String>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<DataServicePaymentsResponse, ContractError> {
    let start = start_after.map(Bound::exclusive);
    let payments = match provider {
        Some(provider) => {
            let provider: Addr = deps.api.addr_validate(&provider)?;
            DATA_PAYMENTS_BY_PROVIDER
                .prefix(&provider)
                .keys(deps.storage, start, None, Order::Ascending)
                .take(page_size(limit))
                .map(|id| DATA_PAYMENTS.load(deps.storage, id?))
                .collect::<StdResult<Vec<DataServicePayment>>>()?
        }
        None => DATA_PAYMENTS
            .range(deps.storage, start, None, Order::Ascending)
            .take(page_size(limit))
            .map(|item| item.map(|(_, payment)| payment))
            .collect::<StdResult<Vec<DataServicePayment>>>()?,
    };
    Ok(DataServicePaymentsResponse { payments })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execute::plans::post_plan;
    use crate::testing::{Deps, now, plan_input, setup};
    use cosmwasm_std::Timestamp;
    use cosmwasm_std::from_json;
    use cosmwasm_std::testing::{message_info, mock_env};
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
            post_plan(
                deps.as_mut(),
                mock_env(),
                message_info(&a.contributor, &[]),
                input,
            )
            .unwrap();
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
