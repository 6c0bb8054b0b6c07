//! A solar generator's clear-sky output, for the simulated park.
//!
//! The power of a fixed photovoltaic plant on a cloudless day rises from zero at sunrise to
//! its peak at solar noon and falls back to zero at sunset, roughly as the sine of the sun's
//! elevation. Here the day lasts from `noon - H` to `noon + H`, where the half-day `H` follows
//! the seasons (about 8.2 hours at the June solstice, 3.8 at the December one: a latitude near
//! 50° north), and the power at a fraction `u` of the half-day from noon is the plant's peak
//! times a seasonal height (1 in June, 0.45 in December) times a bell `c·(0.4 + 0.6·c)`, with
//! `c` a rational approximation of `cos(πu/2)`. Each simulated plant varies it with
//! parameters derived from the fleet seed and its index: its peak power (20 to 80 kW) and
//! where solar noon falls in its time zone (up to ±30 minutes from 12:00, its longitude). On
//! top of the clear sky, every local day gets a seeded clearness (0.75 to 1) and every
//! interval a little seeded cloud noise (0.9 to 1).
//!
//! The same discipline as the household curve ([`crate::curve`]): a pure function of (seed,
//! meter index, interval start, interval length, UTC offset), and only `+ - * /` and
//! comparisons on floating point, so that the numbers are the same on every machine and a
//! forecast of an interval is exactly the reading the simulator will produce for it.

use crate::curve::{integrate_wh, mix, unit};

/// Seconds in a day.
const DAY: i64 = 86_400;
/// Day number (days since 1970-01-01) of a June solstice, 1970-06-21.
const SOLSTICE_DAY: i64 = 171;
/// A mean tropical year in ten-thousandths of a day, so that the season stays in step with
/// the calendar over decades while the arithmetic stays in integers.
const YEAR_E4: i64 = 3_652_425;

/// An approximation of `cos(πu/2)` for `u` in `[-1, 1]` (Bhaskara's), exact at 0 and ±1 and
/// within 0.002 between.
fn cos_quarter(u: f64) -> f64 {
    let u2 = u * u;
    4.0 * (1.0 - u2) / (4.0 + u2)
}

/// `cos(2πx)` for a fraction of a turn `x` in `[0, 1)`, from [`cos_quarter`].
fn cos_turn(x: f64) -> f64 {
    let t = if x <= 0.5 { x } else { 1.0 - x };
    if t <= 0.25 {
        cos_quarter(4.0 * t)
    } else {
        -cos_quarter(4.0 * (0.5 - t))
    }
}

/// Where local day `day` lies between two June solstices: 1 at the solstice, -1 at the
/// December one.
fn season(day: i64) -> f64 {
    let phase = ((day - SOLSTICE_DAY) * 10_000).rem_euclid(YEAR_E4);
    cos_turn(phase as f64 / YEAR_E4 as f64)
}

/// One simulated solar plant: its peak power and where its solar noon falls. 24 bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SolarPlant {
    /// Identity of the noise: hash of the fleet seed and the meter index.
    noise_key: u64,
    /// Power at solar noon on a clear June day, watts.
    peak_w: f64,
    /// Seconds solar noon falls after 12:00 local time (negative: before).
    noon_shift_seconds: i32,
}

impl SolarPlant {
    /// The plant behind meter `index` of a fleet simulated with `seed`.
    pub fn new(seed: u64, index: u32) -> Self {
        let key = mix(mix(seed) ^ mix(u64::from(index).wrapping_add(0x5_01A2)));
        let peak_w = 20_000.0 + 60_000.0 * unit(mix(key ^ 1));
        let noon_shift_seconds = (unit(mix(key ^ 2)) * 3_600.0) as i32 - 1_800;
        SolarPlant {
            noise_key: key,
            peak_w,
            noon_shift_seconds,
        }
    }

    /// Power at solar noon on a clear June day, watts (20 to 80 kW).
    pub fn peak_w(&self) -> f64 {
        self.peak_w
    }

