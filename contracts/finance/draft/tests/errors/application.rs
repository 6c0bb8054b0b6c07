//! Applying for a project, approving, rejecting and vetoing it, and its next stages.

use super::*;

// ------------------------------------------------------------------ Apply

#[test]
fn apply_by_anyone_but_an_applicant_is_refused() {
    let (mut s, _) = world();
    let p = s.parties.clone();
    for sender in [
        s.addrs.stranger.clone(),
        p.unit.clone(),
        p.province.clone(),
        p.county_finance.clone(),
    ] {
        let app = s.application("Bridge", &[AMOUNT]);
        s.assert_refused(
            |s| s.apply_project(&sender, app),
            missing(&sender, "applicant"),
        );
    }
}

#[test]
fn apply_with_bad_input_is_refused() {
    let (mut s, _) = world();
    let county = s.parties.county.clone();
    let stranger = s.addrs.stranger.clone();
    let good = s.application("Bridge", &[AMOUNT, AMOUNT]);
    let with = |f: &dyn Fn(&mut Application)| {
        let mut app = good.clone();
        f(&mut app);
        app
    };
    let cases = vec![
        (
            with(&|a| a.budget = Uint128::new(3 * AMOUNT)),
            ContractError::BudgetMismatch {
                budget: Uint128::new(3 * AMOUNT),
                planned: Uint128::new(2 * AMOUNT),
            },
        ),
        (
            with(&|a| a.budget = Uint128::zero()),
            ContractError::ZeroAmount {
                what: "budget".to_string(),
            },
        ),
        (
            with(&|a| a.stages.clear()),
            ContractError::InvalidStageCount { count: 0, max: 10 },
        ),
        (
            with(&|a| {
                a.stages = vec![
                    StagePlan {
                        amount: Uint128::new(1),
                        purpose: "x".to_string(),
                    };
                    11
                ];
                a.budget = Uint128::new(11);
            }),
            ContractError::InvalidStageCount { count: 11, max: 10 },
        ),
        (
            with(&|a| a.stages[1].amount = Uint128::zero()),
            ContractError::ZeroAmount {
                what: "stage amount".to_string(),
            },
        ),
        (
            with(&|a| a.end_date = a.start_date),
            ContractError::InvalidDates {
                start_date: good.start_date,
                end_date: good.start_date,
            },
        ),
        (with(&|a| a.name = String::new()), empty("project name")),
        (
            with(&|a| a.description = "x".repeat(1_001)),
            ContractError::TextTooLong {
                field: "project description".to_string(),
                len: 1_001,
                max: 1_000,
            },
        ),
        (
            with(&|a| a.stages[0].purpose = "\n".to_string()),
            empty("stage purpose"),
        ),
        (
            with(&|a| a.implementing_unit = stranger.to_string()),
            missing(&stranger, "implementing_unit"),
        ),
    ];
    for (app, expected) in cases {
        s.assert_refused(|s| s.apply_project(&county, app), expected);
    }
    let bad_unit = with(&|a| a.implementing_unit = "nobody".to_string());
    s.assert_refused_with(|s| s.apply_project(&county, bad_unit), is_std);
    assert_eq!(s.projects(None).len(), 1);
}

// ------------------------------------------------------------------ Approve and Reject

#[test]
fn approve_and_reject_by_anyone_but_the_next_levels_approver_are_refused() {
    let (mut s, project) = world();
    let p = s.parties.clone();
    for sender in [
        s.addrs.stranger.clone(),
        p.county.clone(),
        p.province.clone(),
    ] {
        let not_approver = || ContractError::NotApprover {
            sender: sender.clone(),
        };
        s.assert_refused(
            |s| s.approve_stage(&sender, project, 1, "ok"),
            not_approver(),
        );
        s.assert_refused(
            |s| s.reject_stage(&sender, project, 1, "no"),
            not_approver(),
        );
    }
    let wrong_level = |level: u8, name: &str, sender: &Addr| ContractError::WrongApprovalLevel {
        project_id: project,
        stage: 1,
        level,
        level_name: name.to_string(),
        sender: sender.clone(),
    };
    s.assert_refused(
        |s| s.approve_stage(&p.provincial_approver, project, 1, "ok"),
        wrong_level(0, "county finance", &p.provincial_approver),
    );
    s.assert_refused(
        |s| s.reject_stage(&p.provincial_approver, project, 1, "no"),
        wrong_level(0, "county finance", &p.provincial_approver),
    );
    s.approve_stage(&p.county_finance, project, 1, "ok")
        .unwrap();
    s.assert_refused(
        |s| s.approve_stage(&p.county_finance, project, 1, "again"),
        wrong_level(1, "provincial office", &p.county_finance),
    );
    s.assert_refused(
        |s| s.reject_stage(&p.county_finance, project, 1, "no"),
        wrong_level(1, "provincial office", &p.county_finance),
    );
}

