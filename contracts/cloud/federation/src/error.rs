use cosmwasm_std::{Addr, OverflowError, Response, StdError, Uint128};
use cw_utils::PaymentError;
use ledger_contract_kit::GuardError;
use ledger_types::cloud::codes;
use ledger_types::error_code::common;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

/// Everything the cloud contract refuses, each with what a user needs to put it right.
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
    #[error("{sender} is not the registry's administrator; only it registers organisations")]
    NotRegistryAdmin { sender: Addr },

    #[error("{sender} is not the administrator of organisation {org} ({admin} is)")]
    NotOrganisationAdmin {
        org: String,
        admin: Addr,
        sender: Addr,
    },

    #[error(
        "{address} does not hold the registry's cloud_provider role; ask the registry's administrator to grant it"
    )]
    NotCloudProvider { address: Addr },

    #[error(
        "{address} does not hold the registry's cloud_user role; ask the registry's administrator to grant it"
    )]
    NotCloudUser { address: Addr },

    #[error(
        "{address} is not a registered participant; the registry's administrator registers it first"
    )]
    NotAParticipant { address: Addr },

    #[error(
        "{address} is not a user of {expected}; its organisation's administrator adds it with AddUser"
    )]
    NotAMember { address: Addr, expected: String },

    #[error("{sender} may not do this to lease {lease_id}: it is on neither side the action needs")]
    NotLeaseParty { lease_id: u64, sender: Addr },

    #[error("only the settlement token {token} may send tokens to this contract, not {sender}")]
    WrongToken { token: Addr, sender: Addr },

    #[error(
        "{user} is already a user of organisation {org}; an address belongs to one organisation"
    )]
    UserInOtherOrganisation { user: Addr, org: String },

    #[error("{user} is not a user of organisation {org}")]
    NotAUser { user: Addr, org: String },

    // --- organisations, quotas, prices ----------------------------------------------------------
    #[error("organisation id {id:?} must be 1 to {max} letters, digits, '-', '_' or '.'")]
    InvalidOrgId { id: String, max: usize },

    #[error("organisation {id} exists already")]
    OrganisationExists { id: String },

    #[error("there is no organisation {id}")]
    UnknownOrganisation { id: String },

    #[error("the {field} must not be empty")]
    EmptyText { field: String },

    #[error("the {field} is {len} characters long; at most {max} are allowed")]
    TextTooLong {
        field: String,
        len: usize,
        max: usize,
    },

    #[error("the {what} is {len} bytes; a compressed secp256k1 key is 33")]
    PublicKeyLength { what: String, len: usize },

    #[error("the {what} starts with {prefix:#04x}; a compressed key starts with 0x02 or 0x03")]
    PublicKeyNotCompressed { what: String, prefix: u8 },

    #[error("the {what} is not a point on secp256k1")]
    PublicKeyNotOnCurve { what: String },

    #[error("the update names nothing to change; give an encryption key, a payout address or both")]
    NothingToUpdate {},

    #[error("organisation {org} cannot be its own provider")]
    SelfLease { org: String },

    #[error(
        "a minimum {what} of {seconds} s is outside what the contract accepts, {lowest} to {highest} s"
    )]
    InvalidMinimum {
        what: String,
        seconds: u64,
        lowest: u64,
        highest: u64,
    },

    #[error(
        "a quota's longest holding period of {max_holding_seconds} s is shorter than the shortest lease, {min} s"
    )]
    HoldingLimitTooShort { max_holding_seconds: u64, min: u64 },

    #[error("provider {provider} grants {consumer} no quota; its administrator sets one first")]
    NoQuota { provider: String, consumer: String },

    #[error(
        "provider {provider} has no price list in force; its administrator publishes one first"
    )]
    NoPrices { provider: String },

    #[error("a price list cannot take effect at {effective_from}, before this block ({now})")]
    EffectiveInPast { effective_from: u64, now: u64 },

    #[error(
        "a price list must take effect after version {version}'s date {latest_from}, not at {effective_from}"
    )]
    EffectiveNotAfterLatest {
        effective_from: u64,
        version: u32,
        latest_from: u64,
    },

    #[error(
        "price list version {version} waits for its date {effective_from}; publish again once it is in force"
    )]
    PriceVersionPending { version: u32, effective_from: u64 },

    #[error("a price list carries at most {max} instance types; this one has {count}")]
    TooManyInstanceTypes { count: usize, max: usize },

    #[error(
        "instance type name {name:?} is not 1 to {max} letters, digits, '-', '_' or '.' (as in m1.large)"
    )]
    InvalidInstanceName { name: String, max: usize },

    #[error("instance type {name} is listed twice; give each type of a price list its own name")]
    DuplicateInstanceType { name: String },

    #[error("instance type {name} needs at least one vCPU and some memory")]
    EmptyInstanceType { name: String },

    // --- requests -------------------------------------------------------------------------------
    #[error("a host needs at least one vCPU and some memory")]
    EmptyResources {},

    #[error("a request names a host by resources or by an instance type; give one of the two")]
    NoResources {},

    #[error(
        "a request names instance type {instance_type} and also gives resources; leave the resources out (the type fixes them) or name no type"
    )]
    InstanceTypeWithResources { instance_type: String },

    #[error(
        "{provider}'s price list in force (version {version}) sells no instance type {instance_type}; its types are listed with its prices"
    )]
    UnknownInstanceType {
        provider: String,
        version: u32,
        instance_type: String,
    },

    #[error("a holding period of {holding_seconds} s is shorter than the shortest lease, {min} s")]
    HoldingTooShort { holding_seconds: u64, min: u64 },

    #[error("a holding period of {holding_seconds} s is past the quota's maximum of {max} s")]
    HoldingOverQuota { holding_seconds: u64, max: u64 },

    #[error("{requested} {resource} would pass the quota of {limit}: {in_use} in use, {left} left")]
    OverQuota {
        resource: String,
        requested: u64,
        limit: u64,
        in_use: u64,
        left: u64,
    },

    #[error("an escrow of {sent} does not cover the minimum prepaid hour of this lease, {min}")]
    EscrowTooSmall { sent: Uint128, min: Uint128 },

    #[error("no tokens were sent")]
    ZeroAmount {},

    // --- leases ---------------------------------------------------------------------------------
    #[error("there is no lease {lease_id}")]
    UnknownLease { lease_id: u64 },

    #[error("lease {lease_id} is {status}, not waiting for the provider")]
    LeaseNotRequested { lease_id: u64, status: String },

    #[error("lease {lease_id} is {status}, not running")]
    LeaseNotRunning { lease_id: u64, status: String },

    #[error(
        "lease {lease_id} was never accepted: it waits for its provider, who accepts it (AcceptLease) or rejects it (RejectLease); its consumer may withdraw it (ReleaseLease)"
    )]
    LeaseNotAccepted { lease_id: u64 },

    #[error("lease {lease_id} is {status}; only requested or running leases take this")]
    LeaseNotOpen { lease_id: u64, status: String },

    #[error(
        "lease {lease_id} runs until {holding_ends_at} and its charge of {charge} is below its escrow of {escrow}; only its parties may release it now"
    )]
    LeaseNotClosable {
        lease_id: u64,
        holding_ends_at: u64,
        charge: Uint128,
        escrow: Uint128,
    },

    // --- usage ----------------------------------------------------------------------------------
    #[error("provider {provider} has no metering agent key; its administrator registers one first")]
    NoAgentKey { provider: String },

    #[error("no usage records given")]
    EmptyUsageBatch {},

    #[error("{count} usage records given; at most {max} fit one message")]
    TooManyUsageRecords { count: usize, max: usize },

    #[error(
        "usage record {sequence} of lease {lease_id} is not signed by provider {provider}'s agent key over its canonical bytes"
    )]
    BadUsageSignature {
        lease_id: u64,
        sequence: u64,
        provider: String,
    },

    #[error("usage record {sequence} of lease {lease_id} is not after the last one, {last}")]
    UsageSequence {
        lease_id: u64,
        sequence: u64,
        last: u64,
    },

    #[error(
        "usage record {sequence} of lease {lease_id} starts at {start}, not before its end {end}"
    )]
    UsagePeriodInvalid {
        lease_id: u64,
        sequence: u64,
        start: u64,
        end: u64,
    },

    #[error(
        "usage record {sequence} of lease {lease_id} starts at {start}, before {from} (the lease's start or the last record's end)"
    )]
    UsagePeriodOverlap {
        lease_id: u64,
        sequence: u64,
        start: u64,
        from: u64,
    },

    #[error(
        "usage record {sequence} of lease {lease_id} ends at {end}, after the holding period's end {holding_ends_at}"
    )]
    UsageAfterHoldingEnd {
        lease_id: u64,
        sequence: u64,
        end: u64,
        holding_ends_at: u64,
    },

    #[error("usage record {sequence} of lease {lease_id} ends at {end}, after this block ({now})")]
    UsageInFuture {
        lease_id: u64,
        sequence: u64,
        end: u64,
        now: u64,
    },

    // --- terms ----------------------------------------------------------------------------------
    #[error(
        "no terms are stored for lease {lease_id}; a member of either organisation seals them with SealTerms"
    )]
    NoTerms { lease_id: u64 },

    #[error("the terms' commitment is {len} bytes; it must be a 32-byte SHA-256")]
    CommitmentLength { len: usize },

    #[error("the envelope {which} is {len} bytes; {min} to {max} are accepted")]
    EnvelopeLength {
        which: String,
        len: usize,
        min: usize,
        max: usize,
    },

    // --- held payouts ---------------------------------------------------------------------------
    #[error("nothing is held for lease {lease_id}")]
    NothingHeld { lease_id: u64 },

    #[error(
        "lease {lease_id}'s payout stays held: {address} may not receive value ({reason}); ask again once the registry clears it"
    )]
    StillBarred {
        lease_id: u64,
        address: Addr,
        reason: String,
    },
}

