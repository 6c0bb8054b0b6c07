//! A simulated day in the park: three generators (a solar meter on a clear-sky curve, a wind
//! meter that sells more than it produces, a battery) and four buyers with different
//! requirements trade in all 96 quarter-hour slots. The test works out each slot's price and
//! fills itself (by brute force over the named prices and a plain greedy pass) and every
//! payment and refund from the meters' curves; the contract must agree to the unit, and the
//! green certificates the settlements issue must carry, per meter and hour, exactly the energy
//! delivered.

mod common;

use std::collections::BTreeMap;

use common::{DELAY, GATE, GeneratorSpec, ORIGIN, Park, SLOT};
use ledger_testing::LoadCurve;
use ledger_types::park::certificates::{
    CertificatesResponse, MeterHourResponse, QueryMsg as CertificatesQuery,
};
use ledger_types::park::clearing::Side;
use ledger_types::park::{
    EnergyType, ExecuteMsg, FillsResponse, OrdersResponse, PriceHistoryResponse, QueryMsg,
    Requirements, SellerRecord,
};

const SLOTS: u64 = 96;
const INTERVAL: u64 = 300;
const DEPOSIT: u128 = 50_000;

struct Seller {
    name: &'static str,
    meter: &'static str,
    curve: LoadCurve,
    energy_type: EnergyType,
    carbon: u32,
}

fn sellers() -> Vec<Seller> {
    vec![
        Seller {
            name: "sol",
            meter: "solar-1",
            curve: LoadCurve::Solar { peak_wh: 3_000 },
            energy_type: EnergyType::Solar,
            carbon: 20,
        },
        // Sells 4 kWh a slot, produces 3.
        Seller {
            name: "wendy",
            meter: "wind-1",
            curve: LoadCurve::Constant { energy_wh: 1_000 },
            energy_type: EnergyType::Wind,
            carbon: 10,
        },
        Seller {
            name: "stella",
            meter: "store-1",
            curve: LoadCurve::Constant { energy_wh: 700 },
            energy_type: EnergyType::Storage,
            carbon: 60,
        },
    ]
}

const BUYERS: [&str; 4] = ["alice", "bob", "carol", "dave"];

/// What a meter signs for in `slot`: its three five-minute readings.
fn generated(curve: &LoadCurve, slot: u64) -> u64 {
    let start = ORIGIN + slot * SLOT;
    (0..SLOT / INTERVAL)
        .map(|i| curve.energy(start + i * INTERVAL, INTERVAL as u32))
        .sum()
}

/// An order as this test keeps it, independent of the contract's types.
#[derive(Clone, Debug)]
struct Plan {
    owner: &'static str,
    price: u64,
    energy_wh: u64,
    // Offers.
    energy_type: Option<EnergyType>,
    carbon: u32,
    // Bids.
    types: Vec<EnergyType>,
    max_carbon: Option<u32>,
    preferred: Vec<&'static str>,
}

fn offer(owner: &'static str, energy_wh: u64, price: u64, s: &Seller) -> Plan {
    Plan {
        owner,
        price,
        energy_wh,
        energy_type: Some(s.energy_type),
        carbon: s.carbon,
        types: vec![],
        max_carbon: None,
        preferred: vec![],
    }
}

fn bid(owner: &'static str, energy_wh: u64, price: u64) -> Plan {
    Plan {
        owner,
        price,
        energy_wh,
        energy_type: None,
        carbon: 0,
        types: vec![],
        max_carbon: None,
        preferred: vec![],
    }
}

