//! `GET /api/meters`, `GET /api/meters/{id}/bills` and `GET /api/meters/{id}/instalments`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use ledger_types::admin::{self, MeterInfo, Role};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::bank::InstalmentView;
use crate::api::paging::{Page, PageQuery};
use crate::api::views::{BillView, MeterView};
use crate::auth::session::Session;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Roles that see every meter.
const SEE_ALL_METERS: &[Role] = &[Role::Admin, Role::Auditor];
/// Roles that see every meter's bills (beside the meter's owner and its retailer).
pub(crate) const SEE_ALL_BILLS: &[Role] = &[Role::Admin, Role::Auditor, Role::BankOperator];

/// `?owner=&start_after=&limit=`.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MetersQuery {
    /// Only this owner's meters (administrator and auditors; a consumer sees her own).
    pub owner: Option<String>,
    /// The id of the last meter of the previous page.
    pub start_after: Option<String>,
    /// How many meters at most.
    pub limit: Option<u32>,
}

/// Meters in id order, one page: the administrator and auditors see all (or one owner's
/// with `owner`), a consumer her own.
#[utoipa::path(
    get, path = "/api/meters", tag = "api",
    security(("bearer" = [])),
    params(MetersQuery),
    responses(
        (status = 200, description = "One page of meters", body = Page<MeterView>),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not a consumer, administrator or auditor, or another owner's meters (gateway.forbidden)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn meters(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<MetersQuery>,
) -> Result<Json<Page<MeterView>>, ApiError> {
    let owner = if session.has_any(SEE_ALL_METERS) {
        query.owner
    } else if session.has(Role::Consumer) {
        match query.owner {
            Some(owner) if owner != session.address => {
                return Err(ApiError::forbidden("a consumer sees only her own meters"));
            }
            _ => Some(session.address.clone()),
        }
    } else {
        return Err(ApiError::forbidden(
            "meters are listed for consumers (their own), the administrator and auditors",
        ));
    };
    let page = PageQuery {
        start_after: query.start_after,
        limit: query.limit,
    };
    let response = state
        .reads
        .meters(owner, page.start_after.clone(), page.limit())
        .await?;
    Ok(Json(Page {
        items: response.meters.into_iter().map(MeterView::from).collect(),
        has_more: response.has_more,
    }))
}

/// A meter's bills in period order, one page (`start_after` is a period number): for the
/// meter's owner, its retailer, bank operators, the administrator and auditors.
#[utoipa::path(
    get, path = "/api/meters/{id}/bills", tag = "api",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meter's id"), PageQuery),
    responses(
        (status = 200, description = "One page of bills", body = Page<BillView>),
        (status = 400, description = "start_after is not a period number (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not the meter's owner or retailer, a bank operator, the administrator or an auditor (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "No such meter (admin.meter_not_found), for those who may see every meter", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn bills(
    State(state): State<AppState>,
    session: Session,
    Path(meter_id): Path<String>,
    Query(page): Query<PageQuery>,
) -> Result<Json<Page<BillView>>, ApiError> {
    let start_after = page
        .start_after
        .as_deref()
        .map(str::parse::<u32>)
        .transpose()
        .map_err(|_| ApiError::bad_request("start_after must be a period number"))?;
    may_see_meter(&state, &session, &meter_id).await?;
    let response = state
        .reads
        .bills(&meter_id, start_after, page.limit())
        .await?;
    Ok(Json(Page {
        items: response.bills.into_iter().map(BillView::from).collect(),
        has_more: response.has_more,
    }))
}

/// The meter, unless `session` may not see `meter_id`'s bills and instalments: she may if
/// she is its owner, its retailer, or holds a role that sees every meter's.
pub(crate) async fn may_see_meter(
    state: &AppState,
    session: &Session,
    meter_id: &str,
) -> Result<MeterInfo, ApiError> {
    let sees_all = session.has_any(SEE_ALL_BILLS);
    let refused = || {
        ApiError::forbidden(format!(
            "the bills and instalments of meter {meter_id} are not yours to see"
        ))
    };
    let Some(meter) = state.reads.meter(meter_id).await? else {
        // Only those who may see every meter learn whether an id exists.
        return Err(if sees_all {
            ApiError::new(
                StatusCode::NOT_FOUND,
                admin::codes::METER_NOT_FOUND,
                format!("no meter {meter_id} in the registry"),
            )
        } else {
            refused()
        });
    };
    let related =
        meter.owner.as_str() == session.address || meter.retailer.as_str() == session.address;
    if sees_all || related {
        Ok(meter)
    } else {
        Err(refused())
    }
}

/// A meter's instalments (advances and final ones) in id order, one page (`start_after` is
/// an instalment id): for the meter's owner, its retailer, bank operators, the
/// administrator and auditors.
#[utoipa::path(
    get, path = "/api/meters/{id}/instalments", tag = "api",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meter's id"), PageQuery),
    responses(
        (status = 200, description = "One page of instalments", body = Page<InstalmentView>),
        (status = 400, description = "start_after is not an instalment id (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not the meter's owner or retailer, a bank operator, the administrator or an auditor (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "No such meter (admin.meter_not_found), for those who may see every meter", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn instalments(
    State(state): State<AppState>,
    session: Session,
    Path(meter_id): Path<String>,
    Query(page): Query<PageQuery>,
) -> Result<Json<Page<InstalmentView>>, ApiError> {
    let start_after = page
        .start_after
        .as_deref()
        .map(str::parse::<u64>)
        .transpose()
        .map_err(|_| ApiError::bad_request("start_after must be an instalment id"))?;
    may_see_meter(&state, &session, &meter_id).await?;
    let response = state
        .bank
        .instalments(&meter_id, start_after, page.limit())
        .await?;
    Ok(Json(Page {
        items: response
            .instalments
            .into_iter()
            .map(InstalmentView::from)
            .collect(),
        has_more: response.has_more,
    }))
}
