//! Properties over random books on the multi-test world: clearing in pages of any size gives
//! the fills of the reference clearing (`ledger_types::park::clearing::clear`), no order trades
//! more than its energy, no buyer pays above its bid's price, the settlement token is
//! conserved, the market holding nothing once every offer is settled, and the certificates the
//! settlements issue carry each meter's delivered energy, never more than it signed for in the
//! hour.

mod common;

use common::{DELAY, GATE, ORIGIN, Park, SLOT};
use ledger_types::park::certificates::{MeterHourResponse, QueryMsg as CertificatesQuery};
use ledger_types::park::clearing::{BookBid, BookOffer, Fill, Side, clear, rank};
use ledger_types::park::{
    EnergyType, ExecuteMsg, FillsResponse, OrdersResponse, QueryMsg, Requirements,
};
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Offer {
    wind: bool,
    energy_wh: u64,
    min_price: u64,
}

#[derive(Clone, Debug)]
struct Bid {
    bob: bool,
    energy_wh: u64,
    max_price: u64,
    wind_only: bool,
}

fn offers() -> impl Strategy<Value = Vec<Offer>> {
    proptest::collection::vec(
        (any::<bool>(), 1u64..4_000, 1u64..40).prop_map(|(wind, energy_wh, min_price)| Offer {
            wind,
            energy_wh,
            min_price,
        }),
        1..5,
    )
}

fn bids() -> impl Strategy<Value = Vec<Bid>> {
    proptest::collection::vec(
        (any::<bool>(), 1u64..4_000, 1u64..40, any::<bool>()).prop_map(
            |(bob, energy_wh, max_price, wind_only)| Bid {
                bob,
                energy_wh,
                max_price,
                wind_only,
            },
        ),
        1..5,
    )
}

fn book(park: &Park, side: Side) -> OrdersResponse {
    park.query(&QueryMsg::OrderBook {
        slot: 0,
        side,
        start_after: None,
        limit: Some(100),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn paged_clearing_matches_the_reference_and_settlement_conserves_tokens(
        offers in offers(),
        bids in bids(),
        page in 1u32..4,
    ) {
        let mut park = Park::new();
        let certificates = park.with_certificates(86_400);
        let total_before: u128 = ["sol", "wendy", "alice", "bob"].iter().map(|p| park.balance(p)).sum();
        for o in &offers {
            let (seller, meter) = if o.wind { ("wendy", "wind-1") } else { ("sol", "solar-1") };
            park.offer(seller, meter, o.energy_wh, o.min_price);
        }
        for b in &bids {
            let requirements = Requirements {
                energy_types: if b.wind_only { vec![EnergyType::Wind] } else { vec![] },
                ..Requirements::default()
            };
            park.bid(if b.bob { "bob" } else { "alice" }, b.energy_wh, b.max_price, requirements);
        }

        // The reference, from the book as the contract shows it and the documented ranks.

        let mut placed = std::collections::BTreeMap::<(String, u8), u32>::new();
        let mut nth = |owner: &str, side: u8| {
            let n = placed.entry((owner.to_string(), side)).or_default();
            *n += 1;
            *n - 1
        };
        let ref_offers: Vec<BookOffer> = book(&park, Side::Offer).orders.iter().map(|o| BookOffer {
            id: o.id,
            seller: o.owner.clone(),
            min_price: o.price,
            energy_type: o.energy_type.unwrap(),
            carbon_g_per_kwh: o.carbon_g_per_kwh.unwrap(),
            rank: rank(0, Side::Offer, &o.owner, nth(&o.owner, 2)),
            remaining_wh: o.energy_wh,
        }).collect();
        let ref_bids: Vec<BookBid> = book(&park, Side::Bid).orders.iter().map(|o| BookBid {
            id: o.id,
            buyer: o.owner.clone(),
            max_price: o.price,
            requirements: o.requirements.clone().unwrap(),
            rank: rank(0, Side::Bid, &o.owner, nth(&o.owner, 1)),
            remaining_wh: o.energy_wh,
        }).collect();
        let reference = clear(&ref_bids, &ref_offers);

        park.suite.advance_to(ORIGIN - GATE);
        let anyone = park.suite.addrs.stranger.clone();
        for _ in 0..bids.len() {
            let slot: ledger_types::park::SlotResponse = park.query(&QueryMsg::Slot { slot: 0 });
            if matches!(slot.state, ledger_types::park::SlotState::Cleared { .. }) {
                break;
            }
            park.execute(&anyone, &ExecuteMsg::ClearSlot { slot: 0, limit: Some(page) });
        }
        let fills: FillsResponse = park.query(&QueryMsg::Fills { slot: 0, start_after: None, limit: Some(100) });
        let got: Vec<Fill> = fills.fills.iter().map(|f| f.fill.clone()).collect();
        let want: Vec<Fill> = reference.as_ref().map(|(_, f)| f.clone()).unwrap_or_default();
        prop_assert_eq!(&got, &want);
        if let Some((clearing, _)) = &reference {
            for f in &fills.fills {
                prop_assert_eq!(f.price, clearing.price);
            }
        }

        park.suite.advance_to(ORIGIN + SLOT + DELAY);
        park.suite.feed("solar-1", 50).unwrap();
        park.suite.feed("wind-1", 50).unwrap();
        for o in book(&park, Side::Offer).orders {
            park.execute(&anyone, &ExecuteMsg::SettleOffer { offer_id: o.id });
        }
        let settled: FillsResponse = park.query(&QueryMsg::Fills { slot: 0, start_after: None, limit: Some(100) });
        for f in &settled.fills {
            let delivered = f.delivered_wh.unwrap();
            prop_assert!(delivered <= f.fill.energy_wh);
            let bid = ref_bids.iter().find(|b| b.id == f.fill.bid_id).unwrap();
            // Never above the bid's price for what was delivered.
            prop_assert!(f.paid.unwrap() * 1_000 <= u128::from(delivered) * u128::from(bid.max_price));
        }
        let offers_meter: std::collections::BTreeMap<u64, String> = book(&park, Side::Offer)
            .orders
            .into_iter()
            .map(|o| (o.id, o.meter_id.unwrap()))
            .collect();
        for meter in ["solar-1", "wind-1"] {
            let delivered: u64 = settled
                .fills
                .iter()
                .filter(|f| offers_meter[&f.fill.offer_id] == meter)
                .map(|f| f.delivered_wh.unwrap())
                .sum();
            let signed: u64 = park
                .suite
                .readings(meter)
                .iter()
                .filter(|r| (ORIGIN..ORIGIN + 3_600).contains(&r.interval_start))
                .map(|r| r.energy_wh)
                .sum();
            let hour: MeterHourResponse = park
                .suite
                .query(&certificates, &CertificatesQuery::MeterHour { meter_id: meter.into(), hour_start: ORIGIN })
                .unwrap();
            prop_assert_eq!(hour.certified_wh, delivered);
            prop_assert!(hour.certified_wh <= signed);
        }
        let total_after: u128 = ["sol", "wendy", "alice", "bob"].iter().map(|p| park.balance(p)).sum();
        prop_assert_eq!(total_after, total_before);
        prop_assert_eq!(park.suite.balance(&park.market), 0);
    }
}
