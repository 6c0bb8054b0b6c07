//! The organisation's actions, signed by the gateway's own key: who may ask, the checks made
//! before anything is signed, and how the chain's answer is returned.
//!
//! A caller may ask for an action when her session holds a role the contract requires for
//! it AND she belongs to this gateway's organisation (its `operators`, or the signer itself).
//! The chain still checks the signer's own roles; its refusal comes back with the contract's
//! code.

pub mod admin;
pub mod bank;
pub mod cloud;
pub mod emergency;
pub mod park;
pub mod participants;
pub mod tariffs;

#[cfg(test)]
pub(crate) mod tests;

use std::marker::PhantomData;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use cosmwasm_std::Uint128;
use ledger_client::ClientError;
use ledger_types::admin::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::session::{Authorized, RoleRule, Session};
use crate::error::{ApiError, codes};
use crate::signer::{Acted, Action, LedgerActions};
use crate::state::AppState;

/// Bank operators (deposits, payments, settlement).
pub struct BankOperator;

impl RoleRule for BankOperator {
    const ROLES: &'static [Role] = &[Role::BankOperator];
}

/// Blacklisters and the administrator (blacklisting).
pub struct BlacklisterOrAdmin;

impl RoleRule for BlacklisterOrAdmin {
    const ROLES: &'static [Role] = &[Role::Blacklister, Role::Admin];
}

/// Retailers and the administrator (tariffs).
pub struct RetailerOrAdmin;

impl RoleRule for RetailerOrAdmin {
    const ROLES: &'static [Role] = &[Role::Retailer, Role::Admin];
}

/// Cloud users (requesting hosts for their organisation).
pub struct CloudUser;

impl RoleRule for CloudUser {
    const ROLES: &'static [Role] = &[Role::CloudUser];
}

/// Cloud providers (accepting and rejecting requests for their organisation's hosts).
pub struct CloudProvider;

impl RoleRule for CloudProvider {
    const ROLES: &'static [Role] = &[Role::CloudProvider];
}

/// Either side of a lease (releasing it).
pub struct CloudMember;

impl RoleRule for CloudMember {
    const ROLES: &'static [Role] = &[Role::CloudUser, Role::CloudProvider];
}

/// Any participant in good standing, whatever her roles: the park market is open to every
/// company of the park, and decides itself who may do what (a meter's owner offers its
/// energy).
pub struct AnyParticipant;

impl RoleRule for AnyParticipant {
    const ROLES: &'static [Role] = &[];
}

/// Guardians and the administrator (pausing a contract).
pub struct GuardianOrAdmin;

impl RoleRule for GuardianOrAdmin {
    const ROLES: &'static [Role] = &[Role::Guardian, Role::Admin];
}

/// The administrator (participants' and meters' status, resuming a paused contract).
pub struct Administrator;

impl RoleRule for Administrator {
    const ROLES: &'static [Role] = &[Role::Admin];
}

/// A caller this gateway signs for: the gateway has a signer, the session holds one of
/// `R`'s roles, and the caller is one of the gateway's operators.
pub struct Actor<R: RoleRule> {
    /// The caller.
    pub session: Session,
    /// The gateway's signer.
    pub signer: Arc<dyn LedgerActions>,
    rule: PhantomData<R>,
}

/// 403 `gateway.read_only`.
pub fn read_only() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        codes::READ_ONLY,
        "this gateway signs no actions: it was started without --signer",
    )
}

impl<R: RoleRule> FromRequestParts<AppState> for Actor<R> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(signer) = state.actions.signer.clone() else {
            return Err(read_only());
        };
        let session = Authorized::<R>::from_request_parts(parts, state)
            .await?
            .session;
        if !state.actions.is_operator(&session.address) {
            return Err(ApiError::forbidden(format!(
                "{} is not an operator of this gateway: its organisation's actions are asked \
                 for by the addresses of its `operators` setting",
                session.address
            )));
        }
        Ok(Actor {
            session,
            signer,
            rule: PhantomData,
        })
    }
}

impl<R: RoleRule> Actor<R> {
    /// Signs `action` for this caller, logging who asked for what and the outcome.
    pub async fn sign(&self, action: Action) -> Result<Acted, ApiError> {
        let name = action.name();
        tracing::info!(
            caller = %self.session.address,
            action = name,
            details = ?action,
            "action asked"
        );
        match self.signer.perform(action).await {
            Ok(acted) => {
                tracing::info!(
                    caller = %self.session.address,
                    action = name,
                    tx_hash = %acted.tx_hash,
                    height = acted.height,
                    "action signed"
                );
                Ok(acted)
            }
            Err(error) => {
                let refusal = refusal(error);
                tracing::warn!(
                    caller = %self.session.address,
                    action = name,
                    code = %refusal.code,
                    "action refused"
                );
                Err(refusal)
            }
        }
    }
}

