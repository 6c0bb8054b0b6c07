//! An independent bill calculator, shared by the multi-test story and the chain tests.
//!
//! It knows the tariff rules from the interface's documentation (`ledger_types::tariff`):
//! every line is computed exactly and rounded half up to a whole minor unit, tax is computed
//! once on the sum of the rounded lines, lines of zero energy are left out, a minimum charge
//! tops the lines up before tax, a reading's energy counts in the local month, day type and
//! hour in which its interval starts, and an interval's power is its energy over its length
//! (rounded down). It uses nothing of the tariff or meter contracts' code, and computes local
//! dates with a calendar algorithm of its own, so that a bill that agrees with it was not
//! merely computed twice by the same code.

use ledger_reading::{Reading, SignedReading};
use ledger_types::meter::StoredReading;
use ledger_types::tariff::{LineItem, LineKind, MonthHours, TariffComponents};

/// Seconds in a civil day.
const DAY: i64 = 86_400;

/// A bill line as `(kind, quantity, unit price, amount)`: what a line states, without its
/// description.
pub type Line = (LineKind, u64, u128, u128);

/// What the calculator needs to know of a reading.
pub trait Metered {
    /// Start of the interval, unix seconds.
    fn interval_start(&self) -> u64;
    /// Length of the interval, seconds.
    fn interval_length(&self) -> u32;
    /// Energy of the interval, Wh.
    fn energy_wh(&self) -> u64;
}

macro_rules! metered {
    ($t:ty) => {
        impl Metered for $t {
            fn interval_start(&self) -> u64 {
                self.interval_start
            }
            fn interval_length(&self) -> u32 {
                self.interval_length
            }
            fn energy_wh(&self) -> u64 {
                self.energy_wh
            }
        }
    };
}
metered!(Reading);
metered!(SignedReading);
metered!(StoredReading);

/// `round(numerator / denominator)` with halves rounded up.
pub fn half_up(numerator: u128, denominator: u128) -> u128 {
    (2 * numerator + denominator) / (2 * denominator)
}

/// The civil date (year, month 1..=12, day 1..=31) of a day number counted from 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Where an instant falls in local time at a UTC offset: (month 1..=12, hour 0..=23, whether
/// the day is a Saturday or a Sunday).
pub fn local_slot(unix: u64, offset_minutes: i32) -> (usize, usize, bool) {
    let local = unix as i64 + i64::from(offset_minutes) * 60;
    let days = local.div_euclid(DAY);
    let (_, month, _) = civil_from_days(days);
    // 1970-01-01 was a Thursday; Monday = 0.
    let weekday = (days + 3).rem_euclid(7);
    let hour = (local.rem_euclid(DAY) / 3_600) as usize;
    (month as usize, hour, weekday >= 5)
}

/// The period's energy by local month, day type and hour, months in the order the readings
/// reach them (readings in time order).
pub fn profile<R: Metered>(readings: &[R], offset_minutes: i32) -> Vec<MonthHours> {
    let mut months: Vec<MonthHours> = vec![];
    for r in readings {
        let (month, hour, weekend) = local_slot(r.interval_start(), offset_minutes);
        let month = month as u8;
        if months.last().map(|m| m.month) != Some(month) {
            months.push(MonthHours {
                month,
                weekday_wh: [0; 24],
                weekend_wh: [0; 24],
            });
        }
        let m = months.last_mut().expect("a month was just pushed");
        if weekend {
            m.weekend_wh[hour] += r.energy_wh();
        } else {
            m.weekday_wh[hour] += r.energy_wh();
        }
    }
    months
}

/// A bill as the tariff's definition says it must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedBill {
    /// The lines in the order a bill lists them.
    pub lines: Vec<Line>,
    /// Sum of the lines, minor units.
    pub subtotal: u128,
    /// Tax on the subtotal, minor units.
    pub tax: u128,
    /// Subtotal plus tax.
    pub total: u128,
    /// Energy of the period, Wh.
    pub energy_wh: u64,
    /// Highest interval power of the period, W.
    pub max_power_w: u64,
    /// Energy of late readings (of periods closed before they arrived) the bill carries, Wh.
    pub late_energy_wh: u64,
}

/// The bill of a period whose readings (every reading whose interval starts in the period) are
/// `readings`, under a tariff with these components read at `utc_offset_minutes`.
pub fn bill<R: Metered>(
    c: &TariffComponents,
    utc_offset_minutes: i32,
    readings: &[R],
) -> ExpectedBill {
    let max_power = readings
        .iter()
        .map(|r| r.energy_wh() * 3_600 / u64::from(r.interval_length()))
        .max()
        .unwrap_or(0);
    bill_at_power(c, utc_offset_minutes, readings, max_power)
}

/// The bill of a period (its own `readings`) that also carries `late` readings of the closed
/// periods `from_period ..= to_period`: the late energy is priced as the tariff prices energy,
/// added to the period's (in its own local hours, on top of the period's energy for tiers),
/// but its power does not count for demand. Its line, after the period's lines, is what it
/// adds to the subtotal; its unit price is that amount per MWh, rounded half up.
pub fn bill_with_late<R: Metered, L: Metered>(
    c: &TariffComponents,
    utc_offset_minutes: i32,
    readings: &[R],
    late: &[L],
    from_period: u32,
    to_period: u32,
) -> ExpectedBill {
    let own = bill(c, utc_offset_minutes, readings);
    let late_wh: u64 = late.iter().map(Metered::energy_wh).sum();
    if late_wh == 0 {
        return own;
    }
    let all: Vec<Slot> = readings
        .iter()
        .map(Slot::of)
        .chain(late.iter().map(Slot::of))
        .collect();
    let with = bill_at_power(c, utc_offset_minutes, &all, own.max_power_w);
    let amount = with.subtotal - own.subtotal;
    let unit_price = half_up(amount * 1_000_000, u128::from(late_wh));
    let mut lines = own.lines;
    lines.push((
        LineKind::LateEnergy {
            from_period,
            to_period,
        },
        late_wh,
        unit_price,
        amount,
    ));
    ExpectedBill {
        lines,
        late_energy_wh: late_wh,
        energy_wh: own.energy_wh,
        ..with
    }
}

