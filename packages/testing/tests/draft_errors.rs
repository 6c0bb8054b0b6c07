//! Every draft `ExecuteMsg` (and the fund token's `IssueDraft` hook): refused for a sender
//! without the right (or, for `Expire`, which anyone may send, the closest refusals), and
//! refused for bad input, each with its exact error and no change anywhere (the snapshot
//! covers every contract, the draft contract's queries and every token balance).

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, HexBinary, Uint128, coins, to_json_binary};
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use cw20::{Cw20Coin, Cw20ExecuteMsg, Cw20ReceiveMsg};
use ledger_draft::ContractError;
use ledger_testing::{Suite, SuiteBuilder, bank_record, evidence_hash};
use ledger_types::admin::ParticipantStatus;
use ledger_types::draft::{
    Application, DraftRole, DraftTerms, ExecuteMsg, HopPlan, ReceiveMsg, StagePlan,
};

const DAY: u64 = 86_400;
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

// ------------------------------------------------------------------ Receive (IssueDraft)

#[test]
fn issue_hooks_not_sent_by_the_fund_token_are_refused() {
    let (mut s, project) = approved();
    let p = s.parties.clone();
    let stranger = s.addrs.stranger.clone();
    let token = s.token.clone();
    let terms = s.standard_terms(project, 1, s.now() + DAY);
    // A forged hook: no tokens moved, the sender only claims the province sent them.
    let forged = ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: p.province.to_string(),
        amount: Uint128::new(AMOUNT),
        msg: to_json_binary(&ReceiveMsg::IssueDraft(terms.clone())).unwrap(),
    });
    s.assert_refused(
        |s| s.execute_draft(&stranger, &forged),
        ContractError::WrongToken {
            token: token.clone(),
            sender: stranger.clone(),
        },
    );
    // A real cw20, but not the fund token.
    let counterfeit = s
        .app
        .instantiate_contract(
            s.codes.token,
            stranger.clone(),
            &ledger_types::token::InstantiateMsg {
                name: "Counterfeit Yuan".into(),
                symbol: "CNYX".into(),
                decimals: 2,
                initial_balances: vec![Cw20Coin {
                    address: p.province.to_string(),
                    amount: Uint128::new(AMOUNT),
                }],
                mint: None,
                registry: s.admin.to_string(),
            },
            &[],
            "counterfeit",
            None,
        )
        .unwrap();
    let send = Cw20ExecuteMsg::Send {
        contract: s.draft_contract().to_string(),
        amount: Uint128::new(AMOUNT),
        msg: to_json_binary(&ReceiveMsg::IssueDraft(terms)).unwrap(),
    };
    s.assert_refused(
        |s| {
            s.app
                .execute_contract(p.province.clone(), counterfeit.clone(), &send, &[])
        },
        ContractError::WrongToken {
            token,
            sender: counterfeit.clone(),
        },
    );
}

#[test]
fn issue_by_anyone_but_an_issuer_is_refused() {
    let (mut s, project) = approved();
    let operator = s.addrs.bank_operator.clone();
    let p = s.parties.clone();
    for (i, sender) in [p.county.clone(), p.unit.clone(), s.addrs.stranger.clone()]
        .into_iter()
        .enumerate()
    {
        s.deposit(&operator, &format!("W-{i}"), &sender, AMOUNT, false)
            .unwrap();
        let terms = s.standard_terms(project, 1, s.now() + DAY);
        s.assert_refused(
            |s| s.issue_draft(&sender, AMOUNT, terms),
            missing(&sender, "issuer"),
        );
    }
}

