use proptest::prelude::*;

use super::*;

fn bid(id: u64, max_price: u64, energy_wh: u64) -> BookBid {
    BookBid {
        id,
        buyer: format!("buyer{id}"),
        max_price,
        requirements: Requirements::default(),
        rank: rank(7, Side::Bid, &format!("buyer{id}"), 0),
        remaining_wh: energy_wh,
    }
}

fn offer(id: u64, min_price: u64, energy_wh: u64) -> BookOffer {
    BookOffer {
        id,
        seller: format!("seller{id}"),
        min_price,
        energy_type: EnergyType::Solar,
        carbon_g_per_kwh: 20,
        rank: rank(7, Side::Offer, &format!("seller{id}"), 0),
        remaining_wh: energy_wh,
    }
}

fn fill(bid_id: u64, offer_id: u64, energy_wh: u64) -> Fill {
    Fill {
        bid_id,
        offer_id,
        energy_wh,
    }
}

#[test]
fn the_price_is_the_middle_of_the_range_that_trades_the_most() {
    // D/S at 10: 300/150, 20: 300/150, 22: 200/250, 25: 200/250, 30: 100/250, so 200 Wh
    // trade at any price from 22 to 25, and the price is 23.
    let bids = [bid(1, 30, 100), bid(2, 25, 100), bid(3, 20, 100)];
    let offers = [offer(11, 10, 150), offer(12, 22, 100)];
    let (clearing, fills) = clear(&bids, &offers).unwrap();
    assert_eq!(
        clearing,
        Clearing {
            price: 23,
            volume_wh: 200
        }
    );
    // The highest bid first, from the cheapest offer; the bid at 20 is below the price.
    assert_eq!(
        fills,
        vec![fill(1, 11, 100), fill(2, 11, 50), fill(2, 12, 50)]
    );
}

#[test]
fn nothing_clears_when_no_bid_reaches_an_offer() {
    assert_eq!(clear(&[bid(1, 9, 100)], &[offer(11, 10, 100)]), None);
    assert_eq!(clear(&[], &[offer(11, 10, 100)]), None);
    assert_eq!(clear(&[bid(1, 9, 100)], &[]), None);
}

#[test]
fn a_single_crossing_pair_trades_between_their_prices() {
    let (clearing, fills) = clear(&[bid(1, 40, 500)], &[offer(11, 10, 300)]).unwrap();
    assert_eq!(clearing.price, 25);
    assert_eq!(fills, vec![fill(1, 11, 300)]);
}

#[test]
fn requirements_pass_over_offers_they_do_not_accept() {
    let mut grid = offer(11, 5, 100);
    grid.energy_type = EnergyType::Grid;
    grid.carbon_g_per_kwh = 400;
    let mut wind = offer(12, 8, 100);
    wind.energy_type = EnergyType::Wind;
    wind.carbon_g_per_kwh = 12;
    let solar = offer(13, 9, 100);
    let mut green = bid(1, 30, 150);
    green.requirements.energy_types = vec![EnergyType::Wind, EnergyType::Solar];
    let mut low_carbon = bid(2, 30, 100);
    low_carbon.requirements.max_carbon_g_per_kwh = Some(15);
    let (_, fills) = clear(&[green, low_carbon], &[grid, wind, solar]).unwrap();
    let got = |b: u64| -> Vec<(u64, u64)> {
        fills
            .iter()
            .filter(|f| f.bid_id == b)
            .map(|f| (f.offer_id, f.energy_wh))
            .collect()
    };
    // Each bid's rank decides which goes first; whichever it is, no bid takes the grid offer
    // and the low-carbon bid never takes solar at 20 g/kWh.
    assert!(got(1).iter().all(|&(o, _)| o != 11), "{fills:?}");
    assert!(got(2).iter().all(|&(o, _)| o == 12), "{fills:?}");
}

#[test]
fn preferred_sellers_come_first_in_the_bids_order_even_when_dearer() {
    let offers = [offer(11, 5, 100), offer(12, 9, 100), offer(13, 8, 100)];
    let mut b = bid(1, 30, 150);
    b.requirements.preferred_sellers = vec!["seller12".into(), "seller13".into()];
    let (_, fills) = clear(&[b], &offers).unwrap();
    assert_eq!(fills, vec![fill(1, 12, 100), fill(1, 13, 50)]);
}

