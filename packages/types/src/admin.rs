//! The admin contract: the consortium's registry of participants, roles and meters.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::{Addr, Binary, Uint128};

use crate::billing::MeterSettings;
pub use crate::meter::MeterKind;

/// Stable error codes of the admin contract (see [`crate::error_code`]).
pub mod codes {
    /// Only the administrator may do this.
    pub const NOT_ADMIN: &str = "admin.not_admin";
    /// Only a blacklister or the administrator may blacklist or clear.
    pub const NOT_BLACKLISTER: &str = "admin.not_blacklister";
    /// The sender is not the proposed administrator.
    pub const NOT_PROPOSED_ADMIN: &str = "admin.not_proposed_admin";
    /// There is no pending administrator proposal.
    pub const NO_ADMIN_PROPOSAL: &str = "admin.no_admin_proposal";
    /// The proposed address is already the administrator.
    pub const ALREADY_ADMIN: &str = "admin.already_admin";
    /// Meter settings that cannot be computed.
    pub const INVALID_METER_SETTINGS: &str = "admin.invalid_meter_settings";
    /// A meter code id of 0.
    pub const INVALID_CODE_ID: &str = "admin.invalid_code_id";
    /// An update that changes nothing.
    pub const NOTHING_TO_UPDATE: &str = "admin.nothing_to_update";
    /// The tariff or bank contract is not wired yet.
    pub const NOT_CONFIGURED: &str = "admin.not_configured";
    /// The participant is already registered.
    pub const PARTICIPANT_EXISTS: &str = "admin.participant_exists";
    /// No such participant.
    pub const PARTICIPANT_NOT_FOUND: &str = "admin.participant_not_found";
    /// A participant name that is empty or too long.
    pub const INVALID_NAME: &str = "admin.invalid_name";
    /// A participant without roles.
    pub const NO_ROLES: &str = "admin.no_roles";
    /// A role listed twice.
    pub const DUPLICATE_ROLE: &str = "admin.duplicate_role";
    /// The admin role cannot be granted; it is transferred.
    pub const ADMIN_ROLE_NOT_GRANTABLE: &str = "admin.admin_role_not_grantable";
    /// The participant already has that status.
    pub const PARTICIPANT_STATUS_UNCHANGED: &str = "admin.participant_status_unchanged";
    /// The participant lacks the role the action needs.
    pub const MISSING_ROLE: &str = "admin.missing_role";
    /// The participant is suspended.
    pub const PARTICIPANT_SUSPENDED: &str = "admin.participant_suspended";
    /// The participant is blacklisted.
    pub const PARTICIPANT_BLACKLISTED: &str = "admin.participant_blacklisted";
    /// A blacklisting reason that is empty or too long.
    pub const INVALID_REASON: &str = "admin.invalid_reason";
    /// The participant is already blacklisted.
    pub const ALREADY_BLACKLISTED: &str = "admin.already_blacklisted";
    /// The participant is not blacklisted.
    pub const NOT_BLACKLISTED: &str = "admin.not_blacklisted";
    /// A malformed meter id.
    pub const INVALID_METER_ID: &str = "admin.invalid_meter_id";
    /// The meter id is taken.
    pub const METER_EXISTS: &str = "admin.meter_exists";
    /// No such meter.
    pub const METER_NOT_FOUND: &str = "admin.meter_not_found";
    /// A meter public key that is not a compressed secp256k1 key.
    pub const INVALID_PUBKEY: &str = "admin.invalid_pubkey";
    /// The tariff contract does not know the tariff.
    pub const UNKNOWN_TARIFF: &str = "admin.unknown_tariff";
    /// A retired meter's status cannot change.
    pub const METER_RETIRED: &str = "admin.meter_retired";
    /// The meter already has that status.
    pub const METER_STATUS_UNCHANGED: &str = "admin.meter_status_unchanged";
    /// A reply to a submessage the contract never sent.
    pub const UNKNOWN_REPLY_ID: &str = "admin.unknown_reply_id";
    /// The meter contract could not be instantiated.
    pub const METER_INSTANTIATION_FAILED: &str = "admin.meter_instantiation_failed";
    /// The meter contract's instantiation reply cannot be read.
    pub const BAD_INSTANTIATE_REPLY: &str = "admin.bad_instantiate_reply";
    /// No meter registration waits for this owner's meter contract.
    pub const NO_METER_REGISTRATION: &str = "admin.no_meter_registration";
    /// A time-locked operation asked to run before its delay has passed.
    pub const TIMELOCK_NOT_ELAPSED: &str = "admin.timelock_not_elapsed";
    /// No pending time-locked operation with that id.
    pub const TIMELOCKED_NOT_FOUND: &str = "admin.timelocked_not_found";
    /// An administrator transfer takes effect with `AcceptAdmin`, not `ExecuteTimelocked`.
    pub const TRANSFER_NEEDS_ACCEPT: &str = "admin.transfer_needs_accept";
    /// A role change batch with no changes.
    pub const NO_ROLE_CHANGES: &str = "admin.no_role_changes";
    /// A role change batch larger than allowed.
    pub const TOO_MANY_ROLE_CHANGES: &str = "admin.too_many_role_changes";
    /// A role change batch naming one participant twice.
    pub const DUPLICATE_ROLE_CHANGE: &str = "admin.duplicate_role_change";
    /// A time-lock delay longer than allowed.
    pub const INVALID_TIMELOCK_DELAY: &str = "admin.invalid_timelock_delay";
    /// A regional meter while no router is set.
    pub const NO_ROUTER: &str = "admin.no_router";
    /// A regional meter for a consumer whose meters are local, or the other way round.
    pub const MIXED_METERS: &str = "admin.mixed_meters";
    /// A generation meter with a contracted monthly amount: nothing is advanced for it.
    pub const GENERATION_CONTRACTED_AMOUNT: &str = "admin.generation_contracted_amount";
    /// A generation meter in a region: the park market reads main-chain meters only.
    pub const REGIONAL_GENERATION_METER: &str = "admin.regional_generation_meter";
}

