//! Entry points; each only dispatches. While the contract is paused every message but the
//! pause's own is refused before it is dispatched (after the funds check).

use cosmwasm_std::{DepsMut, Env, MessageInfo};
use cw_utils::nonpayable;
use ledger_contract_kit::{pause, wasm_entry_points};
use ledger_types::park::footprints::ExecuteMsg;

use crate::ContractResult;
use crate::execute::{offsets, publish};
pub use crate::instantiate::instantiate;
pub use crate::migrate::migrate;
pub use crate::query::query;
use crate::registry::load_registry;

wasm_entry_points!(crate::ContractError, ledger_types::park::footprints);

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> ContractResult {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::Pause { reason } => {
            let registry = load_registry(deps.storage)?;
            Ok(registry.pause(deps, &env, &info.sender, reason)?)
        }
        ExecuteMsg::Unpause {} => {
            let registry = load_registry(deps.storage)?;
            Ok(registry.unpause(deps, &info.sender)?)
        }
        ExecuteMsg::Publish { footprint } => {
            pause::ensure_running(deps.storage)?;
            publish::publish(deps, env, info, *footprint)
        }
        ExecuteMsg::LinkCredits { address } => {
            pause::ensure_running(deps.storage)?;
            offsets::link_credits(deps, info, address)
        }
        ExecuteMsg::RecordRetirement { retirement } => {
            pause::ensure_running(deps.storage)?;
            offsets::record_retirement(deps, info, retirement)
        }
    }
}
