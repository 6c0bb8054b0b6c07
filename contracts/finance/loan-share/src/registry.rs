//! Questions the loan-share contract asks the admin contract (the registry), through
//! `ledger_contract_kit::Registry`: whether an address is its administrator (who manages
//! loan-share roles). How the parties of a movement of value stand (blacklisted or suspended)
//! is asked with `ledger_contract_kit::registry`'s checks directly.

use cosmwasm_std::{Addr, QuerierWrapper};
use ledger_contract_kit::Registry;
use ledger_types::admin::Role;

use crate::ContractError;
use crate::ContractResult;

/// Refuses `sender` unless it is the registry's administrator.
pub fn ensure_registry_admin(
    querier: &QuerierWrapper,
    admin: &Addr,
    sender: &Addr,
) -> ContractResult<()> {
    Registry::new(admin.clone()).ensure_role(querier, sender, Role::Admin, |sender| {
        ContractError::NotRegistryAdmin { sender }
    })
}
