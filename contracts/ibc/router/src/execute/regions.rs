//! Regions, added by the registry's administrator, and the operator's retry of a packet the
//! outbox left stuck or refused.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use ledger_types::router::{Region, RegionChannel};

use ledger_contract_kit::ibc::outbox::OutboxError;

use crate::execute::ensure_admin;
use crate::execute::routing::channel_now;
use crate::state::{CHANNELS, ENDPOINTS, OUTBOX, REGIONS};
use crate::{ContractError, ContractResult};

const MAX_REGION_ID: usize = 32;
const MAX_ENDPOINT: usize = 128;

pub fn add_region(
    deps: DepsMut,
    info: MessageInfo,
    region: String,
    connection_id: String,
    endpoint_port: String,
) -> ContractResult {
    ensure_admin(deps.storage, &deps.querier, &info)?;
    region_id(&region)?;
    endpoint("connection id", &connection_id, "connection-")?;
    endpoint("endpoint port", &endpoint_port, "wasm.")?;
    if REGIONS.has(deps.storage, &region) {
        return Err(ContractError::RegionExists { region });
    }
    if let Some(taken) = ENDPOINTS.may_load(deps.storage, (&connection_id, &endpoint_port))? {
        return Err(ContractError::EndpointTaken {
            region: taken,
            connection_id,
            port: endpoint_port,
        });
    }

    ENDPOINTS.save(deps.storage, (&connection_id, &endpoint_port), &region)?;
    REGIONS.save(
        deps.storage,
        &region,
        &Region {
            region: region.clone(),
            connection_id: connection_id.clone(),
            endpoint_port: endpoint_port.clone(),
            channel: RegionChannel::Awaiting,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "add_region")
        .add_attribute("region", region)
        .add_attribute("connection_id", connection_id)
        .add_attribute("endpoint_port", endpoint_port))
}

/// Sends a stuck, refused or unsent packet again, on the channel open to its region now.
pub fn retry(deps: DepsMut, env: Env, info: MessageInfo, id: u64) -> ContractResult {
    let config = ensure_admin(deps.storage, &deps.querier, &info)?;
    let Some(entry) = OUTBOX.get(deps.storage, id)? else {
        return Err(OutboxError::UnknownPacket { id }.into());
    };
    let Some(to) = channel_now(deps.storage, &entry.channel_id)? else {
        return Err(ContractError::RegionUnreachable {
            region: CHANNELS
                .may_load(deps.storage, &entry.channel_id)?
                .unwrap_or_default(),
        });
    };
    let msg = OUTBOX.retry(
        deps.storage,
        &env,
        id,
        &to.channel_id,
        &config.outbox_delivery(),
    )?;
    Ok(Response::new()
        .add_attribute("action", "retry")
        .add_attribute("packet_id", id.to_string())
        .add_attribute("region", to.region)
        .add_attribute("channel_id", to.channel_id)
        .add_message(msg))
}

fn region_id(region: &str) -> ContractResult<()> {
    let valid = (1..=MAX_REGION_ID).contains(&region.len())
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(ContractError::InvalidRegionId {
            region: region.to_string(),
        })
    }
}

/// An IBC identifier the region is reached by: `prefix` and more, of printable ASCII.
fn endpoint(field: &str, value: &str, prefix: &str) -> ContractResult<()> {
    let reason = if value.len() <= prefix.len() || !value.starts_with(prefix) {
        format!("it must start with {prefix:?} and go on")
    } else if value.len() > MAX_ENDPOINT {
        format!("it is longer than {MAX_ENDPOINT} characters")
    } else if !value.bytes().all(|b| b.is_ascii_graphic()) {
        "it holds a space or a character that is not printable ASCII".to_string()
    } else {
        return Ok(());
    };
    Err(ContractError::InvalidEndpoint {
        field: field.to_string(),
        value: value.to_string(),
        reason,
    })
}