/// The day's orders of `slot`: prices move with the slot so that the price and the marginal
/// orders change through the day, and no two bids (or offers) of a slot share a price and
/// carbon intensity, so that the contract's tie-breaking rank never decides.
fn orders(slot: u64) -> (Vec<Plan>, Vec<Plan>) {
    let s = sellers();
    let mut offers = vec![];
    let solar = generated(&s[0].curve, slot);
    if solar > 0 {
        offers.push(offer("sol", solar, 8 + slot % 4, &s[0]));
    }
    offers.push(offer("wendy", 4_000, 12 + slot % 3, &s[1]));
    offers.push(offer("stella", 2_000, 18 + slot % 2, &s[2]));
    let bids = vec![
        bid("alice", 3_000, 40 + slot % 7),
        Plan {
            types: vec![EnergyType::Wind],
            ..bid("bob", 2_000, 36 + slot % 4)
        },
        Plan {
            max_carbon: Some(30),
            ..bid("carol", 2_500, 33 + slot % 3)
        },
        Plan {
            preferred: vec!["stella"],
            ..bid("dave", 2_000, 30 + slot % 3)
        },
    ];
    (offers, bids)
}

/// The uniform price: of the prices the orders name, those trading the most energy, and the
/// midpoint of the lowest and highest of them.
fn reference_price(offers: &[Plan], bids: &[Plan]) -> Option<u64> {
    let volume = |p: u64| {
        let demand: u64 = bids
            .iter()
            .filter(|b| b.price >= p)
            .map(|b| b.energy_wh)
            .sum();
        let supply: u64 = offers
            .iter()
            .filter(|o| o.price <= p)
            .map(|o| o.energy_wh)
            .sum();
        demand.min(supply)
    };
    let prices: Vec<u64> = offers.iter().chain(bids).map(|o| o.price).collect();
    let best = prices.iter().map(|&p| volume(p)).max()?;
    if best == 0 {
        return None;
    }
    let at_best = prices.iter().copied().filter(|&p| volume(p) == best);
    let (lo, hi) = at_best.fold((u64::MAX, 0), |(lo, hi), p| (lo.min(p), hi.max(p)));
    Some((lo + hi) / 2)
}

/// Fills as (buyer, seller, Wh): bids from the highest price down, each taking its preferred
/// sellers' offers first, then the cheapest (then cleanest) offers it accepts.
fn reference_fills(offers: &[Plan], bids: &[Plan], price: u64) -> Vec<(String, String, u64)> {
    let mut offers: Vec<Plan> = offers
        .iter()
        .filter(|o| o.price <= price)
        .cloned()
        .collect();
    offers.sort_by_key(|o| (o.price, o.carbon));
    let mut bids: Vec<Plan> = bids.iter().filter(|b| b.price >= price).cloned().collect();
    bids.sort_by_key(|b| std::cmp::Reverse(b.price));
    let mut fills = vec![];
    for bid in &mut bids {
        let mut order: Vec<usize> = vec![];
        for seller in &bid.preferred {
            order.extend((0..offers.len()).filter(|&i| offers[i].owner == *seller));
        }
        order.extend((0..offers.len()).filter(|&i| !bid.preferred.contains(&offers[i].owner)));
        for i in order {
            let o = &mut offers[i];
            let accepted = (bid.types.is_empty() || bid.types.contains(&o.energy_type.unwrap()))
                && bid.max_carbon.is_none_or(|max| o.carbon <= max);
            let energy = bid.energy_wh.min(o.energy_wh);
            if accepted && energy > 0 {
                bid.energy_wh -= energy;
                o.energy_wh -= energy;
                fills.push((bid.owner.to_string(), o.owner.to_string(), energy));
            }
        }
    }
    fills
}

/// What the day should come to, worked out by the test alone.
#[derive(Default)]
struct Expected {
    prices: Vec<Option<u64>>,
    paid_by: BTreeMap<String, u128>,
    paid_to: BTreeMap<String, u128>,
    sold: BTreeMap<String, u64>,
    delivered: BTreeMap<String, u64>,
    short_slots: BTreeMap<String, u32>,
    /// Delivered energy per (meter, hour start).
    certified: BTreeMap<(String, u64), u64>,
    /// Delivered energy per buyer.
    certified_to: BTreeMap<String, u64>,
}

