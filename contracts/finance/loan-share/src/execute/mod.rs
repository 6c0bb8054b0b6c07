//! Execute handlers, one module per group of actions. Every handler checks funds, then who is
//! asking, then the input, and writes only after all checks passed.

pub mod confirm;
pub mod disclose;
pub mod plans;
pub mod receive;
pub mod roles;
pub mod tokens;

use cosmwasm_std::{Addr, StdResult, Storage, Uint128, WasmMsg, to_json_binary};
use cw20::Cw20ExecuteMsg;

use crate::ContractError;
use crate::ContractResult;
use crate::state::TOKEN;

/// The consortium token (stored by the reply to its instantiation).
pub fn load_token(storage: &dyn Storage) -> ContractResult<Addr> {
    TOKEN
        .may_load(storage)?
        .ok_or(ContractError::TokenNotReady {})
}

/// A message to the consortium token.
pub fn token_msg(token: &Addr, msg: &Cw20ExecuteMsg) -> StdResult<WasmMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: token.to_string(),
        msg: to_json_binary(msg)?,
        funds: vec![],
    })
}

/// A transfer of the consortium token from the contract.
pub fn transfer(token: &Addr, recipient: &Addr, amount: Uint128) -> StdResult<WasmMsg> {
    token_msg(
        token,
        &Cw20ExecuteMsg::Transfer {
            recipient: recipient.to_string(),
            amount,
        },
    )
}
