//! The bank and its settlement token at the edges of issue 11, through the public interface:
//! blacklisted and suspended participants (deposits, redemptions, settlement, payments, token
//! movements), held instalments and their release, funded overdue instalments, normalised
//! deposit references; the token's own transfers and the emergency pause are in
//! `token_and_pause.rs`. Every refusal is checked for its exact error and for leaving every
//! contract as it was.

// Money is written as units_cents (400_00 is 400.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::Uint128;
use ledger_bank::ContractError;
use ledger_testing::{ALICE_METER as ALICE, BOB_METER as BOB, Suite, attribute};
use ledger_types::bank::{Instalment, InstalmentStatus};

mod common;

use common::contracted_world as world;
use common::*;

/// The meter's instalments that are still unpaid, oldest due first.
fn unpaid(s: &Suite, meter_id: &str) -> Vec<Instalment> {
    let mut list: Vec<Instalment> = s
        .instalments(meter_id)
        .into_iter()
        .filter(|i| matches!(i.status, InstalmentStatus::Open | InstalmentStatus::Overdue))
        .collect();
    list.sort_by_key(|i| (i.due, i.id));
    list
}

// ------------------------------------------------------------------------------ deposits

#[test]
fn no_deposit_reaches_a_blacklisted_or_suspended_wallet() {
    let (mut s, who) = world();
    blacklist(&mut s, &who.bob, "sanctions");
    suspend(&mut s, &who.alice);
    for prepay in [false, true] {
        s.assert_refused(
            |s| s.deposit(&who.operator, "SEPA-9", &who.bob, 10_00, prepay),
            ContractError::Guard(blacklisted(&who.bob, "sanctions")),
        );
        s.assert_refused(
            |s| s.deposit(&who.operator, "SEPA-9", &who.alice, 10_00, prepay),
            ContractError::Guard(suspended(&who.alice)),
        );
    }
    // The reference was not used up by the refusals.
    let carol = s.add_consumer("carol").unwrap();
    s.deposit(&who.operator, "SEPA-9", &carol, 10_00, false)
        .unwrap();
    assert_eq!(s.balance(&carol), 10_00);
}

#[test]
fn deposit_references_are_normalised_before_the_uniqueness_check() {
    let (mut s, who) = world();
    // "SEPA-1" was credited by the world; these are all the same reference.
    for variant in ["SEPA-1 ", "sepa-1", "  Sepa-1\t", "SEPA-1\n"] {
        s.assert_refused(
            |s| s.deposit(&who.operator, variant, &who.alice, 1_00, false),
            ContractError::DepositReferenceUsed {
                reference: variant.to_string(),
            },
        );
    }
    // Inner whitespace collapses to one space.
    let res = s
        .deposit(&who.operator, "  Wire   2026/7 ", &who.alice, 1_00, false)
        .unwrap();
    assert_eq!(attribute(&res, "normalised_reference"), "wire 2026/7");
    s.assert_refused(
        |s| s.deposit(&who.operator, "wire 2026/7", &who.alice, 1_00, true),
        ContractError::DepositReferenceUsed {
            reference: "wire 2026/7".to_string(),
        },
    );
    // Looked up under any spelling; the record keeps the operator's text.
    let record = s.deposit_record("WIRE 2026/7").unwrap();
    assert_eq!(record.reference, "  Wire   2026/7 ");
    // Characters other than ASCII letters and whitespace are kept: these are other references.
    s.deposit(&who.operator, "wire-2026/7", &who.alice, 1_00, false)
        .unwrap();
    s.deposit(&who.operator, "SEPA-1.", &who.alice, 1_00, false)
        .unwrap();
    s.assert_token_conservation();
}

// ---------------------------------------------------------------------------- redemptions

#[test]
fn a_blacklisted_or_suspended_holder_cannot_start_a_redemption() {
    let (mut s, who) = world();
    s.deposit(&who.operator, "SEPA-2", &who.bob, 10_00, false)
        .unwrap();
    blacklist(&mut s, &who.alice, "fraud");
    suspend(&mut s, &who.bob);
    // The token refuses first: a blacklisted or suspended holder's tokens do not move.
    s.assert_refused(
        |s| s.request_redemption(&who.alice, 10_00, "IBAN DE00"),
        TokenError::Guard(blacklisted(&who.alice, "fraud")),
    );
    s.assert_refused(
        |s| s.request_redemption(&who.bob, 5_00, "IBAN DE01"),
        TokenError::Guard(suspended(&who.bob)),
    );
}

