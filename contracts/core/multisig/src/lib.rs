//! A fixed-group multisig (cw-plus's `cw3-fixed-multisig` 2.0, unchanged) built as an
//! artifact of our own, `artifacts/multisig.wasm`.
//!
//! Why a crate of our own for code we do not change: a deployment should store exactly the
//! multisig code it reviewed, built with the same pinned toolchain, profile and size budget as
//! the other contracts (`make wasm`), with its checksum in `artifacts/checksums.txt`, instead
//! of a binary downloaded from elsewhere. cw3-fixed-multisig is the ecosystem's audited
//! multisig: nothing here re-implements it; these entry points only forward to it.
//!
//! Its use here: the registry's administrator (and the contracts' wasm admin, which may
//! migrate them) is a multisig of, say, three consortium members with a threshold of two, so
//! that every key operation (registering participants, resuming a paused contract, moving the
//! administrator role, migrating code) needs two signatures: one member proposes the message
//! (which counts as its vote), a second votes yes, and anyone then executes it.

pub mod contract {
    #[cfg(not(feature = "library"))]
    use cosmwasm_std::entry_point;
    use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
    use cw3_fixed_multisig::ContractError;
    use cw3_fixed_multisig::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};

    #[cfg_attr(not(feature = "library"), entry_point)]
    pub fn instantiate(
        deps: DepsMut,
        env: Env,
        info: MessageInfo,
        msg: InstantiateMsg,
    ) -> Result<Response, ContractError> {
        cw3_fixed_multisig::contract::instantiate(deps, env, info, msg)
    }

    #[cfg_attr(not(feature = "library"), entry_point)]
    pub fn execute(
        deps: DepsMut,
        env: Env,
        info: MessageInfo,
        msg: ExecuteMsg,
    ) -> Result<Response, ContractError> {
        cw3_fixed_multisig::contract::execute(deps, env, info, msg)
    }

    #[cfg_attr(not(feature = "library"), entry_point)]
    pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
        cw3_fixed_multisig::contract::query(deps, env, msg)
    }
}
