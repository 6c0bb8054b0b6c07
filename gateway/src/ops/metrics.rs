//! Prometheus metrics on `GET /metrics`: requests by route and status, their latency,
//! sign-ins by outcome, and the event index's height and events.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::error::{ApiError, codes};
use crate::state::AppState;

/// A request's labels: the route pattern (never the raw path, which would carry ids) and
/// the answer's status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// `GET /api/meters/{id}/bills`; `unmatched` for paths of no route.
    pub route: String,
    /// The HTTP status code.
    pub status: u16,
}

/// A route's label.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabel {
    /// As [`RequestLabels::route`].
    pub route: String,
}

/// A sign-in's label.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabel {
    /// `ok`, or the refusal's code (`gateway.bad_signature`, ...).
    pub outcome: String,
}

/// A regional sub-chain's label.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RegionLabel {
    /// The region's name in the deployment (`region-1`).
    pub region: String,
}

/// How a sign-in ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignIn {
    /// A session was opened.
    Ok,
    /// Refused with this code.
    Refused(String),
}

type LatencyFamily = Family<RouteLabel, Histogram, fn() -> Histogram>;

/// The event index's metrics, which its follower task updates.
#[derive(Clone, Debug, Default)]
pub struct IndexMetrics {
    /// The last fully indexed block height.
    pub height: Gauge,
    /// Events stored since the gateway started.
    pub events: Counter,
}

/// The gateway's metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    sign_ins: Family<OutcomeLabel, Counter>,
    /// The event index's.
    pub index: IndexMetrics,
    region_heights: Family<RegionLabel, Gauge>,
    region_events: Family<RegionLabel, Counter>,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s: a chain query takes tens of milliseconds, a stuck node seconds.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("ledger_gateway");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by route and status",
            requests.clone(),
        );
        let latency: LatencyFamily = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer HTTP requests, by route",
            latency.clone(),
        );
        let sign_ins = Family::<OutcomeLabel, Counter>::default();
        registry.register(
            "sign_ins",
            "Sign-ins by outcome (ok or the refusal's code)",
            sign_ins.clone(),
        );
        let index = IndexMetrics::default();
        registry.register(
            "index_height",
            "The last block height the event index holds in full",
            index.height.clone(),
        );
        registry.register(
            "index_events",
            "Contract events the index stored since the gateway started",
            index.events.clone(),
        );
        let region_heights = Family::<RegionLabel, Gauge>::default();
        registry.register(
            "region_index_height",
            "The last block height a regional sub-chain's event index holds in full",
            region_heights.clone(),
        );
        let region_events = Family::<RegionLabel, Counter>::default();
        registry.register(
            "region_index_events",
            "Contract events a regional sub-chain's index stored since the gateway started",
            region_events.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            sign_ins,
            index,
            region_heights,
            region_events,
        }
    }
}

impl Metrics {
    /// The metrics of `region`'s event index, exported with its name as a label.
    pub fn region_index(&self, region: &str) -> IndexMetrics {
        let label = RegionLabel {
            region: region.to_string(),
        };
        IndexMetrics {
            height: self.region_heights.get_or_create(&label).clone(),
            events: self.region_events.get_or_create(&label).clone(),
        }
    }

    /// Counts a sign-in.
    pub fn sign_in(&self, outcome: SignIn) {
        let outcome = match outcome {
            SignIn::Ok => "ok".to_string(),
            SignIn::Refused(code) => code,
        };
        self.sign_ins.get_or_create(&OutcomeLabel { outcome }).inc();
    }

    /// Counts an answered request.
    pub fn request(&self, route: &str, status: u16, seconds: f64) {
        let route = route.to_string();
        self.requests
            .get_or_create(&RequestLabels {
                route: route.clone(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabel { route })
            .observe(seconds);
    }

    /// The OpenMetrics text of every metric.
    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// Middleware: times and counts every request under its route pattern.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = match request.extensions().get::<MatchedPath>() {
        Some(path) => format!("{} {}", request.method(), path.as_str()),
        None => "unmatched".to_string(),
    };
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.request(
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// The metrics in the text exposition format.
#[utoipa::path(
    get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "OpenMetrics text", content_type = "application/openmetrics-text"))
)]
pub async fn metrics(State(state): State<AppState>) -> Response {
    match state.metrics.render() {
        Ok(text) => (
            [(
                CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(e) => ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL,
            format!("cannot encode the metrics: {e}"),
        )
        .into_response(),
    }
}
