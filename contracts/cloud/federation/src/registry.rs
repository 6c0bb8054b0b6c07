//! Who may act, as the registry (the admin contract) answers it now: the registry's
//! administrator, an organisation's administrator, a provider's administrator (role
//! `CloudProvider`), a requesting user (role `CloudUser`). Standing is asked before the role,
//! so that a blacklisted or suspended sender hears exactly that.

use cosmwasm_std::{Addr, QuerierWrapper, Storage};
use ledger_contract_kit::Registry;
use ledger_types::admin::Role;
use ledger_types::cloud::Organisation;

use crate::state::{CONFIG, ORGS, USER_ORG};
use crate::{ContractError, ContractResult};

/// The registry the contract asks.
pub fn load_registry(storage: &dyn Storage) -> ContractResult<Registry> {
    Ok(Registry::new(CONFIG.load(storage)?.admin_contract))
}

/// The organisation `id`; `UnknownOrganisation` when there is none.
pub fn load_org(storage: &dyn Storage, id: &str) -> ContractResult<Organisation> {
    ORGS.may_load(storage, id)?
        .ok_or_else(|| ContractError::UnknownOrganisation { id: id.to_string() })
}

/// Refuses `sender` unless it is the registry's administrator.
pub fn ensure_registry_admin(
    querier: &QuerierWrapper,
    registry: &Registry,
    sender: &Addr,
) -> ContractResult<()> {
    registry.ensure_role(querier, sender, Role::Admin, |sender| {
        ContractError::NotRegistryAdmin { sender }
    })
}

/// Refuses `address` unless it is a registered participant, active and not blacklisted.
pub fn ensure_in_good_standing(
    querier: &QuerierWrapper,
    registry: &Registry,
    address: &Addr,
) -> ContractResult<()> {
    registry.ensure_in_good_standing(querier, address, |address| ContractError::NotAParticipant {
        address,
    })
}

/// Refuses `address` unless it is in good standing and holds `role` now.
pub fn ensure_acting_as(
    querier: &QuerierWrapper,
    registry: &Registry,
    address: &Addr,
    role: Role,
) -> ContractResult<()> {
    ensure_in_good_standing(querier, registry, address)?;
    registry.ensure_role(querier, address, role, |address| match role {
        Role::CloudProvider => ContractError::NotCloudProvider { address },
        _ => ContractError::NotCloudUser { address },
    })
}

/// Refuses `sender` unless it is `org`'s administrator.
pub fn ensure_org_admin(org: &Organisation, sender: &Addr) -> ContractResult<()> {
    if org.admin != *sender {
        return Err(ContractError::NotOrganisationAdmin {
            org: org.id.clone(),
            admin: org.admin.clone(),
            sender: sender.clone(),
        });
    }
    Ok(())
}

/// The provider organisation `id`, if `sender` is its administrator and acts as a cloud
/// provider now.
pub fn ensure_provider_admin(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    registry: &Registry,
    id: &str,
    sender: &Addr,
) -> ContractResult<Organisation> {
    let org = load_org(storage, id)?;
    ensure_org_admin(&org, sender)?;
    ensure_acting_as(querier, registry, sender, Role::CloudProvider)?;
    Ok(org)
}

/// The organisation `user` requests hosts for, if it acts as a cloud user now.
pub fn ensure_cloud_user(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    registry: &Registry,
    user: &Addr,
) -> ContractResult<String> {
    ensure_acting_as(querier, registry, user, Role::CloudUser)?;
    USER_ORG
        .may_load(storage, user)?
        .ok_or_else(|| ContractError::NotAMember {
            address: user.clone(),
            expected: "any organisation".to_string(),
        })
}
