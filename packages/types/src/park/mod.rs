//! The zero-carbon park's energy market: members trade energy peer to peer in slots of a
//! fixed length, by a batch auction cleared at one price per slot, settled on what the
//! sellers' generation meters signed for.
//!
//! Sellers post offers (energy, minimum price, energy type, carbon intensity) and buyers bids
//! (energy, maximum price, [`Requirements`]) before a slot's gate closes; [`clearing`] holds
//! the rules that turn a slot's book into one price and a list of fills.
//!
//! The life of a slot `n` (it runs from `origin + n × slot_seconds` for `slot_seconds`):
//! - **open** until its gate closes, `gate_closure_seconds` before it starts: offers by
//!   registered generators ([`ExecuteMsg::RegisterGenerator`]: a meter, its energy type and
//!   carbon intensity, set by the registry's administrator so that no seller declares its own),
//!   bids through the settlement token's `Send` ([`ReceiveMsg::PostBid`], escrowing the bid's
//!   maximum cost); either cancelled by its owner while the gate is open;
//! - **cleared** by anyone after gate closure ([`ExecuteMsg::ClearSlot`]), a page of bids per
//!   message: the price from the levels kept as running totals while orders came in, then the
//!   fills (see [`clearing`]);
//! - **settled** per offer by anyone once the slot has ended and `settlement_delay_seconds`
//!   have passed for the readings to arrive ([`ExecuteMsg::SettleOffer`]): the offer's meter's
//!   signed readings inside the slot say what was delivered; each fill gets its share of that,
//!   the buyer pays the clearing price for it, the seller is paid, and a bid's unspent escrow
//!   goes back once all its fills are settled. Nothing is paid for energy no meter signed for.
//!   What a blacklisted or suspended party is owed at that moment is held on its order.
//!   Once the certificates contract is set ([`ExecuteMsg::SetCertificates`]), the settlement
//!   also has it issue the buyers a certificate per fill that delivered energy
//!   ([`certificates`]); while that contract is paused, settlements wait for it.
//!
//! Units: energy in Wh, prices in settlement-token minor units per kWh, carbon intensity in
//! grams of CO2-equivalent per kWh, time in unix seconds.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cw20::Cw20ReceiveMsg;

use self::clearing::Fill;

pub mod certificates;
pub mod clearing;
pub mod codes;
pub mod credits;
pub mod footprints;

/// Most sellers a bid may prefer.
pub const MAX_PREFERRED_SELLERS: usize = 10;

/// Where a generation meter's energy comes from.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum EnergyType {
    Solar,
    Wind,
    Storage,
    Grid,
}

impl EnergyType {
    /// The type's name as it appears in events.
    pub fn as_str(&self) -> &'static str {
        match self {
            EnergyType::Solar => "solar",
            EnergyType::Wind => "wind",
            EnergyType::Storage => "storage",
            EnergyType::Grid => "grid",
        }
    }
}

/// What a bid accepts, all optional: no requirement accepts every offer.
#[cw_serde]
#[derive(Default, Eq)]
pub struct Requirements {
    /// Only energy of these types (any type when empty).
    #[serde(default)]
    pub energy_types: Vec<EnergyType>,
    /// Only energy of at most this carbon intensity, g CO2e per kWh.
    #[serde(default)]
    pub max_carbon_g_per_kwh: Option<u32>,
    /// Sellers whose offers the bid takes first, in this order (addresses).
    #[serde(default)]
    pub preferred_sellers: Vec<String>,
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The registry (admin contract): participants, roles, meters, blacklist.
    pub admin_contract: String,
    /// The settlement token (cw20) bids escrow and trades are paid in.
    pub token: String,
    pub schedule: SlotSchedule,
    /// Most orders (offers and bids together) a slot takes, so that clearing stays bounded.
    pub max_orders_per_slot: u32,
}

/// When slots run and when their gates close. Fixed at instantiation.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct SlotSchedule {
    /// Start of slot 0, unix seconds: a multiple of `slot_seconds`.
    pub origin: u64,
    /// Length of a slot: 60 s to one hour, dividing an hour, so that every slot lies in one
    /// clock hour (certificates are per hour).
    pub slot_seconds: u64,
    /// How long before a slot starts its gate closes.
    pub gate_closure_seconds: u64,
    /// How long after a slot ends its offers may be settled (the readings' time to arrive).
    pub settlement_delay_seconds: u64,
}

/// Longest slot: one hour (a settlement reads a slot's readings in one message).
pub const MAX_SLOT_SECONDS: u64 = 3_600;
/// Shortest slot: one minute.
pub const MIN_SLOT_SECONDS: u64 = 60;
/// How far ahead orders may be placed: one week of slots.
pub const MAX_SLOTS_AHEAD_SECONDS: u64 = 7 * 86_400;

