//! Confirming shares and disclosing the borrower's fields.

use super::*;

// ------------------------------------------------------------------ Confirm

#[test]
fn only_participants_with_a_key_confirm_and_never_their_own_plan() {
    let mut s = world();
    let l = s.lenders();
    let provider = l.data_provider.clone();
    s.assert_refused(
        |s| s.confirm_share(&provider, 1, 10_000_00, 1_900),
        missing(&provider, "participant"),
    );
    let contributor = l.contributor.clone();
    s.recharge(&l.issuer, "FUND-C", &contributor, 10_00)
        .unwrap();
    s.assert_refused(
        |s| s.confirm_share(&contributor, 1, 10_000_00, 1_900),
        ContractError::SelfConfirmation {
            plan_id: 1,
            address: contributor.clone(),
        },
    );
    let lender = l.lender_a.clone();
    s.assert_refused(
        |s| s.confirm_share_paying(&lender, 9, 10_000_00, 1_900, 1_00),
        ContractError::PlanNotFound { plan_id: 9 },
    );

    // A participant that never registered a key.
    let mut s = SuiteBuilder::new().with_loan_share_without_keys().build();
    s.fund_lenders(100_00);
    let key = l.public_key(&contributor);
    s.register_key(&contributor, key).unwrap();
    let input = s.plan_of(&contributor, &sample_applications()[0], OFFER, 2);
    s.post_plan(&contributor, input).unwrap();
    s.assert_refused(
        |s| s.confirm_share(&lender, 1, 10_000_00, 1_900),
        ContractError::NoKeyRegistered {
            address: lender.clone(),
        },
    );
}

#[test]
fn confirmations_outside_the_plan_terms_are_refused() {
    let mut s = confirmed();
    let l = s.lenders();
    let b = l.lender_b.clone();
    let a = l.lender_a.clone();
    let cases: Vec<(u128, u32, u128, ContractError)> = vec![
        (
            10_000_00,
            1_799,
            1_00,
            ContractError::RateOutOfRange {
                plan_id: 1,
                rate_bps: 1_799,
                min_rate_bps: 1_800,
                max_rate_bps: 2_000,
            },
        ),
        (
            10_000_00,
            2_001,
            1_00,
            ContractError::RateOutOfRange {
                plan_id: 1,
                rate_bps: 2_001,
                min_rate_bps: 1_800,
                max_rate_bps: 2_000,
            },
        ),
        (
            40_000_01,
            1_900,
            4_01,
            ContractError::ExceedsOffer {
                plan_id: 1,
                requested: Uint128::new(40_000_01),
                remaining: Uint128::new(40_000_00),
                offered: Uint128::new(OFFER),
            },
        ),
        (
            0,
            1_900,
            1,
            ContractError::ZeroAmount {
                what: "confirmed amount".into(),
            },
        ),
        (
            40_000_00,
            1_900,
            3_99,
            ContractError::FeeMismatch {
                plan_id: 1,
                expected: Uint128::new(4_00),
                sent: Uint128::new(3_99),
            },
        ),
        (
            40_000_00,
            1_900,
            4_01,
            ContractError::FeeMismatch {
                plan_id: 1,
                expected: Uint128::new(4_00),
                sent: Uint128::new(4_01),
            },
        ),
        (
            10_000_01,
            1_900,
            1_00,
            ContractError::FeeMismatch {
                plan_id: 1,
                expected: Uint128::new(1_01),
                sent: Uint128::new(1_00),
            },
        ),
    ];
    for (amount, rate, sent, expected) in cases {
        s.assert_refused(
            |s| s.confirm_share_paying(&b, 1, amount, rate, sent),
            expected,
        );
    }
    s.assert_refused(
        |s| s.confirm_share(&a, 1, 10_000_00, 1_900),
        ContractError::AlreadyConfirmed {
            plan_id: 1,
            participant: a.clone(),
            confirmation_id: 1,
        },
    );
    // Lender B takes the second and last place; lender C finds none.
    s.confirm_share(&b, 1, 10_000_00, 1_900).unwrap();
    let c = l.lender_c.clone();
    s.assert_refused(
        |s| s.confirm_share(&c, 1, 10_000_00, 1_900),
        ContractError::ParticipantsFull {
            plan_id: 1,
            max_participants: 2,
        },
    );
}

