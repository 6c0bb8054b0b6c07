//! The settlement token is plain cw20-base; this crate only gives it entry points of its own so
//! that `make wasm` builds it beside the other contracts. The bank instantiates it and is its
//! only minter. cw20-base is the ecosystem's audited token: nothing here re-implements it.

#[cfg(not(feature = "library"))]
mod entry {
    use cosmwasm_std::{
        Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdResult, entry_point,
    };
    use cw20_base::ContractError;
    use cw20_base::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};

    #[entry_point]
    pub fn instantiate(
        deps: DepsMut,
        env: Env,
        info: MessageInfo,
        msg: InstantiateMsg,
    ) -> Result<Response, ContractError> {
        cw20_base::contract::instantiate(deps, env, info, msg)
    }

    #[entry_point]
    pub fn execute(
        deps: DepsMut,
        env: Env,
        info: MessageInfo,
        msg: ExecuteMsg,
    ) -> Result<Response, ContractError> {
        cw20_base::contract::execute(deps, env, info, msg)
    }

    #[entry_point]
    pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
        cw20_base::contract::query(deps, env, msg)
    }

    #[entry_point]
    pub fn migrate(deps: DepsMut, env: Env, msg: Empty) -> Result<Response, ContractError> {
        cw20_base::contract::migrate(deps, env, msg)
    }
}
