//! Pricing a period's usage with one tariff version: pure functions, no storage.
//!
//! The one rounding rule (see [`ledger_types::tariff`]): every line is computed exactly as a
//! fraction and rounded half up to whole minor units; the subtotal is the sum of the rounded
//! lines; tax is computed on the subtotal and rounded half up once. Products are taken in
//! `Uint256`, so no intermediate value can overflow; an amount that does not fit back in
//! `Uint128` is a typed error.
//!
//! Components add up, in this order of lines: fixed charge, flat rate, tiers, time-of-use
//! bands, demand, then a top-up to the minimum charge if the lines fall short of it.

use cosmwasm_std::{OverflowError, OverflowOperation, Uint128, Uint256};
use ledger_types::tariff::{
    LineItem, LineKind, MonthHours, TariffComponents, Tier, TimeOfUse, UsageProfile,
};

use crate::ContractError;
use crate::validate::{TOU_HOURS, TOU_MONTHS};

/// Wh per MWh: energy prices are minor units per MWh.
pub const WH_PER_MWH: u128 = 1_000_000;
/// W per kW: demand prices are minor units per kW.
pub const W_PER_KW: u128 = 1_000;
/// Basis points per whole: tax rates are basis points.
pub const BPS_PER_WHOLE: u128 = 10_000;

/// A priced period: the lines, their sum, the tax on it and the total.
#[derive(Clone, Debug, PartialEq)]
pub struct Priced {
    pub lines: Vec<LineItem>,
    pub subtotal: Uint128,
    pub tax: Uint128,
    pub total: Uint128,
}

/// `value * multiplier / divisor`, exact, rounded half up (x.5 goes to x + 1).
pub fn mul_div_half_up(
    value: Uint128,
    multiplier: Uint128,
    divisor: u128,
) -> Result<Uint256, ContractError> {
    let numerator = value.full_mul(multiplier);
    let divisor = Uint256::from(divisor);
    let quotient = numerator.checked_div(divisor)?;
    let remainder = numerator.checked_rem(divisor)?;
    // Half or more of the divisor left over rounds up: remainder >= divisor - remainder,
    // written so that nothing is doubled and nothing can overflow.
    let rounded = if remainder >= divisor.checked_sub(remainder)? {
        quotient.checked_add(Uint256::one())?
    } else {
        quotient
    };
    Ok(rounded)
}

/// Prices every component of `c` present for `usage`. Assumes `c` passed
/// [`crate::validate::components`], yet never panics if it did not.
pub fn price(c: &TariffComponents, usage: &UsageProfile) -> Result<Priced, ContractError> {
    if let Some(bad) = usage.hourly.iter().find(|m| !(1..=12).contains(&m.month)) {
        return Err(ContractError::InvalidUsageMonth { month: bad.month });
    }
    let mut lines = Vec::new();

    if let Some(fixed) = c.fixed_charge {
        lines.push(LineItem {
            kind: LineKind::FixedCharge,
            description: "Fixed charge for the period".to_string(),
            quantity: 1,
            unit_price: fixed,
            amount: fixed,
        });
    }
    if let Some(rate) = c.flat_rate {
        lines.push(energy_line(
            LineKind::FlatRate,
            "Energy at the flat rate".to_string(),
            usage.energy_wh,
            rate,
        )?);
    }
    if let Some(tiers) = &c.tiers {
        for share in split_tiers(usage.energy_wh, tiers) {
            if share.energy_wh == 0 {
                continue;
            }
            lines.push(energy_line(
                LineKind::Tier {
                    index: index_u32(share.index)?,
                },
                share.description(),
                share.energy_wh,
                share.price_per_mwh,
            )?);
        }
    }
    if let Some(tou) = &c.time_of_use {
        let energy = tou_band_energy(tou, &usage.hourly)?;
        for (band, &wh) in energy.iter().enumerate() {
            if wh == 0 {
                continue;
            }
            let (Some(name), Some(&price)) = (tou.band_names.get(band), tou.band_prices.get(band))
            else {
                return Err(ContractError::TouBandCountMismatch {
                    names: tou.band_names.len(),
                    prices: tou.band_prices.len(),
                });
            };
            lines.push(energy_line(
                LineKind::TimeOfUse {
                    band: index_u32(band)?,
                },
                format!("Time of use: {name}"),
                wh,
                price,
            )?);
        }
    }
    if let Some(per_kw) = c.demand_charge_per_kw {
        let description = "Demand charge on the highest interval power".to_string();
        let amount = to_amount(
            mul_div_half_up(Uint128::from(usage.max_power_w), per_kw, W_PER_KW)?,
            &description,
        )?;
        lines.push(LineItem {
            kind: LineKind::Demand,
            description,
            quantity: usage.max_power_w,
            unit_price: per_kw,
            amount,
        });
    }

    let charged = sum_lines(&lines)?;
    if let Some(minimum) = c.minimum_charge {
        if charged < minimum {
            lines.push(LineItem {
                kind: LineKind::MinimumTopUp,
                description: "Top-up to the minimum charge".to_string(),
                quantity: 1,
                unit_price: minimum,
                amount: minimum.checked_sub(charged)?,
            });
        }
    }

    let subtotal = sum_lines(&lines)?;
    let tax = match c.tax_bps {
        Some(bps) => to_amount(
            mul_div_half_up(subtotal, Uint128::from(bps), BPS_PER_WHOLE)?,
            "tax",
        )?,
        None => Uint128::zero(),
    };
    let total = subtotal.checked_add(tax)?;
    Ok(Priced {
        lines,
        subtotal,
        tax,
        total,
    })
}

