//! Blacklisting, suspension and the emergency pause of the loan-share contract, through its
//! public interface: every movement of value (recharges, fees, data service payments,
//! redemptions and their payout) asks the registry about its parties; every refusal with its
//! exact error and no contract's state changed.

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::Addr;
use ledger_contract_kit::GuardError;
use ledger_loan_share::ContractError;
use ledger_testing::{Suite, SuiteBuilder, sample_applications};
use ledger_types::admin::{ParticipantStatus, Role};
use ledger_types::emergency::PauseStatus;
use ledger_types::loan_share::{ExecuteMsg, QueryMsg, RedemptionStatus};

const OFFER: u128 = 100_000_00;
const REASON: &str = "sanctions list 2026-12";

/// Every loan-share party registered in the registry; lenders A, B, C and the data provider
/// hold 100.00 each; the contributor's plan 1 is open (100,000.00, two places).
fn world() -> Suite {
    let mut s = SuiteBuilder::new().with_loan_share().build();
    let admin = s.addrs.administrator.clone();
    for (address, _) in s.lenders().roles() {
        s.register_participant(&admin, &address, "lender", vec![Role::Consumer])
            .unwrap();
    }
    let l = s.lenders();
    for (i, who) in [&l.lender_a, &l.lender_b, &l.lender_c, &l.data_provider]
        .into_iter()
        .enumerate()
    {
        s.recharge(&l.issuer, &format!("FUND-{i}"), who, 100_00)
            .unwrap();
    }
    let input = s.plan_of(&l.contributor, &sample_applications()[0], OFFER, 2);
    assert_eq!(s.posted_plan(&l.contributor, input).unwrap(), 1);
    s
}

fn blacklist(s: &mut Suite, address: &Addr) {
    let blacklister = s.addrs.blacklister.clone();
    s.blacklist(&blacklister, address, REASON).unwrap();
}

fn unblacklist(s: &mut Suite, address: &Addr) {
    let blacklister = s.addrs.blacklister.clone();
    s.unblacklist(&blacklister, address).unwrap();
}

fn suspend(s: &mut Suite, address: &Addr, status: ParticipantStatus) {
    let admin = s.addrs.administrator.clone();
    s.set_participant_status(&admin, address, status).unwrap();
}

fn blacklisted(address: &Addr) -> ContractError {
    ContractError::Guard(GuardError::Blacklisted {
        address: address.clone(),
        reason: REASON.to_string(),
    })
}

fn suspended(address: &Addr) -> ContractError {
    ContractError::Guard(GuardError::Suspended {
        address: address.clone(),
    })
}

/// What a blacklisted sender meets when its tokens would leave its wallet: the consortium
/// token (the gated settlement-token code) refuses the Send before the loan-share contract
/// sees it.
fn token_blacklisted(address: &Addr) -> ledger_settlement_token::ContractError {
    ledger_settlement_token::ContractError::Guard(GuardError::Blacklisted {
        address: address.clone(),
        reason: REASON.to_string(),
    })
}

fn token_suspended(address: &Addr) -> ledger_settlement_token::ContractError {
    ledger_settlement_token::ContractError::Guard(GuardError::Suspended {
        address: address.clone(),
    })
}

#[test]
fn no_recharge_reaches_a_blacklisted_or_suspended_member_nor_comes_from_such_an_issuer() {
    let mut s = world();
    let l = s.lenders();
    blacklist(&mut s, &l.lender_a);
    s.assert_refused(
        |s| s.recharge(&l.issuer, "PAY-1", &l.lender_a, 10_00),
        blacklisted(&l.lender_a),
    );
    suspend(&mut s, &l.lender_b, ParticipantStatus::Suspended);
    s.assert_refused(
        |s| s.recharge(&l.issuer, "PAY-1", &l.lender_b, 10_00),
        suspended(&l.lender_b),
    );
    blacklist(&mut s, &l.issuer);
    s.assert_refused(
        |s| s.recharge(&l.issuer, "PAY-1", &l.lender_c, 10_00),
        blacklisted(&l.issuer),
    );
    unblacklist(&mut s, &l.issuer);
    s.recharge(&l.issuer, "PAY-1", &l.lender_c, 10_00).unwrap();
    assert_eq!(s.loan_balance(&l.lender_c), 110_00);
    s.assert_loan_books();
}

