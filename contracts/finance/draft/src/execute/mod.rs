//! Execute handlers, one module per group of actions. Every handler checks funds, then who is
//! asking, then the input, and writes only after all checks passed.

pub mod application;
pub mod approval;
pub mod bank;
pub mod closing;
pub mod endorse;
pub mod issue;
pub mod progress;
pub mod roles;

use cosmwasm_std::{Addr, StdResult, Uint128, WasmMsg, to_json_binary};
use cw20::Cw20ExecuteMsg;

/// A transfer of the fund token from the contract.
pub fn transfer(token: &Addr, recipient: &Addr, amount: Uint128) -> StdResult<WasmMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: token.to_string(),
        msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
            recipient: recipient.to_string(),
            amount,
        })?,
        funds: vec![],
    })
}
