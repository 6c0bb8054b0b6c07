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

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::{Addr, Binary, CheckedMultiplyFractionError, HexBinary, Uint128};
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

/// The kinds of loan a plan may share.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum LoanType {
    /// Unsecured credit loan.
    Cash,
    Consumption,
    /// Loan against a housing provident fund record.
    ProvidentFund,
    Enterprise,
    /// Loan secured by a mortgage on a car (the borrower keeps the car).
    CarMortgage,
    /// Loan against an insurance policy.
    Policy,
    /// Loan secured by pledging a car (the lender keeps the car).
    CarPledge,
}

impl LoanType {
    /// Every loan type, in declaration order.
    pub const ALL: [LoanType; 7] = [
        LoanType::Cash,
        LoanType::Consumption,
        LoanType::ProvidentFund,
        LoanType::Enterprise,
        LoanType::CarMortgage,
        LoanType::Policy,
        LoanType::CarPledge,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            LoanType::Cash => "cash",
            LoanType::Consumption => "consumption",
            LoanType::ProvidentFund => "provident_fund",
            LoanType::Enterprise => "enterprise",
            LoanType::CarMortgage => "car_mortgage",
            LoanType::Policy => "policy",
            LoanType::CarPledge => "car_pledge",
        }
    }

    /// Whether a car secures the loan (plate and engine numbers are then part of the plan).
    pub fn is_car_loan(&self) -> bool {
        matches!(self, LoanType::CarMortgage | LoanType::CarPledge)
    }

    /// The sensitive fields a plan of this type carries, exactly these and in this order.
    pub fn sensitive_fields(&self) -> &'static [SensitiveField] {
        if self.is_car_loan() {
            &SensitiveField::ALL
        } else {
            &SensitiveField::ALL[..3]
        }
    }
}

/// A field of the borrower's data that is never put on chain in clear.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum SensitiveField {
    /// The borrower's (person's or company's) name.
    BorrowerName,
    /// Identity card number, or an enterprise's unified social credit code.
    IdNumber,
    /// The mobile number the borrower gave the lender.
    Phone,
    /// Car loans: the licence plate number.
    PlateNumber,
    /// Car loans: the engine number.
    EngineNumber,
}

impl SensitiveField {
    /// Every field, in declaration order (the first three belong to every plan).
    pub const ALL: [SensitiveField; 5] = [
        SensitiveField::BorrowerName,
        SensitiveField::IdNumber,
        SensitiveField::Phone,
        SensitiveField::PlateNumber,
        SensitiveField::EngineNumber,
    ];

    /// The field's name: in storage keys and events, and the name clients bind into the
    /// encryption context and the commitment.
    pub fn as_str(&self) -> &'static str {
        match self {
            SensitiveField::BorrowerName => "borrower_name",
            SensitiveField::IdNumber => "id_number",
            SensitiveField::Phone => "phone",
            SensitiveField::PlateNumber => "plate_number",
            SensitiveField::EngineNumber => "engine_number",
        }
    }

    /// The field with this name.
    pub fn from_name(name: &str) -> Option<SensitiveField> {
        SensitiveField::ALL
            .into_iter()
            .find(|field| field.as_str() == name)
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

/// A plan as stored.
#[cw_serde]
pub struct Plan {
    pub id: u64,
    pub contributor: Addr,
    pub asset_id: String,
    pub loan_type: LoanType,
    pub loan_amount: Uint128,
    /// In the order of [`LoanType::sensitive_fields`].
    pub sealed_fields: Vec<SealedField>,
    pub risk: RiskSummary,
    pub vehicle: Option<VehicleInfo>,
    pub data_links: Vec<String>,
    pub terms: JoinTerms,
    /// Confirmed so far; never more than `terms.offered`.
    pub confirmed: Uint128,
    /// Confirmations (one per participant) so far.
    pub participants: u32,
    /// Fees paid to the contributor for this plan so far.
    pub fees: Uint128,
    pub posted_at: u64,
    pub withdrawn_at: Option<u64>,
}

/// Where a plan stands at a block time.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum PlanState {
    /// Before its start time.
    Upcoming,
    /// Accepting confirmations.
    Open,
    /// The offered amount is confirmed in full, or every participant place is taken.
    Full,
    /// Its end time has passed.
    Closed,
    /// Withdrawn by its contributor.
    Withdrawn,
}

