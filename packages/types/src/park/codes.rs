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
/// The meter is a consumption meter; only generation meters offer energy.
pub const NOT_A_GENERATION_METER: &str = "park.not_a_generation_meter";
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
/// The certificates contract is set already; it is set once.
pub const CERTIFICATES_SET: &str = "park.certificates_set";
/// The address is not a certificates contract that takes this market's issuance.
pub const WRONG_CERTIFICATES: &str = "park.wrong_certificates";

/// Stable error codes of the park's certificates contract (`ledger-park-certificates`).
pub mod certificates {
    /// The validity is outside what the contract accepts.
    pub const INVALID_VALIDITY: &str = "park_certificates.invalid_validity";
    /// The direct-issuance delay is longer than the contract accepts.
    pub const INVALID_DELAY: &str = "park_certificates.invalid_delay";
    /// Only the market issues certificates for trades.
    pub const NOT_THE_MARKET: &str = "park_certificates.not_the_market";
    /// The address is not a registered participant.
    pub const NOT_A_PARTICIPANT: &str = "park_certificates.not_a_participant";
    /// An `Issue` without certificates.
    pub const EMPTY_ISSUE: &str = "park_certificates.empty_issue";
    /// An `Issue` with more certificates than one message takes.
    pub const TOO_MANY_CERTIFICATES: &str = "park_certificates.too_many_certificates";
    /// A certificate of no energy.
    pub const ZERO_ENERGY: &str = "park_certificates.zero_energy";
    /// The hour does not start on a multiple of 3600 s.
    pub const INVALID_HOUR: &str = "park_certificates.invalid_hour";
    /// The meter is not one of the market's generators.
    pub const UNKNOWN_GENERATOR: &str = "park_certificates.unknown_generator";
    /// Only the generation meter's owner certifies its unsold output.
    pub const NOT_GENERATOR_OWNER: &str = "park_certificates.not_generator_owner";
    /// The hour's unsold output cannot be certified yet.
    pub const TOO_EARLY: &str = "park_certificates.too_early";
    /// Certificates of the hour would be expired already.
    pub const HOUR_EXPIRED: &str = "park_certificates.hour_expired";
    /// Everything the meter signed for in the hour is certified.
    pub const NOTHING_TO_CERTIFY: &str = "park_certificates.nothing_to_certify";
    /// The meter lives on a regional chain; certificates read main-chain meters only.
    pub const REGIONAL_METER: &str = "park_certificates.regional_meter";
    /// The meter sent more readings for the hour than an issuance reads.
    pub const TOO_MANY_READINGS: &str = "park_certificates.too_many_readings";
    /// No certificate with that id.
    pub const UNKNOWN_CERTIFICATE: &str = "park_certificates.unknown_certificate";
    /// Only the certificate's owner moves or claims it.
    pub const NOT_OWNER: &str = "park_certificates.not_owner";
    /// The certificate is claimed: nothing moves it any more.
    pub const CLAIMED: &str = "park_certificates.claimed";
    /// The certificate has expired.
    pub const EXPIRED: &str = "park_certificates.expired";
    /// A transfer to the certificate's own owner.
    pub const TRANSFER_TO_SELF: &str = "park_certificates.transfer_to_self";
    /// A claim's beneficiary or purpose is empty or too long.
    pub const INVALID_CLAIM_TEXT: &str = "park_certificates.invalid_claim_text";
    /// A claim's consumption period ends before it starts.
    pub const INVALID_PERIOD: &str = "park_certificates.invalid_period";
    /// A `Verify` with more ids than one query answers.
    pub const TOO_MANY_IDS: &str = "park_certificates.too_many_ids";
}

