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
//!
//! Each step has its module: `rounding` (the one rounding rule), `tiers` (splitting
//! energy over a block tariff) and `time_of_use` (energy per band); this module adds up the
//! lines.

mod rounding;
mod tiers;
mod time_of_use;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;

use cosmwasm_std::{OverflowError, OverflowOperation, Uint128, Uint256};
use ledger_types::tariff::{LineItem, LineKind, TariffComponents, UsageProfile};

pub use rounding::mul_div_half_up;
pub use tiers::{TierShare, split_tiers};
pub use time_of_use::tou_band_energy;

use crate::ContractError;
use crate::ContractResult;

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
/// Prices every component of `c` present for `usage`. Assumes `c` passed
/// [`crate::validate::components`], yet never panics if it did not.
pub fn price(c: &TariffComponents, usage: &UsageProfile) -> ContractResult<Priced> {
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
pub fn sum_lines(lines: &[LineItem]) -> ContractResult<Uint128> {
    lines.iter().try_fold(Uint128::zero(), |sum, line| {
        Ok(sum.checked_add(line.amount)?)
    })
}

fn energy_line(
    kind: LineKind,
    description: String,
    energy_wh: u64,
    price_per_mwh: Uint128,
) -> ContractResult<LineItem> {
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

fn to_amount(value: Uint256, what: &str) -> ContractResult<Uint128> {
    Uint128::try_from(value).map_err(|_| ContractError::AmountOverflow {
        line: what.to_string(),
    })
}

fn index_u32(index: usize) -> ContractResult<u32> {
    u32::try_from(index).map_err(|_| OverflowError::new(OverflowOperation::Add).into())
}
