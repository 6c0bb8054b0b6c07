//! Execute handlers, one module per group of actions. Every handler checks funds, then who
//! is asking, then the input, and writes only after all checks passed.

pub mod billing;
pub mod payments;
pub mod tokens;

use cosmwasm_std::{Addr, Deps, MessageInfo, Storage};
use cw_utils::nonpayable;
use ledger_contract_kit::Registry;
use ledger_contract_kit::pause::ensure_running;
use ledger_types::admin::MeterInfo;

use crate::ContractError;
use crate::ContractResult;
use crate::registry::{ensure_bank_operator, ensure_meter_contract};
use crate::state::{CONFIG, TOKEN};

/// Longest deposit reference, payout reference or payout account, in characters.
pub const MAX_TEXT_LEN: usize = 128;

/// Refuses empty (or blank) and overlong free text.
pub fn validate_text(value: &str, field: &str) -> ContractResult<()> {
    if value.trim().is_empty() {
        return Err(ContractError::EmptyText {
            field: field.to_string(),
        });
    }
    let len = value.chars().count();
    if len > MAX_TEXT_LEN {
        return Err(ContractError::TextTooLong {
            field: field.to_string(),
            len,
            max: MAX_TEXT_LEN,
        });
    }
    Ok(())
}

/// The settlement token, which exists from the end of instantiation on.
pub fn load_token(storage: &dyn Storage) -> ContractResult<Addr> {
    TOKEN
        .may_load(storage)?
        .ok_or(ContractError::TokenNotInstantiated {})
}

/// The registry (the admin contract) the bank asks.
pub fn load_registry(storage: &dyn Storage) -> ContractResult<Registry> {
    Ok(Registry::new(CONFIG.load(storage)?.admin_contract))
}

/// The guards of a bank operator's action, in their order: no funds attached, the bank
/// running, the sender a bank operator now. Returns the registry for the action's other
/// questions.
pub fn ensure_operator_action(deps: Deps, info: &MessageInfo) -> ContractResult<Registry> {
    nonpayable(info)?;
    ensure_running(deps.storage)?;
    let registry = load_registry(deps.storage)?;
    ensure_bank_operator(&deps.querier, &registry, &info.sender)?;
    Ok(registry)
}

/// The guards of a meter contract's notice, in their order: no funds attached, the bank
/// running, the sender the contract the registry recorded for `meter_id`. Returns the meter.
pub fn ensure_meter_notice(
    deps: Deps,
    info: &MessageInfo,
    meter_id: &str,
) -> ContractResult<MeterInfo> {
    nonpayable(info)?;
    ensure_running(deps.storage)?;
    let registry = load_registry(deps.storage)?;
    ensure_meter_contract(&deps.querier, &registry, &info.sender, meter_id)
}