impl PlanState {
    pub fn as_str(&self) -> &'static str {
        match self {
            PlanState::Upcoming => "upcoming",
            PlanState::Open => "open",
            PlanState::Full => "full",
            PlanState::Closed => "closed",
            PlanState::Withdrawn => "withdrawn",
        }
    }
}

impl Plan {
    /// What remains to be confirmed.
    pub fn remaining(&self) -> Uint128 {
        self.terms.offered.saturating_sub(self.confirmed)
    }

    /// Whether no more confirmations fit: the offer is taken in full or every place is.
    pub fn is_full(&self) -> bool {
        self.remaining().is_zero() || self.participants >= self.terms.max_participants
    }

    /// The plan's state at block time `now`.
    pub fn state(&self, now: u64) -> PlanState {
        if self.withdrawn_at.is_some() {
            PlanState::Withdrawn
        } else if now >= self.terms.end {
            PlanState::Closed
        } else if self.is_full() {
            PlanState::Full
        } else if now < self.terms.start {
            PlanState::Upcoming
        } else {
            PlanState::Open
        }
    }
}

/// A plan with its state at the block time of the query.
#[cw_serde]
pub struct PlanInfo {
    pub state: PlanState,
    pub plan: Plan,
}

/// A participant's confirmed share of a plan.
#[cw_serde]
pub struct Confirmation {
    pub id: u64,
    pub plan_id: u64,
    pub asset_id: String,
    pub contributor: Addr,
    pub participant: Addr,
    pub amount: Uint128,
    pub rate_bps: u32,
    /// Tokens paid to the contributor.
    pub fee: Uint128,
    /// The participant's key at confirmation: disclosures are encrypted to it.
    pub participant_key: HexBinary,
    /// The plan's sensitive fields, all to be disclosed.
    pub fields: Vec<SensitiveField>,
    /// Fields disclosed so far, in disclosure order.
    pub disclosed: Vec<SensitiveField>,
    pub confirmed_at: u64,
    pub height: u64,
}

impl Confirmation {
    /// Whether every field has been disclosed.
    pub fn fully_disclosed(&self) -> bool {
        self.disclosed.len() >= self.fields.len()
    }
}

/// A field disclosed to a participant: who received which field, and when.
#[cw_serde]
pub struct Disclosure {
    pub id: u64,
    pub confirmation_id: u64,
    pub plan_id: u64,
    pub field: SensitiveField,
    pub contributor: Addr,
    pub participant: Addr,
    /// Encrypted to the confirmation's participant key; opaque to the contract.
    pub ciphertext: Binary,
    pub disclosed_at: u64,
    pub height: u64,
}

/// A lender's registered encryption key.
#[cw_serde]
pub struct KeyInfo {
    pub address: Addr,
    /// Compressed secp256k1 public key.
    pub public_key: HexBinary,
    /// 1 for the first key registered, one more for each replacement.
    pub version: u32,
    pub registered_at: u64,
}

/// Tokens minted against an off-chain payment.
#[cw_serde]
pub struct Recharge {
    pub reference: String,
    pub recipient: Addr,
    pub amount: Uint128,
    pub issuer: Addr,
    pub at: u64,
}

#[cw_serde]
#[derive(Copy, Eq)]
pub enum RedemptionStatus {
    /// Tokens escrowed; the currency is not paid out yet.
    Requested,
    /// Paid out; the tokens are burnt.
    Redeemed,
}

#[cw_serde]
pub struct Redemption {
    pub id: u64,
    pub holder: Addr,
    pub amount: Uint128,
    pub payout_account: String,
    pub status: RedemptionStatus,
    pub payout_reference: Option<String>,
    pub requested_at: u64,
    pub redeemed_at: Option<u64>,
}