/// The time lock's delay when instantiation or migration names none: 48 hours.
pub const DEFAULT_TIMELOCK_DELAY_SECONDS: u64 = 48 * 3600;
/// The longest time-lock delay accepted: 30 days.
pub const MAX_TIMELOCK_DELAY_SECONDS: u64 = 30 * 24 * 3600;
/// The most role changes one `ScheduleRoleChanges` may carry.
pub const MAX_ROLE_CHANGES: usize = 50;

/// What a participant may do. A participant can hold several roles.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The registry's administrator. Held by exactly one address and moved only by the
    /// two-step transfer (`ProposeAdmin`, `AcceptAdmin`); never granted through `SetRoles`.
    Admin,
    /// Mints the settlement token against deposits, redeems it, pays instalments.
    BankOperator,
    /// Supplies energy and receives bill payments; may manage tariffs.
    Retailer,
    /// Owns meters and pays bills.
    Consumer,
    /// Blacklists and clears participants.
    Blacklister,
    /// Reads everything, changes nothing; other contracts grant it access to sensitive records.
    Auditor,
    /// Pauses any contract at once in an emergency; only the administrator resumes it.
    Guardian,
    /// Administers a providing organisation of the cloud federation: its quotas, price
    /// lists, metering agent and leases.
    CloudProvider,
    /// Requests cloud hosts for the organisation it is a user of.
    CloudUser,
}

impl Role {
    /// The role's name as it appears in storage keys and events.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::BankOperator => "bank_operator",
            Role::Retailer => "retailer",
            Role::Consumer => "consumer",
            Role::Blacklister => "blacklister",
            Role::Auditor => "auditor",
            Role::Guardian => "guardian",
            Role::CloudProvider => "cloud_provider",
            Role::CloudUser => "cloud_user",
        }
    }
}

/// Whether a participant may act at all. Blacklisting is separate: it is decided by a
/// blacklister, not the admin, and it also stops the participant's meters and payments.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum ParticipantStatus {
    Active,
    Suspended,
}

impl ParticipantStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            ParticipantStatus::Active => "active",
            ParticipantStatus::Suspended => "suspended",
        }
    }
}

/// A meter's life cycle. Retired is final.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum MeterStatus {
    Active,
    Suspended,
    Retired,
}

