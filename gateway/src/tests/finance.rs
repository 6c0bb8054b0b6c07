//! Drafts and loan shares through the API: who sees which draft and its hops' reconciliation,
//! who reads plans and confirmations, and that no borrower field leaves the chain through
//! the gateway, not even sealed.

use cosmwasm_std::{HexBinary, Uint128};
use ledger_sdk::contracts::draft::{
    self, Disagreement, Draft, DraftRole, DraftStatus, DraftsResponse, Hop, HopCheck, Project,
    ProjectStatus, ReconciliationCounts, Stage, StageStatus,
};
use ledger_sdk::contracts::loan_share::{
    self, Confirmation, ConfirmationsResponse, JoinTerms, LoanShareRole, LoanType, Plan, PlanInfo,
    PlanState, PlansResponse, RiskSummary, SealedField, SensitiveField,
};

use super::tariffs::contract_refusal;
use super::*;
use crate::finance_reads::{ConfirmationsOf, FinanceReads};

/// Drafts issued by the retailer (seed 4): 1 passes Alice (seed 2) with a reconciled first
/// hop and a mismatched second, 2 goes to others only, 3 ends with Alice. Alice holds a draft
/// role, Bob (seed 3) none. Plans: 1 of the retailer, 2 of another lender; Bob, a
/// participant, confirmed a share of plan 1.
pub(crate) struct FinanceBook;

/// What plan 1 carries sealed: a test looks for it in every answer.
const SEALED: &[u8] = b"sealed envelope of the borrower's name";

fn addr(a: &str) -> Addr {
    Addr::unchecked(a)
}

fn hop(index: u32, from: &str, to: &str, check: HopCheck) -> Hop {
    let endorsed = !matches!(check, HopCheck::NotEndorsed);
    Hop {
        index,
        label: format!("hop {index}"),
        from: addr(from),
        to: addr(to),
        release_bps: 0,
        value: Uint128::new(300_000),
        release: Uint128::zero(),
        serial: endorsed.then(|| format!("T-{index}")),
        endorsed_at: endorsed.then_some(1_700_000_100),
        check,
    }
}

fn draft_of(id: u64, hops: Vec<Hop>) -> Draft {
    let retailer = address(4);
    Draft {
        id,
        project_id: 7,
        stage: 1,
        issuer: addr(&retailer),
        amount: Uint128::new(300_000),
        locked: Uint128::new(300_000),
        released: Uint128::zero(),
        clawed_back: Uint128::zero(),
        holder: hops
            .iter()
            .rfind(|h| h.endorsed_at.is_some())
            .map_or(addr(&retailer), |h| h.to.clone()),
        endorsed: hops.iter().filter(|h| h.endorsed_at.is_some()).count() as u32,
        hops,
        final_recipients: vec![],
        issued_at: 1_700_000_000,
        expires_at: 1_800_000_000,
        status: DraftStatus::Active,
        closed_at: None,
        counts: ReconciliationCounts::default(),
        events: 3,
    }
}

fn all_drafts() -> Vec<Draft> {
    let (retailer, alice) = (address(4), address(2));
    vec![
        draft_of(
            1,
            vec![
                hop(0, &retailer, &alice, HopCheck::Reconciled),
                hop(
                    1,
                    &alice,
                    "wasm1unit",
                    HopCheck::Mismatch {
                        disagreements: vec![Disagreement::Amount {
                            endorsed: Uint128::new(300_000),
                            bank: Uint128::new(290_000),
                        }],
                    },
                ),
            ],
        ),
        draft_of(
            2,
            vec![hop(0, &retailer, "wasm1fund", HopCheck::NotEndorsed)],
        ),
        draft_of(
            3,
            vec![hop(0, &retailer, &alice, HopCheck::MissingBankRecord)],
        ),
    ]
}

fn plan_of(id: u64, contributor: &str) -> PlanInfo {
    PlanInfo {
        state: PlanState::Open,
        plan: Plan {
            id,
            contributor: addr(contributor),
            asset_id: format!("LA-{id}"),
            loan_type: LoanType::Cash,
            loan_amount: Uint128::new(10_000_000),
            sealed_fields: vec![SealedField {
                field: SensitiveField::BorrowerName,
                ciphertext: Binary::from(SEALED),
                commitment: HexBinary::from(vec![7; 32]),
            }],
            risk: RiskSummary {
                score: "A".to_string(),
                loan_limit: Uint128::new(20_000_000),
                suggested_share_limit: Uint128::new(5_000_000),
            },
            vehicle: None,
            data_links: vec![],
            terms: JoinTerms {
                offered: Uint128::new(5_000_000),
                min_rate_bps: 1_800,
                max_rate_bps: 2_000,
                fee_per_10k: 1,
                max_participants: 3,
                start: 1_700_000_000,
                end: 1_800_000_000,
            },
            confirmed: Uint128::new(80_000),
            participants: 1,
            fees: Uint128::new(8),
            posted_at: 1_700_000_000,
            withdrawn_at: None,
        },
    }
}

