//! Pricing whole periods: each component alone, then together, with the rounding, tax and
//! overflow rules they share.

use cosmwasm_std::{OverflowError, OverflowOperation, Uint128};
use ledger_types::tariff::{LineKind, TariffComponents};
use proptest::prelude::*;

use super::fixtures::{
    amounts, arb_components, arb_month, month, three_tiers, tier, tou_table, u, usage,
};
use super::{Priced, price, tou_band_energy};
use crate::ContractError;

/// `c`'s price for a period of `energy_wh` without hourly detail.
fn priced(c: &TariffComponents, energy_wh: u64) -> Priced {
    price(c, &usage(energy_wh)).unwrap()
}

/// The tier lines of a period, tier 0 first: (energy in Wh, amount) each.
fn tier_lines(lines: &[(u64, u128)]) -> Vec<(LineKind, u64, u128)> {
    (0..)
        .zip(lines)
        .map(|(index, &(wh, amount))| (LineKind::Tier { index }, wh, amount))
        .collect()
}

/// A fixed charge alone, minor units per period.
fn fixed_charge(amount: u128) -> TariffComponents {
    TariffComponents {
        fixed_charge: Some(u(amount)),
        ..Default::default()
    }
}

/// A flat rate alone, minor units per MWh.
fn flat_rate(per_mwh: u128) -> TariffComponents {
    TariffComponents {
        flat_rate: Some(u(per_mwh)),
        ..Default::default()
    }
}

/// A demand charge alone, minor units per kW.
fn demand_charge(per_kw: u128) -> TariffComponents {
    TariffComponents {
        demand_charge_per_kw: Some(u(per_kw)),
        ..Default::default()
    }
}

/// The block tariff of [`three_tiers`] alone.
fn tiered() -> TariffComponents {
    TariffComponents {
        tiers: Some(three_tiers()),
        ..Default::default()
    }
}

/// The time-of-use table of [`tou_table`] alone.
fn time_of_use() -> TariffComponents {
    TariffComponents {
        time_of_use: Some(tou_table()),
        ..Default::default()
    }
}

#[test]
fn fixed_charge_alone() {
    let c = fixed_charge(1_250);
    let p = priced(&c, 123_456);
    assert_eq!(amounts(&p), vec![(LineKind::FixedCharge, 1, 1_250)]);
    assert_eq!(p.lines[0].unit_price, u(1_250));
    assert_eq!((p.subtotal, p.tax, p.total), (u(1_250), u(0), u(1_250)));
}

#[test]
fn flat_rate_alone() {
    // 23.45 c/kWh is 23_450 c/MWh; 123_456 Wh * 23_450 / 1e6 = 2_895.0432 -> 2_895.
    let c = flat_rate(23_450);
    let p = priced(&c, 123_456);
    assert_eq!(amounts(&p), vec![(LineKind::FlatRate, 123_456, 2_895)]);
    assert_eq!(p.total, u(2_895));
    // Zero energy still shows the flat-rate line, at 0.
    let p = priced(&c, 0);
    assert_eq!(amounts(&p), vec![(LineKind::FlatRate, 0, 0)]);
}

#[test]
fn flat_rate_exact_half_rounds_up() {
    // 500 Wh * 1_000 / 1e6 = 0.5 -> 1; 1_500 Wh -> 1.5 -> 2; 2_500 Wh -> 2.5 -> 3.
    let c = flat_rate(1_000);
    for (wh, amount) in [
        (499u64, 0u128),
        (500, 1),
        (1_500, 2),
        (2_500, 3),
        (2_499, 2),
    ] {
        assert_eq!(priced(&c, wh).total, u(amount), "{wh} Wh");
    }
}

#[test]
fn tiers_split_and_price() {
    let c = tiered();
    // 350 kWh: 100 kWh at 10 c/kWh, 200 kWh at 20 c/kWh, 50 kWh at 30 c/kWh.
    let p = priced(&c, 350_000);
    assert_eq!(
        amounts(&p),
        tier_lines(&[(100_000, 10_000), (200_000, 40_000), (50_000, 15_000)])
    );
    assert_eq!(p.lines[0].description, "Tier 1: 0 to 100000 Wh");
    assert_eq!(p.lines[2].description, "Tier 3: above 300000 Wh");
    assert_eq!(p.total, u(65_000));
}

#[test]
fn energy_exactly_on_a_bound_stays_in_the_lower_tier() {
    let c = tiered();
    let p = priced(&c, 100_000);
    assert_eq!(amounts(&p), tier_lines(&[(100_000, 10_000)]));
    let p = priced(&c, 100_001);
    assert_eq!(
        amounts(&p),
        tier_lines(&[
            (100_000, 10_000),
            // 1 Wh * 200_000 / 1e6 = 0.2 -> 0
            (1, 0),
        ])
    );
    let p = priced(&c, 300_000);
    assert_eq!(p.lines.len(), 2);
    assert_eq!(p.total, u(50_000));
    // No energy: no tier lines at all.
    assert!(priced(&c, 0).lines.is_empty());
}