impl SlotSchedule {
    /// When `slot` starts (saturating: a slot past the end of time never starts).
    pub fn starts_at(&self, slot: u64) -> u64 {
        self.origin
            .saturating_add(slot.saturating_mul(self.slot_seconds))
    }

    /// When `slot` ends (the next one starts).
    pub fn ends_at(&self, slot: u64) -> u64 {
        self.starts_at(slot).saturating_add(self.slot_seconds)
    }

    /// When `slot`'s gate closes: no orders from then on.
    pub fn gate_closes_at(&self, slot: u64) -> u64 {
        self.starts_at(slot)
            .saturating_sub(self.gate_closure_seconds)
    }

    /// From when `slot`'s offers may be settled.
    pub fn settleable_at(&self, slot: u64) -> u64 {
        self.ends_at(slot)
            .saturating_add(self.settlement_delay_seconds)
    }

    /// The slot running at `now` (slot 0 before the origin).
    pub fn slot_at(&self, now: u64) -> u64 {
        now.saturating_sub(self.origin) / self.slot_seconds.max(1)
    }

    /// Why the schedule cannot be used, if it cannot.
    pub fn problem(&self) -> Option<String> {
        if !(MIN_SLOT_SECONDS..=MAX_SLOT_SECONDS).contains(&self.slot_seconds)
            || 3_600 % self.slot_seconds != 0
        {
            return Some(format!(
                "a slot of {} s must last {MIN_SLOT_SECONDS} s to {MAX_SLOT_SECONDS} s and divide an hour",
                self.slot_seconds
            ));
        }
        if self.origin % self.slot_seconds != 0 {
            return Some(format!(
                "slot 0 starting at {} is not on a multiple of the slot's {} s, so slots would straddle clock hours",
                self.origin, self.slot_seconds
            ));
        }
        if self.gate_closure_seconds > 86_400 {
            return Some(format!(
                "a gate closing {} s before its slot is more than a day ahead",
                self.gate_closure_seconds
            ));
        }
        if self.settlement_delay_seconds > 86_400 {
            return Some(format!(
                "a settlement delay of {} s is more than a day",
                self.settlement_delay_seconds
            ));
        }
        None
    }
}

#[cw_serde]
pub enum ExecuteMsg {
    /// The registry's administrator: makes a registered meter a generation meter of its owner,
    /// with the energy type and carbon intensity its offers carry.
    RegisterGenerator {
        meter_id: String,
        energy_type: EnergyType,
        carbon_g_per_kwh: u32,
    },
    /// A generation meter's owner: offers energy from it in a slot that is still open.
    PostOffer {
        slot: u64,
        meter_id: String,
        energy_wh: u64,
        /// Minor units per kWh.
        min_price: u64,
    },
    /// The owner of an order, while its slot's gate is open: withdraws it (a bid's escrow is
    /// returned).
    CancelOrder { order_id: u64 },
    /// Anyone, after a slot's gate has closed: clears up to `limit` more of its bids.
    ClearSlot { slot: u64, limit: Option<u32> },
    /// Anyone, once the offer's slot has ended and the settlement delay passed: settles its
    /// fills on its meter's signed readings.
    SettleOffer { offer_id: u64 },
    /// Anyone: pays an order's owner what was held for it because it was blacklisted or
    /// suspended when it was owed (a refund or a payment), once it may receive again.
    ReleaseHeld { order_id: u64 },
    /// The registry's administrator, once: the certificates contract the market's settlements
    /// issue hourly green certificates in (one per fill that delivered energy, to the buyer).
    /// It must be a certificates contract instantiated with this market as its market.
    SetCertificates { address: String },
    /// The settlement token's `Send` hook; carries a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Guardian or the registry's administrator: stops every message but the pause's own.
    Pause { reason: String },
    /// The registry's administrator: resumes the contract.
    Unpause {},
}

/// What a settlement-token `Send` to the market is for.
#[cw_serde]
pub enum ReceiveMsg {
    /// A bid in a slot that is still open; the amount sent must be its escrow, the cost of
    /// `energy_wh` at `max_price` rounded up ([`clearing::cost_ceil`]).
    PostBid {
        slot: u64,
        energy_wh: u64,
        /// Minor units per kWh.
        max_price: u64,
        #[serde(default)]
        requirements: Requirements,
    },
}

