//! Confirming a share: the consortium token's `Send` hook with [`ReceiveMsg::Confirm`].
//!
//! The participant sends exactly the fee for the share (`fee_for(amount, plan's rate)`,
//! rounded up); the contract checks the plan's window, the rate range, the participant limit and
//! that the plan's confirmations stay within its offer, records the confirmation and forwards the
//! fee to the contributor in the same transaction. Nothing is ever confirmed unpaid, and the
//! contract keeps no fees. The response names everything the contributor's software needs to
//! disclose: the confirmation, the participant and the key to encrypt to.
//!
//! The participant (whose fee leaves it) and the contributor (who receives it) must be neither
//! blacklisted nor suspended, as the registry says.
//!
//! [`ReceiveMsg::Confirm`]: ledger_types::loan_share::ReceiveMsg::Confirm

use cosmwasm_std::{Addr, DepsMut, Env, OverflowError, OverflowOperation, Response, Uint128};
use ledger_types::loan_share::{Confirmation, LoanShareRole, fee_for};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::transfer;
use crate::keys::registered_key;
use crate::records::{load_plan, save_confirmation, save_plan};
use crate::roles::ensure_acting_role;
use crate::state::{
    CONFIRMATIONS_BY_PARTICIPANT, CONFIRMATIONS_BY_PLAN, LAST_CONFIRMATION_ID, PARTICIPATIONS,
    TOTALS, increment, next_id,
};
use ledger_contract_kit::registry::ensure_may_receive;

