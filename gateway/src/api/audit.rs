//! The audit log: `GET /api/audit` (one page), `GET /api/audit/export` (CSV), and
//! `GET /api/index/status` (how far the index has followed the chain). Each takes `region`
//! for a regional sub-chain's log instead of the main chain's.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::Response;
use ledger_types::paging::{DEFAULT_LIMIT, MAX_LIMIT};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::session::{AdminOrAuditor, Authorized, Session};
use crate::error::{ApiError, ErrorBody, codes};
use crate::index::Index;
use crate::index::events::{Attribute, EventRow};
use crate::index::follow::blocking;
use crate::index::store::{EventKey, Filter};
use crate::json::ApiQuery;
use crate::state::AppState;

/// The most rows one export holds; a longer log is exported in parts with `after`.
pub const EXPORT_MAX_ROWS: usize = 100_000;
/// Set to `true` on an export cut at [`EXPORT_MAX_ROWS`].
pub const TRUNCATED_HEADER: &str = "x-export-truncated";
/// On a cut export: the `after` that continues it.
pub const NEXT_HEADER: &str = "x-export-next";

/// `?region=&contract=&action=&actor=&tx=&from_height=&to_height=&after=&limit=`.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// A regional sub-chain's log (its name in the deployment, `region-1`); the main chain's
    /// when absent.
    pub region: Option<String>,
    /// The contract: its name in the deployment (`registry`, `bank`, `meter`, ...) or its address.
    pub contract: Option<String>,
    /// The event's `action` attribute.
    pub action: Option<String>,
    /// The address that signed the transaction's message.
    pub actor: Option<String>,
    /// The transaction's hash (hex, any case).
    pub tx: Option<String>,
    /// From this block height, inclusive.
    pub from_height: Option<u64>,
    /// To this block height, inclusive.
    pub to_height: Option<u64>,
    /// The `next` of the previous page (opaque).
    pub after: Option<String>,
    /// How many events at most (30 by default, at most 100); the export ignores it.
    pub limit: Option<u32>,
}

impl AuditQuery {
    fn filter(&self) -> Result<Filter, ApiError> {
        let after = self
            .after
            .as_deref()
            .map(str::parse::<EventKey>)
            .transpose()
            .map_err(ApiError::bad_request)?;
        let blank = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
        Ok(Filter {
            contract: blank(&self.contract),
            action: blank(&self.action),
            actor: blank(&self.actor),
            tx: blank(&self.tx),
            from_height: self.from_height,
            to_height: self.to_height,
            after,
        })
    }
}

/// One contract event of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuditEvent {
    /// Its place in the log (opaque): `after` for the events that follow it.
    pub cursor: String,
    /// Block height.
    pub height: u64,
    /// Block time, unix seconds.
    pub time: u64,
    /// The transaction's hash (upper-case hex).
    pub tx_hash: String,
    /// The transaction's index in its block.
    pub tx_index: u32,
    /// The event's index among the transaction's events.
    pub event_index: u32,
    /// Who signed the message that caused it.
    pub actor: Option<String>,
    /// The contract's address.
    pub contract: String,
    /// The contract's name in the deployment (`registry`, `bank`, ...).
    pub contract_name: String,
    /// The event's type: `wasm`, or `wasm-<name>` for a contract's own events.
    pub kind: String,
    /// Its `action` attribute.
    pub action: Option<String>,
    /// Every attribute in the order the contract emitted them.
    pub attributes: Vec<Attribute>,
}

impl From<EventRow> for AuditEvent {
    fn from(row: EventRow) -> Self {
        AuditEvent {
            cursor: row.key().to_string(),
            height: row.height,
            time: row.time,
            tx_hash: row.tx_hash,
            tx_index: row.tx_index,
            event_index: row.event_index,
            actor: row.actor,
            contract: row.contract,
            contract_name: row.contract_name,
            kind: row.kind,
            action: row.action,
            attributes: row.attributes,
        }
    }
}

/// One page of the audit log, oldest first.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditPage {
    /// The events.
    pub items: Vec<AuditEvent>,
    /// More events match: ask again with `after` set to `next`.
    pub has_more: bool,
    /// The cursor of the last event of the page.
    pub next: Option<String>,
}

/// How far the index has followed the chain.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct IndexStatusView {
    /// The last block height the index holds in full (0: none yet).
    pub indexed_height: u64,
    /// The node's latest height when the index last asked (0: not yet answered).
    pub chain_height: u64,
    /// Blocks the index is behind.
    pub lag: u64,
    /// Height ranges the node had pruned before the index read them: their events are not
    /// in the log.
    pub skipped: Vec<[u64; 2]>,
    /// The regional sub-chains the gateway keeps a log of, by name (for `region`).
    pub regions: Vec<String>,
}

/// `?region=`.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionQuery {
    /// A regional sub-chain (its name in the deployment); the main chain when absent.
    pub region: Option<String>,
}

