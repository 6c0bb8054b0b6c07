//! The application protocol between the main chain's router and a regional sub-chain's
//! endpoint, carried over an IBC channel between their `wasm.<address>` ports.
//!
//! - The channel's version is [`PROTOCOL_VERSION`]; either end refuses a channel that offers
//!   another one, so a change of these packets is a new version, never a silent reinterpretation.
//! - The channel is **unordered** ([`CHANNEL_ORDER`]): every packet stands on its own (a
//!   registration, a bill, a standing with its revision), so a late packet never holds up the
//!   others, and a timeout does not close the channel as it would an ordered one, which would cut
//!   the region off until an operator opened a new channel. What must not be applied out of
//!   order (a participant's standing, a meter's status) carries a `revision` and the receiver
//!   keeps only the newest.
//! - Every packet is a [`Packet`]: the sender's outbox id and the body. The sender keeps the body
//!   until the acknowledgement arrives and sends it again, under the same id, when it times out,
//!   so nothing is lost; IBC delivers each packet at most once, and the receiver ignores an id
//!   it has already applied, so nothing is applied twice.
//! - The acknowledgement is cosmwasm's [`cosmwasm_std::StdAck`]: on success the JSON of the
//!   answer named by each body's doc ([`MeterRegistered`], [`BillConfirmed`], or [`Applied`]), on
//!   refusal the text `[ledger:<code>] <message>`, the same coded text as a refused transaction
//!   (see [`crate::error_code`]), so a client reads the code with [`crate::error_code::code_in`].

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{IbcOrder, Uint128};

use crate::admin::MeterStatus;
use crate::bank::{AdvanceNotice, BillNotice};
use crate::meter::{Bill, NewMeter};

/// The channel version both ends require.
pub const PROTOCOL_VERSION: &str = "ledger-region-1";

/// The channel order both ends require (see the module's documentation for why unordered).
pub const CHANNEL_ORDER: IbcOrder = IbcOrder::Unordered;

/// A packet of either direction: the sender's outbox id and what it carries.
#[cw_serde]
pub struct Packet<T> {
    /// Unique per sending contract; kept when the packet is sent again after a timeout.
    pub id: u64,
    pub body: T,
}

/// What the main chain's router sends to a region's endpoint.
#[cw_serde]
pub enum ToRegion {
    /// Creates a meter for `consumer` in the region: the consumer's first meter instantiates
    /// its meter contract there. Acknowledged with [`MeterRegistered`].
    RegisterMeter { consumer: String, meter: NewMeter },
    /// The consumer's standing on the main chain changed (blacklisted or suspended: `blocked`);
    /// its meters refuse readings while blocked. Acknowledged with [`Applied`]; a revision not
    /// newer than the last one applied is acknowledged and ignored.
    OwnerStanding {
        consumer: String,
        blocked: bool,
        revision: u64,
    },
    /// A meter's status changed on the main chain. Acknowledged with [`Applied`]; revisions as
    /// for `OwnerStanding`.
    MeterStatus {
        meter_id: String,
        status: MeterStatus,
        revision: u64,
    },
    /// What the main chain's bank has been paid of a bill so far. Acknowledged with
    /// [`Applied`]; a revision not newer than the last one applied is ignored.
    BillStatus(BillStatus),
}

/// What a region's endpoint sends to the main chain's router.
#[cw_serde]
pub enum ToMain {
    /// A period's advances, for the bank to schedule. Acknowledged with [`Applied`].
    Advances(AdvanceNotice),
    /// A closed period's bill, for the bank to record. Acknowledged with [`BillConfirmed`].
    Bill(Box<RegionBill>),
}

/// A bill closed on a sub-chain, as the main chain confirms it.
#[cw_serde]
pub struct RegionBill {
    /// What the bank records, exactly as a meter contract on the main chain would send it.
    pub notice: BillNotice,
    /// The bill as the region's meter contract stored it: its line items and tariff version.
    pub bill: Bill,
    /// Hex SHA-256 of the period's daily totals as the meter contract kept them (see
    /// [`readings_digest`]): what the main chain confirms without holding the readings.
    pub readings_digest: String,
}

/// A bill's payment standing on the main chain.
#[cw_serde]
pub struct BillStatus {
    pub meter_id: String,
    pub period: u32,
    /// The bill's total, as the bank recorded it.
    pub total: Uint128,
    /// What has been paid of the period's instalments so far.
    pub paid: Uint128,
    /// Every instalment of the bill is paid.
    pub settled: bool,
    /// Increases with every change of this bill's status on the main chain.
    pub revision: u64,
    /// Where on the main chain this status was reached.
    pub at: ChainPoint,
}

/// A block of the main chain.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct ChainPoint {
    pub height: u64,
    /// Block time, unix seconds.
    pub time: u64,
}

/// The acknowledgement of a registration: the meter contract that now holds the meter.
#[cw_serde]
pub struct MeterRegistered {
    pub meter_id: String,
    pub meter_contract: String,
}

/// The acknowledgement of a bill: where the main chain confirmed it.
#[cw_serde]
pub struct BillConfirmed {
    pub meter_id: String,
    pub period: u32,
    pub confirmed: ChainPoint,
}

/// The acknowledgement of a packet that needs no answer beyond its application.
#[cw_serde]
pub struct Applied {}

/// A packet its sender keeps until the other chain has answered it.
#[cw_serde]
pub struct OutboxEntry<T> {
    /// The packet's id (see [`Packet`]).
    pub id: u64,
    pub channel_id: String,
    pub body: T,
    /// How many times it was sent (a timeout sends it again).
    pub attempts: u32,
    /// Block time of the first and of the latest sending, unix seconds.
    pub first_sent: u64,
    pub last_sent: u64,
    pub state: OutboxState,
}

/// Where an unanswered packet stands.
#[cw_serde]
pub enum OutboxState {
    /// Sent and not yet acknowledged nor timed out.
    InFlight,
    /// Kept without being sent, because the other chain had no open channel when it was
    /// produced (a blacklisting must not fail because a region is cut off); an operator sends
    /// it with `Retry` once a channel is open again.
    Unsent,
    /// Timed out as many times as the sender tries; an operator sends it again with the
    /// contract's `Retry`.
    Stuck,
    /// The other chain refused it with this coded error; an operator sends it again with
    /// `Retry` once the cause is fixed.
    Refused { code: String, message: String },
}

/// A page of a sender's unanswered packets.
#[cw_serde]
pub struct OutboxResponse<T> {
    pub entries: Vec<OutboxEntry<T>>,
    /// More entries follow: ask again with `start_after` set to the last entry's id.
    pub has_more: bool,
}

/// The digest a region sends with a bill: hex SHA-256 over each day of the period, in order,
/// of `day_start (u64 BE) || energy_wh (u64 BE) || readings (u32 BE)`. The main chain keeps it
/// so that anyone holding the sub-chain's records can show they are the ones that were billed.
pub fn readings_digest<'a>(days: impl IntoIterator<Item = &'a crate::meter::DailyTotal>) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for day in days {
        hasher.update(day.day_start.to_be_bytes());
        hasher.update(day.energy_wh.to_be_bytes());
        hasher.update(day.readings.to_be_bytes());
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests;
