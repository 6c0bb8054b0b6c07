use cosmwasm_std::{Addr, CheckedMultiplyRatioError, OverflowError, Response, StdError, Uint128};
use cw_utils::{ParseReplyError, PaymentError};
use ledger_contract_kit::GuardError;
use ledger_types::bank::codes;
use ledger_types::error_code::common;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

/// Everything the bank refuses, each with the context a user needs to understand why.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// The shared refusals: pause, blacklisting, suspension, migration, and cosmwasm-std's
    /// errors (`GuardError::Std`, code `common.std`).
    #[error(transparent)]
    Guard(#[from] GuardError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error("{0}")]
    Overflow(#[from] OverflowError),

    #[error("{0}")]
    MultiplyRatio(#[from] CheckedMultiplyRatioError),

    #[error("{0}")]
    ParseReply(#[from] ParseReplyError),

    // --- set-up -------------------------------------------------------------------------------
    #[error("token code id must not be 0")]
    InvalidTokenCodeId {},

    #[error("token name {name:?} must be 3 to 50 bytes long")]
    InvalidTokenName { name: String },

    #[error("token symbol {symbol:?} must be 3 to 12 letters or '-'")]
    InvalidTokenSymbol { symbol: String },

    #[error("token decimals {decimals} must not exceed 18")]
    InvalidTokenDecimals { decimals: u8 },

    #[error("reply id {id} is not one the bank sent")]
    UnknownReplyId { id: u64 },

    #[error("the settlement token could not be instantiated: {reason}")]
    TokenInstantiationFailed { reason: String },

    #[error("the settlement token's instantiation reply carries no contract address")]
    MissingTokenAddress {},

    #[error("the settlement token has not been instantiated yet")]
    TokenNotInstantiated {},

    // --- who may act ----------------------------------------------------------------------------
    #[error("{sender} is not a bank operator")]
    NotBankOperator { sender: Addr },

    #[error("meter {meter_id} is not registered with the admin contract")]
    UnknownMeter { meter_id: String },

    #[error("only meter {meter_id}'s contract {expected} may report its billing, not {sender}")]
    NotMeterContract {
        meter_id: String,
        expected: Addr,
        sender: Addr,
    },

    #[error("only the settlement token {token} may send tokens to the bank, not {sender}")]
    WrongToken { token: Addr, sender: Addr },

    #[error("{address} is not a registered consumer; only consumers can hold prepaid balances")]
    NotAConsumer { address: Addr },

    // --- inputs ---------------------------------------------------------------------------------
    #[error("the {field} must not be empty")]
    EmptyText { field: String },

    #[error("the {field} is {len} characters long; at most {max} are allowed")]
    TextTooLong {
        field: String,
        len: usize,
        max: usize,
    },

    #[error("the {what} amount must be more than zero")]
    ZeroAmount { what: String },

    #[error("deposit reference {reference:?} has already been credited")]
    DepositReferenceUsed { reference: String },

    #[error("payout reference {reference:?} was already used for redemption {request_id}")]
    PayoutReferenceUsed { reference: String, request_id: u64 },

    #[error("redemption request {id} does not exist")]
    RedemptionNotFound { id: u64 },

    #[error("redemption request {id} was already redeemed (payout reference {payout_reference:?})")]
    AlreadyRedeemed { id: u64, payout_reference: String },

    #[error("settle limit {limit} is outside 1..={max}")]
    InvalidSettleLimit { limit: u32, max: u32 },

    #[error("a payment of {requested} exceeds the {due} open on meter {meter_id}")]
    PaymentExceedsDue {
        meter_id: String,
        due: Uint128,
        requested: Uint128,
    },

    #[error("{consumer} has {balance} prepaid, less than the {requested} requested")]
    InsufficientPrepaid {
        consumer: Addr,
        balance: Uint128,
        requested: Uint128,
    },

    // --- billing notices ------------------------------------------------------------------------
    #[error("period {period} of meter {meter_id} already has advances or a bill")]
    AlreadyScheduled { meter_id: String, period: u32 },

    #[error("the bill of period {period} of meter {meter_id} is already recorded")]
    BillAlreadyRecorded { meter_id: String, period: u32 },

    #[error("advances add up to {total_bps} basis points, more than the whole (10000)")]
    AdvancesExceedWhole { total_bps: u32 },

    #[error("{count} advances are more than the {max} a period may have")]
    TooManyAdvances { count: usize, max: usize },

    #[error(
        "the next advances must be for meter {meter_id} period {expected_period}, \
         not meter {next_meter_id} period {next_period}"
    )]
    NextNoticeMismatch {
        meter_id: String,
        expected_period: u32,
        next_meter_id: String,
        next_period: u32,
    },

    // --- records that do not exist --------------------------------------------------------------
    #[error("no deposit has reference {reference:?}")]
    DepositNotFound { reference: String },

    #[error("instalment {id} does not exist")]
    InstalmentNotFound { id: u64 },

    #[error("no bill account for period {period} of meter {meter_id}")]
    BillNotFound { meter_id: String, period: u32 },

    // --- guards of the ledger's own consistency (never reached while the books are right) -----
    #[error("instalment {id} cannot take a payment: it is {status}")]
    InstalmentNotPayable { id: u64, status: String },

    #[error("paying {payment} on instalment {id} would exceed its amount {amount} (paid {paid})")]
    InstalmentOverpaid {
        id: u64,
        amount: Uint128,
        paid: Uint128,
        payment: Uint128,
    },

    #[error("{unallocated} of the payment found no open instalment of meter {meter_id}")]
    DueMismatch {
        meter_id: String,
        unallocated: Uint128,
    },
}

/// cosmwasm-std's errors travel as the shared guard's `Std`, so that one variant carries
/// `common.std`.
impl From<StdError> for ContractError {
    fn from(error: StdError) -> Self {
        ContractError::Guard(GuardError::Std(error))
    }
}

// The token's issuance refusals, under this contract's own variants and codes.
ledger_contract_kit::issue_errors!(ContractError);

ledger_types::error_codes!(ContractError {
    Guard(GuardError) => inner,
    Payment => common::PAYMENT,
    Overflow => common::OVERFLOW,
    MultiplyRatio => codes::MULTIPLY_RATIO,
    ParseReply => common::PARSE_REPLY,
    InvalidTokenCodeId => codes::INVALID_TOKEN_CODE_ID,
    InvalidTokenName => codes::INVALID_TOKEN_NAME,
    InvalidTokenSymbol => codes::INVALID_TOKEN_SYMBOL,
    InvalidTokenDecimals => codes::INVALID_TOKEN_DECIMALS,
    UnknownReplyId => codes::UNKNOWN_REPLY_ID,
    TokenInstantiationFailed => codes::TOKEN_INSTANTIATION_FAILED,
    MissingTokenAddress => codes::MISSING_TOKEN_ADDRESS,
    TokenNotInstantiated => codes::TOKEN_NOT_INSTANTIATED,
    NotBankOperator => codes::NOT_BANK_OPERATOR,
    UnknownMeter => codes::UNKNOWN_METER,
    NotMeterContract => codes::NOT_METER_CONTRACT,
    WrongToken => codes::WRONG_TOKEN,
    NotAConsumer => codes::NOT_A_CONSUMER,
    EmptyText => codes::EMPTY_TEXT,
    TextTooLong => codes::TEXT_TOO_LONG,
    ZeroAmount => codes::ZERO_AMOUNT,
    DepositReferenceUsed => codes::DEPOSIT_REFERENCE_USED,
    PayoutReferenceUsed => codes::PAYOUT_REFERENCE_USED,
    RedemptionNotFound => codes::REDEMPTION_NOT_FOUND,
    AlreadyRedeemed => codes::ALREADY_REDEEMED,
    InvalidSettleLimit => codes::INVALID_SETTLE_LIMIT,
    PaymentExceedsDue => codes::PAYMENT_EXCEEDS_DUE,
    InsufficientPrepaid => codes::INSUFFICIENT_PREPAID,
    AlreadyScheduled => codes::ALREADY_SCHEDULED,
    BillAlreadyRecorded => codes::BILL_ALREADY_RECORDED,
    AdvancesExceedWhole => codes::ADVANCES_EXCEED_WHOLE,
    TooManyAdvances => codes::TOO_MANY_ADVANCES,
    NextNoticeMismatch => codes::NEXT_NOTICE_MISMATCH,
    DepositNotFound => codes::DEPOSIT_NOT_FOUND,
    InstalmentNotFound => codes::INSTALMENT_NOT_FOUND,
    BillNotFound => codes::BILL_NOT_FOUND,
    InstalmentNotPayable => codes::INSTALMENT_NOT_PAYABLE,
    InstalmentOverpaid => codes::INSTALMENT_OVERPAID,
    DueMismatch => codes::DUE_MISMATCH,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
