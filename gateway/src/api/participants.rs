//! `GET /api/participants`.

use axum::Json;
use axum::extract::{Query, State};

use crate::api::paging::{Page, PageQuery};
use crate::api::views::ParticipantView;
use crate::auth::session::{AdminOrAuditor, Authorized};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Participants in address order, one page. Administrator and auditors only.
#[utoipa::path(
    get, path = "/api/participants", tag = "api",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of participants", body = Page<ParticipantView>),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Neither administrator nor auditor (gateway.forbidden)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn participants(
    State(state): State<AppState>,
    _caller: Authorized<AdminOrAuditor>,
    Query(page): Query<PageQuery>,
) -> Result<Json<Page<ParticipantView>>, ApiError> {
    let response = state
        .reads
        .participants(page.start_after.clone(), page.limit())
        .await?;
    Ok(Json(Page {
        items: response
            .participants
            .into_iter()
            .map(ParticipantView::from)
            .collect(),
        has_more: response.has_more,
    }))
}
