//! `ledger region`: the regional sub-chains of a deployment (issue #13). Adding one
//! ([`deploy`]), reading the router's and the endpoints' view of them ([`query`]) and sending
//! a stuck packet again ([`retry`]). The command line: [`args`]; tables:
//! [`crate::render::regions`].

pub mod args;
pub mod deploy;
pub mod query;
pub mod retry;

pub use args::RegionCmd;

use crate::context::App;

/// Runs a `region` command.
pub async fn run(app: &App, cmd: RegionCmd) -> anyhow::Result<()> {
    match cmd {
        RegionCmd::Deploy(args) => deploy::run(app, args).await,
        RegionCmd::List => query::list(app).await,
        RegionCmd::Show { name } => query::show(app, &name).await,
        RegionCmd::Routes { name, limit } => query::routes(app, &name, limit).await,
        RegionCmd::Route { meter } => query::route(app, &meter).await,
        RegionCmd::Outbox { region, limit } => query::outbox(app, region.as_deref(), limit).await,
        RegionCmd::Bills { name, limit } => query::bills(app, &name, limit).await,
        RegionCmd::Confirmations {
            name,
            period,
            limit,
        } => query::confirmations(app, &name, period, limit).await,
        RegionCmd::Retry { id, region } => retry::run(app, id, region.as_deref()).await,
    }
}

#[cfg(test)]
mod tests;