#[test]
fn issue_for_a_stage_that_is_not_approved_or_for_the_wrong_amount_is_refused() {
    let (mut s, project) = world();
    let province = s.parties.province.clone();
    let expires = s.now() + DAY;
    let terms = |s: &Suite, project_id, stage| DraftTerms {
        project_id,
        stage,
        ..s.standard_terms(project, 1, expires)
    };
    let t = terms(&s, project, 1);
    s.assert_refused(
        |s| s.issue_draft(&province, AMOUNT, t),
        ContractError::StageNotApproved {
            project_id: project,
            stage: 1,
            status: "pending_approval".to_string(),
        },
    );
    s.approve_all_levels(project, 1).unwrap();
    let cases = [
        (
            terms(&s, 99, 1),
            AMOUNT,
            ContractError::ProjectNotFound { project_id: 99 },
        ),
        (
            terms(&s, project, 2),
            AMOUNT,
            ContractError::NotCurrentStage {
                project_id: project,
                stage: 2,
                current: 1,
            },
        ),
        (
            terms(&s, project, 3),
            AMOUNT,
            ContractError::StageNotFound {
                project_id: project,
                stage: 3,
            },
        ),
        (
            terms(&s, project, 0),
            AMOUNT,
            ContractError::StageNotFound {
                project_id: project,
                stage: 0,
            },
        ),
        (
            terms(&s, project, 1),
            AMOUNT - 1,
            ContractError::AmountMismatch {
                project_id: project,
                stage: 1,
                expected: Uint128::new(AMOUNT),
                sent: Uint128::new(AMOUNT - 1),
            },
        ),
        (
            terms(&s, project, 1),
            AMOUNT + 1,
            ContractError::AmountMismatch {
                project_id: project,
                stage: 1,
                expected: Uint128::new(AMOUNT),
                sent: Uint128::new(AMOUNT + 1),
            },
        ),
    ];
    for (t, amount, expected) in cases {
        s.assert_refused(|s| s.issue_draft(&province, amount, t), expected);
    }
    let now = s.now();
    let t = DraftTerms {
        expires_at: now,
        ..s.standard_terms(project, 1, now)
    };
    s.assert_refused(
        |s| s.issue_draft(&province, AMOUNT, t),
        ContractError::ExpiryNotInFuture {
            expires_at: now,
            now,
        },
    );
    assert_eq!(s.balance(&province), 10 * AMOUNT);
}

#[test]
fn issue_with_a_bad_chain_is_refused() {
    let (mut s, project) = approved();
    let p = s.parties.clone();
    let stranger = s.addrs.stranger.clone();
    let hop = |holder: &Addr, bps: u16| HopPlan {
        holder: holder.to_string(),
        label: "holder".to_string(),
        release_bps: bps,
    };
    let base = s.standard_terms(project, 1, s.now() + DAY);
    let with_hops = |hops: Vec<HopPlan>| DraftTerms {
        hops,
        ..base.clone()
    };
    let cases = vec![
        (
            with_hops(vec![]),
            ContractError::InvalidHopCount { count: 0, max: 10 },
        ),
        (
            with_hops(vec![hop(&p.unit, 1); 11]),
            ContractError::InvalidHopCount { count: 11, max: 10 },
        ),
        (
            with_hops(vec![hop(&p.county_fund, 5_000), hop(&p.unit, 5_001)]),
            ContractError::SharesExceedWhole { total_bps: 10_001 },
        ),
        (
            with_hops(vec![hop(&p.county_fund, 0), hop(&p.unit, 0)]),
            ContractError::NoShares {},
        ),
        (
            with_hops(vec![
                hop(&p.finance_department, 0),
                hop(&p.commercial_bank, 0),
                hop(&p.finance_department, 0),
                hop(&p.unit, 10_000),
            ]),
            ContractError::DuplicateHolder {
                address: p.finance_department.clone(),
            },
        ),
        (
            with_hops(vec![hop(&stranger, 0), hop(&p.unit, 10_000)]),
            missing(&stranger, "holder"),
        ),
        // The issuer is the first holder; it holds no holder role either.
        (
            with_hops(vec![hop(&p.province, 0), hop(&p.unit, 10_000)]),
            missing(&p.province, "holder"),
        ),
        (
            with_hops(vec![HopPlan {
                label: " ".to_string(),
                ..hop(&p.unit, 10_000)
            }]),
            empty("holder label"),
        ),
        (
            DraftTerms {
                final_recipients: vec![p.county_fund.to_string()],
                ..base.clone()
            },
            ContractError::FinalHolderNotAllowed {
                address: p.unit.clone(),
            },
        ),
        (
            DraftTerms {
                final_recipients: vec![],
                ..base.clone()
            },
            ContractError::InvalidFinalRecipientCount { count: 0, max: 10 },
        ),
        (
            DraftTerms {
                final_recipients: vec![p.unit.to_string(); 11],
                ..base.clone()
            },
            ContractError::InvalidFinalRecipientCount { count: 11, max: 10 },
        ),
    ];
    for (terms, expected) in cases {
        s.assert_refused(|s| s.issue_draft(&p.province, AMOUNT, terms), expected);
    }
    let bad_address = with_hops(vec![HopPlan {
        holder: "not-an-address".to_string(),
        label: "holder".to_string(),
        release_bps: 10_000,
    }]);
    s.assert_refused_with(|s| s.issue_draft(&p.province, AMOUNT, bad_address), is_std);
    // A hook the contract does not know.
    s.assert_refused_with(
        |s| s.send_to_draft(&p.province, AMOUNT, &cosmwasm_std::Empty {}),
        is_std,
    );
    assert!(s.drafts().is_empty());
}

