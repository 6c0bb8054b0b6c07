//! The meter contract: one per consumer, holding that consumer's meters, their verified
//! readings, running totals and bills.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::{Addr, Binary, Uint128};

use crate::admin::MeterStatus;
use crate::billing::MeterSettings;
use crate::reading::SignedReading;
use crate::tariff::{LineItem, MonthHours};

/// Most readings one `SubmitReadings` may carry. Bounded so that a message always fits a
/// block's gas limit; clients split larger backlogs into several messages.
pub const MAX_READINGS_PER_MSG: usize = 500;

/// A meter as the admin contract hands it to the meter contract.
#[cw_serde]
pub struct NewMeter {
    pub meter_id: String,
    pub retailer: String,
    /// 33-byte compressed secp256k1 public key.
    pub pubkey: Binary,
    pub tariff_id: String,
    pub initial_register_wh: u64,
    pub contracted_monthly_amount: Uint128,
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The consumer owning every meter of this contract.
    pub owner: String,
    pub tariff_contract: String,
    pub bank_contract: String,
    pub settings: MeterSettings,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// Anyone (a meter's gateway): one or many signed readings, at most
    /// [`MAX_READINGS_PER_MSG`]. All are checked before any is stored.
    SubmitReadings { readings: Vec<SignedReading> },
    /// Anyone, once the period has ended: prices the period with the tariff, stores the bill
    /// and hands it to the bank. Periods close in order, each once.
    ClosePeriod { meter_id: String, period: u32 },
    /// Admin contract only: adds a meter of the owner. The admin contract instantiates the
    /// meter contract empty and adds the first meter from its reply, once it has recorded the
    /// new contract's address, so that the bank can already verify the meter's messages.
    AddMeter { meter: NewMeter },
    /// Admin contract only: mirrors a meter status change.
    SetMeterStatus {
        meter_id: String,
        status: MeterStatus,
    },
    /// Admin contract only: mirrors the owner's blacklisting.
    SetOwnerBlocked { blocked: bool },
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The contract's wiring and settings.
    #[returns(ConfigResponse)]
    Config {},
    /// One meter's state.
    #[returns(MeterState)]
    Meter { meter_id: String },
    /// Meters in id order.
    #[returns(MetersResponse)]
    Meters {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// Readings whose interval starts in `[from, to)`, in time order, paged by interval start.
    #[returns(ReadingsResponse)]
    Readings {
        meter_id: String,
        from: Option<u64>,
        to: Option<u64>,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// Daily totals in day order, paged by day index (see `BillingCycle::day_index`).
    #[returns(DailyTotalsResponse)]
    DailyTotals {
        meter_id: String,
        from_day: Option<u64>,
        to_day: Option<u64>,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// One period's running totals and profile.
    #[returns(PeriodUsage)]
    PeriodTotals { meter_id: String, period: u32 },
    /// The period an instant falls in, with its bounds.
    #[returns(PeriodInfo)]
    PeriodAt { at: u64 },
    /// One bill.
    #[returns(Bill)]
    Bill { meter_id: String, period: u32 },
    /// Bills in period order.
    #[returns(BillsResponse)]
    Bills {
        meter_id: String,
        start_after: Option<u32>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub owner: Addr,
    pub admin_contract: Addr,
    pub tariff_contract: Addr,
    pub bank_contract: Addr,
    pub settings: MeterSettings,
    pub owner_blocked: bool,
}

#[cw_serde]
pub struct MeterState {
    pub meter_id: String,
    pub retailer: Addr,
    pub pubkey: Binary,
    pub tariff_id: String,
    /// The tariff's UTC offset, fixed when the meter was added; hourly profiles use it.
    pub tariff_utc_offset_minutes: i32,
    pub status: MeterStatus,
    pub contracted_monthly_amount: Uint128,
    /// Sequence of the last accepted reading (0 before any).
    pub last_sequence: u64,
    /// End of the last accepted interval, unix seconds (registration time before any).
    pub last_interval_end: u64,
    /// The register after the last accepted reading, Wh.
    pub register_wh: u64,
    /// Readings accepted so far.
    pub readings: u64,
    /// The next period to close.
    pub next_period_to_close: u32,
}

#[cw_serde]
pub struct MetersResponse {
    pub meters: Vec<MeterState>,
}

/// A verified reading as stored.
#[cw_serde]
pub struct StoredReading {
    pub sequence: u64,
    pub interval_start: u64,
    pub interval_length: u32,
    pub energy_wh: u64,
    pub register_wh: u64,
}

#[cw_serde]
pub struct ReadingsResponse {
    pub meter_id: String,
    pub readings: Vec<StoredReading>,
}

#[cw_serde]
pub struct DailyTotal {
    /// Day index since the cycle's epoch.
    pub day: u64,
    /// Start of the day, unix seconds.
    pub day_start: u64,
    pub energy_wh: u64,
    pub readings: u32,
}

#[cw_serde]
pub struct DailyTotalsResponse {
    pub meter_id: String,
    pub days: Vec<DailyTotal>,
}

/// A period's running totals, kept in place as readings arrive.
#[cw_serde]
pub struct PeriodUsage {
    pub period: u32,
    pub start: u64,
    pub end: u64,
    pub energy_wh: u64,
    pub readings: u32,
    pub max_power_w: u64,
    pub hourly: Vec<MonthHours>,
    pub closed: bool,
}

#[cw_serde]
pub struct PeriodInfo {
    pub period: u32,
    pub start: u64,
    pub end: u64,
}

/// A closed period's bill.
#[cw_serde]
pub struct Bill {
    pub meter_id: String,
    pub period: u32,
    pub period_start: u64,
    pub period_end: u64,
    pub energy_wh: u64,
    pub max_power_w: u64,
    pub tariff_id: String,
    pub tariff_version: u32,
    pub lines: Vec<LineItem>,
    pub subtotal: Uint128,
    pub tax: Uint128,
    pub total: Uint128,
    /// Block time of closing.
    pub closed_at: u64,
}

#[cw_serde]
pub struct BillsResponse {
    pub bills: Vec<Bill>,
}

#[cw_serde]
pub struct MigrateMsg {}
