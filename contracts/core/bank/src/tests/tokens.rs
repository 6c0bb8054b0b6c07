//! Deposits, prepayment, redemption requests and redemption.

use ledger_contract_kit::GuardError;
use ledger_types::bank::{Deposit, QueryMsg, Redemption, RedemptionStatus};

use super::*;
use crate::execute::MAX_TEXT_LEN;

fn deposit_msg(reference: &str, recipient: &Addr, amount: u128, prepay: bool) -> ExecuteMsg {
    ExecuteMsg::Deposit {
        reference: reference.to_string(),
        recipient: recipient.to_string(),
        amount: Uint128::new(amount),
        prepay,
    }
}

#[test]
fn deposit_mints_to_the_recipient_wallet() {
    let mut suite = Suite::new();
    let alice = suite.who.alice.clone();
    let res = suite.deposit("SEPA-0001", &alice, 1_000, false).unwrap();
    assert_attrs(
        &res,
        &[
            ("action", "deposit"),
            ("reference", "SEPA-0001"),
            ("amount", "1000"),
        ],
    );
    assert_eq!(
        token_msgs(&res),
        vec![Cw20ExecuteMsg::Mint {
            recipient: alice.to_string(),
            amount: Uint128::new(1_000),
        }]
    );
    assert_eq!(suite.balance(&alice), Uint128::new(1_000));
    assert_eq!(suite.prepaid(&alice), Uint128::zero());
    let totals = suite.totals();
    assert_eq!(totals.minted, Uint128::new(1_000));
    assert_eq!(totals.prepaid, Uint128::zero());
    let deposit: Deposit = suite.query(QueryMsg::Deposit {
        reference: "SEPA-0001".to_string(),
    });
    assert_eq!(
        deposit,
        Deposit {
            reference: "SEPA-0001".to_string(),
            recipient: alice,
            amount: Uint128::new(1_000),
            prepay: false,
            operator: suite.who.operator.clone(),
            at: T0,
        }
    );
    suite.assert_books();
}

#[test]
fn deposit_with_prepay_mints_to_the_bank_and_credits_the_consumer() {
    let mut suite = Suite::new();
    let alice = suite.who.alice.clone();
    let res = suite.deposit("SEPA-0002", &alice, 700, true).unwrap();
    assert_eq!(
        token_msgs(&res),
        vec![Cw20ExecuteMsg::Mint {
            recipient: suite.who.bank.to_string(),
            amount: Uint128::new(700),
        }]
    );
    assert_eq!(suite.prepaid(&alice), Uint128::new(700));
    assert_eq!(suite.balance(&alice), Uint128::zero());
    assert_eq!(suite.totals().prepaid, Uint128::new(700));
    suite.assert_books();
}

#[test]
fn a_deposit_reference_is_credited_once() {
    let mut suite = Suite::new();
    let who = suite.who.clone();
    suite.deposit("SEPA-0003", &who.alice, 100, false).unwrap();
    suite.assert_refused(
        &who.operator,
        deposit_msg("SEPA-0003", &who.bob, 5, true),
        ContractError::DepositReferenceUsed {
            reference: "SEPA-0003".to_string(),
        },
    );
    assert_eq!(
        suite.query_err(QueryMsg::Deposit {
            reference: "SEPA-9".to_string()
        }),
        ContractError::DepositNotFound {
            reference: "SEPA-9".to_string()
        }
    );
}

#[test]
fn deposit_unauthorized() {
    let mut suite = Suite::new();
    let who = suite.who.clone();
    suite.assert_operators_only(
        &[&who.alice, &who.stranger, &who.retailer],
        deposit_msg("SEPA-1", &who.alice, 10, false),
    );
    // A blacklisted operator loses the role.
    let operator = suite.who.operator.clone();
    suite.blacklist(&operator);
    suite.assert_operators_only(&[&operator], deposit_msg("SEPA-1", &who.alice, 10, false));
}

