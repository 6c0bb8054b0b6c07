//! The settlement token (and the consortium token of loan sharing): cw20-base with every
//! movement of value checked against the registry and an emergency pause.
//!
//! Its execute and query messages are cw20's own plus the pause; its instantiate message is
//! cw20-base's plus the registry the token asks. Wallets and explorers that speak cw20 keep
//! working unchanged.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cw20::{Cw20Coin, Cw20ExecuteMsg, Cw20QueryMsg, MinterResponse};

#[cw_serde]
pub struct InstantiateMsg {
    pub name: String,
    pub symbol: String,
    pub decimals: u8,
    pub initial_balances: Vec<Cw20Coin>,
    pub mint: Option<MinterResponse>,
    /// The registry (admin contract) asked, on every transfer, send, burn and mint, whether
    /// the holders involved are blacklisted or suspended; and who may pause the token.
    pub registry: String,
}

/// cw20's messages, plus the emergency pause.
#[cw_serde]
#[serde(untagged)]
pub enum ExecuteMsg {
    Cw20(Cw20ExecuteMsg),
    Emergency(EmergencyMsg),
}

#[cw_serde]
pub enum EmergencyMsg {
    /// Guardian or administrator: stops every transfer, send, burn and mint at once.
    Pause { reason: String },
    /// Administrator: resumes the token.
    Unpause {},
}

/// cw20's queries, plus the pause status and the registry.
#[cw_serde]
#[serde(untagged)]
pub enum QueryMsg {
    Cw20(Cw20QueryMsg),
    Token(TokenQueryMsg),
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum TokenQueryMsg {
    #[returns(crate::emergency::PauseStatus)]
    PauseStatus {},
    /// The registry the token asks.
    #[returns(cosmwasm_std::Addr)]
    Registry {},
}

#[cw_serde]
pub struct MigrateMsg {
    /// Set when migrating a plain cw20-base token, which had no registry.
    pub registry: Option<String>,
}

/// Stable error codes of the settlement token (see [`crate::error_code`]). The shared refusals
/// (pause, blacklisting, suspension, migration) carry `common.*` codes.
pub mod codes {
    /// cw20-base refused the message (unauthorized mint, zero amount, no allowance, ...); the
    /// text says which.
    pub const CW20: &str = "token.cw20";
    /// Migrating a plain cw20-base token needs the registry it is to ask from then on.
    pub const REGISTRY_REQUIRED: &str = "token.registry_required";
}
