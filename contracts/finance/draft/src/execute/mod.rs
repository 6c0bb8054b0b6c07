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

use cosmwasm_std::{
    Addr, OverflowError, OverflowOperation, Response, StdResult, Uint128, WasmMsg, to_json_binary,
};
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

/// A response about stage `stage` of project `project_id`, for the action `action`.
pub fn stage_response(action: &str, project_id: u64, stage: u32) -> Response {
    Response::new()
        .add_attribute("action", action)
        .add_attribute("project_id", project_id.to_string())
        .add_attribute("stage", stage.to_string())
}

/// A running count one higher, refused on overflow.
pub fn count_one_more(count: u64) -> Result<u64, OverflowError> {
    count
        .checked_add(1)
        .ok_or(OverflowError::new(OverflowOperation::Add))
}