#[test]
fn deposit_bad_input() {
    let mut suite = Suite::new();
    let who = suite.who.clone();
    let long = "R".repeat(MAX_TEXT_LEN + 1);
    suite.blacklist(&who.carol);
    let cases = vec![
        (
            deposit_msg("", &who.alice, 10, false),
            ContractError::EmptyText {
                field: "deposit reference".to_string(),
            },
        ),
        (
            deposit_msg("   ", &who.alice, 10, false),
            ContractError::EmptyText {
                field: "deposit reference".to_string(),
            },
        ),
        (
            deposit_msg(&long, &who.alice, 10, false),
            ContractError::TextTooLong {
                field: "deposit reference".to_string(),
                len: MAX_TEXT_LEN + 1,
                max: MAX_TEXT_LEN,
            },
        ),
        (
            deposit_msg("SEPA-1", &who.alice, 0, false),
            ContractError::ZeroAmount {
                what: "deposit".to_string(),
            },
        ),
        (
            deposit_msg("SEPA-1", &who.retailer, 10, true),
            ContractError::NotAConsumer {
                address: who.retailer.clone(),
            },
        ),
        (
            deposit_msg("SEPA-1", &who.stranger, 10, true),
            ContractError::NotAConsumer {
                address: who.stranger.clone(),
            },
        ),
        (
            deposit_msg("SEPA-1", &who.carol, 10, true),
            ContractError::Guard(GuardError::Blacklisted {
                address: who.carol.clone(),
                reason: "sanctioned".to_string(),
            }),
        ),
    ];
    suite.assert_each_refused(&who.operator, cases);

    // A reference of exactly the maximum length is fine.
    suite
        .deposit(&"R".repeat(MAX_TEXT_LEN), &who.alice, 10, false)
        .unwrap();

    let before = suite.snapshot();
    let err = suite
        .exec(
            &who.operator,
            ExecuteMsg::Deposit {
                reference: "SEPA-2".to_string(),
                recipient: "Not An Address".to_string(),
                amount: Uint128::new(10),
                prepay: false,
            },
        )
        .unwrap_err();
    assert!(
        matches!(err, ContractError::Guard(GuardError::Std(_))),
        "{err:?}"
    );
    assert_eq!(suite.snapshot(), before);

    suite.assert_refuses_funds(&who.operator, deposit_msg("SEPA-3", &who.alice, 10, false));
}

#[test]
fn prepay_adds_to_the_senders_balance() {
    let mut suite = Suite::new();
    let alice = suite.who.alice.clone();
    suite.deposit("SEPA-1", &alice, 1_000, false).unwrap();
    let res = suite.prepay(&alice, 600).unwrap();
    assert_attrs(&res, &[("action", "prepay"), ("balance", "600")]);
    suite.prepay(&alice, 150).unwrap();
    assert_eq!(suite.prepaid(&alice), Uint128::new(750));
    assert_eq!(suite.balance(&alice), Uint128::new(250));
    assert_eq!(suite.totals().prepaid, Uint128::new(750));
    suite.assert_books();
}

#[test]
fn receive_only_from_the_settlement_token() {
    let mut suite = Suite::new();
    let who = suite.who.clone();
    let msg = receive_msg(&who.alice, 10, &ReceiveMsg::Prepay {});
    suite.assert_refused(
        &who.stranger,
        msg.clone(),
        ContractError::WrongToken {
            token: suite.who.token.clone(),
            sender: who.stranger.clone(),
        },
    );
    suite.assert_refused(
        &who.alice,
        msg,
        ContractError::WrongToken {
            token: suite.who.token.clone(),
            sender: who.alice.clone(),
        },
    );
}

#[test]
fn receive_bad_input() {
    let mut suite = Suite::new();
    let who = suite.who.clone();
    suite.blacklist(&who.carol);
    let cases = vec![
        (
            receive_msg(&who.alice, 0, &ReceiveMsg::Prepay {}),
            ContractError::ZeroAmount {
                what: "received".to_string(),
            },
        ),
        (
            receive_msg(&who.retailer, 10, &ReceiveMsg::Prepay {}),
            ContractError::NotAConsumer {
                address: who.retailer.clone(),
            },
        ),
        (
            receive_msg(&who.carol, 10, &ReceiveMsg::Prepay {}),
            ContractError::Guard(GuardError::Blacklisted {
                address: who.carol.clone(),
                reason: "sanctioned".to_string(),
            }),
        ),
        (
            receive_msg(
                &who.alice,
                10,
                &ReceiveMsg::RequestRedemption {
                    payout_account: " ".to_string(),
                },
            ),
            ContractError::EmptyText {
                field: "payout account".to_string(),
            },
        ),
        (
            receive_msg(
                &who.alice,
                10,
                &ReceiveMsg::RequestRedemption {
                    payout_account: "D".repeat(MAX_TEXT_LEN + 1),
                },
            ),
            ContractError::TextTooLong {
                field: "payout account".to_string(),
                len: MAX_TEXT_LEN + 1,
                max: MAX_TEXT_LEN,
            },
        ),
    ];
    suite.assert_each_refused(&who.token, cases);

    // A hook that is not a ReceiveMsg, and a malformed sender.
    let before = suite.snapshot();
    let err = suite
        .exec(
            &who.token,
            ExecuteMsg::Receive(Cw20ReceiveMsg {
                sender: who.alice.to_string(),
                amount: Uint128::new(10),
                msg: Binary::from(b"{\"donate\":{}}".to_vec()),
            }),
        )
        .unwrap_err();
    assert!(
        matches!(err, ContractError::Guard(GuardError::Std(_))),
        "{err:?}"
    );
    let err = suite
        .exec(
            &who.token,
            receive_msg(&Addr::unchecked("Bad Sender"), 10, &ReceiveMsg::Prepay {}),
        )
        .unwrap_err();
    assert!(
        matches!(err, ContractError::Guard(GuardError::Std(_))),
        "{err:?}"
    );
    assert_eq!(suite.snapshot(), before);
    suite.assert_refuses_funds(
        &who.token,
        receive_msg(&who.alice, 10, &ReceiveMsg::Prepay {}),
    );
}

