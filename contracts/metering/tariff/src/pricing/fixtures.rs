//! What the pricing tests build on: small constructors, the tables used throughout, and
//! proptest strategies for arbitrary tariffs and usage.

use cosmwasm_std::Uint128;
use ledger_types::tariff::{LineKind, MonthHours, TariffComponents, Tier, TimeOfUse, UsageProfile};
use proptest::prelude::*;

use super::Priced;

pub fn u(v: u128) -> Uint128 {
    Uint128::new(v)
}

pub fn tier(up_to_wh: Option<u64>, price: u128) -> Tier {
    Tier {
        up_to_wh,
        price_per_mwh: u(price),
    }
}

pub fn usage(energy_wh: u64) -> UsageProfile {
    UsageProfile {
        period_start: 0,
        period_end: 30 * 86_400,
        energy_wh,
        ..Default::default()
    }
}

pub fn amounts(p: &Priced) -> Vec<(LineKind, u64, u128)> {
    p.lines
        .iter()
        .map(|l| (l.kind.clone(), l.quantity, l.amount.u128()))
        .collect()
}

/// Peak (band 1) on weekdays 17:00-20:59 in every month, off-peak (band 0) otherwise;
/// weekends all band 2.
pub fn tou_table() -> TimeOfUse {
    let mut weekday_row = vec![0u8; 24];
    weekday_row[17..21].fill(1);
    TimeOfUse {
        band_names: vec!["off-peak".into(), "peak".into(), "weekend".into()],
        band_prices: vec![u(100_000), u(400_000), u(50_000)],
        weekday: vec![weekday_row; 12],
        weekend: vec![vec![2u8; 24]; 12],
    }
}

pub fn three_tiers() -> Vec<Tier> {
    vec![
        tier(Some(100_000), 100_000),
        tier(Some(300_000), 200_000),
        tier(None, 300_000),
    ]
}

pub fn month(m: u8, weekday: &[(usize, u64)], weekend: &[(usize, u64)]) -> MonthHours {
    let mut mh = MonthHours {
        month: m,
        weekday_wh: [0; 24],
        weekend_wh: [0; 24],
    };
    for &(h, wh) in weekday {
        mh.weekday_wh[h] = wh;
    }
    for &(h, wh) in weekend {
        mh.weekend_wh[h] = wh;
    }
    mh
}

pub fn arb_tiers() -> impl Strategy<Value = Vec<Tier>> {
    (
        prop::collection::btree_set(1u64..2_000_000, 0..15),
        prop::collection::vec(0u128..2_000_000, 16),
    )
        .prop_map(|(bounds, prices)| {
            let mut tiers: Vec<Tier> = bounds
                .into_iter()
                .zip(prices.iter())
                .map(|(b, &p)| tier(Some(b), p))
                .collect();
            tiers.push(tier(None, prices[15]));
            tiers
        })
}

pub fn arb_tou() -> impl Strategy<Value = TimeOfUse> {
    (1usize..=4).prop_flat_map(|bands| {
        let cell = 0u8..(bands as u8);
        (
            prop::collection::vec(0u128..2_000_000, bands),
            prop::collection::vec(prop::collection::vec(cell.clone(), 24), 12),
            prop::collection::vec(prop::collection::vec(cell, 24), 12),
        )
            .prop_map(move |(prices, weekday, weekend)| TimeOfUse {
                band_names: (0..bands).map(|b| format!("b{b}")).collect(),
                band_prices: prices.into_iter().map(Uint128::new).collect(),
                weekday,
                weekend,
            })
    })
}

pub fn arb_month() -> impl Strategy<Value = MonthHours> {
    (
        1u8..=12,
        prop::array::uniform24(0u64..50_000),
        prop::array::uniform24(0u64..50_000),
    )
        .prop_map(|(month, weekday_wh, weekend_wh)| MonthHours {
            month,
            weekday_wh,
            weekend_wh,
        })
}

pub fn arb_components() -> impl Strategy<Value = TariffComponents> {
    (
        prop::option::of(0u128..1_000_000),
        prop::option::of(0u128..1_000_000),
        prop::option::of(arb_tiers()),
        prop::option::of(arb_tou()),
        prop::option::of(0u128..100_000),
        prop::option::of(0u128..10_000_000),
        prop::option::of(0u16..=10_000),
    )
        .prop_map(
            |(fixed, flat, tiers, tou, demand, minimum, tax)| TariffComponents {
                fixed_charge: fixed.map(Uint128::new),
                flat_rate: flat.map(Uint128::new),
                tiers,
                time_of_use: tou,
                demand_charge_per_kw: demand.map(Uint128::new),
                minimum_charge: minimum.map(Uint128::new),
                tax_bps: tax,
            },
        )
}