#[test]
fn equal_prices_are_decided_by_rank_not_by_arrival() {
    // Two bids at the same price want 100 Wh each; 100 Wh are offered.
    let (a, b) = (bid(1, 20, 100), bid(2, 20, 100));
    let winner = if a.rank < b.rank { a.id } else { b.id };
    let offers = [offer(11, 10, 100)];
    let first = clear(&[a.clone(), b.clone()], &offers).unwrap().1;
    let second = clear(&[b, a], &offers).unwrap().1;
    assert_eq!(first, second);
    assert_eq!(first, vec![fill(winner, 11, 100)]);
}

#[test]
fn ranks_differ_by_slot_side_owner_and_count() {
    let base = rank(1, Side::Bid, "alice", 0);
    assert_ne!(base, rank(2, Side::Bid, "alice", 0));
    assert_ne!(base, rank(1, Side::Offer, "alice", 0));
    assert_ne!(base, rank(1, Side::Bid, "alicf", 0));
    assert_ne!(base, rank(1, Side::Bid, "alice", 1));
    assert_eq!(base, rank(1, Side::Bid, "alice", 0));
}

#[test]
fn costs_round_down_for_payment_and_up_for_escrow() {
    assert_eq!(cost_floor(1_500, 7), 10); // 10.5 minor units
    assert_eq!(cost_ceil(1_500, 7), 11);
    assert_eq!(cost_floor(2_000, 7), 14);
    assert_eq!(cost_ceil(2_000, 7), 14);
    assert_eq!(
        cost_ceil(u64::MAX, u64::MAX),
        (u128::from(u64::MAX).pow(2)).div_ceil(1_000)
    );
}

// ---------------------------------------------------------------------------------- properties

const TYPES: [EnergyType; 4] = [
    EnergyType::Solar,
    EnergyType::Wind,
    EnergyType::Storage,
    EnergyType::Grid,
];

fn any_offer() -> impl Strategy<Value = BookOffer> {
    (1u64..40, 1u64..1_000, 0usize..4, 0u32..500, 0u8..4).prop_map(
        |(min_price, energy, t, carbon, seller)| BookOffer {
            id: 0,
            seller: format!("seller{seller}"),
            min_price,
            energy_type: TYPES[t],
            carbon_g_per_kwh: carbon,
            rank: [0; 32],
            remaining_wh: energy,
        },
    )
}

fn any_bid(with_requirements: bool) -> impl Strategy<Value = BookBid> {
    (
        1u64..40,
        1u64..1_000,
        proptest::collection::vec(0usize..4, 0..3),
        proptest::option::of(0u32..500),
        proptest::collection::vec(0u8..4, 0..2),
        0u8..4,
    )
        .prop_map(
            move |(max_price, energy, types, carbon, preferred, buyer)| BookBid {
                id: 0,
                buyer: format!("buyer{buyer}"),
                max_price,
                requirements: if with_requirements {
                    Requirements {
                        energy_types: types.into_iter().map(|t| TYPES[t]).collect(),
                        max_carbon_g_per_kwh: carbon,
                        preferred_sellers: preferred
                            .into_iter()
                            .map(|s| format!("seller{s}"))
                            .collect(),
                    }
                } else {
                    Requirements::default()
                },
                rank: [0; 32],
                remaining_wh: energy,
            },
        )
}

/// Numbers the orders and gives each its rank as the contract would (per owner's count).
fn book(mut bids: Vec<BookBid>, mut offers: Vec<BookOffer>) -> (Vec<BookBid>, Vec<BookOffer>) {
    let mut seen = std::collections::BTreeMap::<String, u32>::new();
    for (i, b) in bids.iter_mut().enumerate() {
        let nth = seen.entry(b.buyer.clone()).or_default();
        b.id = i as u64 + 1;
        b.rank = rank(3, Side::Bid, &b.buyer, *nth);
        *nth += 1;
    }
    for (i, o) in offers.iter_mut().enumerate() {
        let nth = seen.entry(o.seller.clone()).or_default();
        o.id = 1_000 + i as u64;
        o.rank = rank(3, Side::Offer, &o.seller, *nth);
        *nth += 1;
    }
    (bids, offers)
}

