//! Every loan-share `ExecuteMsg` (and each of the consortium token's `Send` hooks): refused for
//! a sender without the right and for bad input, each with its exact error and no change
//! anywhere (the snapshot covers every contract, every loan-share query and every balance of
//! both tokens).

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, Binary, HexBinary, Uint128, coins, to_json_binary};
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use cw20::{Cw20Coin, Cw20ExecuteMsg, Cw20ReceiveMsg};
use ledger_loan_share::ContractError;
use ledger_testing::{Suite, SuiteBuilder, sample_applications};
use ledger_types::loan_share::{
    ExecuteMsg, FieldCiphertext, LoanShareRole, LoanType, MAX_CIPHERTEXT_LEN, MAX_FEE_PER_10K,
    MAX_PARTICIPANTS, MAX_RATE_BPS, MIN_CIPHERTEXT_LEN, PlanInput, ReceiveMsg, SealedField,
    SensitiveField, VehicleInfo,
};

const DAY: u64 = 86_400;
const OFFER: u128 = 100_000_00;

/// Lenders A, B and C and the data provider hold 100.00 each; the contributor has posted the
/// cash loan's plan (plan 1): 100,000.00 offered, two places, open now for 30 days.
fn world() -> Suite {
    let mut s = SuiteBuilder::new().with_loan_share().build();
    fund(&mut s);
    let l = s.lenders();
    let app = &sample_applications()[0];
    let input = s.plan_of(&l.contributor, app, OFFER, 2);
    assert_eq!(s.posted_plan(&l.contributor, input).unwrap(), 1);
    s
}

fn fund(s: &mut Suite) {
    let l = s.lenders();
    for (i, who) in [&l.lender_a, &l.lender_b, &l.lender_c, &l.data_provider]
        .into_iter()
        .enumerate()
    {
        s.recharge(&l.issuer, &format!("FUND-{i}"), who, 100_00)
            .unwrap();
    }
}

/// [`world`] with lender A's confirmation of 60,000.00 (confirmation 1).
fn confirmed() -> Suite {
    let mut s = world();
    let l = s.lenders();
    assert_eq!(
        s.confirmed_share(&l.lender_a, 1, 60_000_00, 1_900).unwrap(),
        1
    );
    s
}

fn missing(address: &Addr, role: &str) -> ContractError {
    ContractError::MissingRole {
        address: address.clone(),
        role: role.to_string(),
    }
}

fn is_std(e: &ContractError) {
    assert!(matches!(e, ContractError::Std(_)), "{e:?}");
}

fn cipher(field: SensitiveField, len: usize) -> FieldCiphertext {
    FieldCiphertext {
        field,
        ciphertext: Binary::from(vec![5u8; len]),
    }
}

// ------------------------------------------------------------------ funds

#[test]
fn no_message_takes_native_funds() {
    let mut s = confirmed();
    let l = s.lenders();
    let contract = s.loan_contract();
    s.fund(&l.contributor, 1_000, "ustake");
    let messages = vec![
        ExecuteMsg::Receive(Cw20ReceiveMsg {
            sender: l.contributor.to_string(),
            amount: Uint128::new(1),
            msg: to_json_binary(&ReceiveMsg::RequestRedemption {
                payout_account: "A".into(),
            })
            .unwrap(),
        }),
        ExecuteMsg::SetRoles {
            address: l.lender_a.to_string(),
            roles: vec![],
        },
        ExecuteMsg::RegisterKey {
            public_key: l.public_key(&l.contributor),
        },
        ExecuteMsg::Recharge {
            reference: "X".into(),
            recipient: l.lender_a.to_string(),
            amount: Uint128::new(1),
        },
        ExecuteMsg::Redeem {
            request_id: 1,
            payout_reference: "X".into(),
        },
        ExecuteMsg::PostPlan(s.plan_of(&l.contributor, &sample_applications()[1], 1, 1)),
        ExecuteMsg::WithdrawPlan { plan_id: 1 },
        ExecuteMsg::Disclose {
            confirmation_id: 1,
            fields: vec![cipher(SensitiveField::Phone, 100)],
        },
    ];
    for msg in messages {
        let sender = l.contributor.clone();
        let contract = contract.clone();
        s.assert_refused(
            |s| s.execute_with_funds(&sender, &contract, &msg, &coins(1, "ustake")),
            ContractError::Payment(PaymentError::NonPayable {}),
        );
    }
}

// ------------------------------------------------------------------ Receive

