//! What a provider offers: quotas per consuming organisation, public price lists, and the key
//! of its metering agent. Each is its administrator's, acting under `CloudProvider`.
//!
//! Price lists are versioned (1, 2, ...) and immutable once published. A version is in force
//! from its `effective_from` until the next version's; the date may not be in the past, must
//! be after the latest version's, and only one version may wait for its date at a time, so
//! that the version in force is always the latest or the one before it. A lease records the
//! version in force at its request and is billed under it for its whole life.
//!
//! A version may also sell named instance types (a fixed set of resources at one price per
//! hour); they are checked on publish (count, names, resources) and live and die with their
//! version: a type dropped from the next version stays the price of the leases requested as it.

use cosmwasm_std::{DepsMut, Env, HexBinary, MessageInfo, Response, Storage};
use ledger_types::cloud::{InstanceType, PriceVersion, Prices, Quota};

use crate::registry::{ensure_provider_admin, load_org, load_registry};
use crate::state::{CONFIG, LATEST_PRICES, ORGS, PRICES, QUOTAS};
use crate::{ContractError, ContractResult, validate};

/// The price list in force at `now`, if any.
pub fn prices_in_force(
    storage: &dyn Storage,
    provider: &str,
    now: u64,
) -> ContractResult<Option<PriceVersion>> {
    let Some(latest) = LATEST_PRICES.may_load(storage, provider)? else {
        return Ok(None);
    };
    let newest = PRICES.load(storage, (provider, latest))?;
    if newest.effective_from <= now {
        return Ok(Some(newest));
    }
    if latest <= 1 {
        return Ok(None);
    }
    Ok(Some(PRICES.load(storage, (provider, latest - 1))?))
}

/// Provider's administrator: sets the quota of `consumer`.
pub fn set_quota(
    deps: DepsMut,
    info: MessageInfo,
    provider: String,
    consumer: String,
    quota: Quota,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_provider_admin(
        deps.storage,
        &deps.querier,
        &registry,
        &provider,
        &info.sender,
    )?;
    load_org(deps.storage, &consumer)?;
    if consumer == provider {
        return Err(ContractError::SelfLease { org: provider });
    }
    validate::quota(&quota, CONFIG.load(deps.storage)?.minimums.holding_seconds)?;
    QUOTAS.save(deps.storage, (&provider, &consumer), &quota)?;
    Ok(Response::new()
        .add_attribute("action", "set_quota")
        .add_attribute("provider", provider)
        .add_attribute("consumer", consumer)
        .add_attribute("max_holding_seconds", quota.max_holding_seconds.to_string())
        .add_attribute("vcpus", quota.vcpus.to_string())
        .add_attribute("memory_mib", quota.memory_mib.to_string())
        .add_attribute("disk_gib", quota.disk_gib.to_string())
        .add_attribute("public_ips", quota.public_ips.to_string())
        .add_attribute("gpus", quota.gpus.unwrap_or(0).to_string()))
}

/// What one price-list version sells: per-unit prices and named instance types.
pub struct PriceList {
    pub prices: Prices,
    pub instance_types: Vec<InstanceType>,
}

/// Provider's administrator: publishes the next price-list version.
pub fn publish_prices(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    provider: String,
    list: PriceList,
    effective_from: u64,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_provider_admin(
        deps.storage,
        &deps.querier,
        &registry,
        &provider,
        &info.sender,
    )?;
    validate::instance_types(&list.instance_types)?;
    let now = env.block.time.seconds();
    if effective_from < now {
        return Err(ContractError::EffectiveInPast {
            effective_from,
            now,
        });
    }
    let latest = LATEST_PRICES.may_load(deps.storage, &provider)?;
    if let Some(version) = latest {
        let newest = PRICES.load(deps.storage, (&provider, version))?;
        if newest.effective_from > now {
            return Err(ContractError::PriceVersionPending {
                version,
                effective_from: newest.effective_from,
            });
        }
        if effective_from <= newest.effective_from {
            return Err(ContractError::EffectiveNotAfterLatest {
                effective_from,
                version,
                latest_from: newest.effective_from,
            });
        }
    }
    let version = latest.unwrap_or(0) + 1;
    let instance_types = list.instance_types.len();
    PRICES.save(
        deps.storage,
        (&provider, version),
        &PriceVersion {
            provider: provider.clone(),
            version,
            prices: list.prices,
            effective_from,
            published_at: now,
            instance_types: list.instance_types,
        },
    )?;
    LATEST_PRICES.save(deps.storage, &provider, &version)?;
    Ok(Response::new()
        .add_attribute("action", "publish_prices")
        .add_attribute("provider", provider)
        .add_attribute("version", version.to_string())
        .add_attribute("effective_from", effective_from.to_string())
        .add_attribute("instance_types", instance_types.to_string()))
}

/// Provider's administrator: registers its metering agent's key.
pub fn register_agent(
    deps: DepsMut,
    info: MessageInfo,
    provider: String,
    public_key: HexBinary,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    let mut org = ensure_provider_admin(
        deps.storage,
        &deps.querier,
        &registry,
        &provider,
        &info.sender,
    )?;
    validate::public_key(deps.api, &public_key, "agent key")?;
    org.agent_key = Some(public_key.clone());
    ORGS.save(deps.storage, &provider, &org)?;
    Ok(Response::new()
        .add_attribute("action", "register_agent")
        .add_attribute("provider", provider)
        .add_attribute("agent_key", public_key.to_hex()))
}
