//! The main chain's router: which region (sub-chain and channel) serves which consumer and
//! meter, the registry's messages for regional meters carried there as packets of the region
//! protocol ([`crate::region`]), and the bills the regions send back, recorded with the bank
//! and confirmed per region and period.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::{Addr, Uint128};

use crate::admin::MeterStatus;
use crate::meter::NewMeter;
use crate::region::ChainPoint;

/// Stable error codes of the router (see [`crate::error_code`]).
pub mod codes {
    /// Only the registry's administrator may do this.
    pub const NOT_ADMIN: &str = "router.not_admin";
    /// Only the registry may do this.
    pub const NOT_REGISTRY: &str = "router.not_registry";
    /// Only the bank may do this.
    pub const NOT_BANK: &str = "router.not_bank";
    /// A bill's payment that contradicts itself or the statuses already sent for the bill.
    pub const INVALID_BILL_PAYMENT: &str = "router.invalid_bill_payment";
    /// A delivery setting of zero.
    pub const INVALID_DELIVERY: &str = "router.invalid_delivery";
    /// A region id outside `[a-z0-9-]{1,32}`.
    pub const INVALID_REGION_ID: &str = "router.invalid_region_id";
    /// A connection id or endpoint port that cannot be one.
    pub const INVALID_ENDPOINT: &str = "router.invalid_endpoint";
    /// The region id is taken.
    pub const REGION_EXISTS: &str = "router.region_exists";
    /// Another region already has this connection and endpoint port.
    pub const ENDPOINT_TAKEN: &str = "router.endpoint_taken";
    /// No such region.
    pub const UNKNOWN_REGION: &str = "router.unknown_region";
    /// The region has no open channel.
    pub const REGION_UNREACHABLE: &str = "router.region_unreachable";
    /// The consumer already lives in another region.
    pub const CONSUMER_IN_OTHER_REGION: &str = "router.consumer_in_other_region";
    /// The meter is already routed.
    pub const METER_ROUTED: &str = "router.meter_routed";
    /// The router has no route for the consumer.
    pub const UNKNOWN_CONSUMER: &str = "router.unknown_consumer";
    /// The router has no route for the meter.
    pub const UNKNOWN_METER: &str = "router.unknown_meter";
    /// A channel whose connection and counterparty port are no region's awaiting a channel.
    pub const UNKNOWN_REGION_CHANNEL: &str = "router.unknown_region_channel";
    /// A packet or acknowledgement on a channel bound to no region.
    pub const UNKNOWN_CHANNEL: &str = "router.unknown_channel";
    /// A packet about a meter that is not routed to the sending region.
    pub const FOREIGN_METER: &str = "router.foreign_meter";
    /// A packet that is not one of the protocol's.
    pub const BAD_PACKET: &str = "router.bad_packet";
    /// An acknowledgement that is not one of the protocol's (kept as the refusal of the packet
    /// it answers, which stays in the outbox).
    pub const BAD_ACK: &str = "router.bad_ack";
    /// A reply to a submessage the router never sent.
    pub const UNKNOWN_REPLY_ID: &str = "router.unknown_reply_id";
    /// A reply with no received packet waiting for it.
    pub const NO_PENDING_PACKET: &str = "router.no_pending_packet";
    /// The bank refused what a region sent, without a ledger code (the chain redacts the
    /// errors of submessages).
    pub const BANK_REFUSED: &str = "router.bank_refused";
}

/// How the router sends packets: the timeout of each sending and how many sendings a packet
/// gets before it is left stuck for an operator.
#[cw_serde]
#[derive(Copy)]
pub struct Delivery {
    /// Seconds from sending until the packet times out; more than zero.
    pub timeout_seconds: u64,
    /// Sendings in all, the first included; more than zero.
    pub max_attempts: u32,
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The registry (admin contract): its administrator manages regions, and only it onboards
    /// meters and sends standings and statuses.
    pub registry: String,
    /// The bank, which schedules the regions' advances and records their bills.
    pub bank: String,
    pub delivery: Delivery,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// Registry administrator: adds a region reached over `connection_id`, whose endpoint
    /// contract has the port `endpoint_port` (`wasm.<address>` on the region's chain). The
    /// region's channel is opened afterwards by the relayer.
    AddRegion {
        /// `[a-z0-9-]{1,32}`.
        region: String,
        connection_id: String,
        endpoint_port: String,
    },
    /// Registry: routes a consumer's new meter to `region` and sends it there.
    Onboard {
        region: String,
        consumer: String,
        meter: NewMeter,
    },
    /// Registry: a regional consumer's standing changed (`blocked` while blacklisted or
    /// suspended); sent to the consumer's region.
    OwnerStanding { consumer: String, blocked: bool },
    /// Registry: a regional meter's status changed; sent to the meter's region.
    MeterStatus {
        meter_id: String,
        status: MeterStatus,
    },
    /// Bank: what is paid of a regional bill changed (the bill was recorded, or one of its
    /// instalments was paid); sent to the meter's region as a `BillStatus` with the bill's next
    /// revision.
    BillPaid(BillPayment),
    /// Registry administrator: sends a stuck or refused packet of the outbox again.
    Retry { id: u64 },
}

