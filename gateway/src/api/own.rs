//! The signed-in participant's own money: `GET /api/me/holdings`, and her own transactions
//! signed in her browser: `POST /api/me/transactions/prepare`, then
//! `POST /api/me/transactions` with her signature.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use ledger_types::admin::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::actions::{self, TxReceipt, refusal};
use crate::auth::session::Session;
use crate::error::{ApiError, ErrorBody, codes};
use crate::json::ApiJson;
use crate::own_tx::{OwnAction, SignedTx, check_own};
use crate::state::AppState;

/// The caller's settlement tokens, minor units as decimal strings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HoldingsView {
    /// In her wallet: what she can prepay or redeem.
    pub wallet: String,
    /// Prepaid at the bank: pays her instalments as they fall due.
    pub prepaid: String,
}

/// What the caller asks to sign.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum OwnActionRequest {
    /// Consumers: move tokens from the wallet to the prepaid balance.
    Prepay {
        /// Minor units, as a decimal string.
        amount: String,
    },
    /// Escrow tokens for a payout in fiat by the bank.
    RequestRedemption {
        /// Minor units, as a decimal string.
        amount: String,
        /// Where the fiat goes (an account number or IBAN).
        payout_account: String,
    },
}

/// A request to prepare a transaction of the caller's own account.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrepareRequest {
    /// The caller's compressed secp256k1 public key (33 bytes), base64: the account the
    /// transaction is prepared for, which must be the signed-in one.
    pub public_key: String,
    /// What to do.
    pub action: OwnActionRequest,
}

/// A transaction for the caller to check and sign (SIGN_MODE_DIRECT): she signs the SHA-256
/// of the protobuf `SignDoc {body_bytes, auth_info_bytes, chain_id, account_number}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PreparedTx {
    /// The `TxBody`, base64: one `MsgExecuteContract` of the settlement token.
    pub body_bytes: String,
    /// The `AuthInfo`, base64: her key and sequence, fee and gas limit.
    pub auth_info_bytes: String,
    /// The chain the signature is for.
    pub chain_id: String,
    /// Her account number.
    pub account_number: u64,
    /// Her sequence the transaction is prepared at.
    pub sequence: u64,
    /// The gas limit.
    pub gas_limit: u64,
    /// The fee, `<amount><denom>` (empty when gas is free).
    pub fee: String,
}

/// A transaction the caller signed in her browser.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {
    /// The prepared `body_bytes`, base64.
    pub body_bytes: String,
    /// The prepared `auth_info_bytes`, base64.
    pub auth_info_bytes: String,
    /// The 64-byte signature (r ‖ s, low s), base64.
    pub signature: String,
}

fn base64_field(field: &str, text: &str) -> Result<Vec<u8>, ApiError> {
    BASE64
        .decode(text)
        .map_err(|_| ApiError::bad_request(format!("{field} must be base64")))
}

