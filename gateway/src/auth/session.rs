//! The bearer-token extractor and per-route role requirements.
//!
//! Every request re-reads the caller's standing and roles from the registry (the token only
//! proves who signs). A handler states who may call it in its signature: `Authorized<AdminOrAuditor>` refuses
//! every session without one of those roles before the handler runs; `Session` only needs a
//! valid token (the handler then narrows to the caller's own things).

use std::marker::PhantomData;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use ledger_types::admin::{Participant, Role};

use crate::auth::handlers::participant_in_good_standing;
use crate::error::ApiError;
use crate::state::AppState;

/// A signed-in caller, from a verified session token.
#[derive(Clone, Debug)]
pub struct Session {
    /// The address that signed in.
    pub address: String,
    /// Its roles in the registry when the request came.
    pub roles: Vec<Role>,
    /// Its whole record in the registry when the request came.
    pub participant: Participant,
}

impl Session {
    /// True when the session holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// True when the session holds any of `roles`.
    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }
}

/// Unix seconds now.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| ApiError::unauthenticated("sign in first: no Authorization header"))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .ok_or_else(|| {
                ApiError::unauthenticated("the Authorization header must be `Bearer <token>`")
            })?;
        let claims = state
            .tokens
            .verify(token.trim(), unix_now())
            .map_err(|e| ApiError::unauthenticated(e.to_string()))?;
        // The token proves who signs; what the caller may do is the registry's answer now, so
        // that a participant blacklisted or suspended after signing in is refused at once and
        // a role given or taken applies to the next request.
        let participant = participant_in_good_standing(state, &claims.sub).await?;
        Ok(Session {
            address: claims.sub,
            roles: participant.roles.clone(),
            participant,
        })
    }
}

/// A set of roles of which a route needs one.
pub trait RoleRule: Send + Sync + 'static {
    /// The roles, any of which admits the caller; none: any participant in good standing.
    const ROLES: &'static [Role];
}

/// The registry's administrator or an auditor (who reads everything, changes nothing).
pub struct AdminOrAuditor;

impl RoleRule for AdminOrAuditor {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Auditor];
}

/// A session holding one of `R`'s roles.
#[derive(Debug)]
pub struct Authorized<R: RoleRule> {
    /// The caller.
    pub session: Session,
    rule: PhantomData<R>,
}

impl<R: RoleRule> FromRequestParts<AppState> for Authorized<R> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let session = Session::from_request_parts(parts, state).await?;
        if !R::ROLES.is_empty() && !session.has_any(R::ROLES) {
            let needed: Vec<&str> = R::ROLES.iter().map(|r| r.as_str()).collect();
            return Err(ApiError::forbidden(format!(
                "this needs one of the roles {}",
                needed.join(", ")
            )));
        }
        Ok(Authorized {
            session,
            rule: PhantomData,
        })
    }
}
