//! The market's actions, one module per group, and the token transfers they share.

pub mod clearing;
pub mod generators;
pub mod orders;
pub mod receive;
pub mod settlement;

use cosmwasm_std::{Addr, CosmosMsg, QuerierWrapper, Uint128, WasmMsg, to_json_binary};
use cw20::Cw20ExecuteMsg;

use crate::ContractResult;
use crate::state::Config;

/// Settlement tokens on their way out of the market: to `to` when it may receive them now
/// (`Ok(Some(message))`), or `Ok(None)` when it is blacklisted or suspended, so that the caller
/// keeps the amount as held instead of failing everyone's message.
pub fn pay_out(
    querier: &QuerierWrapper,
    config: &Config,
    to: &Addr,
    amount: Uint128,
) -> ContractResult<Option<CosmosMsg>> {
    if amount.is_zero() {
        return Ok(None);
    }
    let registry = ledger_contract_kit::Registry::new(config.admin_contract.clone());
    if registry.ensure_may_receive(querier, to).is_err() {
        return Ok(None);
    }
    Ok(Some(
        WasmMsg::Execute {
            contract_addr: config.token.to_string(),
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: to.to_string(),
                amount,
            })?,
            funds: vec![],
        }
        .into(),
    ))
}
