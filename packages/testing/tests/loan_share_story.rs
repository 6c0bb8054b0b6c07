//! Lenders sharing a loan, told as a story.
//!
//! The token issuer sells consortium tokens to two lenders against their bank payments. A
//! contributor lender has three borrowers it cannot serve alone; its client encrypts each
//! borrower's name, identity number and phone (and, for the car loan, plate and engine numbers)
//! to the contributor's own key, commits to each with a secret salt, and posts three share plans
//! whose other facts are in clear. The two lenders find the cash loan's plan among the open
//! plans and confirm shares of it at rates within its range, each paying the plan's fee, which
//! reaches the contributor in the same transaction to the unit. The contributor's watcher sees
//! the confirmations and discloses every field re-encrypted to each participant's key; each
//! participant decrypts its fields, which match the plan's commitments, and cannot read the
//! other's. A third lender's confirmation beyond what remains of the offer is refused and
//! changes nothing. The contributor withdraws a plan nobody took, pays a data service provider,
//! and redeems its fees; at every step the token's books balance.

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::Uint128;
use ledger_crypto::{Context, CryptoError, open_field};
use ledger_loan_share::ContractError;
use ledger_testing::{PLAN_DAYS, SuiteBuilder, attribute, sample_applications};
use ledger_types::loan_share::{PlanState, RedemptionStatus, SensitiveField};

const DAY: u64 = 86_400;

