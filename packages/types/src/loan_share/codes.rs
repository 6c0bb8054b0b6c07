//! Stable error codes of the loan-share contract (see [`crate::error_code`]). Refusals every
//! contract shares (pause, blacklist, suspension, migration) carry `common.*` codes.

/// A fee computation overflowed.
pub const MULTIPLY_FRACTION: &str = "loan_share.multiply_fraction";
/// The token code id is 0.
pub const INVALID_TOKEN_CODE_ID: &str = "loan_share.invalid_token_code_id";
/// The token name is not 3 to 50 bytes long.
pub const INVALID_TOKEN_NAME: &str = "loan_share.invalid_token_name";
/// The token symbol is not 3 to 12 letters or dashes.
pub const INVALID_TOKEN_SYMBOL: &str = "loan_share.invalid_token_symbol";
/// More than 18 token decimals.
pub const INVALID_TOKEN_DECIMALS: &str = "loan_share.invalid_token_decimals";
/// A reply this contract did not ask for.
pub const UNKNOWN_REPLY_ID: &str = "loan_share.unknown_reply_id";
/// Instantiating the consortium token failed.
pub const TOKEN_INSTANTIATION_FAILED: &str = "loan_share.token_instantiation_failed";
/// The token instantiation reply named no address.
pub const MISSING_TOKEN_ADDRESS: &str = "loan_share.missing_token_address";
/// The consortium token is not instantiated yet.
pub const TOKEN_NOT_READY: &str = "loan_share.token_not_ready";
/// Only the registry's administrator manages loan-share roles.
pub const NOT_REGISTRY_ADMIN: &str = "loan_share.not_registry_admin";
/// The address lacks the loan-share role needed.
pub const MISSING_ROLE: &str = "loan_share.missing_role";
/// The address is neither contributor nor participant.
pub const NOT_A_LENDER: &str = "loan_share.not_a_lender";
/// Tokens are minted to members only.
pub const NOT_A_MEMBER: &str = "loan_share.not_a_member";
/// The lender has no encryption key registered.
pub const NO_KEY_REGISTERED: &str = "loan_share.no_key_registered";
/// Tokens came from another token than the consortium token.
pub const WRONG_TOKEN: &str = "loan_share.wrong_token";
/// Only the plan's contributor may do this.
pub const NOT_PLAN_CONTRIBUTOR: &str = "loan_share.not_plan_contributor";
/// Only the confirmation's contributor discloses.
pub const NOT_CONFIRMATION_CONTRIBUTOR: &str = "loan_share.not_confirmation_contributor";
/// A contributor cannot confirm a share of its own plan.
pub const SELF_CONFIRMATION: &str = "loan_share.self_confirmation";
/// A required text is empty.
pub const EMPTY_TEXT: &str = "loan_share.empty_text";
/// A text is too long.
pub const TEXT_TOO_LONG: &str = "loan_share.text_too_long";
/// An identifier contains whitespace or control characters.
pub const INVALID_IDENTIFIER: &str = "loan_share.invalid_identifier";
/// A public key that is not 33 bytes.
pub const PUBLIC_KEY_LENGTH: &str = "loan_share.public_key_length";
/// A public key that is not compressed.
pub const PUBLIC_KEY_NOT_COMPRESSED: &str = "loan_share.public_key_not_compressed";
/// A public key that is not a secp256k1 point.
pub const PUBLIC_KEY_NOT_ON_CURVE: &str = "loan_share.public_key_not_on_curve";
/// An amount must be more than zero.
pub const ZERO_AMOUNT: &str = "loan_share.zero_amount";
/// The payment reference was already credited.
pub const RECHARGE_REFERENCE_USED: &str = "loan_share.recharge_reference_used";
/// No recharge with that reference.
pub const RECHARGE_NOT_FOUND: &str = "loan_share.recharge_not_found";
/// No such redemption request.
pub const REDEMPTION_NOT_FOUND: &str = "loan_share.redemption_not_found";
/// The redemption request was already paid out.
pub const ALREADY_REDEEMED: &str = "loan_share.already_redeemed";
/// The payout reference was already used.
pub const PAYOUT_REFERENCE_USED: &str = "loan_share.payout_reference_used";
/// The contributor already used that asset id.
pub const ASSET_ID_USED: &str = "loan_share.asset_id_used";
/// The offer is more than the loan.
pub const OFFER_EXCEEDS_LOAN: &str = "loan_share.offer_exceeds_loan";
/// The rate range is not ordered or too high.
pub const INVALID_RATE_RANGE: &str = "loan_share.invalid_rate_range";
/// The fee rate is out of range.
pub const INVALID_FEE_RATE: &str = "loan_share.invalid_fee_rate";
/// The participant limit is out of range.
pub const INVALID_PARTICIPANT_LIMIT: &str = "loan_share.invalid_participant_limit";
/// The plan ends before it starts.
pub const INVALID_WINDOW: &str = "loan_share.invalid_window";
/// The plan's end is not in the future.
pub const END_NOT_IN_FUTURE: &str = "loan_share.end_not_in_future";
/// A sensitive field the loan type needs is missing.
pub const MISSING_SEALED_FIELD: &str = "loan_share.missing_sealed_field";
/// A sensitive field the loan type does not carry.
pub const UNEXPECTED_FIELD: &str = "loan_share.unexpected_field";
/// A field appears twice.
pub const DUPLICATE_FIELD: &str = "loan_share.duplicate_field";
/// A ciphertext of a length outside the accepted range.
pub const CIPHERTEXT_LENGTH: &str = "loan_share.ciphertext_length";
/// A commitment that is not 32 bytes.
pub const COMMITMENT_LENGTH: &str = "loan_share.commitment_length";
/// Vehicle details on a loan that is not a car loan.
pub const VEHICLE_NOT_CAR_LOAN: &str = "loan_share.vehicle_not_car_loan";
/// Too many data links.
pub const TOO_MANY_DATA_LINKS: &str = "loan_share.too_many_data_links";
/// No such plan.
pub const PLAN_NOT_FOUND: &str = "loan_share.plan_not_found";
/// The contributor has no plan for that asset id.
pub const ASSET_NOT_FOUND: &str = "loan_share.asset_not_found";
/// The plan was withdrawn.
pub const PLAN_WITHDRAWN: &str = "loan_share.plan_withdrawn";
/// The plan has ended.
pub const PLAN_ENDED: &str = "loan_share.plan_ended";
/// The plan has not started yet.
pub const PLAN_NOT_STARTED: &str = "loan_share.plan_not_started";
/// A plan with confirmations cannot be withdrawn.
pub const HAS_CONFIRMATIONS: &str = "loan_share.has_confirmations";
/// Every participant place of the plan is taken.
pub const PARTICIPANTS_FULL: &str = "loan_share.participants_full";
/// The rate is outside the plan's range.
pub const RATE_OUT_OF_RANGE: &str = "loan_share.rate_out_of_range";
/// The confirmation would exceed the plan's offer.
pub const EXCEEDS_OFFER: &str = "loan_share.exceeds_offer";
/// The participant already confirmed a share of the plan.
pub const ALREADY_CONFIRMED: &str = "loan_share.already_confirmed";
/// The tokens sent are not the fee.
pub const FEE_MISMATCH: &str = "loan_share.fee_mismatch";
/// No such confirmation.
pub const CONFIRMATION_NOT_FOUND: &str = "loan_share.confirmation_not_found";
/// No field given to disclose.
pub const NOTHING_TO_DISCLOSE: &str = "loan_share.nothing_to_disclose";
/// The plan has no such field.
pub const FIELD_NOT_IN_PLAN: &str = "loan_share.field_not_in_plan";
/// The field was already disclosed for the confirmation.
pub const ALREADY_DISCLOSED: &str = "loan_share.already_disclosed";
