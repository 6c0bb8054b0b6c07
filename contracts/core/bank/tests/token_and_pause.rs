//! The settlement token and the emergency pause at the edges of issue 11, through the public
//! interface: no token movement to or from a blacklisted or suspended holder, and the pause of
//! the bank and of the token by a guardian, lifted only by the administrator. Every refusal is
//! checked for its exact error and for leaving every contract as it was.

// Money is written as units_cents (400_00 is 400.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::Uint128;
use cw20::Cw20ExecuteMsg;
use ledger_bank::ContractError;
use ledger_contract_kit::GuardError;
use ledger_testing::ALICE_METER as ALICE;
use ledger_types::token::EmergencyMsg;

mod common;

use common::contracted_world as world;
use common::*;

// ------------------------------------------------------------------------ the settlement token

#[test]
fn the_token_moves_no_value_to_or_from_a_blacklisted_or_suspended_holder() {
    let (mut s, who) = world();
    let carol = s.add_consumer("carol").unwrap();
    blacklist(&mut s, &who.bob, "sanctions");
    s.assert_refused(
        |s| s.transfer(&who.alice, &who.bob, 1_00),
        TokenError::Guard(blacklisted(&who.bob, "sanctions")),
    );
    // Allowances: none to a blacklisted spender, none spent for or by a barred party.
    s.assert_refused(
        |s| {
            s.execute_token(
                &who.alice,
                &Cw20ExecuteMsg::IncreaseAllowance {
                    spender: who.bob.to_string(),
                    amount: Uint128::new(5_00),
                    expires: None,
                },
            )
        },
        TokenError::Guard(blacklisted(&who.bob, "sanctions")),
    );
    s.execute_token(
        &who.alice,
        &Cw20ExecuteMsg::IncreaseAllowance {
            spender: carol.to_string(),
            amount: Uint128::new(5_00),
            expires: None,
        },
    )
    .unwrap();
    s.assert_refused(
        |s| {
            s.execute_token(
                &carol,
                &Cw20ExecuteMsg::TransferFrom {
                    owner: who.alice.to_string(),
                    recipient: who.bob.to_string(),
                    amount: Uint128::new(1_00),
                },
            )
        },
        TokenError::Guard(blacklisted(&who.bob, "sanctions")),
    );
    blacklist(&mut s, &who.alice, "fraud");
    for msg in [
        Cw20ExecuteMsg::TransferFrom {
            owner: who.alice.to_string(),
            recipient: carol.to_string(),
            amount: Uint128::new(1_00),
        },
        Cw20ExecuteMsg::BurnFrom {
            owner: who.alice.to_string(),
            amount: Uint128::new(1_00),
        },
    ] {
        s.assert_refused(
            |s| s.execute_token(&carol, &msg),
            TokenError::Guard(blacklisted(&who.alice, "fraud")),
        );
    }
    s.assert_refused(
        |s| {
            s.execute_token(
                &who.alice,
                &Cw20ExecuteMsg::Burn {
                    amount: Uint128::new(1_00),
                },
            )
        },
        TokenError::Guard(blacklisted(&who.alice, "fraud")),
    );
    // Lowering an allowance moves nothing: a blacklisted owner may still revoke.
    s.execute_token(
        &who.alice,
        &Cw20ExecuteMsg::DecreaseAllowance {
            spender: carol.to_string(),
            amount: Uint128::new(5_00),
            expires: None,
        },
    )
    .unwrap();

    // Suspended: neither sends nor receives.
    unblacklist(&mut s, &who.alice);
    suspend(&mut s, &carol);
    s.assert_refused(
        |s| s.transfer(&who.alice, &carol, 1_00),
        TokenError::Guard(suspended(&carol)),
    );
    // Only the bank mints, and never to a barred holder (the bank refuses first).
    s.assert_refused(
        |s| {
            s.execute_token(
                &who.alice,
                &Cw20ExecuteMsg::Mint {
                    recipient: who.alice.to_string(),
                    amount: Uint128::new(1_00),
                },
            )
        },
        TokenError::Cw20(cw20_base::ContractError::Unauthorized {}),
    );
    s.assert_token_conservation();
}

// ------------------------------------------------------------------------------ the pause

