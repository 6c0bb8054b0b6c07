//! The park market's orders, signed by the company's gateway: an offer of a generation
//! meter's energy, a bid escrowing its maximum cost, and withdrawing either while the slot's
//! gate is open. The market decides who may (a meter's owner offers its energy; any
//! participant in good standing bids); an order the market would refuse for its energy or
//! price is refused here first, with the market's own code.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use ledger_sdk::contracts::park::market::check_order;
use ledger_types::error_code::HasCode;
use ledger_types::park::Requirements;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::actions::{self, Actor, AnyParticipant, TxReceipt};
use crate::error::{ApiError, ErrorBody};
use crate::json::ApiJson;
use crate::signer::{Acted, Action};

/// An offer of a generation meter's energy.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferRequest {
    /// The slot's number in the market's schedule (slot `n` starts at the schedule's
    /// origin plus `n` slot lengths); its gate must still be open.
    pub slot: u64,
    /// The generation meter whose energy is offered.
    pub meter_id: String,
    /// Wh offered.
    pub energy_wh: u64,
    /// The least accepted, minor units per kWh.
    pub min_price: u64,
}

/// A bid for energy.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BidRequest {
    /// The slot's number in the market's schedule; its gate must still be open.
    pub slot: u64,
    /// Wh wanted.
    pub energy_wh: u64,
    /// The most paid, minor units per kWh; the bid escrows `energy_wh × max_price`, rounded
    /// up, of the organisation's tokens.
    pub max_price: u64,
    /// Which energy only: `{energy_types: ["solar", ...], max_carbon_g_per_kwh,
    /// preferred_sellers}`, each optional.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub requirements: Requirements,
}

/// A posted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OrderPosted {
    /// The transaction's hash (hex).
    pub tx_hash: String,
    /// The block that includes it.
    pub height: u64,
    /// The order's id, as the market reported it.
    pub order_id: Option<u64>,
}

impl From<Acted> for OrderPosted {
    fn from(acted: Acted) -> Self {
        OrderPosted {
            order_id: acted.attribute("order_id").and_then(|id| id.parse().ok()),
            tx_hash: acted.tx_hash,
            height: acted.height,
        }
    }
}

/// Refused with the market's own code when it would refuse the order's energy or price.
fn checked(
    energy_wh: u64,
    price: u64,
    requirements: Option<&Requirements>,
) -> Result<(), ApiError> {
    check_order(energy_wh, price, requirements)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.code(), e.to_string()))
}

/// Offers a generation meter's energy in an open slot. Any participant of this gateway's
/// organisation; the market checks she owns the meter.
#[utoipa::path(
    post, path = "/api/park/offers", tag = "actions",
    security(("bearer" = [])),
    request_body = OfferRequest,
    responses(
        (status = 200, description = "Offered", body = OrderPosted),
        (status = 400, description = "A body that does not parse, an empty meter id (gateway.bad_request); no energy or no price (park.zero_energy, park.zero_price)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 404, description = "No park market in this ledger (gateway.not_deployed)", body = ErrorBody),
        (status = 422, description = "The market refused (its code, e.g. park.gate_closed, park.not_generator_owner, park.slot_too_far), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn offer(
    actor: Actor<AnyParticipant>,
    ApiJson(request): ApiJson<OfferRequest>,
) -> Result<Json<OrderPosted>, ApiError> {
    let meter_id = actions::required("meter_id", &request.meter_id)?;
    checked(request.energy_wh, request.min_price, None)?;
    let action = Action::PostOffer {
        slot: request.slot,
        meter_id,
        energy_wh: request.energy_wh,
        min_price: request.min_price,
    };
    Ok(Json(actor.sign(action).await?.into()))
}

/// Bids for energy in an open slot, escrowing its maximum cost. Any participant of this
/// gateway's organisation.
#[utoipa::path(
    post, path = "/api/park/bids", tag = "actions",
    security(("bearer" = [])),
    request_body = BidRequest,
    responses(
        (status = 200, description = "Bid", body = OrderPosted),
        (status = 400, description = "A body that does not parse (gateway.bad_request); no energy, no price, too many preferred sellers (park.zero_energy, park.zero_price, park.too_many_preferred)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 404, description = "No park market in this ledger (gateway.not_deployed)", body = ErrorBody),
        (status = 422, description = "The market refused (its code, e.g. park.gate_closed, park.slot_full), the token did (a short balance), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn bid(
    actor: Actor<AnyParticipant>,
    ApiJson(request): ApiJson<BidRequest>,
) -> Result<Json<OrderPosted>, ApiError> {
    checked(
        request.energy_wh,
        request.max_price,
        Some(&request.requirements),
    )?;
    let action = Action::PostBid {
        slot: request.slot,
        energy_wh: request.energy_wh,
        max_price: request.max_price,
        requirements: request.requirements,
    };
    Ok(Json(actor.sign(action).await?.into()))
}

/// Withdraws an order while its slot's gate is open (a bid's escrow comes back). Any
/// participant of this gateway's organisation; the market checks the order is hers.
#[utoipa::path(
    delete, path = "/api/park/orders/{id}", tag = "actions",
    security(("bearer" = [])),
    params(("id" = u64, Path, description = "The order")),
    responses(
        (status = 200, description = "Withdrawn", body = TxReceipt),
        (status = 400, description = "An id that is not a number (gateway.bad_request)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Read-only gateway (gateway.read_only), not of this gateway (gateway.forbidden), or not in good standing", body = ErrorBody),
        (status = 422, description = "The market refused (its code, e.g. park.unknown_order, park.gate_closed, park.not_order_owner), or the chain did (gateway.chain_refused)", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn cancel(
    actor: Actor<AnyParticipant>,
    Path(id): Path<String>,
) -> Result<Json<TxReceipt>, ApiError> {
    let order_id = id
        .parse()
        .map_err(|_| ApiError::bad_request("an order's id is a whole number"))?;
    let acted = actor.sign(Action::CancelOrder { order_id }).await?;
    Ok(Json(TxReceipt::from(&acted)))
}
