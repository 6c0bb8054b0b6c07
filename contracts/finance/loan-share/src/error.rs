use cosmwasm_std::{
    Addr, CheckedMultiplyFractionError, OverflowError, Response, StdError, Uint128,
};
use cw_utils::{ParseReplyError, PaymentError};
use ledger_contract_kit::GuardError;
use ledger_types::error_code::common;
use ledger_types::loan_share::codes;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

/// Everything the loan-share contract refuses, each with the context a user needs to understand
/// why.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error("{0}")]
    ParseReply(#[from] ParseReplyError),

    #[error("{0}")]
    Overflow(#[from] OverflowError),

    #[error("{0}")]
    MultiplyFraction(#[from] CheckedMultiplyFractionError),

    /// The pause, a participant's standing (blacklisted, suspended), migration.
    #[error(transparent)]
    Guard(#[from] GuardError),

    // --- set-up -------------------------------------------------------------------------------
    #[error("the token code id must not be 0")]
    InvalidTokenCodeId {},

    #[error("token name {name:?} must be 3 to 50 bytes long")]
    InvalidTokenName { name: String },

    #[error("token symbol {symbol:?} must be 3 to 12 letters or '-'")]
    InvalidTokenSymbol { symbol: String },

    #[error("a token with {decimals} decimals is not supported; at most 18 are")]
    InvalidTokenDecimals { decimals: u8 },

    #[error("reply id {id} is not one this contract sent")]
    UnknownReplyId { id: u64 },

    #[error("instantiating the consortium token failed: {reason}")]
    TokenInstantiationFailed { reason: String },

    #[error("the token's instantiation reply did not name its address")]
    MissingTokenAddress {},

    #[error("the consortium token is not instantiated yet")]
    TokenNotReady {},

    // --- who may act ----------------------------------------------------------------------------
    #[error("{sender} is not the registry's administrator; only it manages loan-share roles")]
    NotRegistryAdmin { sender: Addr },

    #[error("{address} does not hold the loan-share role {role}")]
    MissingRole { address: Addr, role: String },

    #[error("{address} is not a lender (contributor or participant)")]
    NotALender { address: Addr },

    #[error("{address} holds no loan-share role; tokens are minted to members only")]
    NotAMember { address: Addr },

    #[error("{address} has no encryption key registered; register one first")]
    NoKeyRegistered { address: Addr },

    #[error("only the consortium token {token} may send tokens to this contract, not {sender}")]
    WrongToken { token: Addr, sender: Addr },

    #[error("plan {plan_id} belongs to {contributor}; {sender} may not do this")]
    NotPlanContributor {
        plan_id: u64,
        contributor: Addr,
        sender: Addr,
    },

    #[error(
        "confirmation {confirmation_id} is of a plan of {contributor}; only it discloses, not {sender}"
    )]
    NotConfirmationContributor {
        confirmation_id: u64,
        contributor: Addr,
        sender: Addr,
    },

    #[error("{address} contributed plan {plan_id} and cannot confirm a share of it")]
    SelfConfirmation { plan_id: u64, address: Addr },

    // --- text and keys --------------------------------------------------------------------------
    #[error("the {field} must not be empty")]
    EmptyText { field: String },

    #[error("the {field} is {len} characters long; at most {max} are allowed")]
    TextTooLong {
        field: String,
        len: usize,
        max: usize,
    },

    #[error("the {field} {value:?} must not contain whitespace or control characters")]
    InvalidIdentifier { field: String, value: String },

    #[error("the public key is {len} bytes; a compressed secp256k1 key is 33")]
    PublicKeyLength { len: usize },

    #[error("the public key starts with {prefix:#04x}; a compressed key starts with 0x02 or 0x03")]
    PublicKeyNotCompressed { prefix: u8 },

    #[error("the public key is not a point on secp256k1")]
    PublicKeyNotOnCurve {},

    // --- tokens ---------------------------------------------------------------------------------
    #[error("the {what} must be more than zero")]
    ZeroAmount { what: String },

    #[error("payment reference {reference:?} was already credited")]
    RechargeReferenceUsed { reference: String },

    #[error("no recharge has payment reference {reference:?}")]
    RechargeNotFound { reference: String },

    #[error("redemption request {id} does not exist")]
    RedemptionNotFound { id: u64 },

    #[error("redemption request {id} was already paid out (payout reference {payout_reference:?})")]
    AlreadyRedeemed { id: u64, payout_reference: String },

    #[error("payout reference {reference:?} was already used for redemption request {request_id}")]
    PayoutReferenceUsed { reference: String, request_id: u64 },

    // --- plans ----------------------------------------------------------------------------------
    #[error("{contributor} already used asset id {asset_id:?} for plan {plan_id}")]
    AssetIdUsed {
        contributor: Addr,
        asset_id: String,
        plan_id: u64,
    },

    #[error("the amount offered, {offered}, is more than the loan amount {loan_amount}")]
    OfferExceedsLoan {
        offered: Uint128,
        loan_amount: Uint128,
    },

    #[error(
        "the rate range {min_rate_bps}..={max_rate_bps} basis points must be ordered and at most {max}"
    )]
    InvalidRateRange {
        min_rate_bps: u32,
        max_rate_bps: u32,
        max: u32,
    },

    #[error("a fee rate of {fee_per_10k} per 10,000 is outside 1..={max}")]
    InvalidFeeRate { fee_per_10k: u32, max: u32 },

    #[error("a plan for {max_participants} participants is outside 1..={max}")]
    InvalidParticipantLimit { max_participants: u32, max: u32 },

    #[error("a plan must start before it ends (start {start}, end {end})")]
    InvalidWindow { start: u64, end: u64 },

    #[error("the end time {end} is not after the block time {now}")]
    EndNotInFuture { end: u64, now: u64 },

    #[error("a {loan_type} plan must carry the sealed field {field}")]
    MissingSealedField { loan_type: String, field: String },

    #[error("a {loan_type} plan carries no field {field}")]
    UnexpectedField { loan_type: String, field: String },

    #[error("the field {field} appears more than once")]
    DuplicateField { field: String },

    #[error("the ciphertext of {field} is {len} bytes; {min} to {max} are accepted")]
    CiphertextLength {
        field: String,
        len: usize,
        min: usize,
        max: usize,
    },

    #[error("the commitment of {field} is {len} bytes; it must be a 32-byte SHA-256")]
    CommitmentLength { field: String, len: usize },

    #[error("vehicle details belong to car loans only, not to a {loan_type} loan")]
    VehicleNotCarLoan { loan_type: String },

    #[error("{count} data links given; at most {max} are allowed")]
    TooManyDataLinks { count: usize, max: usize },

    #[error("plan {plan_id} does not exist")]
    PlanNotFound { plan_id: u64 },

    #[error("{contributor} has no plan for asset id {asset_id:?}")]
    AssetNotFound { contributor: Addr, asset_id: String },

    #[error("plan {plan_id} was withdrawn")]
    PlanWithdrawn { plan_id: u64 },

    #[error("plan {plan_id} closed at {end}; it is {now} now")]
    PlanEnded { plan_id: u64, end: u64, now: u64 },

    #[error("plan {plan_id} opens at {start}; it is {now} now")]
    PlanNotStarted { plan_id: u64, start: u64, now: u64 },

    #[error("plan {plan_id} has {confirmations} confirmations and can no longer be withdrawn")]
    HasConfirmations { plan_id: u64, confirmations: u32 },

    // --- confirmations --------------------------------------------------------------------------
    #[error("plan {plan_id} already has its {max_participants} participants")]
    ParticipantsFull { plan_id: u64, max_participants: u32 },

    #[error(
        "a rate of {rate_bps} basis points is outside plan {plan_id}'s range {min_rate_bps}..={max_rate_bps}"
    )]
    RateOutOfRange {
        plan_id: u64,
        rate_bps: u32,
        min_rate_bps: u32,
        max_rate_bps: u32,
    },

    #[error(
        "confirming {requested} of plan {plan_id} would exceed its offer of {offered}; {remaining} remains"
    )]
    ExceedsOffer {
        plan_id: u64,
        requested: Uint128,
        remaining: Uint128,
        offered: Uint128,
    },

    #[error(
        "{participant} already confirmed a share of plan {plan_id} (confirmation {confirmation_id})"
    )]
    AlreadyConfirmed {
        plan_id: u64,
        participant: Addr,
        confirmation_id: u64,
    },

    #[error("the fee for this share of plan {plan_id} is {expected}; {sent} was sent")]
    FeeMismatch {
        plan_id: u64,
        expected: Uint128,
        sent: Uint128,
    },

    // --- disclosures ----------------------------------------------------------------------------
    #[error("confirmation {confirmation_id} does not exist")]
    ConfirmationNotFound { confirmation_id: u64 },

    #[error("no field given to disclose")]
    NothingToDisclose {},

    #[error("confirmation {confirmation_id} is of a plan without the field {field}")]
    FieldNotInPlan { confirmation_id: u64, field: String },

    #[error("{field} was already disclosed for confirmation {confirmation_id}")]
    AlreadyDisclosed { confirmation_id: u64, field: String },
}

