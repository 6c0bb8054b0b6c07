//! A retailer's tariffs, signed by her organisation's gateway: defining a tariff with its
//! first version, and adding a version that takes effect later. The parts of a version are
//! the tariff contract's own (`/api/contracts/tariff/schema`, `TariffComponents`): fixed
//! charge, flat rate, tiers, time of use, demand charge, minimum, tax.

use axum::Json;
use axum::extract::Path;
use ledger_types::tariff::TariffComponents;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::api::actions::{self, Actor, RetailerOrAdmin, TxReceipt};
use crate::contract_kinds::strict;
use crate::error::{ApiError, ErrorBody};
use crate::json::ApiJson;
use crate::signer::Action;

/// A new tariff and its first version.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTariff {
    /// Its id.
    pub tariff_id: String,
    /// Its name.
    pub name: String,
    /// Minutes east of UTC in which its hours, weekdays and months are read.
    pub utc_offset_minutes: i32,
    /// The first version's parts, as the tariff contract takes them.
    #[schema(value_type = Object)]
    pub components: Value,
    /// When the first version applies, unix seconds.
    pub effective_from: u64,
}

/// A new version of a tariff.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewVersion {
    /// The version's parts, as the tariff contract takes them.
    #[schema(value_type = Object)]
    pub components: Value,
    /// When it applies, unix seconds: after the latest version's start, and not before the
    /// block it lands in.
    pub effective_from: u64,
}

/// Defines a tariff with its first version. Retailers (and the administrator) of this
/// gateway's organisation; the tariff belongs to the signer.
#[utoipa::path(
    post, path = "/api/tariffs", tag = "actions",
    security(("bearer" = [])),
    request_body = NewTariff,
    responses(
        (status = 200, description = "Defined", body = TxReceipt),
        (status = 400, description = "A body that does not parse (the parts are the contract's `TariffComponents`), an empty id or name (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), neither retailer nor administrator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 409, description = "The id is taken (tariff.tariff_exists)", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. tariff.empty_tariff, tariff.retroactive_version, tariff.owner_not_retailer), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn create(
    actor: Actor<RetailerOrAdmin>,
    ApiJson(request): ApiJson<NewTariff>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::CreateTariff {
        tariff_id: actions::required("tariff_id", &request.tariff_id)?,
        name: actions::required("name", &request.name)?,
        utc_offset_minutes: request.utc_offset_minutes,
        components: components(request.components)?,
        effective_from: request.effective_from,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}

/// A version's parts as the contract's type, a field it does not have refused rather than
/// dropped.
fn components(value: Value) -> Result<Box<TariffComponents>, ApiError> {
    strict::<TariffComponents>(value)
        .map(Box::new)
        .map_err(|e| {
            ApiError::bad_request(format!(
                "components are not the tariff contract's ({e}); see \
                 /api/contracts/tariff/schema"
            ))
        })
}

/// Adds a version to a tariff. The tariff's owner (a retailer) or the administrator,
/// through their organisation's gateway.
#[utoipa::path(
    post, path = "/api/tariffs/{id}/versions", tag = "actions",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The tariff")),
    request_body = NewVersion,
    responses(
        (status = 200, description = "Added", body = TxReceipt),
        (status = 400, description = "A body that does not parse (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), neither retailer nor administrator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. tariff.tariff_not_found, tariff.not_tariff_owner, tariff.effective_from_not_after_latest), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn add_version(
    actor: Actor<RetailerOrAdmin>,
    Path(tariff_id): Path<String>,
    ApiJson(request): ApiJson<NewVersion>,
) -> Result<Json<TxReceipt>, ApiError> {
    let action = Action::AddTariffVersion {
        tariff_id: actions::required("tariff id", &tariff_id)?,
        components: components(request.components)?,
        effective_from: request.effective_from,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(TxReceipt::from(&acted)))
}
