//! Share plans: a contributor posts one, and may withdraw it while nobody has confirmed.
//!
//! A plan carries its borrower's sensitive fields only as ciphertext the contributor made on
//! its own machine (to its own key) and a commitment per field; the contract checks their
//! shape, never their content. A contributor must have an encryption key registered, so that
//! the plan can be traced to a key able to open its fields.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Uint128};
use cw_utils::nonpayable;
use ledger_types::loan_share::{LoanShareRole, Plan, PlanInput};

use crate::ContractError;
use crate::ContractResult;
use crate::keys::registered_key;
use crate::records::{contributors_plan, save_plan};
use crate::roles::ensure_acting_role;
use crate::state::{LAST_PLAN_ID, PLAN_BY_ASSET, PLANS_BY_CONTRIBUTOR, TOTALS, increment, next_id};
use crate::validate;

/// Contributor with a registered key: posts a share plan.
pub fn post_plan(deps: DepsMut, env: Env, info: MessageInfo, input: PlanInput) -> ContractResult {
    nonpayable(&info)?;
    // A plan invites fees: its contributor must be neither blacklisted nor suspended.
    ensure_acting_role(deps.as_ref(), &info.sender, LoanShareRole::Contributor)?;
    registered_key(deps.storage, &info.sender)?;
    let now = env.block.time.seconds();
    let sealed_fields = validate::plan(&input, now)?;
    let contributor = info.sender;
    if let Some(plan_id) =
        PLAN_BY_ASSET.may_load(deps.storage, (&contributor, input.asset_id.as_str()))?
    {
        return Err(ContractError::AssetIdUsed {
            contributor,
            asset_id: input.asset_id,
            plan_id,
        });
    }

    let mut totals = TOTALS.load(deps.storage)?;
    totals.plans = increment(totals.plans)?;
    let id = next_id(deps.storage, &LAST_PLAN_ID)?;
    let plan = Plan {
        id,
        contributor: contributor.clone(),
        asset_id: input.asset_id,
        loan_type: input.loan_type,
        loan_amount: input.loan_amount,
        sealed_fields,
        risk: input.risk,
        vehicle: input.vehicle,
        data_links: input.data_links,
        terms: input.terms,
        confirmed: Uint128::zero(),
        participants: 0,
        fees: Uint128::zero(),
        posted_at: now,
        withdrawn_at: None,
    };
    save_plan(deps.storage, &plan)?;
    PLAN_BY_ASSET.save(deps.storage, (&contributor, plan.asset_id.as_str()), &id)?;
    PLANS_BY_CONTRIBUTOR.save(deps.storage, (&contributor, id), &())?;
    TOTALS.save(deps.storage, &totals)?;

    let fields: Vec<&str> = plan
        .sealed_fields
        .iter()
        .map(|s| s.field.as_str())
        .collect();
    let terms = &plan.terms;
    Ok(Response::new()
        .add_attribute("action", "post_plan")
        .add_attribute("plan_id", id.to_string())
        .add_attribute("asset_id", plan.asset_id.clone())
        .add_attribute("contributor", contributor)
        .add_attribute("loan_type", plan.loan_type.as_str())
        .add_attribute("loan_amount", plan.loan_amount)
        .add_attribute("offered", terms.offered)
        .add_attribute("min_rate_bps", terms.min_rate_bps.to_string())
        .add_attribute("max_rate_bps", terms.max_rate_bps.to_string())
        .add_attribute("fee_per_10k", terms.fee_per_10k.to_string())
        .add_attribute("max_participants", terms.max_participants.to_string())
        .add_attribute("start", terms.start.to_string())
        .add_attribute("end", terms.end.to_string())
        .add_attribute("fields", fields.join(",")))
}