// The token's issuance refusals, under this contract's own variants and codes.
ledger_contract_kit::issue_errors!(ContractError);

ledger_types::error_codes!(ContractError {
    Std => common::STD,
    Payment => common::PAYMENT,
    ParseReply => common::PARSE_REPLY,
    Overflow => common::OVERFLOW,
    MultiplyFraction => codes::MULTIPLY_FRACTION,
    Guard(GuardError) => inner,
    InvalidTokenCodeId => codes::INVALID_TOKEN_CODE_ID,
    InvalidTokenName => codes::INVALID_TOKEN_NAME,
    InvalidTokenSymbol => codes::INVALID_TOKEN_SYMBOL,
    InvalidTokenDecimals => codes::INVALID_TOKEN_DECIMALS,
    UnknownReplyId => codes::UNKNOWN_REPLY_ID,
    TokenInstantiationFailed => codes::TOKEN_INSTANTIATION_FAILED,
    MissingTokenAddress => codes::MISSING_TOKEN_ADDRESS,
    TokenNotReady => codes::TOKEN_NOT_READY,
    NotRegistryAdmin => codes::NOT_REGISTRY_ADMIN,
    MissingRole => codes::MISSING_ROLE,
    NotALender => codes::NOT_A_LENDER,
    NotAMember => codes::NOT_A_MEMBER,
    NoKeyRegistered => codes::NO_KEY_REGISTERED,
    WrongToken => codes::WRONG_TOKEN,
    NotPlanContributor => codes::NOT_PLAN_CONTRIBUTOR,
    NotConfirmationContributor => codes::NOT_CONFIRMATION_CONTRIBUTOR,
    SelfConfirmation => codes::SELF_CONFIRMATION,
    EmptyText => codes::EMPTY_TEXT,
    TextTooLong => codes::TEXT_TOO_LONG,
    InvalidIdentifier => codes::INVALID_IDENTIFIER,
    PublicKeyLength => codes::PUBLIC_KEY_LENGTH,
    PublicKeyNotCompressed => codes::PUBLIC_KEY_NOT_COMPRESSED,
    PublicKeyNotOnCurve => codes::PUBLIC_KEY_NOT_ON_CURVE,
    ZeroAmount => codes::ZERO_AMOUNT,
    RechargeReferenceUsed => codes::RECHARGE_REFERENCE_USED,
    RechargeNotFound => codes::RECHARGE_NOT_FOUND,
    RedemptionNotFound => codes::REDEMPTION_NOT_FOUND,
    AlreadyRedeemed => codes::ALREADY_REDEEMED,
    PayoutReferenceUsed => codes::PAYOUT_REFERENCE_USED,
    AssetIdUsed => codes::ASSET_ID_USED,
    OfferExceedsLoan => codes::OFFER_EXCEEDS_LOAN,
    InvalidRateRange => codes::INVALID_RATE_RANGE,
    InvalidFeeRate => codes::INVALID_FEE_RATE,
    InvalidParticipantLimit => codes::INVALID_PARTICIPANT_LIMIT,
    InvalidWindow => codes::INVALID_WINDOW,
    EndNotInFuture => codes::END_NOT_IN_FUTURE,
    MissingSealedField => codes::MISSING_SEALED_FIELD,
    UnexpectedField => codes::UNEXPECTED_FIELD,
    DuplicateField => codes::DUPLICATE_FIELD,
    CiphertextLength => codes::CIPHERTEXT_LENGTH,
    CommitmentLength => codes::COMMITMENT_LENGTH,
    VehicleNotCarLoan => codes::VEHICLE_NOT_CAR_LOAN,
    TooManyDataLinks => codes::TOO_MANY_DATA_LINKS,
    PlanNotFound => codes::PLAN_NOT_FOUND,
    AssetNotFound => codes::ASSET_NOT_FOUND,
    PlanWithdrawn => codes::PLAN_WITHDRAWN,
    PlanEnded => codes::PLAN_ENDED,
    PlanNotStarted => codes::PLAN_NOT_STARTED,
    HasConfirmations => codes::HAS_CONFIRMATIONS,
    ParticipantsFull => codes::PARTICIPANTS_FULL,
    RateOutOfRange => codes::RATE_OUT_OF_RANGE,
    ExceedsOffer => codes::EXCEEDS_OFFER,
    AlreadyConfirmed => codes::ALREADY_CONFIRMED,
    FeeMismatch => codes::FEE_MISMATCH,
    ConfirmationNotFound => codes::CONFIRMATION_NOT_FOUND,
    NothingToDisclose => codes::NOTHING_TO_DISCLOSE,
    FieldNotInPlan => codes::FIELD_NOT_IN_PLAN,
    AlreadyDisclosed => codes::ALREADY_DISCLOSED,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
