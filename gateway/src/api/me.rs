//! `GET /api/me`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::views::ParticipantView;
use crate::auth::session::Session;
use crate::error::{ApiError, ErrorBody, codes};
use crate::state::AppState;

/// The signed-in caller as the registry has it now.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MeResponse {
    /// The caller's record in the registry (roles and status read now, not at sign-in).
    pub participant: ParticipantView,
    /// The roles the session carries (read at sign-in).
    pub session_roles: Vec<String>,
}

/// The caller's address, name, roles and status, read from the registry.
#[utoipa::path(
    get, path = "/api/me", tag = "api",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = MeResponse),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "No longer a participant (gateway.not_a_participant)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn me(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<MeResponse>, ApiError> {
    let participant = state
        .reads
        .participant(&session.address)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::FORBIDDEN,
                codes::NOT_A_PARTICIPANT,
                format!("{} is no longer a registered participant", session.address),
            )
        })?;
    Ok(Json(MeResponse {
        participant: participant.into(),
        session_roles: session
            .roles
            .iter()
            .map(|r| r.as_str().to_string())
            .collect(),
    }))
}
