//! The queries of `ledger region`: the router's view of the regions and their meters, the
//! endpoints' channels, outboxes and bills, the main chain's confirmations.

use ledger_client::RegionDeployment;
use ledger_sdk::contracts::endpoint::{ChannelInfo, ConfigResponse};
use ledger_sdk::contracts::router::Region;
use serde::Serialize;

use crate::args::Limit;
use crate::context::App;
use crate::render::regions::{
    confirmations_table, join_regions, outbox_table, region_bills_table, region_record,
    regions_table, route_record, routes_table, to_main_words, to_region_words,
};
use crate::render::{self, Output};

/// Most regions one list reads from the router.
const MAX_REGIONS: usize = 1000;

/// `ledger region list`: the deployment file's regions joined with the router's.
pub async fn list(app: &App) -> anyhow::Result<()> {
    let ledger = app.ledger().await?;
    let deployment = ledger.deployment()?;
    let router = match deployment.contracts.router {
        Some(_) => ledger.route_regions(MAX_REGIONS).await?.items,
        None => Vec::new(),
    };
    let rows = join_regions(&deployment.regions, &router);
    render::list(app.output(), "regions", &rows, false, |rows| {
        regions_table(rows)
    })
}

/// What `ledger region show -o json` prints.
#[derive(Serialize)]
struct RegionView<'a> {
    deployment: &'a RegionDeployment,
    router: &'a Region,
    channel: Option<&'a ChannelInfo>,
    endpoint: &'a ConfigResponse,
}

/// `ledger region show`: the router's record and the endpoint's channel and settings.
pub async fn show(app: &App, name: &str) -> anyhow::Result<()> {
    let ledger = app.ledger().await?;
    let file = ledger.deployment()?.region(name)?.clone();
    let router = ledger.route_region(name).await?;
    let regional = ledger.in_region(name).await?;
    let channel = regional.endpoint_channel().await?;
    let endpoint = regional.endpoint_config().await?;
    match app.output() {
        Output::Json => render::json(&RegionView {
            deployment: &file,
            router: &router,
            channel: channel.as_ref(),
            endpoint: &endpoint,
        }),
        Output::Table => {
            println!(
                "{}",
                region_record(&file, &router, channel.as_ref(), &endpoint)
            );
            Ok(())
        }
    }
}

/// `ledger region routes`: the meters routed to a region.
pub async fn routes(app: &App, name: &str, limit: Limit) -> anyhow::Result<()> {
    let ledger = app.ledger().await?;
    let page = ledger.routes(name, limit.cap()).await?;
    render::list(
        app.output(),
        "routed meters",
        &page.items,
        page.truncated,
        routes_table,
    )
}

/// `ledger region route`: one meter's route.
pub async fn route(app: &App, meter: &str) -> anyhow::Result<()> {
    let ledger = app.ledger().await?;
    let route = ledger.route(meter).await?;
    match app.output() {
        Output::Json => render::json(&route),
        Output::Table => {
            println!("{}", route_record(&route));
            Ok(())
        }
    }
}

/// `ledger region outbox`: the router's unanswered packets, or a region endpoint's.
pub async fn outbox(app: &App, region: Option<&str>, limit: Limit) -> anyhow::Result<()> {
    let ledger = app.ledger_in(region).await?;
    let out = app.output();
    match region {
        Some(region) => {
            let page = ledger.endpoint_outbox(limit.cap()).await?;
            let what = format!("unanswered packets of {region}'s endpoint");
            render::list(out, &what, &page.items, page.truncated, |es| {
                outbox_table(es, to_main_words)
            })
        }
        None => {
            let page = ledger.router_outbox(limit.cap()).await?;
            render::list(
                out,
                "unanswered packets of the router",
                &page.items,
                page.truncated,
                |es| outbox_table(es, to_region_words),
            )
        }
    }
}

/// `ledger region bills`: the bills a region's endpoint sent, as the main chain answered them.
pub async fn bills(app: &App, name: &str, limit: Limit) -> anyhow::Result<()> {
    let ledger = app.ledger_in(Some(name)).await?;
    let page = ledger.region_bills(limit.cap()).await?;
    render::list(
        app.output(),
        &format!("bills sent by {name}"),
        &page.items,
        page.truncated,
        region_bills_table,
    )
}

/// `ledger region confirmations`: the digests the router confirmed for a region's period.
pub async fn confirmations(app: &App, name: &str, period: u32, limit: Limit) -> anyhow::Result<()> {
    let ledger = app.ledger().await?;
    let page = ledger.confirmed_digests(name, period, limit.cap()).await?;
    render::list(
        app.output(),
        &format!("confirmed bills of {name} for period {period}"),
        &page.items,
        page.truncated,
        confirmations_table,
    )
}