#[test]
fn confirmations_outside_the_window_or_on_a_withdrawn_plan_are_refused() {
    let mut s = world();
    let l = s.lenders();
    let contributor = l.contributor.clone();
    let lender = l.lender_a.clone();
    let now = s.now();
    let mut later = s.plan_of(&contributor, &sample_applications()[1], 60_000_00, 2);
    later.terms.start = now + DAY;
    let plan = s.posted_plan(&contributor, later).unwrap();
    s.assert_refused(
        |s| s.confirm_share(&lender, plan, 10_000_00, 1_900),
        ContractError::PlanNotStarted {
            plan_id: plan,
            start: now + DAY,
            now,
        },
    );
    s.withdraw_plan(&contributor, plan).unwrap();
    s.assert_refused(
        |s| s.confirm_share(&lender, plan, 10_000_00, 1_900),
        ContractError::PlanWithdrawn { plan_id: plan },
    );
    let end = s.plan(1).unwrap().plan.terms.end;
    s.advance_to(end + 1);
    s.assert_refused(
        |s| s.confirm_share(&lender, 1, 10_000_00, 1_900),
        ContractError::PlanEnded {
            plan_id: 1,
            end,
            now: end + 1,
        },
    );
}

// ------------------------------------------------------------------ Disclose

#[test]
fn only_the_contributor_discloses_each_field_of_the_plan_once() {
    let mut s = confirmed();
    let l = s.lenders();
    let contributor = l.contributor.clone();
    for sender in [l.lender_a.clone(), l.issuer.clone()] {
        s.assert_refused(
            |s| s.disclose(&sender, 1, vec![cipher(SensitiveField::Phone, 100)]),
            ContractError::NotConfirmationContributor {
                confirmation_id: 1,
                contributor: contributor.clone(),
                sender: sender.clone(),
            },
        );
    }
    s.disclose(&contributor, 1, vec![cipher(SensitiveField::Phone, 100)])
        .unwrap();
    let cases: Vec<(u64, Vec<FieldCiphertext>, ContractError)> = vec![
        (
            2,
            vec![cipher(SensitiveField::IdNumber, 100)],
            ContractError::ConfirmationNotFound { confirmation_id: 2 },
        ),
        (1, vec![], ContractError::NothingToDisclose {}),
        (
            1,
            vec![
                cipher(SensitiveField::IdNumber, 100),
                cipher(SensitiveField::IdNumber, 100),
            ],
            ContractError::DuplicateField {
                field: "id_number".into(),
            },
        ),
        (
            1,
            vec![cipher(SensitiveField::EngineNumber, 100)],
            ContractError::FieldNotInPlan {
                confirmation_id: 1,
                field: "engine_number".into(),
            },
        ),
        (
            1,
            vec![
                cipher(SensitiveField::IdNumber, 100),
                cipher(SensitiveField::Phone, 100),
            ],
            ContractError::AlreadyDisclosed {
                confirmation_id: 1,
                field: "phone".into(),
            },
        ),
        (
            1,
            vec![cipher(SensitiveField::IdNumber, MIN_CIPHERTEXT_LEN - 1)],
            ContractError::CiphertextLength {
                field: "id_number".into(),
                len: MIN_CIPHERTEXT_LEN - 1,
                min: MIN_CIPHERTEXT_LEN,
                max: MAX_CIPHERTEXT_LEN,
            },
        ),
        (
            1,
            vec![cipher(SensitiveField::BorrowerName, MAX_CIPHERTEXT_LEN + 1)],
            ContractError::CiphertextLength {
                field: "borrower_name".into(),
                len: MAX_CIPHERTEXT_LEN + 1,
                min: MIN_CIPHERTEXT_LEN,
                max: MAX_CIPHERTEXT_LEN,
            },
        ),
    ];
    for (confirmation, fields, expected) in cases {
        s.assert_refused(|s| s.disclose(&contributor, confirmation, fields), expected);
    }
}