// ------------------------------------------------------------------ SetRoles

#[test]
fn set_roles_by_anyone_but_the_registry_administrator_is_refused() {
    let (mut s, _) = world();
    let p = s.parties.clone();
    for sender in [
        s.addrs.stranger.clone(),
        p.province.clone(),
        s.addrs.bank_operator.clone(),
        s.admin.clone(),
    ] {
        s.assert_refused(
            |s| s.set_draft_roles(&sender, &sender, vec![DraftRole::Issuer]),
            ContractError::NotRegistryAdmin {
                sender: sender.clone(),
            },
        );
    }
}

#[test]
fn set_roles_with_bad_input_is_refused_and_an_empty_list_removes_roles() {
    let (mut s, _) = world();
    let admin = s.addrs.administrator.clone();
    let who = s.addr("new-approver");
    s.assert_refused(
        |s| s.set_draft_roles(&admin, &who, vec![DraftRole::Approver { level: 2 }]),
        ContractError::UnknownApprovalLevel {
            level: 2,
            levels: 2,
        },
    );
    s.assert_refused_with(
        |s| {
            s.execute_draft(
                &admin,
                &ExecuteMsg::SetRoles {
                    address: "Not An Address".to_string(),
                    roles: vec![DraftRole::Holder],
                },
            )
        },
        is_std,
    );
    let unit = s.parties.unit.clone();
    s.set_draft_roles(&admin, &unit, vec![]).unwrap();
    assert!(s.draft_roles(&unit).is_empty());
    assert!(s.draft_members().iter().all(|m| m.address != unit));
}

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

// ------------------------------------------------------------------ Endorse

#[test]
fn endorse_by_anyone_but_the_current_holder_is_refused() {
    let (mut s, _, id) = issued();
    let p = s.parties.clone();
    // Not even the next holder can pull the draft to itself.
    for sender in [
        s.addrs.stranger.clone(),
        p.finance_department.clone(),
        p.unit.clone(),
        p.county.clone(),
    ] {
        s.assert_refused(
            |s| s.endorse(&sender, id, &p.finance_department, "S-1"),
            ContractError::NotCurrentHolder {
                draft_id: id,
                holder: p.province.clone(),
                sender: sender.clone(),
            },
        );
    }
    s.endorse_next(id, "S-0").unwrap();
    s.assert_refused(
        |s| s.endorse(&p.province, id, &p.commercial_bank, "S-1"),
        ContractError::NotCurrentHolder {
            draft_id: id,
            holder: p.finance_department.clone(),
            sender: p.province.clone(),
        },
    );
}