    /// Clear-sky power (without clouds) at local time `local` (unix seconds shifted by the
    /// UTC offset), watts; zero between sunset and sunrise.
    pub fn clear_sky_power_w(&self, local: i64) -> f64 {
        let day = local.div_euclid(DAY);
        let second = local.rem_euclid(DAY);
        let season = season(day);
        let half_day = 3_600.0 * (6.0 + 2.2 * season);
        let noon = 43_200.0 + f64::from(self.noon_shift_seconds);
        let u = (second as f64 - noon) / half_day;
        if !(-1.0..1.0).contains(&u) {
            return 0.0;
        }
        let c = cos_quarter(u);
        let height = 0.725 + 0.275 * season;
        self.peak_w * height * c * (0.4 + 0.6 * c)
    }

    /// Energy generated in `[start, start + length)`, watt-hours, with the day's clearness
    /// and the interval's cloud noise; never above what `max_power_w` allows for the
    /// interval.
    pub fn energy_wh(
        &self,
        start: u64,
        length: u32,
        utc_offset_minutes: i32,
        max_power_w: Option<u64>,
    ) -> u64 {
        if length == 0 {
            return 0;
        }
        let local = start as i64 + i64::from(utc_offset_minutes) * 60;
        let clear_sky_wh = integrate_wh(local, length, |t| self.clear_sky_power_w(t));
        let day = local.div_euclid(DAY);
        let clearness = 0.75 + 0.25 * unit(mix(self.noise_key ^ mix(day as u64) ^ 30));
        let cloud = 0.9 + 0.1 * unit(mix(self.noise_key ^ mix(start) ^ 31));
        let wh = clear_sky_wh * clearness * cloud;
        let mut energy = wh.round().max(0.0) as u64;
        if let Some(max) = max_power_w {
            let cap = u128::from(max) * u128::from(length) / 3_600;
            energy = energy.min(u64::try_from(cap).unwrap_or(u64::MAX));
        }
        energy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 2026-06-22 00:00 UTC, a day after the June solstice.
    const JUNE: u64 = 1_782_086_400;
    /// Monday 2026-12-21 00:00 UTC, the December solstice.
    const DECEMBER: u64 = 1_797_811_200;
    const QUARTER: u32 = 900;

    fn day_of_quarters(p: &SolarPlant, day_start: u64, offset: i32) -> Vec<u64> {
        (0..96)
            .map(|i| p.energy_wh(day_start + i * u64::from(QUARTER), QUARTER, offset, None))
            .collect()
    }

    #[test]
    fn the_approximations_stay_close_to_the_cosine() {
        for i in 0..=100 {
            let x = f64::from(i) / 100.0;
            let exact = (2.0 * std::f64::consts::PI * x).cos();
            assert!((cos_turn(x.min(0.999_999)) - exact).abs() < 0.003, "{x}");
        }
        assert_eq!(cos_quarter(0.0), 1.0);
        assert_eq!(cos_quarter(1.0), 0.0);
        assert!((season(SOLSTICE_DAY) - 1.0).abs() < 1e-9);
        // Fifty years on, the solstice is still the longest day (within a few days).
        let later = SOLSTICE_DAY + (50 * YEAR_E4) / 10_000;
        assert!(season(later) > 0.999, "{}", season(later));
    }

    #[test]
    fn nothing_at_night() {
        for seed in 0..20 {
            let p = SolarPlant::new(seed, 3);
            for start in [JUNE, DECEMBER] {
                let quarters = day_of_quarters(&p, start, 0);
                // 00:00 to 03:00 and 22:00 to 24:00 are dark all year round at 50° north.
                assert!(quarters[..12].iter().all(|&e| e == 0), "{quarters:?}");
                assert!(quarters[88..].iter().all(|&e| e == 0), "{quarters:?}");
                assert_eq!(p.energy_wh(start, 3 * 3_600, 0, None), 0);
            }
            // In December the night is long: nothing before 07:30 nor after 16:30.
            let december = day_of_quarters(&p, DECEMBER, 0);
            assert!(december[..30].iter().all(|&e| e == 0), "{december:?}");
            assert!(december[66..].iter().all(|&e| e == 0), "{december:?}");
        }
    }

    #[test]
    fn the_peak_is_near_solar_noon_and_below_the_plant_peak() {
        for seed in 0..20 {
            let p = SolarPlant::new(seed, 0);
            let noon_clear =
                p.clear_sky_power_w(JUNE as i64 + 43_200 + i64::from(p.noon_shift_seconds));
            // A day after the solstice the sun is a hair lower than at it.
            assert!(
                (noon_clear / p.peak_w() - 1.0).abs() < 0.001,
                "{noon_clear}"
            );
            for offset in [0, 60, -120] {
                let quarters = day_of_quarters(&p, JUNE, offset);
                let (best, _) = quarters
                    .iter()
                    .enumerate()
                    .max_by_key(|&(_, e)| *e)
                    .unwrap();
                // Local noon is quarter 48; the plant's noon within ±30 min, the clouds
                // within 10 %: the best quarter lies within 1.5 hours of 12:00 local time,
                // which moves with the offset.
                let local_noon_quarter = 48 - offset / 15;
                assert!(
                    (best as i32 - local_noon_quarter).abs() <= 6,
                    "seed {seed} offset {offset}: best quarter {best}"
                );
                let most = (p.peak_w() * f64::from(QUARTER) / 3_600.0).ceil() as u64;
                assert!(quarters.iter().all(|&e| e <= most), "{quarters:?} {most}");
            }
        }
    }

    #[test]
    fn a_day_yields_what_a_plant_of_its_size_yields() {
        for seed in 0..30 {
            let p = SolarPlant::new(seed, 1);
            assert!((20_000.0..80_000.0).contains(&p.peak_w()));
            let kwh_per_kwp =
                |start: u64| day_of_quarters(&p, start, 60).iter().sum::<u64>() as f64 / p.peak_w();
            // Full-load hours of a clear to slightly hazy day.
            let june = kwh_per_kwp(JUNE);
            let december = kwh_per_kwp(DECEMBER);
            assert!((6.0..9.5).contains(&june), "seed {seed}: June {june} h");
            assert!(
                (1.2..2.5).contains(&december),
                "seed {seed}: December {december} h"
            );
            // A whole day in one interval gets the same clear sky, its own cloud draw.
            let whole = p.energy_wh(JUNE, 86_400, 60, None) as f64 / p.peak_w();
            assert!(
                (june * 0.85..june * 1.15).contains(&whole),
                "{whole} vs {june}"
            );
        }
    }

    #[test]
    fn same_seed_same_output_other_seed_other_output() {
        let a = day_of_quarters(&SolarPlant::new(42, 7), JUNE, 60);
        assert_eq!(a, day_of_quarters(&SolarPlant::new(42, 7), JUNE, 60));
        assert_ne!(a, day_of_quarters(&SolarPlant::new(43, 7), JUNE, 60));
        assert_ne!(a, day_of_quarters(&SolarPlant::new(42, 8), JUNE, 60));
    }

    #[test]
    fn a_fixed_vector_keeps_the_curve_from_changing_silently() {
        let p = SolarPlant::new(1, 0);
        let energies: Vec<u64> = (0..4)
            .map(|i| p.energy_wh(JUNE + 6 * 3_600 + i * 7_200, QUARTER, 60, None))
            .collect();
        // Changes only when the curve is changed on purpose (then update the vector).
        assert_eq!(energies, [2_298, 4_095, 5_521, 5_118]);
    }

    #[test]
    fn the_power_limit_caps_an_interval() {
        let p = SolarPlant::new(5, 2);
        for i in 0..96 {
            let e = p.energy_wh(JUNE + i * 900, 900, 0, Some(4_000));
            assert!(e <= 1_000, "{e} Wh in 15 min at most 4 kW");
        }
        assert_eq!(p.energy_wh(JUNE + 12 * 3_600, 0, 0, None), 0);
    }
}
