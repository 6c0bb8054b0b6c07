use cosmwasm_std::{Addr, OverflowError, Response, StdError, Uint128};
use cw_utils::PaymentError;
use ledger_contract_kit::GuardError;
use ledger_types::error_code::common;
use ledger_types::park::codes;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

/// Everything the park market refuses, each with what a user needs to put it right.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error("{0}")]
    Overflow(#[from] OverflowError),

    /// The pause, a participant's standing (blacklisted, suspended), migration.
    #[error(transparent)]
    Guard(#[from] GuardError),

    // --- who may act ----------------------------------------------------------------------------
    #[error(
        "{sender} is not the registry's administrator; only it registers generators and sets the certificates contract"
    )]
    NotRegistryAdmin { sender: Addr },

    #[error(
        "{address} is not a registered participant; the registry's administrator registers it first"
    )]
    NotAParticipant { address: Addr },

    #[error("{sender} does not own generation meter {meter_id} ({owner} does)")]
    NotGeneratorOwner {
        meter_id: String,
        owner: Addr,
        sender: Addr,
    },

    #[error("order {order_id} is {owner}'s; {sender} may not cancel it")]
    NotOrderOwner {
        order_id: u64,
        owner: Addr,
        sender: Addr,
    },

    #[error("only the settlement token {token} may send tokens to the market, not {sender}")]
    WrongToken { token: Addr, sender: Addr },

    // --- set-up ---------------------------------------------------------------------------------
    #[error("the schedule is refused: {reason}")]
    InvalidSchedule { reason: String },

    #[error("at most {max} orders per slot may be set, and at least 2; {given} was given")]
    InvalidMaxOrders { given: u32, max: u32 },

    #[error("the certificates contract is {address} already; it is set once")]
    CertificatesSet { address: Addr },

    #[error(
        "{address} is not a certificates contract that takes this market's issuance ({reason}); instantiate one with this market as its market"
    )]
    WrongCertificates { address: Addr, reason: String },

    #[error("meter {meter_id} is a generator already")]
    GeneratorExists { meter_id: String },

    #[error(
        "meter {meter_id} is not a registered generator; the registry's administrator registers it with RegisterGenerator"
    )]
    UnknownGenerator { meter_id: String },

    #[error(
        "meter {meter_id} lives in {region}; the market settles on main-chain meters' readings only"
    )]
    RegionalMeter { meter_id: String, region: String },

    #[error(
        "meter {meter_id} is a {kind} meter; only a generation meter offers energy: register it with kind generation"
    )]
    NotAGenerationMeter { meter_id: String, kind: String },

    // --- orders ---------------------------------------------------------------------------------
    #[error("slot {slot}'s gate closed at {gate_closed_at}; orders go to a later slot")]
    GateClosed { slot: u64, gate_closed_at: u64 },

    #[error("slot {slot}'s gate closes at {gate_closes_at}; it can be cleared after that")]
    GateOpen { slot: u64, gate_closes_at: u64 },

    #[error("slot {slot} is more than {max_ahead} slots ahead of the current one, {current}")]
    SlotTooFar {
        slot: u64,
        current: u64,
        max_ahead: u64,
    },

    #[error("slot {slot} holds {max} orders, the most a slot may")]
    SlotFull { slot: u64, max: u32 },

    #[error("an order must carry some energy")]
    ZeroEnergy {},

    #[error("an order's price must be at least 1 minor unit per kWh")]
    ZeroPrice {},

    #[error("a bid may prefer at most {max} sellers; {given} were named")]
    TooManyPreferred { given: usize, max: usize },

    #[error(
        "a bid of {energy_wh} Wh at up to {max_price} per kWh escrows {expected}; {sent} was sent"
    )]
    WrongEscrow {
        energy_wh: u64,
        max_price: u64,
        expected: Uint128,
        sent: Uint128,
    },

    #[error("there is no order {order_id}")]
    UnknownOrder { order_id: u64 },

    // --- clearing and settlement ----------------------------------------------------------------
    #[error("slot {slot} has no orders; there is nothing to clear")]
    EmptySlot { slot: u64 },

    #[error("slot {slot} is cleared already")]
    SlotCleared { slot: u64 },

    #[error("slot {slot} is not cleared yet; ClearSlot clears it")]
    SlotNotCleared { slot: u64 },

    #[error("order {order_id} is a bid; bids are settled with the offers they were matched to")]
    NotAnOffer { order_id: u64 },

    #[error(
        "offer {offer_id} can be settled from {settleable_at}, once its slot has ended and its meter's readings have had time to arrive"
    )]
    NotSettleable { offer_id: u64, settleable_at: u64 },

    #[error("offer {offer_id} is settled already")]
    AlreadySettled { offer_id: u64 },

    #[error("nothing is held for order {order_id}'s owner")]
    NothingHeld { order_id: u64 },

    #[error(
        "{owner}, the owner of order {order_id}, is blacklisted or suspended; what is held for it stays until it is not"
    )]
    StillBarred { order_id: u64, owner: Addr },

    #[error(
        "meter {meter_id} holds more than {max} readings in slot {slot}; a settlement reads at most that many"
    )]
    TooManyReadings {
        meter_id: String,
        slot: u64,
        max: usize,
    },
}

ledger_types::error_codes!(ContractError {
    Std => common::STD,
    Payment => common::PAYMENT,
    Overflow => common::OVERFLOW,
    Guard(GuardError) => inner,
    NotRegistryAdmin => codes::NOT_REGISTRY_ADMIN,
    NotAParticipant => codes::NOT_A_PARTICIPANT,
    NotGeneratorOwner => codes::NOT_GENERATOR_OWNER,
    NotOrderOwner => codes::NOT_ORDER_OWNER,
    WrongToken => codes::WRONG_TOKEN,
    InvalidSchedule => codes::INVALID_SCHEDULE,
    InvalidMaxOrders => codes::INVALID_MAX_ORDERS,
    CertificatesSet => codes::CERTIFICATES_SET,
    WrongCertificates => codes::WRONG_CERTIFICATES,
    GeneratorExists => codes::GENERATOR_EXISTS,
    UnknownGenerator => codes::UNKNOWN_GENERATOR,
    RegionalMeter => codes::REGIONAL_METER,
    NotAGenerationMeter => codes::NOT_A_GENERATION_METER,
    GateClosed => codes::GATE_CLOSED,
    GateOpen => codes::GATE_OPEN,
    SlotTooFar => codes::SLOT_TOO_FAR,
    SlotFull => codes::SLOT_FULL,
    ZeroEnergy => codes::ZERO_ENERGY,
    ZeroPrice => codes::ZERO_PRICE,
    TooManyPreferred => codes::TOO_MANY_PREFERRED,
    WrongEscrow => codes::WRONG_ESCROW,
    UnknownOrder => codes::UNKNOWN_ORDER,
    EmptySlot => codes::EMPTY_SLOT,
    SlotCleared => codes::SLOT_CLEARED,
    SlotNotCleared => codes::SLOT_NOT_CLEARED,
    NotAnOffer => codes::NOT_AN_OFFER,
    NotSettleable => codes::NOT_SETTLEABLE,
    AlreadySettled => codes::ALREADY_SETTLED,
    NothingHeld => codes::NOTHING_HELD,
    StillBarred => codes::STILL_BARRED,
    TooManyReadings => codes::TOO_MANY_READINGS,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
