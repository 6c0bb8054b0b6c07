//! The park market's messages and the two queries the traders need, built from
//! `ledger_types::park`. The SDK is getting typed market calls; these few lines are meant to
//! be replaced by them.

use cosmwasm_std::{Uint128, to_json_binary};
use cw20::Cw20ExecuteMsg;
use ledger_client::{Client, ClientError, ExecuteCall};
use ledger_types::paging::MAX_LIMIT;
use ledger_types::park::clearing::Side;
use ledger_types::park::{ConfigResponse, ExecuteMsg, Order, OrdersResponse, QueryMsg, ReceiveMsg};

use super::plan::PlannedOrder;

/// An offer of `meter_id`'s energy, sent to the market.
pub fn offer_call(
    market: &str,
    meter_id: &str,
    order: &PlannedOrder,
) -> Result<ExecuteCall, ClientError> {
    ExecuteCall::new(
        market,
        &ExecuteMsg::PostOffer {
            slot: order.slot,
            meter_id: meter_id.to_string(),
            energy_wh: order.energy_wh,
            min_price: order.price,
        },
    )
}

/// A bid: the settlement token's `Send` of the bid's exact escrow to the market, carrying
/// `PostBid` (no requirements: the simulated consumers take any energy).
pub fn bid_call(
    token: &str,
    market: &str,
    order: &PlannedOrder,
) -> Result<ExecuteCall, ClientError> {
    let hook = ReceiveMsg::PostBid {
        slot: order.slot,
        energy_wh: order.energy_wh,
        max_price: order.price,
        requirements: Default::default(),
    };
    let msg = to_json_binary(&hook).map_err(|e| ClientError::InvalidInput {
        what: "the bid's hook message".to_string(),
        reason: e.to_string(),
    })?;
    ExecuteCall::new(
        token,
        &Cw20ExecuteMsg::Send {
            contract: market.to_string(),
            amount: Uint128::new(order.escrow()),
            msg,
        },
    )
}

/// The market's settings: its schedule and settlement token.
pub async fn config(client: &Client, market: &str) -> Result<ConfigResponse, ClientError> {
    client.query_smart(market, &QueryMsg::Config {}).await
}

/// Every order of `slot` on `side`, page by page.
pub async fn book(
    client: &Client,
    market: &str,
    slot: u64,
    side: Side,
) -> Result<Vec<Order>, ClientError> {
    let mut orders: Vec<Order> = Vec::new();
    loop {
        let page: OrdersResponse = client
            .query_smart(
                market,
                &QueryMsg::OrderBook {
                    slot,
                    side,
                    start_after: orders.last().map(|o| o.id),
                    limit: Some(MAX_LIMIT),
                },
            )
            .await?;
        orders.extend(page.orders);
        if !page.has_more {
            return Ok(orders);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::from_json;

    fn order(side: Side) -> PlannedOrder {
        PlannedOrder {
            slot: 12,
            meter: 3,
            trader: 0,
            side,
            energy_wh: 1_234,
            price: 117,
        }
    }

    #[test]
    fn an_offer_goes_to_the_market() {
        let call = offer_call("wasm1market", "park-000003", &order(Side::Offer)).unwrap();
        assert_eq!(call.contract, "wasm1market");
        assert!(call.funds.is_empty());
        let msg: ExecuteMsg = from_json(&call.msg).unwrap();
        assert_eq!(
            msg,
            ExecuteMsg::PostOffer {
                slot: 12,
                meter_id: "park-000003".into(),
                energy_wh: 1_234,
                min_price: 117,
            }
        );
    }

    #[test]
    fn a_bid_sends_its_exact_escrow_through_the_token() {
        let call = bid_call("wasm1token", "wasm1market", &order(Side::Bid)).unwrap();
        assert_eq!(call.contract, "wasm1token");
        let Cw20ExecuteMsg::Send {
            contract,
            amount,
            msg,
        } = from_json(&call.msg).unwrap()
        else {
            panic!("not a Send");
        };
        assert_eq!(contract, "wasm1market");
        // 1.234 kWh at 117 per kWh is 144.378: 145 escrowed.
        assert_eq!(amount, Uint128::new(145));
        let hook: ReceiveMsg = from_json(&msg).unwrap();
        assert_eq!(
            hook,
            ReceiveMsg::PostBid {
                slot: 12,
                energy_wh: 1_234,
                max_price: 117,
                requirements: Default::default(),
            }
        );
    }
}
