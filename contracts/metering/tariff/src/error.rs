use cosmwasm_std::{DivideByZeroError, OverflowError, Response, StdError};
use cw_utils::PaymentError;
use ledger_contract_kit::GuardError;
use ledger_types::error_code::common;
use ledger_types::tariff::codes;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

/// Everything the tariff contract refuses, each with the detail a user needs to fix it.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Overflow(#[from] OverflowError),

    #[error(transparent)]
    DivideByZero(#[from] DivideByZeroError),

    /// Shared refusals: the pause, migration, and standard-library errors (`common.std`).
    #[error(transparent)]
    Guard(#[from] GuardError),

    // --- who may act ---
    #[error(
        "{sender} is neither the administrator nor an active retailer, so it may not manage tariffs"
    )]
    Unauthorized { sender: String },

    #[error(
        "{sender} may not change tariff {tariff_id}: it belongs to {owner}; only its owner or the administrator may"
    )]
    NotTariffOwner {
        sender: String,
        tariff_id: String,
        owner: String,
    },

    #[error("{sender} is not the administrator; only the administrator may {action}")]
    NotAdministrator {
        sender: String,
        action: &'static str,
    },

    #[error("{owner} is not an active retailer, so it cannot own tariff {tariff_id}")]
    OwnerNotRetailer { owner: String, tariff_id: String },

    // --- tariff identity ---
    #[error("the tariff id is empty")]
    EmptyTariffId,

    #[error("the tariff id is {length} characters long; at most {max} are allowed")]
    TariffIdTooLong { length: usize, max: usize },

    #[error(
        "the tariff id {tariff_id:?} contains {character:?}; only letters, digits, '.', '_' and '-' are allowed"
    )]
    TariffIdInvalidCharacter { tariff_id: String, character: char },

    #[error("tariff {tariff_id} already exists; add a version to change it")]
    TariffExists { tariff_id: String },

    #[error("tariff {tariff_id} does not exist")]
    TariffNotFound { tariff_id: String },

    #[error("tariff {tariff_id} needs a name")]
    EmptyName { tariff_id: String },

    #[error(
        "the name of tariff {tariff_id} is {length} characters long; at most {max} are allowed"
    )]
    NameTooLong {
        tariff_id: String,
        length: usize,
        max: usize,
    },

    #[error(
        "UTC offset of {minutes} minutes is not one in use; it must lie between -720 (-12:00) and 840 (+14:00)"
    )]
    InvalidUtcOffset { minutes: i32 },

    // --- components (tiers and months count from 1, hours and bands from 0) ---
    #[error(
        "the tariff has no charge: give at least one of fixed charge, flat rate, tiers, time of use, demand charge or minimum charge"
    )]
    EmptyTariff,

    #[error("the tier table is empty; give at least one tier")]
    NoTiers,

    #[error("the tier table has {count} tiers; at most {max} are allowed")]
    TooManyTiers { count: usize, max: usize },

    #[error(
        "tier {tier} ends at {up_to_wh} Wh, which is not above where the tier before it ends ({previous_wh} Wh); bounds must be strictly ascending"
    )]
    TierBoundsNotAscending {
        tier: usize,
        up_to_wh: u64,
        previous_wh: u64,
    },

    #[error(
        "tier {tier} has no upper bound but is not the last tier; only the last tier may be unbounded"
    )]
    UnboundedTierNotLast { tier: usize },

    #[error("the last tier ends at {up_to_wh} Wh; the last tier must be unbounded (no up_to_wh)")]
    LastTierBounded { up_to_wh: u64 },

    #[error(
        "the time-of-use table has {names} band names but {prices} band prices; give one name per price"
    )]
    TouBandCountMismatch { names: usize, prices: usize },

    #[error("the time-of-use table has no bands; give at least one")]
    NoTouBands,

    #[error("the time-of-use table has {count} bands; at most {max} are allowed")]
    TooManyTouBands { count: usize, max: usize },

    #[error("time-of-use band {band} has an empty name")]
    EmptyTouBandName { band: usize },

    #[error(
        "the {table} time-of-use table has {rows} rows; it needs 12, one per month from January"
    )]
    TouTableMonths { table: String, rows: usize },

    #[error(
        "month {month} of the {table} time-of-use table has {hours} entries; it needs 24, one per hour from 0"
    )]
    TouTableHours {
        table: String,
        month: usize,
        hours: usize,
    },

    #[error(
        "month {month}, hour {hour} of the {table} time-of-use table names band {band}, but only bands 0 to {last_band} exist"
    )]
    TouUnknownBand {
        table: String,
        month: usize,
        hour: usize,
        band: u8,
        last_band: usize,
    },

    #[error("a tax of {tax_bps} basis points is more than 100% (10000)")]
    TaxTooHigh { tax_bps: u16 },

    // --- versions ---
    #[error(
        "a new version of tariff {tariff_id} must take effect after its latest version ({latest}), not at {effective_from}"
    )]
    EffectiveFromNotAfterLatest {
        tariff_id: String,
        effective_from: u64,
        latest: u64,
    },

    #[error(
        "a new version of tariff {tariff_id} cannot take effect at {effective_from}, before the current time {now}: periods already running must keep their price"
    )]
    RetroactiveVersion {
        tariff_id: String,
        effective_from: u64,
        now: u64,
    },

    #[error("tariff {tariff_id} already has {max} versions, the most allowed; create a new tariff")]
    TooManyVersions { tariff_id: String, max: u32 },

    #[error("tariff {tariff_id} has no version {version}; it has {versions}")]
    VersionNotFound {
        tariff_id: String,
        version: u32,
        versions: u32,
    },

    #[error(
        "no version of tariff {tariff_id} is in force at {at}; the first takes effect at {first}"
    )]
    NoVersionInForce {
        tariff_id: String,
        at: u64,
        first: u64,
    },

    // --- quotes ---
    #[error("the usage profile has month {month}; months are 1 to 12")]
    InvalidUsageMonth { month: u8 },

    #[error("the amount of {line:?} is too large to fit in 128 bits")]
    AmountOverflow { line: String },
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
    DivideByZero => codes::DIVIDE_BY_ZERO,
    Guard(GuardError) => inner,
    Unauthorized => codes::UNAUTHORIZED,
    NotTariffOwner => codes::NOT_TARIFF_OWNER,
    NotAdministrator => codes::NOT_ADMINISTRATOR,
    OwnerNotRetailer => codes::OWNER_NOT_RETAILER,
    EmptyTariffId => codes::EMPTY_TARIFF_ID,
    TariffIdTooLong => codes::TARIFF_ID_TOO_LONG,
    TariffIdInvalidCharacter => codes::TARIFF_ID_INVALID_CHARACTER,
    TariffExists => codes::TARIFF_EXISTS,
    TariffNotFound => codes::TARIFF_NOT_FOUND,
    EmptyName => codes::EMPTY_NAME,
    NameTooLong => codes::NAME_TOO_LONG,
    InvalidUtcOffset => codes::INVALID_UTC_OFFSET,
    EmptyTariff => codes::EMPTY_TARIFF,
    NoTiers => codes::NO_TIERS,
    TooManyTiers => codes::TOO_MANY_TIERS,
    TierBoundsNotAscending => codes::TIER_BOUNDS_NOT_ASCENDING,
    UnboundedTierNotLast => codes::UNBOUNDED_TIER_NOT_LAST,
    LastTierBounded => codes::LAST_TIER_BOUNDED,
    TouBandCountMismatch => codes::TOU_BAND_COUNT_MISMATCH,
    NoTouBands => codes::NO_TOU_BANDS,
    TooManyTouBands => codes::TOO_MANY_TOU_BANDS,
    EmptyTouBandName => codes::EMPTY_TOU_BAND_NAME,
    TouTableMonths => codes::TOU_TABLE_MONTHS,
    TouTableHours => codes::TOU_TABLE_HOURS,
    TouUnknownBand => codes::TOU_UNKNOWN_BAND,
    TaxTooHigh => codes::TAX_TOO_HIGH,
    EffectiveFromNotAfterLatest => codes::EFFECTIVE_FROM_NOT_AFTER_LATEST,
    RetroactiveVersion => codes::RETROACTIVE_VERSION,
    TooManyVersions => codes::TOO_MANY_VERSIONS,
    VersionNotFound => codes::VERSION_NOT_FOUND,
    NoVersionInForce => codes::NO_VERSION_IN_FORCE,
    InvalidUsageMonth => codes::INVALID_USAGE_MONTH,
    AmountOverflow => codes::AMOUNT_OVERFLOW,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
