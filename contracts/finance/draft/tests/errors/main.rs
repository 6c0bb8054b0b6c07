//! Every draft `ExecuteMsg` (and the fund token's `IssueDraft` hook): refused for a sender
//! without the right (or, for `Expire`, which anyone may send, the closest refusals), and
//! refused for bad input, each with its exact error and no change anywhere (the snapshot
//! covers every contract, the draft contract's queries and every token balance).

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, HexBinary, Uint128, coin, to_json_binary};
use cw_utils::PaymentError;
use cw20::Cw20ReceiveMsg;
use ledger_draft::ContractError;
use ledger_testing::{DAY, Suite, SuiteBuilder, bank_record, evidence_hash};
use ledger_types::admin::ParticipantStatus;
use ledger_types::draft::{
    Application, DraftRole, DraftTerms, ExecuteMsg, HopPlan, ReceiveMsg, StagePlan,
};

const AMOUNT: u128 = 100_000_00;

/// The province holds 1,000,000.00; the county has applied for a two-stage project, pending at
/// the first level.
fn world() -> (Suite, u64) {
    let mut s = SuiteBuilder::new().with_drafts().build();
    let p = s.parties.clone();
    let operator = s.addrs.bank_operator.clone();
    s.deposit(&operator, "PROV-1", &p.province, 10 * AMOUNT, false)
        .unwrap();
    let app = s.application("Drinking water", &[AMOUNT, AMOUNT]);
    let project = s.applied_project(&p.county, app).unwrap();
    (s, project)
}

/// [`world`] with stage 1 approved.
fn approved() -> (Suite, u64) {
    let (mut s, project) = world();
    s.approve_all_levels(project, 1).unwrap();
    (s, project)
}

/// [`approved`] with a standard draft issued for stage 1, expiring in 30 days.
fn issued() -> (Suite, u64, u64) {
    let (mut s, project) = approved();
    let province = s.parties.province.clone();
    let terms = s.standard_terms(project, 1, s.now() + 30 * DAY);
    let id = s.issued_draft(&province, AMOUNT, terms).unwrap();
    (s, project, id)
}

fn missing(address: &Addr, role: &str) -> ContractError {
    ContractError::MissingRole {
        address: address.clone(),
        role: role.to_string(),
    }
}

fn empty(field: &str) -> ContractError {
    ContractError::EmptyText {
        field: field.to_string(),
    }
}

fn is_std(e: &ContractError) {
    assert!(matches!(e, ContractError::Std(_)), "{e:?}");
}

mod application;
mod holding;
mod issue;
mod progress;
