//! Instantiation: cw20-base's own, then the registry the token asks from then on.

use cosmwasm_std::{DepsMut, Env, MessageInfo};
use ledger_types::token::InstantiateMsg;

use crate::ContractResult;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION, REGISTRY};

pub fn instantiate(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult {
    let registry = deps.api.addr_validate(&msg.registry)?;
    REGISTRY.save(deps.storage, &registry)?;
    let base = cw20_base::msg::InstantiateMsg {
        name: msg.name,
        symbol: msg.symbol,
        decimals: msg.decimals,
        initial_balances: msg.initial_balances,
        mint: msg.mint,
        marketing: None,
    };
    let response = cw20_base::contract::instantiate(deps.branch(), env, info, base)?;
    // cw20-base recorded its own name; this contract is the gated token.
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(response
        .add_attribute("action", "instantiate")
        .add_attribute("registry", registry))
}
