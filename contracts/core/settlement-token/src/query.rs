//! Queries: cw20-base's own, the pause status and the registry.

use cosmwasm_std::{Binary, Deps, Env, from_json, to_json_binary};
use ledger_contract_kit::pause;
use ledger_types::token::{QueryMsg, TokenQueryMsg};

use crate::ContractResult;
use crate::state::REGISTRY;

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    match msg {
        QueryMsg::Cw20(msg) => {
            // cw20's query enum and cw20-base's have the same JSON; convert through it.
            let msg: cw20_base::msg::QueryMsg = from_json(to_json_binary(&msg)?)?;
            Ok(cw20_base::contract::query(deps, env, msg)?)
        }
        QueryMsg::Token(TokenQueryMsg::PauseStatus {}) => {
            Ok(to_json_binary(&pause::status(deps.storage)?)?)
        }
        QueryMsg::Token(TokenQueryMsg::Registry {}) => {
            Ok(to_json_binary(&REGISTRY.load(deps.storage)?)?)
        }
    }
}