/// The caller's settlement tokens: in her wallet and prepaid at the bank.
#[utoipa::path(
    get, path = "/api/me/holdings", tag = "api",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Her tokens", body = HoldingsView),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not a participant in good standing", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn holdings(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<HoldingsView>, ApiError> {
    let holdings = state.bank.holdings(&session.address).await?;
    Ok(Json(HoldingsView {
        wallet: holdings.wallet.to_string(),
        prepaid: holdings.prepaid.to_string(),
    }))
}

/// Prepares a transaction of the caller's own account for her to sign in her browser:
/// prepaying (consumers) or requesting a redemption. Simulated first, so that a refusal by
/// the contracts comes back here, before anything is signed.
#[utoipa::path(
    post, path = "/api/me/transactions/prepare", tag = "own",
    security(("bearer" = [])),
    request_body = PrepareRequest,
    responses(
        (status = 200, description = "Ready to sign", body = PreparedTx),
        (status = 400, description = "A body that does not parse, a key that is not 33 compressed bytes, an amount that is zero or not a number, an empty payout account (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 422, description = "An unknown action (gateway.bad_request); the contracts refuse it (their code, or gateway.chain_refused: e.g. more than the wallet holds, an account with no gas tokens)", body = ErrorBody),
        (status = 403, description = "The key is not the signed-in account's (gateway.address_mismatch), prepaying without the consumer role (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn prepare(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<PrepareRequest>,
) -> Result<Json<PreparedTx>, ApiError> {
    let public_key = base64_field("public_key", &request.public_key)?;
    let key = ledger_client::secp256k1_public_key(&public_key)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let owner = key
        .account_id(&state.settings.account_prefix)
        .map_err(|e| ApiError::bad_request(format!("public_key: {e}")))?;
    if owner.as_ref() != session.address {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::ADDRESS_MISMATCH,
            format!(
                "the key is {owner}'s, and {} is signed in: sign with the key you signed in with",
                session.address
            ),
        ));
    }
    let action = match request.action {
        OwnActionRequest::Prepay { amount } => {
            if !session.has(Role::Consumer) {
                return Err(ApiError::forbidden(
                    "prepaying is for consumers: the prepaid balance pays a consumer's bills",
                ));
            }
            OwnAction::Prepay {
                amount: actions::amount(&amount)?,
            }
        }
        OwnActionRequest::RequestRedemption {
            amount,
            payout_account,
        } => OwnAction::RequestRedemption {
            amount: actions::amount(&amount)?,
            payout_account: actions::required("payout_account", &payout_account)?,
        },
    };
    let name = action.name();
    let unsigned = state
        .own
        .prepare(public_key, action)
        .await
        .map_err(refusal)?;
    tracing::info!(caller = %session.address, action = name, sequence = unsigned.sequence, "own transaction prepared");
    Ok(Json(PreparedTx {
        body_bytes: BASE64.encode(&unsigned.body_bytes),
        auth_info_bytes: BASE64.encode(&unsigned.auth_info_bytes),
        chain_id: unsigned.chain_id,
        account_number: unsigned.account_number,
        sequence: unsigned.sequence,
        gas_limit: unsigned.gas_limit,
        fee: unsigned
            .fee
            .iter()
            .map(|c| format!("{}{}", c.amount, c.denom))
            .collect::<Vec<_>>()
            .join(","),
    }))
}

/// Broadcasts a transaction the caller signed in her browser and waits until it is in a
/// block. Only one contract call of her own account to the ledger's settlement token is
/// relayed.
#[utoipa::path(
    post, path = "/api/me/transactions", tag = "own",
    security(("bearer" = [])),
    request_body = SubmitRequest,
    responses(
        (status = 200, description = "In a block", body = TxReceipt),
        (status = 400, description = "A body that does not parse or fields not base64 (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not a call of the ledger by the signed-in account (gateway.not_own_transaction), or not in good standing", body = ErrorBody),
        (status = 409, description = "The account's sequence moved on since it was prepared: prepare again (gateway.chain_refused)", body = ErrorBody),
        (status = 422, description = "The chain or a contract refused it (their code, or gateway.chain_refused: e.g. a wrong signature)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<SubmitRequest>,
) -> Result<Json<TxReceipt>, ApiError> {
    let signed = SignedTx {
        body_bytes: base64_field("body_bytes", &request.body_bytes)?,
        auth_info_bytes: base64_field("auth_info_bytes", &request.auth_info_bytes)?,
        signature: base64_field("signature", &request.signature)?,
    };
    let contracts = state.own.contracts();
    let contracts: Vec<&str> = contracts.iter().map(String::as_str).collect();
    check_own(
        &signed,
        &session.address,
        &state.settings.account_prefix,
        &contracts,
    )
    .map_err(|reason| {
        ApiError::new(
            StatusCode::FORBIDDEN,
            codes::NOT_OWN_TRANSACTION,
            format!("the gateway relays only your own calls of the ledger: {reason}"),
        )
    })?;
    match state.own.submit(signed).await {
        Ok(acted) => {
            tracing::info!(caller = %session.address, tx_hash = %acted.tx_hash, height = acted.height, "own transaction in a block");
            Ok(Json(TxReceipt::from(&acted)))
        }
        Err(error) => {
            let refused = refusal(error);
            tracing::warn!(caller = %session.address, code = %refused.code, "own transaction refused");
            Err(refused)
        }
    }
}