#[test]
fn a_request_in_flight_is_not_redeemed_while_its_holder_is_blacklisted() {
    let (mut s, who) = world();
    s.request_redemption(&who.alice, 10_00, "IBAN DE00")
        .unwrap();
    s.deposit(&who.operator, "SEPA-2", &who.bob, 10_00, false)
        .unwrap();
    s.request_redemption(&who.bob, 4_00, "IBAN DE01").unwrap();

    blacklist(&mut s, &who.alice, "fraud");
    s.assert_refused(
        |s| s.redeem(&who.operator, 1, "PAYOUT-1"),
        ContractError::Guard(blacklisted(&who.alice, "fraud")),
    );
    // A suspended holder's request was already in flight: it is paid out.
    suspend(&mut s, &who.bob);
    s.redeem(&who.operator, 2, "PAYOUT-2").unwrap();
    // Once cleared, Alice's escrow is redeemed as requested.
    unblacklist(&mut s, &who.alice);
    s.redeem(&who.operator, 1, "PAYOUT-1").unwrap();
    assert_eq!(s.bank_totals().burned.u128(), 14_00);
    s.assert_token_conservation();
}

// ----------------------------------------------------------------------------- settlement

/// Moves to the due date of the meter's oldest unpaid instalment and returns it.
fn reach_first_due(s: &mut Suite, meter_id: &str) -> Instalment {
    let first = unpaid(s, meter_id).remove(0);
    if s.now() < first.due {
        s.advance_to(first.due);
    }
    first
}

#[test]
fn an_instalment_owed_to_a_blacklisted_retailer_stays_open_and_is_reported() {
    let (mut s, who) = world();
    let first = reach_first_due(&mut s, ALICE);
    blacklist(&mut s, &who.retailer, "licence revoked");

    // Bob's first advance falls due with Alice's; both are owed to the blacklisted retailer.
    let res = s.settle(&who.stranger, None).unwrap();
    assert_eq!(attribute(&res, "paid"), "0");
    assert_eq!(attribute(&res, "held_blacklisted"), "2");
    let inst = s.instalment(first.id).unwrap();
    assert_eq!(inst.status, InstalmentStatus::Overdue);
    assert_eq!(inst.paid, Uint128::zero());
    let held = s.held();
    assert_eq!(held.len(), 2);
    assert_eq!(held[0].instalment, inst);
    assert_eq!(held[0].party, who.retailer);
    assert_eq!(held[0].reason, "licence revoked");
    assert_eq!(s.prepaid(&who.alice), 60_00);
    assert_eq!(s.balance(&who.retailer), 0);

    // Neither a later Settle nor the operator pays it while the retailer is blacklisted.
    let res = s.settle(&who.stranger, None).unwrap();
    assert_eq!(attribute(&res, "paid"), "0");
    s.assert_refused(
        |s| s.make_payment(&who.operator, ALICE, 1_00),
        ContractError::Guard(blacklisted(&who.retailer, "licence revoked")),
    );

    // Cleared: the next Settle releases it and pays it from the prepaid balance.
    unblacklist(&mut s, &who.retailer);
    // Bob, unfunded, stays overdue (no longer held).
    let res = s.settle(&who.stranger, None).unwrap();
    assert_eq!(attribute(&res, "released"), "2");
    assert_eq!(attribute(&res, "paid"), "1");
    assert_eq!(
        s.instalment(first.id).unwrap().status,
        InstalmentStatus::Paid
    );
    assert!(s.held().is_empty());
    assert_eq!(s.balance(&who.retailer), first.amount.u128());
    assert_eq!(s.prepaid(&who.alice), 60_00 - first.amount.u128());
    s.assert_instalments_sound(ALICE);
    s.assert_token_conservation();
}

#[test]
fn a_blacklisted_consumers_instalments_are_held_and_no_payment_leaves_it() {
    let (mut s, who) = world();
    let first = reach_first_due(&mut s, ALICE);
    blacklist(&mut s, &who.alice, "sanctions");

    let res = s.settle(&who.stranger, None).unwrap();
    assert_eq!(attribute(&res, "held_blacklisted"), "1");
    let held = s.held();
    assert_eq!(
        (held[0].instalment.id, &held[0].party),
        (first.id, &who.alice)
    );
    assert_eq!(s.prepaid(&who.alice), 60_00);
    s.assert_refused(
        |s| s.make_payment(&who.operator, ALICE, 1_00),
        ContractError::Guard(blacklisted(&who.alice, "sanctions")),
    );
}

#[test]
fn make_payment_on_an_instalment_of_a_blacklisted_retailer_is_refused_before_it_falls_due() {
    let (mut s, who) = world();
    blacklist(&mut s, &who.retailer, "licence revoked");
    s.assert_refused(
        |s| s.make_payment(&who.operator, ALICE, 30_00),
        ContractError::Guard(blacklisted(&who.retailer, "licence revoked")),
    );
}

