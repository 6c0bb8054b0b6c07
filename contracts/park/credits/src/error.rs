use cosmwasm_std::{Addr, OverflowError, Response, StdError, Uint128};
use cw_utils::PaymentError;
use ledger_contract_kit::GuardError;
use ledger_types::error_code::common;
use ledger_types::park::codes::credits as codes;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

/// Everything the credits contract refuses, each with what a user needs to put it right.
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
    #[error("{sender} is not the registry's administrator, who alone does this")]
    NotRegistryAdmin { sender: Addr },

    #[error(
        "{address} is not a registered participant; the registry's administrator registers it first"
    )]
    NotAParticipant { address: Addr },

    #[error(
        "{address} is not a verifier of {standard}; the registry's administrator registers verifiers per standard"
    )]
    NotAVerifier { standard: String, address: Addr },

    #[error("{sender} is not the administrator of class {class_id} ({admin} is)")]
    NotClassAdmin {
        class_id: String,
        admin: Addr,
        sender: Addr,
    },

    #[error(
        "{sender} is not an issuer of class {class_id}; the class's administrator adds issuers"
    )]
    NotAnIssuer { class_id: String, sender: Addr },

    // --- shapes ---------------------------------------------------------------------------------
    #[error(
        "{field} {id:?} is refused; give 1 to {max} characters of A-Z, a-z, 0-9, '.', '_', '-'"
    )]
    InvalidId {
        field: String,
        id: String,
        max: usize,
    },

    #[error("{field} must be 1 to {max} bytes long; it is {len}")]
    InvalidText {
        field: String,
        len: usize,
        max: usize,
    },

    #[error(
        "standard name {name:?} is refused; an Other standard has 1 to {max} characters of A-Z, a-z, 0-9, '.', '_', '-' and is none of VCS, CDM, Gold Standard (use their own variants)"
    )]
    InvalidStandard { name: String, max: usize },

    #[error(
        "jurisdiction {jurisdiction:?} is refused; give an ISO 3166-1 alpha-2 code (\"KE\") or one with an ISO 3166-2 subdivision (\"KE-110\"), in capitals"
    )]
    InvalidJurisdiction { jurisdiction: String },

    // --- verifiers and classes ------------------------------------------------------------------
    #[error("{address} verifies {standard} already")]
    VerifierExists { standard: String, address: Addr },

    #[error("class {id} exists already; choose another id")]
    ClassExists { id: String },

    #[error("there is no class {id}")]
    UnknownClass { id: String },

    #[error("class {class_id} would have {given} issuers; it may have at most {max}")]
    TooManyIssuers {
        class_id: String,
        given: usize,
        max: usize,
    },

    #[error(
        "issuer update of class {class_id} refused for {address}: {problem}; send each address once, adding non-issuers and removing issuers"
    )]
    IssuersUnchanged {
        class_id: String,
        address: Addr,
        problem: String,
    },

    // --- projects and batches -------------------------------------------------------------------
    #[error("project {id} exists already; choose another id")]
    ProjectExists { id: String },

    #[error("there is no project {id}")]
    UnknownProject { id: String },

    #[error("a vintage must end after it starts; {start} to {end} was given")]
    InvalidVintage { start: u64, end: u64 },

    #[error("a serial range must end at or after its first serial; {first} to {last} was given")]
    InvalidSerialRange { first: u64, last: u64 },

    #[error(
        "serials {first} to {last} of {standard} overlap batch {batch_id}'s serials {batch_first} to {batch_last}; a serial exists once in the ledger"
    )]
    SerialOverlap {
        standard: String,
        first: u64,
        last: u64,
        batch_id: u64,
        batch_first: u64,
        batch_last: u64,
    },

    #[error(
        "the range holds {serials} serials but the holders are given {given} credits; one credit is one serial, so they must match"
    )]
    IssuanceMismatch { serials: u64, given: u64 },

    #[error("a batch is issued to 1 to {max} holders; {given} were given")]
    InvalidHolders { given: usize, max: usize },

    #[error("{recipient} is named twice in the batch's issuance; give each holder once")]
    DuplicateHolder { recipient: Addr },

    #[error("{field} must be at least one credit")]
    ZeroAmount { field: String },

    #[error("{recipient} is given {retired} retired credits without the retirement's terms")]
    MissingRetirement { recipient: Addr, retired: u64 },

    #[error("there is no batch {id}")]
    UnknownBatch { id: u64 },

    #[error(
        "{verifier} proposed batch {batch_id}, or issues for or administers its class; a batch needs the sign-off of a third-party verifier"
    )]
    SelfVerification { batch_id: u64, verifier: Addr },

    #[error("batch {batch_id} is {status}, not awaiting sign-off")]
    NotProposed { batch_id: u64, status: String },

    #[error("batch {batch_id} is {status}; its credits are not issued")]
    NotIssued { batch_id: u64, status: String },

    // --- holding --------------------------------------------------------------------------------
    #[error(
        "{holder} has {available} tradable credits of batch {batch_id}; {requested} were asked for"
    )]
    InsufficientCredits {
        batch_id: u64,
        holder: Addr,
        available: u64,
        requested: u64,
    },

    #[error("{holder} cannot transfer credits to itself")]
    TransferToSelf { holder: Addr },

    #[error("there is no retirement {id}")]
    UnknownRetirement { id: u64 },

    // --- market ---------------------------------------------------------------------------------
    #[error("a sell order's price must be at least 1 token unit per credit")]
    ZeroPrice {},

    #[error("there is no open sell order {id}; it may have sold out or been withdrawn")]
    UnknownOrder { id: u64 },

    #[error("sell order {order_id} is {seller}'s; {sender} may not withdraw it")]
    NotOrderSeller {
        order_id: u64,
        seller: Addr,
        sender: Addr,
    },

    #[error("{buyer} sells through order {order_id} itself; withdraw the order instead")]
    OwnOrder { order_id: u64, buyer: Addr },

    #[error("sell order {order_id} has {remaining} credits left; {requested} were asked for")]
    OrderShort {
        order_id: u64,
        remaining: u64,
        requested: u64,
    },

    #[error("{sender} is not the settlement token {token}; pay with the settlement token")]
    WrongToken { token: Addr, sender: Addr },

    #[error(
        "{amount} credits at {price} each cost {expected} token units; {sent} were sent. Send exactly the cost"
    )]
    WrongPayment {
        amount: u64,
        price: Uint128,
        expected: Uint128,
        sent: Uint128,
    },

    // --- link to the park -----------------------------------------------------------------------
    #[error("the registry has no meter {meter_id}; name a registered consumption meter")]
    UnknownMeter { meter_id: String },

    #[error(
        "meter {meter_id} is a generation meter; a retirement offsets a consumption meter's use"
    )]
    NotAConsumptionMeter { meter_id: String },

    #[error(
        "meter {meter_id} is {owner}'s, not {holder}'s; retire in the owner's name or on its behalf (on_behalf_of: its address)"
    )]
    NotMeterOwner {
        meter_id: String,
        owner: Addr,
        holder: Addr,
    },

    #[error("a consumption period must end after it starts; {from} to {to} was given")]
    InvalidPeriod { from: u64, to: u64 },

    #[error(
        "this credits contract has no footprints contract to check product {product_id} with; retire without a product"
    )]
    NoFootprints { product_id: String },

    #[error(
        "the footprints contract has no version {version} of product {product_id}; name a published footprint version"
    )]
    UnknownFootprint { product_id: String, version: u32 },

    #[error(
        "product {product_id} is declared by {company}, not {holder}; retire in the company's name or on its behalf (on_behalf_of: its address)"
    )]
    NotProductCompany {
        product_id: String,
        company: String,
        holder: Addr,
    },
}

