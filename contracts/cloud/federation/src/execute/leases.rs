//! A lease from request to acceptance: the request (quota checked, priced, escrowed in one
//! step), top-ups, and the provider's acceptance or rejection.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Uint128};
use ledger_types::cloud::pricing::Rate;
use ledger_types::cloud::{
    Lease, LeaseStatus, LeasedInstance, PriceVersion, Quota, Resources, SealedTerms,
};

use crate::execute::offers::prices_in_force;
use crate::execute::terms::store_terms;
use crate::ledger::{Paid, Payout, add_resources, pay_or_hold, record_refund, release_resources};
use crate::registry::{ensure_cloud_user, ensure_provider_admin, load_org, load_registry};
use crate::state::{
    CONFIG, ESCROW, IN_USE, LAST_LEASE_ID, LEASES, OPEN_BY_PROVIDER, QUOTAS, USERS,
};
use crate::{ContractError, ContractResult, validate};

/// What a user asks for in a `RequestLease` hook.
pub struct Request {
    pub provider: String,
    /// The host by its resources, or `None` with `instance_type`.
    pub resources: Option<Resources>,
    /// The host by an instance type of the price list in force, or `None` with `resources`.
    pub instance_type: Option<String>,
    pub holding_seconds: u64,
    pub terms: Option<SealedTerms>,
}

/// The host a request asks for: its resources and, when asked by instance type, that type
/// (name and hourly price) from `in_force`. Exactly one of resources and type must be given.
fn asked_host(
    provider: &str,
    resources: Option<Resources>,
    instance_type: Option<String>,
    in_force: Option<&PriceVersion>,
) -> ContractResult<(Resources, Option<LeasedInstance>)> {
    match (resources, instance_type) {
        (Some(resources), None) => Ok((resources, None)),
        (None, None) => Err(ContractError::NoResources {}),
        (Some(_), Some(instance_type)) => {
            Err(ContractError::InstanceTypeWithResources { instance_type })
        }
        (None, Some(name)) => {
            let version = in_force.ok_or_else(|| ContractError::NoPrices {
                provider: provider.to_string(),
            })?;
            let listed =
                version
                    .instance_type(&name)
                    .ok_or_else(|| ContractError::UnknownInstanceType {
                        provider: provider.to_string(),
                        version: version.version,
                        instance_type: name.clone(),
                    })?;
            Ok((
                listed.resources,
                Some(LeasedInstance {
                    name,
                    per_hour: listed.per_hour,
                }),
            ))
        }
    }
}

/// The lease `lease_id`; `UnknownLease` when there is none.
pub fn load_lease(storage: &dyn cosmwasm_std::Storage, lease_id: u64) -> ContractResult<Lease> {
    LEASES
        .may_load(storage, lease_id)?
        .ok_or(ContractError::UnknownLease { lease_id })
}

/// The refusal of an action that needs a running lease: a request the provider has not yet
/// answered (it may still run) is told apart from a lease that has ended.
pub fn not_running(lease: &Lease) -> ContractError {
    match lease.status {
        LeaseStatus::Requested => ContractError::LeaseNotAccepted { lease_id: lease.id },
        status => ContractError::LeaseNotRunning {
            lease_id: lease.id,
            status: status.as_str().to_string(),
        },
    }
}

/// Refuses a request that would take any resource of the pair past its quota, naming the
/// first such resource, its limit and what is left.
fn ensure_within_quota(quota: &Quota, in_use: &Resources, asked: &Resources) -> ContractResult<()> {
    let rows = [
        (
            "vcpus",
            u64::from(asked.vcpus),
            u64::from(quota.vcpus),
            u64::from(in_use.vcpus),
        ),
        (
            "memory_mib",
            asked.memory_mib,
            quota.memory_mib,
            in_use.memory_mib,
        ),
        ("disk_gib", asked.disk_gib, quota.disk_gib, in_use.disk_gib),
        (
            "public_ips",
            u64::from(asked.public_ips),
            u64::from(quota.public_ips),
            u64::from(in_use.public_ips),
        ),
        (
            "gpus",
            u64::from(asked.gpus),
            u64::from(quota.gpus.unwrap_or(0)),
            u64::from(in_use.gpus),
        ),
    ];
    for (resource, requested, limit, used) in rows {
        let left = limit.saturating_sub(used);
        if requested > left {
            return Err(ContractError::OverQuota {
                resource: resource.to_string(),
                requested,
                limit,
                in_use: used,
                left,
            });
        }
    }
    Ok(())
}

