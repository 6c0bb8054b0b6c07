//! A poverty-relief project told as a story, from application to completion.
//!
//! The county office applies for a rural planting project with a funding plan of two stages.
//! County finance approves the first stage, then the provincial office. The provincial office,
//! funded by a bank deposit, issues a draft for it: the stage's amount is locked in the draft
//! contract. The draft travels down its chain, the finance department, the commercial bank and
//! the partnership fund passing it on, the county fund company keeping 6% and the implementing
//! unit receiving the rest; at every hop the holder names the bank transfer's serial number and
//! the bank posts its record of the transfer, once before the endorsement and otherwise after
//! it, and every hop is reconciled. The implementing unit reports progress, the county office
//! gives its opinion, and the stage is completed. The second stage is applied for, approved,
//! issued and disbursed (the bank posting all its records in one statement at the end), and the
//! project is completed. At the end every token is where the history says it went.

// Money is written as units_cents (300_000_00 is 300,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, Uint128};
use ledger_testing::{DAY, Suite, SuiteBuilder, bank_record};
use ledger_types::draft::{DraftStatus, EventKind, HopCheck, ProjectStatus, StageStatus};

const STAGE_1: u128 = 300_000_00;
const STAGE_2: u128 = 200_000_00;

/// The chain's hops as (holder, release) for an amount: three custody hops, 6% to the county
/// fund company, the rest to the implementing unit.
fn expected_releases(s: &Suite, amount: u128) -> Vec<(Addr, u128)> {
    let p = &s.parties;
    let fund = amount * 600 / 10_000;
    vec![
        (p.finance_department.clone(), 0),
        (p.commercial_bank.clone(), 0),
        (p.partnership_fund.clone(), 0),
        (p.county_fund.clone(), fund),
        (p.unit.clone(), amount - fund),
    ]
}

