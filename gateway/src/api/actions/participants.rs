//! The registry's participants, through the administrator's gateway: registering one with
//! its name and roles, and replacing a participant's roles. The administrator role itself is
//! never granted this way (it moves only by the registry's two-step transfer): the contract
//! refuses it with `admin.admin_role_not_grantable`.

use axum::Json;
use axum::extract::{Path, State};
use ledger_types::admin::Role;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::actions::{self, Actor, Administrator, TxReceipt};
use crate::error::{ApiError, ErrorBody};
use crate::json::ApiJson;
use crate::signer::Action;
use crate::state::AppState;

/// A participant to register.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewParticipant {
    /// Its account address.
    pub address: String,
    /// Its name, as the cabinets show it.
    pub name: String,
    /// Its roles: `bank_operator`, `retailer`, `consumer`, `blacklister`, `auditor`,
    /// `guardian`, `cloud_provider`, `cloud_user`.
    #[schema(value_type = Vec<String>, example = json!(["consumer"]))]
    pub roles: Vec<Role>,
}

/// A participant's new roles, replacing the old.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RolesRequest {
    /// All its roles from now on (none to leave it only a participant).
    #[schema(value_type = Vec<String>, example = json!(["consumer", "cloud_user"]))]
    pub roles: Vec<Role>,
}

/// Registers a participant with its roles. The administrator, through her organisation's
/// gateway.
#[utoipa::path(
    post, path = "/api/admin/participants", tag = "actions",
    security(("bearer" = [])),
    request_body = NewParticipant,
    responses(
        (status = 200, description = "Registered", body = TxReceipt),
        (status = 400, description = "A body that does not parse or an unknown role, an address not of this chain, an empty name (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not the administrator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 409, description = "Already registered (admin.participant_exists)", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. admin.admin_role_not_grantable, admin.not_admin), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    actor: Actor<Administrator>,
    ApiJson(request): ApiJson<NewParticipant>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::RegisterParticipant {
        address: actions::address(&state, "address", &request.address)?,
        name: actions::required("name", &request.name)?,
        roles: request.roles,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}

/// Replaces a participant's roles. The administrator, through her organisation's gateway.
#[utoipa::path(
    post, path = "/api/admin/participants/{address}/roles", tag = "actions",
    security(("bearer" = [])),
    params(("address" = String, Path, description = "The participant's address")),
    request_body = RolesRequest,
    responses(
        (status = 200, description = "Roles set", body = TxReceipt),
        (status = 400, description = "A body that does not parse or an unknown role, an address not of this chain (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not the administrator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. admin.participant_not_found, admin.admin_role_not_grantable), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn roles(
    State(state): State<AppState>,
    actor: Actor<Administrator>,
    Path(address): Path<String>,
    ApiJson(request): ApiJson<RolesRequest>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::SetRoles {
        address: actions::address(&state, "address", &address)?,
        roles: request.roles,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}
