use cosmwasm_std::{Response, StdError};
use ledger_contract_kit::GuardError;
use ledger_types::token::codes;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

/// Everything the settlement token refuses: cw20-base's own refusals, the shared guards
/// (pause, blacklisting, suspension, migration), and its own.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Cw20(#[from] cw20_base::ContractError),

    #[error(transparent)]
    Guard(#[from] GuardError),

    #[error("migrating a plain cw20-base token needs the registry it is to ask from now on")]
    RegistryRequired {},
}

/// cosmwasm-std's errors travel as the shared guard's `Std` (code `common.std`), so that the
/// code is carried by one variant only.
impl From<StdError> for ContractError {
    fn from(error: StdError) -> Self {
        ContractError::Guard(GuardError::Std(error))
    }
}

ledger_types::error_codes!(ContractError {
    Cw20 => codes::CW20,
    Guard(GuardError) => inner,
    RegistryRequired => codes::REGISTRY_REQUIRED,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