#[test]
fn a_suspended_consumer_cannot_prepay_but_its_due_instalments_still_settle() {
    let (mut s, who) = world();
    suspend(&mut s, &who.alice);
    s.assert_refused(
        |s| s.prepay(&who.alice, 10_00),
        TokenError::Guard(suspended(&who.alice)),
    );
    s.assert_refused(
        |s| s.deposit(&who.operator, "SEPA-3", &who.alice, 10_00, true),
        ContractError::Guard(suspended(&who.alice)),
    );

    let first = reach_first_due(&mut s, ALICE);
    let res = s.settle(&who.stranger, None).unwrap();
    assert_eq!(attribute(&res, "paid"), "1");
    assert_eq!(
        s.instalment(first.id).unwrap().status,
        InstalmentStatus::Paid
    );
    assert_eq!(s.balance(&who.retailer), first.amount.u128());
    // The operator may pay its open instalments from the prepaid balance too.
    s.make_payment(&who.operator, ALICE, 1_00).unwrap();
}

#[test]
fn a_suspended_retailer_is_still_paid_what_is_in_flight() {
    let (mut s, who) = world();
    let first = reach_first_due(&mut s, ALICE);
    suspend(&mut s, &who.retailer);
    let res = s.settle(&who.stranger, None).unwrap();
    assert_eq!(attribute(&res, "paid"), "1");
    assert_eq!(s.balance(&who.retailer), first.amount.u128());
    // But the suspended retailer cannot move the tokens on.
    s.assert_refused(
        |s| s.transfer(&who.retailer, &who.alice, 1_00),
        TokenError::Guard(suspended(&who.retailer)),
    );
}

// ----------------------------------------------------------------- funded overdue instalments

#[test]
fn a_funded_consumer_is_never_left_overdue_and_is_paid_oldest_first() {
    let (mut s, who) = world();
    // Both of Bob's advances fall due unfunded and go overdue.
    let all = unpaid(&s, BOB);
    assert_eq!(all.len(), 2, "{all:?}");
    s.advance_to(all[1].due);
    let res = s.settle(&who.stranger, None).unwrap();
    assert_eq!(attribute(&res, "overdue"), "2");
    assert_eq!(s.overdue().len(), 2);

    // Funded for the older one only: the next Settle pays it, not the newer one.
    s.deposit(
        &who.operator,
        "SEPA-B1",
        &who.bob,
        all[0].amount.u128(),
        true,
    )
    .unwrap();
    let res = s.settle(&who.stranger, None).unwrap();
    assert_eq!(attribute(&res, "paid"), "1");
    assert_eq!(
        s.instalment(all[0].id).unwrap().status,
        InstalmentStatus::Paid
    );
    assert_eq!(
        s.instalment(all[1].id).unwrap().status,
        InstalmentStatus::Overdue
    );
    assert_eq!(s.prepaid(&who.bob), 0);

    // A prepayment from the wallet covers the rest.
    s.deposit(&who.operator, "SEPA-B2", &who.bob, 50_00, false)
        .unwrap();
    s.prepay(&who.bob, 10_00).unwrap();
    let res = s.settle(&who.stranger, Some(1)).unwrap();
    assert_eq!(attribute(&res, "paid"), "1");
    assert!(s.overdue().iter().all(|i| i.meter_id != BOB));
    let paid_by_bob: u128 = s.payments(&who.bob).iter().map(|p| p.amount.u128()).sum();
    assert_eq!(paid_by_bob, all[0].amount.u128() + all[1].amount.u128());
    assert_eq!(s.prepaid(&who.bob), 10_00 - all[1].amount.u128());
    s.assert_instalments_sound(BOB);
    s.assert_token_conservation();
}

#[test]
fn an_overdue_instalment_is_paid_before_a_newer_one_takes_the_balance() {
    let (mut s, who) = world();
    let all = unpaid(&s, BOB);
    let (older, newer) = (all[0].amount.u128(), all[1].amount.u128());
    // The first advance goes overdue unfunded.
    s.advance_to(all[0].due);
    s.settle(&who.stranger, None).unwrap();
    assert_eq!(
        s.instalment(all[0].id).unwrap().status,
        InstalmentStatus::Overdue
    );
    // Funded for both only at the second's due date, in one Settle: the older is paid first.
    s.deposit(&who.operator, "SEPA-B1", &who.bob, older + newer, true)
        .unwrap();
    s.advance_to(all[1].due);
    let res = s.settle(&who.stranger, None).unwrap();
    let bob_paid: Vec<u64> = s
        .payments(&who.bob)
        .iter()
        .map(|p| p.instalment_id)
        .collect();
    assert_eq!(bob_paid, vec![all[0].id, all[1].id]);
    assert!(attribute(&res, "paid").parse::<u32>().unwrap() >= 2);
    assert_eq!(s.prepaid(&who.bob), 0);
    s.assert_instalments_sound(BOB);
}
