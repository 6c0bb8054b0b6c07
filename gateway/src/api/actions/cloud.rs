//! The cloud federation's actions, signed by the organisation's gateway: a cloud user
//! requests a host of a provider's instance type, escrowing the organisation's tokens; the
//! provider's administrator accepts or rejects a request; either side releases a lease.

use axum::Json;
use axum::extract::Path;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::actions::{self, Actor, CloudMember, CloudProvider, CloudUser, TxReceipt};
use crate::error::{ApiError, ErrorBody};
use crate::json::ApiJson;
use crate::signer::Action;

/// A host to request.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaseRequest {
    /// The providing organisation's id.
    pub provider: String,
    /// An instance type of its price list in force.
    pub instance_type: String,
    /// How long the host is held, seconds.
    pub holding_seconds: u64,
    /// Minor units of the settlement token sent into the lease's escrow, as a decimal string:
    /// at least the contract's minimum prepaid time at the type's price.
    pub escrow: String,
}

/// A requested lease.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LeaseRequested {
    /// The transaction's hash (hex).
    pub tx_hash: String,
    /// The block that includes it.
    pub height: u64,
    /// The new lease's id, as the contract reported it.
    pub lease_id: Option<u64>,
}

/// Why a request is rejected.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    /// Kept with the lease.
    pub reason: String,
}

fn lease_id(id: &str) -> Result<u64, ApiError> {
    id.parse()
        .map_err(|_| ApiError::bad_request("a lease's id is a whole number"))
}

/// Requests a host for the caller's organisation. Cloud users of this gateway's
/// organisation.
#[utoipa::path(
    post, path = "/api/cloud/leases", tag = "actions",
    security(("bearer" = [])),
    request_body = LeaseRequest,
    responses(
        (status = 200, description = "Requested", body = LeaseRequested),
        (status = 400, description = "A body that does not parse, an empty provider or type, no holding time, an escrow not a positive amount (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not a cloud user of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 404, description = "No cloud federation in this ledger (gateway.not_deployed)", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. cloud.unknown_instance_type, cloud.over_quota, cloud.escrow_too_small), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn request(
    actor: Actor<CloudUser>,
    ApiJson(request): ApiJson<LeaseRequest>,
) -> Result<Json<LeaseRequested>, ApiError> {
    if request.holding_seconds == 0 {
        return Err(ApiError::bad_request(
            "holding_seconds must be more than zero",
        ));
    }
    let action = Action::RequestInstance {
        provider: actions::required("provider", &request.provider)?,
        instance_type: actions::required("instance_type", &request.instance_type)?,
        holding_seconds: request.holding_seconds,
        escrow: actions::amount(&request.escrow)?,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(LeaseRequested {
        lease_id: acted.attribute("lease_id").and_then(|id| id.parse().ok()),
        tx_hash: acted.tx_hash,
        height: acted.height,
    }))
}

/// Accepts a requested lease: it is charged from this block. Cloud providers of this
/// gateway's organisation.
#[utoipa::path(
    post, path = "/api/cloud/leases/{id}/accept", tag = "actions",
    security(("bearer" = [])),
    params(("id" = u64, Path, description = "The lease")),
    responses(
        (status = 200, description = "Accepted", body = TxReceipt),
        (status = 400, description = "An id that is not a number (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not a cloud provider of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. cloud.unknown_lease, cloud.lease_not_requested, cloud.not_organisation_admin), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn accept(
    actor: Actor<CloudProvider>,
    Path(id): Path<String>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::AcceptLease {
        lease_id: lease_id(&id)?,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}

/// Rejects a requested lease with a reason; its escrow goes back. Cloud providers of this
/// gateway's organisation.
#[utoipa::path(
    post, path = "/api/cloud/leases/{id}/reject", tag = "actions",
    security(("bearer" = [])),
    params(("id" = u64, Path, description = "The lease")),
    request_body = RejectRequest,
    responses(
        (status = 200, description = "Rejected", body = TxReceipt),
        (status = 400, description = "An id that is not a number, an empty reason (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not a cloud provider of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. cloud.unknown_lease, cloud.lease_not_requested), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn reject(
    actor: Actor<CloudProvider>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<RejectRequest>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::RejectLease {
        lease_id: lease_id(&id)?,
        reason: actions::required("reason", &request.reason)?,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}

/// Releases a running lease (billed at once) or withdraws a request. Cloud users and
/// providers of this gateway's organisation; the contract checks the organisation is a
/// side of the lease.
#[utoipa::path(
    post, path = "/api/cloud/leases/{id}/release", tag = "actions",
    security(("bearer" = [])),
    params(("id" = u64, Path, description = "The lease")),
    responses(
        (status = 200, description = "Released", body = TxReceipt),
        (status = 400, description = "An id that is not a number (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), neither cloud user nor provider of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. cloud.unknown_lease, cloud.not_lease_party), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn release(
    actor: Actor<CloudMember>,
    Path(id): Path<String>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::ReleaseLease {
        lease_id: lease_id(&id)?,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}