fn confirmation(id: u64, plan_id: u64, participant: &str) -> Confirmation {
    Confirmation {
        id,
        plan_id,
        asset_id: format!("LA-{plan_id}"),
        contributor: addr(&address(4)),
        participant: addr(participant),
        amount: Uint128::new(80_000),
        rate_bps: 1_850,
        fee: Uint128::new(8),
        participant_key: HexBinary::from(vec![2; 33]),
        fields: vec![SensitiveField::BorrowerName, SensitiveField::Phone],
        disclosed: vec![SensitiveField::BorrowerName],
        confirmed_at: 1_700_000_500,
        height: 90,
    }
}

fn all_confirmations() -> Vec<Confirmation> {
    vec![
        confirmation(1, 1, &address(3)),
        confirmation(2, 2, "wasm1otherlender"),
    ]
}

impl FinanceReads for FinanceBook {
    fn draft_roles<'a>(&'a self, address_: &'a str) -> ChainFuture<'a, Vec<DraftRole>> {
        let roles = if address_ == address(2) {
            vec![DraftRole::Holder]
        } else if address_ == address(4) {
            vec![DraftRole::Issuer]
        } else {
            vec![]
        };
        Box::pin(async move { Ok(roles) })
    }

    fn drafts(&self, start_after: Option<u64>, limit: u32) -> ChainFuture<'_, DraftsResponse> {
        let (drafts, has_more) = page_after(&all_drafts(), |d| d.id, start_after, limit);
        Box::pin(async move { Ok(DraftsResponse { drafts, has_more }) })
    }

    fn draft(&self, draft_id: u64) -> ChainFuture<'_, Draft> {
        let found = all_drafts().into_iter().find(|d| d.id == draft_id);
        Box::pin(async move {
            found.ok_or_else(|| contract_refusal(draft::codes::DRAFT_NOT_FOUND, "no such draft"))
        })
    }

    fn project(&self, project_id: u64) -> ChainFuture<'_, Project> {
        let project = Project {
            id: project_id,
            applicant: addr("wasm1county"),
            name: "Rural planting".to_string(),
            project_type: "industry".to_string(),
            department: "agriculture".to_string(),
            budget: Uint128::new(500_000),
            description: "Greenhouses".to_string(),
            implementing_unit: addr("wasm1unit"),
            unit_qualifications: "grade B".to_string(),
            start_date: 1_700_000_000,
            end_date: 1_800_000_000,
            stages: vec![Stage {
                number: 1,
                amount: Uint128::new(300_000),
                purpose: "greenhouse frames".to_string(),
                status: StageStatus::Issued,
                approvals: vec![],
                applied_at: Some(1_700_000_000),
                draft_id: Some(1),
                progress: 0,
            }],
            current_stage: 1,
            status: ProjectStatus::InProgress,
            applied_at: 1_700_000_000,
            events: 4,
        };
        Box::pin(async move { Ok(project) })
    }

    fn loan_roles<'a>(&'a self, address_: &'a str) -> ChainFuture<'a, Vec<LoanShareRole>> {
        let roles = if address_ == address(3) {
            vec![LoanShareRole::Participant]
        } else if address_ == address(4) {
            vec![LoanShareRole::Contributor]
        } else if address_ == address(5) {
            vec![LoanShareRole::TokenIssuer]
        } else {
            vec![]
        };
        Box::pin(async move { Ok(roles) })
    }

    fn open_plans(&self, start_after: Option<u64>, limit: u32) -> ChainFuture<'_, PlansResponse> {
        let plans = vec![plan_of(1, &address(4)), plan_of(2, "wasm1otherlender")];
        let (plans, has_more) = page_after(&plans, |p| p.plan.id, start_after, limit);
        Box::pin(async move { Ok(PlansResponse { plans, has_more }) })
    }

    fn plan(&self, plan_id: u64) -> ChainFuture<'_, PlanInfo> {
        let found = match plan_id {
            1 => Ok(plan_of(1, &address(4))),
            2 => Ok(plan_of(2, "wasm1otherlender")),
            _ => Err(contract_refusal(
                loan_share::codes::PLAN_NOT_FOUND,
                "no such plan",
            )),
        };
        Box::pin(async move { found })
    }

    fn confirmations(
        &self,
        of: ConfirmationsOf,
        start_after: Option<u64>,
        limit: u32,
    ) -> ChainFuture<'_, ConfirmationsResponse> {
        let mine: Vec<Confirmation> = all_confirmations()
            .into_iter()
            .filter(|c| match &of {
                ConfirmationsOf::Participant(p) => c.participant.as_str() == p,
                ConfirmationsOf::Plan(id) => c.plan_id == *id,
            })
            .collect();
        let (confirmations, has_more) = page_after(&mine, |c| c.id, start_after, limit);
        Box::pin(async move {
            Ok(ConfirmationsResponse {
                confirmations,
                has_more,
            })
        })
    }
}

