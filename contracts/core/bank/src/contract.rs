//! Entry points; each only dispatches. The wasm exports (`wasm_entry_points!`) carry each
//! error's stable code in the chain's error text.

use cosmwasm_std::{DepsMut, Env, MessageInfo};
use cw_utils::nonpayable;
use ledger_types::bank::ExecuteMsg;

use crate::ContractResult;
use crate::execute::{billing, load_registry, payments, tokens};
pub use crate::instantiate::instantiate;
pub use crate::instantiate::reply;
pub use crate::migrate::migrate;
pub use crate::query::query;

ledger_contract_kit::wasm_entry_points!(crate::ContractError, ledger_types::bank, reply);

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> ContractResult {
    match msg {
        ExecuteMsg::Receive(msg) => tokens::receive(deps, env, info, msg),
        ExecuteMsg::Deposit {
            reference,
            recipient,
            amount,
            prepay,
        } => tokens::deposit(deps, env, info, reference, recipient, amount, prepay),
        ExecuteMsg::Redeem {
            request_id,
            payout_reference,
        } => tokens::redeem(deps, env, info, request_id, payout_reference),
        ExecuteMsg::MakePayment { meter_id, amount } => {
            payments::make_payment(deps, env, info, meter_id, amount)
        }
        ExecuteMsg::Settle { limit } => payments::settle(deps, env, info, limit),
        ExecuteMsg::ScheduleAdvances(notice) => billing::schedule_advances(deps, env, info, notice),
        ExecuteMsg::RecordBill(notice) => billing::record_bill(deps, env, info, notice),
        ExecuteMsg::Pause { reason } => {
            nonpayable(&info)?;
            let registry = load_registry(deps.storage)?;
            Ok(registry.pause(deps, &env, &info.sender, reason)?)
        }
        ExecuteMsg::Unpause {} => {
            nonpayable(&info)?;
            let registry = load_registry(deps.storage)?;
            Ok(registry.unpause(deps, &info.sender)?)
        }
    }
}
