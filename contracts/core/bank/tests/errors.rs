//! Every bank `ExecuteMsg`: refused for a sender without the right (or, for messages anyone
//! may send, the closest refusal: tokens that are not the settlement token, a settle limit out
//! of range), and refused for bad input, each with its exact error and no change anywhere.

// Money is written as units_cents (400_00 is 400.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, OverflowError, OverflowOperation, Uint128, coin, to_json_binary};
use cw_utils::PaymentError;
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use ledger_bank::ContractError;
use ledger_contract_kit::GuardError;
use ledger_testing::tariffs::{self, FLAT};
use ledger_testing::{
    ALICE_METER as ALICE, BOB_METER as BOB, DAY, MeterSpec, START, Suite, SuiteBuilder,
};
use ledger_types::bank::{AdvanceNotice, AdvanceTerm, BillNotice, ExecuteMsg, ReceiveMsg};

mod common;

use common::*;

/// Alice (advances of 15.00 and 20.00 from a contracted 50.00) holds 40.00 in her wallet and
/// 60.00 prepaid; Bob's meter has no contracted amount.
fn world() -> (Suite, Cast) {
    let mut s = SuiteBuilder::alice_and_bob().build();
    let who = fund_alice(&mut s);
    (s, who)
}

fn not_operator(sender: &Addr) -> ContractError {
    ContractError::NotBankOperator {
        sender: sender.clone(),
    }
}

/// Each sender is refused `msg`, a message only Alice's meter contract may send.
fn refused_as_not_alices_meter_contract<const N: usize>(
    s: &mut Suite,
    msg: &ExecuteMsg,
    senders: [Addr; N],
) {
    let alice_contract = s.meter_contract(ALICE);
    for sender in senders {
        s.assert_refused(
            |s| s.execute_bank(&sender, msg),
            ContractError::NotMeterContract {
                meter_id: ALICE.to_string(),
                expected: alice_contract.clone(),
                sender: sender.clone(),
            },
        );
    }
}

fn overflow() -> ContractError {
    ContractError::Overflow(OverflowError::new(OverflowOperation::Add))
}

// --------------------------------------------------------------------------------- Receive

#[test]
fn tokens_that_are_not_the_settlement_token_are_refused() {
    let (mut s, who) = world();
    let token = s.token.clone();
    // A forged hook: no tokens moved, the sender only claims they did.
    let forged = ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: who.alice.to_string(),
        amount: Uint128::new(1_000_00),
        msg: to_json_binary(&ReceiveMsg::Prepay {}).unwrap(),
    });
    s.assert_refused(
        |s| s.execute_bank(&who.stranger, &forged),
        ContractError::WrongToken {
            token: token.clone(),
            sender: who.stranger.clone(),
        },
    );
    // A real cw20 token, but not the bank's.
    let counterfeit = s.counterfeit_token(
        &who.stranger,
        &who.alice,
        ("Counterfeit Euro", "CEUR"),
        500_00,
    );
    let target = s.bank.clone();
    s.assert_refused(
        |s| {
            s.cw20_send(
                &counterfeit,
                &who.alice,
                &target,
                500_00,
                &ReceiveMsg::Prepay {},
            )
        },
        ContractError::WrongToken {
            token,
            sender: counterfeit.clone(),
        },
    );
    assert_eq!(s.prepaid(&who.alice), 60_00);
}

#[test]
fn prepayments_and_redemption_requests_with_bad_input_are_refused() {
    let (mut s, who) = world();
    // The retailer holds tokens but is no consumer: it has no prepaid balance to fill.
    s.deposit(&who.operator, "SEPA-2", &who.retailer, 10_00, false)
        .unwrap();
    s.assert_refused(
        |s| s.prepay(&who.retailer, 10_00),
        ContractError::NotAConsumer {
            address: who.retailer.clone(),
        },
    );
    s.assert_refused(
        |s| s.request_redemption(&who.alice, 10_00, "  "),
        ContractError::EmptyText {
            field: "payout account".to_string(),
        },
    );
    s.assert_refused_with(
        |s| {
            let msg = Cw20ExecuteMsg::Send {
                contract: s.bank.to_string(),
                amount: Uint128::new(1_00),
                msg: to_json_binary(&unknown_hook()).unwrap(),
            };
            s.execute_token(&who.alice, &msg)
        },
        |e: &ContractError| {
            assert!(
                matches!(e, ContractError::Guard(GuardError::Std(_))),
                "{e:?}"
            )
        },
    );
    s.blacklist(&who.blacklister, &who.alice, "chargeback fraud")
        .unwrap();
    // The token itself refuses: a blacklisted holder's tokens do not move.
    s.assert_refused(
        |s| s.prepay(&who.alice, 10_00),
        ledger_settlement_token::ContractError::Guard(GuardError::Blacklisted {
            address: who.alice.clone(),
            reason: "chargeback fraud".to_string(),
        }),
    );
}