/// A ledger deployed without drafts and loan sharing.
struct NothingDeployed;

fn not_deployed(contract: &'static str) -> ledger_sdk::Error {
    ledger_sdk::Error::NotDeployed { contract }
}

impl FinanceReads for NothingDeployed {
    fn draft_roles<'a>(&'a self, _: &'a str) -> ChainFuture<'a, Vec<DraftRole>> {
        Box::pin(async { Err(not_deployed("draft")) })
    }
    fn drafts(&self, _: Option<u64>, _: u32) -> ChainFuture<'_, DraftsResponse> {
        Box::pin(async { Err(not_deployed("draft")) })
    }
    fn draft(&self, _: u64) -> ChainFuture<'_, Draft> {
        Box::pin(async { Err(not_deployed("draft")) })
    }
    fn project(&self, _: u64) -> ChainFuture<'_, Project> {
        Box::pin(async { Err(not_deployed("draft")) })
    }
    fn loan_roles<'a>(&'a self, _: &'a str) -> ChainFuture<'a, Vec<LoanShareRole>> {
        Box::pin(async { Err(not_deployed("loan-share")) })
    }
    fn open_plans(&self, _: Option<u64>, _: u32) -> ChainFuture<'_, PlansResponse> {
        Box::pin(async { Err(not_deployed("loan-share")) })
    }
    fn plan(&self, _: u64) -> ChainFuture<'_, PlanInfo> {
        Box::pin(async { Err(not_deployed("loan-share")) })
    }
    fn confirmations(
        &self,
        _: ConfirmationsOf,
        _: Option<u64>,
        _: u32,
    ) -> ChainFuture<'_, ConfirmationsResponse> {
        Box::pin(async { Err(not_deployed("loan-share")) })
    }
}

async fn get(app: &Router, uri: &str, token: &str) -> (StatusCode, Value) {
    call(app, Method::GET, uri, Some(token), None).await
}

fn ids(page: &Value, key: &str) -> Vec<u64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[key].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_administrator_and_the_bank_see_every_draft_with_each_hops_reconciliation() {
    let app = app();
    for seed in [1, 5] {
        let who = token(&app, seed).await;
        let (status, page) = get(&app, "/api/drafts?limit=2", &who).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(ids(&page, "id"), vec![1, 2]);
        assert_eq!(page["has_more"], true);
        assert_eq!(page["next_start_after"], 2);
        let (_, rest) = get(&app, "/api/drafts?limit=2&start_after=2", &who).await;
        assert_eq!(ids(&rest, "id"), vec![3]);
        assert_eq!(rest["has_more"], false);
    }
    let admin = token(&app, 1).await;
    let (_, page) = get(&app, "/api/drafts", &admin).await;
    let hops = &page["items"][0]["hops"];
    assert_eq!(hops[0]["check"], "reconciled");
    assert_eq!(hops[0]["serial"], "T-0");
    assert_eq!(hops[1]["check"], "mismatch");
    assert_eq!(
        hops[1]["disagreements"],
        json!([{ "field": "amount", "endorsed": "300000", "bank": "290000" }])
    );
    assert_eq!(page["items"][1]["hops"][0]["check"], "not_endorsed");
    assert_eq!(page["items"][1]["hops"][0]["serial"], Value::Null);
    assert_eq!(page["items"][0]["holder"], "wasm1unit");
}

#[tokio::test]
async fn a_holder_sees_only_the_drafts_she_is_a_party_of_and_pages_past_the_others() {
    let app = app();
    let alice = token(&app, 2).await;
    let (status, page) = get(&app, "/api/drafts", &alice).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(ids(&page, "id"), vec![1, 3]);
    // A page that looked only at another's draft is empty, and says where to go on.
    let (_, page) = get(&app, "/api/drafts?start_after=1&limit=1", &alice).await;
    assert_eq!(ids(&page, "id"), Vec::<u64>::new());
    assert_eq!(page["has_more"], true);
    assert_eq!(page["next_start_after"], 2);
    // The issuer sees her drafts whoever holds them.
    let retailer = token(&app, 4).await;
    let (_, page) = get(&app, "/api/drafts", &retailer).await;
    assert_eq!(ids(&page, "id"), vec![1, 2, 3]);
}