/// The sum of the lines' amounts.
pub fn sum_lines(lines: &[LineItem]) -> Result<Uint128, ContractError> {
    lines.iter().try_fold(Uint128::zero(), |sum, line| {
        Ok(sum.checked_add(line.amount)?)
    })
}

/// The part of a period's energy that falls in one tier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierShare {
    /// Position in the tier table, from 0.
    pub index: usize,
    /// Energy before this tier starts, Wh.
    pub from_wh: u64,
    /// Where the tier ends, Wh; `None` for the unbounded last tier.
    pub up_to_wh: Option<u64>,
    pub price_per_mwh: Uint128,
    /// Energy priced in this tier, Wh.
    pub energy_wh: u64,
}

impl TierShare {
    fn description(&self) -> String {
        let n = self.index.saturating_add(1);
        match self.up_to_wh {
            Some(to) => format!("Tier {n}: {} to {to} Wh", self.from_wh),
            None => format!("Tier {n}: above {} Wh", self.from_wh),
        }
    }
}

/// Splits `energy_wh` over a block tariff: tier `i` takes the energy in
/// (previous bound, `up_to_wh`]. Returns one share per tier, zero ones included; over a valid
/// table (last tier unbounded) the shares add up to `energy_wh`.
pub fn split_tiers(energy_wh: u64, tiers: &[Tier]) -> Vec<TierShare> {
    let mut from_wh = 0u64;
    tiers
        .iter()
        .enumerate()
        .map(|(index, tier)| {
            let end = tier.up_to_wh.map_or(energy_wh, |to| to.min(energy_wh));
            let share = TierShare {
                index,
                from_wh,
                up_to_wh: tier.up_to_wh,
                price_per_mwh: tier.price_per_mwh,
                energy_wh: end.saturating_sub(from_wh),
            };
            from_wh = tier.up_to_wh.unwrap_or(u64::MAX).max(from_wh);
            share
        })
        .collect()
}

