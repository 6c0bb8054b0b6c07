//! Verifiers per standard, registered and withdrawn by the registry's administrator.

use cosmwasm_std::{DepsMut, MessageInfo, Response};
use ledger_types::park::credits::Standard;

use crate::registry::{ensure_in_good_standing, ensure_registry_admin, load_registry};
use crate::state::VERIFIERS;
use crate::validate;
use crate::{ContractError, ContractResult};

pub fn add_verifier(
    deps: DepsMut,
    info: MessageInfo,
    standard: Standard,
    address: String,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_registry_admin(&deps.querier, &registry, &info.sender)?;
    validate::standard(&standard)?;
    let address = deps.api.addr_validate(&address)?;
    ensure_in_good_standing(&deps.querier, &registry, &address)?;
    let key = standard.registry_key();
    if VERIFIERS.has(deps.storage, (&key, &address)) {
        return Err(ContractError::VerifierExists {
            standard: key,
            address,
        });
    }
    VERIFIERS.save(deps.storage, (&key, &address), &())?;
    Ok(Response::new()
        .add_attribute("action", "add_verifier")
        .add_attribute("standard", key)
        .add_attribute("verifier", address))
}

pub fn remove_verifier(
    deps: DepsMut,
    info: MessageInfo,
    standard: Standard,
    address: String,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_registry_admin(&deps.querier, &registry, &info.sender)?;
    validate::standard(&standard)?;
    let address = deps.api.addr_validate(&address)?;
    let key = standard.registry_key();
    if !VERIFIERS.has(deps.storage, (&key, &address)) {
        return Err(ContractError::NotAVerifier {
            standard: key,
            address,
        });
    }
    VERIFIERS.remove(deps.storage, (&key, &address));
    Ok(Response::new()
        .add_attribute("action", "remove_verifier")
        .add_attribute("standard", key)
        .add_attribute("verifier", address))
}