/// A reading reduced to what pricing needs.
struct Slot {
    interval_start: u64,
    interval_length: u32,
    energy_wh: u64,
}

impl Slot {
    fn of<M: Metered>(m: &M) -> Slot {
        Slot {
            interval_start: m.interval_start(),
            interval_length: m.interval_length(),
            energy_wh: m.energy_wh(),
        }
    }
}

metered!(Slot);

fn bill_at_power<R: Metered>(
    c: &TariffComponents,
    utc_offset_minutes: i32,
    readings: &[R],
    max_power: u64,
) -> ExpectedBill {
    let energy: u64 = readings.iter().map(Metered::energy_wh).sum();
    let mut lines: Vec<Line> = vec![];
    if let Some(fixed) = c.fixed_charge {
        lines.push((LineKind::FixedCharge, 1, fixed.u128(), fixed.u128()));
    }
    if let Some(rate) = c.flat_rate {
        let amount = half_up(u128::from(energy) * rate.u128(), 1_000_000);
        lines.push((LineKind::FlatRate, energy, rate.u128(), amount));
    }
    if let Some(tiers) = &c.tiers {
        let mut lower = 0u64;
        for (index, tier) in tiers.iter().enumerate() {
            let upper = tier.up_to_wh.unwrap_or(u64::MAX);
            let in_tier = energy.min(upper).saturating_sub(lower);
            lower = upper;
            if in_tier > 0 {
                let price = tier.price_per_mwh.u128();
                let amount = half_up(u128::from(in_tier) * price, 1_000_000);
                let kind = LineKind::Tier {
                    index: index as u32,
                };
                lines.push((kind, in_tier, price, amount));
            }
        }
    }
    if let Some(tou) = &c.time_of_use {
        let mut per_band = vec![0u64; tou.band_prices.len()];
        for r in readings {
            let (month, hour, weekend) = local_slot(r.interval_start(), utc_offset_minutes);
            let table = if weekend { &tou.weekend } else { &tou.weekday };
            per_band[usize::from(table[month - 1][hour])] += r.energy_wh();
        }
        for (band, &wh) in per_band.iter().enumerate() {
            if wh > 0 {
                let price = tou.band_prices[band].u128();
                let amount = half_up(u128::from(wh) * price, 1_000_000);
                let kind = LineKind::TimeOfUse { band: band as u32 };
                lines.push((kind, wh, price, amount));
            }
        }
    }
    if let Some(per_kw) = c.demand_charge_per_kw {
        let amount = half_up(u128::from(max_power) * per_kw.u128(), 1_000);
        lines.push((LineKind::Demand, max_power, per_kw.u128(), amount));
    }
    let charged: u128 = lines.iter().map(|l| l.3).sum();
    if let Some(minimum) = c.minimum_charge {
        if charged < minimum.u128() {
            let top_up = minimum.u128() - charged;
            lines.push((LineKind::MinimumTopUp, 1, minimum.u128(), top_up));
        }
    }
    let subtotal: u128 = lines.iter().map(|l| l.3).sum();
    let tax = half_up(subtotal * u128::from(c.tax_bps.unwrap_or(0)), 10_000);
    ExpectedBill {
        lines,
        subtotal,
        tax,
        total: subtotal + tax,
        energy_wh: energy,
        max_power_w: max_power,
        late_energy_wh: 0,
    }
}

/// A recorded bill's lines as [`Line`]s, to compare with [`ExpectedBill::lines`].
pub fn line_tuples(lines: &[LineItem]) -> Vec<Line> {
    lines
        .iter()
        .map(|l| {
            (
                l.kind.clone(),
                l.quantity,
                l.unit_price.u128(),
                l.amount.u128(),
            )
        })
        .collect()
}

/// Advances of a period as the bank schedules them: `estimate × bps / 10000`, rounded down,
/// zero amounts left out.
pub fn advances(estimate: u128, bps: &[u16]) -> Vec<u128> {
    bps.iter()
        .map(|b| estimate * u128::from(*b) / 10_000)
        .filter(|a| *a > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2026-11-01 and the leap day of 2028.
        assert_eq!(civil_from_days(1_793_491_200 / 86_400), (2026, 11, 1));
        assert_eq!(civil_from_days(20_512), (2026, 2, 28));
        assert_eq!(civil_from_days(21_243), (2028, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn local_slots() {
        // Monday 2026-11-02 00:30 UTC; at UTC-1 it is still Sunday 23:30.
        let monday = 1_793_577_600 + 1_800;
        assert_eq!(local_slot(monday, 0), (11, 0, false));
        assert_eq!(local_slot(monday, -60), (11, 23, true));
        // 2026-11-30 23:30 UTC is already December at UTC+1.
        assert_eq!(local_slot(1_796_081_400, 60), (12, 0, false));
    }

    #[test]
    fn rounding_and_advances() {
        assert_eq!(half_up(5, 10), 1);
        assert_eq!(half_up(4, 10), 0);
        assert_eq!(half_up(15, 10), 2);
        assert_eq!(advances(1_001, &[3_000, 4_000]), vec![300, 400]);
        assert_eq!(advances(3, &[3_000]), Vec::<u128>::new());
    }
}
