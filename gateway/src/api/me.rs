//! `GET /api/me`.

use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::views::ParticipantView;
use crate::auth::session::Session;
use crate::error::{ApiError, ErrorBody};

/// The signed-in caller as the registry has it now.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MeResponse {
    /// The caller's record in the registry, read for this request.
    pub participant: ParticipantView,
}

/// The caller's address, name, roles and status, read from the registry.
#[utoipa::path(
    get, path = "/api/me", tag = "api",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = MeResponse),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "No longer a participant in good standing (gateway.not_a_participant, gateway.suspended, gateway.blacklisted)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn me(session: Session) -> Result<Json<MeResponse>, ApiError> {
    Ok(Json(MeResponse {
        participant: session.participant.into(),
    }))
}
