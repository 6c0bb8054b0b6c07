//! Posting and withdrawing share plans.

use super::*;

// ------------------------------------------------------------------ PostPlan

#[test]
fn only_contributors_with_a_key_post_plans() {
    let mut s = world();
    let l = s.lenders();
    let app = &sample_applications()[1];
    let lender = l.lender_a.clone();
    let input = s.plan_of(&lender, app, 1_00, 1);
    s.assert_refused(
        |s| s.post_plan(&lender, input),
        missing(&lender, "contributor"),
    );
    let contributor = l.contributor.clone();
    let again = s.plan_of(&contributor, &sample_applications()[0], 1_00, 1);
    s.assert_refused(
        |s| s.post_plan(&contributor, again),
        ContractError::AssetIdUsed {
            contributor: contributor.clone(),
            asset_id: "LA-2026-0001".into(),
            plan_id: 1,
        },
    );

    let mut s = SuiteBuilder::new().with_loan_share_without_keys().build();
    let input = s.plan_of(&contributor, app, 1_00, 1);
    s.assert_refused(
        |s| s.post_plan(&contributor, input),
        ContractError::NoKeyRegistered {
            address: contributor.clone(),
        },
    );
}

#[test]
fn bad_plans_are_refused() {
    let mut s = world();
    let l = s.lenders();
    let contributor = l.contributor.clone();
    let now = s.now();
    let car = s.plan_of(&contributor, &sample_applications()[1], 60_000_00, 2);
    let cash = s
        .plan_of(&contributor, &sample_applications()[0], 1, 1)
        .sealed_fields;
    let change = |f: &dyn Fn(&mut PlanInput)| {
        let mut input = car.clone();
        f(&mut input);
        input
    };
    let field = |input: &PlanInput, i: usize| -> SealedField { input.sealed_fields[i].clone() };
    let cases: Vec<(PlanInput, ContractError)> = vec![
        (
            change(&|p| p.asset_id = "LA 2".into()),
            ContractError::InvalidIdentifier {
                field: "asset id".into(),
                value: "LA 2".into(),
            },
        ),
        (
            change(&|p| p.loan_amount = Uint128::zero()),
            ContractError::ZeroAmount {
                what: "loan amount".into(),
            },
        ),
        (
            change(&|p| p.sealed_fields.truncate(4)),
            ContractError::MissingSealedField {
                loan_type: "car_mortgage".into(),
                field: "engine_number".into(),
            },
        ),
        (
            change(&|p| p.loan_type = LoanType::Policy),
            ContractError::UnexpectedField {
                loan_type: "policy".into(),
                field: "plate_number".into(),
            },
        ),
        (
            change(&|p| p.sealed_fields[4] = field(p, 3)),
            ContractError::DuplicateField {
                field: "plate_number".into(),
            },
        ),
        (
            change(&|p| {
                p.sealed_fields[2].ciphertext = Binary::from(b"13912345678".to_vec());
            }),
            ContractError::CiphertextLength {
                field: "phone".into(),
                len: 11,
                min: MIN_CIPHERTEXT_LEN,
                max: MAX_CIPHERTEXT_LEN,
            },
        ),
        (
            change(&|p| p.sealed_fields[0].ciphertext = Binary::from(vec![1u8; 1_025])),
            ContractError::CiphertextLength {
                field: "borrower_name".into(),
                len: 1_025,
                min: MIN_CIPHERTEXT_LEN,
                max: MAX_CIPHERTEXT_LEN,
            },
        ),
        (
            change(&|p| p.sealed_fields[1].commitment = HexBinary::from(vec![0u8; 20])),
            ContractError::CommitmentLength {
                field: "id_number".into(),
                len: 20,
            },
        ),
        (
            change(&|p| p.risk.score = "".into()),
            ContractError::EmptyText {
                field: "risk score".into(),
            },
        ),
        (
            change(&|p| {
                p.loan_type = LoanType::Consumption;
                p.sealed_fields = cash.clone();
                p.vehicle = Some(VehicleInfo {
                    mileage_km: 1,
                    purchased_at: 1,
                });
            }),
            ContractError::VehicleNotCarLoan {
                loan_type: "consumption".into(),
            },
        ),
        (
            change(&|p| p.data_links = vec!["https://x.example/a".into(); 6]),
            ContractError::TooManyDataLinks { count: 6, max: 5 },
        ),
        (
            change(&|p| p.terms.offered = Uint128::zero()),
            ContractError::ZeroAmount {
                what: "amount offered".into(),
            },
        ),
        (
            change(&|p| p.terms.offered = Uint128::new(150_000_01)),
            ContractError::OfferExceedsLoan {
                offered: Uint128::new(150_000_01),
                loan_amount: Uint128::new(150_000_00),
            },
        ),
        (
            change(&|p| p.terms.min_rate_bps = 2_001),
            ContractError::InvalidRateRange {
                min_rate_bps: 2_001,
                max_rate_bps: 2_000,
                max: MAX_RATE_BPS,
            },
        ),
        (
            change(&|p| p.terms.fee_per_10k = MAX_FEE_PER_10K + 1),
            ContractError::InvalidFeeRate {
                fee_per_10k: MAX_FEE_PER_10K + 1,
                max: MAX_FEE_PER_10K,
            },
        ),
        (
            change(&|p| p.terms.max_participants = 0),
            ContractError::InvalidParticipantLimit {
                max_participants: 0,
                max: MAX_PARTICIPANTS,
            },
        ),
        (
            change(&|p| p.terms.start = p.terms.end + 1),
            ContractError::InvalidWindow {
                start: now + 30 * DAY + 1,
                end: now + 30 * DAY,
            },
        ),
        (
            change(&|p| {
                p.terms.start = now - 2 * DAY;
                p.terms.end = now;
            }),
            ContractError::EndNotInFuture { end: now, now },
        ),
    ];
    for (input, expected) in cases {
        s.assert_refused(|s| s.post_plan(&contributor, input), expected);
    }
}

// ------------------------------------------------------------------ WithdrawPlan

#[test]
fn only_the_contributor_withdraws_an_unconfirmed_running_plan() {
    let mut s = confirmed();
    let l = s.lenders();
    let contributor = l.contributor.clone();
    let lender = l.lender_a.clone();
    s.assert_refused(
        |s| s.withdraw_plan(&contributor, 9),
        ContractError::PlanNotFound { plan_id: 9 },
    );
    s.assert_refused(
        |s| s.withdraw_plan(&lender, 1),
        ContractError::NotPlanContributor {
            plan_id: 1,
            contributor: contributor.clone(),
            sender: lender.clone(),
        },
    );
    s.assert_refused(
        |s| s.withdraw_plan(&contributor, 1),
        ContractError::HasConfirmations {
            plan_id: 1,
            confirmations: 1,
        },
    );
    let input = s.plan_of(&contributor, &sample_applications()[2], 1_00, 1);
    let plan = s.posted_plan(&contributor, input).unwrap();
    s.withdraw_plan(&contributor, plan).unwrap();
    s.assert_refused(
        |s| s.withdraw_plan(&contributor, plan),
        ContractError::PlanWithdrawn { plan_id: plan },
    );
    let input = s.plan_of(&contributor, &sample_applications()[1], 1_00, 1);
    let plan = s.posted_plan(&contributor, input).unwrap();
    let end = s.plan(plan).unwrap().plan.terms.end;
    s.advance_to(end);
    s.assert_refused(
        |s| s.withdraw_plan(&contributor, plan),
        ContractError::PlanEnded {
            plan_id: plan,
            end,
            now: end,
        },
    );
}
