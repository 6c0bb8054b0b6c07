//! Questions the draft contract asks the admin contract (the registry): who its administrator
//! is (it manages draft roles, and may cancel or claw back any draft), who may act as a bank
//! operator (they post bank records), and how the parties of a movement of value stand
//! (blacklisted or suspended, asked with `ledger_contract_kit::registry`'s checks directly).
//! Asked through `ledger_contract_kit::Registry`.

use cosmwasm_std::{Addr, Deps, QuerierWrapper};
use ledger_contract_kit::Registry;
use ledger_types::admin::Role;

use crate::ContractError;
use crate::ContractResult;
use crate::state::{CONFIG, Config};

/// The registry at `admin`.
pub fn registry(admin: &Addr) -> Registry {
    Registry::new(admin.clone())
}

/// Whether `sender` is the registry's administrator.
pub fn is_registry_admin(
    querier: &QuerierWrapper,
    admin: &Addr,
    sender: &Addr,
) -> ContractResult<bool> {
    Ok(registry(admin).has_role(querier, sender, Role::Admin)?)
}

/// The registry roles that let an address act in the draft contract.
#[derive(Clone, Copy)]
pub enum RegistryRole {
    /// The registry's administrator: manages draft roles.
    Admin,
    /// A bank operator: posts bank records.
    BankOperator,
}

/// The configuration, once the registry says `sender` holds `role` now; refused otherwise.
pub fn config_for_registry_role(
    deps: Deps,
    sender: &Addr,
    role: RegistryRole,
) -> ContractResult<Config> {
    let config = CONFIG.load(deps.storage)?;
    let (role, refused): (Role, fn(Addr) -> ContractError) = match role {
        RegistryRole::Admin => (Role::Admin, |sender| ContractError::NotRegistryAdmin {
            sender,
        }),
        RegistryRole::BankOperator => (Role::BankOperator, |sender| {
            ContractError::NotBankOperator { sender }
        }),
    };
    registry(&config.admin_contract).ensure_role(&deps.querier, sender, role, refused)?;
    Ok(config)
}
