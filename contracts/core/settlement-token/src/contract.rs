//! Entry points; each only dispatches. The wasm exports (`wasm_entry_points!` in the crate
//! root) carry each error's stable code in the chain's error text.

use cosmwasm_std::{DepsMut, Env, MessageInfo};
use ledger_types::token::{EmergencyMsg, ExecuteMsg};

use crate::ContractResult;
use crate::execute as executes;
pub use crate::instantiate::instantiate;
pub use crate::migrate::migrate;
pub use crate::query::query;

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> ContractResult {
    match msg {
        ExecuteMsg::Emergency(EmergencyMsg::Pause { reason }) => {
            executes::pause(deps, env, info, reason)
        }
        ExecuteMsg::Emergency(EmergencyMsg::Unpause {}) => executes::unpause(deps, info),
        ExecuteMsg::Cw20(msg) => executes::cw20(deps, env, info, msg),
    }
}
