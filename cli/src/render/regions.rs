//! Regional sub-chains in tables: the regions with the router's view of their channels, routes,
//! outboxes, the bills a region sent and the digests the main chain confirmed.

use comfy_table::{Cell, Table};
use ledger_client::RegionDeployment;
use ledger_sdk::contracts::endpoint::{BillRecord, ChannelInfo, ConfigResponse};
use ledger_sdk::contracts::router::{ConfirmedDigest, Region, RegionChannel, Route, RouteState};
use ledger_sdk::deploy::port_of;
use ledger_types::region::{
    ChainPoint, OutboxEntry, OutboxState, PROTOCOL_VERSION, ToMain, ToRegion,
};
use serde::Serialize;

use crate::render::{self, num};
use crate::units::money;
use crate::when;

/// The command that opens the channel between the router and a region's endpoint (only a
/// relayer can carry the handshake between two chains).
pub fn link_command(region: &str, router: &str, endpoint: &str) -> String {
    format!(
        "relayer/link.sh main-{region} --src-port {} --dst-port {} --version {PROTOCOL_VERSION} \
         --order unordered",
        port_of(router),
        port_of(endpoint)
    )
}

/// What `ledger region deploy` reports: the region's record in the deployment file and the
/// command that opens its channel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeployedRegion {
    /// The region as the deployment file now records it.
    pub region: RegionDeployment,
    /// The main chain's router.
    pub router: String,
    /// The relayer command that opens the channel between router and endpoint.
    pub link: String,
}

/// A deployed region's record.
pub fn deployed_record(d: &DeployedRegion) -> Table {
    let r = &d.region;
    render::record(vec![
        ("region", r.region.clone()),
        ("chain id", r.chain_id.clone()),
        ("node", r.node.clone()),
        ("main connection", r.main_connection.clone()),
        ("region connection", r.region_connection.clone()),
        ("router", d.router.clone()),
        ("registry", r.contracts.registry.clone()),
        ("tariff contract", r.contracts.tariff.clone()),
        ("endpoint", r.contracts.endpoint.clone()),
        ("endpoint port", port_of(&r.contracts.endpoint)),
        (
            "code ids",
            format!(
                "admin {}, meter {}, tariff {}, endpoint {}",
                r.code_ids.admin, r.code_ids.meter, r.code_ids.tariff, r.code_ids.endpoint
            ),
        ),
    ])
}

/// A region as the deployment file and the router know it; either may lack it (a region
/// added to the router by another deployment file, or a deployment cut short before
/// `AddRegion`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionRow {
    /// The region's name.
    pub region: String,
    /// The deployment file's record.
    pub deployment: Option<RegionDeployment>,
    /// The router's record.
    pub router: Option<Region>,
}

/// The deployment file's regions in their order, each with the router's record, then the
/// regions only the router knows.
pub fn join_regions(file: &[RegionDeployment], router: &[Region]) -> Vec<RegionRow> {
    let mut rows: Vec<RegionRow> = file
        .iter()
        .map(|d| RegionRow {
            region: d.region.clone(),
            deployment: Some(d.clone()),
            router: router.iter().find(|r| r.region == d.region).cloned(),
        })
        .collect();
    for r in router {
        if !file.iter().any(|d| d.region == r.region) {
            rows.push(RegionRow {
                region: r.region.clone(),
                deployment: None,
                router: Some(r.clone()),
            });
        }
    }
    rows
}

/// Where a region's channel stands, in words.
pub fn channel_words(channel: &RegionChannel) -> String {
    match channel {
        RegionChannel::Awaiting => "awaiting: open it with relayer/link.sh".into(),
        RegionChannel::Open { channel_id } => format!("open ({channel_id})"),
        RegionChannel::Closed { channel_id } => {
            format!("closed ({channel_id}): open a new one with relayer/link.sh")
        }
    }
}

