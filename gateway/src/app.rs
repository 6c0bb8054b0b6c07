//! The router: every route, its middleware, and the limits.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::{self, map_response};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::error::{ApiError, codes};
use crate::state::AppState;
use crate::{api, auth, openapi, ops, web};

/// The largest request body accepted.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Every route as (method, path); a test checks the router answers each and that the OpenAPI
/// document lists each but the web pages' ([`WEB_PATHS`]).
pub const ROUTES: &[(&str, &str)] = &[
    ("post", "/auth/challenge"),
    ("post", "/auth/login"),
    ("get", "/api/wallet/chain"),
    ("get", "/api/me"),
    ("get", "/api/participants"),
    ("get", "/api/meters"),
    ("get", "/api/me/holdings"),
    ("get", "/api/live"),
    ("post", "/api/me/transactions/prepare"),
    ("post", "/api/me/transactions"),
    ("get", "/api/meters/{id}/bills"),
    ("get", "/api/meters/{id}/instalments"),
    ("get", "/api/meters/{id}/daily"),
    ("get", "/api/meters/{id}/period"),
    ("get", "/api/tariffs"),
    ("get", "/api/tariffs/{id}/versions/{version}"),
    ("get", "/api/drafts"),
    ("get", "/api/drafts/{id}"),
    ("get", "/api/loans/plans"),
    ("get", "/api/loans/confirmations"),
    ("get", "/api/contracts"),
    ("post", "/api/contracts/{name}/query"),
    ("get", "/api/contracts/{name}/schema"),
    ("get", "/api/exports/readings.xlsx"),
    ("get", "/api/exports/bills.xlsx"),
    ("get", "/api/audit"),
    ("get", "/api/audit/export"),
    ("get", "/api/index/status"),
    ("get", "/api/bank/totals"),
    ("get", "/api/bank/overdue"),
    ("get", "/api/bank/redemptions"),
    ("post", "/api/bank/deposits"),
    ("post", "/api/bank/settle"),
    ("post", "/api/bank/payments"),
    ("post", "/api/bank/redemptions/{id}/redeem"),
    ("post", "/api/admin/blacklist"),
    ("delete", "/api/admin/blacklist/{address}"),
    ("post", "/api/admin/participants"),
    ("post", "/api/admin/participants/{address}/roles"),
    ("post", "/api/admin/participants/{address}/status"),
    ("post", "/api/admin/meters/{id}/status"),
    ("post", "/api/admin/meters"),
    ("post", "/api/admin/contracts/{name}/pause"),
    ("post", "/api/admin/contracts/{name}/resume"),
    ("post", "/api/tariffs"),
    ("post", "/api/tariffs/{id}/versions"),
    ("post", "/api/cloud/leases"),
    ("post", "/api/cloud/leases/{id}/accept"),
    ("post", "/api/cloud/leases/{id}/reject"),
    ("post", "/api/cloud/leases/{id}/release"),
    ("post", "/api/park/offers"),
    ("post", "/api/park/bids"),
    ("delete", "/api/park/orders/{id}"),
    ("get", "/health"),
    ("get", "/metrics"),
    ("get", "/openapi.json"),
    ("get", "/docs"),
    ("get", "/"),
    ("get", "/cabinet"),
    ("get", "/assets/{*file}"),
];

/// The routes of [`ROUTES`] that serve the web cabinets: pages for people, not the JSON API,
/// so outside the OpenAPI document.
pub const WEB_PATHS: &[&str] = &["/", "/cabinet", "/assets/{*file}"];

