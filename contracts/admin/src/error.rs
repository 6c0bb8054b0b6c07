use cosmwasm_std::{Addr, StdError};
use cw_utils::PaymentError;
use thiserror::Error;

/// Everything the admin contract refuses, in words a user understands.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

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

    #[error("cannot migrate from contract {stored} to {expected}")]
    WrongContract { stored: String, expected: String },

    #[error("cannot migrate from version {stored} down to {new}")]
    Downgrade { stored: String, new: String },

    #[error("version {version} is not of the form major.minor.patch")]
    InvalidVersion { version: String },
}
