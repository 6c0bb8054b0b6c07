//! `GET /api/loans/plans` (the share plans still taking confirmations) and
//! `GET /api/loans/confirmations` (a lender's confirmations, or a plan's).
//!
//! For lenders (a contributor or participant role in the loan-share contract), the
//! administrator and auditors. A borrower's fields never pass through here, not even sealed:
//! a plan shows which fields it seals, a confirmation which of them were disclosed, and the
//! ciphertexts stay on the chain for the lender's own key to open.

use axum::Json;
use axum::extract::{Query, State};
use ledger_sdk::contracts::loan_share::{Confirmation, LoanShareRole, PlanInfo};
use ledger_types::admin::Role;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::paging::{self, IdPageQuery, Page};
use crate::auth::session::Session;
use crate::error::{ApiError, ErrorBody};
use crate::finance_reads::ConfirmationsOf;
use crate::state::AppState;

/// Roles that read every plan and confirmation.
const SEE_ALL_LOANS: &[Role] = &[Role::Admin, Role::Auditor];

/// A share plan: the loan, the contributor's risk summary and the terms on which other
/// lenders may join. The borrower's fields are named, never shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PlanView {
    /// The plan's id.
    pub plan_id: u64,
    /// The lender that posted it.
    pub contributor: String,
    /// The contributor's own id of the loan.
    pub asset_id: String,
    /// `cash`, `consumption`, `provident_fund`, `enterprise`, `car_mortgage`, `policy` or
    /// `car_pledge`.
    pub loan_type: String,
    /// The loan, minor units.
    pub loan_amount: String,
    /// The contributor's risk score or grade.
    pub risk_score: String,
    /// The loan limit the contributor's model grants, minor units.
    pub loan_limit: String,
    /// The share the model suggests, minor units.
    pub suggested_share_limit: String,
    /// Offered for sharing, minor units.
    pub offered: String,
    /// Confirmed so far, minor units.
    pub confirmed: String,
    /// Annual rates a participant may confirm, basis points.
    pub min_rate_bps: u32,
    /// The highest, basis points.
    pub max_rate_bps: u32,
    /// Token units charged per 10,000 units confirmed.
    pub fee_per_10k: u32,
    /// Most participants.
    pub max_participants: u32,
    /// Participants so far.
    pub participants: u32,
    /// Confirmations are taken from (unix seconds, included).
    pub start: u64,
    /// Until (unix seconds, excluded).
    pub end: u64,
    /// `upcoming`, `open`, `full`, `closed` or `withdrawn`.
    pub state: String,
    /// The borrower's fields the plan carries sealed (`borrower_name`, `id_number`, ...),
    /// disclosed only to a confirming lender's key.
    pub sealed_fields: Vec<String>,
    /// When it was posted, unix seconds.
    pub posted_at: u64,
}

impl From<PlanInfo> for PlanView {
    fn from(info: PlanInfo) -> Self {
        let p = info.plan;
        PlanView {
            plan_id: p.id,
            contributor: p.contributor.into_string(),
            asset_id: p.asset_id,
            loan_type: p.loan_type.as_str().to_string(),
            loan_amount: p.loan_amount.to_string(),
            risk_score: p.risk.score,
            loan_limit: p.risk.loan_limit.to_string(),
            suggested_share_limit: p.risk.suggested_share_limit.to_string(),
            offered: p.terms.offered.to_string(),
            confirmed: p.confirmed.to_string(),
            min_rate_bps: p.terms.min_rate_bps,
            max_rate_bps: p.terms.max_rate_bps,
            fee_per_10k: p.terms.fee_per_10k,
            max_participants: p.terms.max_participants,
            participants: p.participants,
            start: p.terms.start,
            end: p.terms.end,
            state: info.state.as_str().to_string(),
            sealed_fields: p
                .sealed_fields
                .iter()
                .map(|f| f.field.as_str().to_string())
                .collect(),
            posted_at: p.posted_at,
        }
    }
}

/// A lender's confirmed share of a plan, and how far the borrower's fields were disclosed
/// to her.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConfirmationView {
    /// The confirmation's id.
    pub confirmation_id: u64,
    /// The plan.
    pub plan_id: u64,
    /// The contributor's id of the loan.
    pub asset_id: String,
    /// The lender that posted the plan.
    pub contributor: String,
    /// The lender that confirmed.
    pub participant: String,
    /// Her share, minor units.
    pub amount: String,
    /// Her annual rate, basis points.
    pub rate_bps: u32,
    /// Tokens she paid the contributor.
    pub fee: String,
    /// The fields due to her.
    pub fields: Vec<String>,
    /// The fields disclosed to her so far, in disclosure order.
    pub disclosed: Vec<String>,
    /// Every field is disclosed.
    pub fully_disclosed: bool,
    /// When she confirmed, unix seconds.
    pub confirmed_at: u64,
}

