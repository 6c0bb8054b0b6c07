//! Approval through ordered levels: each level approves or rejects in turn, a rejection stops
//! the project, and a higher level may veto a lower level's approval only while the veto window
//! is open.

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use ledger_draft::ContractError;
use ledger_testing::{DRAFT_VETO_WINDOW, Suite, SuiteBuilder};
use ledger_types::draft::{EventKind, ProjectStatus, StageStatus};

const AMOUNT: u128 = 100_000_00;

fn world(builder: SuiteBuilder) -> (Suite, u64) {
    let mut s = builder.build();
    let county = s.parties.county.clone();
    let app = s.application("Drinking water", &[AMOUNT, AMOUNT]);
    let project = s.applied_project(&county, app).unwrap();
    (s, project)
}

#[test]
fn a_veto_inside_the_window_rejects_the_stage_and_stops_the_project() {
    let (mut s, project) = world(SuiteBuilder::new().with_drafts());
    let p = s.parties.clone();
    s.approve_stage(&p.county_finance, project, 1, "looks fine")
        .unwrap();
    // One second before the window closes.
    s.advance_time(DRAFT_VETO_WINDOW - 1);
    s.veto_stage(
        &p.provincial_approver,
        project,
        1,
        "duplicates a 2025 project",
    )
    .unwrap();
    let pr = s.project(project).unwrap();
    assert_eq!(pr.stages[0].status, StageStatus::Rejected);
    assert_eq!(pr.status, ProjectStatus::Rejected);
    assert_eq!(
        s.project_history(project).last().unwrap().kind,
        EventKind::Vetoed {
            stage: 1,
            level: 1,
            vetoed_level: 0,
            comment: "duplicates a 2025 project".to_string(),
        }
    );
    // Nothing moves after a rejection.
    s.assert_refused(
        |s| s.approve_stage(&p.provincial_approver, project, 1, "on second thought"),
        ContractError::StageNotPending {
            project_id: project,
            stage: 1,
            status: "rejected".to_string(),
        },
    );
    let operator = s.addrs.bank_operator.clone();
    s.deposit(&operator, "PROV-1", &p.province, AMOUNT, false)
        .unwrap();
    let terms = s.standard_terms(project, 1, s.now() + 86_400);
    s.assert_refused(
        |s| s.issue_draft(&p.province, AMOUNT, terms),
        ContractError::StageNotApproved {
            project_id: project,
            stage: 1,
            status: "rejected".to_string(),
        },
    );
    s.assert_refused(
        |s| s.apply_next_stage(&p.county, project, "try stage 2"),
        ContractError::PreviousStageNotCompleted {
            project_id: project,
            stage: 1,
            status: "rejected".to_string(),
        },
    );
    assert_eq!(
        s.projects(Some(ProjectStatus::Rejected)).len(),
        1,
        "listed as rejected"
    );
}

#[test]
fn a_veto_after_the_window_is_refused_and_the_higher_level_decides_in_its_turn() {
    // A one-hour window this time.
    let (mut s, project) = world(SuiteBuilder::new().with_veto_window(3_600));
    let p = s.parties.clone();
    s.approve_stage(&p.county_finance, project, 1, "looks fine")
        .unwrap();
    let approved_at = s.now();
    s.advance_time(3_600);
    s.assert_refused(
        |s| s.veto_stage(&p.provincial_approver, project, 1, "too late"),
        ContractError::VetoWindowClosed {
            project_id: project,
            stage: 1,
            level: 0,
            approved_at,
            closed_at: approved_at + 3_600,
        },
    );
    // The approval stands; the provincial office approves in its turn.
    s.approve_stage(&p.provincial_approver, project, 1, "approved")
        .unwrap();
    assert_eq!(s.project(project).unwrap().status, ProjectStatus::Approved);
    // The last level's approval has no level above it: an approved stage cannot be vetoed.
    s.assert_refused(
        |s| s.veto_stage(&p.provincial_approver, project, 1, "no"),
        ContractError::StageNotPending {
            project_id: project,
            stage: 1,
            status: "approved".to_string(),
        },
    );
}

#[test]
fn only_a_level_above_the_last_approval_may_veto_and_only_after_an_approval() {
    let (mut s, project) = world(SuiteBuilder::new().with_drafts());
    let p = s.parties.clone();
    s.assert_refused(
        |s| s.veto_stage(&p.provincial_approver, project, 1, "pre-emptive"),
        ContractError::NothingToVeto {
            project_id: project,
            stage: 1,
        },
    );
    s.approve_stage(&p.county_finance, project, 1, "fine")
        .unwrap();
    // County finance cannot veto its own approval.
    s.assert_refused(
        |s| s.veto_stage(&p.county_finance, project, 1, "changed my mind"),
        ContractError::NotHigherApprover {
            project_id: project,
            stage: 1,
            level: 0,
            sender: p.county_finance.clone(),
        },
    );
}

#[test]
fn levels_decide_in_order_and_a_rejection_stops_the_project() {
    let (mut s, project) = world(SuiteBuilder::new().with_drafts());
    let p = s.parties.clone();
    // The provincial office cannot approve before county finance has.
    s.assert_refused(
        |s| s.approve_stage(&p.provincial_approver, project, 1, "skip ahead"),
        ContractError::WrongApprovalLevel {
            project_id: project,
            stage: 1,
            level: 0,
            level_name: "county finance".to_string(),
            sender: p.provincial_approver.clone(),
        },
    );
    s.reject_stage(&p.county_finance, project, 1, "no land-use permit")
        .unwrap();
    let pr = s.project(project).unwrap();
    assert_eq!(pr.status, ProjectStatus::Rejected);
    assert_eq!(
        s.project_history(project).last().unwrap().kind,
        EventKind::Rejected {
            stage: 1,
            level: 0,
            comment: "no land-use permit".to_string(),
        }
    );
    s.assert_refused(
        |s| s.reject_stage(&p.provincial_approver, project, 1, "agree"),
        ContractError::StageNotPending {
            project_id: project,
            stage: 1,
            status: "rejected".to_string(),
        },
    );
}

#[test]
fn an_address_holding_two_levels_approves_twice_in_turn() {
    let (mut s, project) = world(SuiteBuilder::new().with_drafts());
    let admin = s.addrs.administrator.clone();
    let both = s.addr("deputy-governor");
    s.set_draft_roles(
        &admin,
        &both,
        vec![
            ledger_types::draft::DraftRole::Approver { level: 1 },
            ledger_types::draft::DraftRole::Approver { level: 0 },
        ],
    )
    .unwrap();
    s.approve_stage(&both, project, 1, "level 0").unwrap();
    s.approve_stage(&both, project, 1, "level 1").unwrap();
    let pr = s.project(project).unwrap();
    assert_eq!(pr.status, ProjectStatus::Approved);
    assert_eq!(
        pr.stages[0]
            .approvals
            .iter()
            .map(|a| a.level)
            .collect::<Vec<_>>(),
        vec![0, 1]
    );
}
