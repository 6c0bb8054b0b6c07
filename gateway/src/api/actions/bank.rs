//! The bank's actions: `POST /api/bank/deposits`, `/api/bank/settle`, `/api/bank/payments`,
//! `/api/bank/redemptions/{id}/redeem`.

use axum::Json;
use axum::extract::{Path, State};
use ledger_types::bank::MAX_SETTLE_LIMIT;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::actions::{self, Actor, BankOperator};
use crate::error::{ApiError, ErrorBody};
use crate::json::ApiJson;
use crate::signer::{Acted, Action};
use crate::state::AppState;

/// A deposit to credit.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepositRequest {
    /// The deposit's reference (the bank's transfer reference); each is credited once.
    pub reference: String,
    /// Who receives the tokens.
    pub recipient: String,
    /// Minor units, as a decimal string.
    pub amount: String,
    /// Into the recipient's prepaid balance (a consumer's), rather than her account.
    pub prepay: bool,
}

/// A credited deposit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DepositReceipt {
    /// The transaction's hash (hex).
    pub tx_hash: String,
    /// The block that includes it.
    pub height: u64,
    /// The reference as the bank keys it (trimmed, spaces collapsed, lower case).
    pub normalised_reference: Option<String>,
}

/// How many due instalments to settle.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettleRequest {
    /// Most instalments per step, 1 to 100 (the contract's default: 20).
    pub limit: Option<u32>,
}

/// What a settlement did, as the bank counted it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SettleReceipt {
    /// The transaction's hash (hex).
    pub tx_hash: String,
    /// The block that includes it.
    pub height: u64,
    /// Instalments looked at.
    pub processed: Option<String>,
    /// Instalments paid.
    pub paid: Option<String>,
    /// Instalments that became overdue.
    pub overdue: Option<String>,
    /// Instalments held because a party is blacklisted.
    pub held_blacklisted: Option<String>,
    /// Held instalments released.
    pub released: Option<String>,
    /// Minor units paid.
    pub amount_paid: Option<String>,
}

/// An instalment payment to make from the meter owner's prepaid balance.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentRequest {
    /// The meter whose open instalments are paid, oldest due first.
    pub meter_id: String,
    /// Minor units, as a decimal string.
    pub amount: String,
}

/// A payment made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PaymentReceipt {
    /// The transaction's hash (hex).
    pub tx_hash: String,
    /// The block that includes it.
    pub height: u64,
    /// The payments recorded, by id.
    pub payment_ids: Vec<u64>,
    /// Instalments paid in full.
    pub instalments_paid: Option<String>,
}

fn attribute(acted: &Acted, key: &str) -> Option<String> {
    acted.attribute(key).map(str::to_string)
}