impl From<Confirmation> for ConfirmationView {
    fn from(c: Confirmation) -> Self {
        let names = |fields: &[ledger_sdk::contracts::loan_share::SensitiveField]| {
            fields.iter().map(|f| f.as_str().to_string()).collect()
        };
        ConfirmationView {
            fully_disclosed: c.fully_disclosed(),
            confirmation_id: c.id,
            plan_id: c.plan_id,
            asset_id: c.asset_id,
            contributor: c.contributor.into_string(),
            participant: c.participant.into_string(),
            amount: c.amount.to_string(),
            rate_bps: c.rate_bps,
            fee: c.fee.to_string(),
            fields: names(&c.fields),
            disclosed: names(&c.disclosed),
            confirmed_at: c.confirmed_at,
        }
    }
}

/// Refused unless the caller is the administrator, an auditor or a lender; her loan-share
/// roles otherwise.
async fn lender_roles(state: &AppState, session: &Session) -> Result<Vec<LoanShareRole>, ApiError> {
    let roles = state.finance.loan_roles(&session.address).await?;
    if session.has_any(SEE_ALL_LOANS) || roles.iter().any(LoanShareRole::is_lender) {
        return Ok(roles);
    }
    Err(ApiError::forbidden(
        "loan plans are for lenders (a contributor or participant role), the administrator and \
         auditors",
    ))
}

/// The plans still taking confirmations (open, or about to open), the soonest to end first;
/// `start_after` is the last plan's id. For lenders, the administrator and auditors.
#[utoipa::path(
    get, path = "/api/loans/plans", tag = "api",
    security(("bearer" = [])),
    params(IdPageQuery),
    responses(
        (status = 200, description = "One page of open plans", body = Page<PlanView>),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not a lender, the administrator or an auditor (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "This ledger has no loan-share contract (gateway.not_deployed)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn plans(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<IdPageQuery>,
) -> Result<Json<Page<PlanView>>, ApiError> {
    lender_roles(&state, &session).await?;
    let found = state
        .finance
        .open_plans(query.start_after, paging::limit(query.limit))
        .await?;
    Ok(Json(Page {
        items: found.plans.into_iter().map(PlanView::from).collect(),
        has_more: found.has_more,
    }))
}

/// `?participant=&plan=&start_after=&limit=`.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConfirmationsQuery {
    /// This lender's confirmations (the caller's own when neither this nor `plan` is given;
    /// another's for the administrator and auditors).
    pub participant: Option<String>,
    /// This plan's confirmations (its contributor, the administrator and auditors).
    pub plan: Option<u64>,
    /// The id of the last confirmation of the previous page.
    pub start_after: Option<u64>,
    /// How many confirmations at most (capped at the contracts' largest page).
    pub limit: Option<u32>,
}

/// Confirmations in id order, one page: a lender's own (or, for the administrator and
/// auditors, any lender's), or those of a plan to its contributor.
#[utoipa::path(
    get, path = "/api/loans/confirmations", tag = "api",
    security(("bearer" = [])),
    params(ConfirmationsQuery),
    responses(
        (status = 200, description = "One page of confirmations", body = Page<ConfirmationView>),
        (status = 400, description = "Both `participant` and `plan` (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not a lender, another lender's confirmations, or another contributor's plan (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "No such plan (loan_share.plan_not_found), or no loan-share contract (gateway.not_deployed)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn confirmations(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<ConfirmationsQuery>,
) -> Result<Json<Page<ConfirmationView>>, ApiError> {
    lender_roles(&state, &session).await?;
    let sees_all = session.has_any(SEE_ALL_LOANS);
    let of = match (query.participant, query.plan) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "ask for a participant's confirmations or a plan's, not both",
            ));
        }
        (None, Some(plan_id)) => {
            let plan = state.finance.plan(plan_id).await?;
            if !sees_all && plan.plan.contributor.as_str() != session.address {
                return Err(ApiError::forbidden(format!(
                    "plan {plan_id} is another contributor's"
                )));
            }
            ConfirmationsOf::Plan(plan_id)
        }
        (Some(participant), None) if participant != session.address && !sees_all => {
            return Err(ApiError::forbidden(
                "a lender sees only her own confirmations",
            ));
        }
        (participant, None) => {
            ConfirmationsOf::Participant(participant.unwrap_or_else(|| session.address.clone()))
        }
    };
    let found = state
        .finance
        .confirmations(of, query.start_after, paging::limit(query.limit))
        .await?;
    Ok(Json(Page {
        items: found
            .confirmations
            .into_iter()
            .map(ConfirmationView::from)
            .collect(),
        has_more: found.has_more,
    }))
}
