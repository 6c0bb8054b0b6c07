//! Entry points; each only dispatches. While the contract is paused every message but the
//! pause's own is refused before it is dispatched (after the funds check).

use cosmwasm_std::{DepsMut, Env, MessageInfo, StdError};
use cw_utils::nonpayable;
use ledger_contract_kit::{pause, wasm_entry_points};
use ledger_types::park::credits::{ExecuteMsg, RetirementTerms};

use crate::execute::batches::{self, Proposal};
use crate::execute::classes::{self, NewClass, NewProject};
use crate::execute::holding::{self, Transfer};
use crate::execute::{market, verifiers};
pub use crate::instantiate::instantiate;
pub use crate::migrate::migrate;
pub use crate::query::query;
use crate::registry::load_registry;
use crate::{ContractError, ContractResult};

wasm_entry_points!(crate::ContractError, ledger_types::park::credits);

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> ContractResult {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::Pause { reason } => {
            let registry = load_registry(deps.storage)?;
            return Ok(registry.pause(deps, &env, &info.sender, reason)?);
        }
        ExecuteMsg::Unpause {} => {
            let registry = load_registry(deps.storage)?;
            return Ok(registry.unpause(deps, &info.sender)?);
        }
        _ => pause::ensure_running(deps.storage)?,
    }
    match msg {
        ExecuteMsg::Pause { .. } | ExecuteMsg::Unpause {} => Err(ContractError::Std(
            StdError::generic_err("pause messages are handled before dispatch"),
        )),
        ExecuteMsg::AddVerifier { standard, address } => {
            verifiers::add_verifier(deps, info, standard, address)
        }
        ExecuteMsg::RemoveVerifier { standard, address } => {
            verifiers::remove_verifier(deps, info, standard, address)
        }
        ExecuteMsg::CreateClass {
            id,
            standard,
            methodology,
            admin,
            issuers,
        } => classes::create_class(
            deps,
            env,
            info,
            NewClass {
                id,
                standard,
                methodology,
                admin,
                issuers,
            },
        ),
        ExecuteMsg::UpdateIssuers {
            class_id,
            add,
            remove,
        } => classes::update_issuers(deps, info, class_id, add, remove),
        ExecuteMsg::CreateProject {
            id,
            class_id,
            jurisdiction,
            developer,
            metadata,
        } => classes::create_project(
            deps,
            env,
            info,
            NewProject {
                id,
                class_id,
                jurisdiction,
                developer,
                metadata,
            },
        ),
        ExecuteMsg::ProposeBatch {
            project_id,
            vintage_start,
            vintage_end,
            serial_first,
            serial_last,
            issuance,
            metadata,
        } => batches::propose_batch(
            deps,
            env,
            info,
            Proposal {
                project_id,
                vintage_start,
                vintage_end,
                serial_first,
                serial_last,
                issuance,
                metadata,
            },
        ),
        ExecuteMsg::ApproveBatch { batch_id } => batches::approve_batch(deps, env, info, batch_id),
        ExecuteMsg::RejectBatch { batch_id, reason } => {
            batches::reject_batch(deps, env, info, batch_id, reason)
        }
        ExecuteMsg::Transfer {
            batch_id,
            recipient,
            amount,
            retire,
        } => holding::transfer(
            deps,
            env,
            info,
            Transfer {
                batch_id,
                recipient,
                amount,
                retire,
            },
        ),
        ExecuteMsg::Retire {
            batch_id,
            amount,
            beneficiary,
            on_behalf_of,
            jurisdiction,
            reason,
            consumption,
            product,
        } => holding::retire(
            deps,
            env,
            info,
            batch_id,
            amount,
            RetirementTerms {
                beneficiary,
                on_behalf_of,
                jurisdiction,
                reason,
                consumption,
                product,
            },
        ),
        ExecuteMsg::Cancel {
            batch_id,
            amount,
            reason,
        } => holding::cancel(deps, env, info, batch_id, amount, reason),
        ExecuteMsg::Sell {
            batch_id,
            amount,
            price,
        } => market::sell(deps, env, info, batch_id, amount, price),
        ExecuteMsg::CancelSellOrder { order_id } => {
            market::cancel_sell_order(deps, env, info, order_id)
        }
        ExecuteMsg::Receive(msg) => market::receive(deps, env, info, msg),
    }
}
