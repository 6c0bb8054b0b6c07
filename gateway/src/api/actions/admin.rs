//! The registry's actions: blacklisting, the status of participants and meters, and
//! registering meters.

use axum::Json;
use axum::extract::{Path, State};
use cosmwasm_std::{Binary, Uint128};
use ledger_types::admin::{MeterStatus, ParticipantStatus, RegisterMeter};
use ledger_types::meter::MeterKind;
use serde::{Deserialize, Serialize};
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

/// A meter to register.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterMeterRequest {
    /// The meter's id: letters, digits, `.`, `_` and `-`.
    pub meter_id: String,
    /// Its owner, a participant with the consumer role.
    pub owner: String,
    /// Its retailer, a participant with the retailer role; bill payments go to it.
    pub retailer: String,
    /// The meter's compressed secp256k1 public key, 66 hex digits (`meter-client keygen`
    /// prints it).
    pub public_key: String,
    /// A tariff of the tariff contract.
    pub tariff_id: String,
    /// The register value when the meter is installed, Wh.
    #[serde(default)]
    pub initial_register_wh: u64,
    /// Contracted monthly amount, minor units as a decimal string: the estimate behind the
    /// first period's advances ("0" for a generation meter).
    pub contracted_monthly_amount: String,
    /// The region (sub-chain) the meter lives in; a main-chain meter when absent.
    #[serde(default)]
    pub region: Option<String>,
    /// `consumption` (billed; the default) or `generation`.
    #[serde(default)]
    #[schema(value_type = String, example = "consumption")]
    pub kind: MeterKind,
}

/// The answer to a meter's registration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MeterRegistered {
    /// The transaction's hash (hex).
    pub tx_hash: String,
    /// The block that includes it.
    pub height: u64,
    /// The meter contract that keeps its readings (the region's router for a regional
    /// meter), as the registry's event names it.
    pub meter_contract: Option<String>,
}

/// A meter's public key from its hex form: 33 bytes of a compressed secp256k1 point.
pub fn meter_key(hex_key: &str) -> Result<Binary, ApiError> {
    let refused = |why: &str| {
        ApiError::bad_request(format!(
            "public_key must be a compressed secp256k1 public key, 66 hex digits: {why}"
        ))
    };
    let bytes = hex::decode(hex_key.trim()).map_err(|_| refused("it is not hex"))?;
    if bytes.len() != 33 || !matches!(bytes[0], 0x02 | 0x03) {
        return Err(refused("it is not 33 bytes starting with 02 or 03"));
    }
    k256::PublicKey::from_sec1_bytes(&bytes).map_err(|_| refused("it is not on the curve"))?;
    Ok(Binary::from(bytes))
}

/// A whole number of minor units as a decimal string, zero allowed.
fn minor_units(field: &str, text: &str) -> Result<Uint128, ApiError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::bad_request(format!(
            "{field} must be a whole number of minor units as a decimal string, not '{text}'"
        )));
    }
    text.parse::<u128>()
        .map(Uint128::new)
        .map_err(|_| ApiError::bad_request(format!("{field} is too large: '{text}'")))
}

/// Registers a meter with its owner, retailer, public key and tariff; the registry creates
/// the owner's meter contract with her first meter. The administrator, through her
/// organisation's gateway.
#[utoipa::path(
    post, path = "/api/admin/meters", tag = "actions",
    security(("bearer" = [])),
    request_body = RegisterMeterRequest,
    responses(
        (status = 200, description = "Registered", body = MeterRegistered),
        (status = 400, description = "A body that does not parse, an empty id or tariff, an address not of this chain, a public key that is not a compressed secp256k1 point, an amount that is not a decimal string (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not the administrator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 409, description = "The id is taken (admin.meter_exists)", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. admin.participant_not_found, admin.missing_role, tariff.tariff_not_found), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn register_meter(
    State(state): State<AppState>,
    actor: Actor<Administrator>,
    ApiJson(request): ApiJson<RegisterMeterRequest>,
) -> Result<Json<MeterRegistered>, ApiError> {
    let region = match request.region.as_deref().map(str::trim) {
        Some("") | None => None,
        Some(region) => Some(region.to_string()),
    };
    let meter = RegisterMeter {
        meter_id: actions::required("meter_id", &request.meter_id)?,
        owner: actions::address(&state, "owner", request.owner.trim())?,
        retailer: actions::address(&state, "retailer", request.retailer.trim())?,
        pubkey: meter_key(&request.public_key)?,
        tariff_id: actions::required("tariff_id", &request.tariff_id)?,
        initial_register_wh: request.initial_register_wh,
        contracted_monthly_amount: minor_units(
            "contracted_monthly_amount",
            request.contracted_monthly_amount.trim(),
        )?,
        region,
        kind: request.kind,
    };
    let acted = actor.sign(Action::RegisterMeter(Box::new(meter))).await?;
    Ok(Json(MeterRegistered {
        tx_hash: acted.tx_hash.clone(),
        height: acted.height,
        meter_contract: acted.attribute("meter_contract").map(str::to_string),
    }))
}
