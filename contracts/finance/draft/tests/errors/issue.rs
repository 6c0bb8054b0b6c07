//! Issuing a draft (the fund token's `IssueDraft` hook) and setting roles.

use super::*;

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
    let counterfeit =
        s.counterfeit_token(&stranger, &p.province, ("Counterfeit Yuan", "CNYX"), AMOUNT);
    let target = s.draft_contract();
    s.assert_refused(
        |s| {
            s.cw20_send(
                &counterfeit,
                &p.province,
                &target,
                AMOUNT,
                &ReceiveMsg::IssueDraft(terms),
            )
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