#[test]
fn no_fee_leaves_a_blacklisted_participant_or_reaches_a_blacklisted_or_suspended_contributor() {
    let mut s = world();
    let l = s.lenders();
    blacklist(&mut s, &l.lender_a);
    s.assert_refused(
        |s| s.confirm_share(&l.lender_a, 1, 10_000_00, 1_900),
        token_blacklisted(&l.lender_a),
    );
    suspend(&mut s, &l.lender_b, ParticipantStatus::Suspended);
    s.assert_refused(
        |s| s.confirm_share(&l.lender_b, 1, 10_000_00, 1_900),
        token_suspended(&l.lender_b),
    );
    blacklist(&mut s, &l.contributor);
    s.assert_refused(
        |s| s.confirm_share(&l.lender_c, 1, 10_000_00, 1_900),
        blacklisted(&l.contributor),
    );
    unblacklist(&mut s, &l.contributor);
    suspend(&mut s, &l.contributor, ParticipantStatus::Suspended);
    s.assert_refused(
        |s| s.confirm_share(&l.lender_c, 1, 10_000_00, 1_900),
        suspended(&l.contributor),
    );
    // A suspended contributor may not post a plan that would invite fees either.
    let input = s.plan_of(&l.contributor, &sample_applications()[1], OFFER, 2);
    s.assert_refused(
        |s| s.post_plan(&l.contributor, input),
        suspended(&l.contributor),
    );
    suspend(&mut s, &l.contributor, ParticipantStatus::Active);
    let before = s.loan_balance(&l.contributor);
    s.confirm_share(&l.lender_c, 1, 10_000_00, 1_900).unwrap();
    assert!(s.loan_balance(&l.contributor) > before);
    s.assert_loan_books();
}

#[test]
fn no_data_service_payment_leaves_or_reaches_a_blacklisted_party() {
    let mut s = world();
    let l = s.lenders();
    blacklist(&mut s, &l.data_provider);
    s.assert_refused(
        |s| s.pay_data_service(&l.lender_a, 5_00, &l.data_provider, "INV-1"),
        blacklisted(&l.data_provider),
    );
    unblacklist(&mut s, &l.data_provider);
    blacklist(&mut s, &l.lender_a);
    s.assert_refused(
        |s| s.pay_data_service(&l.lender_a, 5_00, &l.data_provider, "INV-1"),
        token_blacklisted(&l.lender_a),
    );
    s.pay_data_service(&l.lender_b, 5_00, &l.data_provider, "INV-1")
        .unwrap();
    s.assert_loan_books();
}

