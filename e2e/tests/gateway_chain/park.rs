//! The park market through a company's own gateway on the real chain: the company bids from
//! its cabinet in the first slot still open, the bid escrows exactly its maximum cost and
//! stands in the market's book as the page showed it; withdrawn through the API, the escrow
//! comes back. Another participant is not the company's operator and is refused.

use super::*;

#[test]
#[ignore = "on the localnet: make chain-test"]
fn a_company_bids_from_its_cabinet_and_withdraws_the_bid() {
    let setup = setup();
    let world = &setup.world;
    let deployment = ledger_client::Deployment::load(world.cli.deployment()).expect("deployment");
    let market = deployment
        .contracts
        .park_market
        .clone()
        .expect("the world deploys the park market");
    deposit_to_wallet(world, "consumer2", 5_000, "PARK-BID");
    let before = balance(world, "consumer2");

    // consumer2's company signs its orders with its own gateway.
    let gateway = setup.signing_gateway("consumer2");
    let key = world
        .cli
        .ok(&["keys", "export-hex", "consumer2", "--unsafe"]);
    let (energy_wh, max_price) = (2_000u64, 150u64);
    let seen = browser::cabinet(
        "park",
        &gateway.url,
        key.trim(),
        json!({ "energy_wh": energy_wh, "max_price": max_price }),
    );
    assert_eq!(seen["bid"]["error"], false, "{seen}");
    let order_id = seen["order_id"]
        .as_u64()
        .unwrap_or_else(|| panic!("{seen}"));
    let slot = seen["slot"].as_u64().expect("the slot");
    assert!(
        seen["slot_line"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Slot {slot} starts")),
        "{seen}"
    );
    assert!(seen["row"].as_str().unwrap().contains("2000 Wh"), "{seen}");

    // The bid escrows its maximum cost, rounded up, and the market's book has it.
    let escrow = u128::from((energy_wh * max_price).div_ceil(1_000));
    assert_eq!(balance(world, "consumer2"), before - escrow);
    let book = super::contracts::on_chain(
        &market,
        &json!({ "order_book": { "slot": slot, "side": "bid", "start_after": null, "limit": 100 } }),
    );
    let order = book["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == order_id)
        .unwrap_or_else(|| panic!("bid {order_id} is in slot {slot}'s book: {book}"));
    assert_eq!(order["owner"], address("consumer2"));
    assert_eq!(order["energy_wh"], energy_wh);
    assert_eq!(order["price"], max_price);

    // Another participant does not act for this company; the company withdraws its bid.
    let path = format!("/api/park/orders/{order_id}");
    let (status, body) = gateway.delete_as(&path, &gateway.token("consumer1"));
    assert_eq!((status, code(&body)), (403, "gateway.forbidden"), "{body}");
    let (status, body) = gateway.delete_as(&path, &gateway.token("consumer2"));
    assert_eq!(status, 200, "{body}");
    assert_eq!(balance(world, "consumer2"), before, "the escrow came back");
    let (status, body) = gateway.delete_as(&path, &gateway.token("consumer2"));
    assert_eq!(status, 422, "{body}");
    assert!(code(&body).starts_with("park."), "{body}");
}