ledger_types::error_codes!(ContractError {
    Std => common::STD,
    Payment => common::PAYMENT,
    Overflow => common::OVERFLOW,
    Guard(GuardError) => inner,
    NotRegistryAdmin => codes::NOT_REGISTRY_ADMIN,
    NotOrganisationAdmin => codes::NOT_ORGANISATION_ADMIN,
    NotCloudProvider => codes::NOT_CLOUD_PROVIDER,
    NotCloudUser => codes::NOT_CLOUD_USER,
    NotAParticipant => codes::NOT_A_PARTICIPANT,
    NotAMember => codes::NOT_A_MEMBER,
    NotLeaseParty => codes::NOT_LEASE_PARTY,
    WrongToken => codes::WRONG_TOKEN,
    UserInOtherOrganisation => codes::USER_IN_OTHER_ORGANISATION,
    NotAUser => codes::NOT_A_USER,
    InvalidOrgId => codes::INVALID_ORG_ID,
    OrganisationExists => codes::ORGANISATION_EXISTS,
    UnknownOrganisation => codes::UNKNOWN_ORGANISATION,
    EmptyText => codes::EMPTY_TEXT,
    TextTooLong => codes::TEXT_TOO_LONG,
    PublicKeyLength => codes::PUBLIC_KEY_LENGTH,
    PublicKeyNotCompressed => codes::PUBLIC_KEY_NOT_COMPRESSED,
    PublicKeyNotOnCurve => codes::PUBLIC_KEY_NOT_ON_CURVE,
    NothingToUpdate => codes::NOTHING_TO_UPDATE,
    SelfLease => codes::SELF_LEASE,
    InvalidMinimum => codes::INVALID_MINIMUM,
    HoldingLimitTooShort => codes::HOLDING_LIMIT_TOO_SHORT,
    NoQuota => codes::NO_QUOTA,
    NoPrices => codes::NO_PRICES,
    EffectiveInPast => codes::EFFECTIVE_IN_PAST,
    EffectiveNotAfterLatest => codes::EFFECTIVE_NOT_AFTER_LATEST,
    PriceVersionPending => codes::PRICE_VERSION_PENDING,
    TooManyInstanceTypes => codes::TOO_MANY_INSTANCE_TYPES,
    InvalidInstanceName => codes::INVALID_INSTANCE_NAME,
    DuplicateInstanceType => codes::DUPLICATE_INSTANCE_TYPE,
    EmptyInstanceType => codes::EMPTY_INSTANCE_TYPE,
    EmptyResources => codes::EMPTY_RESOURCES,
    NoResources => codes::NO_RESOURCES,
    InstanceTypeWithResources => codes::INSTANCE_TYPE_WITH_RESOURCES,
    UnknownInstanceType => codes::UNKNOWN_INSTANCE_TYPE,
    HoldingTooShort => codes::HOLDING_TOO_SHORT,
    HoldingOverQuota => codes::HOLDING_OVER_QUOTA,
    OverQuota => codes::OVER_QUOTA,
    EscrowTooSmall => codes::ESCROW_TOO_SMALL,
    ZeroAmount => codes::ZERO_AMOUNT,
    UnknownLease => codes::UNKNOWN_LEASE,
    NoTerms => codes::NO_TERMS,
    LeaseNotRequested => codes::LEASE_NOT_REQUESTED,
    LeaseNotRunning => codes::LEASE_NOT_RUNNING,
    LeaseNotAccepted => codes::LEASE_NOT_ACCEPTED,
    LeaseNotOpen => codes::LEASE_NOT_OPEN,
    LeaseNotClosable => codes::LEASE_NOT_CLOSABLE,
    NoAgentKey => codes::NO_AGENT_KEY,
    EmptyUsageBatch => codes::EMPTY_USAGE_BATCH,
    TooManyUsageRecords => codes::TOO_MANY_USAGE_RECORDS,
    BadUsageSignature => codes::BAD_USAGE_SIGNATURE,
    UsageSequence => codes::USAGE_SEQUENCE,
    UsagePeriodInvalid => codes::USAGE_PERIOD_INVALID,
    UsagePeriodOverlap => codes::USAGE_PERIOD_OVERLAP,
    UsageAfterHoldingEnd => codes::USAGE_AFTER_HOLDING_END,
    UsageInFuture => codes::USAGE_IN_FUTURE,
    CommitmentLength => codes::COMMITMENT_LENGTH,
    EnvelopeLength => codes::ENVELOPE_LENGTH,
    NothingHeld => codes::NOTHING_HELD,
    StillBarred => codes::STILL_BARRED,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