#[test]
fn each_tier_line_is_rounded_on_its_own() {
    // Two tiers each worth 0.5 minor units: each rounds up, so the bill is 2, not 1.
    let c = TariffComponents {
        tiers: Some(vec![tier(Some(500), 1_000), tier(None, 1_000)]),
        ..Default::default()
    };
    let p = priced(&c, 1_000);
    assert_eq!(amounts(&p), tier_lines(&[(500, 1), (500, 1)]));
    assert_eq!(p.subtotal, u(2));
}

#[test]
fn time_of_use_weekday_and_weekend() {
    let c = time_of_use();
    let mut u_ = usage(0);
    u_.hourly = vec![
        // Weekday hour 18 is peak, hour 3 off-peak; weekend hour 18 is the weekend band.
        month(11, &[(18, 10_000), (3, 20_000)], &[(18, 30_000)]),
        month(12, &[(20, 5_000), (21, 1_000)], &[]),
    ];
    u_.energy_wh = 66_000;
    let p = price(&c, &u_).unwrap();
    assert_eq!(
        amounts(&p),
        vec![
            // off-peak: 20_000 + 1_000 Wh at 100_000/MWh = 2_100
            (LineKind::TimeOfUse { band: 0 }, 21_000, 2_100),
            // peak: 10_000 + 5_000 Wh at 400_000/MWh = 6_000
            (LineKind::TimeOfUse { band: 1 }, 15_000, 6_000),
            // weekend: 30_000 Wh at 50_000/MWh = 1_500
            (LineKind::TimeOfUse { band: 2 }, 30_000, 1_500),
        ]
    );
    assert_eq!(p.lines[1].description, "Time of use: peak");
    assert_eq!(p.lines[1].unit_price, u(400_000));
    assert_eq!(p.total, u(9_600));
}

#[test]
fn time_of_use_skips_bands_without_energy() {
    let c = time_of_use();
    let mut u_ = usage(500);
    u_.hourly = vec![month(1, &[], &[(0, 500)])];
    let p = price(&c, &u_).unwrap();
    // 500 Wh at 50_000/MWh = 25
    assert_eq!(
        amounts(&p),
        vec![(LineKind::TimeOfUse { band: 2 }, 500, 25)]
    );
    assert!(priced(&c, 0).lines.is_empty(), "no hourly data, no lines");
}

#[test]
fn months_outside_the_year_are_refused() {
    let c = fixed_charge(1);
    for m in [0u8, 13] {
        let mut u_ = usage(0);
        u_.hourly = vec![month(m, &[], &[])];
        assert_eq!(
            price(&c, &u_),
            Err(ContractError::InvalidUsageMonth { month: m })
        );
        assert_eq!(
            tou_band_energy(&tou_table(), &u_.hourly),
            Err(ContractError::InvalidUsageMonth { month: m })
        );
    }
}

#[test]
fn demand_charge_alone() {
    let c = demand_charge(850);
    let mut u_ = usage(0);
    // 7_300 W * 850 / 1000 = 6_205
    u_.max_power_w = 7_300;
    let p = price(&c, &u_).unwrap();
    assert_eq!(amounts(&p), vec![(LineKind::Demand, 7_300, 6_205)]);
    assert_eq!(p.lines[0].unit_price, u(850));
    // 1 W * 500 / 1000 = 0.5 -> 1
    let c = demand_charge(500);
    u_.max_power_w = 1;
    assert_eq!(price(&c, &u_).unwrap().total, u(1));
}

#[test]
fn minimum_charge_tops_up_only_when_short() {
    let c = TariffComponents {
        flat_rate: Some(u(100_000)),
        minimum_charge: Some(u(1_000)),
        ..Default::default()
    };
    // 4_000 Wh at 100_000/MWh = 400: top-up of 600.
    let p = priced(&c, 4_000);
    assert_eq!(
        amounts(&p),
        vec![
            (LineKind::FlatRate, 4_000, 400),
            (LineKind::MinimumTopUp, 1, 600)
        ]
    );
    assert_eq!(p.lines[1].unit_price, u(1_000));
    assert_eq!(p.subtotal, u(1_000));
    // Exactly the minimum: no top-up.
    let p = priced(&c, 10_000);
    assert_eq!(amounts(&p), vec![(LineKind::FlatRate, 10_000, 1_000)]);
    // Above it: no top-up.
    let p = priced(&c, 20_000);
    assert_eq!(p.total, u(2_000));
    // A minimum alone charges the minimum.
    let c = TariffComponents {
        minimum_charge: Some(u(777)),
        ..Default::default()
    };
    assert_eq!(
        amounts(&priced(&c, 0)),
        vec![(LineKind::MinimumTopUp, 1, 777)]
    );
}