/// The traded volume at every whole price from 0 to 41, computed from the orders directly.
fn volumes(bids: &[BookBid], offers: &[BookOffer]) -> Vec<(u64, u64)> {
    (0..=41)
        .map(|p| {
            let d: u64 = bids
                .iter()
                .filter(|b| b.max_price >= p)
                .map(|b| b.remaining_wh)
                .sum();
            let s: u64 = offers
                .iter()
                .filter(|o| o.min_price <= p)
                .map(|o| o.remaining_wh)
                .sum();
            (p, d.min(s))
        })
        .collect()
}

proptest! {
    #[test]
    fn fills_respect_prices_requirements_and_sizes(
        bids in proptest::collection::vec(any_bid(true), 0..10),
        offers in proptest::collection::vec(any_offer(), 0..10),
    ) {
        let (bids, offers) = book(bids, offers);
        let Some((clearing, fills)) = clear(&bids, &offers) else {
            // Nothing clears only when no bid reaches an offer.
            prop_assert!(bids.iter().all(|b| offers.iter().all(|o| b.max_price < o.min_price)));
            return Ok(());
        };
        let mut total = 0;
        for f in &fills {
            let b = bids.iter().find(|b| b.id == f.bid_id).unwrap();
            let o = offers.iter().find(|o| o.id == f.offer_id).unwrap();
            prop_assert!(b.max_price >= clearing.price && clearing.price >= o.min_price);
            prop_assert!(b.requirements.accepts(o));
            prop_assert!(f.energy_wh > 0);
            total += f.energy_wh;
        }
        for b in &bids {
            let got: u64 = fills.iter().filter(|f| f.bid_id == b.id).map(|f| f.energy_wh).sum();
            prop_assert!(got <= b.remaining_wh);
        }
        for o in &offers {
            let sold: u64 = fills.iter().filter(|f| f.offer_id == o.id).map(|f| f.energy_wh).sum();
            prop_assert!(sold <= o.remaining_wh);
        }
        prop_assert!(total <= clearing.volume_wh);
    }

    #[test]
    fn the_price_is_the_middle_of_the_whole_prices_that_trade_the_most(
        bids in proptest::collection::vec(any_bid(false), 1..10),
        offers in proptest::collection::vec(any_offer(), 1..10),
    ) {
        let (bids, offers) = book(bids, offers);
        let v = volumes(&bids, &offers);
        let best = v.iter().map(|&(_, x)| x).max().unwrap();
        match clear(&bids, &offers) {
            None => prop_assert_eq!(best, 0),
            Some((clearing, fills)) => {
                let lo = v.iter().find(|&&(_, x)| x == best).unwrap().0;
                let hi = v.iter().rev().find(|&&(_, x)| x == best).unwrap().0;
                prop_assert_eq!(clearing, Clearing { price: (lo + hi) / 2, volume_wh: best });
                // Without requirements every eligible bid accepts every eligible offer, so the
                // whole volume trades.
                prop_assert_eq!(fills.iter().map(|f| f.energy_wh).sum::<u64>(), best);
            }
        }
    }

    #[test]
    fn the_outcome_does_not_depend_on_the_order_orders_arrived_in(
        bids in proptest::collection::vec(any_bid(true), 0..8),
        offers in proptest::collection::vec(any_offer(), 0..8),
        seed in any::<u64>(),
    ) {
        let (bids, offers) = book(bids, offers);
        let mut shuffled_bids = bids.clone();
        let mut shuffled_offers = offers.clone();
        // A deterministic shuffle from the seed (rotate and reverse), enough to move orders.
        let n = shuffled_bids.len().max(1);
        shuffled_bids.rotate_left((seed as usize) % n);
        if seed & 1 == 1 {
            shuffled_offers.reverse();
        }
        prop_assert_eq!(clear(&bids, &offers), clear(&shuffled_bids, &shuffled_offers));
    }
}