/// A hook the bank does not know.
fn unknown_hook() -> cosmwasm_std::Empty {
    cosmwasm_std::Empty {}
}

// --------------------------------------------------------------------------------- Deposit

#[test]
fn deposit_by_anyone_but_an_active_bank_operator_is_refused() {
    let (mut s, who) = world();
    for sender in [
        who.stranger.clone(),
        who.alice.clone(),
        who.retailer.clone(),
        who.admin.clone(),
    ] {
        s.assert_refused(
            |s| s.deposit(&sender, "SEPA-9", &who.alice, 1_000_00, false),
            not_operator(&sender),
        );
    }
    s.blacklist(&who.blacklister, &who.operator, "insider")
        .unwrap();
    s.assert_refused(
        |s| s.deposit(&who.operator, "SEPA-9", &who.alice, 1_000_00, false),
        not_operator(&who.operator),
    );
}

#[test]
fn a_deposit_reference_credited_twice_and_other_bad_deposits_are_refused() {
    let (mut s, who) = world();
    let cases = [
        (
            ("SEPA-1", &who.bob, 100_00, true),
            ContractError::DepositReferenceUsed {
                reference: "SEPA-1".to_string(),
            },
        ),
        (
            ("SEPA-3", &who.bob, 0, true),
            ContractError::ZeroAmount {
                what: "deposit".to_string(),
            },
        ),
        (
            ("", &who.bob, 1, true),
            ContractError::EmptyText {
                field: "deposit reference".to_string(),
            },
        ),
        (
            ("SEPA-3", &who.retailer, 1, true),
            ContractError::NotAConsumer {
                address: who.retailer.clone(),
            },
        ),
        // More than any 128-bit supply can hold.
        (("SEPA-3", &who.alice, u128::MAX, false), overflow()),
    ];
    for ((reference, recipient, amount, prepay), expected) in cases {
        s.assert_refused(
            |s| s.deposit(&who.operator, reference, recipient, amount, prepay),
            expected,
        );
    }
    assert_eq!(s.deposit_record("SEPA-1").unwrap().amount.u128(), 100_00);
    assert!(s.deposit_record("SEPA-3").is_err());
}

// ---------------------------------------------------------------------------------- Redeem

#[test]
fn redeem_by_anyone_but_a_bank_operator_is_refused() {
    let (mut s, who) = world();
    s.request_redemption(&who.alice, 30_00, "DE89 3704 0044 0532 0130 00")
        .unwrap();
    let id = s.redemptions()[0].id;
    // The holder cannot burn her own escrow and call it paid out.
    s.assert_refused(
        |s| s.redeem(&who.alice, id, "PAYOUT-1"),
        not_operator(&who.alice),
    );
}

#[test]
fn redeem_with_bad_input_is_refused() {
    let (mut s, who) = world();
    s.request_redemption(&who.alice, 30_00, "DE89 3704 0044 0532 0130 00")
        .unwrap();
    s.request_redemption(&who.alice, 10_00, "DE89 3704 0044 0532 0130 00")
        .unwrap();
    let ids: Vec<u64> = s.redemptions().iter().map(|r| r.id).collect();
    s.assert_refused(
        |s| s.redeem(&who.operator, 999, "PAYOUT-1"),
        ContractError::RedemptionNotFound { id: 999 },
    );
    s.assert_refused(
        |s| s.redeem(&who.operator, ids[0], ""),
        ContractError::EmptyText {
            field: "payout reference".to_string(),
        },
    );
    s.redeem(&who.operator, ids[0], "PAYOUT-1").unwrap();
    s.assert_refused(
        |s| s.redeem(&who.operator, ids[0], "PAYOUT-2"),
        ContractError::AlreadyRedeemed {
            id: ids[0],
            payout_reference: "PAYOUT-1".to_string(),
        },
    );
    s.assert_refused(
        |s| s.redeem(&who.operator, ids[1], "PAYOUT-1"),
        ContractError::PayoutReferenceUsed {
            reference: "PAYOUT-1".to_string(),
            request_id: ids[0],
        },
    );
    assert_eq!(s.token_supply(), 100_00 - 30_00);
    s.assert_token_conservation();
}

