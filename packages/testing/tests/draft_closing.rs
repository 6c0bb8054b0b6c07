//! Expiry, cancellation and clawback: a draft that expires or is cancelled returns what it
//! still locks to its issuer, and nothing can be endorsed afterwards; a draft whose shares
//! leave a remainder returns it at expiry; a whole plan consumes its amount exactly.

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::Uint128;
use ledger_draft::ContractError;
use ledger_testing::{Suite, SuiteBuilder};
use ledger_types::draft::{
    ClawbackReason, DraftStatus, DraftTerms, EventKind, HopPlan, ProjectStatus, StageStatus,
};

const DAY: u64 = 86_400;
const AMOUNT: u128 = 100_000_00;

/// A world with an approved one-stage project for `amount`; returns its id.
fn world(amount: u128) -> (Suite, u64) {
    let mut s = SuiteBuilder::new().with_drafts().build();
    let p = s.parties.clone();
    let operator = s.addrs.bank_operator.clone();
    s.deposit(&operator, "PROV-1", &p.province, 10 * AMOUNT, false)
        .unwrap();
    let app = s.application("Village road", &[amount]);
    let project = s.applied_project(&p.county, app).unwrap();
    s.approve_all_levels(project, 1).unwrap();
    (s, project)
}

/// Terms with the given (holder, bps) hops; the last holder is the only final recipient.
fn terms(s: &Suite, project: u64, hops: &[(&cosmwasm_std::Addr, u16)], days: u64) -> DraftTerms {
    DraftTerms {
        project_id: project,
        stage: 1,
        hops: hops
            .iter()
            .map(|(holder, bps)| HopPlan {
                holder: holder.to_string(),
                label: "holder".to_string(),
                release_bps: *bps,
            })
            .collect(),
        final_recipients: vec![hops[hops.len() - 1].0.to_string()],
        expires_at: s.now() + days * DAY,
    }
}

#[test]
fn an_expired_draft_returns_what_it_locks_and_cannot_be_endorsed() {
    let (mut s, project) = world(AMOUNT);
    let p = s.parties.clone();
    let stranger = s.addrs.stranger.clone();
    let t = terms(
        &s,
        project,
        &[
            (&p.finance_department, 1_000),
            (&p.commercial_bank, 0),
            (&p.unit, 9_000),
        ],
        10,
    );
    let id = s.issued_draft(&p.province, AMOUNT, t).unwrap();
    let province_before = s.balance(&p.province);
    s.endorse_next(id, "S-0").unwrap();
    assert_eq!(s.balance(&p.finance_department), AMOUNT / 10);

    // Before its expiry nobody but an issuer can close it.
    s.assert_refused(
        |s| s.expire_draft(&stranger, id),
        ContractError::NotYetExpired {
            draft_id: id,
            expires_at: s.draft(id).unwrap().expires_at,
            now: s.now(),
        },
    );
    s.advance_time(10 * DAY);
    let expires_at = s.draft(id).unwrap().expires_at;
    let bank = p.commercial_bank.clone();
    let finance = p.finance_department.clone();
    s.assert_refused(
        |s| s.endorse(&finance, id, &bank, "S-1"),
        ContractError::DraftExpired {
            draft_id: id,
            expires_at,
        },
    );

    // Anyone may then return the rest to the province.
    s.expire_draft(&stranger, id).unwrap();
    let d = s.draft(id).unwrap();
    assert_eq!(d.status, DraftStatus::Expired);
    assert_eq!(d.clawed_back.u128(), AMOUNT * 9 / 10);
    assert_eq!(d.locked, Uint128::zero());
    assert_eq!(s.balance(&p.province), province_before + AMOUNT * 9 / 10);
    assert_eq!(s.balance(&s.draft_contract()), 0);
    let project = s.project(project).unwrap();
    assert_eq!(project.stages[0].status, StageStatus::Withdrawn);
    assert_eq!(project.status, ProjectStatus::Withdrawn);
    assert_eq!(
        s.draft_history(id).last().unwrap().kind,
        EventKind::ClawedBack {
            draft_id: id,
            amount: Uint128::new(AMOUNT * 9 / 10),
            reason: ClawbackReason::Expired,
            note: String::new(),
        }
    );

    // Nothing is endorsable after, and it cannot be closed twice.
    s.assert_refused(
        |s| s.endorse(&finance, id, &bank, "S-1"),
        ContractError::DraftNotActive {
            draft_id: id,
            status: "expired".to_string(),
        },
    );
    s.assert_refused(
        |s| s.expire_draft(&stranger, id),
        ContractError::DraftClosed {
            draft_id: id,
            status: "expired".to_string(),
        },
    );
    let totals = s.draft_totals();
    assert_eq!(totals.clawed_back.u128(), AMOUNT * 9 / 10);
    assert_eq!(totals.released.u128(), AMOUNT / 10);
    s.assert_draft_books();
}

