//! A meter's usage: `GET /api/meters/{id}/daily` (daily totals, for charts) and
//! `GET /api/meters/{id}/period` (the period running now, so far, and what it would cost if
//! it closed now, under the meter's tariff or another for a what-if).

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::meters::may_see_meter;
use ledger_types::meter::DailyTotal;
use ledger_types::paging::MAX_LIMIT;

use crate::api::paging::Page;
use crate::api::views::LineItemView;
use crate::auth::session::Session;
use crate::chain::DayRange;
use crate::error::{ApiError, ErrorBody};
use crate::json::ApiQuery;
use crate::state::AppState;

/// `?from_day=&to_day=&start_after=&limit=`.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DailyQuery {
    /// The first day index (days since the billing cycle's epoch).
    pub from_day: Option<u64>,
    /// The day index after the last.
    pub to_day: Option<u64>,
    /// The last day index of the previous page.
    pub start_after: Option<u64>,
    /// How many days at most (1 to 100, default 100).
    pub limit: Option<u32>,
}

/// One day of a meter's readings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DailyView {
    /// Day index since the billing cycle's epoch.
    pub day: u64,
    /// The day's start, unix seconds.
    pub day_start: u64,
    /// Energy, Wh.
    pub energy_wh: u64,
    /// Readings counted.
    pub readings: u32,
}

impl From<DailyTotal> for DailyView {
    fn from(d: DailyTotal) -> Self {
        DailyView {
            day: d.day,
            day_start: d.day_start,
            energy_wh: d.energy_wh,
            readings: d.readings,
        }
    }
}

/// A meter's daily totals in day order, one page: for the meter's owner, its retailer, bank
/// operators, the administrator and auditors.
#[utoipa::path(
    get, path = "/api/meters/{id}/daily", tag = "api",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meter's id"), DailyQuery),
    responses(
        (status = 200, description = "One page of days", body = Page<DailyView>),
        (status = 400, description = "A parameter that is not a whole number (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not the meter's owner or retailer, a bank operator, the administrator or an auditor (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "No such meter (admin.meter_not_found), for those who may see every meter", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn daily(
    State(state): State<AppState>,
    session: Session,
    Path(meter_id): Path<String>,
    ApiQuery(query): ApiQuery<DailyQuery>,
) -> Result<Json<Page<DailyView>>, ApiError> {
    may_see_meter(&state, &session, &meter_id).await?;
    let days = DayRange {
        from_day: query.from_day,
        to_day: query.to_day,
        start_after: query.start_after,
        limit: query.limit.unwrap_or(MAX_LIMIT).clamp(1, MAX_LIMIT),
    };
    let response = state.reads.daily(&meter_id, days).await?;
    Ok(Json(Page {
        items: response.days.into_iter().map(DailyView::from).collect(),
        has_more: response.has_more,
    }))
}

/// `?tariff=`.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// Price the period under this tariff instead of the meter's (a what-if).
    pub tariff: Option<String>,
}

/// The period running now, so far, and what it would cost if it closed now; the last month's
/// days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PeriodNowView {
    /// The period's number.
    pub period: u32,
    /// Its start, unix seconds.
    pub start: u64,
    /// Its end, unix seconds.
    pub end: u64,
    /// Energy so far, Wh.
    pub energy_wh: u64,
    /// Highest power so far, W.
    pub max_power_w: u64,
    /// Readings so far.
    pub readings: u32,
    /// Every day of the last 31 up to today, in day order, zero where nothing was read (for
    /// a chart).
    pub recent_days: Vec<DailyView>,
    /// Energy so far by hour of the day (in the tariff's UTC offset), weekdays, Wh.
    pub weekday_hourly_wh: Vec<u64>,
    /// The same for weekends.
    pub weekend_hourly_wh: Vec<u64>,
    /// The tariff that priced it.
    pub tariff_id: String,
    /// The tariff's version in force at the period's start.
    pub tariff_version: u32,
    /// The lines if the period closed now.
    pub lines: Vec<LineItemView>,
    /// Before tax, minor units.
    pub subtotal: String,
    /// Tax, minor units.
    pub tax: String,
    /// Total, minor units.
    pub total: String,
}

/// The meter's current period so far with what it would cost if it closed now: under the
/// meter's tariff, or under `tariff` (a what-if quote). For the meter's owner, its retailer,
/// bank operators, the administrator and auditors.
#[utoipa::path(
    get, path = "/api/meters/{id}/period", tag = "api",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meter's id"), PeriodQuery),
    responses(
        (status = 200, description = "The period so far, priced", body = PeriodNowView),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not the meter's owner or retailer, a bank operator, the administrator or an auditor (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "No such meter (admin.meter_not_found) for those who may see every meter, or no such tariff (tariff.tariff_not_found)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn period(
    State(state): State<AppState>,
    session: Session,
    Path(meter_id): Path<String>,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> Result<Json<PeriodNowView>, ApiError> {
    may_see_meter(&state, &session, &meter_id).await?;
    let tariff = query
        .tariff
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let now = state.reads.period_now(&meter_id, tariff).await?;
    let (usage, quote) = (now.usage, now.quote);
    let mut weekday = vec![0u64; 24];
    let mut weekend = vec![0u64; 24];
    for month in &usage.hourly {
        for hour in 0..24 {
            weekday[hour] = weekday[hour].saturating_add(month.weekday_wh[hour]);
            weekend[hour] = weekend[hour].saturating_add(month.weekend_wh[hour]);
        }
    }
    Ok(Json(PeriodNowView {
        period: usage.period,
        start: usage.start,
        end: usage.end,
        energy_wh: usage.energy_wh,
        max_power_w: usage.max_power_w,
        readings: usage.readings,
        recent_days: now.recent_days.into_iter().map(DailyView::from).collect(),
        weekday_hourly_wh: weekday,
        weekend_hourly_wh: weekend,
        tariff_id: quote.tariff_id,
        tariff_version: quote.version,
        lines: quote.lines.into_iter().map(LineItemView::from).collect(),
        subtotal: quote.subtotal.to_string(),
        tax: quote.tax.to_string(),
        total: quote.total.to_string(),
    }))
}
