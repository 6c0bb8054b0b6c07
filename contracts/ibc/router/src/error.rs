use cosmwasm_std::{Addr, Response, StdError};
use cw_utils::PaymentError;
use ledger_contract_kit::GuardError;
use ledger_contract_kit::ibc::ChannelError;
use ledger_contract_kit::ibc::outbox::OutboxError;
use ledger_types::error_code::common;
use ledger_types::router::codes;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

/// Everything the router refuses, each with the context a user needs to understand why.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// The shared refusals, and cosmwasm-std's errors (`GuardError::Std`, code `common.std`).
    #[error(transparent)]
    Guard(#[from] GuardError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Channel(#[from] ChannelError),

    #[error(transparent)]
    Outbox(#[from] OutboxError),

    // --- who may act ----------------------------------------------------------------------------
    #[error("{sender} is not the registry's administrator")]
    NotAdmin { sender: Addr },

    #[error("only the registry {registry} may do this, not {sender}")]
    NotRegistry { registry: Addr, sender: Addr },

    #[error("only the bank {bank} may do this, not {sender}")]
    NotBank { bank: Addr, sender: Addr },

    // --- inputs ---------------------------------------------------------------------------------
    #[error("the delivery's {field} must be more than zero")]
    InvalidDelivery { field: String },

    #[error("region id {region:?} is not 1 to 32 of a-z, 0-9 and '-'")]
    InvalidRegionId { region: String },

    #[error("the {field} {value:?} is not valid: {reason}")]
    InvalidEndpoint {
        field: String,
        value: String,
        reason: String,
    },

    #[error("region {region} already exists")]
    RegionExists { region: String },

    #[error("region {region} is already reached over {connection_id} at port {port}")]
    EndpointTaken {
        region: String,
        connection_id: String,
        port: String,
    },

    #[error("no region {region}")]
    UnknownRegion { region: String },

    #[error("region {region} has no open channel")]
    RegionUnreachable { region: String },

    #[error("consumer {consumer} lives in region {region}")]
    ConsumerInOtherRegion { consumer: Addr, region: String },

    #[error("meter {meter_id} is already routed to region {region}")]
    MeterRouted { meter_id: String, region: String },

    #[error("consumer {consumer} lives in no region")]
    UnknownConsumer { consumer: Addr },

    #[error("meter {meter_id} is routed to no region")]
    UnknownMeter { meter_id: String },

    #[error("the payment of meter {meter_id}'s bill of period {period} is not valid: {reason}")]
    InvalidBillPayment {
        meter_id: String,
        period: u32,
        reason: String,
    },

    // --- IBC ------------------------------------------------------------------------------------
    #[error(
        "no region awaiting a channel is reached over {connection_id} at port {port_id}; \
         add the region first, or close its open channel"
    )]
    UnknownRegionChannel {
        connection_id: String,
        port_id: String,
    },

    #[error("channel {channel_id} is bound to no region")]
    UnknownChannel { channel_id: String },

    #[error("meter {meter_id} is not routed to region {region}")]
    ForeignMeter { meter_id: String, region: String },

    #[error("the packet is not one of the protocol's: {reason}")]
    BadPacket { reason: String },

    #[error("reply id {id} is not one the router sent")]
    UnknownReplyId { id: u64 },

    #[error("a reply arrived with no received packet waiting for it")]
    NoPendingPacket {},

    #[error("the bank refused it: {reason}")]
    BankRefused { reason: String },
}

/// cosmwasm-std's errors travel as the shared guard's `Std`, so that one variant carries
/// `common.std`.
impl From<StdError> for ContractError {
    fn from(error: StdError) -> Self {
        ContractError::Guard(GuardError::Std(error))
    }
}

ledger_types::error_codes!(ContractError {
    Guard(GuardError) => inner,
    Payment => common::PAYMENT,
    Channel(ChannelError) => inner,
    Outbox(OutboxError) => inner,
    NotAdmin => codes::NOT_ADMIN,
    NotRegistry => codes::NOT_REGISTRY,
    NotBank => codes::NOT_BANK,
    InvalidDelivery => codes::INVALID_DELIVERY,
    InvalidRegionId => codes::INVALID_REGION_ID,
    InvalidEndpoint => codes::INVALID_ENDPOINT,
    RegionExists => codes::REGION_EXISTS,
    EndpointTaken => codes::ENDPOINT_TAKEN,
    UnknownRegion => codes::UNKNOWN_REGION,
    RegionUnreachable => codes::REGION_UNREACHABLE,
    ConsumerInOtherRegion => codes::CONSUMER_IN_OTHER_REGION,
    MeterRouted => codes::METER_ROUTED,
    UnknownConsumer => codes::UNKNOWN_CONSUMER,
    UnknownMeter => codes::UNKNOWN_METER,
    InvalidBillPayment => codes::INVALID_BILL_PAYMENT,
    UnknownRegionChannel => codes::UNKNOWN_REGION_CHANNEL,
    UnknownChannel => codes::UNKNOWN_CHANNEL,
    ForeignMeter => codes::FOREIGN_METER,
    BadPacket => codes::BAD_PACKET,
    UnknownReplyId => codes::UNKNOWN_REPLY_ID,
    NoPendingPacket => codes::NO_PENDING_PACKET,
    BankRefused => codes::BANK_REFUSED,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
