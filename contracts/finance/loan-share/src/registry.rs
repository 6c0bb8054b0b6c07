//! Questions the loan-share contract asks the admin contract (the registry), through
//! `ledger_contract_kit::Registry`: whether an address is its administrator (who manages
//! loan-share roles), and how the parties of a movement of value stand (blacklisted or
//! suspended).

use cosmwasm_std::{Addr, QuerierWrapper};
use ledger_contract_kit::Registry;
use ledger_types::admin::Role;

use crate::ContractError;

/// Refuses `sender` unless it is the registry's administrator.
pub fn ensure_registry_admin(
    querier: &QuerierWrapper,
    admin: &Addr,
    sender: &Addr,
) -> Result<(), ContractError> {
    if Registry::new(admin.clone()).has_role(querier, sender, Role::Admin)? {
        Ok(())
    } else {
        Err(ContractError::NotRegistryAdmin {
            sender: sender.clone(),
        })
    }
}

/// Refuses a blacklisted address: no value may reach or leave it. A suspended one passes
/// (what is already in flight to it still settles).
pub fn ensure_not_blacklisted(
    querier: &QuerierWrapper,
    admin: &Addr,
    address: &Addr,
) -> Result<(), ContractError> {
    Registry::new(admin.clone()).ensure_not_blacklisted(querier, address)?;
    Ok(())
}

/// Refuses a blacklisted or suspended address: it may neither act nor receive new value (a
/// recharge, a fee, a data service payment) nor start a redemption.
pub fn ensure_may_receive(
    querier: &QuerierWrapper,
    admin: &Addr,
    address: &Addr,
) -> Result<(), ContractError> {
    Registry::new(admin.clone()).ensure_may_receive(querier, address)?;
    Ok(())
}