/// Energy per time-of-use band, Wh: every hour of every month's weekday and weekend buckets
/// goes to the band its table cell names.
pub fn tou_band_energy(tou: &TimeOfUse, hourly: &[MonthHours]) -> Result<Vec<u64>, ContractError> {
    let mut energy = vec![0u64; tou.band_prices.len()];
    for month in hourly {
        let row = usize::from(month.month)
            .checked_sub(1)
            .filter(|&m| m < TOU_MONTHS)
            .ok_or(ContractError::InvalidUsageMonth { month: month.month })?;
        for (table_name, table, buckets) in [
            ("weekday", &tou.weekday, &month.weekday_wh),
            ("weekend", &tou.weekend, &month.weekend_wh),
        ] {
            let bands = table
                .get(row)
                .filter(|r| r.len() == TOU_HOURS)
                .ok_or_else(|| ContractError::TouTableMonths {
                    table: table_name.to_string(),
                    rows: table.len(),
                })?;
            for (hour, (&band, &wh)) in bands.iter().zip(buckets.iter()).enumerate() {
                let slot = energy.get_mut(usize::from(band)).ok_or_else(|| {
                    ContractError::TouUnknownBand {
                        table: table_name.to_string(),
                        month: row.saturating_add(1),
                        hour,
                        band,
                        last_band: tou.band_prices.len().saturating_sub(1),
                    }
                })?;
                *slot = slot
                    .checked_add(wh)
                    .ok_or_else(|| OverflowError::new(OverflowOperation::Add))?;
            }
        }
    }
    Ok(energy)
}

fn energy_line(
    kind: LineKind,
    description: String,
    energy_wh: u64,
    price_per_mwh: Uint128,
) -> Result<LineItem, ContractError> {
    let amount = to_amount(
        mul_div_half_up(Uint128::from(energy_wh), price_per_mwh, WH_PER_MWH)?,
        &description,
    )?;
    Ok(LineItem {
        kind,
        description,
        quantity: energy_wh,
        unit_price: price_per_mwh,
        amount,
    })
}

fn to_amount(value: Uint256, what: &str) -> Result<Uint128, ContractError> {
    Uint128::try_from(value).map_err(|_| ContractError::AmountOverflow {
        line: what.to_string(),
    })
}