#[test]
fn endorse_with_bad_input_is_refused() {
    let (mut s, _, id) = issued();
    let p = s.parties.clone();
    let province = p.province.clone();
    s.assert_refused(
        |s| s.endorse(&province, 99, &p.finance_department, "S-0"),
        ContractError::DraftNotFound { draft_id: 99 },
    );
    // Skipping ahead to the unit, or to anyone off the plan.
    for to in [
        p.unit.clone(),
        p.commercial_bank.clone(),
        s.addrs.stranger.clone(),
    ] {
        s.assert_refused(
            |s| s.endorse(&province, id, &to, "S-0"),
            ContractError::NotNextHolder {
                draft_id: id,
                expected: p.finance_department.clone(),
                to: to.clone(),
            },
        );
    }
    s.assert_refused(
        |s| s.endorse(&province, id, &p.finance_department, "S 0"),
        ContractError::InvalidSerial {
            serial: "S 0".to_string(),
        },
    );
    s.assert_refused(
        |s| s.endorse(&province, id, &p.finance_department, ""),
        empty("serial number"),
    );
    s.assert_refused_with(
        |s| {
            s.execute_draft(
                &province,
                &ExecuteMsg::Endorse {
                    draft_id: id,
                    to: "Nobody".to_string(),
                    serial: "S-0".to_string(),
                },
            )
        },
        is_std,
    );
    s.endorse_next(id, "S-0").unwrap();
    let finance = p.finance_department.clone();
    s.assert_refused(
        |s| s.endorse(&finance, id, &p.commercial_bank, "S-0"),
        ContractError::SerialUsed {
            serial: "S-0".to_string(),
            draft_id: id,
            hop: 0,
        },
    );
    // Past its expiry nothing is endorsable.
    let expires_at = s.draft(id).unwrap().expires_at;
    s.advance_to(expires_at);
    s.assert_refused(
        |s| s.endorse(&finance, id, &p.commercial_bank, "S-1"),
        ContractError::DraftExpired {
            draft_id: id,
            expires_at,
        },
    );
}

#[test]
fn a_delivered_draft_cannot_be_endorsed_further() {
    let (mut s, _, id) = issued();
    for hop in 0..5 {
        s.endorse_next(id, &format!("S-{hop}")).unwrap();
    }
    let unit = s.parties.unit.clone();
    let county = s.parties.county.clone();
    s.assert_refused(
        |s| s.endorse(&unit, id, &county, "S-5"),
        ContractError::DraftNotActive {
            draft_id: id,
            status: "delivered".to_string(),
        },
    );
}

// ------------------------------------------------------------------ PostBankRecords

#[test]
fn post_bank_records_by_anyone_but_an_active_bank_operator_is_refused() {
    let (mut s, _, _) = issued();
    let p = s.parties.clone();
    let now = s.now();
    let records = vec![bank_record(
        1,
        "S-0",
        &p.province,
        &p.finance_department,
        AMOUNT,
        now,
    )];
    for sender in [
        s.addrs.stranger.clone(),
        p.province.clone(),
        p.commercial_bank.clone(),
        s.addrs.administrator.clone(),
    ] {
        s.assert_refused(
            |s| s.post_bank_records(&sender, records.clone()),
            ContractError::NotBankOperator {
                sender: sender.clone(),
            },
        );
    }
    // A suspended operator may not post either.
    let admin = s.addrs.administrator.clone();
    let operator = s.addrs.bank_operator.clone();
    s.set_participant_status(&admin, &operator, ParticipantStatus::Suspended)
        .unwrap();
    s.assert_refused(
        |s| s.post_bank_records(&operator, records),
        ContractError::NotBankOperator {
            sender: operator.clone(),
        },
    );
}

