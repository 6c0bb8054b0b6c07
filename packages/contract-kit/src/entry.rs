//! The wasm entry points of a contract, returning its errors with their codes.

/// Declares a contract's wasm entry points over its Rust ones in `crate::contract`, each
/// turning the contract's error into a [`ledger_types::error_code::Coded`] one, so that the
/// chain shows `[ledger:<code>] <message>`. The Rust functions keep returning the typed
/// `ContractError` that tests compare. Left out with the `library` feature, like any entry
/// point.
///
/// It takes the error type, the module of the contract's messages (which holds
/// `InstantiateMsg`, `ExecuteMsg`, `QueryMsg` and `MigrateMsg`) and, for a contract that
/// answers submessages, `reply`:
///
/// ```ignore
/// ledger_contract_kit::wasm_entry_points!(crate::ContractError, ledger_types::bank, reply);
/// ```
// `crate::contract` is meant: the invoking contract's own functions.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! wasm_entry_points {
    ($error:ty, $($msgs:ident)::+ $(, $reply:ident)? $(,)?) => {
        #[cfg(not(feature = "library"))]
        mod wasm {
            use ::cosmwasm_std::{
                entry_point, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response,
            };
            use ::ledger_types::error_code::Coded;

            #[allow(unused_imports)]
            use super::*;

            type Result<T> = ::core::result::Result<T, Coded<$error>>;

            #[entry_point]
            pub fn instantiate(
                deps: DepsMut,
                env: Env,
                info: MessageInfo,
                msg: $($msgs)::+::InstantiateMsg,
            ) -> Result<Response> {
                crate::contract::instantiate(deps, env, info, msg).map_err(Coded)
            }

            #[entry_point]
            pub fn execute(
                deps: DepsMut,
                env: Env,
                info: MessageInfo,
                msg: $($msgs)::+::ExecuteMsg,
            ) -> Result<Response> {
                crate::contract::execute(deps, env, info, msg).map_err(Coded)
            }

            #[entry_point]
            pub fn query(deps: Deps, env: Env, msg: $($msgs)::+::QueryMsg) -> Result<Binary> {
                crate::contract::query(deps, env, msg).map_err(Coded)
            }

            #[entry_point]
            pub fn migrate(
                deps: DepsMut,
                env: Env,
                msg: $($msgs)::+::MigrateMsg,
            ) -> Result<Response> {
                crate::contract::migrate(deps, env, msg).map_err(Coded)
            }

            $(
                $crate::wasm_entry_points!(@$reply $error);
            )?
        }
    };
    (@reply $error:ty) => {
        #[entry_point]
        pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response> {
            crate::contract::reply(deps, env, msg).map_err(Coded)
        }
    };
}