#[test]
fn a_guardian_pauses_the_bank_and_only_the_administrator_resumes_it() {
    let (mut s, who) = world();
    let guardian = s.add_guardian("guardian").unwrap();

    s.assert_refused(
        |s| s.pause_bank(&who.stranger, "x"),
        ContractError::Guard(GuardError::NotGuardian {
            sender: who.stranger.clone(),
        }),
    );
    s.assert_refused(
        |s| s.pause_bank(&guardian, &"x".repeat(257)),
        ContractError::Guard(GuardError::PauseReasonTooLong { len: 257, max: 256 }),
    );
    s.assert_refused(
        |s| s.unpause_bank(&who.admin),
        ContractError::Guard(GuardError::PauseUnchanged {
            state: "running".to_string(),
        }),
    );

    s.pause_bank(&guardian, "operator key leaked").unwrap();
    let status = s.bank_pause_status();
    assert!(status.paused);
    assert_eq!(status.by, Some(guardian.clone()));
    let since = status.since.unwrap();
    let paused = || paused_by(&guardian, since, "operator key leaked");
    s.assert_refused(
        |s| s.deposit(&who.operator, "SEPA-5", &who.alice, 1_00, false),
        ContractError::Guard(paused()),
    );
    s.assert_refused(
        |s| s.settle(&who.stranger, None),
        ContractError::Guard(paused()),
    );
    s.assert_refused(
        |s| s.make_payment(&who.operator, ALICE, 1_00),
        ContractError::Guard(paused()),
    );
    s.assert_refused(
        |s| s.redeem(&who.operator, 1, "P-1"),
        ContractError::Guard(paused()),
    );
    // Sending to the paused bank fails in its hook, so the token moves nothing either.
    s.assert_refused(
        |s| s.prepay(&who.alice, 1_00),
        ContractError::Guard(paused()),
    );
    // Queries keep working.
    assert_eq!(s.prepaid(&who.alice), 60_00);

    s.assert_refused(
        |s| s.pause_bank(&guardian, "again"),
        ContractError::Guard(GuardError::PauseUnchanged {
            state: "paused".to_string(),
        }),
    );
    s.assert_refused(
        |s| s.unpause_bank(&guardian),
        ContractError::Guard(GuardError::NotAdminToUnpause {
            sender: guardian.clone(),
        }),
    );
    s.unpause_bank(&who.admin).unwrap();
    assert!(!s.bank_pause_status().paused);
    s.deposit(&who.operator, "SEPA-5", &who.alice, 1_00, false)
        .unwrap();
}

#[test]
fn a_guardian_pauses_the_token_and_only_the_administrator_resumes_it() {
    let (mut s, who) = world();
    let guardian = s.add_guardian("guardian").unwrap();

    s.assert_refused(
        |s| s.execute_token_emergency(&who.stranger, EmergencyMsg::Pause { reason: "x".into() }),
        TokenError::Guard(GuardError::NotGuardian {
            sender: who.stranger.clone(),
        }),
    );
    s.assert_refused(
        |s| {
            s.execute_token_emergency(
                &guardian,
                EmergencyMsg::Pause {
                    reason: "y".repeat(300),
                },
            )
        },
        TokenError::Guard(GuardError::PauseReasonTooLong { len: 300, max: 256 }),
    );
    s.execute_token_emergency(
        &guardian,
        EmergencyMsg::Pause {
            reason: "exploit".into(),
        },
    )
    .unwrap();
    let status = s.token_pause_status();
    let since = status.since.unwrap();
    let paused = || paused_by(&guardian, since, "exploit");
    s.assert_refused(
        |s| s.transfer(&who.alice, &who.bob, 1_00),
        TokenError::Guard(paused()),
    );
    // The bank's own movements stop too: a deposit's mint fails, so the deposit is undone.
    s.assert_refused(
        |s| s.deposit(&who.operator, "SEPA-6", &who.bob, 1_00, false),
        TokenError::Guard(paused()),
    );
    assert_eq!(s.balance(&who.alice), 40_00);
    s.assert_refused(
        |s| s.execute_token_emergency(&guardian, EmergencyMsg::Unpause {}),
        TokenError::Guard(GuardError::NotAdminToUnpause {
            sender: guardian.clone(),
        }),
    );
    s.execute_token_emergency(&who.admin, EmergencyMsg::Unpause {})
        .unwrap();
    s.transfer(&who.alice, &who.bob, 1_00).unwrap();
}

#[test]
fn pause_and_unpause_take_no_funds() {
    let (mut s, who) = world();
    let bank = s.bank.clone();
    let pause = ledger_types::bank::ExecuteMsg::Pause { reason: "x".into() };
    let nonpayable = ContractError::Payment(cw_utils::PaymentError::NonPayable {});
    s.assert_funds_refused(
        &who.admin,
        &bank,
        cosmwasm_std::coin(10, "ustake"),
        [pause],
        nonpayable,
    );
}