#[test]
fn a_blacklisted_holder_is_not_paid_out_and_its_request_stays_open_and_escrowed() {
    let mut s = world();
    let l = s.lenders();
    // Neither a blacklisted nor a suspended holder may start a redemption.
    blacklist(&mut s, &l.lender_a);
    s.assert_refused(
        |s| s.request_loan_redemption(&l.lender_a, 50_00, "ICBC 6222"),
        token_blacklisted(&l.lender_a),
    );
    suspend(&mut s, &l.lender_c, ParticipantStatus::Suspended);
    s.assert_refused(
        |s| s.request_loan_redemption(&l.lender_c, 50_00, "ICBC 6222"),
        token_suspended(&l.lender_c),
    );
    suspend(&mut s, &l.lender_c, ParticipantStatus::Active);

    // Lender B asks, then is blacklisted: the payout is refused, the tokens stay in escrow
    // and the request stays open until the blacklisting is lifted.
    s.request_loan_redemption(&l.lender_b, 50_00, "ICBC 6222")
        .unwrap();
    blacklist(&mut s, &l.lender_b);
    s.assert_refused(
        |s| s.redeem_loan_tokens(&l.issuer, 1, "OUT-1"),
        blacklisted(&l.lender_b),
    );
    assert_eq!(
        s.loan_redemption(1).unwrap().status,
        RedemptionStatus::Requested
    );
    assert_eq!(s.loan_totals().escrowed.u128(), 50_00);
    unblacklist(&mut s, &l.lender_b);

    // A request already made by a holder suspended since is in flight: it is paid out.
    s.request_loan_redemption(&l.lender_c, 20_00, "ICBC 6223")
        .unwrap();
    suspend(&mut s, &l.lender_c, ParticipantStatus::Suspended);
    s.redeem_loan_tokens(&l.issuer, 2, "OUT-2").unwrap();
    s.redeem_loan_tokens(&l.issuer, 1, "OUT-1").unwrap();
    assert_eq!(s.loan_totals().burned.u128(), 70_00);
    // A suspended issuer may not pay out.
    s.request_loan_redemption(&l.lender_b, 10_00, "ICBC 6222")
        .unwrap();
    suspend(&mut s, &l.issuer, ParticipantStatus::Suspended);
    s.assert_refused(
        |s| s.redeem_loan_tokens(&l.issuer, 3, "OUT-3"),
        suspended(&l.issuer),
    );
    s.assert_loan_books();
}

#[test]
fn a_guardian_pauses_the_loan_share_contract_and_only_the_administrator_resumes_it() {
    let mut s = world();
    let l = s.lenders();
    let admin = s.addrs.administrator.clone();
    let guardian = s.addr("guardian");
    s.register_participant(&admin, &guardian, "Guardian", vec![Role::Guardian])
        .unwrap();
    let stranger = s.addrs.stranger.clone();
    let pause = |reason: &str| ExecuteMsg::Pause {
        reason: reason.to_string(),
    };
    s.assert_refused(
        |s| s.execute_loan(&stranger, &pause("x")),
        ContractError::Guard(GuardError::NotGuardian {
            sender: stranger.clone(),
        }),
    );
    s.assert_refused(
        |s| s.execute_loan(&guardian, &pause(&"x".repeat(257))),
        ContractError::Guard(GuardError::PauseReasonTooLong { len: 257, max: 256 }),
    );
    s.execute_loan(&guardian, &pause("keys leaked")).unwrap();
    let since = s.now();
    let status: PauseStatus = s
        .query(&s.loan_contract(), &QueryMsg::PauseStatus {})
        .unwrap();
    assert!(status.paused);
    let paused = || {
        ContractError::Guard(GuardError::Paused {
            by: guardian.clone(),
            since,
            reason: "keys leaked".to_string(),
        })
    };
    s.assert_refused(
        |s| s.confirm_share(&l.lender_a, 1, 10_000_00, 1_900),
        paused(),
    );
    s.assert_refused(
        |s| s.recharge(&l.issuer, "PAY-9", &l.lender_a, 1_00),
        paused(),
    );
    s.assert_refused(
        |s| s.execute_loan(&guardian, &pause("again")),
        ContractError::Guard(GuardError::PauseUnchanged {
            state: "paused".to_string(),
        }),
    );
    s.assert_refused(
        |s| s.execute_loan(&guardian, &ExecuteMsg::Unpause {}),
        ContractError::Guard(GuardError::NotAdminToUnpause {
            sender: guardian.clone(),
        }),
    );
    assert_eq!(s.plan(1).unwrap().plan.id, 1);
    s.execute_loan(&admin, &ExecuteMsg::Unpause {}).unwrap();
    s.confirm_share(&l.lender_a, 1, 10_000_00, 1_900).unwrap();
    s.assert_loan_books();
}
