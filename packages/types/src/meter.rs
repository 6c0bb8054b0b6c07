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

/// What a meter measures, and so whether it is billed.
#[cw_serde]
#[derive(Copy, Default, Eq)]
pub enum MeterKind {
    /// Energy a consumer takes: its periods are closed into bills and its contracted amount
    /// is advanced at the bank.
    #[default]
    Consumption,
    /// Energy a generator delivers: its signed readings prove delivery to the park market,
    /// which settles it; it is never billed.
    Generation,
}

impl MeterKind {
    /// The kind's name as it appears in events and on the command line.
    pub fn as_str(&self) -> &'static str {
        match self {
            MeterKind::Consumption => "consumption",
            MeterKind::Generation => "generation",
        }
    }

    /// Whether this is the default kind, which messages leave out (see [`NewMeter::kind`]).
    pub fn is_consumption(&self) -> bool {
        *self == MeterKind::Consumption
    }
}

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
    /// Consumption when absent. Left out of the message for a consumption meter, so that a
    /// meter contract (or a region) still running code from before meter kinds, which refuses
    /// fields it does not know, keeps accepting consumption meters.
    #[serde(default, skip_serializing_if = "MeterKind::is_consumption")]
    pub kind: MeterKind,
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
    /// [`MAX_READINGS_PER_MSG`]. Every valid reading is stored; each refused one is reported
    /// in the response data ([`SubmitReadingsResponse`]) and in one `readings_refused` event,
    /// and leaves no trace. Only what concerns the whole message fails it: funds sent, the
    /// contract paused, no readings, too many readings.
    SubmitReadings { readings: Vec<SignedReading> },
    /// `SubmitReadings` with the readings packed ([`crate::reading::packed`]): the same
    /// readings, rules and answer in about 40% of the bytes, and no JSON to parse for them.
    /// Bytes that are not a packed batch fail the whole message
    /// ([`codes::MALFORMED_PACKED_READINGS`]).
    SubmitPackedReadings { readings: Binary },
    /// Anyone, once the period has ended: prices the period with the tariff, stores the bill
    /// and hands it to the bank. Periods close in order, each once. Refused for a generation
    /// meter, which is never billed.
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
    /// Admin contract only: mirrors the owner's blacklisting or suspension (a blocked owner's
    /// readings are refused). Accepted also while the contract is paused: it only restricts,
    /// and the registry's blacklisting must not fail because a meter contract is paused.
    SetOwnerBlocked { blocked: bool },
    /// A guardian or the administrator: stops readings, closing and meter changes at once.
    Pause { reason: String },
    /// The administrator only: lifts the pause.
    Unpause {},
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
    /// Whether the contract is paused.
    #[returns(crate::emergency::PauseStatus)]
    PauseStatus {},
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
    /// Consumption (billed) or generation (settled by the park market, never billed);
    /// consumption for meters added before kinds existed.
    #[serde(default)]
    pub kind: MeterKind,
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
    /// When the meter was registered, unix seconds (0 for meters registered before this was
    /// recorded): its first bill is priced with the tariff version in force then.
    #[serde(default)]
    pub started_at: u64,
    /// When the meter was retired, unix seconds: it is billed up to then and not after.
    #[serde(default)]
    pub retired_at: Option<u64>,
}

