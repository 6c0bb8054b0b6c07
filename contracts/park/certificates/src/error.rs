use cosmwasm_std::{Addr, OverflowError, Response, StdError};
use cw_utils::PaymentError;
use ledger_contract_kit::GuardError;
use ledger_types::error_code::common;
use ledger_types::park::codes::certificates as codes;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

/// Everything the certificates contract refuses, each with what a user needs to put it right.
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

    // --- set-up ---------------------------------------------------------------------------------
    #[error("a validity of {given} s is refused; it must be {min} s to {max} s")]
    InvalidValidity { given: u64, min: u64, max: u64 },

    #[error("a direct-issuance delay of {given} s is refused; it may be at most {max} s")]
    InvalidDelay { given: u64, max: u64 },

    // --- who may act ----------------------------------------------------------------------------
    #[error("{sender} is not the market {market}; only the market issues certificates for trades")]
    NotTheMarket { market: Addr, sender: Addr },

    #[error(
        "{address} is not a registered participant; the registry's administrator registers it first"
    )]
    NotAParticipant { address: Addr },

    #[error(
        "meter {meter_id} is not one of the market's generators; the registry's administrator registers it there first"
    )]
    UnknownGenerator { meter_id: String },

    #[error("{sender} does not own generation meter {meter_id} ({owner} does)")]
    NotGeneratorOwner {
        meter_id: String,
        owner: String,
        sender: Addr,
    },

    #[error("certificate {id} is {owner}'s; {sender} may not move or claim it")]
    NotOwner { id: u64, owner: Addr, sender: Addr },

    // --- issuance -------------------------------------------------------------------------------
    #[error("an Issue must carry at least one certificate")]
    EmptyIssue {},

    #[error("an Issue carries at most {max} certificates; {given} were sent")]
    TooManyCertificates { given: usize, max: usize },

    #[error("a certificate must carry some energy (meter {meter_id}, hour {hour_start})")]
    ZeroEnergy { meter_id: String, hour_start: u64 },

    #[error("{hour_start} is not the start of a clock hour; give a multiple of 3600")]
    InvalidHour { hour_start: u64 },

    #[error(
        "meter {meter_id}'s unsold output of hour {hour_start} can be certified from {issuable_at}, once the market's settlements have had time to come first"
    )]
    TooEarly {
        meter_id: String,
        hour_start: u64,
        issuable_at: u64,
    },

    #[error(
        "certificates of hour {hour_start} expired at {expired_at}; that hour's output can no longer be certified"
    )]
    HourExpired { hour_start: u64, expired_at: u64 },

    #[error(
        "meter {meter_id} signed for {generated_wh} Wh in hour {hour_start} and all of it is certified; nothing is left"
    )]
    NothingToCertify {
        meter_id: String,
        hour_start: u64,
        generated_wh: u64,
    },

    #[error(
        "meter {meter_id} lives in {region}; certificates are issued on main-chain meters' readings only"
    )]
    RegionalMeter { meter_id: String, region: String },

    #[error(
        "meter {meter_id} holds more than {max} readings in hour {hour_start}; an issuance reads at most that many"
    )]
    TooManyReadings {
        meter_id: String,
        hour_start: u64,
        max: usize,
    },

    // --- holding --------------------------------------------------------------------------------
    #[error("there is no certificate {id}")]
    UnknownCertificate { id: u64 },

    #[error("certificate {id} is claimed; a claimed certificate never moves again")]
    Claimed { id: u64 },

    #[error("certificate {id} expired at {expired_at}; it can be neither transferred nor claimed")]
    Expired { id: u64, expired_at: u64 },

    #[error("certificate {id} is {owner}'s already")]
    TransferToSelf { id: u64, owner: Addr },

    #[error("a claim's {field} must be 1 to {max} bytes long; it is {len}")]
    InvalidClaimText {
        field: String,
        len: usize,
        max: usize,
    },

    #[error("a claim's consumption period must end after it starts; {from} to {to} was given")]
    InvalidPeriod { from: u64, to: u64 },

    // --- queries --------------------------------------------------------------------------------
    #[error("at most {max} certificates are verified at once; {given} were asked for")]
    TooManyIds { given: usize, max: usize },
}

ledger_types::error_codes!(ContractError {
    Std => common::STD,
    Payment => common::PAYMENT,
    Overflow => common::OVERFLOW,
    Guard(GuardError) => inner,
    InvalidValidity => codes::INVALID_VALIDITY,
    InvalidDelay => codes::INVALID_DELAY,
    NotTheMarket => codes::NOT_THE_MARKET,
    NotAParticipant => codes::NOT_A_PARTICIPANT,
    UnknownGenerator => codes::UNKNOWN_GENERATOR,
    NotGeneratorOwner => codes::NOT_GENERATOR_OWNER,
    NotOwner => codes::NOT_OWNER,
    EmptyIssue => codes::EMPTY_ISSUE,
    TooManyCertificates => codes::TOO_MANY_CERTIFICATES,
    ZeroEnergy => codes::ZERO_ENERGY,
    InvalidHour => codes::INVALID_HOUR,
    TooEarly => codes::TOO_EARLY,
    HourExpired => codes::HOUR_EXPIRED,
    NothingToCertify => codes::NOTHING_TO_CERTIFY,
    RegionalMeter => codes::REGIONAL_METER,
    TooManyReadings => codes::TOO_MANY_READINGS,
    UnknownCertificate => codes::UNKNOWN_CERTIFICATE,
    Claimed => codes::CLAIMED,
    Expired => codes::EXPIRED,
    TransferToSelf => codes::TRANSFER_TO_SELF,
    InvalidClaimText => codes::INVALID_CLAIM_TEXT,
    InvalidPeriod => codes::INVALID_PERIOD,
    TooManyIds => codes::TOO_MANY_IDS,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
