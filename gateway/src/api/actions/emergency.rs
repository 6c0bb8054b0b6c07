//! The emergency pause through the organisation's gateway: a guardian or the administrator
//! pauses one of the main chain's contracts with a reason; the administrator resumes it. A
//! paused contract refuses every change until then, so the reason is required: it is what
//! every participant reads in `/api/contracts`.

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::actions::{self, Actor, Administrator, GuardianOrAdmin, TxReceipt};
use crate::api::contracts::kind;
use crate::contract_kinds::Chain;
use crate::error::{ApiError, ErrorBody};
use crate::json::ApiJson;
use crate::signer::Action;
use crate::state::AppState;

/// Why a contract is paused.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PauseRequest {
    /// Kept on chain with the pause and shown to every participant.
    pub reason: String,
}

/// The address of the main chain's contract `name`, refused when it has no emergency pause,
/// is a meter contract, or is not deployed.
fn pausable(state: &AppState, name: &str) -> Result<String, ApiError> {
    let kind = kind(name)?;
    if !kind.pausable {
        return Err(ApiError::bad_request(format!(
            "the {name} contract has no emergency pause"
        )));
    }
    if kind.chain == Chain::PerMeter {
        return Err(ApiError::bad_request(
            "a consumer's meter contract is paused with `ledger admin pause --contract meter \
             --meter ID`, on the chain it lives on",
        ));
    }
    state
        .contracts
        .address_of(None, name)
        .ok_or_else(|| ApiError::not_deployed(name))
}

/// Pauses a contract of the main chain: it refuses every change until the administrator
/// resumes it. Guardians and the administrator of this gateway's organisation.
#[utoipa::path(
    post, path = "/api/admin/contracts/{name}/pause", tag = "actions",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The contract's kind: registry, tariff, bank, token, draft, loan_share, cloud_federation, park_market, park_certificates, park_credits or park_footprints")),
    request_body = PauseRequest,
    responses(
        (status = 200, description = "Paused", body = TxReceipt),
        (status = 400, description = "An empty reason, or a contract without an emergency pause, or a meter contract (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), neither guardian nor administrator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 404, description = "gateway.unknown_contract, gateway.not_deployed", body = ErrorBody),
        (status = 409, description = "Already paused (common.pause_unchanged)", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. common.not_guardian when this gateway's key may not pause), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn pause(
    State(state): State<AppState>,
    actor: Actor<GuardianOrAdmin>,
    Path(name): Path<String>,
    ApiJson(request): ApiJson<PauseRequest>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::SetPaused {
        contract: pausable(&state, &name)?,
        reason: Some(actions::required("reason", &request.reason)?),
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}

/// Resumes a paused contract of the main chain. The administrator, through her
/// organisation's gateway.
#[utoipa::path(
    post, path = "/api/admin/contracts/{name}/resume", tag = "actions",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The contract's kind, as for pausing")),
    responses(
        (status = 200, description = "Running again", body = TxReceipt),
        (status = 400, description = "A contract without an emergency pause, or a meter contract (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not the administrator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 404, description = "gateway.unknown_contract, gateway.not_deployed", body = ErrorBody),
        (status = 409, description = "Not paused (common.pause_unchanged)", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. common.not_admin_to_unpause when this gateway's key may not resume), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn resume(
    State(state): State<AppState>,
    actor: Actor<Administrator>,
    Path(name): Path<String>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::SetPaused {
        contract: pausable(&state, &name)?,
        reason: None,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}