impl MeterStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            MeterStatus::Active => "active",
            MeterStatus::Suspended => "suspended",
            MeterStatus::Retired => "retired",
        }
    }
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The first administrator; the sender when absent.
    pub admin: Option<String>,
    /// Code id of the meter contract instantiated for each consumer.
    pub meter_code_id: u64,
    /// Billing cycle, payment schedule and reading limits given to new meter contracts.
    pub meter_settings: MeterSettings,
    /// Seconds between scheduling a time-locked operation (an administrator transfer, a bulk
    /// role change) and the earliest moment it may take effect;
    /// [`DEFAULT_TIMELOCK_DELAY_SECONDS`] when absent. At most [`MAX_TIMELOCK_DELAY_SECONDS`].
    #[serde(default)]
    pub timelock_delay_seconds: Option<u64>,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// Admin: wires the tariff and bank contracts that new meter contracts will use.
    SetContracts { tariff: String, bank: String },
    /// Admin: sets the main chain's router, which carries regional meters to their regions.
    SetRouter { address: String },
    /// Admin: changes the meter code id and settings used for meter contracts created from now on.
    UpdateMeterDefaults {
        meter_code_id: Option<u64>,
        meter_settings: Option<MeterSettings>,
    },
    /// Admin: adds a participant with its roles.
    RegisterParticipant {
        address: String,
        name: String,
        roles: Vec<Role>,
    },
    /// Admin: replaces a participant's roles.
    SetRoles { address: String, roles: Vec<Role> },
    /// Admin: suspends or reactivates a participant.
    SetParticipantStatus {
        address: String,
        status: ParticipantStatus,
    },
    /// Blacklister: stops a participant's meters' readings and their payments everywhere.
    Blacklist { address: String, reason: String },
    /// Blacklister: lifts a blacklisting.
    Unblacklist { address: String },
    /// Admin: registers a meter. A local meter: the owner's first instantiates the owner's
    /// meter contract, later ones are added to it. A regional meter (with `region`): the
    /// router sends it to the region, whose endpoint holds the owner's meter contract there.
    RegisterMeter(RegisterMeter),
    /// Admin: suspends, reactivates or retires a meter.
    SetMeterStatus {
        meter_id: String,
        status: MeterStatus,
    },
    /// Admin: offers the admin role to another address, which must accept it once the time
    /// lock's delay has passed. Time-locked: visible in `TimelockedOperations` until then.
    ProposeAdmin { address: String },
    /// The proposed address takes over the admin role (not before the proposal's
    /// `effective_at`).
    AcceptAdmin {},
    /// Admin: withdraws a pending proposal.
    CancelAdminProposal {},
    /// Guardian or administrator: stops every change of the registry's records at once (see
    /// [`crate::emergency`]); blacklisting, suspending and cancelling keep working.
    Pause { reason: String },
    /// Administrator: resumes the registry.
    Unpause {},
    /// Admin: schedules new roles for several participants at once (each entry replaces that
    /// participant's roles, as `SetRoles` does). Time-locked: it can be executed with
    /// `ExecuteTimelocked` once the delay has passed, and cancelled before.
    ScheduleRoleChanges { changes: Vec<RoleChange> },
    /// Admin: carries out a scheduled role change whose delay has passed.
    ExecuteTimelocked { id: u64 },
    /// Admin: cancels a pending time-locked operation (a role change, or the administrator
    /// proposal).
    CancelTimelocked { id: u64 },
}

/// One participant's new roles in a [`ExecuteMsg::ScheduleRoleChanges`].
#[cw_serde]
pub struct RoleChange {
    pub address: String,
    pub roles: Vec<Role>,
}

/// What a time-locked operation does when it takes effect.
#[cw_serde]
pub enum TimelockedAction {
    /// `to` becomes the administrator when it sends `AcceptAdmin`.
    TransferAdmin { to: Addr },
    /// Each participant's roles are replaced, when the administrator sends
    /// `ExecuteTimelocked`.
    ChangeRoles { changes: Vec<RoleChange> },
}

/// A pending time-locked operation.
#[cw_serde]
pub struct TimelockedOperation {
    pub id: u64,
    pub action: TimelockedAction,
    pub scheduled_by: Addr,
    /// Block time of scheduling, unix seconds.
    pub scheduled_at: u64,
    /// The earliest block time at which it may take effect, unix seconds.
    pub effective_at: u64,
}