#[test]
fn post_bank_records_with_bad_input_is_refused() {
    let (mut s, _, _) = issued();
    let p = s.parties.clone();
    let operator = s.addrs.bank_operator.clone();
    let now = s.now();
    let good =
        |serial: &str| bank_record(1, serial, &p.province, &p.finance_department, AMOUNT, now);
    s.post_bank_records(&operator, vec![good("POSTED-1")])
        .unwrap();
    let many: Vec<_> = (0..51).map(|i| good(&format!("M-{i}"))).collect();
    let cases = vec![
        (
            vec![],
            ContractError::InvalidRecordCount { count: 0, max: 50 },
        ),
        (
            many,
            ContractError::InvalidRecordCount { count: 51, max: 50 },
        ),
        (
            vec![good("A-1"), good("A-2"), good("A-1")],
            ContractError::DuplicateSerial {
                serial: "A-1".to_string(),
            },
        ),
        (
            vec![good("A-1"), good("POSTED-1")],
            ContractError::BankRecordExists {
                serial: "POSTED-1".to_string(),
            },
        ),
        (
            vec![bank_record(1, "A-1", &p.province, &p.unit, AMOUNT, now + 1)],
            ContractError::BankRecordInFuture {
                serial: "A-1".to_string(),
                time: now + 1,
                now,
            },
        ),
        (
            vec![bank_record(1, "A-1", &p.province, &p.unit, 0, now)],
            ContractError::ZeroAmount {
                what: "amount of bank record A-1".to_string(),
            },
        ),
        (
            vec![good("A\t1")],
            ContractError::InvalidSerial {
                serial: "A\t1".to_string(),
            },
        ),
        (vec![good("")], empty("serial number")),
    ];
    for (records, expected) in cases {
        s.assert_refused(|s| s.post_bank_records(&operator, records), expected);
    }
    let mut bad_payer = good("A-1");
    bad_payer.payer = "ICBC account 6222".to_string();
    s.assert_refused_with(|s| s.post_bank_records(&operator, vec![bad_payer]), is_std);
    assert_eq!(s.bank_records().len(), 1);
}

// ------------------------------------------------------------------ ReportProgress

#[test]
fn report_progress_by_anyone_but_the_projects_unit_is_refused() {
    let (mut s, project, _) = issued();
    let p = s.parties.clone();
    let admin = s.addrs.administrator.clone();
    let other_unit = s.addr("other-unit");
    s.set_draft_roles(&admin, &other_unit, vec![DraftRole::ImplementingUnit])
        .unwrap();
    for sender in [s.addrs.stranger.clone(), p.county.clone(), other_unit] {
        s.assert_refused(
            |s| s.report_progress(&sender, project, 10, "begun"),
            ContractError::NotProjectUnit {
                project_id: project,
                unit: p.unit.clone(),
                sender: sender.clone(),
            },
        );
    }
}

