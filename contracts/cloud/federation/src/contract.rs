//! Entry points; each only dispatches. While the contract is paused every message but the
//! pause's own is refused before it is dispatched (after the funds check).

use cosmwasm_std::{DepsMut, Env, MessageInfo};
use cw_utils::nonpayable;
use ledger_contract_kit::pause;
use ledger_contract_kit::wasm_entry_points;
use ledger_types::cloud::ExecuteMsg;

use crate::execute::{closing, leases, offers, organisations, receive, terms, usage};
pub use crate::instantiate::instantiate;
pub use crate::migrate::migrate;
pub use crate::query::query;
use crate::registry::load_registry;
use crate::{ContractError, ContractResult};

wasm_entry_points!(crate::ContractError, ledger_types::cloud);

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
            cosmwasm_std::StdError::generic_err("pause messages are handled before dispatch"),
        )),
        ExecuteMsg::Receive(msg) => receive::receive(deps, env, info, msg),
        ExecuteMsg::RegisterOrganisation {
            id,
            name,
            admin,
            encryption_key,
        } => organisations::register(deps, env, info, id, name, admin, encryption_key),
        ExecuteMsg::UpdateOrganisation {
            org,
            encryption_key,
            payout,
        } => organisations::update(deps, info, org, encryption_key, payout),
        ExecuteMsg::AddUser { org, user } => organisations::add_user(deps, info, org, user),
        ExecuteMsg::RemoveUser { org, user } => organisations::remove_user(deps, info, org, user),
        ExecuteMsg::SetQuota {
            provider,
            consumer,
            quota,
        } => offers::set_quota(deps, info, provider, consumer, quota),
        ExecuteMsg::PublishPrices {
            provider,
            prices,
            effective_from,
            instance_types,
        } => offers::publish_prices(
            deps,
            env,
            info,
            provider,
            offers::PriceList {
                prices,
                instance_types,
            },
            effective_from,
        ),
        ExecuteMsg::RegisterAgent {
            provider,
            public_key,
        } => offers::register_agent(deps, info, provider, public_key),
        ExecuteMsg::AcceptLease { lease_id } => leases::accept(deps, env, info, lease_id),
        ExecuteMsg::RejectLease { lease_id, reason } => {
            leases::reject(deps, env, info, lease_id, reason)
        }
        ExecuteMsg::ReleaseLease { lease_id } => closing::release(deps, env, info, lease_id),
        ExecuteMsg::CloseLease { lease_id } => closing::close(deps, env, info, lease_id),
        ExecuteMsg::SubmitUsage { records } => usage::submit(deps, env, records),
        ExecuteMsg::SealTerms { lease_id, terms } => terms::seal(deps, env, info, lease_id, terms),
        ExecuteMsg::ReleaseHeld { lease_id } => closing::release_held(deps, lease_id),
    }
}
