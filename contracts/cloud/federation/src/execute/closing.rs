//! A lease's end: released by either side, closed by anyone once its holding period is over or
//! its escrow used up, billed exactly once; and held payouts released once no party is
//! blacklisted or suspended.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response};
use ledger_types::admin::Role;
use ledger_types::cloud::{Bill, CloseReason, Lease, LeaseStatus};

use crate::execute::leases::{end_unbilled, load_lease, not_running, with_payout};
use crate::ledger::{
    Payout, barred, charge_at, pay_or_hold, record_bill, release_resources, transfers,
};
use crate::registry::{ensure_acting_as, ensure_in_good_standing, load_org, load_registry};
use crate::state::{CONFIG, ESCROW, HELD, LEASES, USERS};
use crate::{ContractError, ContractResult};

/// Which side of a lease a sender acts for.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Side {
    Consumer,
    Provider,
}

/// The side `sender` may act for on `lease`: the provider's administrator (acting as a cloud
/// provider now), or the consumer's payer, users or administrator (in good standing now).
fn side_of(deps: &DepsMut, lease: &Lease, sender: &Addr) -> ContractResult<Side> {
    let registry = load_registry(deps.storage)?;
    let provider = load_org(deps.storage, &lease.provider)?;
    if provider.admin == *sender {
        ensure_acting_as(&deps.querier, &registry, sender, Role::CloudProvider)?;
        return Ok(Side::Provider);
    }
    let consumer = load_org(deps.storage, &lease.consumer)?;
    if lease.payer == *sender
        || consumer.admin == *sender
        || USERS.has(deps.storage, (&lease.consumer, sender))
    {
        ensure_in_good_standing(&deps.querier, &registry, sender)?;
        return Ok(Side::Consumer);
    }
    Err(ContractError::NotLeaseParty {
        lease_id: lease.id,
        sender: sender.clone(),
    })
}

/// Bills a running lease at this block: the bill recorded once with its totals, the quota
/// released, the provider paid and the rest refunded (or all of it held while a party is
/// blacklisted or suspended).
fn bill(
    deps: DepsMut,
    env: &Env,
    mut lease: Lease,
    reason: CloseReason,
    closed_by: Addr,
) -> ContractResult {
    let now = env.block.time.seconds();
    let charge = charge_at(&lease, now)?;
    let registry = load_registry(deps.storage)?;
    let config = CONFIG.load(deps.storage)?;
    let provider_payout = load_org(deps.storage, &lease.provider)?.payout;
    let bill = Bill {
        lease_id: lease.id,
        provider: lease.provider.clone(),
        consumer: lease.consumer.clone(),
        payer: lease.payer.clone(),
        resources: lease.resources,
        price_version: lease.price_version,
        instance_type: lease.instance_type.as_ref().map(|t| t.name.clone()),
        started_at: charge.started_at,
        charged_until: charge.charged_until,
        seconds: charge.charged_until - charge.started_at,
        time_charge: charge.time_charge,
        usage_gb: lease.usage_gb,
        usage_charge: charge.usage_charge,
        amount: charge.amount,
        escrow: lease.escrow,
        refund: charge.refund,
        reason,
        closed_at: now,
        closed_by: closed_by.clone(),
    };
    lease.status = LeaseStatus::Closed;
    lease.ended_at = Some(now);
    LEASES.save(deps.storage, lease.id, &lease)?;
    release_resources(deps.storage, &lease)?;
    record_bill(deps.storage, &bill)?;
    let paid = pay_or_hold(
        deps.storage,
        &deps.querier,
        &registry,
        &config.token,
        Payout {
            lease_id: lease.id,
            provider_payout: provider_payout.clone(),
            provider_amount: bill.amount,
            payer: lease.payer.clone(),
            refund: bill.refund,
        },
        now,
    )?;
    let response = Response::new()
        .add_attribute("action", "bill_lease")
        .add_attribute("lease_id", lease.id.to_string())
        .add_attribute("provider", lease.provider)
        .add_attribute("consumer", lease.consumer)
        .add_attribute("reason", reason.as_str())
        .add_attribute("closed_by", closed_by)
        .add_attribute("seconds", bill.seconds.to_string())
        .add_attribute("time_charge", bill.time_charge)
        .add_attribute("usage_charge", bill.usage_charge)
        .add_attribute("amount", bill.amount)
        .add_attribute("refund", bill.refund)
        .add_attribute("payout", provider_payout)
        .add_attribute("payer", lease.payer);
    Ok(with_payout(response, paid))
}

