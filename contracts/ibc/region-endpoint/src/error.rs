use cosmwasm_std::{Response, StdError};
use cw_utils::PaymentError;
use ledger_contract_kit::GuardError;
use ledger_contract_kit::ibc::ChannelError;
use ledger_contract_kit::ibc::outbox::OutboxError;
use ledger_types::error_code::common;
use ledger_types::region_endpoint::codes;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Payment(#[from] PaymentError),

    /// Migration and standard-library errors (`common.std`).
    #[error(transparent)]
    Guard(#[from] GuardError),

    /// A channel of another order or version than the protocol's.
    #[error(transparent)]
    Channel(#[from] ChannelError),

    /// An operator's retry of a packet that is not waiting, or still in flight.
    #[error(transparent)]
    Outbox(#[from] OutboxError),

    #[error("{sender} may not {action}: only the region's operator may")]
    NotAdmin {
        sender: String,
        action: &'static str,
    },

    #[error("invalid settings: {reason}")]
    InvalidConfig { reason: String },

    #[error("channel {channel_id} is refused: {reason}")]
    UnknownChannel { channel_id: String, reason: String },

    #[error("there is no open channel to the main chain to send on")]
    NoChannel {},

    #[error("the packet is not a packet of this protocol: {reason}")]
    BadPacket { reason: String },

    #[error("consumer {consumer} is not an address of this chain: {reason}")]
    InvalidConsumer { consumer: String, reason: String },

    #[error("tariff {tariff_id} is unknown to the region's tariff contract: {reason}")]
    UnknownTariff { tariff_id: String, reason: String },

    #[error(
        "tariff {tariff_id} belongs to {owner}, not to the meter's retailer {retailer}: a meter \
         goes only on a tariff of its own retailer"
    )]
    TariffOfAnotherRetailer {
        tariff_id: String,
        retailer: String,
        owner: String,
    },

    #[error(
        "tariff {tariff_id} has no version in force at {now}, when the meter would start: its \
         first version takes effect at {first}"
    )]
    TariffNotInForce {
        tariff_id: String,
        now: u64,
        first: u64,
    },

    #[error("retailer {retailer} of meter {meter_id} is not an address of this chain: {reason}")]
    InvalidRetailer {
        meter_id: String,
        retailer: String,
        reason: String,
    },

    #[error("the public key of meter {meter_id} is not usable: {reason}")]
    InvalidPubkey { meter_id: String, reason: String },

    #[error(
        "meter contract {contract} of consumer {consumer} is paused: it takes no new meter \
         until the region's operator resumes it"
    )]
    MeterContractPaused { consumer: String, contract: String },

    #[error("meter {meter_id} is already registered in this region, in contract {contract}")]
    MeterExists { meter_id: String, contract: String },

    #[error("meter {meter_id} is not registered in this region")]
    UnknownMeter { meter_id: String },

    #[error("{sender} may not report for meter {meter_id}: only the meter contract holding it may")]
    NotMeterContract { sender: String, meter_id: String },

    #[error("the bill of period {period} of meter {meter_id} cannot be read: {reason}")]
    BillUnreadable {
        meter_id: String,
        period: u32,
        reason: String,
    },

    #[error(
        "the bill of period {period} of meter {meter_id} was already sent (packet {packet_id})"
    )]
    BillAlreadySent {
        meter_id: String,
        period: u32,
        packet_id: u64,
    },

    #[error("no bill of period {period} of meter {meter_id} is known here")]
    UnknownBill { meter_id: String, period: u32 },

    #[error("reply to an unknown submessage (id {id})")]
    UnknownReplyId { id: u64 },

    #[error("the reply to the meter contract's instantiation cannot be read: {reason}")]
    BadInstantiateReply { reason: String },

    #[error("the acknowledgement of packet {packet_id} is not in the protocol's form: {reason}")]
    BadAck { packet_id: u64, reason: String },
}

/// A standard-library error is the shared `GuardError::Std`, so that its code, `common.std`,
/// is listed once.
impl From<StdError> for ContractError {
    fn from(error: StdError) -> Self {
        ContractError::Guard(GuardError::Std(error))
    }
}

ledger_types::error_codes!(ContractError {
    Payment => common::PAYMENT,
    Guard(GuardError) => inner,
    Channel(ChannelError) => inner,
    Outbox(OutboxError) => inner,
    NotAdmin => codes::NOT_ADMIN,
    InvalidConfig => codes::INVALID_CONFIG,
    UnknownChannel => codes::UNKNOWN_CHANNEL,
    NoChannel => codes::NO_CHANNEL,
    BadPacket => codes::BAD_PACKET,
    InvalidConsumer => codes::INVALID_CONSUMER,
    UnknownTariff => codes::UNKNOWN_TARIFF,
    TariffOfAnotherRetailer => codes::TARIFF_OF_ANOTHER_RETAILER,
    TariffNotInForce => codes::TARIFF_NOT_IN_FORCE,
    InvalidRetailer => codes::INVALID_RETAILER,
    InvalidPubkey => codes::INVALID_PUBKEY,
    MeterContractPaused => codes::METER_CONTRACT_PAUSED,
    MeterExists => codes::METER_EXISTS,
    UnknownMeter => codes::UNKNOWN_METER,
    NotMeterContract => codes::NOT_METER_CONTRACT,
    BillUnreadable => codes::BILL_UNREADABLE,
    BillAlreadySent => codes::BILL_ALREADY_SENT,
    UnknownBill => codes::UNKNOWN_BILL,
    UnknownReplyId => codes::UNKNOWN_REPLY_ID,
    BadInstantiateReply => codes::BAD_INSTANTIATE_REPLY,
    BadAck => codes::BAD_ACK,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
