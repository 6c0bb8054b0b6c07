//! What the registry sends regional meters through the router: a new meter, an owner's
//! standing and a meter's status, each kept in the outbox until the region has applied it;
//! and the sending itself, which the bank's bill statuses (`bills`) share.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Storage};
use cw_storage_plus::Map;
use ledger_types::admin::MeterStatus;
use ledger_types::meter::NewMeter;
use ledger_types::region::ToRegion;
use ledger_types::router::{RegionChannel, Route, RouteState};

use crate::execute::ensure_registry;
use crate::state::{
    CHANNELS, CONSUMERS, Config, OUTBOX, REGIONS, ROUTES, ROUTES_BY_REGION, STANDING_REVISIONS,
    STATUS_REVISIONS,
};
use crate::{ContractError, ContractResult};

pub fn onboard(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    region: String,
    consumer: String,
    meter: NewMeter,
) -> ContractResult {
    let config = ensure_registry(deps.storage, &info)?;
    let consumer = deps.api.addr_validate(&consumer)?;
    let to =
        open_channel(deps.storage, &region)?.ok_or_else(|| ContractError::RegionUnreachable {
            region: region.clone(),
        })?;
    if let Some(home) = CONSUMERS.may_load(deps.storage, &consumer)? {
        if home != region {
            return Err(ContractError::ConsumerInOtherRegion {
                consumer,
                region: home,
            });
        }
    }
    if let Some(route) = ROUTES.may_load(deps.storage, &meter.meter_id)? {
        return Err(ContractError::MeterRouted {
            meter_id: meter.meter_id,
            region: route.region,
        });
    }

    let meter_id = meter.meter_id.clone();
    let route = Route {
        meter_id: meter_id.clone(),
        region: region.clone(),
        consumer: consumer.clone(),
        state: RouteState::Pending,
    };
    ROUTES.save(deps.storage, &meter_id, &route)?;
    ROUTES_BY_REGION.save(deps.storage, (&region, &meter_id), &())?;
    CONSUMERS.save(deps.storage, &consumer, &region)?;
    let body = ToRegion::RegisterMeter {
        consumer: consumer.to_string(),
        meter,
    };
    Ok(send(deps.storage, &env, &config, "onboard", &to, body)?
        .add_attribute("meter_id", meter_id)
        .add_attribute("consumer", consumer))
}

pub fn owner_standing(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    consumer: String,
    blocked: bool,
) -> ContractResult {
    let config = ensure_registry(deps.storage, &info)?;
    let consumer = deps.api.addr_validate(&consumer)?;
    let Some(region) = CONSUMERS.may_load(deps.storage, &consumer)? else {
        return Err(ContractError::UnknownConsumer { consumer });
    };

    let revision = bump(deps.storage, &STANDING_REVISIONS, &consumer)?;
    let body = ToRegion::OwnerStanding {
        consumer: consumer.to_string(),
        blocked,
        revision,
    };
    Ok(
        send_or_keep(deps.storage, &env, &config, "owner_standing", &region, body)?
            .add_attribute("consumer", consumer)
            .add_attribute("blocked", blocked.to_string())
            .add_attribute("revision", revision.to_string()),
    )
}

pub fn meter_status(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    meter_id: String,
    status: MeterStatus,
) -> ContractResult {
    let config = ensure_registry(deps.storage, &info)?;
    let Some(route) = ROUTES.may_load(deps.storage, &meter_id)? else {
        return Err(ContractError::UnknownMeter { meter_id });
    };

    let revision = bump(deps.storage, &STATUS_REVISIONS, meter_id.as_str())?;
    let body = ToRegion::MeterStatus {
        meter_id: meter_id.clone(),
        status,
        revision,
    };
    Ok(send_or_keep(
        deps.storage,
        &env,
        &config,
        "meter_status",
        &route.region,
        body,
    )?
    .add_attribute("meter_id", meter_id)
    .add_attribute("status", status.as_str())
    .add_attribute("revision", revision.to_string()))
}

/// A region and its open channel.
pub struct Destination {
    pub region: String,
    pub channel_id: String,
}

/// The channel packets to `region` go on, `None` while it has no open channel (a packet sent
/// on a closed channel would fail the whole transaction); refused when the region is unknown.
pub fn open_channel(storage: &dyn Storage, region: &str) -> ContractResult<Option<Destination>> {
    let Some(known) = REGIONS.may_load(storage, region)? else {
        return Err(ContractError::UnknownRegion {
            region: region.to_string(),
        });
    };
    Ok(match known.channel {
        RegionChannel::Open { channel_id } => Some(Destination {
            region: region.to_string(),
            channel_id,
        }),
        RegionChannel::Awaiting | RegionChannel::Closed { .. } => None,
    })
}

/// The open channel to the region `channel_id` was bound to (the same channel, or the one that
/// replaced it after a close), if there is one now.
pub fn channel_now(storage: &dyn Storage, channel_id: &str) -> ContractResult<Option<Destination>> {
    match CHANNELS.may_load(storage, channel_id)? {
        Some(region) => open_channel(storage, &region),
        None => Ok(None),
    }
}

/// Sends `body` to `region`, or, while the region has no open channel, keeps it unsent in the
/// outbox for the operator's `Retry`: the registry's blacklisting or status change, which
/// sent it, must not fail because a region is cut off; the region applies it when it is back.
pub(crate) fn send_or_keep(
    storage: &mut dyn Storage,
    env: &Env,
    config: &Config,
    action: &str,
    region: &str,
    body: ToRegion,
) -> ContractResult {
    if let Some(to) = open_channel(storage, region)? {
        return send(storage, env, config, action, &to, body);
    }
    let last_channel = match REGIONS.load(storage, region)?.channel {
        RegionChannel::Closed { channel_id } => channel_id,
        RegionChannel::Open { channel_id } => channel_id,
        RegionChannel::Awaiting => String::new(),
    };
    let id = OUTBOX.keep(storage, env, &last_channel, body)?;
    Ok(Response::new()
        .add_attribute("action", action)
        .add_attribute("region", region)
        .add_attribute("packet_id", id.to_string())
        .add_attribute("held", "true"))
}

/// The next revision under `key`: the region applies a standing or status only when its
/// revision is newer than the last it applied, since unordered packets may overtake each
/// other.
fn bump<'a, K>(storage: &mut dyn Storage, revisions: &Map<K, u64>, key: K) -> ContractResult<u64>
where
    K: cw_storage_plus::PrimaryKey<'a> + Clone,
{
    let revision = revisions
        .may_load(storage, key.clone())?
        .unwrap_or_default()
        .saturating_add(1);
    revisions.save(storage, key, &revision)?;
    Ok(revision)
}

/// Keeps `body` in the outbox and sends it; the response names the action and what an
/// indexer follows the packet by.
fn send(
    storage: &mut dyn Storage,
    env: &Env,
    config: &Config,
    action: &str,
    to: &Destination,
    body: ToRegion,
) -> ContractResult {
    let delivery = config.outbox_delivery();
    let (id, msg) = OUTBOX.send(storage, env, &to.channel_id, body, &delivery)?;
    Ok(Response::new()
        .add_attribute("action", action)
        .add_attribute("region", &to.region)
        .add_attribute("channel_id", &to.channel_id)
        .add_attribute("packet_id", id.to_string())
        .add_message(msg))
}