#[cw_serde]
pub struct TimelockedOperationsResponse {
    /// The delay given to operations scheduled now, seconds.
    pub delay_seconds: u64,
    pub operations: Vec<TimelockedOperation>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

/// A meter to register.
#[cw_serde]
pub struct RegisterMeter {
    pub meter_id: String,
    /// A participant with the consumer role.
    pub owner: String,
    /// A participant with the retailer role; bill payments go to it.
    pub retailer: String,
    /// The meter's 33-byte compressed secp256k1 public key.
    pub pubkey: Binary,
    /// A tariff defined in the tariff contract.
    pub tariff_id: String,
    /// The register value when the meter is installed, watt-hours.
    pub initial_register_wh: u64,
    /// Contracted monthly amount, minor units: the estimate behind the first period's advances.
    pub contracted_monthly_amount: Uint128,
    /// The region (sub-chain) the meter lives in, as the router knows it; a local meter when
    /// absent. A consumer's meters are all local or all in its one region.
    #[serde(default)]
    pub region: Option<String>,
    /// Consumption (billed; the default) or generation (its readings prove delivery to the
    /// park market, which settles it; never billed, so no contracted amount, and on the main
    /// chain only). Left out of the message for a consumption meter, so that a registry from
    /// before meter kinds, which refuses fields it does not know, still takes it.
    #[serde(default, skip_serializing_if = "MeterKind::is_consumption")]
    pub kind: MeterKind,
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The registry's configuration.
    #[returns(ConfigResponse)]
    Config {},
    /// The administrator and any pending transfer.
    #[returns(AdminResponse)]
    Admin {},
    /// One participant.
    #[returns(Participant)]
    Participant { address: String },
    /// Participants in address order, optionally only those holding `role`.
    #[returns(ParticipantsResponse)]
    Participants {
        role: Option<Role>,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// Whether an address may act in a role now: registered, active, not blacklisted and
    /// holding the role (or, for `Admin`, being the administrator).
    #[returns(bool)]
    HasRole { address: String, role: Role },
    /// How an address stands now, for contracts deciding whether value may move to or from
    /// it: blacklisted, suspended, active or not registered at all.
    #[returns(Standing)]
    Standing { address: String },
    /// One meter.
    #[returns(MeterInfo)]
    Meter { meter_id: String },
    /// Meters in id order.
    #[returns(MetersResponse)]
    Meters {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// One owner's meters in id order.
    #[returns(MetersResponse)]
    MetersByOwner {
        owner: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// Whether the registry is paused.
    #[returns(crate::emergency::PauseStatus)]
    PauseStatus {},
    /// Pending time-locked operations in id order, each with the time it may take effect.
    #[returns(TimelockedOperationsResponse)]
    TimelockedOperations {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub meter_code_id: u64,
    pub meter_settings: MeterSettings,
    pub tariff: Option<Addr>,
    pub bank: Option<Addr>,
    /// The router of regional meters, once set.
    #[serde(default)]
    pub router: Option<Addr>,
}

#[cw_serde]
pub struct AdminResponse {
    pub admin: Addr,
    pub pending: Option<Addr>,
    /// When the pending proposal may be accepted, unix seconds.
    #[serde(default)]
    pub pending_effective_at: Option<u64>,
}

#[cw_serde]
pub struct Participant {
    pub address: Addr,
    pub name: String,
    pub roles: Vec<Role>,
    pub status: ParticipantStatus,
    /// The blacklisting reason, while blacklisted.
    pub blacklisted: Option<String>,
    /// The participant's meter contract, once it has a meter.
    pub meter_contract: Option<Addr>,
    /// Block time of registration, unix seconds.
    pub registered_at: u64,
}

/// How an address stands in the registry. Blacklisting outranks suspension: a blacklisted
/// participant that is also suspended is reported as blacklisted.
#[cw_serde]
pub enum Standing {
    /// Not a registered participant.
    Unregistered,
    /// Registered and free to act in its roles and to send and receive value.
    Active,
    /// Suspended by the administrator: may not act or receive new value; obligations already
    /// in flight (instalments due from or to it) still settle.
    Suspended,
    /// Blacklisted by a blacklister: no value may reach or leave it; what is in flight stays
    /// where it is and is reported.
    Blacklisted { reason: String },
}

#[cw_serde]
pub struct ParticipantsResponse {
    pub participants: Vec<Participant>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct MeterInfo {
    pub meter_id: String,
    pub owner: Addr,
    pub retailer: Addr,
    pub pubkey: Binary,
    pub tariff_id: String,
    pub status: MeterStatus,
    /// The owner's meter contract, where readings are sent; for a regional meter the router,
    /// which stands in for the meter contract on the region's chain.
    pub contract: Addr,
    pub registered_at: u64,
    /// The region the meter lives in; absent for a local meter.
    #[serde(default)]
    pub region: Option<String>,
    /// Consumption or generation; consumption for meters registered before kinds existed.
    #[serde(default)]
    pub kind: MeterKind,
}

#[cw_serde]
pub struct MetersResponse {
    pub meters: Vec<MeterInfo>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
#[derive(Default)]
pub struct MigrateMsg {
    /// A new time-lock delay, seconds; kept as it is when absent (or set to
    /// [`DEFAULT_TIMELOCK_DELAY_SECONDS`] on a registry that had none).
    #[serde(default)]
    pub timelock_delay_seconds: Option<u64>,
}
