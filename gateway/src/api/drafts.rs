//! `GET /api/drafts` and `GET /api/drafts/{id}`: where each draft of earmarked funds is now
//! and how every hop it made reconciles with the bank's records.
//!
//! The administrator, auditors and bank operators (who post the bank's records) see every
//! draft; any other holder of a draft role sees the drafts she issued or is a holder in,
//! planned or passed.

use axum::Json;
use axum::extract::{Path, Query, State};
use ledger_sdk::contracts::draft::{Disagreement, Draft, Hop, HopCheck, Project};
use ledger_types::admin::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::paging::{self, IdPageQuery};
use crate::auth::session::Session;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Roles that see every draft.
const SEE_ALL_DRAFTS: &[Role] = &[Role::Admin, Role::Auditor, Role::BankOperator];

/// A field in which the bank's record of a hop disagrees with its endorsement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DisagreementView {
    /// `amount`, `payer` or `payee`.
    pub field: String,
    /// What the endorsement says.
    pub endorsed: String,
    /// What the bank's record says.
    pub bank: String,
}

impl From<Disagreement> for DisagreementView {
    fn from(d: Disagreement) -> Self {
        let (field, endorsed, bank) = match d {
            Disagreement::Amount { endorsed, bank } => {
                ("amount", endorsed.to_string(), bank.to_string())
            }
            Disagreement::Payer { endorsed, bank } => {
                ("payer", endorsed.into_string(), bank.into_string())
            }
            Disagreement::Payee { endorsed, bank } => {
                ("payee", endorsed.into_string(), bank.into_string())
            }
        };
        DisagreementView {
            field: field.to_string(),
            endorsed,
            bank,
        }
    }
}

/// A hop of a draft: as planned at issue, and as it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HopView {
    /// 0 for the first hop.
    pub index: u32,
    /// Its label in the draft's terms ("finance department", ...).
    pub label: String,
    /// Who passes the draft on (the issuer for the first hop).
    pub from: String,
    /// Who receives it.
    pub to: String,
    /// What the draft is worth when it moves: what the bank transfer must carry, minor units.
    pub value: String,
    /// What is released to `to` when the draft reaches it, minor units.
    pub release: String,
    /// The bank transfer's serial number, once endorsed.
    pub serial: Option<String>,
    /// When it was endorsed, unix seconds.
    pub endorsed_at: Option<u64>,
    /// Its reconciliation with the bank: `not_endorsed`, `missing_bank_record`,
    /// `reconciled` or `mismatch`.
    pub check: String,
    /// Where the bank's record disagrees (for `mismatch`).
    pub disagreements: Vec<DisagreementView>,
}

impl From<Hop> for HopView {
    fn from(h: Hop) -> Self {
        let (check, disagreements) = match h.check {
            HopCheck::NotEndorsed => ("not_endorsed", Vec::new()),
            HopCheck::MissingBankRecord => ("missing_bank_record", Vec::new()),
            HopCheck::Reconciled => ("reconciled", Vec::new()),
            HopCheck::Mismatch { disagreements } => ("mismatch", disagreements),
        };
        HopView {
            index: h.index,
            label: h.label,
            from: h.from.into_string(),
            to: h.to.into_string(),
            value: h.value.to_string(),
            release: h.release.to_string(),
            serial: h.serial,
            endorsed_at: h.endorsed_at,
            check: check.to_string(),
            disagreements: disagreements.into_iter().map(Into::into).collect(),
        }
    }
}

/// A draft: who holds it now, its amounts, and its hops with their reconciliation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DraftView {
    /// The draft's id.
    pub id: u64,
    /// The project it funds.
    pub project_id: u64,
    /// The project's stage it funds (1 for the first).
    pub stage: u32,
    /// Who issued it; the remainder returns there.
    pub issuer: String,
    /// Who holds it now.
    pub holder: String,
    /// `active`, `delivered`, `expired`, `cancelled` or `clawed_back`.
    pub status: String,
    /// Locked at issue, minor units.
    pub amount: String,
    /// Still locked, minor units.
    pub locked: String,
    /// Released to holders so far, minor units.
    pub released: String,
    /// Returned to the issuer, minor units.
    pub clawed_back: String,
    /// Hops endorsed so far.
    pub endorsed: u32,
    /// Every hop of its chain, endorsed or still to come.
    pub hops: Vec<HopView>,
    /// Hops whose bank record agrees.
    pub reconciled: u32,
    /// Endorsed hops the bank has not reported.
    pub missing: u32,
    /// Hops whose bank record disagrees.
    pub mismatched: u32,
    /// When it was issued, unix seconds.
    pub issued_at: u64,
    /// When it expires, unix seconds.
    pub expires_at: u64,
    /// When it was closed by expiry or cancellation, unix seconds.
    pub closed_at: Option<u64>,
}