#[test]
fn approve_and_reject_with_bad_input_are_refused() {
    let (mut s, project) = world();
    let approver = s.parties.county_finance.clone();
    let cases = || {
        [
            (
                99,
                1,
                "ok".to_string(),
                ContractError::ProjectNotFound { project_id: 99 },
            ),
            (
                project,
                0,
                "ok".to_string(),
                ContractError::StageNotFound {
                    project_id: project,
                    stage: 0,
                },
            ),
            (
                project,
                2,
                "ok".to_string(),
                ContractError::NotCurrentStage {
                    project_id: project,
                    stage: 2,
                    current: 1,
                },
            ),
            (project, 1, "".to_string(), empty("comment")),
            (
                project,
                1,
                "y".repeat(1_001),
                ContractError::TextTooLong {
                    field: "comment".to_string(),
                    len: 1_001,
                    max: 1_000,
                },
            ),
        ]
    };
    for (project_id, stage, comment, expected) in cases() {
        s.assert_refused(
            |s| s.approve_stage(&approver, project_id, stage, &comment),
            expected,
        );
    }
    for (project_id, stage, comment, expected) in cases() {
        s.assert_refused(
            |s| s.reject_stage(&approver, project_id, stage, &comment),
            expected,
        );
    }
    s.approve_all_levels(project, 1).unwrap();
    let not_pending = || ContractError::StageNotPending {
        project_id: project,
        stage: 1,
        status: "approved".to_string(),
    };
    s.assert_refused(
        |s| s.approve_stage(&approver, project, 1, "ok"),
        not_pending(),
    );
    s.assert_refused(
        |s| s.reject_stage(&approver, project, 1, "no"),
        not_pending(),
    );
}

// ------------------------------------------------------------------ Veto

#[test]
fn veto_by_anyone_but_a_higher_approver_is_refused() {
    let (mut s, project) = world();
    let p = s.parties.clone();
    s.approve_stage(&p.county_finance, project, 1, "ok")
        .unwrap();
    for sender in [
        s.addrs.stranger.clone(),
        p.province.clone(),
        p.county.clone(),
    ] {
        s.assert_refused(
            |s| s.veto_stage(&sender, project, 1, "no"),
            ContractError::NotApprover {
                sender: sender.clone(),
            },
        );
    }
    s.assert_refused(
        |s| s.veto_stage(&p.county_finance, project, 1, "no"),
        ContractError::NotHigherApprover {
            project_id: project,
            stage: 1,
            level: 0,
            sender: p.county_finance.clone(),
        },
    );
}

#[test]
fn veto_with_bad_input_is_refused() {
    let (mut s, project) = world();
    let p = s.parties.clone();
    let vetoer = p.provincial_approver.clone();
    s.assert_refused(
        |s| s.veto_stage(&vetoer, project, 1, "no"),
        ContractError::NothingToVeto {
            project_id: project,
            stage: 1,
        },
    );
    s.approve_stage(&p.county_finance, project, 1, "ok")
        .unwrap();
    s.assert_refused(
        |s| s.veto_stage(&vetoer, 99, 1, "no"),
        ContractError::ProjectNotFound { project_id: 99 },
    );
    s.assert_refused(
        |s| s.veto_stage(&vetoer, project, 2, "no"),
        ContractError::NotCurrentStage {
            project_id: project,
            stage: 2,
            current: 1,
        },
    );
    s.assert_refused(|s| s.veto_stage(&vetoer, project, 1, " "), empty("comment"));
    let approved_at = s.now();
    s.advance_time(ledger_testing::DRAFT_VETO_WINDOW);
    s.assert_refused(
        |s| s.veto_stage(&vetoer, project, 1, "no"),
        ContractError::VetoWindowClosed {
            project_id: project,
            stage: 1,
            level: 0,
            approved_at,
            closed_at: approved_at + ledger_testing::DRAFT_VETO_WINDOW,
        },
    );
}

// ------------------------------------------------------------------ ApplyNextStage

#[test]
fn apply_next_stage_by_anyone_but_the_projects_applicant_is_refused() {
    let (mut s, project, _) = issued();
    let p = s.parties.clone();
    let admin = s.addrs.administrator.clone();
    // Another county office: an applicant, but not of this project.
    let other = s.addr("other-county");
    s.set_draft_roles(&admin, &other, vec![DraftRole::Applicant])
        .unwrap();
    s.report_progress(&p.unit, project, 100, "done").unwrap();
    for sender in [s.addrs.stranger.clone(), p.unit.clone(), other] {
        s.assert_refused(
            |s| s.apply_next_stage(&sender, project, "next"),
            ContractError::NotProjectApplicant {
                project_id: project,
                applicant: p.county.clone(),
                sender: sender.clone(),
            },
        );
    }
}

#[test]
fn apply_next_stage_with_bad_input_is_refused() {
    let (mut s, project, _) = issued();
    let p = s.parties.clone();
    s.assert_refused(
        |s| s.apply_next_stage(&p.county, project, "next"),
        ContractError::PreviousStageNotCompleted {
            project_id: project,
            stage: 1,
            status: "issued".to_string(),
        },
    );
    s.assert_refused(
        |s| s.apply_next_stage(&p.county, 99, "next"),
        ContractError::ProjectNotFound { project_id: 99 },
    );
    s.report_progress(&p.unit, project, 100, "done").unwrap();
    s.assert_refused(
        |s| s.apply_next_stage(&p.county, project, ""),
        empty("note"),
    );

    // A one-stage project, complete: nothing left to apply for.
    let app = s.application("Footpath", &[AMOUNT]);
    let single = s.applied_project(&p.county, app).unwrap();
    s.approve_all_levels(single, 1).unwrap();
    let terms = s.standard_terms(single, 1, s.now() + DAY);
    s.issue_draft(&p.province, AMOUNT, terms).unwrap();
    s.report_progress(&p.unit, single, 100, "done").unwrap();
    s.assert_refused(
        |s| s.apply_next_stage(&p.county, single, "more"),
        ContractError::NoStageLeft { project_id: single },
    );
}
