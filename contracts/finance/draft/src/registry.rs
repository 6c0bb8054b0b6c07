//! Questions the draft contract asks the admin contract (the registry): who its administrator
//! is (it manages draft roles, and may cancel or claw back any draft), who may act as a bank
//! operator (they post bank records), and how the parties of a movement of value stand
//! (blacklisted or suspended). Asked through `ledger_contract_kit::Registry`.

use cosmwasm_std::{Addr, QuerierWrapper};
use ledger_contract_kit::Registry;
use ledger_types::admin::Role;

use crate::ContractError;

/// The registry at `admin`.
pub fn registry(admin: &Addr) -> Registry {
    Registry::new(admin.clone())
}

/// Whether `sender` is the registry's administrator.
pub fn is_registry_admin(
    querier: &QuerierWrapper,
    admin: &Addr,
    sender: &Addr,
) -> Result<bool, ContractError> {
    Ok(registry(admin).has_role(querier, sender, Role::Admin)?)
}

/// Refuses `sender` unless it is the registry's administrator.
pub fn ensure_registry_admin(
    querier: &QuerierWrapper,
    admin: &Addr,
    sender: &Addr,
) -> Result<(), ContractError> {
    if is_registry_admin(querier, admin, sender)? {
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
    if registry(admin).has_role(querier, sender, Role::BankOperator)? {
        Ok(())
    } else {
        Err(ContractError::NotBankOperator {
            sender: sender.clone(),
        })
    }
}

/// Refuses a blacklisted address: no value may reach or leave it.
pub fn ensure_not_blacklisted(
    querier: &QuerierWrapper,
    admin: &Addr,
    address: &Addr,
) -> Result<(), ContractError> {
    registry(admin).ensure_not_blacklisted(querier, address)?;
    Ok(())
}

/// Refuses a blacklisted or suspended address: it may neither act nor receive new value (a
/// draft, or a hop's release).
pub fn ensure_may_receive(
    querier: &QuerierWrapper,
    admin: &Addr,
    address: &Addr,
) -> Result<(), ContractError> {
    registry(admin).ensure_may_receive(querier, address)?;
    Ok(())
}
