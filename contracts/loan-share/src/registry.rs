//! The one question the loan-share contract asks the admin contract (the registry): whether an
//! address is its administrator, who manages loan-share roles.

use cosmwasm_std::{Addr, QuerierWrapper};
use ledger_types::admin::{QueryMsg as AdminQuery, Role};

use crate::ContractError;

/// Refuses `sender` unless it is the registry's administrator.
pub fn ensure_registry_admin(
    querier: &QuerierWrapper,
    admin: &Addr,
    sender: &Addr,
) -> Result<(), ContractError> {
    let is_admin: bool = querier.query_wasm_smart(
        admin,
        &AdminQuery::HasRole {
            address: sender.to_string(),
            role: Role::Admin,
        },
    )?;
    if is_admin {
        Ok(())
    } else {
        Err(ContractError::NotRegistryAdmin {
            sender: sender.clone(),
        })
    }
}
