//! Loading and saving plans and confirmations with the indexes that follow them.
//!
//! A plan is listed among the open plans exactly while it is neither withdrawn nor full; its
//! end time is part of the index key, so plans drop out of the open list by themselves when
//! they end. A confirmation is listed among its contributor's pending disclosures exactly while
//! some of its fields are not disclosed.

use cosmwasm_std::{Addr, Storage};
use ledger_types::loan_share::{Confirmation, Plan};

use crate::ContractError;
use crate::ContractResult;
use crate::state::{CONFIRMATIONS, OPEN_PLANS, PENDING_DISCLOSURES, PLANS};

pub fn load_plan(storage: &dyn Storage, plan_id: u64) -> ContractResult<Plan> {
    PLANS
        .may_load(storage, plan_id)?
        .ok_or(ContractError::PlanNotFound { plan_id })
}

/// Plan `plan_id`, refused to anyone but its contributor.
pub fn contributors_plan(
    storage: &dyn Storage,
    sender: &Addr,
    plan_id: u64,
) -> ContractResult<Plan> {
    let plan = load_plan(storage, plan_id)?;
    if *sender != plan.contributor {
        return Err(ContractError::NotPlanContributor {
            plan_id,
            contributor: plan.contributor,
            sender: sender.clone(),
        });
    }
    Ok(plan)
}

/// Saves a plan and moves it in or out of the open list.
pub fn save_plan(storage: &mut dyn Storage, plan: &Plan) -> ContractResult<()> {
    let key = (plan.terms.end, plan.id);
    if plan.withdrawn_at.is_none() && !plan.is_full() {
        OPEN_PLANS.save(storage, key, &())?;
    } else {
        OPEN_PLANS.remove(storage, key);
    }
    PLANS.save(storage, plan.id, plan)?;
    Ok(())
}

pub fn load_confirmation(
    storage: &dyn Storage,
    confirmation_id: u64,
) -> ContractResult<Confirmation> {
    CONFIRMATIONS
        .may_load(storage, confirmation_id)?
        .ok_or(ContractError::ConfirmationNotFound { confirmation_id })
}

/// Confirmation `confirmation_id`, refused to anyone but the contributor of its plan.
pub fn contributors_confirmation(
    storage: &dyn Storage,
    sender: &Addr,
    confirmation_id: u64,
) -> ContractResult<Confirmation> {
    let confirmation = load_confirmation(storage, confirmation_id)?;
    if *sender != confirmation.contributor {
        return Err(ContractError::NotConfirmationContributor {
            confirmation_id,
            contributor: confirmation.contributor,
            sender: sender.clone(),
        });
    }
    Ok(confirmation)
}

/// Saves a confirmation and moves it in or out of its contributor's pending disclosures.
pub fn save_confirmation(
    storage: &mut dyn Storage,
    confirmation: &Confirmation,
) -> ContractResult<()> {
    let key = (&confirmation.contributor, confirmation.id);
    if confirmation.fully_disclosed() {
        PENDING_DISCLOSURES.remove(storage, key);
    } else {
        PENDING_DISCLOSURES.save(storage, key, &())?;
    }
    CONFIRMATIONS.save(storage, confirmation.id, confirmation)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::stored_plan;
    use cosmwasm_std::testing::{MockApi, MockStorage};
    use cosmwasm_std::{HexBinary, Uint128};
    use ledger_types::loan_share::{LoanType, SensitiveField};

    #[test]
    fn the_open_list_follows_withdrawal_and_capacity() {
        let api = MockApi::default();
        let mut storage = MockStorage::new();
        let mut plan = stored_plan(&api, 4, LoanType::Cash);
        let key = (plan.terms.end, 4);
        save_plan(&mut storage, &plan).unwrap();
        assert!(OPEN_PLANS.has(&storage, key));
        plan.confirmed = plan.terms.offered;
        save_plan(&mut storage, &plan).unwrap();
        assert!(!OPEN_PLANS.has(&storage, key));
        plan.confirmed = Uint128::zero();
        save_plan(&mut storage, &plan).unwrap();
        assert!(OPEN_PLANS.has(&storage, key));
        plan.withdrawn_at = Some(1);
        save_plan(&mut storage, &plan).unwrap();
        assert!(!OPEN_PLANS.has(&storage, key));
        assert_eq!(load_plan(&storage, 4).unwrap(), plan);
        assert_eq!(
            load_plan(&storage, 5),
            Err(ContractError::PlanNotFound { plan_id: 5 })
        );
    }

    #[test]
    fn pending_disclosures_follow_the_disclosed_fields() {
        let api = MockApi::default();
        let mut storage = MockStorage::new();
        let contributor = api.addr_make("contributor");
        let mut confirmation = Confirmation {
            id: 9,
            plan_id: 4,
            asset_id: "A-1".into(),
            contributor: contributor.clone(),
            participant: api.addr_make("participant"),
            amount: Uint128::new(10),
            rate_bps: 1_800,
            fee: Uint128::one(),
            participant_key: HexBinary::from(vec![2u8; 33]),
            fields: SensitiveField::ALL[..3].to_vec(),
            disclosed: vec![],
            confirmed_at: 1,
            height: 1,
        };
        save_confirmation(&mut storage, &confirmation).unwrap();
        assert!(PENDING_DISCLOSURES.has(&storage, (&contributor, 9)));
        confirmation.disclosed = SensitiveField::ALL[..3].to_vec();
        save_confirmation(&mut storage, &confirmation).unwrap();
        assert!(!PENDING_DISCLOSURES.has(&storage, (&contributor, 9)));
        assert_eq!(load_confirmation(&storage, 9).unwrap(), confirmation);
        assert_eq!(
            load_confirmation(&storage, 10),
            Err(ContractError::ConfirmationNotFound {
                confirmation_id: 10
            })
        );
    }
}
