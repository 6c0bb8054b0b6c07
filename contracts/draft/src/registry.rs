//! Questions the draft contract asks the admin contract (the registry): who its administrator
//! is (it manages draft roles) and who may act as a bank operator (they post bank records).

use cosmwasm_std::{Addr, QuerierWrapper};
use ledger_types::admin::{QueryMsg as AdminQuery, Role};

use crate::ContractError;

fn has_role(
    querier: &QuerierWrapper,
    admin: &Addr,
    address: &Addr,
    role: Role,
) -> Result<bool, ContractError> {
    Ok(querier.query_wasm_smart(
        admin,
        &AdminQuery::HasRole {
            address: address.to_string(),
            role,
        },
    )?)
}

/// Refuses `sender` unless it is the registry's administrator.
pub fn ensure_registry_admin(
    querier: &QuerierWrapper,
    admin: &Addr,
    sender: &Addr,
) -> Result<(), ContractError> {
    if has_role(querier, admin, sender, Role::Admin)? {
        Ok(())
    } else {
        Err(ContractError::NotRegistryAdmin {
            sender: sender.clone(),
        })
    }
}

/// Refuses `sender` unless the registry says it may act as a bank operator now.
pub fn ensure_bank_operator(
    querier: &QuerierWrapper,
    admin: &Addr,
    sender: &Addr,
) -> Result<(), ContractError> {
    if has_role(querier, admin, sender, Role::BankOperator)? {
        Ok(())
    } else {
        Err(ContractError::NotBankOperator {
            sender: sender.clone(),
        })
    }
}