/// Either side releases a running lease (billed now); the consumer's side withdraws a request
/// the provider has not accepted (refunded, not billed).
pub fn release(deps: DepsMut, env: Env, info: MessageInfo, lease_id: u64) -> ContractResult {
    let lease = load_lease(deps.storage, lease_id)?;
    let side = side_of(&deps, &lease, &info.sender)?;
    match (lease.status, side) {
        (LeaseStatus::Running, Side::Consumer) => {
            bill(deps, &env, lease, CloseReason::ReleasedByUser, info.sender)
        }
        (LeaseStatus::Running, Side::Provider) => bill(
            deps,
            &env,
            lease,
            CloseReason::ReleasedByProvider,
            info.sender,
        ),
        (LeaseStatus::Requested, Side::Consumer) => {
            let now = env.block.time.seconds();
            let (lease, paid) = end_unbilled(deps, now, lease, LeaseStatus::Withdrawn, None)?;
            let response = Response::new()
                .add_attribute("action", "withdraw_lease")
                .add_attribute("lease_id", lease_id.to_string())
                .add_attribute("provider", lease.provider)
                .add_attribute("consumer", lease.consumer)
                .add_attribute("refund", lease.escrow);
            Ok(with_payout(response, paid))
        }
        // A provider turns a request down with RejectLease, which records its reason.
        _ => Err(not_running(&lease)),
    }
}

/// Anyone closes a running lease whose holding period is over or whose escrow is used up.
pub fn close(deps: DepsMut, env: Env, info: MessageInfo, lease_id: u64) -> ContractResult {
    let lease = load_lease(deps.storage, lease_id)?;
    if lease.status != LeaseStatus::Running {
        return Err(not_running(&lease));
    }
    let charge = charge_at(&lease, env.block.time.seconds())?;
    let Some(reason) = charge.closable else {
        return Err(ContractError::LeaseNotClosable {
            lease_id,
            holding_ends_at: charge.holding_ends_at,
            charge: charge.time_charge.checked_add(charge.usage_charge)?,
            escrow: lease.escrow,
        });
    };
    bill(deps, &env, lease, reason, info.sender)
}

/// Anyone pays out a held lease end once neither its payer nor its provider is blacklisted or
/// suspended.
pub fn release_held(deps: DepsMut, lease_id: u64) -> ContractResult {
    let held = HELD
        .may_load(deps.storage, lease_id)?
        .ok_or(ContractError::NothingHeld { lease_id })?;
    let registry = load_registry(deps.storage)?;
    let payout = Payout {
        lease_id,
        provider_payout: held.provider_payout,
        provider_amount: held.provider_amount,
        payer: held.payer,
        refund: held.refund,
    };
    if let Some((address, reason)) = barred(&deps.querier, &registry, &payout)? {
        return Err(ContractError::StillBarred {
            lease_id,
            address,
            reason,
        });
    }
    let token = CONFIG.load(deps.storage)?.token;
    let total = payout.provider_amount.checked_add(payout.refund)?;
    let mut escrow = ESCROW.load(deps.storage)?;
    escrow.held = escrow.held.checked_sub(total)?;
    ESCROW.save(deps.storage, &escrow)?;
    HELD.remove(deps.storage, lease_id);
    Ok(Response::new()
        .add_messages(transfers(&token, &payout)?)
        .add_attribute("action", "release_held")
        .add_attribute("lease_id", lease_id.to_string())
        .add_attribute("provider_payout", payout.provider_payout)
        .add_attribute("provider_amount", payout.provider_amount)
        .add_attribute("payer", payout.payer)
        .add_attribute("refund", payout.refund))
}