#[cw_serde]
pub struct MigrateMsg {}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    /// Whether the contract is paused, by whom, since when and why.
    #[returns(crate::emergency::PauseStatus)]
    PauseStatus {},
    #[returns(Generator)]
    Generator { meter_id: String },
    /// A slot's state and, once cleared, its price and volume.
    #[returns(SlotResponse)]
    Slot { slot: u64 },
    /// A slot's orders of one side, by id.
    #[returns(OrdersResponse)]
    OrderBook {
        slot: u64,
        side: clearing::Side,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A slot's fills, in the order they were made.
    #[returns(FillsResponse)]
    Fills {
        slot: u64,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A participant's fills as buyer or seller, newest first.
    #[returns(FillsResponse)]
    Trades {
        participant: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// Cleared slots' prices, oldest first.
    #[returns(PriceHistoryResponse)]
    PriceHistory {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// What a seller sold and delivered, over every settled slot.
    #[returns(SellerRecord)]
    Seller { seller: String },
}

#[cw_serde]
pub struct ConfigResponse {
    pub admin_contract: String,
    pub token: String,
    pub schedule: SlotSchedule,
    pub max_orders_per_slot: u32,
    /// Where settlements issue certificates, once set.
    pub certificates: Option<String>,
}

#[cw_serde]
pub struct Generator {
    pub meter_id: String,
    pub owner: String,
    pub energy_type: EnergyType,
    pub carbon_g_per_kwh: u32,
}

#[cw_serde]
pub enum SlotState {
    /// Orders are taken until `gate_closes_at`.
    Open { gate_closes_at: u64 },
    /// Gate closed; clearing has fixed the price and matched some of the bids.
    Clearing { price: Option<u64>, matched_wh: u64 },
    /// Every bid was matched (or nothing crossed: `price` is `None`).
    Cleared {
        price: Option<u64>,
        volume_wh: u64,
        matched_wh: u64,
    },
}

#[cw_serde]
pub struct SlotResponse {
    pub slot: u64,
    pub starts_at: u64,
    pub ends_at: u64,
    pub state: SlotState,
    pub offers: u32,
    pub bids: u32,
}

#[cw_serde]
pub struct Order {
    pub id: u64,
    pub slot: u64,
    pub owner: String,
    pub side: clearing::Side,
    pub energy_wh: u64,
    /// Minimum (offer) or maximum (bid) price, minor units per kWh.
    pub price: u64,
    /// Offers: the generation meter, its type and intensity.
    pub meter_id: Option<String>,
    pub energy_type: Option<EnergyType>,
    pub carbon_g_per_kwh: Option<u32>,
    /// Bids: what the bid accepts, and its escrow.
    pub requirements: Option<Requirements>,
    pub escrow: Option<u128>,
    /// What the owner is owed but could not be paid while blacklisted or suspended.
    pub held: u128,
}

#[cw_serde]
pub struct OrdersResponse {
    pub orders: Vec<Order>,
    pub has_more: bool,
}

/// A fill and, once its offer is settled, what was delivered and paid.
#[cw_serde]
pub struct FillRecord {
    pub id: u64,
    pub slot: u64,
    pub fill: Fill,
    pub buyer: String,
    pub seller: String,
    pub price: u64,
    pub delivered_wh: Option<u64>,
    pub paid: Option<u128>,
}

#[cw_serde]
pub struct FillsResponse {
    pub fills: Vec<FillRecord>,
    pub has_more: bool,
}

#[cw_serde]
pub struct PricePoint {
    pub slot: u64,
    pub price: Option<u64>,
    pub matched_wh: u64,
}

#[cw_serde]
pub struct PriceHistoryResponse {
    pub prices: Vec<PricePoint>,
    pub has_more: bool,
}

/// A seller's running totals: its delivery ratio is `delivered_wh / sold_wh`.
#[cw_serde]
#[derive(Default)]
pub struct SellerRecord {
    pub sold_wh: u64,
    pub delivered_wh: u64,
    /// Settled slots in which it delivered less than it sold.
    pub short_slots: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(origin: u64, slot_seconds: u64) -> SlotSchedule {
        SlotSchedule {
            origin,
            slot_seconds,
            gate_closure_seconds: 300,
            settlement_delay_seconds: 600,
        }
    }

    #[test]
    fn slots_lie_in_one_clock_hour() {
        assert_eq!(schedule(7_200, 900).problem(), None);
        assert_eq!(schedule(7_200, 3_600).problem(), None);
        assert_eq!(schedule(7_200 + 900, 900).problem(), None);
        // 2400 s divides a day but not an hour: a slot would straddle two hours.
        assert!(schedule(7_200, 2_400).problem().is_some());
        // Slot 0 off the slots' grid: every slot would straddle an hour.
        assert!(schedule(7_200 + 60, 900).problem().is_some());
        assert!(schedule(7_200, 30).problem().is_some());
        assert!(schedule(7_200, 7_200).problem().is_some());
    }
}