/// The gateway's router over `state`.
pub fn router(state: AppState) -> Router {
    let auth = Router::new()
        .route("/auth/challenge", post(auth::handlers::challenge))
        .route("/auth/login", post(auth::handlers::login))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            ops::rate_limit::guard,
        ));
    Router::new()
        .merge(auth)
        .route("/api/wallet/chain", get(api::wallet::chain))
        .route("/api/me", get(api::me::me))
        .route("/api/participants", get(api::participants::participants))
        .route("/api/meters", get(api::meters::meters))
        .route("/api/me/holdings", get(api::own::holdings))
        .route("/api/live", get(api::live::live))
        .route("/api/me/transactions/prepare", post(api::own::prepare))
        .route("/api/me/transactions", post(api::own::submit))
        .route("/api/meters/{id}/bills", get(api::meters::bills))
        .route(
            "/api/meters/{id}/instalments",
            get(api::meters::instalments),
        )
        .route("/api/meters/{id}/daily", get(api::usage::daily))
        .route("/api/meters/{id}/period", get(api::usage::period))
        .route(
            "/api/tariffs",
            get(api::tariffs::tariffs).post(api::actions::tariffs::create),
        )
        .route(
            "/api/tariffs/{id}/versions",
            post(api::actions::tariffs::add_version),
        )
        .route(
            "/api/tariffs/{id}/versions/{version}",
            get(api::tariffs::version),
        )
        .route("/api/drafts", get(api::drafts::drafts))
        .route("/api/drafts/{id}", get(api::drafts::draft))
        .route("/api/loans/plans", get(api::loans::plans))
        .route("/api/loans/confirmations", get(api::loans::confirmations))
        .route("/api/contracts", get(api::contracts::contracts))
        .route("/api/contracts/{name}/query", post(api::contracts::query))
        .route("/api/contracts/{name}/schema", get(api::contracts::schema))
        .route("/api/exports/readings.xlsx", get(api::downloads::readings))
        .route("/api/exports/bills.xlsx", get(api::downloads::bills))
        .route("/api/audit", get(api::audit::audit))
        .route("/api/audit/export", get(api::audit::export))
        .route("/api/index/status", get(api::audit::index_status))
        .route("/api/bank/totals", get(api::bank::totals))
        .route("/api/bank/overdue", get(api::bank::overdue))
        .route("/api/bank/redemptions", get(api::bank::redemptions))
        .route("/api/bank/deposits", post(api::actions::bank::deposit))
        .route("/api/bank/settle", post(api::actions::bank::settle))
        .route("/api/bank/payments", post(api::actions::bank::payment))
        .route(
            "/api/bank/redemptions/{id}/redeem",
            post(api::actions::bank::redeem),
        )
        .route("/api/admin/blacklist", post(api::actions::admin::blacklist))
        .route(
            "/api/admin/blacklist/{address}",
            delete(api::actions::admin::unblacklist),
        )
        .route(
            "/api/admin/participants",
            post(api::actions::participants::register),
        )
        .route(
            "/api/admin/participants/{address}/roles",
            post(api::actions::participants::roles),
        )
        .route(
            "/api/admin/participants/{address}/status",
            post(api::actions::admin::participant_status),
        )
        .route(
            "/api/admin/meters",
            post(api::actions::admin::register_meter),
        )
        .route(
            "/api/admin/meters/{id}/status",
            post(api::actions::admin::meter_status),
        )
        .route(
            "/api/admin/contracts/{name}/pause",
            post(api::actions::emergency::pause),
        )
        .route(
            "/api/admin/contracts/{name}/resume",
            post(api::actions::emergency::resume),
        )
        .route("/api/cloud/leases", post(api::actions::cloud::request))
        .route(
            "/api/cloud/leases/{id}/accept",
            post(api::actions::cloud::accept),
        )
        .route(
            "/api/cloud/leases/{id}/reject",
            post(api::actions::cloud::reject),
        )
        .route(
            "/api/cloud/leases/{id}/release",
            post(api::actions::cloud::release),
        )
        .route("/api/park/offers", post(api::actions::park::offer))
        .route("/api/park/bids", post(api::actions::park::bid))
        .route("/api/park/orders/{id}", delete(api::actions::park::cancel))
        .route("/health", get(ops::health::health))
        .route("/metrics", get(ops::metrics::metrics))
        .route("/openapi.json", get(openapi::openapi_json))
        .route("/docs", get(openapi::docs))
        .route("/", get(web::sign_in))
        .route("/cabinet", get(web::cabinet))
        .route("/assets/{*file}", get(web::asset))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            ops::metrics::track,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(map_response(json_too_large))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, "no such endpoint")
}

/// The body limit layer answers an over-long declared body itself, in plain text; this
/// gives that answer the gateway's JSON form.
async fn json_too_large(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::PAYLOAD_TOO_LARGE,
            format!("request bodies are limited to {BODY_LIMIT} bytes"),
        )
        .into_response();
    }
    response
}