/// The index of `region` (the main chain's for `None` or an empty name), or 404
/// `gateway.unknown_region`.
fn index_of<'a>(state: &'a AppState, region: Option<&str>) -> Result<&'a Index, ApiError> {
    match region.filter(|r| !r.is_empty()) {
        None => Ok(&state.index),
        Some(region) => state.regions.get(region).ok_or_else(|| {
            let known: Vec<&String> = state.regions.keys().collect();
            ApiError::unknown_region(region, &known)
        }),
    }
}

fn index_failed(error: anyhow::Error) -> ApiError {
    tracing::error!(error = %format!("{error:#}"), "the event index failed");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        codes::INTERNAL,
        "the event index could not be read",
    )
}

/// The audit log's contract events in chain order, filtered, one page. Administrator and
/// auditors only.
#[utoipa::path(
    get, path = "/api/audit", tag = "api",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of events", body = AuditPage),
        (status = 400, description = "A malformed parameter or cursor (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Neither administrator nor auditor (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "No such region (gateway.unknown_region)", body = ErrorBody),
        (status = 500, description = "gateway.internal", body = ErrorBody),
    )
)]
pub async fn audit(
    State(state): State<AppState>,
    _caller: Authorized<AdminOrAuditor>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let filter = query.filter()?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize;
    let store = index_of(&state, query.region.as_deref())?.store.clone();
    let (rows, has_more) = blocking(move || store.search(&filter, limit))
        .await
        .map_err(index_failed)?;
    let next = rows.last().map(|r| r.key().to_string());
    Ok(Json(AuditPage {
        items: rows.into_iter().map(AuditEvent::from).collect(),
        has_more,
        next,
    }))
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 11] = [
    "height",
    "time",
    "tx_hash",
    "tx_index",
    "event_index",
    "actor",
    "contract",
    "contract_name",
    "kind",
    "action",
    "attributes",
];

/// `rows` as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or
/// line break, quotes doubled), with a header row; attributes as a JSON list.
pub fn to_csv(rows: &[EventRow]) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(CSV_HEADER)?;
    for row in rows {
        let attributes = serde_json::to_string(&row.attributes)?;
        writer.write_record([
            row.height.to_string().as_str(),
            &row.time.to_string(),
            &row.tx_hash,
            &row.tx_index.to_string(),
            &row.event_index.to_string(),
            row.actor.as_deref().unwrap_or(""),
            &row.contract,
            &row.contract_name,
            &row.kind,
            row.action.as_deref().unwrap_or(""),
            &attributes,
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("finishing the CSV: {}", e.error()))
}

/// The audit log's events matching the same filters as `/api/audit`, as CSV with a header
/// row, oldest first, at most 100,000 rows: a longer answer is cut and says so in its
/// `x-export-truncated: true` header, with `x-export-next` the `after` that continues it.
/// Administrator and auditors only.
#[utoipa::path(
    get, path = "/api/audit/export", tag = "api",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "The events as CSV (RFC 4180)", content_type = "text/csv"),
        (status = 400, description = "A malformed parameter or cursor (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Neither administrator nor auditor (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "No such region (gateway.unknown_region)", body = ErrorBody),
        (status = 500, description = "gateway.internal", body = ErrorBody),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    _caller: Authorized<AdminOrAuditor>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Response, ApiError> {
    let filter = query.filter()?;
    let store = index_of(&state, query.region.as_deref())?.store.clone();
    let (bytes, truncated, next) = blocking(move || {
        let (rows, truncated) = store.search(&filter, EXPORT_MAX_ROWS)?;
        let next = rows.last().map(|r| r.key().to_string());
        Ok((to_csv(&rows)?, truncated, next))
    })
    .await
    .map_err(index_failed)?;
    let mut response = Response::builder()
        .header(CONTENT_TYPE, "text/csv; charset=utf-8")
        .header(CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\"");
    if truncated {
        response = response.header(TRUNCATED_HEADER, "true");
        if let Some(next) = next {
            response = response.header(NEXT_HEADER, next);
        }
    }
    response
        .body(Body::from(bytes))
        .map_err(|e| index_failed(e.into()))
}

/// How far the event index has followed the chain. Anyone signed in.
#[utoipa::path(
    get, path = "/api/index/status", tag = "api",
    security(("bearer" = [])),
    params(RegionQuery),
    responses(
        (status = 200, description = "The index's progress", body = IndexStatusView),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "No longer a participant in good standing", body = ErrorBody),
        (status = 404, description = "No such region (gateway.unknown_region)", body = ErrorBody),
        (status = 500, description = "gateway.internal", body = ErrorBody),
    )
)]
pub async fn index_status(
    State(state): State<AppState>,
    _session: Session,
    ApiQuery(query): ApiQuery<RegionQuery>,
) -> Result<Json<IndexStatusView>, ApiError> {
    let index = index_of(&state, query.region.as_deref())?;
    let store = index.store.clone();
    let skipped = blocking(move || store.skipped())
        .await
        .map_err(index_failed)?;
    let status = &index.status;
    Ok(Json(IndexStatusView {
        indexed_height: status.indexed(),
        chain_height: status.chain(),
        lag: status.lag(),
        skipped: skipped.into_iter().map(|(a, b)| [a, b]).collect(),
        regions: state.regions.keys().cloned().collect(),
    }))
}
