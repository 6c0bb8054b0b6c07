//! The loan-share contract's storage. Plans and confirmations are single records (their lists
//! are bounded: at most five fields, at most [`MAX_PARTICIPANTS`] confirmations per plan); the
//! maps beside them are indexes kept current on every change (plans by contributor and by asset
//! id, plans still taking confirmations by end time, confirmations by plan and by participant,
//! confirmations awaiting disclosure by contributor, disclosures by confirmation), so that no
//! action and no query walks history.
//!
//! [`MAX_PARTICIPANTS`]: ledger_types::loan_share::MAX_PARTICIPANTS

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, OverflowError, OverflowOperation};
use cw_storage_plus::{Item, Map};
pub use ledger_contract_kit::sequence::next_id;
use ledger_types::loan_share::{
    Confirmation, DataServicePayment, Disclosure, KeyInfo, LoanShareRole, Plan, Recharge,
    Redemption, TotalsResponse,
};

/// The name stored with cw2: the crate's own; `migrate` refuses state stored under another.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// This code's version, stored with cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cw_serde]
pub struct Config {
    /// The admin contract: its administrator manages loan-share roles.
    pub admin_contract: Addr,
}

/// The contract's wiring.
pub const CONFIG: Item<Config> = Item::new("config");
/// The consortium token (settlement-token code), stored by the reply to its instantiation.
pub const TOKEN: Item<Addr> = Item::new("token");
/// Running totals: tokens minted, burned, escrowed and forwarded; plans, confirmations,
/// disclosures.
pub const TOTALS: Item<TotalsResponse> = Item::new("totals");

/// Address -> its loan-share roles (absent when it has none).
pub const ROLES: Map<&Addr, Vec<LoanShareRole>> = Map::new("roles");
/// Lender -> its current encryption key.
pub const KEYS: Map<&Addr, KeyInfo> = Map::new("keys");

/// Payment reference -> the recharge it credited (a reference is credited once).
pub const RECHARGES: Map<&str, Recharge> = Map::new("recharges");
/// Last redemption request id handed out (ids start at 1).
pub const LAST_REDEMPTION_ID: Item<u64> = Item::new("last_redemption_id");
/// Redemption request id -> request.
pub const REDEMPTIONS: Map<u64, Redemption> = Map::new("redemptions");
/// Payout reference -> the redemption request it paid out (a reference is used once).
pub const PAYOUT_REFERENCES: Map<&str, u64> = Map::new("payout_references");

/// Last plan id handed out (ids start at 1).
pub const LAST_PLAN_ID: Item<u64> = Item::new("last_plan_id");
/// Plan id -> plan.
pub const PLANS: Map<u64, Plan> = Map::new("plans");
/// (contributor, asset id) -> plan id: an asset id is used once per contributor.
pub const PLAN_BY_ASSET: Map<(&Addr, &str), u64> = Map::new("plan_by_asset");
/// (contributor, plan id) -> (): a contributor's plans.
pub const PLANS_BY_CONTRIBUTOR: Map<(&Addr, u64), ()> = Map::new("plans_by_contributor");
/// (end time, plan id) -> (): plans neither withdrawn nor full. Queries read only the entries
/// ending after the block time, so ended plans need no clean-up.
pub const OPEN_PLANS: Map<(u64, u64), ()> = Map::new("open_plans");

/// Last confirmation id handed out (ids start at 1).
pub const LAST_CONFIRMATION_ID: Item<u64> = Item::new("last_confirmation_id");
/// Confirmation id -> confirmation.
pub const CONFIRMATIONS: Map<u64, Confirmation> = Map::new("confirmations");
/// (plan id, confirmation id) -> (): a plan's confirmations.
pub const CONFIRMATIONS_BY_PLAN: Map<(u64, u64), ()> = Map::new("confirmations_by_plan");
/// (participant, confirmation id) -> (): a participant's confirmations.
pub const CONFIRMATIONS_BY_PARTICIPANT: Map<(&Addr, u64), ()> =
    Map::new("confirmations_by_participant");
/// (plan id, participant) -> confirmation id: one confirmation per participant and plan.
pub const PARTICIPATIONS: Map<(u64, &Addr), u64> = Map::new("participations");
/// (contributor, confirmation id) -> (): confirmations with fields still to disclose.
pub const PENDING_DISCLOSURES: Map<(&Addr, u64), ()> = Map::new("pending_disclosures");

/// Last disclosure id handed out (ids start at 1).
pub const LAST_DISCLOSURE_ID: Item<u64> = Item::new("last_disclosure_id");
/// Disclosure id -> disclosure.
pub const DISCLOSURES: Map<u64, Disclosure> = Map::new("disclosures");
/// (confirmation id, disclosure id) -> (): a confirmation's disclosures in order.
pub const CONFIRMATION_DISCLOSURES: Map<(u64, u64), ()> = Map::new("confirmation_disclosures");

/// Last data service payment id handed out (ids start at 1).
pub const LAST_DATA_PAYMENT_ID: Item<u64> = Item::new("last_data_payment_id");
/// Payment id -> data service payment.
pub const DATA_PAYMENTS: Map<u64, DataServicePayment> = Map::new("data_payments");
/// (provider, payment id) -> (): a provider's payments.
pub const DATA_PAYMENTS_BY_PROVIDER: Map<(&Addr, u64), ()> = Map::new("data_payments_by_provider");

/// `n + 1`, refused on overflow.
pub fn increment(n: u64) -> Result<u64, OverflowError> {
    n.checked_add(1)
        .ok_or(OverflowError::new(OverflowOperation::Add))
}
