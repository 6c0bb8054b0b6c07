//! The registry's actions: blacklisting, and the status of participants and meters.

use axum::Json;
use axum::extract::{Path, State};
use ledger_types::admin::{MeterStatus, ParticipantStatus};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::actions::{self, Actor, Administrator, BlacklisterOrAdmin, TxReceipt};
use crate::error::{ApiError, ErrorBody};
use crate::json::ApiJson;
use crate::signer::Action;
use crate::state::AppState;

/// A participant to blacklist.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlacklistRequest {
    /// The participant's address.
    pub address: String,
    /// Why, kept in the registry while the blacklisting lasts.
    pub reason: String,
}

/// A participant's new status.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantStatusRequest {
    /// `active` or `suspended`.
    #[schema(value_type = String, example = "suspended")]
    pub status: ParticipantStatus,
}

/// A meter's new status.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeterStatusRequest {
    /// `active`, `suspended` or `retired` (final).
    #[schema(value_type = String, example = "suspended")]
    pub status: MeterStatus,
}

/// Blacklists a participant: her meters' readings and her payments stop everywhere.
/// Blacklisters and the administrator of this gateway's organisation.
#[utoipa::path(
    post, path = "/api/admin/blacklist", tag = "actions",
    security(("bearer" = [])),
    request_body = BlacklistRequest,
    responses(
        (status = 200, description = "Blacklisted", body = TxReceipt),
        (status = 400, description = "A body that does not parse, an address not of this chain, an empty reason (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), neither blacklister nor administrator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 409, description = "Already blacklisted (admin.already_blacklisted)", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. admin.not_blacklister, admin.participant_not_found), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn blacklist(
    State(state): State<AppState>,
    actor: Actor<BlacklisterOrAdmin>,
    ApiJson(request): ApiJson<BlacklistRequest>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::Blacklist {
        address: actions::address(&state, "address", &request.address)?,
        reason: actions::required("reason", &request.reason)?,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}

/// Lifts a participant's blacklisting. Blacklisters and the administrator of this gateway's
/// organisation.
#[utoipa::path(
    delete, path = "/api/admin/blacklist/{address}", tag = "actions",
    security(("bearer" = [])),
    params(("address" = String, Path, description = "The participant's address")),
    responses(
        (status = 200, description = "No longer blacklisted", body = TxReceipt),
        (status = 400, description = "An address not of this chain (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), neither blacklister nor administrator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. admin.not_blacklisted), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn unblacklist(
    State(state): State<AppState>,
    actor: Actor<BlacklisterOrAdmin>,
    Path(address): Path<String>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::Unblacklist {
        address: actions::address(&state, "address", &address)?,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}

/// Suspends or reactivates a participant. The administrator, through her organisation's
/// gateway.
#[utoipa::path(
    post, path = "/api/admin/participants/{address}/status", tag = "actions",
    security(("bearer" = [])),
    params(("address" = String, Path, description = "The participant's address")),
    request_body = ParticipantStatusRequest,
    responses(
        (status = 200, description = "Status set", body = TxReceipt),
        (status = 400, description = "A body that does not parse or an unknown status, an address not of this chain (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not the administrator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 409, description = "The status is already that (admin.participant_status_unchanged)", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. admin.participant_not_found, admin.not_admin), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn participant_status(
    State(state): State<AppState>,
    actor: Actor<Administrator>,
    Path(address): Path<String>,
    ApiJson(request): ApiJson<ParticipantStatusRequest>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::SetParticipantStatus {
        address: actions::address(&state, "address", &address)?,
        status: request.status,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}

/// Suspends, reactivates or retires a meter. The administrator, through her organisation's
/// gateway.
#[utoipa::path(
    post, path = "/api/admin/meters/{id}/status", tag = "actions",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meter's id")),
    request_body = MeterStatusRequest,
    responses(
        (status = 200, description = "Status set", body = TxReceipt),
        (status = 400, description = "A body that does not parse or an unknown status (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not the administrator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 409, description = "Unchanged or retired (admin.meter_status_unchanged, admin.meter_retired)", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. admin.meter_not_found), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn meter_status(
    actor: Actor<Administrator>,
    Path(meter_id): Path<String>,
    ApiJson(request): ApiJson<MeterStatusRequest>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::SetMeterStatus {
        meter_id: actions::required("meter id", &meter_id)?,
        status: request.status,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}
