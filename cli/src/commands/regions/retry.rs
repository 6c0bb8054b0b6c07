//! `ledger region retry`: sends a stuck, unsent or refused packet again, from the router or
//! from a region's endpoint.

use crate::context::App;
use crate::render::{self, NoExtra};

/// Sends packet `id` of the router's outbox again, or with `region` of that region endpoint's.
pub async fn run(app: &App, id: u64, region: Option<&str>) -> anyhow::Result<()> {
    let (ledger, sender) = app.ledger_and_sender_in(region).await?;
    let (outcome, action) = match region {
        Some(region) => (
            ledger.endpoint_retry(&sender, id).await?,
            format!("sent packet {id} of {region}'s endpoint again"),
        ),
        None => (
            ledger.router_retry(&sender, id).await?,
            format!("sent packet {id} of the router again"),
        ),
    };
    render::tx(app.output(), &action, &outcome, NoExtra {})
}
