//! The consortium token's records: recharges, redemptions and data-service payments.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};

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