/// A `CloudUser`'s request for its organisation, with the escrow sent.
pub fn request(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    escrow: Uint128,
    req: Request,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    let consumer = ensure_cloud_user(deps.storage, &deps.querier, &registry, &sender)?;
    let provider_org = load_org(deps.storage, &req.provider)?;
    if provider_org.id == consumer {
        return Err(ContractError::SelfLease { org: consumer });
    }
    let provider = provider_org.id;
    let quota = QUOTAS
        .may_load(deps.storage, (&provider, &consumer))?
        .ok_or_else(|| ContractError::NoQuota {
            provider: provider.clone(),
            consumer: consumer.clone(),
        })?;
    let minimums = CONFIG.load(deps.storage)?.minimums;
    let now = env.block.time.seconds();
    let in_force = prices_in_force(deps.storage, &provider, now)?;
    let (resources, instance_type) = asked_host(
        &provider,
        req.resources,
        req.instance_type,
        in_force.as_ref(),
    )?;
    validate::request(&resources, req.holding_seconds, minimums.holding_seconds)?;
    if req.holding_seconds > quota.max_holding_seconds {
        return Err(ContractError::HoldingOverQuota {
            holding_seconds: req.holding_seconds,
            max: quota.max_holding_seconds,
        });
    }
    let in_use = IN_USE
        .may_load(deps.storage, (&provider, &consumer))?
        .unwrap_or_default();
    ensure_within_quota(&quota, &in_use, &resources)?;
    let prices = in_force.ok_or_else(|| ContractError::NoPrices {
        provider: provider.clone(),
    })?;
    let rate = match &instance_type {
        Some(instance) => Rate::PerInstance {
            per_hour: instance.per_hour,
        },
        None => Rate::PerUnit {
            resources: &resources,
            prices: &prices.prices,
        },
    };
    let min = rate.min_escrow(minimums.prepaid_seconds)?;
    if escrow < min {
        return Err(ContractError::EscrowTooSmall { sent: escrow, min });
    }
    if let Some(terms) = &req.terms {
        validate::terms(terms)?;
    }

    let id = LAST_LEASE_ID.load(deps.storage)? + 1;
    LAST_LEASE_ID.save(deps.storage, &id)?;
    IN_USE.save(
        deps.storage,
        (&provider, &consumer),
        &add_resources(&in_use, &resources)?,
    )?;
    let mut totals = ESCROW.load(deps.storage)?;
    totals.received = totals.received.checked_add(escrow)?;
    totals.in_escrow = totals.in_escrow.checked_add(escrow)?;
    ESCROW.save(deps.storage, &totals)?;
    let lease = Lease {
        id,
        provider: provider.clone(),
        consumer: consumer.clone(),
        payer: sender.clone(),
        resources,
        holding_seconds: req.holding_seconds,
        price_version: prices.version,
        prices: prices.prices,
        instance_type,
        escrow,
        status: LeaseStatus::Requested,
        requested_at: now,
        started_at: None,
        ended_at: None,
        rejection: None,
        usage_gb: 0,
        usage_sequence: 0,
        usage_until: 0,
    };
    LEASES.save(deps.storage, id, &lease)?;
    OPEN_BY_PROVIDER.save(deps.storage, (&provider, id), &())?;
    if let Some(terms) = req.terms {
        store_terms(deps.storage, &lease, terms, &sender, now)?;
    }
    let instance = lease
        .instance_type
        .as_ref()
        .map_or(String::new(), |t| t.name.clone());
    Ok(Response::new()
        .add_attribute("action", "request_lease")
        .add_attribute("lease_id", id.to_string())
        .add_attribute("provider", provider)
        .add_attribute("consumer", consumer)
        .add_attribute("payer", sender)
        .add_attribute("escrow", escrow)
        .add_attribute("price_version", prices.version.to_string())
        .add_attribute("holding_seconds", req.holding_seconds.to_string())
        .add_attribute("instance_type", instance))
}

/// A `CloudUser` of the lease's consumer organisation adds to its escrow.
pub fn top_up(deps: DepsMut, sender: Addr, amount: Uint128, lease_id: u64) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    let org = ensure_cloud_user(deps.storage, &deps.querier, &registry, &sender)?;
    let mut lease = load_lease(deps.storage, lease_id)?;
    if org != lease.consumer || !USERS.has(deps.storage, (&lease.consumer, &sender)) {
        return Err(ContractError::NotAMember {
            address: sender,
            expected: lease.consumer,
        });
    }
    if !lease.status.is_open() {
        return Err(ContractError::LeaseNotOpen {
            lease_id,
            status: lease.status.as_str().to_string(),
        });
    }
    lease.escrow = lease.escrow.checked_add(amount)?;
    LEASES.save(deps.storage, lease_id, &lease)?;
    let mut totals = ESCROW.load(deps.storage)?;
    totals.received = totals.received.checked_add(amount)?;
    totals.in_escrow = totals.in_escrow.checked_add(amount)?;
    ESCROW.save(deps.storage, &totals)?;
    Ok(Response::new()
        .add_attribute("action", "top_up")
        .add_attribute("lease_id", lease_id.to_string())
        .add_attribute("provider", lease.provider)
        .add_attribute("consumer", lease.consumer)
        .add_attribute("by", sender)
        .add_attribute("amount", amount)
        .add_attribute("escrow", lease.escrow))
}