#[cw_serde]
pub struct MetersResponse {
    pub meters: Vec<MeterState>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
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
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
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
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
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
    /// The period's bounds, unix seconds.
    pub period_start: u64,
    pub period_end: u64,
    /// What the bill covers: from the meter's registration if it started during the period
    /// (the tariff version in force then prices it), up to its retirement if it was retired
    /// during it; otherwise the period's bounds. 0 in bills closed before this was recorded.
    #[serde(default)]
    pub billed_from: u64,
    #[serde(default)]
    pub billed_to: u64,
    /// Energy of the period's own readings that had arrived when it was closed, Wh.
    pub energy_wh: u64,
    /// Energy of readings of already closed periods that arrived after their close, carried
    /// into this bill as its `LateEnergy` line, Wh. Every Wh a meter's register advanced by
    /// is in exactly one bill, either in `energy_wh` or here.
    #[serde(default)]
    pub late_energy_wh: u64,
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
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct MigrateMsg {}

/// The response data of `SubmitReadings`: how many readings were stored and which were
/// refused. A refused reading can be sent again once its cause is gone (a resynced sequence,
/// an interval no longer in the future); an accepted one never needs to be.
#[cw_serde]
pub struct SubmitReadingsResponse {
    /// Readings stored.
    pub accepted: u32,
    /// Readings refused, in the order the message carried them.
    pub refused: Vec<RefusedReading>,
}

/// One reading a `SubmitReadings` refused, and why.
#[cw_serde]
pub struct RefusedReading {
    pub meter_id: String,
    pub sequence: u64,
    /// The stable error code the reading alone would have failed with (one of [`codes`]),
    /// for example `meter.replayed_or_out_of_order`.
    pub code: String,
}

/// The event a `SubmitReadings` that refused readings emits (once per message).
pub mod refused_event {
    /// The event type.
    pub const TYPE: &str = "readings_refused";
    /// How many readings were refused.
    pub const COUNT: &str = "count";
    /// The refused readings as `meter_id:sequence:code`, separated by `,`, for people and
    /// indexers. A meter id is not checked for these characters (an unknown meter's id is
    /// whatever the message carried), so clients decode the response data
    /// ([`super::SubmitReadingsResponse`]) instead.
    pub const READINGS: &str = "readings";
}

/// The meter contract's error codes (see [`crate::error_code`]); the shared ones are in
/// `error_code::common`.
pub mod codes {
    /// A sender other than the admin contract sent an admin-only message.
    pub const UNAUTHORIZED: &str = "meter.unauthorized";
    /// The instantiation settings cannot be used.
    pub const INVALID_SETTINGS: &str = "meter.invalid_settings";
    /// A meter id is empty or too long.
    pub const INVALID_METER_ID: &str = "meter.invalid_meter_id";
    /// The meter id is already registered in this contract.
    pub const METER_EXISTS: &str = "meter.meter_exists";
    /// A meter's public key is not a compressed secp256k1 point.
    pub const INVALID_PUBKEY: &str = "meter.invalid_pubkey";
    /// The tariff contract does not know the meter's tariff.
    pub const UNKNOWN_TARIFF: &str = "meter.unknown_tariff";
    /// The meter's tariff has no version in force when the meter starts.
    pub const TARIFF_NOT_IN_FORCE: &str = "meter.tariff_not_in_force";
    /// The meter's tariff belongs to another retailer (or to nobody yet).
    pub const TARIFF_OF_ANOTHER_RETAILER: &str = "meter.tariff_of_another_retailer";
    /// A message names a meter this contract does not hold.
    pub const UNKNOWN_METER: &str = "meter.unknown_meter";
    /// A retired meter's status cannot change.
    pub const METER_RETIRED: &str = "meter.meter_retired";
    /// A submission without readings.
    pub const NO_READINGS: &str = "meter.no_readings";
    /// A submission with more than `MAX_READINGS_PER_MSG` readings.
    pub const TOO_MANY_READINGS: &str = "meter.too_many_readings";
    /// `SubmitPackedReadings` bytes that are not a packed batch of readings.
    pub const MALFORMED_PACKED_READINGS: &str = "meter.malformed_packed_readings";
    /// A reading of a meter not registered in this contract.
    pub const READING_UNKNOWN_METER: &str = "meter.reading_unknown_meter";
    /// A reading of a suspended meter, or of a retired one past its retirement.
    pub const METER_NOT_ACTIVE: &str = "meter.meter_not_active";
    /// A reading of a meter whose owner is blacklisted or suspended.
    pub const OWNER_BLOCKED: &str = "meter.owner_blocked";
    /// A reading whose sequence is not above the last accepted one.
    pub const REPLAYED_OR_OUT_OF_ORDER: &str = "meter.replayed_or_out_of_order";
    /// A reading interval of zero length or longer than allowed.
    pub const BAD_INTERVAL_LENGTH: &str = "meter.bad_interval_length";
    /// A reading interval starting before the last accepted one ended.
    pub const OVERLAPPING_INTERVAL: &str = "meter.overlapping_interval";
    /// A reading interval ending in the future (beyond the tolerance).
    pub const FUTURE_READING: &str = "meter.future_reading";
    /// A reading whose register is below the last accepted register.
    pub const REGISTER_WENT_BACKWARDS: &str = "meter.register_went_backwards";
    /// A reading whose energy is not its register increase.
    pub const ENERGY_MISMATCH: &str = "meter.energy_mismatch";
    /// A reading implying more power than the connection allows.
    pub const IMPOSSIBLE_POWER: &str = "meter.impossible_power";
    /// A reading starting before the billing calendar.
    pub const READING_BEFORE_CYCLE: &str = "meter.reading_before_cycle";
    /// A reading whose signature does not verify for this meter, chain and contract.
    pub const INVALID_SIGNATURE: &str = "meter.invalid_signature";
    /// A reading that would overflow a running total.
    pub const READING_OVERFLOW: &str = "meter.reading_overflow";
    /// Closing a period that is already closed.
    pub const PERIOD_ALREADY_CLOSED: &str = "meter.period_already_closed";
    /// Closing a period that ended before the meter was registered.
    pub const PERIOD_BEFORE_REGISTRATION: &str = "meter.period_before_registration";
    /// Closing a period after the one in which the meter was retired.
    pub const PERIOD_AFTER_RETIREMENT: &str = "meter.period_after_retirement";
    /// Closing a period out of order.
    pub const PERIOD_NOT_NEXT: &str = "meter.period_not_next";
    /// Closing a period that has not ended.
    pub const PERIOD_NOT_ENDED: &str = "meter.period_not_ended";
    /// Asking for the bill of a period not closed.
    pub const NO_BILL: &str = "meter.no_bill";
    /// A period outside the billing calendar.
    pub const PERIOD_OUT_OF_RANGE: &str = "meter.period_out_of_range";
    /// A day outside the billing calendar.
    pub const DAY_OUT_OF_RANGE: &str = "meter.day_out_of_range";
    /// An instant before the billing calendar.
    pub const BEFORE_CYCLE: &str = "meter.before_cycle";
    /// The tariff contract could not price a period.
    pub const QUOTE_FAILED: &str = "meter.quote_failed";
    /// Closing a period of a generation meter: the park market settles its energy.
    pub const GENERATION_NOT_BILLED: &str = "meter.generation_not_billed";
    /// A generation meter with a contracted monthly amount: nothing is advanced for it.
    pub const GENERATION_CONTRACTED_AMOUNT: &str = "meter.generation_contracted_amount";
}

#[cfg(test)]
mod tests;