/// The regions with their chains and channels.
pub fn regions_table(rows: &[RegionRow]) -> Table {
    let mut t = render::table([
        "region",
        "chain id",
        "node",
        "connection",
        "endpoint port",
        "channel",
    ]);
    for row in rows {
        let d = row.deployment.as_ref();
        let connection = match (&row.router, d) {
            (Some(r), _) => r.connection_id.clone(),
            (None, Some(d)) => d.main_connection.clone(),
            (None, None) => String::new(),
        };
        let port = match (&row.router, d) {
            (Some(r), _) => r.endpoint_port.clone(),
            (None, Some(d)) => port_of(&d.contracts.endpoint),
            (None, None) => String::new(),
        };
        let channel = match &row.router {
            Some(r) => channel_words(&r.channel),
            None => "not in the router: deploy it again with `ledger region deploy`".into(),
        };
        t.add_row(vec![
            row.region.clone(),
            d.map(|d| d.chain_id.clone())
                .unwrap_or_else(|| "not in the deployment file".into()),
            d.map(|d| d.node.clone()).unwrap_or_default(),
            connection,
            port,
            channel,
        ]);
    }
    t
}

/// One region: the router's record and the endpoint's channel and settings.
pub fn region_record(
    file: &RegionDeployment,
    router: &Region,
    channel: Option<&ChannelInfo>,
    endpoint: &ConfigResponse,
) -> Table {
    let endpoint_channel = match channel {
        None => "none yet".to_string(),
        Some(c) => format!(
            "{} to {} {}{}",
            c.channel_id,
            c.counterparty_port,
            c.counterparty_channel,
            if c.closed { " (closed)" } else { "" }
        ),
    };
    render::record(vec![
        ("region", file.region.clone()),
        ("chain id", file.chain_id.clone()),
        ("node", file.node.clone()),
        ("router's connection", router.connection_id.clone()),
        ("router's channel", channel_words(&router.channel)),
        ("endpoint", file.contracts.endpoint.clone()),
        ("endpoint port", router.endpoint_port.clone()),
        ("endpoint's connection", endpoint.main_connection_id.clone()),
        ("endpoint's channel", endpoint_channel),
        ("endpoint administrator", endpoint.admin.to_string()),
        ("router port", endpoint.router_port.clone()),
        ("meter code id", endpoint.meter_code_id.to_string()),
        ("tariff contract", endpoint.tariff_contract.to_string()),
        (
            "packet delivery",
            format!(
                "{} s timeout, {} attempt(s)",
                endpoint.delivery.timeout_seconds, endpoint.delivery.max_attempts
            ),
        ),
    ])
}

/// How far a meter's registration in its region has come, in words.
pub fn route_state_words(state: &RouteState) -> String {
    match state {
        RouteState::Pending => "pending: the region has not acknowledged it yet".into(),
        RouteState::Active { meter_contract } => format!("active in {meter_contract}"),
        RouteState::Refused { code, message } => format!("refused [{code}]: {message}"),
    }
}

/// Routed meters.
pub fn routes_table(routes: &[Route]) -> Table {
    let mut t = render::table(["meter", "region", "consumer", "registration"]);
    for r in routes {
        t.add_row(vec![
            r.meter_id.clone(),
            r.region.clone(),
            r.consumer.to_string(),
            route_state_words(&r.state),
        ]);
    }
    t
}

/// One routed meter.
pub fn route_record(r: &Route) -> Table {
    render::record(vec![
        ("meter", r.meter_id.clone()),
        ("region", r.region.clone()),
        ("consumer", r.consumer.to_string()),
        ("registration", route_state_words(&r.state)),
    ])
}

