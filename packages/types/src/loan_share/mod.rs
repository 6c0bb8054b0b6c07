//! The loan-share contract: lenders of a consortium share loan assets without showing the
//! borrower to anyone before a deal exists.
//!
//! A contributor lender that cannot serve a borrower alone posts a **share plan**: the loan's
//! amount and type, the borrower's sensitive fields only as ciphertext encrypted to the
//! contributor's own key together with a salted hash commitment of each field, non-sensitive
//! data in clear (risk score, limits, links to further data) and the conditions on which other
//! lenders may join. A participant lender **confirms** a share (amount and annual rate) by
//! sending the plan's fee in the consortium token with a cw20 `Send`; the contract checks the
//! conditions and forwards the fee to the contributor in the same transaction. The contributor
//! then **discloses** each sensitive field re-encrypted to the participant's registered key;
//! the participant decrypts it and checks it against the plan's commitment.
//!
//! The consortium token is a cw20-base instance that this contract instantiates and is the only
//! minter of. The token issuer mints it against off-chain payments (one credit per payment
//! reference) and burns it when it pays redemptions out, 1:1 against the currency.
//!
//! Money (loan amounts, shares, tokens) is integer minor units; rates are annual basis points;
//! times are unix seconds. Ciphertexts are opaque bytes to the contract (see `ledger-crypto`
//! for the envelope and commitment format the clients use).

mod fields;
mod query;
mod stored;

pub mod codes;

pub use fields::*;
pub use query::*;
pub use stored::*;

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Binary, CheckedMultiplyFractionError, HexBinary, Uint128};
use cw20::Cw20ReceiveMsg;

/// The fee rate's denominator: a plan's fee is `fee_per_10k` token units per this many units of
/// confirmed amount.
pub const FEE_DENOMINATOR: u32 = 10_000;
/// Highest fee rate (the whole confirmed amount).
pub const MAX_FEE_PER_10K: u32 = 10_000;
/// Highest annual rate a plan may accept, basis points (100%).
pub const MAX_RATE_BPS: u32 = 10_000;
/// Most participants a plan may admit.
pub const MAX_PARTICIPANTS: u32 = 20;
/// Length of a registered encryption key: a compressed secp256k1 point (SEC1).
pub const PUBLIC_KEY_LEN: usize = 33;
/// Length of a field commitment (SHA-256).
pub const COMMITMENT_LEN: usize = 32;
/// Shortest ciphertext accepted: the fixed overhead of a `ledger-crypto` envelope (version,
/// ephemeral key, nonce and tag). Only the length is checked; the bytes are opaque.
pub const MIN_CIPHERTEXT_LEN: usize = 62;
/// Longest ciphertext accepted, bytes.
pub const MAX_CIPHERTEXT_LEN: usize = 1_024;
/// Most links to further data a plan may carry.
pub const MAX_DATA_LINKS: usize = 5;
/// Longest asset id, reference, payout account, risk score or name, in characters.
pub const MAX_SHORT_TEXT: usize = 128;
/// Longest link to further data, in characters.
pub const MAX_LINK_LEN: usize = 256;

/// What an address may do in the loan-share contract. Roles are kept by this contract and set
/// by the admin registry's administrator; an address may hold several.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum LoanShareRole {
    /// Sells the consortium token (mints against off-chain payments) and redeems it.
    TokenIssuer,
    /// A lender that posts share plans and discloses to its participants.
    Contributor,
    /// A lender that confirms shares of other lenders' plans.
    Participant,
    /// Sells data services to lenders for tokens.
    DataServiceProvider,
}

impl LoanShareRole {
    /// The role's name as it appears in events.
    pub fn as_str(&self) -> &'static str {
        match self {
            LoanShareRole::TokenIssuer => "token_issuer",
            LoanShareRole::Contributor => "contributor",
            LoanShareRole::Participant => "participant",
            LoanShareRole::DataServiceProvider => "data_service_provider",
        }
    }

    /// Contributors and participants are lenders: they register encryption keys.
    pub fn is_lender(&self) -> bool {
        matches!(
            self,
            LoanShareRole::Contributor | LoanShareRole::Participant
        )
    }
}

