//! The bank cabinet's reads: `GET /api/bank/totals`, `/api/bank/overdue`,
//! `/api/bank/redemptions`. For bank operators, the administrator and auditors.

use axum::Json;
use axum::extract::{Query, State};
use ledger_types::admin::Role;
use ledger_types::bank::{Instalment, Redemption, TotalsResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::paging::{Page, PageQuery};
use crate::api::views::name_of;
use crate::auth::session::{Authorized, RoleRule};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Bank operators, the administrator and auditors.
pub struct BankReaders;

impl RoleRule for BankReaders {
    const ROLES: &'static [Role] = &[Role::BankOperator, Role::Admin, Role::Auditor];
}

/// The bank's running totals, minor units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TotalsView {
    /// Minted against deposits, all time.
    pub minted: String,
    /// Burned by redemptions, all time.
    pub burned: String,
    /// The sum of all prepaid balances.
    pub prepaid: String,
    /// Escrowed by redemption requests not yet redeemed.
    pub escrowed: String,
    /// Paid to retailers, all time.
    pub paid_out: String,
}

impl From<TotalsResponse> for TotalsView {
    fn from(t: TotalsResponse) -> Self {
        TotalsView {
            minted: t.minted.to_string(),
            burned: t.burned.to_string(),
            prepaid: t.prepaid.to_string(),
            escrowed: t.escrowed.to_string(),
            paid_out: t.paid_out.to_string(),
        }
    }
}

/// An instalment of a meter's bill or advances.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InstalmentView {
    /// Its id.
    pub id: u64,
    /// `<due>:<id>`, the `start_after` of the next page of overdue instalments.
    pub key: String,
    /// The meter.
    pub meter_id: String,
    /// The meter's owner.
    pub consumer: String,
    /// The meter's retailer.
    pub retailer: String,
    /// The billing period.
    pub period: u32,
    /// `final`, or `{"advance":{"number":n}}` as JSON.
    pub kind: String,
    /// Due date, unix seconds.
    pub due: u64,
    /// Minor units.
    pub amount: String,
    /// Paid so far, minor units.
    pub paid: String,
    /// `open`, `overdue`, `paid` or `superseded`.
    pub status: String,
}

impl From<Instalment> for InstalmentView {
    fn from(i: Instalment) -> Self {
        InstalmentView {
            key: format!("{}:{}", i.due, i.id),
            kind: name_of(&i.kind),
            status: name_of(&i.status),
            id: i.id,
            meter_id: i.meter_id,
            consumer: i.consumer.into_string(),
            retailer: i.retailer.into_string(),
            period: i.period,
            due: i.due,
            amount: i.amount.to_string(),
            paid: i.paid.to_string(),
        }
    }
}

/// A request to redeem tokens for fiat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RedemptionView {
    /// Its id.
    pub id: u64,
    /// Who asked.
    pub holder: String,
    /// Minor units escrowed.
    pub amount: String,
    /// Where the fiat goes.
    pub payout_account: String,
    /// `requested` or `redeemed`.
    pub status: String,
    /// The bank's payout reference, once redeemed.
    pub payout_reference: Option<String>,
    /// Block time of the request, unix seconds.
    pub requested_at: u64,
}

impl From<Redemption> for RedemptionView {
    fn from(r: Redemption) -> Self {
        RedemptionView {
            id: r.id,
            holder: r.holder.into_string(),
            amount: r.amount.to_string(),
            payout_account: r.payout_account,
            status: name_of(&r.status),
            payout_reference: r.payout_reference,
            requested_at: r.requested_at,
        }
    }
}

/// The bank's running totals.
#[utoipa::path(
    get, path = "/api/bank/totals", tag = "api",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The totals", body = TotalsView),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not a bank operator, the administrator or an auditor (gateway.forbidden)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn totals(
    State(state): State<AppState>,
    _caller: Authorized<BankReaders>,
) -> Result<Json<TotalsView>, ApiError> {
    Ok(Json(state.bank.totals().await?.into()))
}

/// `?start_after=<due>:<id>&limit=`.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverdueQuery {
    /// The `key` (`<due>:<id>`) of the last instalment of the previous page.
    pub start_after: Option<String>,
    /// How many instalments at most.
    pub limit: Option<u32>,
}

/// Overdue instalments, oldest due first, one page.
#[utoipa::path(
    get, path = "/api/bank/overdue", tag = "api",
    security(("bearer" = [])),
    params(OverdueQuery),
    responses(
        (status = 200, description = "One page of overdue instalments", body = Page<InstalmentView>),
        (status = 400, description = "start_after is not `<due>:<id>` (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not a bank operator, the administrator or an auditor (gateway.forbidden)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn overdue(
    State(state): State<AppState>,
    _caller: Authorized<BankReaders>,
    Query(query): Query<OverdueQuery>,
) -> Result<Json<Page<InstalmentView>>, ApiError> {
    let start_after = query
        .start_after
        .as_deref()
        .map(|key| {
            key.split_once(':')
                .and_then(|(due, id)| Some((due.parse().ok()?, id.parse().ok()?)))
                .ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "start_after must be an instalment's key `<due>:<id>`, not '{key}'"
                    ))
                })
        })
        .transpose()?;
    let page = PageQuery {
        start_after: None,
        limit: query.limit,
    };
    let response = state.bank.overdue(start_after, page.limit()).await?;
    Ok(Json(Page {
        items: response
            .instalments
            .into_iter()
            .map(InstalmentView::from)
            .collect(),
        has_more: response.has_more,
    }))
}

/// Redemption requests in id order, one page (`start_after` is an id).
#[utoipa::path(
    get, path = "/api/bank/redemptions", tag = "api",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of redemption requests", body = Page<RedemptionView>),
        (status = 400, description = "start_after is not an id (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not a bank operator, the administrator or an auditor (gateway.forbidden)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn redemptions(
    State(state): State<AppState>,
    _caller: Authorized<BankReaders>,
    Query(page): Query<PageQuery>,
) -> Result<Json<Page<RedemptionView>>, ApiError> {
    let start_after = page
        .start_after
        .as_deref()
        .map(str::parse::<u64>)
        .transpose()
        .map_err(|_| ApiError::bad_request("start_after must be a redemption id"))?;
    let response = state.bank.redemptions(start_after, page.limit()).await?;
    Ok(Json(Page {
        items: response
            .redemptions
            .into_iter()
            .map(RedemptionView::from)
            .collect(),
        has_more: response.has_more,
    }))
}
