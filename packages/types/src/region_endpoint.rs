//! The region endpoint: on each regional sub-chain, the contract at the region's end of the
//! IBC channel to the main chain's router (packets in [`crate::region`]).
//!
//! It instantiates the region's meter contracts (it is their `admin_contract`) and stands in as
//! their `bank_contract`: what a meter contract sends the bank ([`ExecuteMsg::ScheduleAdvances`],
//! [`ExecuteMsg::RecordBill`], JSON-identical to the bank's variants) goes to the main chain as
//! a packet, and what the main chain decides about consumers, meters and bills arrives as one.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::Addr;

use crate::bank::{AdvanceNotice, BillNotice};
use crate::billing::MeterSettings;
use crate::region::{BillStatus, ChainPoint};

/// How the endpoint's packets to the main chain are delivered.
#[cw_serde]
#[derive(Copy)]
pub struct Delivery {
    /// How long a packet may take to be received before it times out, seconds (> 0).
    pub timeout_seconds: u64,
    /// Sendings in all, the first included, before a timed-out packet is left stuck (>= 1).
    pub max_attempts: u32,
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The region's operator: sends stuck or refused packets again and updates the settings.
    pub admin: String,
    /// The IBC connection to the main chain; a channel on any other is refused.
    pub main_connection_id: String,
    /// The router's port on the main chain (`wasm.<router address>`); a channel to any other
    /// port is refused.
    pub router_port: String,
    /// Code id of the meter contract instantiated for each consumer's first meter.
    pub meter_code_id: u64,
    /// The region's tariff contract: meters are registered only on tariffs it knows.
    pub tariff_contract: String,
    /// Settings of the meter contracts instantiated from now on.
    pub meter_settings: MeterSettings,
    pub delivery: Delivery,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// The meter contract holding `meter_id` only (as it would send the bank): sends the
    /// period's advances to the main chain.
    ScheduleAdvances(AdvanceNotice),
    /// The meter contract holding `meter_id` only (as it would send the bank): sends the
    /// closed period's bill, its line items and the digest of its daily totals to the main
    /// chain.
    RecordBill(BillNotice),
    /// The region's operator: sends a stuck or refused packet again under its id.
    Retry { id: u64 },
    /// The region's operator: changes what later meter contracts and packets use; a field
    /// left out keeps its value. The channel's binding and the operator do not change here.
    UpdateConfig {
        meter_code_id: Option<u64>,
        meter_settings: Option<MeterSettings>,
        delivery: Option<Delivery>,
    },
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The endpoint's wiring and settings.
    #[returns(ConfigResponse)]
    Config {},
    /// The channel to the main chain, once one was opened.
    #[returns(ChannelResponse)]
    Channel {},
    /// A consumer's meter contract in this region and its standing from the main chain.
    #[returns(ConsumerResponse)]
    ConsumerContract { consumer: String },
    /// The region's meters in id order: the consumer and the meter contract of each.
    #[returns(MetersResponse)]
    Meters {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// What the endpoint knows of one period's bill: when it was sent, where the main chain
    /// confirmed it, and the last payment status received.
    #[returns(BillRecord)]
    Bill { meter_id: String, period: u32 },
    /// Bills in (meter id, period) order.
    #[returns(BillsResponse)]
    Bills {
        start_after: Option<(String, u32)>,
        limit: Option<u32>,
    },
    /// Packets to the main chain not yet applied there (in flight, stuck or refused), in id
    /// order.
    #[returns(crate::region::OutboxResponse<crate::region::ToMain>)]
    Outbox {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// The registry's question, asked by the region's meter contracts (whose registry this
    /// endpoint is) before they pause or resume: true for the endpoint's administrator in the
    /// `admin` and `guardian` roles, false otherwise. The same JSON as the registry's
    /// `HasRole`.
    #[returns(bool)]
    HasRole {
        address: String,
        role: crate::admin::Role,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub admin: Addr,
    pub main_connection_id: String,
    pub router_port: String,
    pub meter_code_id: u64,
    pub tariff_contract: Addr,
    pub meter_settings: MeterSettings,
    pub delivery: Delivery,
}

/// The channel to the main chain's router.
#[cw_serde]
pub struct ChannelInfo {
    pub channel_id: String,
    pub connection_id: String,
    pub counterparty_port: String,
    pub counterparty_channel: String,
    /// The channel was closed; no packet goes out on it any more, and no other is accepted.
    pub closed: bool,
}

#[cw_serde]
pub struct ChannelResponse {
    /// `None` until the channel's handshake completed.
    pub channel: Option<ChannelInfo>,
}

#[cw_serde]
pub struct ConsumerResponse {
    pub consumer: Addr,
    /// The consumer's meter contract here, once its first meter was registered.
    pub contract: Option<Addr>,
    /// The consumer is blacklisted or suspended on the main chain.
    pub blocked: bool,
    /// Revision of the last standing applied (0 before any).
    pub standing_revision: u64,
}

#[cw_serde]
pub struct MeterEntry {
    pub meter_id: String,
    pub consumer: Addr,
    pub contract: Addr,
    /// Revision of the last status applied (0 before any).
    pub status_revision: u64,
}

#[cw_serde]
pub struct MetersResponse {
    pub meters: Vec<MeterEntry>,
    /// More entries follow: ask again with `start_after` set to the last entry's meter id.
    pub has_more: bool,
}

/// A bill as the endpoint sent it to the main chain.
#[cw_serde]
pub struct SentBill {
    /// The outbox id of the packet that carries it.
    pub packet_id: u64,
    /// The digest of the period's daily totals sent with it (see
    /// [`crate::region::readings_digest`]).
    pub readings_digest: String,
    /// Block time of sending, unix seconds.
    pub sent_at: u64,
}

/// One period's bill as the endpoint knows it.
#[cw_serde]
pub struct BillRecord {
    pub meter_id: String,
    pub period: u32,
    /// `None` for a bill whose payment status arrived before it was sent from here.
    pub sent: Option<SentBill>,
    /// Where the main chain recorded the bill, once its acknowledgement arrived.
    pub confirmed: Option<ChainPoint>,
    /// The newest payment status the main chain sent.
    pub status: Option<BillStatus>,
}

#[cw_serde]
pub struct BillsResponse {
    pub bills: Vec<BillRecord>,
    /// More entries follow: ask again with `start_after` set to the last bill's
    /// (meter id, period).
    pub has_more: bool,
}

#[cw_serde]
pub struct MigrateMsg {}

/// The region endpoint's error codes (see [`crate::error_code`]); the shared ones, including
/// the channel's order and version and the outbox's, are in `error_code::common`.
pub mod codes {
    /// The sender is not the region's operator.
    pub const NOT_ADMIN: &str = "region_endpoint.not_admin";
    /// The instantiation or update settings cannot be used.
    pub const INVALID_CONFIG: &str = "region_endpoint.invalid_config";
    /// A channel on another connection or to another port than the router's, a second
    /// channel, or a packet on a channel that is not the bound one.
    pub const UNKNOWN_CHANNEL: &str = "region_endpoint.unknown_channel";
    /// No open channel to the main chain to send on.
    pub const NO_CHANNEL: &str = "region_endpoint.no_channel";
    /// A packet that is not a `Packet<ToRegion>` of this protocol.
    pub const BAD_PACKET: &str = "region_endpoint.bad_packet";
    /// A consumer address that is not valid on this chain.
    pub const INVALID_CONSUMER: &str = "region_endpoint.invalid_consumer";
    /// The region's tariff contract does not know the meter's tariff.
    pub const UNKNOWN_TARIFF: &str = "region_endpoint.unknown_tariff";
    /// The meter's tariff here belongs to another retailer than the meter's (or to none yet):
    /// a meter goes only on a tariff of its own retailer.
    pub const TARIFF_OF_ANOTHER_RETAILER: &str = "region_endpoint.tariff_of_another_retailer";
    /// The meter's tariff has no version in force yet: its first version takes effect later.
    pub const TARIFF_NOT_IN_FORCE: &str = "region_endpoint.tariff_not_in_force";
    /// The meter's retailer is not an address of the region's chain.
    pub const INVALID_RETAILER: &str = "region_endpoint.invalid_retailer";
    /// The meter's public key is not a compressed secp256k1 point.
    pub const INVALID_PUBKEY: &str = "region_endpoint.invalid_pubkey";
    /// The consumer's meter contract is paused and takes no new meter until it is resumed.
    pub const METER_CONTRACT_PAUSED: &str = "region_endpoint.meter_contract_paused";
    /// The meter id is already registered in this region.
    pub const METER_EXISTS: &str = "region_endpoint.meter_exists";
    /// A packet or query names a meter this region does not hold.
    pub const UNKNOWN_METER: &str = "region_endpoint.unknown_meter";
    /// The sender is not the meter contract holding the notice's meter.
    pub const NOT_METER_CONTRACT: &str = "region_endpoint.not_meter_contract";
    /// The meter contract's bill or daily totals could not be read.
    pub const BILL_UNREADABLE: &str = "region_endpoint.bill_unreadable";
    /// The bill of this meter and period was already sent.
    pub const BILL_ALREADY_SENT: &str = "region_endpoint.bill_already_sent";
    /// Asking for a bill the endpoint knows nothing of.
    pub const UNKNOWN_BILL: &str = "region_endpoint.unknown_bill";
    /// A reply the endpoint did not ask for.
    pub const UNKNOWN_REPLY_ID: &str = "region_endpoint.unknown_reply_id";
    /// The reply to a meter contract's instantiation cannot be read.
    pub const BAD_INSTANTIATE_REPLY: &str = "region_endpoint.bad_instantiate_reply";
    /// The main chain answered a packet with an acknowledgement not in the protocol's form;
    /// the packet is kept as refused with this code.
    pub const BAD_ACK: &str = "region_endpoint.bad_ack";
}
