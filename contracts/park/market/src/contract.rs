//! Entry points; each only dispatches. While the contract is paused every message but the
//! pause's own is refused before it is dispatched (after the funds check).

use cosmwasm_std::{DepsMut, Env, MessageInfo, StdError};
use cw_utils::nonpayable;
use ledger_contract_kit::{pause, wasm_entry_points};
use ledger_types::park::ExecuteMsg;

use crate::execute::{clearing, generators, orders, receive, settlement};
pub use crate::instantiate::instantiate;
pub use crate::migrate::migrate;
pub use crate::query::query;
use crate::registry::load_registry;
use crate::{ContractError, ContractResult};

wasm_entry_points!(crate::ContractError, ledger_types::park);

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> ContractResult {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::Pause { reason } => {
            let registry = load_registry(deps.storage)?;
            return Ok(registry.pause(deps, &env, &info.sender, reason)?);
        }
        ExecuteMsg::Unpause {} => {
            let registry = load_registry(deps.storage)?;
            return Ok(registry.unpause(deps, &info.sender)?);
        }
        _ => pause::ensure_running(deps.storage)?,
    }
    match msg {
        ExecuteMsg::Pause { .. } | ExecuteMsg::Unpause {} => Err(ContractError::Std(
            StdError::generic_err("pause messages are handled before dispatch"),
        )),
        ExecuteMsg::Receive(msg) => receive::receive(deps, env, info, msg),
        ExecuteMsg::RegisterGenerator {
            meter_id,
            energy_type,
            carbon_g_per_kwh,
        } => generators::register(deps, info, meter_id, energy_type, carbon_g_per_kwh),
        ExecuteMsg::SetCertificates { address } => {
            generators::set_certificates(deps, env, info, address)
        }
        ExecuteMsg::PostOffer {
            slot,
            meter_id,
            energy_wh,
            min_price,
        } => orders::post_offer(deps, env, info, slot, meter_id, energy_wh, min_price),
        ExecuteMsg::CancelOrder { order_id } => orders::cancel(deps, env, info, order_id),
        ExecuteMsg::ClearSlot { slot, limit } => clearing::clear(deps, env, slot, limit),
        ExecuteMsg::SettleOffer { offer_id } => settlement::settle(deps, env, offer_id),
        ExecuteMsg::ReleaseHeld { order_id } => settlement::release_held(deps, order_id),
    }
}
