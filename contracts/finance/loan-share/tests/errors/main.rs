//! Every loan-share `ExecuteMsg` (and each of the consortium token's `Send` hooks): refused for
//! a sender without the right and for bad input, each with its exact error and no change
//! anywhere (the snapshot covers every contract, every loan-share query and every balance of
//! both tokens).

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, Binary, HexBinary, Uint128, coin, to_json_binary};
use cw_utils::PaymentError;
use cw20::Cw20ReceiveMsg;
use ledger_loan_share::ContractError;
use ledger_testing::{DAY, Suite, SuiteBuilder, sample_applications};
use ledger_types::loan_share::{
    ExecuteMsg, FieldCiphertext, LoanShareRole, LoanType, MAX_CIPHERTEXT_LEN, MAX_FEE_PER_10K,
    MAX_PARTICIPANTS, MAX_RATE_BPS, MIN_CIPHERTEXT_LEN, PlanInput, ReceiveMsg, SealedField,
    SensitiveField, VehicleInfo,
};

const OFFER: u128 = 100_000_00;

/// Lenders A, B and C and the data provider hold 100.00 each; the contributor has posted the
/// cash loan's plan (plan 1): 100,000.00 offered, two places, open now for 30 days.
fn world() -> Suite {
    let mut s = SuiteBuilder::new().with_loan_share().build();
    s.fund_lenders(100_00);
    let l = s.lenders();
    let app = &sample_applications()[0];
    let input = s.plan_of(&l.contributor, app, OFFER, 2);
    assert_eq!(s.posted_plan(&l.contributor, input).unwrap(), 1);
    s
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

mod confirm;
mod plans;
mod tokens;
