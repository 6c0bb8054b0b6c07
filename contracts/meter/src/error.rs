use cosmwasm_std::{OverflowError, StdError};
use cw_utils::PaymentError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Overflow(#[from] OverflowError),

    // --- set-up and administration ---
    #[error("invalid meter settings: {reason}")]
    InvalidSettings { reason: String },

    #[error("{sender} may not {action}: only the admin contract may")]
    Unauthorized {
        sender: String,
        action: &'static str,
    },

    #[error("meter id \"{meter_id}\" must be 1 to {max} bytes long")]
    InvalidMeterId { meter_id: String, max: usize },

    #[error("meter {meter_id} is already registered in this contract")]
    MeterExists { meter_id: String },

    #[error("public key of meter {meter_id} is invalid: {reason}")]
    InvalidPubkey { meter_id: String, reason: String },

    #[error("tariff {tariff_id} is unknown to the tariff contract: {reason}")]
    UnknownTariff { tariff_id: String, reason: String },

    #[error("meter {meter_id} is not registered in this contract")]
    UnknownMeter { meter_id: String },

    #[error("meter {meter_id} is retired; its status cannot change any more")]
    MeterRetired { meter_id: String },

    // --- readings: each names the meter and the reading's sequence number ---
    #[error("a submission must carry at least one reading")]
    NoReadings {},

    #[error("a submission may carry at most {max} readings, this one has {count}")]
    TooManyReadings { count: usize, max: usize },

    #[error("reading {sequence} of meter {meter_id}: the meter is not registered in this contract")]
    ReadingUnknownMeter { meter_id: String, sequence: u64 },

    #[error("reading {sequence} of meter {meter_id}: the meter is not active (status: {status})")]
    MeterNotActive {
        meter_id: String,
        sequence: u64,
        status: String,
    },

    #[error(
        "reading {sequence} of meter {meter_id}: the owner is blacklisted; readings are refused"
    )]
    OwnerBlocked { meter_id: String, sequence: u64 },

    #[error(
        "reading {sequence} of meter {meter_id}: replayed or out of order; the sequence must be greater than {last}, the last accepted"
    )]
    ReplayedOrOutOfOrder {
        meter_id: String,
        sequence: u64,
        last: u64,
    },

    #[error(
        "reading {sequence} of meter {meter_id}: interval length {length} s is outside 1..={max} s"
    )]
    BadIntervalLength {
        meter_id: String,
        sequence: u64,
        length: u32,
        max: u32,
    },

    #[error(
        "reading {sequence} of meter {meter_id}: interval starts at {start}, before the end of the last accepted interval ({last_end}); overlapping or out of order"
    )]
    OverlappingInterval {
        meter_id: String,
        sequence: u64,
        start: u64,
        last_end: u64,
    },

    #[error(
        "reading {sequence} of meter {meter_id}: interval ends at {end}, in the future (latest accepted end now: {latest})"
    )]
    FutureReading {
        meter_id: String,
        sequence: u64,
        end: u64,
        latest: u64,
    },

    #[error(
        "reading {sequence} of meter {meter_id}: register {register_wh} Wh is below the last accepted register {last_wh} Wh"
    )]
    RegisterWentBackwards {
        meter_id: String,
        sequence: u64,
        register_wh: u64,
        last_wh: u64,
    },

    #[error(
        "reading {sequence} of meter {meter_id}: energy {energy_wh} Wh does not equal the register increase {delta_wh} Wh"
    )]
    EnergyMismatch {
        meter_id: String,
        sequence: u64,
        energy_wh: u64,
        delta_wh: u64,
    },

    #[error(
        "reading {sequence} of meter {meter_id}: implies an average power of {power_w} W, above the possible {max_w} W"
    )]
    ImpossiblePower {
        meter_id: String,
        sequence: u64,
        power_w: u128,
        max_w: u64,
    },

    #[error(
        "reading {sequence} of meter {meter_id}: interval starts at {start}, before the billing calendar begins"
    )]
    ReadingBeforeCycle {
        meter_id: String,
        sequence: u64,
        start: u64,
    },

    #[error(
        "reading {sequence} of meter {meter_id}: falls in period {period}, which is already closed"
    )]
    ReadingInClosedPeriod {
        meter_id: String,
        sequence: u64,
        period: u32,
    },

    #[error(
        "reading {sequence} of meter {meter_id}: the signature does not verify against the meter's key for this chain and contract"
    )]
    InvalidSignature { meter_id: String, sequence: u64 },

    #[error("reading {sequence} of meter {meter_id}: the {what} would overflow")]
    ReadingOverflow {
        meter_id: String,
        sequence: u64,
        what: &'static str,
    },

    // --- periods and bills ---
    #[error("period {period} of meter {meter_id} is already closed")]
    PeriodAlreadyClosed { meter_id: String, period: u32 },

    #[error(
        "period {period} of meter {meter_id} cannot be closed yet: period {expected} must be closed first"
    )]
    PeriodNotNext {
        meter_id: String,
        period: u32,
        expected: u32,
    },

    #[error("period {period} of meter {meter_id} has not ended; it ends at {ends_at}")]
    PeriodNotEnded {
        meter_id: String,
        period: u32,
        ends_at: u64,
    },

    #[error("period {period} of meter {meter_id} has no bill: it has not been closed")]
    NoBill { meter_id: String, period: u32 },

    #[error("period {period} lies outside the billing calendar")]
    PeriodOutOfRange { period: u32 },

    #[error("day {day} lies outside the billing calendar")]
    DayOutOfRange { day: u64 },

    #[error("instant {at} lies before the billing calendar begins")]
    BeforeCycle { at: u64 },

    #[error("the tariff contract could not price period {period} of meter {meter_id}: {reason}")]
    QuoteFailed {
        meter_id: String,
        period: u32,
        reason: String,
    },

    // --- migration ---
    #[error("cannot migrate contract {found} with the code of {expected}")]
    WrongContract { expected: String, found: String },

    #[error("cannot migrate from version {from} down to {to}")]
    Downgrade { from: String, to: String },

    #[error("version {version} is not of the form major.minor.patch")]
    InvalidVersion { version: String },
}
