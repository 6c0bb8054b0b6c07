//! Who may act, as the registry (the admin contract) answers it now. Standing is asked before
//! anything else, so that a blacklisted or suspended sender hears exactly that.

use cosmwasm_std::{Addr, QuerierWrapper, Storage};
use ledger_contract_kit::Registry;
use ledger_types::admin::Role;

use crate::state::CONFIG;
use crate::{ContractError, ContractResult};

/// The registry the contract asks.
pub fn load_registry(storage: &dyn Storage) -> ContractResult<Registry> {
    Ok(Registry::new(CONFIG.load(storage)?.admin_contract))
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

/// Refuses anyone but the registry's administrator.
pub fn ensure_registry_admin(
    querier: &QuerierWrapper,
    registry: &Registry,
    sender: &Addr,
) -> ContractResult<()> {
    registry.ensure_role(querier, sender, Role::Admin, |sender| {
        ContractError::NotRegistryAdmin { sender }
    })
}
