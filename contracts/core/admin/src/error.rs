use cosmwasm_std::{Addr, Response, StdError, Uint128};
use cw_utils::PaymentError;
use ledger_contract_kit::GuardError;
use ledger_types::admin::codes;
use ledger_types::error_code::common;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

/// Everything the admin contract refuses, in words a user understands.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Guard(#[from] GuardError),

    #[error("{sender} is not the administrator; only the administrator may {action}")]
    NotAdmin { sender: Addr, action: String },

    #[error(
        "{sender} may not blacklist or clear participants: it needs the blacklister role (registered, active, not blacklisted) or to be the administrator"
    )]
    NotBlacklister { sender: Addr },

    #[error("{sender} has not been proposed as administrator")]
    NotProposedAdmin { sender: Addr },

    #[error("there is no pending administrator proposal to cancel")]
    NoAdminProposal {},

    #[error("{address} is already the administrator")]
    AlreadyAdmin { address: Addr },

    #[error("invalid meter settings: {reason}")]
    InvalidMeterSettings { reason: String },

    #[error("the meter code id must be a stored code (greater than 0)")]
    InvalidCodeId {},

    #[error("nothing to update: give a meter code id, meter settings or both")]
    NothingToUpdate {},

    #[error("the registry is not wired yet: the {missing} contract is not set (use SetContracts)")]
    NotConfigured { missing: String },

    #[error("{address} is already a registered participant")]
    ParticipantExists { address: Addr },

    #[error("{address} is not a registered participant")]
    ParticipantNotFound { address: Addr },

    #[error("a participant's name must have 1 to {max} characters; this one has {len}")]
    InvalidName { len: usize, max: usize },

    #[error("a participant needs at least one role")]
    NoRoles {},

    #[error("the role {role} is listed more than once")]
    DuplicateRole { role: String },

    #[error(
        "the admin role cannot be granted to a participant; the administrator is moved with ProposeAdmin and AcceptAdmin"
    )]
    AdminRoleNotGrantable {},

    #[error("participant {address} is already {status}")]
    ParticipantStatusUnchanged { address: Addr, status: String },

    #[error("participant {address} does not hold the {role} role")]
    MissingRole { address: Addr, role: String },

    #[error("participant {address} is suspended")]
    ParticipantSuspended { address: Addr },

    #[error("participant {address} is blacklisted ({reason})")]
    ParticipantBlacklisted { address: Addr, reason: String },

    #[error("a blacklisting reason must have 1 to {max} characters; this one has {len}")]
    InvalidReason { len: usize, max: usize },

    #[error("participant {address} is already blacklisted ({reason})")]
    AlreadyBlacklisted { address: Addr, reason: String },

    #[error("participant {address} is not blacklisted")]
    NotBlacklisted { address: Addr },

    #[error("invalid meter id {meter_id:?}: {reason}")]
    InvalidMeterId { meter_id: String, reason: String },

    #[error("meter {meter_id} is already registered")]
    MeterExists { meter_id: String },

    #[error("meter {meter_id} is not registered")]
    MeterNotFound { meter_id: String },

    #[error(
        "the meter's public key must be a 33-byte compressed secp256k1 key starting with 0x02 or 0x03: {reason}"
    )]
    InvalidPubkey { reason: String },

    #[error("tariff {tariff_id} is not known to the tariff contract: {reason}")]
    UnknownTariff { tariff_id: String, reason: String },

    #[error("meter {meter_id} is retired; a retired meter's status cannot change")]
    MeterRetired { meter_id: String },

    #[error("meter {meter_id} is already {status}")]
    MeterStatusUnchanged { meter_id: String, status: String },

    #[error("reply to an unknown submessage (id {id})")]
    UnknownReplyId { id: u64 },

    #[error("the meter contract could not be instantiated: {reason}")]
    MeterInstantiationFailed { reason: String },

    #[error("the reply to the meter contract's instantiation cannot be read: {reason}")]
    BadInstantiateReply { reason: String },

    #[error("no meter registration is pending for owner {owner}")]
    NoMeterRegistration { owner: Addr },

    #[error(
        "time-locked operation {id} takes effect at {effective_at} (unix seconds); it is {now} now"
    )]
    TimelockNotElapsed {
        id: u64,
        effective_at: u64,
        now: u64,
    },

    #[error("there is no pending time-locked operation {id}")]
    TimelockedNotFound { id: u64 },

    #[error(
        "time-locked operation {id} transfers the administrator role; it takes effect when the proposed address sends AcceptAdmin"
    )]
    TransferNeedsAccept { id: u64 },

    #[error("a role change batch needs at least one change")]
    NoRoleChanges {},

    #[error("a role change batch may hold at most {max} changes; this one has {count}")]
    TooManyRoleChanges { count: usize, max: usize },

    #[error("{address} appears more than once in the role change batch")]
    DuplicateRoleChange { address: Addr },

    #[error("a time-lock delay may be at most {max} seconds; {seconds} was given")]
    InvalidTimelockDelay { seconds: u64, max: u64 },

    #[error("no router is set; the administrator sets one with SetRouter before regional meters")]
    NoRouter {},

    #[error("{owner}'s meters are {has}; a consumer's meters are all local or all regional")]
    MixedMeters { owner: Addr, has: String },

    #[error(
        "generation meter {meter_id} has a contracted monthly amount of {amount}; a generation meter is never billed, so nothing is advanced for it: register it with a contracted amount of 0"
    )]
    GenerationContractedAmount { meter_id: String, amount: Uint128 },

    #[error(
        "generation meter {meter_id} cannot be registered in region {region}: the park market reads main-chain meters only; register it without a region"
    )]
    RegionalGenerationMeter { meter_id: String, region: String },
}