fn request(suite: &mut Suite, holder: &Addr, amount: u128, account: &str) -> u64 {
    let res = suite
        .send(
            holder,
            amount,
            &ReceiveMsg::RequestRedemption {
                payout_account: account.to_string(),
            },
        )
        .unwrap();
    assert_eq!(attr(&res, "action"), "request_redemption");
    attr(&res, "redemption_id").parse().unwrap()
}

fn redeem_msg(id: u64, reference: &str) -> ExecuteMsg {
    ExecuteMsg::Redeem {
        request_id: id,
        payout_reference: reference.to_string(),
    }
}

#[test]
fn redemption_escrows_then_burns() {
    let mut suite = Suite::new();
    let who = suite.who.clone();
    suite.deposit("SEPA-1", &who.retailer, 900, false).unwrap();
    let id = request(
        &mut suite,
        &who.retailer,
        400,
        "DE89 3704 0044 0532 0130 00",
    );
    assert_eq!(id, 1);
    assert_eq!(suite.totals().escrowed, Uint128::new(400));
    suite.assert_books();
    let requested: Redemption = suite.query(QueryMsg::Redemption { id });
    assert_eq!(requested.status, RedemptionStatus::Requested);
    assert_eq!(requested.holder, who.retailer);
    assert_eq!(requested.requested_at, T0);

    let res = suite
        .exec(&who.operator, redeem_msg(id, "PAYOUT-1"))
        .unwrap();
    assert_eq!(attr(&res, "action"), "redeem");
    assert_eq!(
        token_msgs(&res),
        vec![Cw20ExecuteMsg::Burn {
            amount: Uint128::new(400)
        }]
    );
    let totals = suite.totals();
    assert_eq!(totals.escrowed, Uint128::zero());
    assert_eq!(totals.burned, Uint128::new(400));
    let redeemed: Redemption = suite.query(QueryMsg::Redemption { id });
    assert_eq!(redeemed.status, RedemptionStatus::Redeemed);
    assert_eq!(redeemed.payout_reference.as_deref(), Some("PAYOUT-1"));
    suite.assert_books();
}

#[test]
fn redeem_unauthorized() {
    let mut suite = Suite::new();
    let who = suite.who.clone();
    suite.deposit("SEPA-1", &who.retailer, 900, false).unwrap();
    let id = request(&mut suite, &who.retailer, 400, "ACC-1");
    suite.assert_operators_only(&[&who.retailer, &who.alice], redeem_msg(id, "PAYOUT-1"));
}

#[test]
fn redeem_bad_input() {
    let mut suite = Suite::new();
    let who = suite.who.clone();
    suite.deposit("SEPA-1", &who.retailer, 900, false).unwrap();
    let first = request(&mut suite, &who.retailer, 400, "ACC-1");
    let second = request(&mut suite, &who.retailer, 100, "ACC-1");
    suite
        .exec(&who.operator, redeem_msg(first, "PAYOUT-1"))
        .unwrap();

    let cases = vec![
        (
            redeem_msg(77, "PAYOUT-2"),
            ContractError::RedemptionNotFound { id: 77 },
        ),
        (
            redeem_msg(first, "PAYOUT-2"),
            ContractError::AlreadyRedeemed {
                id: first,
                payout_reference: "PAYOUT-1".to_string(),
            },
        ),
        (
            redeem_msg(second, "PAYOUT-1"),
            ContractError::PayoutReferenceUsed {
                reference: "PAYOUT-1".to_string(),
                request_id: first,
            },
        ),
        (
            redeem_msg(second, ""),
            ContractError::EmptyText {
                field: "payout reference".to_string(),
            },
        ),
        (
            redeem_msg(second, &"P".repeat(MAX_TEXT_LEN + 1)),
            ContractError::TextTooLong {
                field: "payout reference".to_string(),
                len: MAX_TEXT_LEN + 1,
                max: MAX_TEXT_LEN,
            },
        ),
    ];
    suite.assert_each_refused(&who.operator, cases);
    suite.assert_refuses_funds(&who.operator, redeem_msg(second, "PAYOUT-2"));

    suite
        .exec(&who.operator, redeem_msg(second, "PAYOUT-2"))
        .unwrap();
    suite.assert_books();
}