// ----------------------------------------------------------------------------- MakePayment

#[test]
fn make_payment_by_anyone_but_a_bank_operator_is_refused() {
    let (mut s, who) = world();
    for sender in [
        who.stranger.clone(),
        who.retailer.clone(),
        who.alice.clone(),
    ] {
        s.assert_refused(
            |s| s.make_payment(&sender, ALICE, 15_00),
            not_operator(&sender),
        );
    }
}

#[test]
fn a_payment_beyond_what_is_due_and_other_bad_payments_are_refused() {
    let (mut s, who) = world();
    s.assert_refused(
        |s| s.make_payment(&who.operator, ALICE, 35_01),
        ContractError::PaymentExceedsDue {
            meter_id: ALICE.to_string(),
            due: Uint128::new(35_00),
            requested: Uint128::new(35_01),
        },
    );
    s.assert_refused(
        |s| s.make_payment(&who.operator, BOB, 1),
        ContractError::PaymentExceedsDue {
            meter_id: BOB.to_string(),
            due: Uint128::zero(),
            requested: Uint128::new(1),
        },
    );
    s.assert_refused(
        |s| s.make_payment(&who.operator, ALICE, 0),
        ContractError::ZeroAmount {
            what: "payment".to_string(),
        },
    );
    s.assert_refused(
        |s| s.make_payment(&who.operator, "no-such-meter", 1_00),
        ContractError::UnknownMeter {
            meter_id: "no-such-meter".to_string(),
        },
    );
    // Paying both advances in full, then one more cent.
    s.make_payment(&who.operator, ALICE, 35_00).unwrap();
    s.assert_refused(
        |s| s.make_payment(&who.operator, ALICE, 1),
        ContractError::PaymentExceedsDue {
            meter_id: ALICE.to_string(),
            due: Uint128::zero(),
            requested: Uint128::new(1),
        },
    );
    s.assert_instalments_sound(ALICE);
    assert_eq!(s.prepaid(&who.alice.clone()), 25_00);
}

#[test]
fn a_payment_for_a_blacklisted_consumer_is_refused() {
    let (mut s, who) = world();
    s.make_payment(&who.operator, ALICE, 30_00).unwrap();
    s.blacklist(&who.blacklister, &who.alice, "sanctions")
        .unwrap();
    s.assert_refused(
        |s| s.make_payment(&who.operator, ALICE, 5_00),
        ContractError::Guard(GuardError::Blacklisted {
            address: who.alice.clone(),
            reason: "sanctions".to_string(),
        }),
    );
}

#[test]
fn a_payment_beyond_the_prepaid_balance_is_refused() {
    let mut s = SuiteBuilder::new()
        .with_tariff(tariffs::flat())
        .with_meter(MeterSpec::new(ALICE, "alice", FLAT).contracted(500_00))
        .build();
    let operator = s.addrs.bank_operator.clone();
    let alice = s.consumer("alice");
    s.deposit(&operator, "SEPA-1", &alice, 100_00, true)
        .unwrap();
    s.assert_refused(
        |s| s.make_payment(&operator, ALICE, 150_00),
        ContractError::InsufficientPrepaid {
            consumer: alice.clone(),
            balance: Uint128::new(100_00),
            requested: Uint128::new(150_00),
        },
    );
}

// ---------------------------------------------------------------------------------- Settle

#[test]
fn settle_with_a_limit_out_of_range_is_refused() {
    let (mut s, who) = world();
    s.advance_to(START + 10 * DAY);
    for limit in [0, 101] {
        s.assert_refused(
            |s| s.settle(&who.stranger, Some(limit)),
            ContractError::InvalidSettleLimit { limit, max: 100 },
        );
    }
    // With a limit in range it pays Alice's first advance, and only once.
    s.settle(&who.stranger, Some(100)).unwrap();
    s.settle(&who.stranger, Some(100)).unwrap();
    let payments = s.payments(&who.alice.clone());
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].amount.u128(), 15_00);
}

// -------------------------------------------------------------- ScheduleAdvances, RecordBill

fn notice(meter_id: &str, period: u32, bps: u16) -> AdvanceNotice {
    AdvanceNotice {
        meter_id: meter_id.to_string(),
        period,
        estimate: Uint128::new(100_00),
        advances: vec![AdvanceTerm {
            bps,
            due: START + 40 * DAY,
        }],
    }
}