#[test]
fn hooks_not_sent_by_the_consortium_token_are_refused() {
    let mut s = world();
    let l = s.lenders();
    let token = s.loan_token();
    // A forged hook: no tokens moved, the sender only claims lender A sent them.
    let forged = ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: l.lender_a.to_string(),
        amount: Uint128::new(6_00),
        msg: to_json_binary(&ReceiveMsg::Confirm {
            plan_id: 1,
            amount: Uint128::new(60_000_00),
            rate_bps: 1_900,
        })
        .unwrap(),
    });
    let lender_a = l.lender_a.clone();
    s.assert_refused(
        |s| s.execute_loan(&lender_a, &forged),
        ContractError::WrongToken {
            token: token.clone(),
            sender: lender_a.clone(),
        },
    );
    // A real cw20 (the settlement token's code), but not the consortium token.
    let counterfeit = s
        .app
        .instantiate_contract(
            s.codes.token,
            l.lender_a.clone(),
            &ledger_types::token::InstantiateMsg {
                name: "Counterfeit Yuan".into(),
                symbol: "CSYX".into(),
                decimals: 2,
                initial_balances: vec![Cw20Coin {
                    address: l.lender_a.to_string(),
                    amount: Uint128::new(100_00),
                }],
                mint: None,
                registry: s.admin.to_string(),
            },
            &[],
            "counterfeit",
            None,
        )
        .unwrap();
    let send = Cw20ExecuteMsg::Send {
        contract: s.loan_contract().to_string(),
        amount: Uint128::new(6_00),
        msg: to_json_binary(&ReceiveMsg::Confirm {
            plan_id: 1,
            amount: Uint128::new(60_000_00),
            rate_bps: 1_900,
        })
        .unwrap(),
    };
    s.assert_refused(
        |s| {
            s.app
                .execute_contract(lender_a.clone(), counterfeit.clone(), &send, &[])
        },
        ContractError::WrongToken {
            token,
            sender: counterfeit.clone(),
        },
    );
    // A hook the contract does not know.
    s.assert_refused_with(|s| s.send_to_loan(&lender_a, 1, &"not a hook"), is_std);
}

// ------------------------------------------------------------------ SetRoles

#[test]
fn only_the_registry_administrator_sets_roles() {
    let mut s = world();
    let l = s.lenders();
    let stranger = s.addrs.stranger.clone();
    for sender in [stranger.clone(), l.issuer.clone(), l.contributor.clone()] {
        s.assert_refused(
            |s| s.set_loan_roles(&sender, &stranger, vec![LoanShareRole::TokenIssuer]),
            ContractError::NotRegistryAdmin {
                sender: sender.clone(),
            },
        );
    }
    let admin = s.addrs.administrator.clone();
    s.assert_refused_with(
        |s| {
            s.execute_loan(
                &admin,
                &ExecuteMsg::SetRoles {
                    address: "Not An Address".into(),
                    roles: vec![LoanShareRole::Participant],
                },
            )
        },
        is_std,
    );
}

// ------------------------------------------------------------------ RegisterKey

#[test]
fn only_lenders_register_keys_and_only_curve_points() {
    let mut s = world();
    let l = s.lenders();
    let key = l.public_key(&l.lender_a);
    for sender in [
        l.issuer.clone(),
        l.data_provider.clone(),
        s.addrs.stranger.clone(),
    ] {
        let key = key.clone();
        s.assert_refused(
            |s| s.register_key(&sender, key),
            ContractError::NotALender {
                address: sender.clone(),
            },
        );
    }
    let lender = l.lender_a.clone();
    let mut uncompressed = key.to_vec();
    uncompressed[0] = 0x04;
    let mut off_curve = vec![0u8; 33];
    off_curve[0] = 0x02;
    off_curve[32] = 5;
    let cases = vec![
        (
            key.as_slice()[..32].to_vec(),
            ContractError::PublicKeyLength { len: 32 },
        ),
        (vec![4u8; 65], ContractError::PublicKeyLength { len: 65 }),
        (
            uncompressed,
            ContractError::PublicKeyNotCompressed { prefix: 0x04 },
        ),
        (off_curve, ContractError::PublicKeyNotOnCurve {}),
    ];
    for (bytes, expected) in cases {
        s.assert_refused(
            |s| s.register_key(&lender, HexBinary::from(bytes)),
            expected,
        );
    }
}

// ------------------------------------------------------------------ Recharge

