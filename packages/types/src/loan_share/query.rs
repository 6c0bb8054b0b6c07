//! Queries and their responses.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::{Addr, Uint128};

use super::{
    Confirmation, DataServicePayment, Disclosure, LoanShareRole, PlanInfo, Recharge, Redemption,
};

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
    #[returns(Option<super::KeyInfo>)]
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