#[test]
fn an_issuer_cancels_a_draft_and_the_remainder_returns_to_its_issuer() {
    let (mut s, project) = world(AMOUNT);
    let p = s.parties.clone();
    let t = s.standard_terms(project, 1, s.now() + 30 * DAY);
    let id = s.issued_draft(&p.province, AMOUNT, t).unwrap();
    for hop in 0..4 {
        s.endorse_next(id, &format!("S-{hop}")).unwrap();
    }
    // The county fund company has its 6%; the unit's 94% is still locked.
    let before = s.balance(&p.province);
    s.cancel_draft(&p.province, id, "unit failed its safety inspection")
        .unwrap();
    assert_eq!(s.balance(&p.province), before + AMOUNT * 94 / 100);
    let d = s.draft(id).unwrap();
    assert_eq!(d.status, DraftStatus::Cancelled);
    assert_eq!(d.released.u128(), AMOUNT * 6 / 100);
    assert_eq!(d.clawed_back.u128(), AMOUNT * 94 / 100);
    assert_eq!(s.project(project).unwrap().status, ProjectStatus::Withdrawn);
    match s.draft_history(id).last().unwrap().kind.clone() {
        EventKind::ClawedBack { reason, note, .. } => {
            assert_eq!(reason, ClawbackReason::Cancelled);
            assert_eq!(note, "unit failed its safety inspection");
        }
        other => panic!("expected a clawback, got {other:?}"),
    }
    let fund = p.county_fund.clone();
    let unit = p.unit.clone();
    s.assert_refused(
        |s| s.endorse(&fund, id, &unit, "S-4"),
        ContractError::DraftNotActive {
            draft_id: id,
            status: "cancelled".to_string(),
        },
    );
    s.assert_draft_books();
}

#[test]
fn a_partial_plan_keeps_its_remainder_locked_until_expiry() {
    let (mut s, project) = world(AMOUNT);
    let p = s.parties.clone();
    let stranger = s.addrs.stranger.clone();
    // Shares add up to 80%: 20% is retention, returned at expiry.
    let t = terms(&s, project, &[(&p.county_fund, 500), (&p.unit, 7_500)], 20);
    let id = s.issued_draft(&p.province, AMOUNT, t).unwrap();
    s.endorse_next(id, "S-0").unwrap();
    s.endorse_next(id, "S-1").unwrap();
    let d = s.draft(id).unwrap();
    assert_eq!(d.status, DraftStatus::Delivered);
    assert_eq!(d.locked.u128(), AMOUNT / 5);
    assert_eq!(s.balance(&p.unit), AMOUNT * 3 / 4);
    // The unit works on; the stage is unaffected by the remainder's return.
    s.report_progress(&p.unit, project, 100, "road surfaced")
        .unwrap();

    s.advance_time(20 * DAY);
    let before = s.balance(&p.province);
    s.expire_draft(&stranger, id).unwrap();
    assert_eq!(s.balance(&p.province), before + AMOUNT / 5);
    assert_eq!(s.draft(id).unwrap().status, DraftStatus::Expired);
    assert_eq!(s.project(project).unwrap().status, ProjectStatus::Completed);
    s.assert_draft_books();
}

#[test]
fn a_whole_plan_consumes_its_amount_exactly_and_leaves_nothing_to_return() {
    // 10.00 shared 33.33% / 33.33% / 33.34%: rounding dust goes to the last hop.
    let (mut s, project) = world(10_00);
    let p = s.parties.clone();
    let stranger = s.addrs.stranger.clone();
    let t = terms(
        &s,
        project,
        &[
            (&p.finance_department, 3_333),
            (&p.county_fund, 3_333),
            (&p.unit, 3_334),
        ],
        5,
    );
    let id = s.issued_draft(&p.province, 10_00, t).unwrap();
    for hop in 0..3 {
        s.endorse_next(id, &format!("S-{hop}")).unwrap();
    }
    assert_eq!(s.balance(&p.finance_department), 3_33);
    assert_eq!(s.balance(&p.county_fund), 3_33);
    assert_eq!(s.balance(&p.unit), 3_34);
    let d = s.draft(id).unwrap();
    assert_eq!((d.status, d.locked.u128()), (DraftStatus::Delivered, 0));
    s.advance_time(5 * DAY);
    s.assert_refused(
        |s| s.expire_draft(&stranger, id),
        ContractError::NothingToReturn { draft_id: id },
    );
    let province = p.province.clone();
    s.assert_refused(
        |s| s.cancel_draft(&province, id, "too late"),
        ContractError::NothingToReturn { draft_id: id },
    );
    s.assert_draft_books();
}
