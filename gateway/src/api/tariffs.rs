//! `GET /api/tariffs` (tariffs with their owners and versions' dates) and
//! `GET /api/tariffs/{id}/versions/{version}` (one version's prices): the published terms,
//! for any signed-in participant.

use axum::Json;
use axum::extract::{Path, Query, State};
use ledger_types::tariff::{TariffComponents, TariffVersion};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::paging::{Page, PageQuery};
use crate::auth::session::Session;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use crate::tariff_reads::OwnedTariff;

/// When a version of a tariff takes effect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VersionStartView {
    /// The version, counting from 1.
    pub version: u32,
    /// Unix seconds from which it prices periods that start then or later.
    pub effective_from: u64,
}

/// A tariff: its name, the time zone its hours are read in, its retailer and its versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TariffView {
    /// The tariff's id.
    pub tariff_id: String,
    /// Its name.
    pub name: String,
    /// UTC offset its time-of-use hours are read in, minutes east.
    pub utc_offset_minutes: i32,
    /// The retailer that owns it (`None` for a tariff created before owners were recorded).
    pub owner: Option<String>,
    /// Its versions in order.
    pub versions: Vec<VersionStartView>,
}

impl From<OwnedTariff> for TariffView {
    fn from(t: OwnedTariff) -> Self {
        TariffView {
            versions: (1u32..)
                .zip(&t.info.effective_from)
                .map(|(version, at)| VersionStartView {
                    version,
                    effective_from: *at,
                })
                .collect(),
            tariff_id: t.info.tariff_id,
            name: t.info.name,
            utc_offset_minutes: t.info.utc_offset_minutes,
            owner: t.owner,
        }
    }
}

/// One block of a tiered price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TierView {
    /// The period's cumulative energy this block reaches, Wh; `None` for the last block.
    pub up_to_wh: Option<u64>,
    /// Minor units per MWh.
    pub price_per_mwh: String,
}

/// A time-of-use band.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BandView {
    /// Its name on bills ("peak", "off-peak", ...).
    pub name: String,
    /// Minor units per MWh.
    pub price_per_mwh: String,
}

/// Prices by month, hour and day type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TimeOfUseView {
    /// The bands, indexed by the tables.
    pub bands: Vec<BandView>,
    /// 12 rows (January first) of 24 band indices (hour 0 first), Monday to Friday.
    pub weekday: Vec<Vec<u8>>,
    /// The same for Saturdays and Sundays.
    pub weekend: Vec<Vec<u8>>,
}

/// One version of a tariff: every price it charges. Amounts are minor units as decimal
/// strings; a component the version does not charge is absent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TariffVersionView {
    /// The tariff's id.
    pub tariff_id: String,
    /// The version, counting from 1.
    pub version: u32,
    /// Unix seconds from which it applies.
    pub effective_from: u64,
    /// Per billing period.
    pub fixed_charge: Option<String>,
    /// One price for all energy, per MWh.
    pub flat_rate_per_mwh: Option<String>,
    /// Block prices over the period's energy, ascending (empty when not tiered).
    pub tiers: Vec<TierView>,
    /// Prices by month, hour and day type.
    pub time_of_use: Option<TimeOfUseView>,
    /// Per kW of the period's highest interval power.
    pub demand_charge_per_kw: Option<String>,
    /// The least the period's charges before tax add up to.
    pub minimum_charge: Option<String>,
    /// Tax on the subtotal, basis points (2000 = 20%).
    pub tax_bps: Option<u16>,
}

impl From<TariffVersion> for TariffVersionView {
    fn from(v: TariffVersion) -> Self {
        let TariffComponents {
            fixed_charge,
            flat_rate,
            tiers,
            time_of_use,
            demand_charge_per_kw,
            minimum_charge,
            tax_bps,
        } = v.components;
        TariffVersionView {
            tariff_id: v.tariff_id,
            version: v.version,
            effective_from: v.effective_from,
            fixed_charge: fixed_charge.map(|a| a.to_string()),
            flat_rate_per_mwh: flat_rate.map(|a| a.to_string()),
            tiers: tiers
                .unwrap_or_default()
                .into_iter()
                .map(|t| TierView {
                    up_to_wh: t.up_to_wh,
                    price_per_mwh: t.price_per_mwh.to_string(),
                })
                .collect(),
            time_of_use: time_of_use.map(|tou| TimeOfUseView {
                bands: tou
                    .band_names
                    .into_iter()
                    .zip(tou.band_prices)
                    .map(|(name, price)| BandView {
                        name,
                        price_per_mwh: price.to_string(),
                    })
                    .collect(),
                weekday: tou.weekday,
                weekend: tou.weekend,
            }),
            demand_charge_per_kw: demand_charge_per_kw.map(|a| a.to_string()),
            minimum_charge: minimum_charge.map(|a| a.to_string()),
            tax_bps,
        }
    }
}

/// Tariffs in id order, one page, each with its retailer and its versions' dates. Any
/// signed-in participant: tariffs are the published terms.
#[utoipa::path(
    get, path = "/api/tariffs", tag = "api",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of tariffs", body = Page<TariffView>),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "No longer a participant in good standing", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn tariffs(
    State(state): State<AppState>,
    _session: Session,
    Query(page): Query<PageQuery>,
) -> Result<Json<Page<TariffView>>, ApiError> {
    let found = state
        .tariffs
        .tariffs(page.start_after.clone(), page.limit())
        .await?;
    Ok(Json(Page {
        items: found.tariffs.into_iter().map(TariffView::from).collect(),
        has_more: found.has_more,
    }))
}

/// One version of a tariff with every price it charges. Any signed-in participant.
#[utoipa::path(
    get, path = "/api/tariffs/{id}/versions/{version}", tag = "api",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The tariff's id"),
        ("version" = u32, Path, description = "The version, counting from 1"),
    ),
    responses(
        (status = 200, description = "The version", body = TariffVersionView),
        (status = 400, description = "The version is not a whole number (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "No longer a participant in good standing", body = ErrorBody),
        (status = 404, description = "No such tariff (tariff.tariff_not_found) or version (tariff.version_not_found)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn version(
    State(state): State<AppState>,
    _session: Session,
    Path((tariff_id, version)): Path<(String, String)>,
) -> Result<Json<TariffVersionView>, ApiError> {
    let version: u32 = version
        .parse()
        .map_err(|_| ApiError::bad_request("the version is a whole number, counting from 1"))?;
    let found = state.tariffs.version(&tariff_id, version).await?;
    Ok(Json(found.into()))
}
