//! The settlement token (and the consortium token of loan sharing): cw20-base, the ecosystem's
//! audited token, with every movement of value checked against the registry first and an
//! emergency pause. Nothing of cw20 is re-implemented: once a message passes the gate it is
//! handed to cw20-base unchanged.
//!
//! # Who may move value
//!
//! A *blacklisted* address neither sends nor receives: every transfer, send, burn or mint in
//! which it is the sender, the owner of an allowance or the recipient is refused with
//! `common.blacklisted`, and it may not be given a new allowance.
//!
//! A *suspended* address may not act: it cannot transfer, send (so neither prepay nor ask for a
//! redemption at the bank), burn, grant an allowance, nor have its allowance spent; and it
//! receives no new value (`common.suspended`). One movement to a suspended address is not new
//! value: a transfer or send by the token's **minter** (the bank, or the loan-share contract
//! for its own token). The minter pays only obligations already in flight (instalments owed to
//! a suspended retailer) and applies the registry's rules itself before it does; its mints are
//! always new value and are checked like any other.
//!
//! Unregistered addresses (contracts such as the bank, plain wallets) are not participants:
//! the token lets them through and leaves it to the contracts' own rules.
//!
//! `DecreaseAllowance` moves nothing and lowers what could move, so standing does not stop it
//! (a blacklisted owner may still revoke an allowance). Every cw20 message, that one included,
//! is refused while the token is paused; queries keep working.

pub mod contract {
    use cosmwasm_std::{
        Addr, Binary, Deps, DepsMut, Env, MessageInfo, Response, from_json, to_json_binary,
    };
    use cw_storage_plus::Item;
    use cw20::Cw20ExecuteMsg;
    use ledger_contract_kit::pause;
    use ledger_contract_kit::{Registry, migrate::migrate_forward};
    use ledger_types::token::{
        EmergencyMsg, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, TokenQueryMsg,
    };

    use crate::ContractError;

    pub const CONTRACT_NAME: &str = "crates.io:settlement-token";
    pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");
    /// cw2 name of a plain cw20-base token, which migration upgrades in place.
    pub const CW20_BASE_NAME: &str = "crates.io:cw20-base";

    /// The registry the token asks about standing and about who may pause.
    pub const REGISTRY: Item<Addr> = Item::new("registry");

    pub fn instantiate(
        mut deps: DepsMut,
        env: Env,
        info: MessageInfo,
        msg: InstantiateMsg,
    ) -> Result<Response, ContractError> {
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

    pub fn execute(
        deps: DepsMut,
        env: Env,
        info: MessageInfo,
        msg: ExecuteMsg,
    ) -> Result<Response, ContractError> {
        match msg {
            ExecuteMsg::Emergency(EmergencyMsg::Pause { reason }) => {
                let registry = Registry::new(REGISTRY.load(deps.storage)?);
                Ok(registry.pause(deps, &env, &info.sender, reason)?)
            }
            ExecuteMsg::Emergency(EmergencyMsg::Unpause {}) => {
                let registry = Registry::new(REGISTRY.load(deps.storage)?);
                Ok(registry.unpause(deps, &info.sender)?)
            }
            ExecuteMsg::Cw20(msg) => {
                pause::ensure_running(deps.storage)?;
                gate(deps.as_ref(), &info.sender, &msg)?;
                Ok(cw20_base::contract::execute(deps, env, info, msg)?)
            }
        }
    }

    /// Refuses a cw20 message that would move value to or from an address the registry
    /// blacklisted or suspended (see the crate documentation for the rules).
    fn gate(deps: Deps, sender: &Addr, msg: &Cw20ExecuteMsg) -> Result<(), ContractError> {
        let registry = Registry::new(REGISTRY.load(deps.storage)?);
        let querier = &deps.querier;
        // Acting, or receiving new value: blacklisted and suspended are refused.
        let acting = |address: &Addr| -> Result<(), ContractError> {
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

    fn is_minter(deps: Deps, address: &Addr) -> Result<bool, ContractError> {
        let info = cw20_base::state::TOKEN_INFO.load(deps.storage)?;
        Ok(info.mint.is_some_and(|mint| mint.minter == *address))
    }

    pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
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

    /// Forward-only migration of this token; a plain cw20-base token is upgraded in place when
    /// the message names the registry it is to ask from then on.
    pub fn migrate(deps: DepsMut, _env: Env, msg: MigrateMsg) -> Result<Response, ContractError> {
        let stored = cw2::get_contract_version(deps.storage)?;
        if stored.contract == CW20_BASE_NAME {
            let registry = msg.registry.ok_or(ContractError::RegistryRequired {})?;
            let registry = deps.api.addr_validate(&registry)?;
            REGISTRY.save(deps.storage, &registry)?;
            cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
            return Ok(Response::new()
                .add_attribute("action", "migrate")
                .add_attribute(
                    "from_version",
                    format!("{}@{}", stored.contract, stored.version),
                )
                .add_attribute("to_version", CONTRACT_VERSION)
                .add_attribute("registry", registry));
        }
        let mut response = migrate_forward(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
        if let Some(registry) = msg.registry {
            let registry = deps.api.addr_validate(&registry)?;
            REGISTRY.save(deps.storage, &registry)?;
            response = response.add_attribute("registry", registry);
        }
        Ok(response)
    }
}

mod error;

pub use error::ContractError;

ledger_contract_kit::wasm_entry_points!(ContractError {
    instantiate: ledger_types::token::InstantiateMsg,
    execute: ledger_types::token::ExecuteMsg,
    query: ledger_types::token::QueryMsg,
    migrate: ledger_types::token::MigrateMsg,
});

#[cfg(test)]
mod tests;
