//! The gateway's refusals: an HTTP status with a stable code, sent as `{code, message}`.
//!
//! Clients decide on `code`; `message` is for people. A chain query the contracts refuse
//! keeps the contract's own code (`admin.meter_not_found`, ...).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The gateway's own error codes.
pub mod codes {
    /// No session token, or one that is malformed, forged or expired.
    pub const UNAUTHENTICATED: &str = "gateway.unauthenticated";
    /// The session's roles do not allow this, or the thing belongs to someone else.
    pub const FORBIDDEN: &str = "gateway.forbidden";
    /// The signing address is not a registered participant.
    pub const NOT_A_PARTICIPANT: &str = "gateway.not_a_participant";
    /// The participant is suspended by the administrator.
    pub const SUSPENDED: &str = "gateway.suspended";
    /// The participant is blacklisted.
    pub const BLACKLISTED: &str = "gateway.blacklisted";
    /// The request is malformed (JSON, base64, parameters).
    pub const BAD_REQUEST: &str = "gateway.bad_request";
    /// The public key does not derive the address that signs in.
    pub const ADDRESS_MISMATCH: &str = "gateway.address_mismatch";
    /// The signature does not verify over the challenge's sign document.
    pub const BAD_SIGNATURE: &str = "gateway.bad_signature";
    /// No live challenge for the address: never asked, already used, or replaced.
    pub const NO_CHALLENGE: &str = "gateway.no_challenge";
    /// The challenge expired before the sign-in.
    pub const CHALLENGE_EXPIRED: &str = "gateway.challenge_expired";
    /// Too many challenges are pending; try again shortly.
    pub const BUSY: &str = "gateway.busy";
    /// Too many sign-in requests from this address.
    pub const RATE_LIMITED: &str = "gateway.rate_limited";
    /// The request body is larger than the gateway accepts.
    pub const PAYLOAD_TOO_LARGE: &str = "gateway.payload_too_large";
    /// No such endpoint.
    pub const NOT_FOUND: &str = "gateway.not_found";
    /// The chain node did not answer, or answered something unreadable.
    pub const CHAIN_UNAVAILABLE: &str = "gateway.chain_unavailable";
    /// The ledger's deployment has no such contract (drafts or loan sharing left out).
    pub const NOT_DEPLOYED: &str = "gateway.not_deployed";
    /// No kind of contract of that name (`/api/contracts/{name}/...`).
    pub const UNKNOWN_CONTRACT: &str = "gateway.unknown_contract";
    /// No regional sub-chain of that name in the deployment the gateway follows.
    pub const UNKNOWN_REGION: &str = "gateway.unknown_region";
    /// The operator set no addresses for browser wallets (`wallet_rpc`, `wallet_rest`).
    pub const NO_WALLET_SETTINGS: &str = "gateway.no_wallet_settings";
    /// The gateway failed on its own side.
    pub const INTERNAL: &str = "gateway.internal";
    /// A contract refused the query without a code of its own.
    pub const CHAIN_REFUSED: &str = "gateway.chain_refused";
    /// The gateway has no signer (started without `--signer`): it acts for no one.
    pub const READ_ONLY: &str = "gateway.read_only";
    /// A signed transaction that is not the signed-in participant's own call of the
    /// ledger's contracts: the gateway does not relay it.
    pub const NOT_OWN_TRANSACTION: &str = "gateway.not_own_transaction";
}

/// The JSON body of every refusal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// Stable code, e.g. `gateway.forbidden` or a contract's `admin.meter_not_found`.
    pub code: String,
    /// What went wrong, in words.
    pub message: String,
}

/// A refusal on its way to the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable code.
    pub code: String,
    /// The message.
    pub message: String,
}

impl ApiError {
    /// A refusal with `status` and `code`.
    pub fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// 401 `gateway.unauthenticated`.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, codes::UNAUTHENTICATED, message)
    }

    /// 403 `gateway.forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, codes::FORBIDDEN, message)
    }

    /// 404 `gateway.not_deployed`: the ledger was deployed without `contract`.
    pub fn not_deployed(contract: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            codes::NOT_DEPLOYED,
            format!("this ledger was deployed without the {contract} contract"),
        )
    }

    /// 404 `gateway.unknown_region`, naming the regions there are.
    pub fn unknown_region<S: AsRef<str>>(region: &str, known: &[S]) -> Self {
        let known: Vec<&str> = known.iter().map(AsRef::as_ref).collect();
        Self::new(
            StatusCode::NOT_FOUND,
            codes::UNKNOWN_REGION,
            format!(
                "the gateway follows no region '{region}' (it follows: {})",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ),
        )
    }

    /// 400 `gateway.bad_request`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code,
            message: self.message,
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<ledger_sdk::Error> for ApiError {
    /// A contract's refusal keeps its code: 404 for the `*_not_found` / `unknown_*` kinds,
    /// 400 for the others. Anything else is the node's fault: 503, with the cause logged
    /// rather than sent (it names the node's address).
    fn from(error: ledger_sdk::Error) -> Self {
        if let Some(code) = error.contract_code() {
            let last = code.rsplit('.').next().unwrap_or(code);
            let status = if last.ends_with("not_found") || last.starts_with("unknown") {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::BAD_REQUEST
            };
            let message = ledger_types::error_code::message_of(&error.to_string()).to_string();
            return Self::new(status, code, message);
        }
        if let ledger_sdk::Error::NotDeployed { contract } = &error {
            return Self::not_deployed(contract);
        }
        if let ledger_sdk::Error::Client(ledger_client::ClientError::QueryFailed { .. }) = &error {
            return Self::new(
                StatusCode::BAD_REQUEST,
                codes::CHAIN_REFUSED,
                error.to_string(),
            );
        }
        tracing::warn!(error = %error, "chain query failed");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            codes::CHAIN_UNAVAILABLE,
            "the chain node did not answer the query; try again later",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_refusal_is_sent_as_code_and_message() {
        let response = ApiError::forbidden("not yours").into_response();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let bytes = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap();
        let body: ErrorBody = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body.code, codes::FORBIDDEN);
        assert_eq!(body.message, "not yours");
    }
}
