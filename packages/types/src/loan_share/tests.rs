// Money is written as units_cents (80_000_00 is 80,000.00).
#![allow(clippy::inconsistent_digit_grouping)]

use super::*;
use cosmwasm_std::Addr;
use proptest::prelude::*;

#[test]
fn the_fee_rounds_up_to_a_whole_unit() {
    let fee = |amount: u128, rate: u32| fee_for(Uint128::new(amount), rate).unwrap().u128();
    // The seed's example: 80,000.00 at one token per 10,000 is 8.00 tokens.
    assert_eq!(fee(80_000_00, 1), 8_00);
    assert_eq!(fee(10_000, 1), 1);
    assert_eq!(fee(10_001, 1), 2);
    assert_eq!(fee(1, 1), 1);
    assert_eq!(fee(0, 1), 0);
    assert_eq!(fee(12_345, 10_000), 12_345);
    assert_eq!(fee(u128::MAX, 10_000), u128::MAX);
    assert_eq!(fee(u128::MAX, 1), u128::MAX / 10_000 + 1);
}

proptest! {
    #[test]
    fn the_fee_is_the_least_amount_covering_the_rate(
        amount in 0u128..=u128::MAX / 10_000,
        rate in 1u32..=MAX_FEE_PER_10K,
    ) {
        let fee = fee_for(Uint128::new(amount), rate).unwrap().u128();
        let exact = amount * u128::from(rate);
        prop_assert!(fee * 10_000 >= exact);
        prop_assert!(fee * 10_000 < exact + 10_000);
        prop_assert!(fee <= amount);
        prop_assert_eq!(fee == 0, amount == 0);
    }
}

fn plan(offered: u128, confirmed: u128, participants: u32) -> Plan {
    Plan {
        id: 1,
        contributor: Addr::unchecked("c"),
        asset_id: "A-1".into(),
        loan_type: LoanType::Cash,
        loan_amount: Uint128::new(offered),
        sealed_fields: vec![],
        risk: RiskSummary {
            score: "A".into(),
            loan_limit: Uint128::zero(),
            suggested_share_limit: Uint128::zero(),
        },
        vehicle: None,
        data_links: vec![],
        terms: JoinTerms {
            offered: Uint128::new(offered),
            min_rate_bps: 1_800,
            max_rate_bps: 2_000,
            fee_per_10k: 1,
            max_participants: 2,
            start: 100,
            end: 200,
        },
        confirmed: Uint128::new(confirmed),
        participants,
        fees: Uint128::zero(),
        posted_at: 50,
        withdrawn_at: None,
    }
}

#[test]
fn a_plan_state_follows_time_capacity_and_withdrawal() {
    let p = plan(100, 40, 1);
    assert_eq!(p.state(99), PlanState::Upcoming);
    assert_eq!(p.state(100), PlanState::Open);
    assert_eq!(p.state(199), PlanState::Open);
    assert_eq!(p.state(200), PlanState::Closed);
    assert_eq!(p.remaining(), Uint128::new(60));
    assert_eq!(plan(100, 100, 1).state(150), PlanState::Full);
    assert_eq!(plan(100, 40, 2).state(150), PlanState::Full);
    assert_eq!(plan(100, 100, 1).state(250), PlanState::Closed);
    let mut withdrawn = plan(100, 0, 0);
    withdrawn.withdrawn_at = Some(120);
    assert_eq!(withdrawn.state(150), PlanState::Withdrawn);
    assert_eq!(withdrawn.state(250), PlanState::Withdrawn);
}

#[test]
fn fields_follow_the_loan_type() {
    for loan_type in LoanType::ALL {
        let fields = loan_type.sensitive_fields();
        assert_eq!(fields.len(), if loan_type.is_car_loan() { 5 } else { 3 });
        assert_eq!(&fields[..3], &SensitiveField::ALL[..3]);
    }
    for field in SensitiveField::ALL {
        assert_eq!(SensitiveField::from_name(field.as_str()), Some(field));
    }
    assert_eq!(SensitiveField::from_name("salary"), None);
}