/// What the bank has been paid of a regional meter's recorded bill, as it tells the router.
#[cw_serde]
pub struct BillPayment {
    pub meter_id: String,
    pub period: u32,
    /// The bill's total, as the bank recorded it.
    pub total: Uint128,
    /// Running total of what is paid of the bill's instalments, advances included (more than
    /// `total` when the advances paid exceeded the bill; the excess became the meter's credit).
    pub paid: Uint128,
    /// Nothing remains to pay on the bill: `paid` has reached `total`.
    pub settled: bool,
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The router's wiring and delivery settings.
    #[returns(ConfigResponse)]
    Config {},
    /// One region.
    #[returns(Region)]
    Region { region: String },
    /// Regions in id order.
    #[returns(RegionsResponse)]
    Regions {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// Where a meter lives.
    #[returns(Route)]
    Route { meter_id: String },
    /// A region's meters in id order.
    #[returns(RoutesResponse)]
    Routes {
        region: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// The region a consumer lives in, if any.
    #[returns(ConsumerRegionResponse)]
    ConsumerRegion { consumer: String },
    /// The main chain's confirmation of a meter's bill for a period, if confirmed.
    #[returns(ConfirmationResponse)]
    Confirmation { meter_id: String, period: u32 },
    /// The digests of the bills confirmed for a region and period, in meter id order.
    #[returns(ConfirmedDigestsResponse)]
    ConfirmedDigests {
        region: String,
        period: u32,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// The last payment status of a bill sent towards its region, if any.
    #[returns(BillStatusResponse)]
    BillStatus { meter_id: String, period: u32 },
    /// Packets sent to regions and not yet applied there, in id order.
    #[returns(crate::region::OutboxResponse<crate::region::ToRegion>)]
    Outbox {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub registry: Addr,
    pub bank: Addr,
    pub delivery: Delivery,
}

/// A region and its channel.
#[cw_serde]
pub struct Region {
    pub region: String,
    pub connection_id: String,
    /// The region endpoint's port on the region's chain.
    pub endpoint_port: String,
    pub channel: RegionChannel,
}

/// Where a region's channel stands.
#[cw_serde]
pub enum RegionChannel {
    /// No channel has been opened yet.
    Awaiting,
    /// Packets flow on this channel.
    Open { channel_id: String },
    /// The channel was closed; nothing more is sent to the region until a new channel opens.
    Closed { channel_id: String },
}

#[cw_serde]
pub struct RegionsResponse {
    pub regions: Vec<Region>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    pub has_more: bool,
}

/// Where a meter lives.
#[cw_serde]
pub struct Route {
    pub meter_id: String,
    pub region: String,
    pub consumer: Addr,
    pub state: RouteState,
}

/// How far a meter's registration in its region has come.
#[cw_serde]
pub enum RouteState {
    /// Sent to the region, not yet acknowledged.
    Pending,
    /// The region holds the meter in this meter contract (an address on the region's chain).
    Active { meter_contract: String },
    /// The region refused the registration with this coded error.
    Refused { code: String, message: String },
}

#[cw_serde]
pub struct RoutesResponse {
    pub routes: Vec<Route>,
    /// More entries follow: ask again with `start_after` set to the last meter id.
    pub has_more: bool,
}

#[cw_serde]
pub struct ConsumerRegionResponse {
    pub consumer: Addr,
    pub region: Option<String>,
}

/// A bill the main chain's bank recorded from a region.
#[cw_serde]
pub struct Confirmation {
    pub region: String,
    /// The region's digest of the period's readings (see [`crate::region::readings_digest`]).
    pub readings_digest: String,
    pub total: Uint128,
    /// The block of the main chain where the bank recorded the bill.
    pub confirmed: ChainPoint,
}

#[cw_serde]
pub struct ConfirmationResponse {
    pub confirmation: Option<Confirmation>,
}

/// One meter's confirmed bill in a region's period.
#[cw_serde]
pub struct ConfirmedDigest {
    pub meter_id: String,
    pub readings_digest: String,
    pub total: Uint128,
    pub confirmed: ChainPoint,
}

#[cw_serde]
pub struct ConfirmedDigestsResponse {
    pub digests: Vec<ConfirmedDigest>,
    /// More entries follow: ask again with `start_after` set to the last meter id.
    pub has_more: bool,
}

#[cw_serde]
pub struct BillStatusResponse {
    pub status: Option<crate::region::BillStatus>,
}

#[cw_serde]
pub struct MigrateMsg {}