ledger_types::error_codes!(ContractError {
    Std => common::STD,
    Payment => common::PAYMENT,
    Overflow => common::OVERFLOW,
    Guard(GuardError) => inner,
    NotRegistryAdmin => codes::NOT_REGISTRY_ADMIN,
    NotAParticipant => codes::NOT_A_PARTICIPANT,
    NotAVerifier => codes::NOT_A_VERIFIER,
    NotClassAdmin => codes::NOT_CLASS_ADMIN,
    NotAnIssuer => codes::NOT_AN_ISSUER,
    InvalidId => codes::INVALID_ID,
    InvalidText => codes::INVALID_TEXT,
    InvalidStandard => codes::INVALID_STANDARD,
    InvalidJurisdiction => codes::INVALID_JURISDICTION,
    VerifierExists => codes::VERIFIER_EXISTS,
    ClassExists => codes::CLASS_EXISTS,
    UnknownClass => codes::UNKNOWN_CLASS,
    TooManyIssuers => codes::TOO_MANY_ISSUERS,
    IssuersUnchanged => codes::ISSUERS_UNCHANGED,
    ProjectExists => codes::PROJECT_EXISTS,
    UnknownProject => codes::UNKNOWN_PROJECT,
    InvalidVintage => codes::INVALID_VINTAGE,
    InvalidSerialRange => codes::INVALID_SERIAL_RANGE,
    SerialOverlap => codes::SERIAL_OVERLAP,
    IssuanceMismatch => codes::ISSUANCE_MISMATCH,
    InvalidHolders => codes::INVALID_HOLDERS,
    DuplicateHolder => codes::DUPLICATE_HOLDER,
    ZeroAmount => codes::ZERO_AMOUNT,
    MissingRetirement => codes::MISSING_RETIREMENT,
    UnknownBatch => codes::UNKNOWN_BATCH,
    SelfVerification => codes::SELF_VERIFICATION,
    NotProposed => codes::NOT_PROPOSED,
    NotIssued => codes::NOT_ISSUED,
    InsufficientCredits => codes::INSUFFICIENT_CREDITS,
    TransferToSelf => codes::TRANSFER_TO_SELF,
    UnknownRetirement => codes::UNKNOWN_RETIREMENT,
    ZeroPrice => codes::ZERO_PRICE,
    UnknownOrder => codes::UNKNOWN_ORDER,
    NotOrderSeller => codes::NOT_ORDER_SELLER,
    OwnOrder => codes::OWN_ORDER,
    OrderShort => codes::ORDER_SHORT,
    WrongToken => codes::WRONG_TOKEN,
    WrongPayment => codes::WRONG_PAYMENT,
    UnknownMeter => codes::UNKNOWN_METER,
    NotAConsumptionMeter => codes::NOT_A_CONSUMPTION_METER,
    NotMeterOwner => codes::NOT_METER_OWNER,
    InvalidPeriod => codes::INVALID_PERIOD,
    NoFootprints => codes::NO_FOOTPRINTS,
    UnknownFootprint => codes::UNKNOWN_FOOTPRINT,
    NotProductCompany => codes::NOT_PRODUCT_COMPANY,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