#[test]
fn report_progress_with_bad_input_is_refused() {
    let (mut s, project) = approved();
    let unit = s.parties.unit.clone();
    let province = s.parties.province.clone();
    s.assert_refused(
        |s| s.report_progress(&unit, project, 10, "begun"),
        ContractError::StageNotInProgress {
            project_id: project,
            stage: 1,
            status: "approved".to_string(),
        },
    );
    let terms = s.standard_terms(project, 1, s.now() + DAY);
    s.issue_draft(&province, AMOUNT, terms).unwrap();
    s.report_progress(&unit, project, 50, "half").unwrap();
    let progress = |percent: u8, text: &str, evidence: HexBinary| ExecuteMsg::ReportProgress {
        project_id: project,
        percent,
        text: text.to_string(),
        evidence,
    };
    let cases = vec![
        (
            progress(101, "more than done", evidence_hash("x")),
            ContractError::PercentOutOfRange { percent: 101 },
        ),
        (
            progress(40, "slipped", evidence_hash("x")),
            ContractError::ProgressBackwards {
                project_id: project,
                stage: 1,
                previous: 50,
                percent: 40,
            },
        ),
        (
            progress(60, "ok", HexBinary::from(vec![7u8; 31])),
            ContractError::EvidenceHashLength { len: 31 },
        ),
        (
            progress(60, "ok", HexBinary::from(vec![])),
            ContractError::EvidenceHashLength { len: 0 },
        ),
        (progress(60, "", evidence_hash("x")), empty("progress text")),
        (
            ExecuteMsg::ReportProgress {
                project_id: 99,
                percent: 60,
                text: "ok".to_string(),
                evidence: evidence_hash("x"),
            },
            ContractError::ProjectNotFound { project_id: 99 },
        ),
    ];
    for (msg, expected) in cases {
        s.assert_refused(|s| s.execute_draft(&unit, &msg), expected);
    }
    s.report_progress(&unit, project, 100, "done").unwrap();
    s.assert_refused(
        |s| s.report_progress(&unit, project, 100, "done again"),
        ContractError::StageNotInProgress {
            project_id: project,
            stage: 1,
            status: "completed".to_string(),
        },
    );
}

// ------------------------------------------------------------------ AddOpinion

#[test]
fn add_opinion_by_anyone_but_the_projects_applicant_is_refused() {
    let (mut s, project) = world();
    let p = s.parties.clone();
    for sender in [s.addrs.stranger.clone(), p.unit.clone(), p.province.clone()] {
        s.assert_refused(
            |s| s.add_opinion(&sender, project, "fine"),
            ContractError::NotProjectApplicant {
                project_id: project,
                applicant: p.county.clone(),
                sender: sender.clone(),
            },
        );
    }
}

#[test]
fn add_opinion_with_bad_input_is_refused() {
    let (mut s, project) = world();
    let county = s.parties.county.clone();
    s.assert_refused(
        |s| s.add_opinion(&county, 99, "fine"),
        ContractError::ProjectNotFound { project_id: 99 },
    );
    s.assert_refused(|s| s.add_opinion(&county, project, " "), empty("opinion"));
    s.assert_refused(
        |s| s.add_opinion(&county, project, &"z".repeat(1_001)),
        ContractError::TextTooLong {
            field: "opinion".to_string(),
            len: 1_001,
            max: 1_000,
        },
    );
}

// ------------------------------------------------------------------ Cancel

#[test]
fn cancel_by_anyone_but_the_drafts_own_issuer_or_the_administrator_is_refused() {
    let (mut s, _, id) = issued();
    let p = s.parties.clone();
    // Another issuer may not cancel the province's draft.
    let other_issuer = s.addr("other-province");
    let admin = s.addrs.administrator.clone();
    s.set_draft_roles(&admin, &other_issuer, vec![DraftRole::Issuer])
        .unwrap();
    for sender in [
        s.addrs.stranger.clone(),
        p.county.clone(),
        p.unit.clone(),
        other_issuer,
    ] {
        s.assert_refused(
            |s| s.cancel_draft(&sender, id, "stop"),
            ContractError::NotDraftIssuer {
                draft_id: id,
                issuer: p.province.clone(),
                sender: sender.clone(),
            },
        );
    }
}

#[test]
fn cancel_with_bad_input_is_refused() {
    let (mut s, _, id) = issued();
    let province = s.parties.province.clone();
    s.assert_refused(
        |s| s.cancel_draft(&province, 99, "stop"),
        ContractError::DraftNotFound { draft_id: 99 },
    );
    s.assert_refused(
        |s| s.cancel_draft(&province, id, ""),
        empty("cancellation reason"),
    );
    s.cancel_draft(&province, id, "stop").unwrap();
    s.assert_refused(
        |s| s.cancel_draft(&province, id, "stop again"),
        ContractError::DraftClosed {
            draft_id: id,
            status: "cancelled".to_string(),
        },
    );
}