#[tokio::test]
async fn drafts_are_refused_to_those_without_a_draft_role() {
    let app = app();
    let bob = token(&app, 3).await;
    for uri in ["/api/drafts", "/api/drafts/1"] {
        let (status, body) = get(&app, uri, &bob).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{uri}: {body}");
        assert_eq!(code(&body), codes::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_draft_reads_with_its_project_to_its_parties_only() {
    let app = app();
    let alice = token(&app, 2).await;
    let (status, detail) = get(&app, "/api/drafts/1", &alice).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["draft"]["id"], 1);
    assert_eq!(detail["project"]["name"], "Rural planting");
    assert_eq!(detail["project"]["stage_purpose"], "greenhouse frames");
    assert_eq!(detail["project"]["status"], "in_progress");

    let (status, body) = get(&app, "/api/drafts/2", &alice).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(code(&body), codes::FORBIDDEN);
    let (status, body) = get(&app, "/api/drafts/99", &alice).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(code(&body), "draft.draft_not_found");
    let (status, body) = get(&app, "/api/drafts/first", &alice).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(code(&body), codes::BAD_REQUEST);
    let admin = token(&app, 1).await;
    let (status, _) = get(&app, "/api/drafts/2", &admin).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn lenders_read_open_plans_with_sealed_fields_named_never_shown() {
    let app = app();
    for seed in [1, 3, 4] {
        let who = token(&app, seed).await;
        let (status, page) = get(&app, "/api/loans/plans", &who).await;
        assert_eq!(status, StatusCode::OK, "{seed}: {page}");
        assert_eq!(ids(&page, "plan_id"), vec![1, 2]);
        let plan = &page["items"][0];
        assert_eq!(plan["sealed_fields"], json!(["borrower_name"]));
        assert_eq!(plan["offered"], "5000000");
        assert_eq!(plan["state"], "open");
        let text = page.to_string();
        let sealed_b64 = Binary::from(SEALED).to_base64();
        assert!(!text.contains(&sealed_b64) && !text.contains("ciphertext"));
        assert!(!text.contains("commitment"), "{text}");
    }
    let (_, page) = get(
        &app,
        "/api/loans/plans?limit=1&start_after=1",
        &token(&app, 3).await,
    )
    .await;
    assert_eq!(ids(&page, "plan_id"), vec![2]);
    assert_eq!(page["has_more"], false);
}

#[tokio::test]
async fn loans_are_refused_to_those_who_are_not_lenders() {
    let app = app();
    // Alice has no loan-share role; the bank issues the consortium token but lends nothing.
    for seed in [2, 5] {
        let who = token(&app, seed).await;
        for uri in ["/api/loans/plans", "/api/loans/confirmations"] {
            let (status, body) = get(&app, uri, &who).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{seed} {uri}: {body}");
            assert_eq!(code(&body), codes::FORBIDDEN);
        }
    }
}

#[tokio::test]
async fn a_lender_reads_her_own_confirmations_and_a_contributor_those_of_her_plans() {
    let app = app();
    let bob = token(&app, 3).await;
    let (status, page) = get(&app, "/api/loans/confirmations", &bob).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(ids(&page, "confirmation_id"), vec![1]);
    let mine = &page["items"][0];
    assert_eq!(mine["amount"], "80000");
    assert_eq!(mine["fields"], json!(["borrower_name", "phone"]));
    assert_eq!(mine["disclosed"], json!(["borrower_name"]));
    assert_eq!(mine["fully_disclosed"], false);
    assert!(!page.to_string().contains("participant_key"));

    let other = "/api/loans/confirmations?participant=wasm1otherlender";
    let (status, body) = get(&app, other, &bob).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(code(&body), codes::FORBIDDEN);
    let (status, page) = get(&app, other, &token(&app, 1).await).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(ids(&page, "confirmation_id"), vec![2]);

    let retailer = token(&app, 4).await;
    let (_, page) = get(&app, "/api/loans/confirmations?plan=1", &retailer).await;
    assert_eq!(ids(&page, "confirmation_id"), vec![1]);
    let (status, body) = get(&app, "/api/loans/confirmations?plan=2", &retailer).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = get(&app, "/api/loans/confirmations?plan=99", &retailer).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(code(&body), "loan_share.plan_not_found");
    let both = "/api/loans/confirmations?plan=1&participant=wasm1otherlender";
    let (status, body) = get(&app, both, &retailer).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(code(&body), codes::BAD_REQUEST);
}

#[tokio::test]
async fn a_ledger_without_drafts_or_loans_says_so_by_code() {
    let app = app_with(
        ledger(),
        Options {
            finance: Arc::new(NothingDeployed),
            ..Options::default()
        },
    );
    let admin = token(&app, 1).await;
    for uri in ["/api/drafts", "/api/drafts/1", "/api/loans/plans"] {
        let (status, body) = get(&app, uri, &admin).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {body}");
        assert_eq!(code(&body), codes::NOT_DEPLOYED);
    }
}
