//! Pay-as-clear clearing of one market slot: one uniform price from the aggregate curves, then
//! the matching of bids to offers under the bids' requirements, in merit order.
//!
//! The rules, which the contract applies and every client can recompute:
//!
//! 1. **Price.** `D(p)` is the energy of the bids whose maximum price is at least `p`, `S(p)`
//!    the energy of the offers whose minimum price is at most `p`. Among the prices the orders
//!    name, those at which `min(D, S)` is largest form a range `[lo, hi]`; the clearing price is
//!    `floor((lo + hi) / 2)`, which trades the same largest volume and splits the surplus of the
//!    marginal orders. When no bid's price reaches any offer's, nothing clears.
//! 2. **Who trades.** Bids whose maximum is at least the clearing price and offers whose
//!    minimum is at most it; every trade is at the clearing price, so no buyer pays above its
//!    bid and no seller receives below its offer.
//! 3. **Matching.** Bids in order of maximum price (highest first), then rank; each takes
//!    energy from the offers it accepts (an energy type among its types when it names any, a
//!    carbon intensity at most its maximum when it sets one): first its preferred sellers'
//!    offers, in the order it lists the sellers, then the others; among either, by minimum
//!    price (lowest first), carbon intensity (lowest first), then rank. A bid with
//!    requirements may leave energy unmatched that a bid without them would have taken: the
//!    matching is greedy in merit order, not a maximum flow, so that each bid's share is
//!    decided by the bids ranked before it alone and can be computed a page of bids at a time.
//! 4. **Rank** ([`rank`]) breaks ties between equal prices: SHA-256 of the slot, the order's
//!    side, its owner and the owner's own count of orders in the slot. It does not depend on
//!    the order transactions arrive in, so no one gains by getting a transaction in first.

use std::cmp::Ordering;

use cosmwasm_schema::cw_serde;
use sha2::{Digest, Sha256};

use super::{EnergyType, Requirements};

/// The energy offered or bid at one price, summed over a side's orders.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct Level {
    /// Settlement-token minor units per kWh.
    pub price: u64,
    pub energy_wh: u64,
}

/// Where the curves cross.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct Clearing {
    /// Settlement-token minor units per kWh.
    pub price: u64,
    /// The most energy the slot can trade at that price if every bid accepted every offer.
    pub volume_wh: u64,
}

/// The clearing price of a slot from its bid and offer levels (in any order, a price may
/// appear more than once); `None` when no bid's price reaches any offer's.
pub fn clearing_price(bids: &[Level], offers: &[Level]) -> Option<Clearing> {
    let sorted = |levels: &[Level]| {
        let mut v = levels.to_vec();
        v.sort_by_key(|l| l.price);
        v
    };
    let (bids, offers) = (sorted(bids), sorted(offers));
    let mut prices: Vec<u64> = bids.iter().chain(&offers).map(|l| l.price).collect();
    prices.sort_unstable();
    prices.dedup();
    // One sweep up the prices: demand is what is left of the bids once those priced below p
    // are gone, supply what the offers priced at most p add up to.
    let mut demand: u128 = bids.iter().map(|l| u128::from(l.energy_wh)).sum();
    let mut supply: u128 = 0;
    let (mut b, mut o) = (0, 0);
    let mut volumes = Vec::with_capacity(prices.len());
    for &p in &prices {
        while b < bids.len() && bids[b].price < p {
            demand = demand.saturating_sub(u128::from(bids[b].energy_wh));
            b += 1;
        }
        while o < offers.len() && offers[o].price <= p {
            supply = supply.saturating_add(u128::from(offers[o].energy_wh));
            o += 1;
        }
        volumes.push((p, demand.min(supply)));
    }
    let best = volumes.iter().map(|&(_, v)| v).max()?;
    if best == 0 {
        return None;
    }
    let lo = volumes.iter().find(|&&(_, v)| v == best)?.0;
    let hi = volumes.iter().rev().find(|&&(_, v)| v == best)?.0;
    // The midpoint lies between two u64 prices, so it fits a u64.
    let price = ((u128::from(lo) + u128::from(hi)) / 2) as u64;
    Some(Clearing {
        price,
        volume_wh: u64::try_from(best).unwrap_or(u64::MAX),
    })
}

/// Which side of the book an order is on (part of its [`rank`]).
#[cw_serde]
#[derive(Copy, Eq)]
pub enum Side {
    Bid,
    Offer,
}

/// The tie-breaking key of the `nth` order (counting from 0) that `owner` placed on `side` in
/// `slot`.
pub fn rank(slot: u64, side: Side, owner: &str, nth: u32) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(b"ledger-park/rank/v1");
    hash.update(slot.to_be_bytes());
    hash.update([match side {
        Side::Bid => 1,
        Side::Offer => 2,
    }]);
    hash.update((owner.len() as u32).to_be_bytes());
    hash.update(owner.as_bytes());
    hash.update(nth.to_be_bytes());
    hash.finalize().into()
}

