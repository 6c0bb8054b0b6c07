//! Who may manage tariffs: the administrator or an active retailer, as the admin contract says.

use cosmwasm_std::{Addr, Deps, StdResult};
use ledger_contract_kit::Registry;
use ledger_types::admin::Role;

use crate::ContractError;
use crate::ContractResult;
use crate::state::CONFIG;

/// Roles allowed to create tariffs and add versions, asked in this order.
pub const TARIFF_MANAGERS: [Role; 2] = [Role::Admin, Role::Retailer];

/// The admin contract, as the registry this contract asks about roles.
fn registry(deps: Deps) -> StdResult<Registry> {
    Ok(Registry::new(CONFIG.load(deps.storage)?.admin_contract))
}

/// Fails with [`ContractError::Unauthorized`] unless the admin contract says `sender` holds
/// one of [`TARIFF_MANAGERS`] now.
pub fn ensure_tariff_manager(deps: Deps, sender: &Addr) -> ContractResult<()> {
    let registry = registry(deps)?;
    for role in TARIFF_MANAGERS {
        if registry.has_role(&deps.querier, sender, role)? {
            return Ok(());
        }
    }
    Err(ContractError::Unauthorized {
        sender: sender.to_string(),
    })
}

/// Whether the admin contract says `sender` holds `role` now.
pub fn holds(deps: Deps, sender: &Addr, role: Role) -> ContractResult<bool> {
    Ok(registry(deps)?.has_role(&deps.querier, sender, role)?)
}

/// Fails with [`ContractError::NotTariffOwner`] unless `sender` is the administrator, or the
/// tariff's owner and still an active retailer.
pub fn ensure_owner_or_admin(
    deps: Deps,
    sender: &Addr,
    tariff_id: &str,
    owner: Option<&Addr>,
) -> ContractResult<()> {
    if owner == Some(sender) && holds(deps, sender, Role::Retailer)? {
        return Ok(());
    }
    if holds(deps, sender, Role::Admin)? {
        return Ok(());
    }
    Err(ContractError::NotTariffOwner {
        sender: sender.to_string(),
        tariff_id: tariff_id.to_string(),
        owner: owner.map_or_else(|| "nobody yet".to_string(), |o| o.to_string()),
    })
}
