//! The tariff contract: versioned tariffs and explainable quotes.
//!
//! Money is integer minor units (cents) in `Uint128`. Energy prices are minor units per MWh,
//! so that a price of 23.45 cents per kWh is the integer 23_450; energy is in Wh.
//!
//! Rounding rule (the only one): every line item is computed exactly as a fraction and then
//! rounded half up to whole minor units; the subtotal is the sum of the rounded lines; tax is
//! computed on the subtotal and rounded half up once. No floating point is used anywhere.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::Uint128;

/// Most rate bands a time-of-use table may use.
pub const MAX_TOU_BANDS: usize = 24;
/// Most tiers a tiered table may have.
pub const MAX_TIERS: usize = 16;

#[cw_serde]
pub struct InstantiateMsg {
    /// The admin contract, asked who is an admin or retailer.
    pub admin_contract: String,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// Admin or retailer: defines a new tariff with its first version.
    CreateTariff {
        tariff_id: String,
        name: String,
        /// UTC offset (minutes east) in which time-of-use hours, weekdays and months are read.
        utc_offset_minutes: i32,
        components: TariffComponents,
        /// Unix seconds from which this version applies.
        effective_from: u64,
    },
    /// The tariff's owner or the administrator: adds a version that takes effect later than
    /// the latest one and not before the current block time, so that no period already
    /// running changes its price.
    AddVersion {
        tariff_id: String,
        components: TariffComponents,
        effective_from: u64,
    },
    /// The administrator only: names the retailer owning a tariff (a tariff belongs to the
    /// retailer that created it; tariffs created before owners were recorded have none until
    /// the administrator names one).
    SetTariffOwner { tariff_id: String, owner: String },
    /// A guardian or the administrator: stops tariff changes at once.
    Pause { reason: String },
    /// The administrator only: lifts the pause.
    Unpause {},
}

/// Parts of a tariff; any combination of them may be used, at least one.
#[cw_serde]
#[derive(Default)]
pub struct TariffComponents {
    /// Fixed charge per billing period, minor units.
    pub fixed_charge: Option<Uint128>,
    /// One price for all energy, minor units per MWh.
    pub flat_rate: Option<Uint128>,
    /// Block tariff over the period's energy, in ascending order; the last tier is unbounded.
    pub tiers: Option<Vec<Tier>>,
    /// Prices by month, hour and day type.
    pub time_of_use: Option<TimeOfUse>,
    /// Minor units per kW of the period's highest interval power.
    pub demand_charge_per_kw: Option<Uint128>,
    /// The least the period's charges (before tax) may add up to, minor units.
    pub minimum_charge: Option<Uint128>,
    /// Tax on the subtotal, basis points (20% = 2000).
    pub tax_bps: Option<u16>,
}

/// One block of a tiered tariff: energy up to `up_to_wh` (cumulative over the period) is
/// priced at `price_per_mwh`; `None` marks the unbounded last tier.
#[cw_serde]
pub struct Tier {
    pub up_to_wh: Option<u64>,
    pub price_per_mwh: Uint128,
}

/// A 12 x 24 month-by-hour price schedule with separate weekday and weekend tables.
///
/// Each table has 12 rows (January first) of 24 band indices (hour 0 first); a band index
/// points into `band_prices`. Bands keep the table small while allowing any price per cell.
#[cw_serde]
pub struct TimeOfUse {
    /// Band names, shown on bills (for example "peak", "shoulder", "off-peak").
    pub band_names: Vec<String>,
    /// Price of each band, minor units per MWh.
    pub band_prices: Vec<Uint128>,
    pub weekday: Vec<Vec<u8>>,
    pub weekend: Vec<Vec<u8>>,
}

/// What a period's consumption looked like: all a tariff needs to price it.
#[cw_serde]
#[derive(Default)]
pub struct UsageProfile {
    /// Period start, unix seconds: selects the tariff version in force.
    pub period_start: u64,
    pub period_end: u64,
    /// Energy of the period, Wh.
    pub energy_wh: u64,
    /// Highest average power of any interval in the period, W.
    pub max_power_w: u64,
    /// Energy per local month, day type and hour (in the tariff's UTC offset), Wh.
    pub hourly: Vec<MonthHours>,
}

