//! Stable error codes of the park market (see [`crate::error_code`]). Refusals every contract
//! shares (pause, blacklist, suspension, migration, overflow) carry `common.*` codes.

/// Only the registry's administrator registers generators.
pub const NOT_REGISTRY_ADMIN: &str = "park.not_registry_admin";
/// The address is not a registered participant.
pub const NOT_A_PARTICIPANT: &str = "park.not_a_participant";
/// The schedule is outside what the market accepts.
pub const INVALID_SCHEDULE: &str = "park.invalid_schedule";
/// The most orders per slot is outside what the market accepts.
pub const INVALID_MAX_ORDERS: &str = "park.invalid_max_orders";
/// The meter is registered as a generator already.
pub const GENERATOR_EXISTS: &str = "park.generator_exists";
/// The meter is not a registered generator.
pub const UNKNOWN_GENERATOR: &str = "park.unknown_generator";
/// The meter lives on a regional chain; the market reads main-chain meters only.
pub const REGIONAL_METER: &str = "park.regional_meter";
/// Only the generation meter's owner offers its energy.
pub const NOT_GENERATOR_OWNER: &str = "park.not_generator_owner";
/// The slot's gate has closed (or the slot is past).
pub const GATE_CLOSED: &str = "park.gate_closed";
/// The slot's gate is still open: it cannot be cleared yet.
pub const GATE_OPEN: &str = "park.gate_open";
/// The slot is further ahead than orders may be placed.
pub const SLOT_TOO_FAR: &str = "park.slot_too_far";
/// The slot holds the most orders it may.
pub const SLOT_FULL: &str = "park.slot_full";
/// An order of no energy.
pub const ZERO_ENERGY: &str = "park.zero_energy";
/// An order at a price of zero.
pub const ZERO_PRICE: &str = "park.zero_price";
/// A bid's requirements name too many preferred sellers.
pub const TOO_MANY_PREFERRED: &str = "park.too_many_preferred";
/// Tokens came from another token than the settlement token.
pub const WRONG_TOKEN: &str = "park.wrong_token";
/// The amount sent with a bid is not its escrow.
pub const WRONG_ESCROW: &str = "park.wrong_escrow";
/// No order with that id (or it was cancelled).
pub const UNKNOWN_ORDER: &str = "park.unknown_order";
/// Only the order's owner may cancel it.
pub const NOT_ORDER_OWNER: &str = "park.not_order_owner";
/// The slot has no orders.
pub const EMPTY_SLOT: &str = "park.empty_slot";
/// The slot is cleared already.
pub const SLOT_CLEARED: &str = "park.slot_cleared";
/// The slot is not cleared yet.
pub const SLOT_NOT_CLEARED: &str = "park.slot_not_cleared";
/// The order is a bid; only offers are settled.
pub const NOT_AN_OFFER: &str = "park.not_an_offer";
/// The slot has not ended, or its readings' settlement delay has not passed.
pub const NOT_SETTLEABLE: &str = "park.not_settleable";
/// The offer is settled already.
pub const ALREADY_SETTLED: &str = "park.already_settled";
/// Nothing is held for the order's owner.
pub const NOTHING_HELD: &str = "park.nothing_held";
/// The order's owner is still blacklisted or suspended.
pub const STILL_BARRED: &str = "park.still_barred";
/// The meter sent more readings for the slot than a settlement reads.
pub const TOO_MANY_READINGS: &str = "park.too_many_readings";