/// Credits a deposit: mints `amount` for `recipient` against `reference`. Bank operators of
/// this gateway's organisation.
#[utoipa::path(
    post, path = "/api/bank/deposits", tag = "actions",
    security(("bearer" = [])),
    request_body = DepositRequest,
    responses(
        (status = 200, description = "Credited", body = DepositReceipt),
        (status = 400, description = "A body that does not parse, an amount that is zero or not a number, a recipient not of this chain (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not a bank operator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 409, description = "The reference was credited before (bank.deposit_reference_used)", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. bank.not_bank_operator), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn deposit(
    State(state): State<AppState>,
    actor: Actor<BankOperator>,
    ApiJson(request): ApiJson<DepositRequest>,
) -> Result<Json<DepositReceipt>, ApiError> {
    let action = Action::Deposit {
        reference: actions::required("reference", &request.reference)?,
        recipient: actions::address(&state, "recipient", &request.recipient)?,
        amount: actions::amount(&request.amount)?,
        prepay: request.prepay,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(DepositReceipt {
        normalised_reference: attribute(&acted, "normalised_reference"),
        tx_hash: acted.tx_hash,
        height: acted.height,
    }))
}

/// Pays the instalments that fell due from the consumers' prepaid balances (the bank's
/// `Settle`). Bank operators of this gateway's organisation.
#[utoipa::path(
    post, path = "/api/bank/settle", tag = "actions",
    security(("bearer" = [])),
    request_body = SettleRequest,
    responses(
        (status = 200, description = "Settled", body = SettleReceipt),
        (status = 400, description = "A body that does not parse, or a limit out of 1..=100 (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not a bank operator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 422, description = "The contract refused (its code), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn settle(
    actor: Actor<BankOperator>,
    ApiJson(request): ApiJson<SettleRequest>,
) -> Result<Json<SettleReceipt>, ApiError> {
    let out_of_range = |limit: &u32| !(1..=MAX_SETTLE_LIMIT).contains(limit);
    if let Some(limit) = request.limit.filter(out_of_range) {
        return Err(ApiError::bad_request(format!(
            "limit must be 1 to {MAX_SETTLE_LIMIT}, not {limit}"
        )));
    }
    let acted = actor
        .sign(Action::Settle {
            limit: request.limit,
        })
        .await?;
    Ok(Json(SettleReceipt {
        processed: attribute(&acted, "processed"),
        paid: attribute(&acted, "paid"),
        overdue: attribute(&acted, "overdue"),
        held_blacklisted: attribute(&acted, "held_blacklisted"),
        released: attribute(&acted, "released"),
        amount_paid: attribute(&acted, "amount_paid"),
        tx_hash: acted.tx_hash,
        height: acted.height,
    }))
}

/// Pays `amount` of a meter's open instalments, oldest due first, from its owner's prepaid
/// balance (the bank's `MakePayment`). Bank operators of this gateway's organisation.
#[utoipa::path(
    post, path = "/api/bank/payments", tag = "actions",
    security(("bearer" = [])),
    request_body = PaymentRequest,
    responses(
        (status = 200, description = "Paid", body = PaymentReceipt),
        (status = 400, description = "A body that does not parse, an amount that is zero or not a number, an empty meter id (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not a bank operator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. bank.payment_exceeds_due, bank.insufficient_prepaid, common.blacklisted), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn payment(
    actor: Actor<BankOperator>,
    ApiJson(request): ApiJson<PaymentRequest>,
) -> Result<Json<PaymentReceipt>, ApiError> {
    let action = Action::MakePayment {
        meter_id: actions::required("meter_id", &request.meter_id)?,
        amount: actions::amount(&request.amount)?,
    };
    let acted = actor.sign(action).await?;
    let payment_ids = acted
        .attribute("payment_ids")
        .unwrap_or_default()
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect();
    Ok(Json(PaymentReceipt {
        payment_ids,
        instalments_paid: attribute(&acted, "instalments_paid"),
        tx_hash: acted.tx_hash,
        height: acted.height,
    }))
}

/// How a redemption was paid out.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedeemRequest {
    /// The bank transfer that paid the holder (its reference in the bank's books).
    pub payout_reference: String,
}

/// A redemption marked paid out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RedeemReceipt {
    /// The transaction's hash (hex).
    pub tx_hash: String,
    /// The block that includes it.
    pub height: u64,
    /// Minor units burnt from escrow.
    pub amount: Option<String>,
}

/// Marks redemption request `id` paid out under `payout_reference`: the bank burns the
/// tokens it escrowed (the bank's `Redeem`). Bank operators of this gateway's organisation.
#[utoipa::path(
    post, path = "/api/bank/redemptions/{id}/redeem", tag = "actions",
    security(("bearer" = [])),
    params(("id" = u64, Path, description = "The redemption request")),
    request_body = RedeemRequest,
    responses(
        (status = 200, description = "Redeemed", body = RedeemReceipt),
        (status = 400, description = "A body that does not parse, an empty payout reference, an id that is not a number (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not a bank operator of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 409, description = "Already paid out (bank.already_redeemed)", body = ErrorBody),
        (status = 422, description = "The contract refused (its code, e.g. bank.redemption_not_found, common.blacklisted), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn redeem(
    actor: Actor<BankOperator>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<RedeemRequest>,
) -> Result<Json<RedeemReceipt>, ApiError> {
    let request_id = id
        .parse()
        .map_err(|_| ApiError::bad_request("a redemption request's id is a whole number"))?;
    let action = Action::Redeem {
        request_id,
        payout_reference: actions::required("payout_reference", &request.payout_reference)?,
    };
    let acted = actor.sign(action).await?;
    Ok(Json(RedeemReceipt {
        amount: attribute(&acted, "amount"),
        tx_hash: acted.tx_hash,
        height: acted.height,
    }))
}
