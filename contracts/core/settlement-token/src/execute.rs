//! The pause, and the registry's gate in front of cw20-base (see the crate documentation for
//! who may move value).

use cosmwasm_std::{Addr, Deps, DepsMut, Env, MessageInfo};
use cw20::Cw20ExecuteMsg;
use ledger_contract_kit::{Registry, pause};

use crate::ContractResult;
use crate::state::REGISTRY;

/// Stops every cw20 message until the administrator resumes; a guardian or the administrator
/// may pause.
pub fn pause(deps: DepsMut, env: Env, info: MessageInfo, reason: String) -> ContractResult {
    let registry = Registry::new(REGISTRY.load(deps.storage)?);
    Ok(registry.pause(deps, &env, &info.sender, reason)?)
}

/// Resumes a paused token; the administrator only.
pub fn unpause(deps: DepsMut, info: MessageInfo) -> ContractResult {
    let registry = Registry::new(REGISTRY.load(deps.storage)?);
    Ok(registry.unpause(deps, &info.sender)?)
}

/// A cw20 message: refused while paused or when the registry's rules refuse it, otherwise
/// handed to cw20-base unchanged.
pub fn cw20(deps: DepsMut, env: Env, info: MessageInfo, msg: Cw20ExecuteMsg) -> ContractResult {
    pause::ensure_running(deps.storage)?;
    gate(deps.as_ref(), &info.sender, &msg)?;
    Ok(cw20_base::contract::execute(deps, env, info, msg)?)
}

/// Refuses a cw20 message that would move value to or from an address the registry
/// blacklisted or suspended (see the crate documentation for the rules).
fn gate(deps: Deps, sender: &Addr, msg: &Cw20ExecuteMsg) -> ContractResult<()> {
    let registry = Registry::new(REGISTRY.load(deps.storage)?);
    let querier = &deps.querier;
    // Acting, or receiving new value: blacklisted and suspended are refused.
    let acting = |address: &Addr| -> ContractResult<()> {
        registry.ensure_may_receive(querier, address)?;
        Ok(())
    };
    let address = |text: &str| deps.api.addr_validate(text);
    match msg {
        Cw20ExecuteMsg::Transfer { recipient, .. }
        | Cw20ExecuteMsg::Send {
            contract: recipient,
            ..
        } => {
            acting(sender)?;
            let recipient = address(recipient)?;
            if is_minter(deps, sender)? {
                // The minter paying an obligation in flight: only blacklisting stops it.
                registry.ensure_not_blacklisted(querier, &recipient)?;
            } else {
                acting(&recipient)?;
            }
        }
        Cw20ExecuteMsg::TransferFrom {
            owner, recipient, ..
        }
        | Cw20ExecuteMsg::SendFrom {
            owner,
            contract: recipient,
            ..
        } => {
            acting(sender)?;
            acting(&address(owner)?)?;
            acting(&address(recipient)?)?;
        }
        Cw20ExecuteMsg::Burn { .. } => acting(sender)?,
        Cw20ExecuteMsg::BurnFrom { owner, .. } => {
            acting(sender)?;
            acting(&address(owner)?)?;
        }
        Cw20ExecuteMsg::Mint { recipient, .. } => acting(&address(recipient)?)?,
        Cw20ExecuteMsg::IncreaseAllowance { spender, .. } => {
            acting(sender)?;
            registry.ensure_not_blacklisted(querier, &address(spender)?)?;
        }
        // Lowers what could move; cw20-base checks who may change the minter or marketing.
        Cw20ExecuteMsg::DecreaseAllowance { .. }
        | Cw20ExecuteMsg::UpdateMinter { .. }
        | Cw20ExecuteMsg::UpdateMarketing { .. }
        | Cw20ExecuteMsg::UploadLogo(_) => {}
    }
    Ok(())
}

fn is_minter(deps: Deps, address: &Addr) -> ContractResult<bool> {
    let info = cw20_base::state::TOKEN_INFO.load(deps.storage)?;
    Ok(info.mint.is_some_and(|mint| mint.minter == *address))
}
