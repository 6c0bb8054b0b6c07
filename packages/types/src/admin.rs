//! The admin contract: the consortium's registry of participants, roles and meters.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::{Addr, Binary, Uint128};

use crate::billing::MeterSettings;

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
}

#[cw_serde]
pub enum ExecuteMsg {
    /// Admin: wires the tariff and bank contracts that new meter contracts will use.
    SetContracts { tariff: String, bank: String },
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
    /// Admin: registers a meter. The owner's first meter instantiates the owner's meter
    /// contract; later ones are added to it.
    RegisterMeter(RegisterMeter),
    /// Admin: suspends, reactivates or retires a meter.
    SetMeterStatus {
        meter_id: String,
        status: MeterStatus,
    },
    /// Admin: offers the admin role to another address, which must accept it.
    ProposeAdmin { address: String },
    /// The proposed address takes over the admin role.
    AcceptAdmin {},
    /// Admin: withdraws a pending proposal.
    CancelAdminProposal {},
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
}

#[cw_serde]
pub struct ConfigResponse {
    pub meter_code_id: u64,
    pub meter_settings: MeterSettings,
    pub tariff: Option<Addr>,
    pub bank: Option<Addr>,
}

#[cw_serde]
pub struct AdminResponse {
    pub admin: Addr,
    pub pending: Option<Addr>,
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
}

#[cw_serde]
pub struct MeterInfo {
    pub meter_id: String,
    pub owner: Addr,
    pub retailer: Addr,
    pub pubkey: Binary,
    pub tariff_id: String,
    pub status: MeterStatus,
    /// The owner's meter contract, where readings are sent.
    pub contract: Addr,
    pub registered_at: u64,
}

#[cw_serde]
pub struct MetersResponse {
    pub meters: Vec<MeterInfo>,
}

#[cw_serde]
pub struct MigrateMsg {}