/// The answer to a signed action: its transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TxReceipt {
    /// The transaction's hash (hex).
    pub tx_hash: String,
    /// The block that includes it.
    pub height: u64,
}

impl From<&Acted> for TxReceipt {
    fn from(acted: &Acted) -> Self {
        TxReceipt {
            tx_hash: acted.tx_hash.clone(),
            height: acted.height,
        }
    }
}

/// Why the chain did not do an action: a contract's refusal keeps its code, 409 when it
/// conflicts with what was done before (a reference used, a status unchanged, already
/// blacklisted), 422 otherwise; the chain's refusal without a contract code is
/// `gateway.chain_refused`; a node that does not answer is `gateway.chain_unavailable`.
pub fn refusal(error: ledger_sdk::Error) -> ApiError {
    if let Some(code) = error.contract_code() {
        let last = code.rsplit('.').next().unwrap_or(code);
        let conflict = last.starts_with("already")
            || last.starts_with("duplicate")
            || ["_used", "_exists", "_unchanged", "_retired"]
                .iter()
                .any(|end| last.ends_with(end));
        let status = if conflict {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let message = ledger_types::error_code::message_of(&error.to_string()).to_string();
        return ApiError::new(status, code, message);
    }
    match &error {
        ledger_sdk::Error::Client(ClientError::SequenceMismatch { .. }) => ApiError::new(
            StatusCode::CONFLICT,
            codes::CHAIN_REFUSED,
            format!("{error}; is the signer's key used elsewhere at the same time?"),
        ),
        ledger_sdk::Error::Client(
            ClientError::Contract { .. }
            | ClientError::TxFailed { .. }
            | ClientError::InsufficientFees { .. }
            | ClientError::InsufficientFunds { .. }
            | ClientError::OutOfGas { .. }
            | ClientError::AccountNotFound { .. },
        ) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::CHAIN_REFUSED,
            error.to_string(),
        ),
        ledger_sdk::Error::Client(ClientError::TxTimeout { hash, .. }) => {
            tracing::warn!(tx_hash = %hash, "an action's transaction was not seen in a block in time");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                codes::CHAIN_UNAVAILABLE,
                format!(
                    "transaction {hash} was sent and not seen in a block in time; it may still \
                     be included: look it up before asking again"
                ),
            )
        }
        _ => ApiError::from(error),
    }
}

/// An amount in minor units: a decimal string of digits, not zero.
pub fn amount(text: &str) -> Result<Uint128, ApiError> {
    let refused = || {
        ApiError::bad_request(format!(
            "amount must be a positive whole number of minor units as a decimal string, not \
             '{text}'"
        ))
    };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refused());
    }
    let value: u128 = text.parse().map_err(|_| refused())?;
    if value == 0 {
        return Err(refused());
    }
    Ok(Uint128::new(value))
}

/// `address` when it is an account address of this chain.
pub fn address(state: &AppState, field: &str, address: &str) -> Result<String, ApiError> {
    let prefix = format!("{}1", state.settings.account_prefix);
    if !address.starts_with(&prefix) || ledger_client::msgs::account_id(address).is_err() {
        return Err(ApiError::bad_request(format!(
            "{field} must be an address of this chain ({prefix}...), not '{address}'"
        )));
    }
    Ok(address.to_string())
}

/// `text` trimmed, refused when empty.
pub fn required(field: &str, text: &str) -> Result<String, ApiError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ApiError::bad_request(format!("{field} must not be empty")));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn amounts_are_positive_decimal_strings() {
        assert_eq!(amount("1500").unwrap(), Uint128::new(1500));
        for bad in [
            "",
            "0",
            "000",
            "-5",
            "1.5",
            "1e3",
            " 12",
            "ten",
            "340282366920938463463374607431768211456",
        ] {
            let refused = amount(bad).unwrap_err();
            assert_eq!(refused.code, codes::BAD_REQUEST, "{bad}");
        }
    }

    #[test]
    fn contract_refusals_keep_their_code_conflicts_are_409() {
        let refused = |code: &str| {
            refusal(ledger_sdk::Error::Client(ClientError::Contract {
                message: format!("[ledger:{code}] it says no"),
            }))
        };
        let used = refused("bank.deposit_reference_used");
        assert_eq!(used.status, StatusCode::CONFLICT);
        assert_eq!(used.code, "bank.deposit_reference_used");
        let not_operator = refused("bank.not_bank_operator");
        assert_eq!(not_operator.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(not_operator.code, "bank.not_bank_operator");
        assert_eq!(
            refused("admin.already_blacklisted").status,
            StatusCode::CONFLICT
        );
    }
}