#[allow(clippy::too_many_arguments)]
pub fn confirm(
    deps: DepsMut,
    env: Env,
    token: Addr,
    participant: Addr,
    sent: Uint128,
    plan_id: u64,
    amount: Uint128,
    rate_bps: u32,
) -> ContractResult {
    let admin = ensure_acting_role(deps.as_ref(), &participant, LoanShareRole::Participant)?;
    let key = registered_key(deps.storage, &participant)?;
    let mut plan = load_plan(deps.storage, plan_id)?;
    ensure_may_receive(&deps.querier, &admin, &plan.contributor)?;
    if participant == plan.contributor {
        return Err(ContractError::SelfConfirmation {
            plan_id,
            address: participant,
        });
    }
    let now = env.block.time.seconds();
    let terms = &plan.terms;
    if plan.withdrawn_at.is_some() {
        return Err(ContractError::PlanWithdrawn { plan_id });
    }
    if now >= terms.end {
        return Err(ContractError::PlanEnded {
            plan_id,
            end: terms.end,
            now,
        });
    }
    if now < terms.start {
        return Err(ContractError::PlanNotStarted {
            plan_id,
            start: terms.start,
            now,
        });
    }
    if let Some(confirmation_id) = PARTICIPATIONS.may_load(deps.storage, (plan_id, &participant))? {
        return Err(ContractError::AlreadyConfirmed {
            plan_id,
            participant,
            confirmation_id,
        });
    }
    if plan.participants >= terms.max_participants {
        return Err(ContractError::ParticipantsFull {
            plan_id,
            max_participants: terms.max_participants,
        });
    }
    if rate_bps < terms.min_rate_bps || rate_bps > terms.max_rate_bps {
        return Err(ContractError::RateOutOfRange {
            plan_id,
            rate_bps,
            min_rate_bps: terms.min_rate_bps,
            max_rate_bps: terms.max_rate_bps,
        });
    }
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {
            what: "confirmed amount".to_string(),
        });
    }
    let remaining = plan.remaining();
    if amount > remaining {
        return Err(ContractError::ExceedsOffer {
            plan_id,
            requested: amount,
            remaining,
            offered: terms.offered,
        });
    }
    let fee = fee_for(amount, terms.fee_per_10k)?;
    if sent != fee {
        return Err(ContractError::FeeMismatch {
            plan_id,
            expected: fee,
            sent,
        });
    }

    plan.confirmed = plan.confirmed.checked_add(amount)?;
    plan.participants = plan
        .participants
        .checked_add(1)
        .ok_or(OverflowError::new(OverflowOperation::Add))?;
    plan.fees = plan.fees.checked_add(fee)?;
    let mut totals = TOTALS.load(deps.storage)?;
    totals.fees_paid = totals.fees_paid.checked_add(fee)?;
    totals.confirmed = totals.confirmed.checked_add(amount)?;
    totals.confirmations = increment(totals.confirmations)?;

    let id = next_id(deps.storage, &LAST_CONFIRMATION_ID)?;
    let fields: Vec<_> = plan.sealed_fields.iter().map(|s| s.field).collect();
    let confirmation = Confirmation {
        id,
        plan_id,
        asset_id: plan.asset_id.clone(),
        contributor: plan.contributor.clone(),
        participant: participant.clone(),
        amount,
        rate_bps,
        fee,
        participant_key: key.public_key.clone(),
        fields,
        disclosed: vec![],
        confirmed_at: now,
        height: env.block.height,
    };
    save_confirmation(deps.storage, &confirmation)?;
    save_plan(deps.storage, &plan)?;
    CONFIRMATIONS_BY_PLAN.save(deps.storage, (plan_id, id), &())?;
    CONFIRMATIONS_BY_PARTICIPANT.save(deps.storage, (&participant, id), &())?;
    PARTICIPATIONS.save(deps.storage, (plan_id, &participant), &id)?;
    TOTALS.save(deps.storage, &totals)?;

    let names: Vec<&str> = confirmation.fields.iter().map(|f| f.as_str()).collect();
    Ok(Response::new()
        .add_message(transfer(&token, &plan.contributor, fee)?)
        .add_attribute("action", "confirm_share")
        .add_attribute("confirmation_id", id.to_string())
        .add_attribute("plan_id", plan_id.to_string())
        .add_attribute("asset_id", plan.asset_id.clone())
        .add_attribute("contributor", plan.contributor.clone())
        .add_attribute("participant", participant)
        .add_attribute("amount", amount)
        .add_attribute("rate_bps", rate_bps.to_string())
        .add_attribute("fee", fee)
        .add_attribute("participant_key", key.public_key.to_hex())
        .add_attribute("key_version", key.version.to_string())
        .add_attribute("fields", names.join(","))
        .add_attribute("confirmed", plan.confirmed)
        .add_attribute("remaining", plan.remaining())
        .add_attribute("participants", plan.participants.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{CONFIRMATIONS, PENDING_DISCLOSURES, PLANS, ROLES};
    use crate::testing::{Deps, plan_input, post_contributors_plan, setup};
    use cosmwasm_std::testing::mock_env;
    use cosmwasm_std::{CosmosMsg, Timestamp, WasmMsg, from_json};
    use cw20::Cw20ExecuteMsg;
    use ledger_types::loan_share::LoanType;

    /// A plan offering 100,000.00 of a 200,000.00 loan at one unit per 10,000.
    fn with_plan() -> (Deps, crate::testing::Actors) {
        let (mut deps, a) = setup();
        let mut input = plan_input("A-1", LoanType::Cash, 200_000_00);
        input.terms.offered = Uint128::new(100_000_00);
        post_contributors_plan(&mut deps, &a, input);
        (deps, a)
    }

    fn go(
        deps: &mut Deps,
        a: &crate::testing::Actors,
        who: &Addr,
        sent: u128,
        amount: u128,
        rate: u32,
    ) -> ContractResult {
        confirm(
            deps.as_mut(),
            mock_env(),
            a.token.clone(),
            who.clone(),
            Uint128::new(sent),
            1,
            Uint128::new(amount),
            rate,
        )
    }

    #[test]
    fn a_confirmation_pays_the_fee_on_to_the_contributor() {
        let (mut deps, a) = with_plan();
        let participant = a.participant.clone();
        // 80,000.00 at one per 10,000 is 8.00.
        let res = go(&mut deps, &a, &participant, 8_00, 80_000_00, 1_800).unwrap();
        let CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr, msg, ..
        }) = &res.messages[0].msg
        else {
            panic!("expected a transfer");
        };
        assert_eq!(*contract_addr, a.token.to_string());
        assert_eq!(
            from_json::<Cw20ExecuteMsg>(msg).unwrap(),
            Cw20ExecuteMsg::Transfer {
                recipient: a.contributor.to_string(),
                amount: Uint128::new(8_00)
            }
        );
        let confirmation = CONFIRMATIONS.load(&deps.storage, 1).unwrap();
        assert_eq!(confirmation.fee, Uint128::new(8_00));
        assert_eq!(
            confirmation.participant_key.to_hex(),
            crate::testing::KEY_TWO
        );
        assert!(PENDING_DISCLOSURES.has(&deps.storage, (&a.contributor, 1)));
        let plan = PLANS.load(&deps.storage, 1).unwrap();
        assert_eq!(
            (plan.confirmed, plan.participants, plan.fees),
            (Uint128::new(80_000_00), 1, Uint128::new(8_00))
        );
        let totals = TOTALS.load(&deps.storage).unwrap();
        assert_eq!(totals.fees_paid, Uint128::new(8_00));
        assert_eq!(totals.confirmations, 1);

        assert_eq!(
            go(&mut deps, &a, &participant, 1, 1, 1_800),
            Err(ContractError::AlreadyConfirmed {
                plan_id: 1,
                participant: participant.clone(),
                confirmation_id: 1
            })
        );
    }

    #[test]
    fn the_conditions_are_checked() {
        let (mut deps, a) = with_plan();
        let p = a.participant.clone();
        let fee_mismatch = |expected: u128, sent: u128| ContractError::FeeMismatch {
            plan_id: 1,
            expected: Uint128::new(expected),
            sent: Uint128::new(sent),
        };
        // (fee sent, amount, rate) and the refusal.
        let refused = [
            (
                (1, 1, 1_799),
                ContractError::RateOutOfRange {
                    plan_id: 1,
                    rate_bps: 1_799,
                    min_rate_bps: 1_800,
                    max_rate_bps: 2_000,
                },
            ),
            (
                (11_00, 100_000_01, 2_000),
                ContractError::ExceedsOffer {
                    plan_id: 1,
                    requested: Uint128::new(100_000_01),
                    remaining: Uint128::new(100_000_00),
                    offered: Uint128::new(100_000_00),
                },
            ),
            ((7_99, 80_000_00, 1_900), fee_mismatch(8_00, 7_99)),
            // One unit more than a whole fee unit's worth rounds up.
            ((8_00, 80_000_01, 1_900), fee_mismatch(8_01, 8_00)),
            (
                (1, 0, 1_900),
                ContractError::ZeroAmount {
                    what: "confirmed amount".into(),
                },
            ),
        ];
        for ((fee, amount, rate), error) in refused {
            assert_eq!(go(&mut deps, &a, &p, fee, amount, rate), Err(error));
        }
        let contributor = a.contributor.clone();
        ROLES
            .save(
                &mut deps.storage,
                &contributor,
                &vec![LoanShareRole::Contributor, LoanShareRole::Participant],
            )
            .unwrap();
        assert_eq!(
            go(&mut deps, &a, &contributor, 1, 1, 1_900),
            Err(ContractError::SelfConfirmation {
                plan_id: 1,
                address: contributor.clone()
            })
        );
        let stranger = a.stranger.clone();
        assert_eq!(
            go(&mut deps, &a, &stranger, 1, 1, 1_900),
            Err(ContractError::MissingRole {
                address: stranger.clone(),
                role: "participant".into()
            })
        );
        assert!(CONFIRMATIONS.is_empty(&deps.storage));
    }

    #[test]
    fn the_window_and_the_places_are_checked() {
        let (mut deps, a) = with_plan();
        let mut plan = PLANS.load(&deps.storage, 1).unwrap();
        let (start, end) = (plan.terms.start, plan.terms.end);
        plan.terms.start = start + 10;
        PLANS.save(&mut deps.storage, 1, &plan).unwrap();
        assert_eq!(
            go(&mut deps, &a, &a.participant.clone(), 1, 1, 1_900),
            Err(ContractError::PlanNotStarted {
                plan_id: 1,
                start: start + 10,
                now: start
            })
        );
        plan.terms.start = start;
        plan.participants = 3;
        PLANS.save(&mut deps.storage, 1, &plan).unwrap();
        assert_eq!(
            go(&mut deps, &a, &a.participant.clone(), 1, 1, 1_900),
            Err(ContractError::ParticipantsFull {
                plan_id: 1,
                max_participants: 3
            })
        );
        let mut late = mock_env();
        late.block.time = Timestamp::from_seconds(end);
        assert_eq!(
            confirm(
                deps.as_mut(),
                late,
                a.token.clone(),
                a.participant.clone(),
                Uint128::one(),
                1,
                Uint128::one(),
                1_900
            ),
            Err(ContractError::PlanEnded {
                plan_id: 1,
                end,
                now: end
            })
        );
        plan.withdrawn_at = Some(start);
        PLANS.save(&mut deps.storage, 1, &plan).unwrap();
        assert_eq!(
            go(&mut deps, &a, &a.participant.clone(), 1, 1, 1_900),
            Err(ContractError::PlanWithdrawn { plan_id: 1 })
        );
    }
}