#[test]
fn two_lenders_share_a_loan_and_learn_the_borrower_only_after_paying() {
    let mut s = SuiteBuilder::new().with_loan_share().build();
    let l = s.lenders();
    let apps = sample_applications();

    // ------------------------------------------------------------------ keys and tokens
    for lender in l.lenders() {
        let key = s.key_of(&lender).expect("every lender registered a key");
        assert_eq!(key.public_key, l.public_key(&lender));
        assert_eq!(key.version, 1);
    }
    s.recharge(&l.issuer, "ICBC-20261101-0001", &l.lender_a, 100_00)
        .unwrap();
    s.recharge(&l.issuer, "ICBC-20261101-0002", &l.lender_b, 50_00)
        .unwrap();
    assert_eq!(s.loan_balance(&l.lender_a), 100_00);
    assert_eq!(s.loan_balance(&l.lender_b), 50_00);
    assert_eq!(s.loan_token_supply(), 150_00);
    assert_eq!(
        s.recharge_record("ICBC-20261101-0001").unwrap().recipient,
        l.lender_a
    );
    s.assert_loan_books();

    // ------------------------------------------------------------------ three plans
    s.advance_time(3_600);
    let offers = [(100_000_00, 3), (60_000_00, 2), (400_000_00, 4)];
    let mut plan_ids = vec![];
    for (app, (offered, places)) in apps.iter().zip(offers) {
        let input = s.plan_of(&l.contributor, app, offered, places);
        plan_ids.push(s.posted_plan(&l.contributor, input).unwrap());
    }
    assert_eq!(plan_ids, vec![1, 2, 3]);
    let open = s.open_plans();
    assert_eq!(open.len(), 3);
    assert!(open.iter().all(|p| p.state == PlanState::Open));
    assert_eq!(s.plans_by(&l.contributor).len(), 3);
    let car = s.plan(2).unwrap().plan;
    assert_eq!(car.sealed_fields.len(), 5);
    assert_eq!(car.vehicle.as_ref().unwrap().mileage_km, 42_000);
    assert!(car.sealed_fields.iter().all(|f| f.commitment.len() == 32));
    assert_eq!(s.plan(1).unwrap().plan.sealed_fields.len(), 3);

    // ------------------------------------------------------------------ two confirmations
    s.advance_time(DAY);
    let contributor_before = s.loan_balance(&l.contributor);
    // 60,000.00 at one unit per 10,000 is 6.00.
    let res = s.confirm_share(&l.lender_a, 1, 60_000_00, 1_850).unwrap();
    assert_eq!(attribute(&res, "fee"), "600");
    assert_eq!(
        attribute(&res, "participant_key"),
        l.public_key(&l.lender_a).to_hex()
    );
    assert_eq!(attribute(&res, "fields"), "borrower_name,id_number,phone");
    assert_eq!(attribute(&res, "remaining"), "4000000");
    // 30,000.50 is 3.0005 tokens' worth: rounded up to 3.01.
    let res = s.confirm_share(&l.lender_b, 1, 30_000_50, 1_900).unwrap();
    assert_eq!(attribute(&res, "fee"), "301");
    assert_eq!(s.loan_balance(&l.lender_a), 100_00 - 6_00);
    assert_eq!(s.loan_balance(&l.lender_b), 50_00 - 3_01);
    assert_eq!(s.loan_balance(&l.contributor), contributor_before + 9_01);
    assert_eq!(s.loan_balance(&s.loan_contract()), 0);
    let plan = s.plan(1).unwrap().plan;
    assert_eq!(plan.confirmed, Uint128::new(90_000_50));
    assert_eq!(plan.remaining(), Uint128::new(9_999_50));
    assert_eq!((plan.participants, plan.fees), (2, Uint128::new(9_01)));
    assert_eq!(s.confirmations_of(&l.lender_a).len(), 1);
    assert_eq!(s.plan_confirmations(1).len(), 2);
    s.assert_loan_books();

    // ------------------------------------------------------------------ the watcher discloses
    assert_eq!(s.pending_disclosures(&l.contributor).len(), 2);
    s.advance_time(60);
    assert_eq!(s.disclose_pending(&l.contributor).unwrap(), vec![1, 2]);
    assert!(s.pending_disclosures(&l.contributor).is_empty());
    assert!(s.disclose_pending(&l.contributor).unwrap().is_empty());
    let record = s.confirmation_disclosures(1);
    assert_eq!(record.len(), 3);
    for d in &record {
        assert_eq!(
            (&d.contributor, &d.participant, d.disclosed_at),
            (&l.contributor, &l.lender_a, s.now())
        );
    }
    assert_eq!(s.disclosures().len(), 6);
    assert_eq!(s.loan_totals().disclosures, 6);

    // ------------------------------------------------------------------ each participant reads
    for (participant, confirmation) in [(&l.lender_a, 1), (&l.lender_b, 2)] {
        let read = s.read_disclosures(participant, confirmation);
        let expected: Vec<(SensitiveField, Result<String, CryptoError>)> = apps[0]
            .sensitive()
            .into_iter()
            .map(|(field, value)| (field, Ok(value)))
            .collect();
        assert_eq!(read, expected, "participant {participant}");
    }
    // Lender B cannot open what was disclosed to lender A, nor the contributor's own copies.
    let contract = s.loan_contract();
    let to_a = &s.confirmation_disclosures(1)[0];
    let as_b = Context::Disclosure {
        contract: contract.as_str(),
        plan_id: 1,
        confirmation_id: 1,
        participant: l.lender_a.as_str(),
        field: to_a.field.as_str(),
    };
    assert_eq!(
        open_field(&l.secret(&l.lender_b), to_a.ciphertext.as_slice(), &as_b),
        Err(CryptoError::DecryptionFailed)
    );
    let own = &s.plan(1).unwrap().plan.sealed_fields[0];
    let own_context = Context::PlanField {
        contract: contract.as_str(),
        contributor: l.contributor.as_str(),
        asset_id: &apps[0].asset_id,
        field: own.field.as_str(),
    };
    assert_eq!(
        open_field(
            &l.secret(&l.lender_a),
            own.ciphertext.as_slice(),
            &own_context
        ),
        Err(CryptoError::DecryptionFailed)
    );
    assert_eq!(
        open_field(
            &l.secret(&l.contributor),
            own.ciphertext.as_slice(),
            &own_context
        )
        .unwrap()
        .value,
        apps[0].borrower_name
    );

    // ------------------------------------------------------------------ a third is refused
    s.recharge(&l.issuer, "ICBC-20261102-0003", &l.lender_c, 20_00)
        .unwrap();
    let lender_c = l.lender_c.clone();
    s.assert_refused(
        |s| s.confirm_share(&lender_c, 1, 10_000_00, 1_900),
        ContractError::ExceedsOffer {
            plan_id: 1,
            requested: Uint128::new(10_000_00),
            remaining: Uint128::new(9_999_50),
            offered: Uint128::new(100_000_00),
        },
    );
    assert_eq!(s.loan_balance(&l.lender_c), 20_00);
    assert_eq!(s.plan(1).unwrap().plan.confirmed, Uint128::new(90_000_50));

    // ------------------------------------------------------------------ withdrawal and closing
    s.withdraw_plan(&l.contributor, 3).unwrap();
    assert_eq!(s.plan(3).unwrap().state, PlanState::Withdrawn);
    let open: Vec<u64> = s.open_plans().iter().map(|p| p.plan.id).collect();
    assert_eq!(open, vec![1, 2]);
    s.advance_time(PLAN_DAYS * DAY);
    assert_eq!(s.plan(1).unwrap().state, PlanState::Closed);
    assert!(s.open_plans().is_empty());

    // ------------------------------------------------------------------ data and redemption
    s.pay_data_service(&l.lender_a, 2_00, &l.data_provider, "RPT-LA-2026-0001")
        .unwrap();
    assert_eq!(s.loan_balance(&l.data_provider), 2_00);
    assert_eq!(s.data_payments(Some(&l.data_provider)).len(), 1);

    let earned = s.loan_balance(&l.contributor);
    let res = s
        .request_loan_redemption(&l.contributor, earned, "ICBC 6222 0210 0000 1234")
        .unwrap();
    let request: u64 = attribute(&res, "redemption_id").parse().unwrap();
    assert_eq!(s.loan_balance(&s.loan_contract()), earned);
    s.assert_loan_books();
    s.redeem_loan_tokens(&l.issuer, request, "ICBC-PAYOUT-0001")
        .unwrap();
    let redemption = s.loan_redemption(request).unwrap();
    assert_eq!(redemption.status, RedemptionStatus::Redeemed);
    assert_eq!(s.loan_balance(&l.contributor), 0);
    assert_eq!(s.loan_token_supply(), 150_00 + 20_00 - earned);
    let totals = s.loan_totals();
    assert_eq!(
        (totals.minted, totals.burned, totals.fees_paid),
        (
            Uint128::new(170_00),
            Uint128::new(earned),
            Uint128::new(9_01)
        )
    );
    s.assert_loan_books();
}
