//! Migration: only this contract's state, only forward.

use cosmwasm_std::{DepsMut, Env};
use ledger_contract_kit::migrate::forward_only;
use ledger_types::meter::MigrateMsg;

use crate::ContractResult;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

/// Refuses another contract's state and any downgrade (semantic versioning order).
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> ContractResult {
    forward_only(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)
}
