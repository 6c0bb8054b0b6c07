//! Migration: this token forward only, or a plain cw20-base token upgraded in place.

use cosmwasm_std::{DepsMut, Env, Response};
use ledger_contract_kit::migrate::migrate_forward;
use ledger_types::token::MigrateMsg;

use crate::state::{CONTRACT_NAME, CONTRACT_VERSION, CW20_BASE_NAME_SUFFIX, REGISTRY};
use crate::{ContractError, ContractResult};

/// Forward-only migration of this token; a plain cw20-base token is upgraded in place when
/// the message names the registry it is to ask from then on.
pub fn migrate(deps: DepsMut, _env: Env, msg: MigrateMsg) -> ContractResult {
    let stored = cw2::get_contract_version(deps.storage)?;
    if stored.contract.ends_with(CW20_BASE_NAME_SUFFIX) {
        let registry = msg.registry.ok_or(ContractError::RegistryRequired {})?;
        let registry = deps.api.addr_validate(&registry)?;
        REGISTRY.save(deps.storage, &registry)?;
        cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
        return Ok(Response::new()
            .add_attribute("action", "migrate")
            .add_attribute(
                "from_version",
                format!("{}@{}", stored.contract, stored.version),
            )
            .add_attribute("to_version", CONTRACT_VERSION)
            .add_attribute("registry", registry));
    }
    let mut response = migrate_forward(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    if let Some(registry) = msg.registry {
        let registry = deps.api.addr_validate(&registry)?;
        REGISTRY.save(deps.storage, &registry)?;
        response = response.add_attribute("registry", registry);
    }
    Ok(response)
}