/// Tokens a lender paid a data service provider.
#[cw_serde]
pub struct DataServicePayment {
    pub id: u64,
    pub payer: Addr,
    pub provider: Addr,
    pub amount: Uint128,
    pub reference: String,
    pub at: u64,
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// Whether the contract is paused, since when, by whom and why.
    #[returns(crate::emergency::PauseStatus)]
    PauseStatus {},
    /// The contract's wiring: the registry and the consortium token.
    #[returns(ConfigResponse)]
    Config {},
    /// Running totals: tokens minted, burned, escrowed; plans, confirmations, fees, disclosures.
    #[returns(TotalsResponse)]
    Totals {},
    /// An address's loan-share roles (empty when it has none).
    #[returns(RolesResponse)]
    Roles { address: String },
    /// Addresses holding loan-share roles, in address order.
    #[returns(MembersResponse)]
    Members {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// A lender's registered encryption key (`None` when it has none).
    #[returns(Option<KeyInfo>)]
    Key { address: String },
    /// A recharge by its payment reference.
    #[returns(Recharge)]
    Recharge { reference: String },
    /// Recharges in reference order.
    #[returns(RechargesResponse)]
    Recharges {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// A redemption request.
    #[returns(Redemption)]
    Redemption { request_id: u64 },
    /// Redemption requests in id order.
    #[returns(RedemptionsResponse)]
    Redemptions {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// One plan with its state now.
    #[returns(PlanInfo)]
    Plan { plan_id: u64 },
    /// A contributor's plan by its asset id.
    #[returns(PlanInfo)]
    PlanByAsset {
        contributor: String,
        asset_id: String,
    },
    /// Every plan in id order, whatever its state.
    #[returns(PlansResponse)]
    Plans {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// Plans still to take confirmations (open, or upcoming), in order of end time then id;
    /// withdrawn, full and ended plans are left out. `start_after` is the last plan id of the
    /// previous page.
    #[returns(PlansResponse)]
    OpenPlans {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A contributor's plans in id order.
    #[returns(PlansResponse)]
    PlansByContributor {
        contributor: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// One confirmation.
    #[returns(Confirmation)]
    Confirmation { confirmation_id: u64 },
    /// Every confirmation in id order.
    #[returns(ConfirmationsResponse)]
    Confirmations {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A plan's confirmations in id order.
    #[returns(ConfirmationsResponse)]
    ConfirmationsByPlan {
        plan_id: u64,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A participant's confirmations in id order.
    #[returns(ConfirmationsResponse)]
    ConfirmationsByParticipant {
        participant: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// Confirmations of a contributor's plans with fields still to disclose, in id order
    /// (what a contributor's watcher works through).
    #[returns(ConfirmationsResponse)]
    PendingDisclosures {
        contributor: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A confirmation's disclosures, in disclosure order (at most one per field).
    #[returns(DisclosuresResponse)]
    ConfirmationDisclosures { confirmation_id: u64 },
    /// Every disclosure in id order: who received which field of which plan, and when.
    #[returns(DisclosuresResponse)]
    Disclosures {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// Data service payments in id order, optionally only those to one provider.
    #[returns(DataServicePaymentsResponse)]
    DataServicePayments {
        provider: Option<String>,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub admin_contract: Addr,
    /// The consortium token (cw20-base); this contract is its only minter.
    pub token: Addr,
}

/// Running totals. The contract's token balance is always `escrowed`; the token's supply is
/// `minted - burned`.
#[cw_serde]
#[derive(Default)]
pub struct TotalsResponse {
    pub minted: Uint128,
    pub burned: Uint128,
    /// Held for redemption requests not paid out yet.
    pub escrowed: Uint128,
    /// Fees forwarded to contributors.
    pub fees_paid: Uint128,
    /// Forwarded to data service providers.
    pub data_service_paid: Uint128,
    /// Sum of every confirmed share.
    pub confirmed: Uint128,
    pub plans: u64,
    pub confirmations: u64,
    pub disclosures: u64,
}

#[cw_serde]
pub struct RolesResponse {
    pub address: Addr,
    pub roles: Vec<LoanShareRole>,
}

#[cw_serde]
pub struct MembersResponse {
    pub members: Vec<RolesResponse>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct RechargesResponse {
    pub recharges: Vec<Recharge>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct RedemptionsResponse {
    pub redemptions: Vec<Redemption>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct PlansResponse {
    pub plans: Vec<PlanInfo>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct ConfirmationsResponse {
    pub confirmations: Vec<Confirmation>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct DisclosuresResponse {
    pub disclosures: Vec<Disclosure>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct DataServicePaymentsResponse {
    pub payments: Vec<DataServicePayment>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct MigrateMsg {}

/// Stable error codes of the loan-share contract (see [`crate::error_code`]). Refusals every
/// contract shares (pause, blacklist, suspension, migration) carry `common.*` codes.
pub mod codes {
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
}

#[cfg(test)]
// Money is written as units_cents (80_000_00 is 80,000.00).
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_fee_rounds_up_to_a_whole_unit() {
        let fee = |amount: u128, rate: u32| fee_for(Uint128::new(amount), rate).unwrap().u128();
        // The seed's example: 80,000.00 at one token per 10,000 is 8.00 tokens.
        assert_eq!(fee(80_000_00, 1), 8_00);
        assert_eq!(fee(10_000, 1), 1);
        assert_eq!(fee(10_001, 1), 2);
        assert_eq!(fee(1, 1), 1);
        assert_eq!(fee(0, 1), 0);
        assert_eq!(fee(12_345, 10_000), 12_345);
        assert_eq!(fee(u128::MAX, 10_000), u128::MAX);
        assert_eq!(fee(u128::MAX, 1), u128::MAX / 10_000 + 1);
    }

    proptest! {
        #[test]
        fn the_fee_is_the_least_amount_covering_the_rate(
            amount in 0u128..=u128::MAX / 10_000,
            rate in 1u32..=MAX_FEE_PER_10K,
        ) {
            let fee = fee_for(Uint128::new(amount), rate).unwrap().u128();
            let exact = amount * u128::from(rate);
            prop_assert!(fee * 10_000 >= exact);
            prop_assert!(fee * 10_000 < exact + 10_000);
            prop_assert!(fee <= amount);
            prop_assert_eq!(fee == 0, amount == 0);
        }
    }

    fn plan(offered: u128, confirmed: u128, participants: u32) -> Plan {
        Plan {
            id: 1,
            contributor: Addr::unchecked("c"),
            asset_id: "A-1".into(),
            loan_type: LoanType::Cash,
            loan_amount: Uint128::new(offered),
            sealed_fields: vec![],
            risk: RiskSummary {
                score: "A".into(),
                loan_limit: Uint128::zero(),
                suggested_share_limit: Uint128::zero(),
            },
            vehicle: None,
            data_links: vec![],
            terms: JoinTerms {
                offered: Uint128::new(offered),
                min_rate_bps: 1_800,
                max_rate_bps: 2_000,
                fee_per_10k: 1,
                max_participants: 2,
                start: 100,
                end: 200,
            },
            confirmed: Uint128::new(confirmed),
            participants,
            fees: Uint128::zero(),
            posted_at: 50,
            withdrawn_at: None,
        }
    }

    #[test]
    fn a_plan_state_follows_time_capacity_and_withdrawal() {
        let p = plan(100, 40, 1);
        assert_eq!(p.state(99), PlanState::Upcoming);
        assert_eq!(p.state(100), PlanState::Open);
        assert_eq!(p.state(199), PlanState::Open);
        assert_eq!(p.state(200), PlanState::Closed);
        assert_eq!(p.remaining(), Uint128::new(60));
        assert_eq!(plan(100, 100, 1).state(150), PlanState::Full);
        assert_eq!(plan(100, 40, 2).state(150), PlanState::Full);
        assert_eq!(plan(100, 100, 1).state(250), PlanState::Closed);
        let mut withdrawn = plan(100, 0, 0);
        withdrawn.withdrawn_at = Some(120);
        assert_eq!(withdrawn.state(150), PlanState::Withdrawn);
        assert_eq!(withdrawn.state(250), PlanState::Withdrawn);
    }

    #[test]
    fn fields_follow_the_loan_type() {
        for loan_type in LoanType::ALL {
            let fields = loan_type.sensitive_fields();
            assert_eq!(fields.len(), if loan_type.is_car_loan() { 5 } else { 3 });
            assert_eq!(&fields[..3], &SensitiveField::ALL[..3]);
        }
        for field in SensitiveField::ALL {
            assert_eq!(SensitiveField::from_name(field.as_str()), Some(field));
        }
        assert_eq!(SensitiveField::from_name("salary"), None);
    }
}