/// Stable error codes of the park's carbon-credit registry (`ledger-park-credits`).
pub mod credits {
    /// Only the registry's administrator does this.
    pub const NOT_REGISTRY_ADMIN: &str = "park_credits.not_registry_admin";
    /// The address is not a registered participant.
    pub const NOT_A_PARTICIPANT: &str = "park_credits.not_a_participant";
    /// A class or project id is empty, too long or has characters outside `[A-Za-z0-9._-]`.
    pub const INVALID_ID: &str = "park_credits.invalid_id";
    /// A text field is empty or too long.
    pub const INVALID_TEXT: &str = "park_credits.invalid_text";
    /// An `Other` standard's name is malformed or one of the known standards.
    pub const INVALID_STANDARD: &str = "park_credits.invalid_standard";
    /// The address verifies that standard already.
    pub const VERIFIER_EXISTS: &str = "park_credits.verifier_exists";
    /// The address is not a verifier of that standard.
    pub const NOT_A_VERIFIER: &str = "park_credits.not_a_verifier";
    /// A class with that id exists.
    pub const CLASS_EXISTS: &str = "park_credits.class_exists";
    /// No class with that id.
    pub const UNKNOWN_CLASS: &str = "park_credits.unknown_class";
    /// Only the class's administrator manages its issuers.
    pub const NOT_CLASS_ADMIN: &str = "park_credits.not_class_admin";
    /// A class would have more issuers than it may.
    pub const TOO_MANY_ISSUERS: &str = "park_credits.too_many_issuers";
    /// An issuer update names an address twice, adds an issuer or removes a non-issuer.
    pub const ISSUERS_UNCHANGED: &str = "park_credits.issuers_unchanged";
    /// A project with that id exists.
    pub const PROJECT_EXISTS: &str = "park_credits.project_exists";
    /// No project with that id.
    pub const UNKNOWN_PROJECT: &str = "park_credits.unknown_project";
    /// Only an issuer of the class creates its projects and proposes its batches.
    pub const NOT_AN_ISSUER: &str = "park_credits.not_an_issuer";
    /// A jurisdiction is not ISO 3166-1 alpha-2, optionally with a subdivision.
    pub const INVALID_JURISDICTION: &str = "park_credits.invalid_jurisdiction";
    /// A vintage ends before it starts.
    pub const INVALID_VINTAGE: &str = "park_credits.invalid_vintage";
    /// A serial range ends before it starts.
    pub const INVALID_SERIAL_RANGE: &str = "park_credits.invalid_serial_range";
    /// The serial range overlaps a batch's range in the same standard's registry.
    pub const SERIAL_OVERLAP: &str = "park_credits.serial_overlap";
    /// A batch's holders are given more or fewer credits than its range holds serials.
    pub const ISSUANCE_MISMATCH: &str = "park_credits.issuance_mismatch";
    /// A batch without holders, or with more than one message takes.
    pub const INVALID_HOLDERS: &str = "park_credits.invalid_holders";
    /// A batch names a holder twice.
    pub const DUPLICATE_HOLDER: &str = "park_credits.duplicate_holder";
    /// An amount of zero credits.
    pub const ZERO_AMOUNT: &str = "park_credits.zero_amount";
    /// Credits retired at issuance without the retirement's terms.
    pub const MISSING_RETIREMENT: &str = "park_credits.missing_retirement";
    /// No batch with that id.
    pub const UNKNOWN_BATCH: &str = "park_credits.unknown_batch";
    /// The verifier proposed the batch, or issues for or administers its class; a batch needs
    /// a third party's sign-off.
    pub const SELF_VERIFICATION: &str = "park_credits.self_verification";
    /// The batch is not awaiting sign-off.
    pub const NOT_PROPOSED: &str = "park_credits.not_proposed";
    /// The batch's credits are not issued.
    pub const NOT_ISSUED: &str = "park_credits.not_issued";
    /// The holder has fewer tradable credits of the batch than asked for.
    pub const INSUFFICIENT_CREDITS: &str = "park_credits.insufficient_credits";
    /// A transfer to the sender itself.
    pub const TRANSFER_TO_SELF: &str = "park_credits.transfer_to_self";
    /// No retirement with that id.
    pub const UNKNOWN_RETIREMENT: &str = "park_credits.unknown_retirement";
    /// A sell order at a price of zero.
    pub const ZERO_PRICE: &str = "park_credits.zero_price";
    /// No open sell order with that id.
    pub const UNKNOWN_ORDER: &str = "park_credits.unknown_order";
    /// Only the order's seller withdraws it.
    pub const NOT_ORDER_SELLER: &str = "park_credits.not_order_seller";
    /// A seller buying from its own order.
    pub const OWN_ORDER: &str = "park_credits.own_order";
    /// The order holds fewer credits than asked for.
    pub const ORDER_SHORT: &str = "park_credits.order_short";
    /// Tokens came from another token than the settlement token.
    pub const WRONG_TOKEN: &str = "park_credits.wrong_token";
    /// The tokens sent are not the purchase's price.
    pub const WRONG_PAYMENT: &str = "park_credits.wrong_payment";
    /// The registry has no meter with that id.
    pub const UNKNOWN_METER: &str = "park_credits.unknown_meter";
    /// The meter is a generation meter; retirements offset consumption.
    pub const NOT_A_CONSUMPTION_METER: &str = "park_credits.not_a_consumption_meter";
    /// The meter's owner is neither the retirement's holder nor whom it retires on behalf of.
    pub const NOT_METER_OWNER: &str = "park_credits.not_meter_owner";
    /// A consumption period that ends before it starts.
    pub const INVALID_PERIOD: &str = "park_credits.invalid_period";
    /// A product claim, but the contract was instantiated without a footprints contract.
    pub const NO_FOOTPRINTS: &str = "park_credits.no_footprints";
    /// The footprints contract has no such product footprint version.
    pub const UNKNOWN_FOOTPRINT: &str = "park_credits.unknown_footprint";
    /// The product's declaring company is neither the holder nor whom it retires on behalf of.
    pub const NOT_PRODUCT_COMPANY: &str = "park_credits.not_product_company";
}