/// One month's energy by hour, weekdays and weekends apart, in Wh.
#[cw_serde]
pub struct MonthHours {
    /// 1 ..= 12
    pub month: u8,
    pub weekday_wh: [u64; 24],
    pub weekend_wh: [u64; 24],
}

/// What a line of a bill is for.
#[cw_serde]
#[derive(Eq)]
pub enum LineKind {
    FixedCharge,
    FlatRate,
    Tier {
        index: u32,
    },
    TimeOfUse {
        band: u32,
    },
    Demand,
    MinimumTopUp,
    /// Energy of readings of already closed periods (`from_period` ..= `to_period`) that
    /// arrived after their close, carried into this bill. Its amount is what adding that
    /// energy to the bill's usage adds to the bill's subtotal.
    LateEnergy {
        from_period: u32,
        to_period: u32,
    },
}

/// One line of an explainable bill.
#[cw_serde]
pub struct LineItem {
    pub kind: LineKind,
    pub description: String,
    /// Wh for energy lines, W for demand, 1 for fixed charges.
    pub quantity: u64,
    /// Minor units per MWh for energy, per kW for demand, per period for fixed charges.
    pub unit_price: Uint128,
    /// Minor units, rounded half up.
    pub amount: Uint128,
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The contract's configuration.
    #[returns(ConfigResponse)]
    Config {},
    /// A tariff's description and its versions' dates.
    #[returns(TariffInfo)]
    Tariff { tariff_id: String },
    /// Tariffs in id order.
    #[returns(TariffsResponse)]
    Tariffs {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// One version of a tariff, counting from 1.
    #[returns(TariffVersion)]
    Version { tariff_id: String, version: u32 },
    /// The version in force at an instant.
    #[returns(TariffVersion)]
    VersionAt { tariff_id: String, at: u64 },
    /// Prices a period's usage with the version in force at its start.
    #[returns(QuoteResponse)]
    Quote {
        tariff_id: String,
        usage: UsageProfile,
    },
    /// The retailer owning a tariff (`None` for a tariff created before owners were recorded,
    /// until the administrator names one).
    #[returns(TariffOwner)]
    Owner { tariff_id: String },
    /// Whether the contract is paused.
    #[returns(crate::emergency::PauseStatus)]
    PauseStatus {},
}

#[cw_serde]
pub struct TariffOwner {
    pub tariff_id: String,
    pub owner: Option<cosmwasm_std::Addr>,
}

#[cw_serde]
pub struct ConfigResponse {
    pub admin_contract: cosmwasm_std::Addr,
}

#[cw_serde]
pub struct TariffInfo {
    pub tariff_id: String,
    pub name: String,
    pub utc_offset_minutes: i32,
    /// Number of versions; versions are numbered from 1.
    pub versions: u32,
    /// `effective_from` of each version, in version order.
    pub effective_from: Vec<u64>,
}

#[cw_serde]
pub struct TariffsResponse {
    pub tariffs: Vec<TariffInfo>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct TariffVersion {
    pub tariff_id: String,
    pub version: u32,
    pub effective_from: u64,
    pub components: TariffComponents,
}

#[cw_serde]
pub struct QuoteResponse {
    pub tariff_id: String,
    pub version: u32,
    pub lines: Vec<LineItem>,
    pub subtotal: Uint128,
    pub tax: Uint128,
    pub total: Uint128,
}

#[cw_serde]
pub struct MigrateMsg {}

/// The tariff contract's error codes (see [`crate::error_code`]); the shared ones are in
/// `error_code::common`.
pub mod codes {
    /// The sender is neither the administrator nor an active retailer.
    pub const UNAUTHORIZED: &str = "tariff.unauthorized";
    /// The sender is neither the tariff's owner nor the administrator.
    pub const NOT_TARIFF_OWNER: &str = "tariff.not_tariff_owner";
    /// Only the administrator names a tariff's owner.
    pub const NOT_ADMINISTRATOR: &str = "tariff.not_administrator";
    /// A tariff's owner must be an active retailer.
    pub const OWNER_NOT_RETAILER: &str = "tariff.owner_not_retailer";
    /// The tariff id is empty.
    pub const EMPTY_TARIFF_ID: &str = "tariff.empty_tariff_id";
    /// The tariff id is too long.
    pub const TARIFF_ID_TOO_LONG: &str = "tariff.tariff_id_too_long";
    /// The tariff id has a character outside letters, digits, '.', '_' and '-'.
    pub const TARIFF_ID_INVALID_CHARACTER: &str = "tariff.tariff_id_invalid_character";
    /// A tariff of that id exists.
    pub const TARIFF_EXISTS: &str = "tariff.tariff_exists";
    /// No tariff of that id exists.
    pub const TARIFF_NOT_FOUND: &str = "tariff.tariff_not_found";
    /// The tariff's name is empty.
    pub const EMPTY_NAME: &str = "tariff.empty_name";
    /// The tariff's name is too long.
    pub const NAME_TOO_LONG: &str = "tariff.name_too_long";
    /// A UTC offset outside -12:00 ..= +14:00.
    pub const INVALID_UTC_OFFSET: &str = "tariff.invalid_utc_offset";
    /// Components without any charge.
    pub const EMPTY_TARIFF: &str = "tariff.empty_tariff";
    /// An empty tier table.
    pub const NO_TIERS: &str = "tariff.no_tiers";
    /// Too many tiers.
    pub const TOO_MANY_TIERS: &str = "tariff.too_many_tiers";
    /// Tier bounds not strictly ascending.
    pub const TIER_BOUNDS_NOT_ASCENDING: &str = "tariff.tier_bounds_not_ascending";
    /// An unbounded tier before the last.
    pub const UNBOUNDED_TIER_NOT_LAST: &str = "tariff.unbounded_tier_not_last";
    /// A bounded last tier.
    pub const LAST_TIER_BOUNDED: &str = "tariff.last_tier_bounded";
    /// Band names and prices differ in number.
    pub const TOU_BAND_COUNT_MISMATCH: &str = "tariff.tou_band_count_mismatch";
    /// A time-of-use table without bands.
    pub const NO_TOU_BANDS: &str = "tariff.no_tou_bands";
    /// Too many time-of-use bands.
    pub const TOO_MANY_TOU_BANDS: &str = "tariff.too_many_tou_bands";
    /// A time-of-use band without a name.
    pub const EMPTY_TOU_BAND_NAME: &str = "tariff.empty_tou_band_name";
    /// A time-of-use table without 12 months.
    pub const TOU_TABLE_MONTHS: &str = "tariff.tou_table_months";
    /// A time-of-use month without 24 hours.
    pub const TOU_TABLE_HOURS: &str = "tariff.tou_table_hours";
    /// A time-of-use cell naming an unknown band.
    pub const TOU_UNKNOWN_BAND: &str = "tariff.tou_unknown_band";
    /// A tax above 100%.
    pub const TAX_TOO_HIGH: &str = "tariff.tax_too_high";
    /// A version not after the latest one.
    pub const EFFECTIVE_FROM_NOT_AFTER_LATEST: &str = "tariff.effective_from_not_after_latest";
    /// A version taking effect in the past.
    pub const RETROACTIVE_VERSION: &str = "tariff.retroactive_version";
    /// A tariff with the most versions allowed.
    pub const TOO_MANY_VERSIONS: &str = "tariff.too_many_versions";
    /// No version of that number.
    pub const VERSION_NOT_FOUND: &str = "tariff.version_not_found";
    /// No version in force at the instant asked about.
    pub const NO_VERSION_IN_FORCE: &str = "tariff.no_version_in_force";
    /// A usage profile month outside 1 ..= 12.
    pub const INVALID_USAGE_MONTH: &str = "tariff.invalid_usage_month";
    /// An amount beyond 128 bits.
    pub const AMOUNT_OVERFLOW: &str = "tariff.amount_overflow";
    /// A division by zero in pricing.
    pub const DIVIDE_BY_ZERO: &str = "tariff.divide_by_zero";
}
