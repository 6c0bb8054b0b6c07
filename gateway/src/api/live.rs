//! `GET /api/live`: live updates as server-sent events. Each batch of blocks the index
//! commits is announced as an `indexed` event `{height, contracts}` naming the contracts
//! with events in it, so that a page reloads what those contracts hold. A listener too slow
//! to keep up is sent `{height, contracts: ["*"]}`: reload everything.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;
use utoipa::ToSchema;

use crate::auth::session::Session;
use crate::error::ErrorBody;
use crate::index::follow::Indexed;
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
}

fn event(indexed: IndexedEvent) -> Result<Event, Infallible> {
    Ok(Event::default()
        .event("indexed")
        .json_data(&indexed)
        .unwrap_or_else(|_| Event::default().event("indexed").data("{}")))
}

/// Live updates: a `ready` event with the indexed height, then an `indexed` event for each
/// batch of blocks the index commits. Any signed-in participant; the events name contracts
/// and heights only, never what changed.
#[utoipa::path(
    get, path = "/api/live", tag = "api",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "text/event-stream: `ready` {height, contracts: []}, then `indexed` {height, contracts} events", body = IndexedEvent, content_type = "text/event-stream"),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not a participant in good standing", body = ErrorBody),
    )
)]
pub async fn live(
    State(state): State<AppState>,
    session: Session,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let changes = state.index.status.subscribe();
    let closing = state.index.status.closing();
    let ready = IndexedEvent {
        height: state.index.status.indexed(),
        contracts: Vec::new(),
    };
    tracing::debug!(caller = %session.address, "live updates opened");
    let first = futures_util::stream::once(async move {
        Ok(Event::default()
            .event("ready")
            .json_data(&ready)
            .unwrap_or_else(|_| Event::default().event("ready")))
    });
    let status = state.index.status.clone();
    let rest =
        futures_util::stream::unfold((changes, closing), move |(mut changes, mut closing)| {
            let status = status.clone();
            async move {
                let received = tokio::select! {
                    received = changes.recv() => received,
                    // The gateway is stopping: end the stream.
                    _ = closing.wait_for(|stopping| *stopping) => return None,
                };
                let next = match received {
                    Ok(Indexed { height, contracts }) => IndexedEvent { height, contracts },
                    Err(RecvError::Lagged(_)) => IndexedEvent {
                        height: status.indexed(),
                        contracts: vec!["*".to_string()],
                    },
                    Err(RecvError::Closed) => return None,
                };
                Some((event(next), (changes, closing)))
            }
        });
    use futures_util::StreamExt as _;
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}