#[test]
fn tax_on_the_subtotal_rounded_once() {
    // Lines 1 + 1 = 2 (each 0.5 rounded up); tax at 25% of 2 = 0.5 -> 1.
    let c = TariffComponents {
        tiers: Some(vec![tier(Some(500), 1_000), tier(None, 1_000)]),
        tax_bps: Some(2_500),
        ..Default::default()
    };
    let p = priced(&c, 1_000);
    assert_eq!((p.subtotal, p.tax, p.total), (u(2), u(1), u(3)));
    // 20% of 1_234 = 246.8 -> 247.
    let c = TariffComponents {
        fixed_charge: Some(u(1_234)),
        tax_bps: Some(2_000),
        ..Default::default()
    };
    let p = priced(&c, 0);
    assert_eq!((p.subtotal, p.tax, p.total), (u(1_234), u(247), u(1_481)));
    // 0% and 100%.
    let mut c = c;
    c.tax_bps = Some(0);
    assert_eq!(priced(&c, 0).tax, u(0));
    c.tax_bps = Some(10_000);
    assert_eq!(priced(&c, 0).total, u(2_468));
}

#[test]
fn tax_applies_to_the_minimum_top_up() {
    let c = TariffComponents {
        flat_rate: Some(u(100_000)),
        minimum_charge: Some(u(1_000)),
        tax_bps: Some(1_000),
        ..Default::default()
    };
    let p = priced(&c, 0);
    assert_eq!((p.subtotal, p.tax, p.total), (u(1_000), u(100), u(1_100)));
}

#[test]
fn all_components_together() {
    let c = TariffComponents {
        fixed_charge: Some(u(500)),
        flat_rate: Some(u(10_000)),
        tiers: Some(three_tiers()),
        time_of_use: Some(tou_table()),
        demand_charge_per_kw: Some(u(1_000)),
        minimum_charge: Some(u(1_000_000)),
        tax_bps: Some(1_900),
    };
    let mut u_ = usage(150_000);
    u_.max_power_w = 2_500;
    u_.hourly = vec![month(3, &[(18, 100_000)], &[(9, 50_000)])];
    let p = price(&c, &u_).unwrap();
    assert_eq!(
        amounts(&p),
        vec![
            (LineKind::FixedCharge, 1, 500),
            (LineKind::FlatRate, 150_000, 1_500),
            (LineKind::Tier { index: 0 }, 100_000, 10_000),
            (LineKind::Tier { index: 1 }, 50_000, 10_000),
            (LineKind::TimeOfUse { band: 1 }, 100_000, 40_000),
            (LineKind::TimeOfUse { band: 2 }, 50_000, 2_500),
            (LineKind::Demand, 2_500, 2_500),
            // 1_000_000 - 67_000
            (LineKind::MinimumTopUp, 1, 933_000),
        ]
    );
    assert_eq!(p.subtotal, u(1_000_000));
    assert_eq!(p.tax, u(190_000));
    assert_eq!(p.total, u(1_190_000));
}

#[test]
fn amounts_too_large_are_typed_errors() {
    // u64::MAX Wh at Uint128::MAX per MWh is far beyond 128 bits.
    let c = TariffComponents {
        flat_rate: Some(Uint128::MAX),
        ..Default::default()
    };
    assert_eq!(
        price(&c, &usage(u64::MAX)),
        Err(ContractError::AmountOverflow {
            line: "Energy at the flat rate".to_string()
        })
    );
    // Two lines that each fit but whose sum does not.
    let c = TariffComponents {
        fixed_charge: Some(Uint128::MAX),
        demand_charge_per_kw: Some(u(1_000)),
        ..Default::default()
    };
    let mut u_ = usage(0);
    u_.max_power_w = 1;
    assert_eq!(
        price(&c, &u_),
        Err(OverflowError::new(OverflowOperation::Add).into())
    );
    // Tax pushing the total past the maximum.
    let c = TariffComponents {
        fixed_charge: Some(Uint128::MAX),
        tax_bps: Some(1),
        ..Default::default()
    };
    assert_eq!(
        price(&c, &usage(0)),
        Err(OverflowError::new(OverflowOperation::Add).into())
    );
}

proptest! {
    #[test]
    fn total_is_lines_plus_tax(
        c in arb_components(),
        energy in 0u64..5_000_000,
        power in 0u64..100_000,
        hourly in prop::collection::vec(arb_month(), 0..3),
    ) {
        prop_assume!(crate::validate::components(&c).is_ok());
        let mut u_ = usage(energy);
        u_.max_power_w = power;
        u_.hourly = hourly;
        let p = price(&c, &u_).unwrap();
        let lines: u128 = p.lines.iter().map(|l| l.amount.u128()).sum();
        prop_assert_eq!(p.subtotal.u128(), lines);
        prop_assert_eq!(p.total.u128(), lines + p.tax.u128());
        if let Some(min) = c.minimum_charge {
            prop_assert!(p.subtotal >= min);
        }
        // Tax is the subtotal's share rounded half up: within half a unit of exact.
        let bps = u128::from(c.tax_bps.unwrap_or(0));
        let exact_x2 = 2 * p.subtotal.u128() * bps;
        prop_assert!(2 * p.tax.u128() * 10_000 + 10_000 > exact_x2);
        prop_assert!(2 * p.tax.u128() * 10_000 <= exact_x2 + 10_000);
    }

}