#[test]
fn only_the_issuer_recharges_once_per_reference_to_members() {
    let mut s = world();
    let l = s.lenders();
    let stranger = s.addrs.stranger.clone();
    for sender in [
        l.contributor.clone(),
        stranger.clone(),
        s.addrs.administrator.clone(),
    ] {
        s.assert_refused(
            |s| s.recharge(&sender, "PAY-9", &l.lender_a, 1_00),
            missing(&sender, "token_issuer"),
        );
    }
    let issuer = l.issuer.clone();
    let cases = vec![
        (
            "FUND-0",
            l.lender_a.clone(),
            1_00,
            ContractError::RechargeReferenceUsed {
                reference: "FUND-0".into(),
            },
        ),
        (
            "PAY-9",
            l.lender_a.clone(),
            0,
            ContractError::ZeroAmount {
                what: "recharge".into(),
            },
        ),
        (
            "PAY-9",
            stranger.clone(),
            1_00,
            ContractError::NotAMember {
                address: stranger.clone(),
            },
        ),
        (
            "PAY 9",
            l.lender_a.clone(),
            1_00,
            ContractError::InvalidIdentifier {
                field: "payment reference".into(),
                value: "PAY 9".into(),
            },
        ),
        (
            "",
            l.lender_a.clone(),
            1_00,
            ContractError::EmptyText {
                field: "payment reference".into(),
            },
        ),
    ];
    for (reference, recipient, amount, expected) in cases {
        s.assert_refused(
            |s| s.recharge(&issuer, reference, &recipient, amount),
            expected,
        );
    }
    let long = "P".repeat(129);
    s.assert_refused(
        |s| s.recharge(&issuer, &long, &l.lender_a, 1_00),
        ContractError::TextTooLong {
            field: "payment reference".into(),
            len: 129,
            max: 128,
        },
    );
    s.assert_refused_with(
        |s| {
            s.execute_loan(
                &issuer,
                &ExecuteMsg::Recharge {
                    reference: "PAY-9".into(),
                    recipient: "Not An Address".into(),
                    amount: Uint128::new(1),
                },
            )
        },
        is_std,
    );
}

// ------------------------------------------------------------------ RequestRedemption, Redeem

#[test]
fn redemptions_need_an_account_and_the_issuer_burns_each_once() {
    let mut s = world();
    let l = s.lenders();
    let lender = l.lender_a.clone();
    s.assert_refused(
        |s| s.request_loan_redemption(&lender, 10_00, " "),
        ContractError::EmptyText {
            field: "payout account".into(),
        },
    );
    s.request_loan_redemption(&lender, 10_00, "ICBC 6222 0000")
        .unwrap();
    s.request_loan_redemption(&lender, 5_00, "ICBC 6222 0000")
        .unwrap();
    s.redeem_loan_tokens(&l.issuer, 1, "OUT-1").unwrap();

    for sender in [lender.clone(), s.addrs.administrator.clone()] {
        s.assert_refused(
            |s| s.redeem_loan_tokens(&sender, 2, "OUT-2"),
            missing(&sender, "token_issuer"),
        );
    }
    let issuer = l.issuer.clone();
    let cases = vec![
        (3, "OUT-2", ContractError::RedemptionNotFound { id: 3 }),
        (
            1,
            "OUT-2",
            ContractError::AlreadyRedeemed {
                id: 1,
                payout_reference: "OUT-1".into(),
            },
        ),
        (
            2,
            "OUT-1",
            ContractError::PayoutReferenceUsed {
                reference: "OUT-1".into(),
                request_id: 1,
            },
        ),
        (
            2,
            "OUT 2",
            ContractError::InvalidIdentifier {
                field: "payout reference".into(),
                value: "OUT 2".into(),
            },
        ),
    ];
    for (request, reference, expected) in cases {
        s.assert_refused(
            |s| s.redeem_loan_tokens(&issuer, request, reference),
            expected,
        );
    }
}

// ------------------------------------------------------------------ PayDataService

#[test]
fn data_services_are_paid_by_lenders_to_providers() {
    let mut s = world();
    let l = s.lenders();
    let provider = l.data_provider.clone();
    s.assert_refused(
        |s| s.pay_data_service(&provider, 1_00, &provider, "INV-1"),
        ContractError::NotALender {
            address: provider.clone(),
        },
    );
    let lender = l.lender_a.clone();
    let lender_b = l.lender_b.clone();
    s.assert_refused(
        |s| s.pay_data_service(&lender, 1_00, &lender_b, "INV-1"),
        missing(&lender_b, "data_service_provider"),
    );
    s.assert_refused(
        |s| s.pay_data_service(&lender, 1_00, &provider, "INV 1"),
        ContractError::InvalidIdentifier {
            field: "service reference".into(),
            value: "INV 1".into(),
        },
    );
    s.assert_refused_with(
        |s| {
            s.send_to_loan(
                &lender,
                1_00,
                &ReceiveMsg::PayDataService {
                    provider: "Not An Address".into(),
                    reference: "INV-1".into(),
                },
            )
        },
        is_std,
    );
}

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
    fund(&mut s);
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
