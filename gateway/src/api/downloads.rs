//! XLSX downloads: `GET /api/exports/readings.xlsx` (a meter's readings by day over a month
//! or a billing period) and `GET /api/exports/bills.xlsx` (bills with their instalments and
//! payments), the same workbooks `ledger export` writes.

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::Response;
use ledger_sdk::words::Month;
use ledger_types::admin::{MeterInfo, Role};
use ledger_types::paging::MAX_LIMIT;
use ledger_workbooks::{Span, XLSX_MEDIA_TYPE};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::meters::{SEE_ALL_BILLS, may_see_meter};
use crate::auth::session::Session;
use crate::error::{ApiError, ErrorBody, codes};
use crate::json::ApiQuery;
use crate::state::AppState;

/// The most meters one bills workbook covers; beyond, the caller names the meters.
pub const MAX_EXPORT_METERS: usize = 1_000;

impl From<ledger_workbooks::Error> for ApiError {
    fn from(error: ledger_workbooks::Error) -> Self {
        use ledger_workbooks::Error;
        match error {
            Error::Chain(e) => e.into(),
            Error::NotCalendarDays { .. } | Error::OutOfRange(_) => ApiError::new(
                StatusCode::BAD_REQUEST,
                error.code().unwrap_or(codes::BAD_REQUEST),
                error.to_string(),
            ),
            Error::Write(e) => {
                tracing::error!(error = %e, "workbook not written");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    codes::INTERNAL,
                    "the workbook could not be written",
                )
            }
        }
    }
}

/// `?meter=&month=` or `?meter=&period=`.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReadingsQuery {
    /// The meter's id.
    pub meter: String,
    /// A calendar month, `YYYY-MM`, in the billing cycle's UTC offset (cycles of civil days).
    pub month: Option<String>,
    /// A billing period's number instead of a month (any cycle).
    pub period: Option<u32>,
}

/// A meter's readings by day over a month or a billing period, as an XLSX workbook (sheet
/// "Readings": date, energy in kWh, number of readings, and the total): for the meter's
/// owner, its retailer, bank operators, the administrator and auditors.
#[utoipa::path(
    get, path = "/api/exports/readings.xlsx", tag = "api",
    security(("bearer" = [])),
    params(ReadingsQuery),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "Neither or both of month and period, a malformed month (gateway.bad_request); a month for a cycle of short days (workbooks.not_calendar_days); a span the cycle cannot date (workbooks.out_of_range)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not the meter's owner or retailer, a bank operator, the administrator or an auditor (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "No such meter (admin.meter_not_found), for those who may see every meter", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn readings(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(query): ApiQuery<ReadingsQuery>,
) -> Result<Response, ApiError> {
    let span = match (query.month.as_deref(), query.period) {
        (Some(month), None) => Span::Month(month.parse::<Month>().map_err(ApiError::bad_request)?),
        (None, Some(period)) => Span::Period(period),
        _ => {
            return Err(ApiError::bad_request(
                "give either month (YYYY-MM) or period (a billing period's number)",
            ));
        }
    };
    may_see_meter(&state, &session, &query.meter).await?;
    let export = state.workbooks.readings(&query.meter, span).await?;
    let bytes = ledger_workbooks::write_readings(&export)?;
    let span_name = match span {
        Span::Month(m) => m.to_string(),
        Span::Period(p) => format!("period-{p}"),
    };
    xlsx(
        &format!("readings-{}-{span_name}.xlsx", file_safe(&query.meter)),
        bytes,
    )
}

/// `?meters=`.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BillsQuery {
    /// Meter ids separated by commas. Without it: a consumer's own meters, or every meter
    /// for bank operators, the administrator and auditors.
    pub meters: Option<String>,
}

/// Bills with their instalments and payments as an XLSX workbook (sheet "Bills": a row per
/// instalment with its amount, what was paid and its status; sheet "Payments": a row per
/// payment with its time and source). Each meter named must be one the caller may see.
#[utoipa::path(
    get, path = "/api/exports/bills.xlsx", tag = "api",
    security(("bearer" = [])),
    params(BillsQuery),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "An empty meter id, or more meters than one workbook covers (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "A meter the caller may not see, or no meters named by a caller who sees neither her own nor every meter (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "No such meter (admin.meter_not_found), for those who may see every meter", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn bills(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(query): ApiQuery<BillsQuery>,
) -> Result<Response, ApiError> {
    let meters = match query.meters.as_deref() {
        Some(list) => {
            let mut ids: Vec<&str> = list.split(',').map(str::trim).collect();
            if ids.iter().any(|id| id.is_empty()) {
                return Err(ApiError::bad_request(
                    "meters is a list of meter ids separated by commas, none empty",
                ));
            }
            if ids.len() > MAX_EXPORT_METERS {
                return Err(too_many());
            }
            // A meter named twice is one meter's rows, once.
            let mut seen = std::collections::BTreeSet::new();
            ids.retain(|id| seen.insert(*id));
            let mut meters = Vec::with_capacity(ids.len());
            for id in ids {
                meters.push(may_see_meter(&state, &session, id).await?);
            }
            meters
        }
        None if session.has_any(SEE_ALL_BILLS) => every_meter(&state, None).await?,
        None if session.has(Role::Consumer) => {
            every_meter(&state, Some(session.address.clone())).await?
        }
        None => {
            return Err(ApiError::forbidden(
                "name the meters with ?meters=: without it a consumer gets her own, bank \
                 operators, the administrator and auditors every meter",
            ));
        }
    };
    let export = state.workbooks.bills(&meters).await?;
    xlsx("bills.xlsx", ledger_workbooks::write_bills(&export)?)
}

/// Every registered meter (`owner`'s only, when given), paging through the registry.
async fn every_meter(state: &AppState, owner: Option<String>) -> Result<Vec<MeterInfo>, ApiError> {
    let mut meters: Vec<MeterInfo> = Vec::new();
    loop {
        let start_after = meters.last().map(|m| m.meter_id.clone());
        let page = state
            .reads
            .meters(owner.clone(), start_after, MAX_LIMIT)
            .await?;
        meters.extend(page.meters);
        if meters.len() > MAX_EXPORT_METERS {
            return Err(too_many());
        }
        if !page.has_more {
            return Ok(meters);
        }
    }
}

fn too_many() -> ApiError {
    ApiError::bad_request(format!(
        "a bills workbook covers at most {MAX_EXPORT_METERS} meters: name them with ?meters="
    ))
}

/// `bytes` sent as the XLSX attachment `file_name`.
fn xlsx(file_name: &str, bytes: Vec<u8>) -> Result<Response, ApiError> {
    Response::builder()
        .header(CONTENT_TYPE, XLSX_MEDIA_TYPE)
        .header(
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        )
        .body(Body::from(bytes))
        .map_err(|e| {
            tracing::error!(error = %e, "download not sent");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                codes::INTERNAL,
                "the download could not be sent",
            )
        })
}

/// `name` with only the characters a file name in a header can carry plainly.
fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}