ledger_types::error_codes!(ContractError {
    Std => common::STD,
    Payment => common::PAYMENT,
    Guard(GuardError) => inner,
    NotAdmin => codes::NOT_ADMIN,
    NotBlacklister => codes::NOT_BLACKLISTER,
    NotProposedAdmin => codes::NOT_PROPOSED_ADMIN,
    NoAdminProposal => codes::NO_ADMIN_PROPOSAL,
    AlreadyAdmin => codes::ALREADY_ADMIN,
    InvalidMeterSettings => codes::INVALID_METER_SETTINGS,
    InvalidCodeId => codes::INVALID_CODE_ID,
    NothingToUpdate => codes::NOTHING_TO_UPDATE,
    NotConfigured => codes::NOT_CONFIGURED,
    ParticipantExists => codes::PARTICIPANT_EXISTS,
    ParticipantNotFound => codes::PARTICIPANT_NOT_FOUND,
    InvalidName => codes::INVALID_NAME,
    NoRoles => codes::NO_ROLES,
    DuplicateRole => codes::DUPLICATE_ROLE,
    AdminRoleNotGrantable => codes::ADMIN_ROLE_NOT_GRANTABLE,
    ParticipantStatusUnchanged => codes::PARTICIPANT_STATUS_UNCHANGED,
    MissingRole => codes::MISSING_ROLE,
    ParticipantSuspended => codes::PARTICIPANT_SUSPENDED,
    ParticipantBlacklisted => codes::PARTICIPANT_BLACKLISTED,
    InvalidReason => codes::INVALID_REASON,
    AlreadyBlacklisted => codes::ALREADY_BLACKLISTED,
    NotBlacklisted => codes::NOT_BLACKLISTED,
    InvalidMeterId => codes::INVALID_METER_ID,
    MeterExists => codes::METER_EXISTS,
    MeterNotFound => codes::METER_NOT_FOUND,
    InvalidPubkey => codes::INVALID_PUBKEY,
    UnknownTariff => codes::UNKNOWN_TARIFF,
    MeterRetired => codes::METER_RETIRED,
    MeterStatusUnchanged => codes::METER_STATUS_UNCHANGED,
    UnknownReplyId => codes::UNKNOWN_REPLY_ID,
    MeterInstantiationFailed => codes::METER_INSTANTIATION_FAILED,
    BadInstantiateReply => codes::BAD_INSTANTIATE_REPLY,
    NoMeterRegistration => codes::NO_METER_REGISTRATION,
    TimelockNotElapsed => codes::TIMELOCK_NOT_ELAPSED,
    TimelockedNotFound => codes::TIMELOCKED_NOT_FOUND,
    TransferNeedsAccept => codes::TRANSFER_NEEDS_ACCEPT,
    NoRoleChanges => codes::NO_ROLE_CHANGES,
    TooManyRoleChanges => codes::TOO_MANY_ROLE_CHANGES,
    DuplicateRoleChange => codes::DUPLICATE_ROLE_CHANGE,
    InvalidTimelockDelay => codes::INVALID_TIMELOCK_DELAY,
    NoRouter => codes::NO_ROUTER,
    MixedMeters => codes::MIXED_METERS,
    GenerationContractedAmount => codes::GENERATION_CONTRACTED_AMOUNT,
    RegionalGenerationMeter => codes::REGIONAL_GENERATION_METER,
});

#[cfg(test)]
mod tests {
    use ledger_types::error_code::{HasCode, code_in};

    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }

    #[test]
    fn the_chain_text_carries_the_code() {
        let text = ledger_types::error_code::Coded(ContractError::NoAdminProposal {}).to_string();
        assert_eq!(code_in(&text), Some(codes::NO_ADMIN_PROPOSAL));
        let paused = ContractError::Guard(GuardError::PauseUnchanged {
            state: "running".to_string(),
        });
        assert_eq!(paused.code(), common::PAUSE_UNCHANGED);
    }
}