// ------------------------------------------------------------------ Expire

#[test]
fn expire_before_expiry_or_of_a_closed_draft_is_refused() {
    let (mut s, _, id) = issued();
    let stranger = s.addrs.stranger.clone();
    s.assert_refused(
        |s| s.expire_draft(&stranger, 99),
        ContractError::DraftNotFound { draft_id: 99 },
    );
    let expires_at = s.draft(id).unwrap().expires_at;
    s.advance_to(expires_at - 1);
    s.assert_refused(
        |s| s.expire_draft(&stranger, id),
        ContractError::NotYetExpired {
            draft_id: id,
            expires_at,
            now: expires_at - 1,
        },
    );
    s.advance_time(1);
    s.expire_draft(&stranger, id).unwrap();
    s.assert_refused(
        |s| s.expire_draft(&stranger, id),
        ContractError::DraftClosed {
            draft_id: id,
            status: "expired".to_string(),
        },
    );
}

// ------------------------------------------------------------------ funds

#[test]
fn native_funds_are_refused_by_every_draft_action() {
    let (mut s, project, id) = issued();
    let p = s.parties.clone();
    let contract = s.draft_contract();
    let messages = [
        (
            p.province.clone(),
            ExecuteMsg::Receive(Cw20ReceiveMsg {
                sender: p.province.to_string(),
                amount: Uint128::new(1),
                msg: to_json_binary(&ReceiveMsg::IssueDraft(s.standard_terms(project, 1, 1)))
                    .unwrap(),
            }),
        ),
        (
            s.addrs.administrator.clone(),
            ExecuteMsg::SetRoles {
                address: p.unit.to_string(),
                roles: vec![],
            },
        ),
        (
            p.county.clone(),
            ExecuteMsg::Apply(s.application("Bridge", &[AMOUNT])),
        ),
        (
            p.county_finance.clone(),
            ExecuteMsg::Approve {
                project_id: project,
                stage: 1,
                comment: "ok".into(),
            },
        ),
        (
            p.county_finance.clone(),
            ExecuteMsg::Reject {
                project_id: project,
                stage: 1,
                comment: "no".into(),
            },
        ),
        (
            p.provincial_approver.clone(),
            ExecuteMsg::Veto {
                project_id: project,
                stage: 1,
                comment: "no".into(),
            },
        ),
        (
            p.county.clone(),
            ExecuteMsg::ApplyNextStage {
                project_id: project,
                note: "next".into(),
            },
        ),
        (
            p.province.clone(),
            ExecuteMsg::Endorse {
                draft_id: id,
                to: p.finance_department.to_string(),
                serial: "S-0".into(),
            },
        ),
        (
            s.addrs.bank_operator.clone(),
            ExecuteMsg::PostBankRecords {
                records: vec![bank_record(1, "S-0", &p.province, &p.unit, 1, 1)],
            },
        ),
        (
            p.unit.clone(),
            ExecuteMsg::ReportProgress {
                project_id: project,
                percent: 1,
                text: "begun".into(),
                evidence: evidence_hash("x"),
            },
        ),
        (
            p.county.clone(),
            ExecuteMsg::AddOpinion {
                project_id: project,
                text: "fine".into(),
            },
        ),
        (
            p.province.clone(),
            ExecuteMsg::Cancel {
                draft_id: id,
                reason: "stop".into(),
            },
        ),
        (
            s.addrs.stranger.clone(),
            ExecuteMsg::Expire { draft_id: id },
        ),
    ];
    for (sender, msg) in messages {
        s.fund(&sender, 7, "ustake");
        s.assert_refused(
            |s| s.execute_with_funds(&sender, &contract, &msg, &coins(7, "ustake")),
            ContractError::Payment(PaymentError::NonPayable {}),
        );
    }
}
