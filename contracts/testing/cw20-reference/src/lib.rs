//! cw20-base's own entry points, unchanged: the benchmark's reference cw20 transfer.
//!
//! The ledger's settlement token is cw20-base gated by the registry: each transfer asks the
//! registry for the standing of sender and recipient, two contract queries that make it about
//! 60% heavier than a plain transfer. The benchmark's gas targets ("at most N × a cw20
//! transfer") were set against the plain one, so `make bench` stores this build
//! (`scripts/build-wasm.sh --bench` writes `artifacts/bench/cw20_reference.wasm`) and measures
//! both transfers on the same chain in the same run.

#[cfg(target_arch = "wasm32")]
mod entry {
    use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult, entry_point};
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
}
