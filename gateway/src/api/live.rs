//! `GET /api/live`: live updates as server-sent events. Each batch of blocks an index commits
//! (the main chain's, or a regional sub-chain's) is announced as an `indexed` event
//! `{height, contracts, region}` naming the contracts with events in it, so that a page
//! reloads what those contracts hold. A listener too slow to keep up is sent
//! `{height, contracts: ["*"]}`: reload everything.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};

use futures_util::{Stream, StreamExt};
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;
use utoipa::ToSchema;

use crate::auth::session::Session;
use crate::error::ErrorBody;
use crate::index::follow::{IndexStatus, Indexed};
use crate::state::AppState;

/// How often an idle stream sends a comment, so that proxies keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The data of an `indexed` event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct IndexedEvent {
    /// The index holds every block up to this height.
    pub height: u64,
    /// The contracts with events in the new blocks, by the audit log's names (`registry`,
    /// `bank`, `token`, `meter`, ...); `["*"]` when some were missed.
    pub contracts: Vec<String>,
    /// The regional sub-chain the blocks are of; absent for the main chain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

fn event(indexed: IndexedEvent) -> Result<Event, Infallible> {
    Ok(Event::default()
        .event("indexed")
        .json_data(&indexed)
        .unwrap_or_else(|_| Event::default().event("indexed").data("{}")))
}

/// Live updates: a `ready` event with the main chain's indexed height, then an `indexed`
/// event for each batch of blocks an index commits, the main chain's and each region's. Any
/// signed-in participant; the events name chains, contracts and heights only, never what
/// changed.
#[utoipa::path(
    get, path = "/api/live", tag = "api",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "text/event-stream: `ready` {height, contracts: []}, then `indexed` {height, contracts, region?} events", body = IndexedEvent, content_type = "text/event-stream"),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not a participant in good standing", body = ErrorBody),
    )
)]
pub async fn live(
    State(state): State<AppState>,
    session: Session,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let ready = IndexedEvent {
        height: state.index.status.indexed(),
        contracts: Vec::new(),
        region: None,
    };
    tracing::debug!(caller = %session.address, "live updates opened");
    let first = futures_util::stream::once(async move {
        Ok(Event::default()
            .event("ready")
            .json_data(&ready)
            .unwrap_or_else(|_| Event::default().event("ready")))
    });
    let chains = std::iter::once((None, state.index.status.clone())).chain(
        state
            .regions
            .iter()
            .map(|(region, index)| (Some(region.clone()), index.status.clone())),
    );
    // The main index's closing ends every stream: it is the gateway stopping.
    let closing = state.index.status.closing();
    let rest = futures_util::stream::select_all(
        chains.map(|(region, status)| Box::pin(updates(region, status, closing.clone()))),
    )
    .map(event);
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}

/// The batches one index commits from now on, until `closing` says the gateway stops.
fn updates(
    region: Option<String>,
    status: Arc<IndexStatus>,
    closing: watch::Receiver<bool>,
) -> impl Stream<Item = IndexedEvent> {
    let changes = status.subscribe();
    futures_util::stream::unfold((changes, closing), move |(mut changes, mut closing)| {
        let (status, region) = (status.clone(), region.clone());
        async move {
            let received = tokio::select! {
                received = changes.recv() => received,
                // The gateway is stopping: end the stream.
                _ = closing.wait_for(|stopping| *stopping) => return None,
            };
            let (height, contracts) = match received {
                Ok(Indexed { height, contracts }) => (height, contracts),
                Err(RecvError::Lagged(_)) => (status.indexed(), vec!["*".to_string()]),
                Err(RecvError::Closed) => return None,
            };
            let next = IndexedEvent {
                height,
                contracts,
                region,
            };
            Some((next, (changes, closing)))
        }
    })
}
