//! `GET /api/wallet/chain`: the chain's settings in the form Keplr-compatible wallets take
//! (`experimentalSuggestChain`), so that the sign-in page can offer a wallet that does not
//! know the chain to add it. Given only when the operator set where browsers reach the node
//! (`wallet_rpc`, `wallet_rest`): the gateway's own node address is often one only it can
//! reach.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ledger_client::ChainConfig;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::config::WalletEndpoints;
use crate::error::{ApiError, ErrorBody, codes};
use crate::state::AppState;

/// Decimals wallets show the fee coin with: the Cosmos convention for a native coin (the
/// chain records none).
const FEE_COIN_DECIMALS: u8 = 6;

/// BIP-44 coin type of Cosmos SDK account keys (the one the CLI derives with).
const COSMOS_COIN_TYPE: u32 = 118;

/// A coin as a wallet shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WalletCurrency {
    /// Its name to show (`STAKE`).
    pub coin_denom: String,
    /// Its denomination on the chain (`stake`).
    pub coin_minimal_denom: String,
    /// Decimals to show.
    pub coin_decimals: u8,
}

/// Gas prices a wallet offers, in the fee coin per unit of gas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GasPriceStep {
    /// The chain's minimum.
    pub low: f64,
    /// The gateway's own price.
    pub average: f64,
    /// For a busy chain.
    pub high: f64,
}

/// The fee coin with its gas prices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WalletFeeCurrency {
    /// The coin.
    #[serde(flatten)]
    pub currency: WalletCurrency,
    /// Its gas prices.
    pub gas_price_step: GasPriceStep,
}

/// Bech32 prefixes of the chain's addresses and keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Bech32Config {
    #[serde(rename = "bech32PrefixAccAddr")]
    pub account: String,
    #[serde(rename = "bech32PrefixAccPub")]
    pub account_pub: String,
    #[serde(rename = "bech32PrefixValAddr")]
    pub validator: String,
    #[serde(rename = "bech32PrefixValPub")]
    pub validator_pub: String,
    #[serde(rename = "bech32PrefixConsAddr")]
    pub consensus: String,
    #[serde(rename = "bech32PrefixConsPub")]
    pub consensus_pub: String,
}

/// BIP-44 derivation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Bip44 {
    /// The coin type (118).
    pub coin_type: u32,
}

/// The chain as a Keplr-compatible wallet adds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WalletChain {
    /// The chain id.
    pub chain_id: String,
    /// Its name in the wallet.
    pub chain_name: String,
    /// CometBFT RPC, as browsers reach it.
    pub rpc: String,
    /// REST (LCD), as browsers reach it.
    pub rest: String,
    /// Key derivation.
    pub bip44: Bip44,
    /// Address prefixes.
    pub bech32_config: Bech32Config,
    /// Coins the wallet shows.
    pub currencies: Vec<WalletCurrency>,
    /// Coins fees are paid in.
    pub fee_currencies: Vec<WalletFeeCurrency>,
    /// The staking coin.
    pub stake_currency: WalletCurrency,
    /// What the chain supports (`cosmwasm`).
    pub features: Vec<String>,
}

impl WalletChain {
    /// The settings of the chain `chain` connects to, reached by browsers at `endpoints`.
    pub fn new(chain: &ChainConfig, endpoints: &WalletEndpoints) -> Self {
        let prefix = &chain.account_prefix;
        let coin = WalletCurrency {
            coin_denom: chain.denom.to_uppercase(),
            coin_minimal_denom: chain.denom.clone(),
            coin_decimals: FEE_COIN_DECIMALS,
        };
        let price: f64 = chain.gas_price.to_string().parse().unwrap_or(0.0);
        WalletChain {
            chain_id: chain.chain_id.clone(),
            chain_name: format!("Obligation ledger ({})", chain.chain_id),
            rpc: endpoints.rpc.clone(),
            rest: endpoints.rest.clone(),
            bip44: Bip44 {
                coin_type: COSMOS_COIN_TYPE,
            },
            bech32_config: Bech32Config {
                account: prefix.clone(),
                account_pub: format!("{prefix}pub"),
                validator: format!("{prefix}valoper"),
                validator_pub: format!("{prefix}valoperpub"),
                consensus: format!("{prefix}valcons"),
                consensus_pub: format!("{prefix}valconspub"),
            },
            currencies: vec![coin.clone()],
            fee_currencies: vec![WalletFeeCurrency {
                currency: coin.clone(),
                gas_price_step: GasPriceStep {
                    low: price,
                    average: price,
                    high: price * 2.0,
                },
            }],
            stake_currency: coin,
            features: vec!["cosmwasm".to_string()],
        }
    }
}

/// The chain's settings for a Keplr-compatible wallet (`experimentalSuggestChain`). Anyone:
/// the sign-in page asks before anyone has signed in.
#[utoipa::path(
    get, path = "/api/wallet/chain", tag = "auth",
    responses(
        (status = 200, description = "The chain's settings", body = WalletChain),
        (status = 404, description = "The gateway offers none: wallet_rpc and wallet_rest are not set (gateway.no_wallet_settings)", body = ErrorBody),
    )
)]
pub async fn chain(State(state): State<AppState>) -> Result<Json<WalletChain>, ApiError> {
    state
        .settings
        .wallet_chain
        .clone()
        .map(Json)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                codes::NO_WALLET_SETTINGS,
                "this gateway offers wallets no chain settings (wallet_rpc and wallet_rest are not \
             set): add the chain to the wallet yourself",
            )
        })
}