/// Loads a requested lease whose provider's administrator is `sender`.
fn requested_lease_of_provider(
    deps: &DepsMut,
    info: &MessageInfo,
    lease_id: u64,
) -> ContractResult<Lease> {
    let registry = load_registry(deps.storage)?;
    let lease = load_lease(deps.storage, lease_id)?;
    ensure_provider_admin(
        deps.storage,
        &deps.querier,
        &registry,
        &lease.provider,
        &info.sender,
    )?;
    if lease.status != LeaseStatus::Requested {
        return Err(ContractError::LeaseNotRequested {
            lease_id,
            status: lease.status.as_str().to_string(),
        });
    }
    Ok(lease)
}

/// The provider's administrator accepts: the lease runs from this block.
pub fn accept(deps: DepsMut, env: Env, info: MessageInfo, lease_id: u64) -> ContractResult {
    let mut lease = requested_lease_of_provider(&deps, &info, lease_id)?;
    let now = env.block.time.seconds();
    lease.status = LeaseStatus::Running;
    lease.started_at = Some(now);
    LEASES.save(deps.storage, lease_id, &lease)?;
    Ok(Response::new()
        .add_attribute("action", "accept_lease")
        .add_attribute("lease_id", lease_id.to_string())
        .add_attribute("provider", lease.provider)
        .add_attribute("consumer", lease.consumer)
        .add_attribute("started_at", now.to_string())
        .add_attribute(
            "holding_ends_at",
            now.saturating_add(lease.holding_seconds).to_string(),
        ))
}

/// Ends a lease that never ran (rejected or withdrawn): the quota is released and the whole
/// escrow refunded (or held, while the payer is blacklisted or suspended).
pub fn end_unbilled(
    deps: DepsMut,
    now: u64,
    mut lease: Lease,
    status: LeaseStatus,
    rejection: Option<String>,
) -> ContractResult<(Lease, Paid)> {
    let registry = load_registry(deps.storage)?;
    let config = CONFIG.load(deps.storage)?;
    let provider_payout = load_org(deps.storage, &lease.provider)?.payout;
    lease.status = status;
    lease.ended_at = Some(now);
    lease.rejection = rejection;
    LEASES.save(deps.storage, lease.id, &lease)?;
    release_resources(deps.storage, &lease)?;
    record_refund(deps.storage, lease.escrow)?;
    let paid = pay_or_hold(
        deps.storage,
        &deps.querier,
        &registry,
        &config.token,
        Payout {
            lease_id: lease.id,
            provider_payout,
            provider_amount: Uint128::zero(),
            payer: lease.payer.clone(),
            refund: lease.escrow,
        },
        now,
    )?;
    Ok((lease, paid))
}

/// Adds a payout's transfers (or the hold) to a response.
pub fn with_payout(response: Response, paid: Paid) -> Response {
    match paid {
        Paid::Sent(msgs) => response.add_messages(msgs).add_attribute("held", "false"),
        Paid::Held(party) => response
            .add_attribute("held", "true")
            .add_attribute("barred", party),
    }
}

/// The provider's administrator rejects a requested lease, with a reason.
pub fn reject(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    lease_id: u64,
    reason: String,
) -> ContractResult {
    let lease = requested_lease_of_provider(&deps, &info, lease_id)?;
    validate::text(&reason, "rejection reason")?;
    let now = env.block.time.seconds();
    let (lease, paid) = end_unbilled(
        deps,
        now,
        lease,
        LeaseStatus::Rejected,
        Some(reason.clone()),
    )?;
    let response = Response::new()
        .add_attribute("action", "reject_lease")
        .add_attribute("lease_id", lease_id.to_string())
        .add_attribute("provider", lease.provider)
        .add_attribute("consumer", lease.consumer)
        .add_attribute("refund", lease.escrow)
        .add_attribute("reason", reason);
    Ok(with_payout(response, paid))
}
