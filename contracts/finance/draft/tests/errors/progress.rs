//! Progress reports, opinions and cancelling.

use super::*;

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
        let nonpayable = ContractError::Payment(PaymentError::NonPayable {});
        s.assert_funds_refused(&sender, &contract, coin(7, "ustake"), [msg], nonpayable);
    }
}