/// The plan's contributor: withdraws a plan nobody has confirmed, before its end.
pub fn withdraw_plan(deps: DepsMut, env: Env, info: MessageInfo, plan_id: u64) -> ContractResult {
    nonpayable(&info)?;
    let mut plan = contributors_plan(deps.storage, &info.sender, plan_id)?;
    let now = env.block.time.seconds();
    if plan.withdrawn_at.is_some() {
        return Err(ContractError::PlanWithdrawn { plan_id });
    }
    if now >= plan.terms.end {
        return Err(ContractError::PlanEnded {
            plan_id,
            end: plan.terms.end,
            now,
        });
    }
    if plan.participants > 0 {
        return Err(ContractError::HasConfirmations {
            plan_id,
            confirmations: plan.participants,
        });
    }

    plan.withdrawn_at = Some(now);
    save_plan(deps.storage, &plan)?;
    Ok(Response::new()
        .add_attribute("action", "withdraw_plan")
        .add_attribute("plan_id", plan_id.to_string())
        .add_attribute("asset_id", plan.asset_id)
        .add_attribute("contributor", plan.contributor))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{OPEN_PLANS, PLANS};
    use crate::testing::{now, plan_input, setup};
    use cosmwasm_std::testing::{message_info, mock_env};
    use ledger_types::loan_share::{LoanType, PlanState};

    #[test]
    fn a_contributor_posts_a_plan_once_per_asset_id() {
        let (mut deps, a) = setup();
        let info = message_info(&a.contributor, &[]);
        let mut input = plan_input("A-1", LoanType::CarMortgage, 100_000_00);
        input.sealed_fields.reverse();
        let res = post_plan(deps.as_mut(), mock_env(), info.clone(), input.clone()).unwrap();
        assert_eq!(res.attributes[1].value, "1");
        let plan = PLANS.load(&deps.storage, 1).unwrap();
        assert_eq!(plan.contributor, a.contributor);
        assert_eq!(plan.sealed_fields[0].field.as_str(), "borrower_name");
        assert_eq!(plan.state(now()), PlanState::Open);
        assert!(OPEN_PLANS.has(&deps.storage, (plan.terms.end, 1)));
        assert_eq!(
            PLAN_BY_ASSET
                .load(&deps.storage, (&a.contributor, "A-1"))
                .unwrap(),
            1
        );
        assert_eq!(
            post_plan(deps.as_mut(), mock_env(), info, input.clone()),
            Err(ContractError::AssetIdUsed {
                contributor: a.contributor.clone(),
                asset_id: "A-1".into(),
                plan_id: 1
            })
        );
        assert_eq!(
            post_plan(
                deps.as_mut(),
                mock_env(),
                message_info(&a.participant, &[]),
                input
            ),
            Err(ContractError::MissingRole {
                address: a.participant.clone(),
                role: "contributor".into()
            })
        );
        assert_eq!(TOTALS.load(&deps.storage).unwrap().plans, 1);
    }

    #[test]
    fn a_contributor_without_a_key_cannot_post() {
        let (mut deps, a) = setup();
        crate::state::KEYS.remove(&mut deps.storage, &a.contributor);
        assert_eq!(
            post_plan(
                deps.as_mut(),
                mock_env(),
                message_info(&a.contributor, &[]),
                plan_input("A-1", LoanType::Cash, 100)
            ),
            Err(ContractError::NoKeyRegistered {
                address: a.contributor.clone()
            })
        );
    }

    #[test]
    fn withdrawal_before_any_confirmation_and_before_the_end() {
        let (mut deps, a) = setup();
        let info = message_info(&a.contributor, &[]);
        let input = plan_input("A-1", LoanType::Cash, 100_000_00);
        let end = input.terms.end;
        post_plan(deps.as_mut(), mock_env(), info.clone(), input).unwrap();
        assert_eq!(
            withdraw_plan(
                deps.as_mut(),
                mock_env(),
                message_info(&a.participant, &[]),
                1
            ),
            Err(ContractError::NotPlanContributor {
                plan_id: 1,
                contributor: a.contributor.clone(),
                sender: a.participant.clone()
            })
        );
        let mut late = mock_env();
        late.block.time = cosmwasm_std::Timestamp::from_seconds(end);
        assert_eq!(
            withdraw_plan(deps.as_mut(), late, info.clone(), 1),
            Err(ContractError::PlanEnded {
                plan_id: 1,
                end,
                now: end
            })
        );
        let mut confirmed = PLANS.load(&deps.storage, 1).unwrap();
        confirmed.participants = 1;
        PLANS.save(&mut deps.storage, 1, &confirmed).unwrap();
        assert_eq!(
            withdraw_plan(deps.as_mut(), mock_env(), info.clone(), 1),
            Err(ContractError::HasConfirmations {
                plan_id: 1,
                confirmations: 1
            })
        );
        confirmed.participants = 0;
        PLANS.save(&mut deps.storage, 1, &confirmed).unwrap();

        withdraw_plan(deps.as_mut(), mock_env(), info.clone(), 1).unwrap();
        let plan = PLANS.load(&deps.storage, 1).unwrap();
        assert_eq!(plan.state(now()), PlanState::Withdrawn);
        assert!(!OPEN_PLANS.has(&deps.storage, (end, 1)));
        assert_eq!(
            withdraw_plan(deps.as_mut(), mock_env(), info.clone(), 1),
            Err(ContractError::PlanWithdrawn { plan_id: 1 })
        );
        assert_eq!(
            withdraw_plan(deps.as_mut(), mock_env(), info, 2),
            Err(ContractError::PlanNotFound { plan_id: 2 })
        );
    }
}
