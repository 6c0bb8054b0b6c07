//! Native funds, the consortium token's hooks, roles, keys, recharges, redemptions and data services.

use super::*;

// ------------------------------------------------------------------ funds

#[test]
fn no_message_takes_native_funds() {
    let mut s = confirmed();
    let l = s.lenders();
    let contract = s.loan_contract();
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
    let nonpayable = ContractError::Payment(PaymentError::NonPayable {});
    s.assert_funds_refused(
        &l.contributor,
        &contract,
        coin(1, "ustake"),
        messages,
        nonpayable,
    );
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
    let counterfeit = s.counterfeit_token(
        &l.lender_a,
        &l.lender_a,
        ("Counterfeit Yuan", "CSYX"),
        100_00,
    );
    let target = s.loan_contract();
    s.assert_refused(
        |s| {
            s.cw20_send(
                &counterfeit,
                &lender_a,
                &target,
                6_00,
                &ReceiveMsg::Confirm {
                    plan_id: 1,
                    amount: Uint128::new(60_000_00),
                    rate_bps: 1_900,
                },
            )
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
