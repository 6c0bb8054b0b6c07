//! One slot from order to settlement on the multi-test Suite: two generators (a solar and a
//! wind meter registered in the registry), two buyers with settlement tokens from the bank,
//! offers and bids, the clearing, the meters' signed readings, and the settlements, with every
//! amount computed here from the documented rules; the settlements' certificates carry the
//! delivered energy per meter and hour, a claimed one cannot move and an expired one cannot
//! be claimed.

mod common;

use common::{DELAY, GATE, ORIGIN, Park, SLOT};
use cw_multi_test::Executor;
use ledger_park_certificates::ContractError as CertificatesError;
use ledger_testing::err;
use ledger_types::park::certificates::{
    CertificatesResponse, ExecuteMsg as CertificatesMsg, MeterHourResponse, Origin,
    QueryMsg as CertificatesQuery,
};
use ledger_types::park::clearing::Side;
use ledger_types::park::{
    EnergyType, ExecuteMsg, FillsResponse, OrdersResponse, QueryMsg, Requirements, SellerRecord,
    SlotResponse, SlotState,
};

/// How long certificates stay valid after their hour.
const VALIDITY: u64 = 86_400;

#[test]
fn a_slot_clears_at_one_price_and_settles_on_what_the_meters_signed() {
    let mut park = Park::new();
    let certificates = park.with_certificates(VALIDITY);
    park.offer("sol", "solar-1", 5_000, 10);
    park.offer("wendy", "wind-1", 5_000, 20);
    park.bid("alice", 5_000, 30, Requirements::default());
    park.bid(
        "bob",
        5_000,
        25,
        Requirements {
            energy_types: vec![EnergyType::Wind],
            ..Requirements::default()
        },
    );
    assert_eq!(park.balance("alice"), 10_000 - 150);
    assert_eq!(park.balance("bob"), 10_000 - 125);
    let book: OrdersResponse = park.query(&QueryMsg::OrderBook {
        slot: 0,
        side: Side::Bid,
        start_after: None,
        limit: None,
    });
    assert_eq!(book.orders.len(), 2);

    // Demand 10 kWh from 10 to 25, supply 5 kWh at 10 and 10 kWh from 20: 10 kWh trade at any
    // price from 20 to 25, so the price is 22. Alice (30) goes first and takes the cheapest,
    // the solar offer; Bob takes only wind.
    park.suite.advance_to(ORIGIN - GATE);
    let anyone = park.suite.addrs.stranger.clone();
    park.execute(
        &anyone,
        &ExecuteMsg::ClearSlot {
            slot: 0,
            limit: None,
        },
    );
    let slot: SlotResponse = park.query(&QueryMsg::Slot { slot: 0 });
    assert_eq!(
        slot.state,
        SlotState::Cleared {
            price: Some(22),
            volume_wh: 10_000,
            matched_wh: 10_000
        }
    );
    // What the fills can never cost is back at once: 150 - 110 and 125 - 110.
    assert_eq!(park.balance("alice"), 10_000 - 110);
    assert_eq!(park.balance("bob"), 10_000 - 110);

    // The slot runs; the meters sign three five-minute readings each in it: the solar meter
    // 6 kWh (more than sold), the wind meter 3 kWh (less than sold).
    park.suite.advance_to(ORIGIN + SLOT + DELAY);
    park.suite.feed("solar-1", 50).unwrap();
    park.suite.feed("wind-1", 50).unwrap();
    let fills: FillsResponse = park.query(&QueryMsg::Fills {
        slot: 0,
        start_after: None,
        limit: None,
    });
    assert_eq!(fills.fills.len(), 2);
    for fill in &fills.fills {
        park.execute(
            &anyone,
            &ExecuteMsg::SettleOffer {
                offer_id: fill.fill.offer_id,
            },
        );
    }
    // Sol delivered all 5 kWh: 5 x 22 = 110. Wendy delivered 3 of 5 kWh: 3 x 22 = 66, and
    // Bob gets the other 44 back.
    assert_eq!(park.balance("sol"), 110);
    assert_eq!(park.balance("wendy"), 66);
    assert_eq!(park.balance("alice"), 10_000 - 110);
    assert_eq!(park.balance("bob"), 10_000 - 66);
    assert_eq!(park.suite.balance(&park.market), 0);
    let wendy: SellerRecord = park.query(&QueryMsg::Seller {
        seller: park.suite.consumer("wendy").to_string(),
    });
    assert_eq!(
        wendy,
        SellerRecord {
            sold_wh: 5_000,
            delivered_wh: 3_000,
            short_slots: 1
        }
    );
    let settled: FillsResponse = park.query(&QueryMsg::Fills {
        slot: 0,
        start_after: None,
        limit: None,
    });
    let paid: Vec<Option<u128>> = settled.fills.iter().map(|f| f.paid).collect();
    assert_eq!(paid, vec![Some(110), Some(66)]);

    // The settlements certified what was delivered, per meter and hour (the slot lies in the
    // hour starting at the origin), to the buyers.
    let delivered: Vec<Option<u64>> = settled.fills.iter().map(|f| f.delivered_wh).collect();
    assert_eq!(delivered, vec![Some(5_000), Some(3_000)]);
    for (meter, wh) in [("solar-1", 5_000), ("wind-1", 3_000)] {
        let hour: MeterHourResponse = park
            .suite
            .query(
                &certificates,
                &CertificatesQuery::MeterHour {
                    meter_id: meter.into(),
                    hour_start: ORIGIN,
                },
            )
            .unwrap();
        assert_eq!((hour.certified_wh, hour.certificates), (wh, 1), "{meter}");
    }
    let held = |park: &Park, who: &str| -> CertificatesResponse {
        park.suite
            .query(
                &certificates,
                &CertificatesQuery::Certificates {
                    owner: park.suite.consumer(who).to_string(),
                    start_after: None,
                    limit: None,
                },
            )
            .unwrap()
    };
    let alices = held(&park, "alice").certificates;
    assert_eq!(alices.len(), 1);
    assert_eq!(
        (
            alices[0].meter_id.as_str(),
            alices[0].energy_wh,
            alices[0].energy_type
        ),
        ("solar-1", 5_000, EnergyType::Solar)
    );
    assert_eq!(
        alices[0].origin,
        Origin::Trade {
            slot: 0,
            fill_id: settled.fills[0].id,
            seller: park.suite.consumer("sol").to_string()
        }
    );
    let bobs = held(&park, "bob").certificates;
    assert_eq!((bobs.len(), bobs[0].energy_wh), (1, 3_000));

    // Alice claims hers; after that it cannot move.
    let (alice, bob) = (park.suite.consumer("alice"), park.suite.consumer("bob"));
    let claim = |id| CertificatesMsg::Claim {
        id,
        beneficiary: "Alice's bakery".into(),
        purpose: "scope 2".into(),
        period_from: ORIGIN,
        period_to: ORIGIN + SLOT,
    };
    park.suite
        .app
        .execute_contract(
            alice.clone(),
            certificates.clone(),
            &claim(alices[0].id),
            &[],
        )
        .unwrap();
    let got: CertificatesError = err(park.suite.app.execute_contract(
        alice,
        certificates.clone(),
        &CertificatesMsg::Transfer {
            id: alices[0].id,
            recipient: bob.to_string(),
        },
        &[],
    ));
    assert_eq!(got, CertificatesError::Claimed { id: alices[0].id });

    // Bob's expires a validity after the end of its hour; then it cannot be claimed.
    park.suite.advance_to(ORIGIN + 3_600 + VALIDITY);
    let got: CertificatesError =
        err(park
            .suite
            .app
            .execute_contract(bob, certificates, &claim(bobs[0].id), &[]));
    assert_eq!(
        got,
        CertificatesError::Expired {
            id: bobs[0].id,
            expired_at: ORIGIN + 3_600 + VALIDITY
        }
    );
}