impl From<Draft> for DraftView {
    fn from(d: Draft) -> Self {
        DraftView {
            id: d.id,
            project_id: d.project_id,
            stage: d.stage,
            issuer: d.issuer.into_string(),
            holder: d.holder.into_string(),
            status: d.status.as_str().to_string(),
            amount: d.amount.to_string(),
            locked: d.locked.to_string(),
            released: d.released.to_string(),
            clawed_back: d.clawed_back.to_string(),
            endorsed: d.endorsed,
            hops: d.hops.into_iter().map(Into::into).collect(),
            reconciled: d.counts.reconciled,
            missing: d.counts.missing,
            mismatched: d.counts.mismatched,
            issued_at: d.issued_at,
            expires_at: d.expires_at,
            closed_at: d.closed_at,
        }
    }
}

/// The project a draft funds, as far as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ProjectSummary {
    /// The project's id.
    pub id: u64,
    /// Its name.
    pub name: String,
    /// The office that applied.
    pub applicant: String,
    /// Who carries it out.
    pub implementing_unit: String,
    /// Where it stands (`in_progress`, `completed`, ...).
    pub status: String,
    /// What the draft's stage pays for.
    pub stage_purpose: Option<String>,
}

/// One draft with the project it funds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DraftDetail {
    /// The draft.
    pub draft: DraftView,
    /// Its project.
    pub project: ProjectSummary,
}

fn summary(project: Project, stage: u32) -> ProjectSummary {
    ProjectSummary {
        stage_purpose: project
            .stages
            .iter()
            .find(|s| s.number == stage)
            .map(|s| s.purpose.clone()),
        id: project.id,
        name: project.name,
        applicant: project.applicant.into_string(),
        implementing_unit: project.implementing_unit.into_string(),
        status: project.status.as_str().to_string(),
    }
}

/// One page of drafts.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DraftPage {
    /// The drafts the caller may see among those looked through, in id order.
    pub items: Vec<DraftView>,
    /// More drafts follow: ask again with `start_after` set to `next_start_after`.
    pub has_more: bool,
    /// The last draft id looked through: a page of a holder's drafts may show fewer than it
    /// looked through, or none.
    pub next_start_after: Option<u64>,
}

/// Whether `address` issued the draft or is a holder in its chain, planned or passed.
fn is_party(draft: &Draft, address: &str) -> bool {
    draft.issuer.as_str() == address
        || draft
            .hops
            .iter()
            .any(|h| h.from.as_str() == address || h.to.as_str() == address)
}

/// Whom the caller sees drafts as: everyone's, or only her own (refused without a draft
/// role).
enum DraftSight {
    All,
    Own,
}

async fn sight(state: &AppState, session: &Session) -> Result<DraftSight, ApiError> {
    if session.has_any(SEE_ALL_DRAFTS) {
        return Ok(DraftSight::All);
    }
    if state
        .finance
        .draft_roles(&session.address)
        .await?
        .is_empty()
    {
        return Err(ApiError::forbidden(
            "drafts are for their issuers and holders (a draft role), the bank, the \
             administrator and auditors",
        ));
    }
    Ok(DraftSight::Own)
}

/// Drafts in id order, one page. The administrator, auditors and bank operators see every
/// draft; a holder of a draft role those she issued or is a holder in.
#[utoipa::path(
    get, path = "/api/drafts", tag = "api",
    security(("bearer" = [])),
    params(IdPageQuery),
    responses(
        (status = 200, description = "One page of drafts", body = DraftPage),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "No draft role, and not the administrator, an auditor or a bank operator (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "This ledger has no draft contract (gateway.not_deployed)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn drafts(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<IdPageQuery>,
) -> Result<Json<DraftPage>, ApiError> {
    let sight = sight(&state, &session).await?;
    let found = state
        .finance
        .drafts(query.start_after, paging::limit(query.limit))
        .await?;
    let next_start_after = found.drafts.last().map(|d| d.id);
    let items = found
        .drafts
        .into_iter()
        .filter(|d| match sight {
            DraftSight::All => true,
            DraftSight::Own => is_party(d, &session.address),
        })
        .map(DraftView::from)
        .collect();
    Ok(Json(DraftPage {
        items,
        has_more: found.has_more,
        next_start_after,
    }))
}

/// One draft with the project it funds: to its issuer and holders, the bank, the
/// administrator and auditors.
#[utoipa::path(
    get, path = "/api/drafts/{id}", tag = "api",
    security(("bearer" = [])),
    params(("id" = u64, Path, description = "The draft's id")),
    responses(
        (status = 200, description = "The draft", body = DraftDetail),
        (status = 400, description = "The id is not a whole number (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not a party of the draft, and not the administrator, an auditor or a bank operator (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "No such draft (draft.draft_not_found), or no draft contract (gateway.not_deployed)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn draft(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<DraftDetail>, ApiError> {
    let id: u64 = id
        .parse()
        .map_err(|_| ApiError::bad_request("a draft's id is a whole number"))?;
    let sight = sight(&state, &session).await?;
    let found = state.finance.draft(id).await?;
    if matches!(sight, DraftSight::Own) && !is_party(&found, &session.address) {
        return Err(ApiError::forbidden(format!(
            "draft {id} is not one you issued or hold"
        )));
    }
    let project = state.finance.project(found.project_id).await?;
    Ok(Json(DraftDetail {
        project: summary(project, found.stage),
        draft: found.into(),
    }))
}
