use cosmwasm_std::{OverflowError, Response, StdError, Uint128};
use cw_utils::PaymentError;
use ledger_contract_kit::GuardError;
use ledger_types::error_code::common;
use ledger_types::meter::codes;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Overflow(#[from] OverflowError),

    /// Shared refusals: the pause, migration, and standard-library errors (`common.std`).
    #[error(transparent)]
    Guard(#[from] GuardError),

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

    #[error(
        "tariff {tariff_id} has no version in force at {starts_at}, when the meter would start; its first version takes effect at {first}"
    )]
    TariffNotInForce {
        tariff_id: String,
        starts_at: u64,
        first: u64,
    },

    #[error(
        "tariff {tariff_id} belongs to {owner}, not to the meter's retailer {retailer}; a meter can only be put on a tariff of its own retailer"
    )]
    TariffOfAnotherRetailer {
        tariff_id: String,
        retailer: String,
        owner: String,
    },

    #[error(
        "generation meter {meter_id} has a contracted monthly amount of {amount}; a generation meter is never billed, so nothing is advanced for it"
    )]
    GenerationContractedAmount { meter_id: String, amount: Uint128 },

    #[error("meter {meter_id} is not registered in this contract")]
    UnknownMeter { meter_id: String },

    #[error("meter {meter_id} is retired; its status cannot change any more")]
    MeterRetired { meter_id: String },

    // --- readings: each names the meter and the reading's sequence number ---
    #[error("a submission must carry at least one reading")]
    NoReadings {},

    #[error("a submission may carry at most {max} readings, this one has {count}")]
    TooManyReadings { count: usize, max: usize },

    #[error("{reason}; pack the readings with ledger_reading::packed::pack")]
    MalformedPackedReadings { reason: String },

    #[error("reading {sequence} of meter {meter_id}: the meter is not registered in this contract")]
    ReadingUnknownMeter { meter_id: String, sequence: u64 },

    #[error("reading {sequence} of meter {meter_id}: the meter is not active (status: {status})")]
    MeterNotActive {
        meter_id: String,
        sequence: u64,
        status: String,
    },

    #[error(
        "reading {sequence} of meter {meter_id}: the owner is blacklisted or suspended; readings are refused"
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
        "period {period} of meter {meter_id} ended before the meter was registered; its first period is {first_period}"
    )]
    PeriodBeforeRegistration {
        meter_id: String,
        period: u32,
        first_period: u32,
    },

    #[error(
        "meter {meter_id} was retired in period {retired_in}; period {period} is after its retirement and is not billed"
    )]
    PeriodAfterRetirement {
        meter_id: String,
        period: u32,
        retired_in: u32,
    },

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

    #[error(
        "meter {meter_id} is a generation meter, which is never billed: the park market settles its energy from its readings; only consumption meters' periods are closed"
    )]
    GenerationNotBilled { meter_id: String },

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
}

impl ContractError {
    /// Whether this refusal concerns one reading of a `SubmitReadings` alone, so that the
    /// message goes on with the others; any other error fails the whole message.
    pub fn refuses_only_the_reading(&self) -> bool {
        matches!(
            self,
            ContractError::ReadingUnknownMeter { .. }
                | ContractError::MeterNotActive { .. }
                | ContractError::OwnerBlocked { .. }
                | ContractError::ReplayedOrOutOfOrder { .. }
                | ContractError::BadIntervalLength { .. }
                | ContractError::OverlappingInterval { .. }
                | ContractError::FutureReading { .. }
                | ContractError::RegisterWentBackwards { .. }
                | ContractError::EnergyMismatch { .. }
                | ContractError::ImpossiblePower { .. }
                | ContractError::ReadingBeforeCycle { .. }
                | ContractError::InvalidSignature { .. }
                | ContractError::ReadingOverflow { .. }
        )
    }
}

/// A standard-library error is the shared `GuardError::Std`, so that its code, `common.std`,
/// is listed once.
impl From<StdError> for ContractError {
    fn from(error: StdError) -> Self {
        ContractError::Guard(GuardError::Std(error))
    }
}

ledger_types::error_codes!(ContractError {
    Payment => common::PAYMENT,
    Overflow => common::OVERFLOW,
    Guard(GuardError) => inner,
    InvalidSettings => codes::INVALID_SETTINGS,
    Unauthorized => codes::UNAUTHORIZED,
    InvalidMeterId => codes::INVALID_METER_ID,
    MeterExists => codes::METER_EXISTS,
    InvalidPubkey => codes::INVALID_PUBKEY,
    UnknownTariff => codes::UNKNOWN_TARIFF,
    TariffNotInForce => codes::TARIFF_NOT_IN_FORCE,
    TariffOfAnotherRetailer => codes::TARIFF_OF_ANOTHER_RETAILER,
    UnknownMeter => codes::UNKNOWN_METER,
    MeterRetired => codes::METER_RETIRED,
    NoReadings => codes::NO_READINGS,
    TooManyReadings => codes::TOO_MANY_READINGS,
    MalformedPackedReadings => codes::MALFORMED_PACKED_READINGS,
    ReadingUnknownMeter => codes::READING_UNKNOWN_METER,
    MeterNotActive => codes::METER_NOT_ACTIVE,
    OwnerBlocked => codes::OWNER_BLOCKED,
    ReplayedOrOutOfOrder => codes::REPLAYED_OR_OUT_OF_ORDER,
    BadIntervalLength => codes::BAD_INTERVAL_LENGTH,
    OverlappingInterval => codes::OVERLAPPING_INTERVAL,
    FutureReading => codes::FUTURE_READING,
    RegisterWentBackwards => codes::REGISTER_WENT_BACKWARDS,
    EnergyMismatch => codes::ENERGY_MISMATCH,
    ImpossiblePower => codes::IMPOSSIBLE_POWER,
    ReadingBeforeCycle => codes::READING_BEFORE_CYCLE,
    InvalidSignature => codes::INVALID_SIGNATURE,
    ReadingOverflow => codes::READING_OVERFLOW,
    PeriodAlreadyClosed => codes::PERIOD_ALREADY_CLOSED,
    PeriodBeforeRegistration => codes::PERIOD_BEFORE_REGISTRATION,
    PeriodAfterRetirement => codes::PERIOD_AFTER_RETIREMENT,
    PeriodNotNext => codes::PERIOD_NOT_NEXT,
    PeriodNotEnded => codes::PERIOD_NOT_ENDED,
    NoBill => codes::NO_BILL,
    PeriodOutOfRange => codes::PERIOD_OUT_OF_RANGE,
    DayOutOfRange => codes::DAY_OUT_OF_RANGE,
    BeforeCycle => codes::BEFORE_CYCLE,
    QuoteFailed => codes::QUOTE_FAILED,
    GenerationNotBilled => codes::GENERATION_NOT_BILLED,
    GenerationContractedAmount => codes::GENERATION_CONTRACTED_AMOUNT,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
