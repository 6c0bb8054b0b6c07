use cosmwasm_std::{DivideByZeroError, OverflowError, StdError};
use cw_utils::PaymentError;
use thiserror::Error;

/// Everything the tariff contract refuses, each with the detail a user needs to fix it.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Overflow(#[from] OverflowError),

    #[error(transparent)]
    DivideByZero(#[from] DivideByZeroError),

    // --- who may act ---
    #[error(
        "{sender} is neither the administrator nor an active retailer, so it may not manage tariffs"
    )]
    Unauthorized { sender: String },

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

    // --- migration ---
    #[error("cannot migrate contract {found} to {expected}")]
    WrongContract { expected: String, found: String },

    #[error("cannot migrate from version {from} down to older version {to}")]
    Downgrade { from: String, to: String },

    #[error("version {version} is not of the form major.minor.patch")]
    InvalidVersion { version: String },
}