/// A packet from the router, in words.
pub fn to_region_words(body: &ToRegion) -> String {
    match body {
        ToRegion::RegisterMeter { consumer, meter } => {
            format!("register meter {} of {consumer}", meter.meter_id)
        }
        ToRegion::OwnerStanding {
            consumer,
            blocked,
            revision,
        } => format!(
            "{consumer} {} (revision {revision})",
            if *blocked { "blocked" } else { "unblocked" }
        ),
        ToRegion::MeterStatus {
            meter_id,
            status,
            revision,
        } => format!("meter {meter_id} {} (revision {revision})", status.as_str()),
        ToRegion::BillStatus(s) => format!(
            "bill {} period {}: paid {} of {}{}",
            s.meter_id,
            s.period,
            money(s.paid),
            money(s.total),
            if s.settled { ", settled" } else { "" }
        ),
    }
}

/// A packet from a region's endpoint, in words.
pub fn to_main_words(body: &ToMain) -> String {
    match body {
        ToMain::Advances(a) => format!(
            "advances of meter {} period {} (estimate {})",
            a.meter_id,
            a.period,
            money(a.estimate)
        ),
        ToMain::Bill(b) => format!(
            "bill of meter {} period {}: {}",
            b.notice.meter_id,
            b.notice.period,
            money(b.notice.total)
        ),
    }
}

/// Where an unanswered packet stands, in words.
pub fn outbox_state_words(state: &OutboxState) -> String {
    match state {
        OutboxState::InFlight => "in flight".into(),
        OutboxState::Unsent => "unsent (no open channel): `ledger region retry`".into(),
        OutboxState::Stuck => "stuck (timed out every time): `ledger region retry`".into(),
        OutboxState::Refused { code, message } => format!("refused [{code}]: {message}"),
    }
}

/// A sender's unanswered packets; `describe` puts a packet's body into words.
pub fn outbox_table<T>(entries: &[OutboxEntry<T>], describe: impl Fn(&T) -> String) -> Table {
    let mut t = render::table([
        "id",
        "channel",
        "packet",
        "attempts",
        "first sent",
        "last sent",
        "state",
    ]);
    for e in entries {
        t.add_row(vec![
            num(e.id),
            Cell::new(&e.channel_id),
            Cell::new(describe(&e.body)),
            num(e.attempts),
            Cell::new(when::datetime(e.first_sent)),
            Cell::new(when::datetime(e.last_sent)),
            Cell::new(outbox_state_words(&e.state)),
        ]);
    }
    t
}

/// A block of the main chain, in words.
pub fn chain_point(p: &ChainPoint) -> String {
    format!("block {} at {}", p.height, when::datetime(p.time))
}

/// The bills a region sent, with the main chain's confirmation and payment status.
pub fn region_bills_table(bills: &[BillRecord]) -> Table {
    let mut t = render::table([
        "meter",
        "period",
        "sent",
        "confirmed",
        "total",
        "paid",
        "settled",
    ]);
    for b in bills {
        let sent = match &b.sent {
            Some(s) => format!("packet {} at {}", s.packet_id, when::datetime(s.sent_at)),
            None => "not sent from here".into(),
        };
        let confirmed = b
            .confirmed
            .as_ref()
            .map(chain_point)
            .unwrap_or_else(|| "not yet".into());
        let (total, paid, settled) = match &b.status {
            Some(s) => (
                money(s.total),
                money(s.paid),
                if s.settled { "yes" } else { "no" }.to_string(),
            ),
            None => (String::new(), String::new(), "no status yet".into()),
        };
        t.add_row(vec![
            Cell::new(&b.meter_id),
            num(b.period),
            Cell::new(sent),
            Cell::new(confirmed),
            num(total),
            num(paid),
            Cell::new(settled),
        ]);
    }
    t
}

/// The digests the main chain confirmed for a region's period.
pub fn confirmations_table(digests: &[ConfirmedDigest]) -> Table {
    let mut t = render::table(["meter", "readings digest", "total", "confirmed"]);
    for d in digests {
        t.add_row(vec![
            Cell::new(&d.meter_id),
            Cell::new(&d.readings_digest),
            num(money(d.total)),
            Cell::new(chain_point(&d.confirmed)),
        ]);
    }
    t
}