#[test]
fn a_project_from_application_through_two_stages_to_completion() {
    let mut s = SuiteBuilder::new().with_drafts().build();
    let p = s.parties.clone();
    let operator = s.addrs.bank_operator.clone();

    // The provincial office's budget arrives as a deposit at the bank.
    s.deposit(
        &operator,
        "PROV-BUDGET-2026",
        &p.province,
        600_000_00,
        false,
    )
    .unwrap();

    // ------------------------------------------------------------------ application
    let app = s.application("Rural planting", &[STAGE_1, STAGE_2]);
    let project_id = s.applied_project(&p.county, app).unwrap();
    let project = s.project(project_id).unwrap();
    assert_eq!(project.status, ProjectStatus::PendingApproval);
    assert_eq!(project.applicant, p.county);
    assert_eq!(project.implementing_unit, p.unit);
    assert_eq!(project.budget, Uint128::new(STAGE_1 + STAGE_2));
    assert_eq!(project.stages[0].status, StageStatus::PendingApproval);
    assert_eq!(project.stages[1].status, StageStatus::Planned);

    // ------------------------------------------------------------------ two levels approve
    s.advance_time(DAY);
    s.approve_stage(&p.county_finance, project_id, 1, "budget lines checked")
        .unwrap();
    assert_eq!(
        s.project(project_id).unwrap().status,
        ProjectStatus::PendingApproval
    );
    s.advance_time(DAY);
    s.approve_stage(
        &p.provincial_approver,
        project_id,
        1,
        "fits the provincial plan",
    )
    .unwrap();
    let project = s.project(project_id).unwrap();
    assert_eq!(project.status, ProjectStatus::Approved);
    assert_eq!(project.stages[0].approvals.len(), 2);
    assert_eq!(
        project.stages[0].approvals[1].approver,
        p.provincial_approver
    );
    assert_eq!(
        s.projects(Some(ProjectStatus::Approved))
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        vec![project_id]
    );

    // ------------------------------------------------------------------ issue
    s.advance_time(DAY);
    let expires_at = s.now() + 90 * DAY;
    let terms = s.standard_terms(project_id, 1, expires_at);
    let draft_1 = s.issued_draft(&p.province, STAGE_1, terms).unwrap();
    let d = s.draft(draft_1).unwrap();
    assert_eq!(d.status, DraftStatus::Active);
    assert_eq!(d.holder, p.province);
    assert_eq!(d.locked, Uint128::new(STAGE_1));
    assert_eq!(s.balance(&p.province), 600_000_00 - STAGE_1);
    assert_eq!(s.balance(&s.draft_contract()), STAGE_1);
    assert_eq!(
        s.project(project_id).unwrap().status,
        ProjectStatus::InProgress
    );
    assert_eq!(s.drafts_held_by(&p.province).len(), 1);

    // ------------------------------------------------------------------ disbursement
    let releases = expected_releases(&s, STAGE_1);
    let mut released = 0u128;
    for (hop, (holder, release)) in releases.iter().enumerate() {
        s.advance_time(DAY / 2);
        let serial = format!("ICBC-2026-{:04}", hop + 1);
        let from = s.draft(draft_1).unwrap().holder;
        let value = s.draft(draft_1).unwrap().hops[hop].value.u128();
        assert_eq!(
            value,
            STAGE_1 - released,
            "hop {hop} carries all still locked"
        );
        if hop == 2 {
            // The bank books this transfer before its endorsement reaches the chain.
            s.post_bank_records(
                &operator,
                vec![bank_record(draft_1, &serial, &from, holder, value, s.now())],
            )
            .unwrap();
            assert_eq!(s.unmatched_bank_records().len(), 1);
            s.endorse(&from, draft_1, holder, &serial).unwrap();
            assert!(s.unmatched_bank_records().is_empty());
        } else {
            s.endorse(&from, draft_1, holder, &serial).unwrap();
            // Until the bank reports the transfer the hop is missing its record.
            let open = s.discrepancies();
            assert_eq!(open.len(), 1);
            assert_eq!(open[0].missing, vec![hop as u32]);
            s.advance_time(600);
            s.post_matching_record(draft_1, hop, &serial).unwrap();
        }
        assert!(s.discrepancies().is_empty(), "hop {hop} reconciled");
        released += release;
        let d = s.draft(draft_1).unwrap();
        assert_eq!(d.holder, *holder);
        assert_eq!(d.hops[hop].check, HopCheck::Reconciled);
        assert_eq!(d.released.u128(), released);
        assert_eq!(d.locked.u128(), STAGE_1 - released);
        assert_eq!(s.balance(holder), *release);
        assert_eq!(
            s.drafts_held_by(holder)
                .iter()
                .map(|d| d.id)
                .collect::<Vec<_>>(),
            vec![draft_1]
        );
        assert!(s.drafts_held_by(&from).is_empty());
        s.assert_draft_books();
    }
    let d = s.draft(draft_1).unwrap();
    assert_eq!(d.status, DraftStatus::Delivered);
    assert_eq!(d.locked, Uint128::zero());
    assert_eq!(d.counts.reconciled, 5);
    assert_eq!(s.balance(&p.county_fund), 18_000_00);
    assert_eq!(s.balance(&p.unit), 282_000_00);
    let reconciliation = s.reconciliation(draft_1).unwrap();
    assert_eq!(reconciliation.reconciled, vec![0, 1, 2, 3, 4]);
    assert!(reconciliation.missing.is_empty() && reconciliation.mismatches.is_empty());

    // ------------------------------------------------------------------ progress
    s.advance_time(10 * DAY);
    s.report_progress(
        &p.unit,
        project_id,
        40,
        "greenhouse frames raised on 12 plots",
    )
    .unwrap();
    s.add_opinion(&p.county, project_id, "site visit: frames match the plan")
        .unwrap();
    s.advance_time(20 * DAY);
    s.report_progress(
        &p.unit,
        project_id,
        100,
        "greenhouses covered; acceptance passed",
    )
    .unwrap();
    let project = s.project(project_id).unwrap();
    assert_eq!(project.stages[0].status, StageStatus::Completed);
    assert_eq!(project.stages[0].progress, 100);
    assert_eq!(project.status, ProjectStatus::AwaitingNextStage);

    // ------------------------------------------------------------------ second stage
    s.apply_next_stage(&p.county, project_id, "stage 1 accepted; seedlings next")
        .unwrap();
    assert_eq!(
        s.project(project_id).unwrap().status,
        ProjectStatus::PendingApproval
    );
    s.advance_time(DAY);
    s.approve_all_levels(project_id, 2).unwrap();
    let expires_at = s.now() + 60 * DAY;
    let terms = s.standard_terms(project_id, 2, expires_at);
    let draft_2 = s.issued_draft(&p.province, STAGE_2, terms).unwrap();
    let mut serials = vec![];
    for hop in 0..5 {
        s.advance_time(DAY / 4);
        let serial = format!("ICBC-2026-{:04}", 100 + hop);
        s.endorse_next(draft_2, &serial).unwrap();
        serials.push(serial);
    }
    // Five hops endorsed, no bank record yet: all five are missing.
    assert_eq!(
        s.reconciliation(draft_2).unwrap().missing,
        vec![0, 1, 2, 3, 4]
    );
    assert_eq!(s.discrepancies()[0].draft_id, draft_2);
    // The bank's statement for the day, in one message.
    let d = s.draft(draft_2).unwrap();
    let statement = d
        .hops
        .iter()
        .zip(&serials)
        .map(|(h, serial)| bank_record(draft_2, serial, &h.from, &h.to, h.value.u128(), s.now()))
        .collect();
    s.post_bank_records(&operator, statement).unwrap();
    assert!(s.discrepancies().is_empty());
    assert_eq!(s.draft(draft_2).unwrap().counts.reconciled, 5);

    s.report_progress(&p.unit, project_id, 100, "seedlings planted and surviving")
        .unwrap();
    let project = s.project(project_id).unwrap();
    assert_eq!(project.status, ProjectStatus::Completed);
    assert_eq!(
        s.projects(Some(ProjectStatus::Completed))
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        vec![project_id]
    );

    // ------------------------------------------------------------------ the books
    let totals = s.draft_totals();
    assert_eq!(totals.issued.u128(), STAGE_1 + STAGE_2);
    assert_eq!(totals.released.u128(), STAGE_1 + STAGE_2);
    assert_eq!(totals.locked.u128(), 0);
    assert_eq!(totals.clawed_back.u128(), 0);
    assert_eq!(s.balance(&p.county_fund), (STAGE_1 + STAGE_2) * 6 / 100);
    assert_eq!(s.balance(&p.unit), (STAGE_1 + STAGE_2) * 94 / 100);
    assert_eq!(s.balance(&p.province), 600_000_00 - STAGE_1 - STAGE_2);
    s.assert_draft_books();
    s.assert_token_conservation();

    // ------------------------------------------------------------------ the history
    let history = s.project_history(project_id);
    let kinds: Vec<&str> = history.iter().map(|e| kind(&e.kind)).collect();
    let mut expected = vec!["applied", "approved", "approved", "issued"];
    for _ in 0..4 {
        expected.extend(["endorsed", "matched"]);
    }
    // The last endorsement delivers the draft; its bank record follows.
    expected.extend(["endorsed", "delivered", "matched"]);
    expected.extend(["progress", "opinion", "progress", "completed"]);
    expected.extend(["stage_applied", "approved", "approved", "issued"]);
    expected.extend(["endorsed"; 5]);
    expected.push("delivered");
    expected.extend(["matched"; 5]);
    expected.extend(["progress", "completed"]);
    assert_eq!(kinds, expected);
    // Sequence numbers run from 1 without gaps and block times never go back.
    for (i, event) in history.iter().enumerate() {
        assert_eq!(event.seq as usize, i + 1);
        assert_eq!(event.project_id, project_id);
    }
    assert!(history.windows(2).all(|w| w[0].at <= w[1].at));
    // The draft's own history is the part of the project's that concerns it.
    let of_draft_1: Vec<_> = history
        .iter()
        .filter(|e| e.draft_id == Some(draft_1))
        .cloned()
        .collect();
    assert_eq!(s.draft_history(draft_1), of_draft_1);
    assert_eq!(of_draft_1.len(), 1 + 5 + 5 + 1);
    match &history[1].kind {
        EventKind::Approved {
            stage,
            level,
            comment,
        } => {
            assert_eq!((*stage, *level), (1, 0));
            assert_eq!(comment, "budget lines checked");
        }
        other => panic!("expected the first approval, got {other:?}"),
    }
}

fn kind(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Applied { .. } => "applied",
        EventKind::StageApplied { .. } => "stage_applied",
        EventKind::Approved { .. } => "approved",
        EventKind::Rejected { .. } => "rejected",
        EventKind::Vetoed { .. } => "vetoed",
        EventKind::Issued { .. } => "issued",
        EventKind::Endorsed { .. } => "endorsed",
        EventKind::BankRecordMatched { .. } => "matched",
        EventKind::Delivered { .. } => "delivered",
        EventKind::Progress { .. } => "progress",
        EventKind::Opinion { .. } => "opinion",
        EventKind::StageCompleted { .. } => "completed",
        EventKind::ClawedBack { .. } => "clawed_back",
    }
}