fn index_u32(index: usize) -> Result<u32, ContractError> {
    u32::try_from(index).map_err(|_| OverflowError::new(OverflowOperation::Add).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn u(v: u128) -> Uint128 {
        Uint128::new(v)
    }

    fn tier(up_to_wh: Option<u64>, price: u128) -> Tier {
        Tier {
            up_to_wh,
            price_per_mwh: u(price),
        }
    }

    fn usage(energy_wh: u64) -> UsageProfile {
        UsageProfile {
            period_start: 0,
            period_end: 30 * 86_400,
            energy_wh,
            ..Default::default()
        }
    }

    fn amounts(p: &Priced) -> Vec<(LineKind, u64, u128)> {
        p.lines
            .iter()
            .map(|l| (l.kind.clone(), l.quantity, l.amount.u128()))
            .collect()
    }

    /// Peak (band 1) on weekdays 17:00-20:59 in every month, off-peak (band 0) otherwise;
    /// weekends all band 2.
    fn tou_table() -> TimeOfUse {
        let mut weekday_row = vec![0u8; 24];
        weekday_row[17..21].fill(1);
        TimeOfUse {
            band_names: vec!["off-peak".into(), "peak".into(), "weekend".into()],
            band_prices: vec![u(100_000), u(400_000), u(50_000)],
            weekday: vec![weekday_row; 12],
            weekend: vec![vec![2u8; 24]; 12],
        }
    }

    #[test]
    fn rounding_is_half_up() {
        // 1.5 -> 2, 2.5 -> 3, 1.4999.. -> 1, 0.5 -> 1, exact stays exact.
        assert_eq!(mul_div_half_up(u(3), u(1), 2).unwrap(), Uint256::from(2u8));
        assert_eq!(mul_div_half_up(u(5), u(1), 2).unwrap(), Uint256::from(3u8));
        assert_eq!(
            mul_div_half_up(u(1_499_999), u(1), 1_000_000).unwrap(),
            Uint256::from(1u8)
        );
        assert_eq!(
            mul_div_half_up(u(500_000), u(1), 1_000_000).unwrap(),
            Uint256::from(1u8)
        );
        assert_eq!(
            mul_div_half_up(u(499_999), u(1), 1_000_000).unwrap(),
            Uint256::zero()
        );
        assert_eq!(
            mul_div_half_up(u(4_000_000), u(3), 1_000_000).unwrap(),
            Uint256::from(12u8)
        );
        // The product of two maximal values does not overflow.
        let big = mul_div_half_up(Uint128::MAX, Uint128::MAX, 1).unwrap();
        assert_eq!(big, Uint128::MAX.full_mul(Uint128::MAX));
        // MAX * MAX is odd, so halving it leaves .5, which rounds up.
        let half = mul_div_half_up(Uint128::MAX, Uint128::MAX, 2).unwrap();
        assert_eq!(
            half,
            Uint128::MAX.full_mul(Uint128::MAX) / Uint256::from(2u8) + Uint256::one()
        );
    }

    #[test]
    fn fixed_charge_alone() {
        let c = TariffComponents {
            fixed_charge: Some(u(1_250)),
            ..Default::default()
        };
        let p = price(&c, &usage(123_456)).unwrap();
        assert_eq!(amounts(&p), vec![(LineKind::FixedCharge, 1, 1_250)]);
        assert_eq!(p.lines[0].unit_price, u(1_250));
        assert_eq!((p.subtotal, p.tax, p.total), (u(1_250), u(0), u(1_250)));
    }

    #[test]
    fn flat_rate_alone() {
        // 23.45 c/kWh is 23_450 c/MWh; 123_456 Wh * 23_450 / 1e6 = 2_895.0432 -> 2_895.
        let c = TariffComponents {
            flat_rate: Some(u(23_450)),
            ..Default::default()
        };
        let p = price(&c, &usage(123_456)).unwrap();
        assert_eq!(amounts(&p), vec![(LineKind::FlatRate, 123_456, 2_895)]);
        assert_eq!(p.total, u(2_895));
        // Zero energy still shows the flat-rate line, at 0.
        let p = price(&c, &usage(0)).unwrap();
        assert_eq!(amounts(&p), vec![(LineKind::FlatRate, 0, 0)]);
    }

    #[test]
    fn flat_rate_exact_half_rounds_up() {
        // 500 Wh * 1_000 / 1e6 = 0.5 -> 1; 1_500 Wh -> 1.5 -> 2; 2_500 Wh -> 2.5 -> 3.
        let c = TariffComponents {
            flat_rate: Some(u(1_000)),
            ..Default::default()
        };
        for (wh, amount) in [
            (499u64, 0u128),
            (500, 1),
            (1_500, 2),
            (2_500, 3),
            (2_499, 2),
        ] {
            assert_eq!(price(&c, &usage(wh)).unwrap().total, u(amount), "{wh} Wh");
        }
    }

    fn three_tiers() -> Vec<Tier> {
        vec![
            tier(Some(100_000), 100_000),
            tier(Some(300_000), 200_000),
            tier(None, 300_000),
        ]
    }

    #[test]
    fn tiers_split_and_price() {
        let c = TariffComponents {
            tiers: Some(three_tiers()),
            ..Default::default()
        };
        // 350 kWh: 100 kWh at 10 c/kWh, 200 kWh at 20 c/kWh, 50 kWh at 30 c/kWh.
        let p = price(&c, &usage(350_000)).unwrap();
        assert_eq!(
            amounts(&p),
            vec![
                (LineKind::Tier { index: 0 }, 100_000, 10_000),
                (LineKind::Tier { index: 1 }, 200_000, 40_000),
                (LineKind::Tier { index: 2 }, 50_000, 15_000),
            ]
        );
        assert_eq!(p.lines[0].description, "Tier 1: 0 to 100000 Wh");
        assert_eq!(p.lines[2].description, "Tier 3: above 300000 Wh");
        assert_eq!(p.total, u(65_000));
    }

    #[test]
    fn energy_exactly_on_a_bound_stays_in_the_lower_tier() {
        let c = TariffComponents {
            tiers: Some(three_tiers()),
            ..Default::default()
        };
        let p = price(&c, &usage(100_000)).unwrap();
        assert_eq!(
            amounts(&p),
            vec![(LineKind::Tier { index: 0 }, 100_000, 10_000)]
        );
        let p = price(&c, &usage(100_001)).unwrap();
        assert_eq!(
            amounts(&p),
            vec![
                (LineKind::Tier { index: 0 }, 100_000, 10_000),
                // 1 Wh * 200_000 / 1e6 = 0.2 -> 0
                (LineKind::Tier { index: 1 }, 1, 0),
            ]
        );
        let p = price(&c, &usage(300_000)).unwrap();
        assert_eq!(p.lines.len(), 2);
        assert_eq!(p.total, u(50_000));
        // No energy: no tier lines at all.
        assert!(price(&c, &usage(0)).unwrap().lines.is_empty());
    }

    #[test]
    fn each_tier_line_is_rounded_on_its_own() {
        // Two tiers each worth 0.5 minor units: each rounds up, so the bill is 2, not 1.
        let c = TariffComponents {
            tiers: Some(vec![tier(Some(500), 1_000), tier(None, 1_000)]),
            ..Default::default()
        };
        let p = price(&c, &usage(1_000)).unwrap();
        assert_eq!(
            amounts(&p),
            vec![
                (LineKind::Tier { index: 0 }, 500, 1),
                (LineKind::Tier { index: 1 }, 500, 1)
            ]
        );
        assert_eq!(p.subtotal, u(2));
    }

    fn month(m: u8, weekday: &[(usize, u64)], weekend: &[(usize, u64)]) -> MonthHours {
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

    #[test]
    fn time_of_use_weekday_and_weekend() {
        let c = TariffComponents {
            time_of_use: Some(tou_table()),
            ..Default::default()
        };
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
    fn time_of_use_reads_the_month_row() {
        // Band 1 only in July at hour 12 on weekdays.
        let mut t = tou_table();
        t.weekday = vec![vec![0u8; 24]; 12];
        t.weekday[6][12] = 1;
        let energy = tou_band_energy(
            &t,
            &[month(7, &[(12, 7)], &[]), month(8, &[(12, 9)], &[(12, 4)])],
        )
        .unwrap();
        assert_eq!(energy, vec![9, 7, 4]);
    }

    #[test]
    fn time_of_use_skips_bands_without_energy() {
        let c = TariffComponents {
            time_of_use: Some(tou_table()),
            ..Default::default()
        };
        let mut u_ = usage(500);
        u_.hourly = vec![month(1, &[], &[(0, 500)])];
        let p = price(&c, &u_).unwrap();
        // 500 Wh at 50_000/MWh = 25
        assert_eq!(
            amounts(&p),
            vec![(LineKind::TimeOfUse { band: 2 }, 500, 25)]
        );
        assert!(
            price(&c, &usage(0)).unwrap().lines.is_empty(),
            "no hourly data, no lines"
        );
    }

    #[test]
    fn months_outside_the_year_are_refused() {
        let c = TariffComponents {
            fixed_charge: Some(u(1)),
            ..Default::default()
        };
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
    fn malformed_tables_are_errors_not_panics() {
        let mut t = tou_table();
        t.weekend.truncate(3);
        assert_eq!(
            tou_band_energy(&t, &[month(5, &[], &[])]),
            Err(ContractError::TouTableMonths {
                table: "weekend".to_string(),
                rows: 3
            })
        );
        let mut t = tou_table();
        t.weekday[0][5] = 9;
        assert_eq!(
            tou_band_energy(&t, &[month(1, &[], &[])]),
            Err(ContractError::TouUnknownBand {
                table: "weekday".to_string(),
                month: 1,
                hour: 5,
                band: 9,
                last_band: 2
            })
        );
    }

    #[test]
    fn band_energy_overflow_is_an_error() {
        let t = tou_table();
        let hourly = [month(1, &[(0, u64::MAX)], &[]), month(2, &[(0, 1)], &[])];
        assert_eq!(
            tou_band_energy(&t, &hourly),
            Err(OverflowError::new(OverflowOperation::Add).into())
        );
    }

    #[test]
    fn demand_charge_alone() {
        let c = TariffComponents {
            demand_charge_per_kw: Some(u(850)),
            ..Default::default()
        };
        let mut u_ = usage(0);
        // 7_300 W * 850 / 1000 = 6_205
        u_.max_power_w = 7_300;
        let p = price(&c, &u_).unwrap();
        assert_eq!(amounts(&p), vec![(LineKind::Demand, 7_300, 6_205)]);
        assert_eq!(p.lines[0].unit_price, u(850));
        // 1 W * 500 / 1000 = 0.5 -> 1
        let c = TariffComponents {
            demand_charge_per_kw: Some(u(500)),
            ..Default::default()
        };
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
        let p = price(&c, &usage(4_000)).unwrap();
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
        let p = price(&c, &usage(10_000)).unwrap();
        assert_eq!(amounts(&p), vec![(LineKind::FlatRate, 10_000, 1_000)]);
        // Above it: no top-up.
        let p = price(&c, &usage(20_000)).unwrap();
        assert_eq!(p.total, u(2_000));
        // A minimum alone charges the minimum.
        let c = TariffComponents {
            minimum_charge: Some(u(777)),
            ..Default::default()
        };
        assert_eq!(
            amounts(&price(&c, &usage(0)).unwrap()),
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
        let p = price(&c, &usage(1_000)).unwrap();
        assert_eq!((p.subtotal, p.tax, p.total), (u(2), u(1), u(3)));
        // 20% of 1_234 = 246.8 -> 247.
        let c = TariffComponents {
            fixed_charge: Some(u(1_234)),
            tax_bps: Some(2_000),
            ..Default::default()
        };
        let p = price(&c, &usage(0)).unwrap();
        assert_eq!((p.subtotal, p.tax, p.total), (u(1_234), u(247), u(1_481)));
        // 0% and 100%.
        let mut c = c;
        c.tax_bps = Some(0);
        assert_eq!(price(&c, &usage(0)).unwrap().tax, u(0));
        c.tax_bps = Some(10_000);
        assert_eq!(price(&c, &usage(0)).unwrap().total, u(2_468));
    }

    #[test]
    fn tax_applies_to_the_minimum_top_up() {
        let c = TariffComponents {
            flat_rate: Some(u(100_000)),
            minimum_charge: Some(u(1_000)),
            tax_bps: Some(1_000),
            ..Default::default()
        };
        let p = price(&c, &usage(0)).unwrap();
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

    #[test]
    fn split_tiers_marks_bounds() {
        let shares = split_tiers(250_000, &three_tiers());
        let got: Vec<(usize, u64, Option<u64>, u64)> = shares
            .iter()
            .map(|s| (s.index, s.from_wh, s.up_to_wh, s.energy_wh))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 0, Some(100_000), 100_000),
                (1, 100_000, Some(300_000), 150_000),
                (2, 300_000, None, 0),
            ]
        );
    }

    fn arb_tiers() -> impl Strategy<Value = Vec<Tier>> {
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

    fn arb_tou() -> impl Strategy<Value = TimeOfUse> {
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

    fn arb_month() -> impl Strategy<Value = MonthHours> {
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

    fn arb_components() -> impl Strategy<Value = TariffComponents> {
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

    proptest! {
        #[test]
        fn rounding_matches_the_textbook_formula(
            value in 0u128..1u128 << 60,
            multiplier in 0u128..1u128 << 60,
            divisor in 1u128..1u128 << 20,
        ) {
            // floor(n / d + 1/2) = floor((2n + d) / 2d), computed where it cannot overflow.
            let expected = (2 * value * multiplier + divisor) / (2 * divisor);
            let got = mul_div_half_up(u(value), u(multiplier), divisor).unwrap();
            prop_assert_eq!(got, Uint256::from(expected));
        }

        #[test]
        fn tier_split_conserves_energy(energy in 0u64..5_000_000, tiers in arb_tiers()) {
            let shares = split_tiers(energy, &tiers);
            prop_assert_eq!(shares.len(), tiers.len());
            prop_assert_eq!(shares.iter().map(|s| s.energy_wh).sum::<u64>(), energy);
            // Each share stays inside its tier.
            for s in &shares {
                if let Some(to) = s.up_to_wh {
                    prop_assert!(s.energy_wh <= to - s.from_wh);
                }
            }
        }

        #[test]
        fn tou_split_conserves_energy(tou in arb_tou(), hourly in prop::collection::vec(arb_month(), 0..4)) {
            let energy = tou_band_energy(&tou, &hourly).unwrap();
            let total: u64 = hourly
                .iter()
                .map(|m| m.weekday_wh.iter().chain(m.weekend_wh.iter()).sum::<u64>())
                .sum();
            prop_assert_eq!(energy.iter().sum::<u64>(), total);
        }

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
}
