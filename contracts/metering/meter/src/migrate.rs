//! Migration: only this contract's state, only forward.

use cosmwasm_std::{DepsMut, Env, Response};
use ledger_types::meter::MigrateMsg;

use crate::error::ContractError;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

/// Refuses another contract's state and any downgrade (semantic versioning order).
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    Ok(ledger_contract_kit::migrate::migrate_forward(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
