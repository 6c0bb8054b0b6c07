//! What the loan-share contract stores and reports: plans, the confirmations that join them
//! and the disclosures that follow, the keys lenders register, and the consortium token's
//! records (recharges, redemptions, data-service payments).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Binary, HexBinary, Uint128};

use super::{JoinTerms, LoanType, RiskSummary, SealedField, SensitiveField, VehicleInfo};

// ---------------------------------------------------------------- plans

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

// ---------------------------------------------------------------- token records

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