/// An offer as the matching sees it: what is left of it, and what decides its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookOffer {
    pub id: u64,
    pub seller: String,
    pub min_price: u64,
    pub energy_type: EnergyType,
    pub carbon_g_per_kwh: u32,
    pub rank: [u8; 32],
    pub remaining_wh: u64,
}

/// A bid as the matching sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookBid {
    pub id: u64,
    pub buyer: String,
    pub max_price: u64,
    pub requirements: Requirements,
    pub rank: [u8; 32],
    pub remaining_wh: u64,
}

/// Energy moved from one offer to one bid at the clearing price.
#[cw_serde]
#[derive(Eq)]
pub struct Fill {
    pub bid_id: u64,
    pub offer_id: u64,
    pub energy_wh: u64,
}

/// The order bids are matched in: highest maximum price first, then rank.
pub fn bid_priority(a: &BookBid, b: &BookBid) -> Ordering {
    b.max_price.cmp(&a.max_price).then(a.rank.cmp(&b.rank))
}

/// The order offers are taken in, after a bid's preferred sellers: lowest minimum price, then
/// lowest carbon intensity, then rank.
pub fn offer_priority(a: &BookOffer, b: &BookOffer) -> Ordering {
    a.min_price
        .cmp(&b.min_price)
        .then(a.carbon_g_per_kwh.cmp(&b.carbon_g_per_kwh))
        .then(a.rank.cmp(&b.rank))
}

impl Requirements {
    /// Whether a bid with these requirements accepts energy from `offer`.
    pub fn accepts(&self, offer: &BookOffer) -> bool {
        (self.energy_types.is_empty() || self.energy_types.contains(&offer.energy_type))
            && self
                .max_carbon_g_per_kwh
                .is_none_or(|max| offer.carbon_g_per_kwh <= max)
    }
}

/// Matches one bid at `price` against `offers` (sorted by [`offer_priority`]), taking from
/// the offers what it gets and returning its fills; the bid's own `remaining_wh` is lowered by
/// what it got. A bid below the price, or an offer above it, trades nothing.
pub fn match_bid(bid: &mut BookBid, price: u64, offers: &mut [BookOffer]) -> Vec<Fill> {
    let mut fills = Vec::new();
    if bid.max_price < price {
        return fills;
    }
    let preferred = bid.requirements.preferred_sellers.clone();
    let mut take = |bid: &mut BookBid, offer: &mut BookOffer| {
        if bid.remaining_wh == 0
            || offer.remaining_wh == 0
            || offer.min_price > price
            || !bid.requirements.accepts(offer)
        {
            return;
        }
        let energy_wh = bid.remaining_wh.min(offer.remaining_wh);
        bid.remaining_wh = bid.remaining_wh.saturating_sub(energy_wh);
        offer.remaining_wh = offer.remaining_wh.saturating_sub(energy_wh);
        fills.push(Fill {
            bid_id: bid.id,
            offer_id: offer.id,
            energy_wh,
        });
    };
    for seller in &preferred {
        for offer in offers.iter_mut().filter(|o| &o.seller == seller) {
            take(bid, offer);
        }
    }
    for offer in offers
        .iter_mut()
        .filter(|o| !preferred.iter().any(|s| s == &o.seller))
    {
        take(bid, offer);
    }
    fills
}

/// Clears a whole slot in memory: the price, then every bid in priority order. The contract
/// does the same a page of bids at a time; this is the reference both are tested against.
pub fn clear(bids: &[BookBid], offers: &[BookOffer]) -> Option<(Clearing, Vec<Fill>)> {
    let clearing = clearing_price(
        &bids
            .iter()
            .map(|b| Level {
                price: b.max_price,
                energy_wh: b.remaining_wh,
            })
            .collect::<Vec<_>>(),
        &offers
            .iter()
            .map(|o| Level {
                price: o.min_price,
                energy_wh: o.remaining_wh,
            })
            .collect::<Vec<_>>(),
    )?;
    let mut bids = bids.to_vec();
    bids.sort_by(bid_priority);
    let mut offers = offers.to_vec();
    offers.sort_by(offer_priority);
    let fills = bids
        .iter_mut()
        .flat_map(|bid| match_bid(bid, clearing.price, &mut offers))
        .collect();
    Some((clearing, fills))
}

/// What `energy_wh` costs at `price_per_kwh`, rounded down (what a buyer pays a seller).
pub fn cost_floor(energy_wh: u64, price_per_kwh: u64) -> u128 {
    u128::from(energy_wh) * u128::from(price_per_kwh) / 1_000
}

/// What `energy_wh` costs at `price_per_kwh`, rounded up (what a bid escrows, so that any
/// fill's cost, rounded down, is covered).
pub fn cost_ceil(energy_wh: u64, price_per_kwh: u64) -> u128 {
    (u128::from(energy_wh) * u128::from(price_per_kwh)).div_ceil(1_000)
}

#[cfg(test)]
mod tests;