/// Stable error codes of the product footprints contract (`ledger-park-footprints`).
pub mod footprints {
    /// The address is not a registered participant.
    pub const NOT_A_PARTICIPANT: &str = "park_footprints.not_a_participant";
    /// Only the product's declaring company publishes its versions.
    pub const NOT_DECLARING_COMPANY: &str = "park_footprints.not_declaring_company";
    /// A text field is empty or too long.
    pub const INVALID_TEXT: &str = "park_footprints.invalid_text";
    /// The footprint id is not a lower-case UUID.
    pub const INVALID_PF_ID: &str = "park_footprints.invalid_pf_id";
    /// The footprint id was published before.
    pub const DUPLICATE_PF_ID: &str = "park_footprints.duplicate_pf_id";
    /// A list of company or product ids is empty or too long.
    pub const INVALID_ID_LIST: &str = "park_footprints.invalid_id_list";
    /// The product id is not among the footprint's product ids.
    pub const PRODUCT_ID_NOT_LISTED: &str = "park_footprints.product_id_not_listed";
    /// The unitary product amount is zero.
    pub const ZERO_PRODUCT_AMOUNT: &str = "park_footprints.zero_product_amount";
    /// The reference period does not end after it starts.
    pub const INVALID_REFERENCE_PERIOD: &str = "park_footprints.invalid_reference_period";
    /// A data quality indicator is out of PACT's range.
    pub const INVALID_DATA_QUALITY: &str = "park_footprints.invalid_data_quality";
    /// The document hash is not 32 bytes.
    pub const INVALID_DOCUMENT_HASH: &str = "park_footprints.invalid_document_hash";
    /// More inputs than a footprint may name.
    pub const TOO_MANY_INPUTS: &str = "park_footprints.too_many_inputs";
    /// An input product is named twice.
    pub const DUPLICATE_INPUT: &str = "park_footprints.duplicate_input";
    /// A product named as its own input.
    pub const SELF_INPUT: &str = "park_footprints.self_input";
    /// An input of no amount.
    pub const ZERO_INPUT_AMOUNT: &str = "park_footprints.zero_input_amount";
    /// No footprint of that product.
    pub const UNKNOWN_PRODUCT: &str = "park_footprints.unknown_product";
    /// No such version of the product's footprint.
    pub const UNKNOWN_VERSION: &str = "park_footprints.unknown_version";
    /// Only the registry's administrator links the credits contract.
    pub const NOT_REGISTRY_ADMIN: &str = "park_footprints.not_registry_admin";
    /// Only the linked credits contract records retirements.
    pub const NOT_CREDITS_CONTRACT: &str = "park_footprints.not_credits_contract";
    /// A retirement of that id was recorded already.
    pub const DUPLICATE_RETIREMENT: &str = "park_footprints.duplicate_retirement";
}