#[test]
fn a_day_of_96_slots_clears_and_settles_as_computed_independently() {
    let specs: Vec<GeneratorSpec> = sellers()
        .into_iter()
        .map(|s| GeneratorSpec {
            meter_id: s.meter,
            owner: s.name,
            load: s.curve,
            energy_type: s.energy_type,
            carbon_g_per_kwh: s.carbon,
        })
        .collect();
    let mut park = Park::build(&specs, &BUYERS, DEPOSIT);
    let certificates = park.with_certificates(30 * 86_400);
    let curves: BTreeMap<&str, LoadCurve> =
        sellers().into_iter().map(|s| (s.name, s.curve)).collect();
    let meter_of: BTreeMap<&str, &str> = sellers().into_iter().map(|s| (s.name, s.meter)).collect();

    // Every order of the day is in before the first gate closes (orders may be a week ahead).
    for slot in 0..SLOTS {
        let (offers, bids) = orders(slot);
        for o in &offers {
            park.offer_in(slot, o.owner, meter_of[o.owner], o.energy_wh, o.price);
        }
        for b in &bids {
            let preferred_sellers = b
                .preferred
                .iter()
                .map(|s| park.suite.consumer(s).to_string())
                .collect();
            let requirements = Requirements {
                energy_types: b.types.clone(),
                max_carbon_g_per_kwh: b.max_carbon,
                preferred_sellers,
            };
            park.bid_in(slot, b.owner, b.energy_wh, b.price, requirements);
        }
    }

    let mut expected = Expected::default();
    let anyone = park.suite.addrs.stranger.clone();
    let names: BTreeMap<String, &str> = BUYERS
        .iter()
        .chain(["sol", "wendy", "stella"].iter())
        .map(|n| (park.suite.consumer(n).to_string(), *n))
        .collect();
    // A slot's gate closes just as the one two slots before it may be settled (GATE + DELAY
    // = SLOT): clear one, settle the other, as a keeper beside the market would.
    assert_eq!(GATE + DELAY, SLOT);
    for step in 0..SLOTS + 2 {
        let gate = ORIGIN + step * SLOT - GATE;
        park.suite.advance_to(gate);
        if step < SLOTS {
            park.execute(
                &anyone,
                &ExecuteMsg::ClearSlot {
                    slot: step,
                    limit: None,
                },
            );
        }
        if step < 2 {
            continue;
        }
        let slot = step - 2;
        for meter in ["solar-1", "wind-1", "store-1"] {
            park.suite.feed(meter, 50).unwrap();
        }
        let book: OrdersResponse = park.query(&QueryMsg::OrderBook {
            slot,
            side: Side::Offer,
            start_after: None,
            limit: None,
        });
        for o in &book.orders {
            park.execute(&anyone, &ExecuteMsg::SettleOffer { offer_id: o.id });
        }

        let (offers, bids) = orders(slot);
        let price = reference_price(&offers, &bids);
        expected.prices.push(price);
        let fills: FillsResponse = park.query(&QueryMsg::Fills {
            slot,
            start_after: None,
            limit: None,
        });
        let mut got: Vec<(String, String, u64)> = fills
            .fills
            .iter()
            .map(|f| {
                (
                    names[&f.buyer].to_string(),
                    names[&f.seller].to_string(),
                    f.fill.energy_wh,
                )
            })
            .collect();
        let mut want = price.map_or(vec![], |p| reference_fills(&offers, &bids, p));
        got.sort();
        want.sort();
        assert_eq!(got, want, "fills of slot {slot}");

        // Settlement: each seller's one offer gets what its meter signed for, up to what it
        // sold; each fill its share of that, rounded down; each buyer pays the price for it.
        let price = price.unwrap_or(0);
        for seller in ["sol", "wendy", "stella"] {
            let matched: u64 = want.iter().filter(|f| f.1 == seller).map(|f| f.2).sum();
            if !offers.iter().any(|o| o.owner == seller) {
                continue;
            }
            let share = generated(&curves[seller], slot).min(matched);
            *expected.sold.entry(seller.into()).or_default() += matched;
            *expected.delivered.entry(seller.into()).or_default() += share;
            if share < matched {
                *expected.short_slots.entry(seller.into()).or_default() += 1;
            }
            for (buyer, _, energy) in want.iter().filter(|f| f.1 == seller) {
                let delivered = share * energy / matched;
                let paid = u128::from(delivered) * u128::from(price) / 1_000;
                *expected.paid_by.entry(buyer.clone()).or_default() += paid;
                *expected.certified_to.entry(buyer.clone()).or_default() += delivered;
                let hour = (ORIGIN + slot * SLOT) / 3_600 * 3_600;
                *expected
                    .certified
                    .entry((meter_of[seller].to_string(), hour))
                    .or_default() += delivered;
                *expected.paid_to.entry(seller.into()).or_default() += paid;
                let record = fills
                    .fills
                    .iter()
                    .find(|f| names[&f.buyer] == buyer && names[&f.seller] == seller)
                    .unwrap();
                assert_eq!(record.delivered_wh, Some(delivered), "slot {slot} {buyer}");
                assert_eq!(record.paid, Some(paid), "slot {slot} {buyer}");
            }
        }
    }

    let history: PriceHistoryResponse = park.query(&QueryMsg::PriceHistory {
        start_after: None,
        limit: Some(100),
    });
    let prices: Vec<Option<u64>> = history.prices.iter().map(|p| p.price).collect();
    assert_eq!(prices, expected.prices);
    assert!(prices.iter().all(Option::is_some), "every slot trades");
    let distinct: std::collections::BTreeSet<_> = prices.iter().collect();
    assert!(
        distinct.len() >= 3,
        "the price moves through the day: {distinct:?}"
    );

    for buyer in BUYERS {
        let paid = expected.paid_by.get(buyer).copied().unwrap_or(0);
        assert_eq!(park.balance(buyer), DEPOSIT - paid, "{buyer}'s balance");
    }
    for seller in ["sol", "wendy", "stella"] {
        assert_eq!(
            park.balance(seller),
            expected.paid_to[seller],
            "{seller} is paid"
        );
        let record: SellerRecord = park.query(&QueryMsg::Seller {
            seller: park.suite.consumer(seller).to_string(),
        });
        assert_eq!(
            record,
            SellerRecord {
                sold_wh: expected.sold[seller],
                delivered_wh: expected.delivered[seller],
                short_slots: expected.short_slots.get(seller).copied().unwrap_or(0),
            },
            "{seller}'s record"
        );
    }
    // Only the wind meter under-delivers, and it does so in every slot it sold in.
    assert_eq!(
        expected.short_slots.keys().collect::<Vec<_>>(),
        vec!["wendy"]
    );
    assert!(expected.short_slots["wendy"] > 0);
    assert_eq!(
        park.suite.balance(&park.market),
        0,
        "the market holds nothing"
    );

    // Certificates: per meter and hour exactly what its fills delivered to buyers that hour,
    // and per buyer what it received.
    for hour in 0..SLOTS / 4 {
        let hour_start = ORIGIN + hour * 3_600;
        for meter in ["solar-1", "wind-1", "store-1"] {
            let got: MeterHourResponse = park
                .suite
                .query(
                    &certificates,
                    &CertificatesQuery::MeterHour {
                        meter_id: meter.into(),
                        hour_start,
                    },
                )
                .unwrap();
            let want = expected
                .certified
                .get(&(meter.to_string(), hour_start))
                .copied()
                .unwrap_or(0);
            assert_eq!(got.certified_wh, want, "{meter} at {hour_start}");
        }
    }
    for buyer in BUYERS {
        let mut total = 0;
        let mut start_after = None;
        loop {
            let page: CertificatesResponse = park
                .suite
                .query(
                    &certificates,
                    &CertificatesQuery::Certificates {
                        owner: park.suite.consumer(buyer).to_string(),
                        start_after,
                        limit: Some(100),
                    },
                )
                .unwrap();
            total += page.certificates.iter().map(|c| c.energy_wh).sum::<u64>();
            start_after = page.certificates.last().map(|c| c.id);
            if !page.has_more {
                break;
            }
        }
        let want = expected.certified_to.get(buyer).copied().unwrap_or(0);
        assert!(want > 0, "{buyer} received energy");
        assert_eq!(total, want, "{buyer}'s certified energy");
    }
}