fn bill(meter_id: &str, period: u32, total: u128) -> BillNotice {
    BillNotice {
        meter_id: meter_id.to_string(),
        period,
        total: Uint128::new(total),
        final_due: START + 47 * DAY,
        next: notice(meter_id, period + 1, 3_000),
    }
}

#[test]
fn meter_notices_by_anyone_but_the_meters_contract_are_refused() {
    let (mut s, who) = world();
    let period = s.current_period();
    let msg = ExecuteMsg::ScheduleAdvances(notice(ALICE, period + 1, 3_000));
    // Bob's meter contract is a meter contract, but not Alice's.
    let senders = [
        who.stranger.clone(),
        who.alice.clone(),
        s.admin.clone(),
        s.meter_contract(BOB),
    ];
    refused_as_not_alices_meter_contract(&mut s, &msg, senders);
    // Alice cannot record a tiny bill for herself, nor can Bob's contract.
    let msg = ExecuteMsg::RecordBill(bill(ALICE, period, 1));
    let senders = [
        who.alice.clone(),
        s.meter_contract(BOB),
        who.retailer.clone(),
    ];
    refused_as_not_alices_meter_contract(&mut s, &msg, senders);
}

#[test]
fn meter_notices_with_bad_input_are_refused() {
    let (mut s, who) = world();
    let period = s.current_period();
    let alice_contract = s.meter_contract(ALICE);
    let mut greedy = notice(ALICE, period + 1, 6_000);
    greedy.advances.push(AdvanceTerm {
        bps: 5_000,
        due: START + 50 * DAY,
    });
    let mut wrong_next = bill(ALICE, period, 80_00);
    wrong_next.next.period = period + 2;
    let mut greedy_next = bill(ALICE, period, 80_00);
    greedy_next.next.advances[0].bps = 10_001;
    let cases = [
        (
            ExecuteMsg::ScheduleAdvances(notice(ALICE, period, 3_000)),
            ContractError::AlreadyScheduled {
                meter_id: ALICE.to_string(),
                period,
            },
        ),
        (
            ExecuteMsg::ScheduleAdvances(greedy),
            ContractError::AdvancesExceedWhole { total_bps: 11_000 },
        ),
        (
            ExecuteMsg::ScheduleAdvances(notice("no-such-meter", period, 1)),
            ContractError::UnknownMeter {
                meter_id: "no-such-meter".to_string(),
            },
        ),
        (
            ExecuteMsg::RecordBill(wrong_next),
            ContractError::NextNoticeMismatch {
                meter_id: ALICE.to_string(),
                expected_period: period + 1,
                next_meter_id: ALICE.to_string(),
                next_period: period + 2,
            },
        ),
        (
            ExecuteMsg::RecordBill(greedy_next),
            ContractError::AdvancesExceedWhole { total_bps: 10_001 },
        ),
    ];
    for (msg, expected) in cases {
        s.assert_refused(|s| s.execute_bank(&alice_contract, &msg), expected);
    }
    // The real bill, recorded when the period closes; a second notice for it is refused.
    s.advance_to(START + 30 * DAY);
    s.close_period(&who.stranger, ALICE, period).unwrap();
    s.assert_refused(
        |s| {
            s.execute_bank(
                &alice_contract,
                &ExecuteMsg::RecordBill(bill(ALICE, period, 1)),
            )
        },
        ContractError::BillAlreadyRecorded {
            meter_id: ALICE.to_string(),
            period,
        },
    );
}

#[test]
fn native_funds_are_refused_by_every_bank_action() {
    let (mut s, who) = world();
    let bank = s.bank.clone();
    let messages = [
        ExecuteMsg::Deposit {
            reference: "SEPA-5".into(),
            recipient: who.alice.to_string(),
            amount: Uint128::new(1),
            prepay: false,
        },
        ExecuteMsg::MakePayment {
            meter_id: ALICE.into(),
            amount: Uint128::new(1),
        },
        ExecuteMsg::Settle { limit: None },
        ExecuteMsg::Redeem {
            request_id: 1,
            payout_reference: "P".into(),
        },
    ];
    let nonpayable = ContractError::Payment(PaymentError::NonPayable {});
    s.assert_funds_refused(
        &who.operator,
        &bank,
        coin(7, "ustake"),
        messages,
        nonpayable,
    );
}
