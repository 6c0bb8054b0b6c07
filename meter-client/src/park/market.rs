//! The park market as the traders reach it: their orders as the SDK's calls (several in one
//! transaction per trader and slot), and the two queries they need.

use ledger_client::{Client, ClientError, ExecuteCall};
use ledger_sdk::contracts::park::market::{post_bid_call, post_offer_call};
use ledger_types::paging::MAX_LIMIT;
use ledger_types::park::clearing::Side;
use ledger_types::park::{ConfigResponse, Order, OrdersResponse, QueryMsg};

use super::plan::PlannedOrder;

/// An offer of `meter_id`'s energy, sent to the market.
pub fn offer_call(
    market: &str,
    meter_id: &str,
    order: &PlannedOrder,
) -> ledger_sdk::Result<ExecuteCall> {
    post_offer_call(market, order.slot, meter_id, order.energy_wh, order.price)
}

/// A bid: the settlement token's `Send` of the bid's exact escrow to the market, carrying
/// `PostBid` (no requirements: the simulated consumers take any energy).
pub fn bid_call(
    token: &str,
    market: &str,
    order: &PlannedOrder,
) -> ledger_sdk::Result<ExecuteCall> {
    post_bid_call(
        token,
        market,
        order.slot,
        order.energy_wh,
        order.price,
        Default::default(),
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
    use cosmwasm_std::{Uint128, from_json};
    use cw20::Cw20ExecuteMsg;
    use ledger_types::park::{ExecuteMsg, ReceiveMsg};

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
