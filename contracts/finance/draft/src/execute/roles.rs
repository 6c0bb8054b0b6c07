//! The registry's administrator sets draft roles.

use cosmwasm_std::{DepsMut, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::draft::DraftRole;

use crate::ContractResult;
use crate::registry::{RegistryRole, config_for_registry_role};
use crate::roles::normalize;
use crate::state::ROLES;

/// Registry administrator: replaces an address's draft roles; an empty list removes them.
pub fn set_roles(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
    roles: Vec<DraftRole>,
) -> ContractResult {
    nonpayable(&info)?;
    let config = config_for_registry_role(deps.as_ref(), &info.sender, RegistryRole::Admin)?;
    let address = deps.api.addr_validate(&address)?;
    let roles = normalize(roles, config.approval_levels.len())?;

    if roles.is_empty() {
        ROLES.remove(deps.storage, &address);
    } else {
        ROLES.save(deps.storage, &address, &roles)?;
    }
    let names: Vec<String> = roles.iter().map(DraftRole::name).collect();
    Ok(Response::new()
        .add_attribute("action", "set_roles")
        .add_attribute("address", address)
        .add_attribute("roles", names.join(",")))
}
