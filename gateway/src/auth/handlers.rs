//! `POST /auth/challenge` and `POST /auth/login`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ledger_types::admin::{Participant, ParticipantStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::adr036;
use crate::auth::challenge::ChallengeError;
use crate::auth::session::unix_now;
use crate::auth::token::Claims;
use crate::error::{ApiError, ErrorBody, codes};
use crate::json::ApiJson;
use crate::ops::metrics::SignIn;
use crate::state::AppState;

/// Who asks to sign in.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ChallengeRequest {
    /// The bech32 account address that will sign.
    pub address: String,
}

/// A one-time challenge to sign.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChallengeResponse {
    /// The text to sign as ADR-036 `data` (Keplr's `signArbitrary(chainId, address, text)`).
    pub challenge: String,
    /// The nonce inside the text.
    pub nonce: String,
    /// When the challenge expires, unix seconds.
    pub expires_at: u64,
}

/// A signed challenge.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// The address that asked for the challenge.
    pub address: String,
    /// Its secp256k1 public key, compressed (33 bytes), base64.
    pub pub_key: String,
    /// The signature of the challenge's ADR-036 sign document, 64 bytes r||s, base64.
    pub signature: String,
}

/// An open session.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    /// The bearer token for `Authorization: Bearer <token>`.
    pub token: String,
    /// When it expires, unix seconds.
    pub expires_at: u64,
    /// The address signed in.
    pub address: String,
    /// Its roles in the registry now (each request reads them again).
    #[schema(value_type = Vec<String>)]
    pub roles: Vec<ledger_types::admin::Role>,
}

/// A new one-time challenge for `address`, replacing any pending one.
#[utoipa::path(
    post, path = "/auth/challenge", tag = "auth",
    request_body = ChallengeRequest,
    responses(
        (status = 200, description = "The challenge to sign", body = ChallengeResponse),
        (status = 400, description = "Not an address of this chain (gateway.bad_request)", body = ErrorBody),
        (status = 429, description = "Too many sign-in requests (gateway.rate_limited)", body = ErrorBody),
        (status = 503, description = "Too many pending challenges (gateway.busy)", body = ErrorBody),
    )
)]
pub async fn challenge(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ChallengeRequest>,
) -> Result<Json<ChallengeResponse>, ApiError> {
    let prefix = format!("{}1", state.settings.account_prefix);
    if !request.address.starts_with(&prefix)
        || ledger_client::msgs::account_id(&request.address).is_err()
    {
        return Err(ApiError::bad_request(format!(
            "'{}' is not a {prefix}... account address",
            request.address
        )));
    }
    let challenge = state
        .challenges
        .issue(&request.address)
        .map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, codes::BUSY, e.to_string()))?;
    Ok(Json(ChallengeResponse {
        challenge: challenge.text,
        nonce: challenge.nonce,
        expires_at: challenge.expires_at,
    }))
}

/// Verifies the signed challenge, reads the participant from the registry and opens a
/// session carrying its roles.
#[utoipa::path(
    post, path = "/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = LoginResponse),
        (status = 400, description = "Malformed key or signature (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.no_challenge, gateway.challenge_expired, gateway.address_mismatch or gateway.bad_signature", body = ErrorBody),
        (status = 403, description = "gateway.not_a_participant, gateway.suspended or gateway.blacklisted", body = ErrorBody),
        (status = 429, description = "Too many sign-in requests (gateway.rate_limited)", body = ErrorBody),
        (status = 503, description = "The chain did not answer (gateway.chain_unavailable)", body = ErrorBody),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let outcome = sign_in(&state, request).await;
    let label = match &outcome {
        Ok(_) => SignIn::Ok,
        Err(e) => SignIn::Refused(e.code.clone()),
    };
    state.metrics.sign_in(label);
    match &outcome {
        Ok(session) => tracing::info!(address = %session.address, "signed in"),
        Err(e) => tracing::info!(code = %e.code, "sign-in refused"),
    }
    outcome.map(Json)
}

async fn sign_in(state: &AppState, request: LoginRequest) -> Result<LoginResponse, ApiError> {
    let text = state.challenges.take(&request.address).map_err(|e| {
        let code = match e {
            ChallengeError::Expired => codes::CHALLENGE_EXPIRED,
            ChallengeError::Unknown | ChallengeError::Full => codes::NO_CHALLENGE,
        };
        ApiError::new(StatusCode::UNAUTHORIZED, code, e.to_string())
    })?;
    adr036::verify(
        &request.address,
        &request.pub_key,
        &request.signature,
        text.as_bytes(),
        &state.settings.account_prefix,
    )
    .map_err(|e| {
        let status = match e {
            adr036::Adr036Error::Malformed(_) => StatusCode::BAD_REQUEST,
            _ => StatusCode::UNAUTHORIZED,
        };
        ApiError::new(status, e.code(), e.to_string())
    })?;
    let participant = participant_in_good_standing(state, &request.address).await?;
    let now = unix_now();
    let claims = Claims {
        sub: request.address.clone(),
        iat: now,
        exp: now.saturating_add(state.settings.session_ttl.as_secs()),
    };
    let token = state.tokens.issue(&claims).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL,
            format!("cannot encode the session: {e}"),
        )
    })?;
    Ok(LoginResponse {
        token,
        expires_at: claims.exp,
        address: claims.sub,
        roles: participant.roles,
    })
}

/// The registry's participant at `address` now, refused when it is none, blacklisted or
/// suspended: asked at sign-in and again on every request a session makes.
pub(crate) async fn participant_in_good_standing(
    state: &AppState,
    address: &str,
) -> Result<Participant, ApiError> {
    let participant = state.reads.participant(address).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::FORBIDDEN,
            codes::NOT_A_PARTICIPANT,
            format!("{address} is not a registered participant of the ledger"),
        )
    })?;
    ensure_in_good_standing(&participant)?;
    Ok(participant)
}

/// Refuses a blacklisted or suspended participant (blacklisting first, as the registry
/// reports it).
fn ensure_in_good_standing(participant: &Participant) -> Result<(), ApiError> {
    if let Some(reason) = &participant.blacklisted {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::BLACKLISTED,
            format!("{} is blacklisted: {reason}", participant.address),
        ));
    }
    if participant.status == ParticipantStatus::Suspended {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::SUSPENDED,
            format!("{} is suspended", participant.address),
        ));
    }
    Ok(())
}
