//! `GET /health`: whether the chain node answers, with its latest height and how far the
//! event index trails it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody, codes};
use crate::state::AppState;

/// The gateway is up and the node answers.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// The node's latest block height.
    pub height: u64,
    /// The address that signs this gateway's actions; absent when it is read-only.
    pub signer: Option<String>,
    /// The event index.
    pub index: IndexHealth,
}

/// The event index's progress.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IndexHealth {
    /// The last block height it holds in full (0: none yet).
    pub height: u64,
    /// Blocks it trails the node's latest.
    pub lag: u64,
}

/// 200 with the chain's latest height when the node answers, 503 otherwise.
#[utoipa::path(
    get, path = "/health", tag = "operations",
    responses(
        (status = 200, description = "The node answers", body = Health),
        (status = 503, description = "The node does not answer (gateway.chain_unavailable)", body = ErrorBody),
    )
)]
pub async fn health(State(state): State<AppState>) -> Response {
    match state.reads.latest_height().await {
        Ok(height) => Json(Health {
            status: "ok".to_string(),
            height,
            index: IndexHealth {
                height: state.index.status.indexed(),
                lag: height.saturating_sub(state.index.status.indexed()),
            },
            signer: state.actions.signer_address(),
        })
        .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health: the node does not answer");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                codes::CHAIN_UNAVAILABLE,
                "the chain node does not answer",
            )
            .into_response()
        }
    }
}
