use cosmwasm_std::{Addr, OverflowError, Response, StdError};
use cw_utils::PaymentError;
use ledger_contract_kit::GuardError;
use ledger_types::error_code::common;
use ledger_types::park::codes::footprints as codes;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

/// Everything the footprints contract refuses, each with what a user needs to put it right.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error("{0}")]
    Overflow(#[from] OverflowError),

    /// The pause, a participant's standing (blacklisted, suspended), migration.
    #[error(transparent)]
    Guard(#[from] GuardError),

    // --- who may act ----------------------------------------------------------------------------
    #[error(
        "{address} is not a registered participant; the registry's administrator registers it first"
    )]
    NotAParticipant { address: Addr },

    #[error(
        "product {product_id} is declared by {company}; only that company publishes its versions, not {sender}"
    )]
    NotDeclaringCompany {
        product_id: String,
        company: Addr,
        sender: Addr,
    },

    #[error("{sender} is not the registry's administrator, who alone links the credits contract")]
    NotRegistryAdmin { sender: Addr },

    #[error(
        "{sender} is not the linked credits contract; retirements are recorded by retiring credits there"
    )]
    NotCreditsContract { sender: Addr },

    // --- the declaration ------------------------------------------------------------------------
    #[error("the footprint's {field} must be 1 to {max} bytes long; it is {len}")]
    InvalidText {
        field: String,
        len: usize,
        max: usize,
    },

    #[error("footprint id {pf_id} is not a UUID; give 8-4-4-4-12 lower-case hex digits")]
    InvalidPfId { pf_id: String },

    #[error(
        "footprint id {pf_id} was published already (product {product_id} version {version}); give each version its own id"
    )]
    DuplicatePfId {
        pf_id: String,
        product_id: String,
        version: u32,
    },

    #[error("the footprint's {field} must list 1 to {max} ids; it lists {len}")]
    InvalidIdList {
        field: String,
        len: usize,
        max: usize,
    },

    #[error("product id {product_id} is not among the footprint's productIds; list it there")]
    ProductIdNotListed { product_id: String },

    #[error("the unitary product amount must be above zero")]
    ZeroProductAmount {},

    #[error("the reference period must end after it starts; {start} to {end} was given")]
    InvalidReferencePeriod { start: u64, end: u64 },

    #[error(
        "data quality {field} of {given} is refused; coverage is 0 to 100 percent, ratings 1000 to 3000 thousandths"
    )]
    InvalidDataQuality { field: String, given: u32 },

    #[error("the document hash must be a SHA-256 of 32 bytes; {len} bytes were given")]
    InvalidDocumentHash { len: usize },

    #[error("a footprint names at most {max} inputs; {given} were given")]
    TooManyInputs { given: usize, max: usize },

    #[error(
        "input {product_id} is named twice; give each input product once with its total amount"
    )]
    DuplicateInput { product_id: String },

    #[error("product {product_id} cannot be its own input")]
    SelfInput { product_id: String },

    #[error("input {product_id} has an amount of zero; leave it out or give its amount")]
    ZeroInputAmount { product_id: String },

    // --- lookups --------------------------------------------------------------------------------
    #[error("there is no footprint of product {product_id}; its supplier publishes it first")]
    UnknownProduct { product_id: String },

    #[error("product {product_id} has no footprint version {version}; its latest is {current}")]
    UnknownVersion {
        product_id: String,
        version: u32,
        current: u32,
    },

    #[error("retirement {retirement_id} is recorded already against product {product_id}")]
    DuplicateRetirement {
        retirement_id: u64,
        product_id: String,
    },
}

ledger_types::error_codes!(ContractError {
    Std => common::STD,
    Payment => common::PAYMENT,
    Overflow => common::OVERFLOW,
    Guard(GuardError) => inner,
    NotAParticipant => codes::NOT_A_PARTICIPANT,
    NotDeclaringCompany => codes::NOT_DECLARING_COMPANY,
    InvalidText => codes::INVALID_TEXT,
    InvalidPfId => codes::INVALID_PF_ID,
    DuplicatePfId => codes::DUPLICATE_PF_ID,
    InvalidIdList => codes::INVALID_ID_LIST,
    ProductIdNotListed => codes::PRODUCT_ID_NOT_LISTED,
    ZeroProductAmount => codes::ZERO_PRODUCT_AMOUNT,
    InvalidReferencePeriod => codes::INVALID_REFERENCE_PERIOD,
    InvalidDataQuality => codes::INVALID_DATA_QUALITY,
    InvalidDocumentHash => codes::INVALID_DOCUMENT_HASH,
    TooManyInputs => codes::TOO_MANY_INPUTS,
    DuplicateInput => codes::DUPLICATE_INPUT,
    SelfInput => codes::SELF_INPUT,
    ZeroInputAmount => codes::ZERO_INPUT_AMOUNT,
    UnknownProduct => codes::UNKNOWN_PRODUCT,
    UnknownVersion => codes::UNKNOWN_VERSION,
    NotRegistryAdmin => codes::NOT_REGISTRY_ADMIN,
    NotCreditsContract => codes::NOT_CREDITS_CONTRACT,
    DuplicateRetirement => codes::DUPLICATE_RETIREMENT,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
