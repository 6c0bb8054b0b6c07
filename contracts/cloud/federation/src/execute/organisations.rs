//! Organisations and their users. The registry's administrator creates an organisation; its
//! administrator keeps its key, payout address and users.

use cosmwasm_std::{DepsMut, Env, HexBinary, MessageInfo, Response};
use ledger_types::admin::Role;
use ledger_types::cloud::Organisation;

use crate::registry::{
    ensure_acting_as, ensure_in_good_standing, ensure_org_admin, ensure_registry_admin, load_org,
    load_registry,
};
use crate::state::{ORGS, USER_ORG, USERS};
use crate::{ContractError, ContractResult, validate};

/// Registry administrator: creates an organisation whose administrator (and first payout
/// address) is a registered participant in good standing.
pub fn register(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: String,
    name: String,
    admin: String,
    encryption_key: HexBinary,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_registry_admin(&deps.querier, &registry, &info.sender)?;
    validate::org_id(&id)?;
    validate::text(&name, "organisation name")?;
    validate::public_key(deps.api, &encryption_key, "encryption key")?;
    let admin = deps.api.addr_validate(&admin)?;
    ensure_in_good_standing(&deps.querier, &registry, &admin)?;
    if ORGS.has(deps.storage, &id) {
        return Err(ContractError::OrganisationExists { id });
    }
    ORGS.save(
        deps.storage,
        &id,
        &Organisation {
            id: id.clone(),
            name,
            admin: admin.clone(),
            payout: admin.clone(),
            encryption_key,
            agent_key: None,
            registered_at: env.block.time.seconds(),
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "register_organisation")
        .add_attribute("org", id)
        .add_attribute("admin", admin))
}

/// The organisation's administrator: a new encryption key and/or payout address.
pub fn update(
    deps: DepsMut,
    info: MessageInfo,
    id: String,
    encryption_key: Option<HexBinary>,
    payout: Option<String>,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    let mut org = load_org(deps.storage, &id)?;
    ensure_org_admin(&org, &info.sender)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    if encryption_key.is_none() && payout.is_none() {
        return Err(ContractError::NothingToUpdate {});
    }
    if let Some(key) = encryption_key {
        validate::public_key(deps.api, &key, "encryption key")?;
        org.encryption_key = key;
    }
    if let Some(payout) = payout {
        let payout = deps.api.addr_validate(&payout)?;
        registry.ensure_not_blacklisted(&deps.querier, &payout)?;
        org.payout = payout;
    }
    ORGS.save(deps.storage, &id, &org)?;
    Ok(Response::new()
        .add_attribute("action", "update_organisation")
        .add_attribute("org", id)
        .add_attribute("payout", org.payout)
        .add_attribute("encryption_key", org.encryption_key.to_hex()))
}

/// The organisation's administrator: adds a user holding the registry's `CloudUser` role.
pub fn add_user(deps: DepsMut, info: MessageInfo, id: String, user: String) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    let org = load_org(deps.storage, &id)?;
    ensure_org_admin(&org, &info.sender)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let user = deps.api.addr_validate(&user)?;
    ensure_acting_as(&deps.querier, &registry, &user, Role::CloudUser)?;
    if let Some(existing) = USER_ORG.may_load(deps.storage, &user)? {
        return Err(ContractError::UserInOtherOrganisation {
            user,
            org: existing,
        });
    }
    USERS.save(deps.storage, (&id, &user), &())?;
    USER_ORG.save(deps.storage, &user, &id)?;
    Ok(Response::new()
        .add_attribute("action", "add_user")
        .add_attribute("org", id)
        .add_attribute("user", user))
}

/// The organisation's administrator: removes a user (its leases run on).
pub fn remove_user(deps: DepsMut, info: MessageInfo, id: String, user: String) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    let org = load_org(deps.storage, &id)?;
    ensure_org_admin(&org, &info.sender)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let user = deps.api.addr_validate(&user)?;
    if !USERS.has(deps.storage, (&id, &user)) {
        return Err(ContractError::NotAUser { user, org: id });
    }
    USERS.remove(deps.storage, (&id, &user));
    USER_ORG.remove(deps.storage, &user);
    Ok(Response::new()
        .add_attribute("action", "remove_user")
        .add_attribute("org", id)
        .add_attribute("user", user))
}
