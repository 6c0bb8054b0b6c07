//! A pair's private terms, sealed off chain to both organisations' keys; the contract keeps
//! the envelopes, the commitment and the keys they were sealed to, from the lease's two
//! organisations only.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Storage};
use ledger_types::cloud::{Lease, SealedTerms, StoredTerms};

use crate::execute::leases::load_lease;
use crate::registry::{ensure_in_good_standing, load_org, load_registry};
use crate::state::{TERMS, USERS};
use crate::{ContractError, ContractResult, validate};

/// Stores `terms` as the lease's newest revision.
pub fn store_terms(
    storage: &mut dyn Storage,
    lease: &Lease,
    terms: SealedTerms,
    by: &Addr,
    now: u64,
) -> ContractResult<u32> {
    let revision = TERMS
        .may_load(storage, lease.id)?
        .map_or(1, |t| t.revision.saturating_add(1));
    let provider_key = load_org(storage, &lease.provider)?.encryption_key;
    let consumer_key = load_org(storage, &lease.consumer)?.encryption_key;
    TERMS.save(
        storage,
        lease.id,
        &StoredTerms {
            lease_id: lease.id,
            for_provider: terms.for_provider,
            for_consumer: terms.for_consumer,
            commitment: terms.commitment,
            provider_key,
            consumer_key,
            sealed_by: by.clone(),
            sealed_at: now,
            revision,
        },
    )?;
    Ok(revision)
}

/// Whether `sender` is a member (administrator or user) of organisation `org`.
fn is_member(storage: &dyn Storage, org: &str, sender: &Addr) -> ContractResult<bool> {
    Ok(load_org(storage, org)?.admin == *sender || USERS.has(storage, (org, sender)))
}

/// A member of either organisation of the lease, in good standing, stores its terms.
pub fn seal(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    lease_id: u64,
    terms: SealedTerms,
) -> ContractResult {
    let lease = load_lease(deps.storage, lease_id)?;
    if !is_member(deps.storage, &lease.provider, &info.sender)?
        && !is_member(deps.storage, &lease.consumer, &info.sender)?
    {
        return Err(ContractError::NotLeaseParty {
            lease_id,
            sender: info.sender,
        });
    }
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    validate::terms(&terms)?;
    let commitment = terms.commitment.to_hex();
    let revision = store_terms(
        deps.storage,
        &lease,
        terms,
        &info.sender,
        env.block.time.seconds(),
    )?;
    Ok(Response::new()
        .add_attribute("action", "seal_terms")
        .add_attribute("lease_id", lease_id.to_string())
        .add_attribute("provider", lease.provider)
        .add_attribute("consumer", lease.consumer)
        .add_attribute("revision", revision.to_string())
        .add_attribute("commitment", commitment)
        .add_attribute("by", info.sender))
}