/// The fee for confirming `amount` of a plan charging `fee_per_10k`: the amount times the rate
/// divided by [`FEE_DENOMINATOR`], **rounded up** to a whole token unit. Rounding up means a
/// positive amount on a plan with a positive rate always pays at least one unit, so no share is
/// free however it is split. Contract and clients compute the fee with this function alone.
pub fn fee_for(amount: Uint128, fee_per_10k: u32) -> Result<Uint128, CheckedMultiplyFractionError> {
    amount.checked_mul_ceil((Uint128::from(fee_per_10k), Uint128::from(FEE_DENOMINATOR)))
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The admin contract (registry): its administrator manages loan-share roles.
    pub admin_contract: String,
    /// Code id of the settlement token (cw20 gated by the registry); the contract
    /// instantiates the consortium token from it, naming its own registry, and is its only
    /// minter.
    pub token_code_id: u64,
    pub token_name: String,
    pub token_symbol: String,
    pub token_decimals: u8,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// The consortium token's `Send` hook; carries a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Registry administrator: replaces an address's loan-share roles (an empty list removes
    /// them).
    SetRoles {
        address: String,
        roles: Vec<LoanShareRole>,
    },
    /// Lender (contributor or participant): registers or replaces its encryption key, a
    /// compressed secp256k1 public key (33 bytes). A confirmation records the key its
    /// participant had then; a new key serves later confirmations only.
    RegisterKey { public_key: HexBinary },
    /// Token issuer: mints `amount` to a member against an off-chain payment. A payment
    /// reference is credited once.
    Recharge {
        reference: String,
        recipient: String,
        amount: Uint128,
    },
    /// Token issuer: the currency of a redemption request is paid out; burns its escrowed
    /// tokens. A payout reference is used once.
    Redeem {
        request_id: u64,
        payout_reference: String,
    },
    /// Contributor with a registered key: posts a share plan.
    PostPlan(PlanInput),
    /// The plan's contributor: withdraws a plan nobody has confirmed, before its end time.
    WithdrawPlan { plan_id: u64 },
    /// The plan's contributor: posts sensitive fields of a confirmation, each re-encrypted to
    /// the participant key the confirmation records. Each field is disclosed once.
    Disclose {
        confirmation_id: u64,
        fields: Vec<FieldCiphertext>,
    },
    /// Guardian or the registry's administrator: stops every message that moves value or
    /// changes records at once (see [`crate::emergency`]).
    Pause { reason: String },
    /// The registry's administrator: resumes the contract.
    Unpause {},
}

/// What a consortium token `Send` to the loan-share contract is for.
#[cw_serde]
pub enum ReceiveMsg {
    /// Participant with a registered key: confirms a share of a plan. The tokens sent must be
    /// exactly the fee ([`fee_for`] of `amount` at the plan's rate); they go on to the
    /// contributor in the same transaction.
    Confirm {
        plan_id: u64,
        /// The share confirmed, in the loan's minor units; more than zero.
        amount: Uint128,
        /// The annual rate the participant lends at, basis points; within the plan's range.
        rate_bps: u32,
    },
    /// Lender: pays a data service provider the tokens sent, forwarded at once.
    PayDataService {
        provider: String,
        /// What the payment is for, as provider and lender know it (an order or invoice
        /// number).
        reference: String,
    },
    /// Anyone holding tokens: escrows them until the token issuer pays the currency out and
    /// burns them.
    RequestRedemption {
        /// Where the currency goes, as the issuer knows it (a bank account).
        payout_account: String,
    },
}

/// A sensitive field as posted: ciphertext and commitment.
#[cw_serde]
pub struct SealedField {
    pub field: SensitiveField,
    /// A `ledger-crypto` envelope of the field's salted opening; opaque to the contract.
    pub ciphertext: Binary,
    /// SHA-256 commitment to the field's value under a secret salt (32 bytes).
    pub commitment: HexBinary,
}

/// A sensitive field re-encrypted for a participant.
#[cw_serde]
pub struct FieldCiphertext {
    pub field: SensitiveField,
    /// A `ledger-crypto` envelope to the participant's key; opaque to the contract.
    pub ciphertext: Binary,
}

/// The contributor's risk assessment, shown in clear.
#[cw_serde]
pub struct RiskSummary {
    /// The contributor's risk score or grade, as its model writes it.
    pub score: String,
    /// The loan limit the contributor's model grants the borrower, minor units.
    pub loan_limit: Uint128,
    /// The share of the loan the model suggests sharing, minor units.
    pub suggested_share_limit: Uint128,
}

/// Non-sensitive facts of a car securing a loan.
#[cw_serde]
pub struct VehicleInfo {
    pub mileage_km: u64,
    /// When the borrower bought the car, unix seconds.
    pub purchased_at: u64,
}

/// The conditions on which other lenders may join a plan.
#[cw_serde]
pub struct JoinTerms {
    /// The amount offered for sharing, minor units; more than zero and at most the loan
    /// amount. Confirmations never add up to more.
    pub offered: Uint128,
    /// Annual rates a participant may confirm, basis points, both ends included.
    pub min_rate_bps: u32,
    pub max_rate_bps: u32,
    /// Token units charged per [`FEE_DENOMINATOR`] units of confirmed amount; 1 to
    /// [`MAX_FEE_PER_10K`]. See [`fee_for`] for the rounding.
    pub fee_per_10k: u32,
    /// Most participants (one confirmation each); 1 to [`MAX_PARTICIPANTS`].
    pub max_participants: u32,
    /// Confirmations are accepted from `start` (included) to `end` (excluded), unix seconds.
    pub start: u64,
    pub end: u64,
}

/// A share plan as the contributor posts it.
#[cw_serde]
pub struct PlanInput {
    /// The contributor's own id of the loan asset; used once per contributor (withdrawn plans
    /// included). Clients bind it into the encryption context of the plan's ciphertexts.
    pub asset_id: String,
    pub loan_type: LoanType,
    /// The loan's amount, minor units.
    pub loan_amount: Uint128,
    /// Exactly the fields of [`LoanType::sensitive_fields`], each once, in any order.
    pub sealed_fields: Vec<SealedField>,
    pub risk: RiskSummary,
    /// Car loans only (optional there).
    pub vehicle: Option<VehicleInfo>,
    /// Where participants may get further data (for example violation, call or medical
    /// records at a data service provider); at most [`MAX_DATA_LINKS`].
    pub data_links: Vec<String>,
    pub terms: JoinTerms,
}

#[cw_serde]
pub struct MigrateMsg {}

#[cfg(test)]
mod tests;
