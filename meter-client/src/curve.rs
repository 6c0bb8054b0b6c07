//! A household's daily load curve, for the simulator.
//!
//! The mean power of a household follows a typical European shape: a night base load of
//! fridges and standby devices (about 200 W), a morning peak around 07:30 on weekdays (later
//! and broader at weekends), a moderate midday and an evening peak around 19:30, the day's
//! highest. Weekends use a table of their own. Each simulated household varies the shape with
//! parameters derived from the fleet seed and its index: its size (0.5 to 1.3 times the
//! reference household, which uses about 11 kWh a day), a shift of its routine of up to ±45
//! minutes, and how noisy it is. On top of the mean, every interval gets seeded noise and, now and then, an
//! appliance switching on (a kettle, an oven, a washing machine).
//!
//! Everything is a pure function of (seed, meter index, interval start, interval length, UTC
//! offset): no generator state is kept, so a restarted simulator reproduces exactly the
//! readings it would have produced, and a test can recompute them. Only `+ - * /` and
//! comparisons are used on floating point (no `sin`, `exp` or `powf`, whose last bit may differ
//! between libm implementations), so the numbers are the same on x86_64 and on a Raspberry Pi.

use crate::solar::SolarPlant;

/// Seconds in a day.
const DAY: i64 = 86_400;
/// Length of the slices an interval is integrated over.
const STEP_SECONDS: u32 = 300;
/// Most slices per interval (a day of 5-minute slices).
const MAX_STEPS: u32 = 288;

/// Mean power of the reference household on a weekday, watts, for the hour starting at the
/// index (the value applies at the middle of the hour; between middles it is interpolated).
const WEEKDAY_W: [f64; 24] = [
    260.0, 225.0, 205.0, 200.0, 200.0, 230.0, 420.0, 760.0, 640.0, 400.0, 340.0, 350.0, 420.0,
    390.0, 340.0, 340.0, 390.0, 580.0, 900.0, 1_050.0, 920.0, 720.0, 520.0, 360.0,
];

/// The same for Saturdays and Sundays: people sleep longer and are at home by day.
const WEEKEND_W: [f64; 24] = [
    300.0, 250.0, 215.0, 200.0, 200.0, 200.0, 230.0, 340.0, 560.0, 760.0, 680.0, 620.0, 720.0,
    640.0, 520.0, 480.0, 520.0, 680.0, 930.0, 1_000.0, 900.0, 760.0, 560.0, 390.0,
];

/// The energy of `power_w` over `[local, local + length)`, watt-hours: the power at the middle
/// of each slice of at most [`STEP_SECONDS`] (at most [`MAX_STEPS`] slices) times its length.
/// Both the household and the solar curve integrate this way.
pub(crate) fn integrate_wh(local: i64, length: u32, power_w: impl Fn(i64) -> f64) -> f64 {
    let steps = length.div_ceil(STEP_SECONDS).clamp(1, MAX_STEPS);
    let step = f64::from(length) / f64::from(steps);
    let mut watt_seconds = 0.0;
    for k in 0..steps {
        let middle = local + (step * (f64::from(k) + 0.5)) as i64;
        watt_seconds += power_w(middle) * step;
    }
    watt_seconds / 3_600.0
}

/// splitmix64: a small, well-mixing, stateless hash of a 64-bit value.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A uniform number in [0, 1) from 53 bits of `x`.
pub fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// Monday = 0 ... Sunday = 6 for a local day number (days since 1970-01-01, a Thursday).
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// Whether a local day number is a Saturday or a Sunday.
pub fn is_weekend(day: i64) -> bool {
    weekday(day) >= 5
}

/// Mean power of the reference household at `second` (0..86400) of a day, interpolated
/// linearly between the middles of the hours.
fn reference_power_w(second: i64, weekend: bool) -> f64 {
    let table = if weekend { &WEEKEND_W } else { &WEEKDAY_W };
    // Position in hours relative to the middle of hour 0.
    let hours = (second as f64 - 1_800.0) / 3_600.0;
    let floor = hours.floor();
    let frac = hours - floor;
    let i = (floor as i64).rem_euclid(24) as usize;
    let j = (i + 1) % 24;
    table[i] + (table[j] - table[i]) * frac
}

/// One simulated household: its size, routine and noisiness. 32 bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Household {
    /// Identity of the noise: hash of the fleet seed and the meter index.
    noise_key: u64,
    /// Size relative to the reference household.
    scale: f64,
    /// Seconds the household's routine runs late (negative: early).
    shift_seconds: i32,
    /// Standard deviation of the per-interval noise, relative to the mean.
    noise: f32,
}

impl Household {
    /// The household of meter `index` in a fleet (or a single meter) simulated with `seed`.
    pub fn new(seed: u64, index: u32) -> Self {
        let key = mix(mix(seed) ^ mix(u64::from(index).wrapping_add(0x5EED)));
        let scale = 0.5 + 0.8 * unit(mix(key ^ 1));
        let shift_seconds = (unit(mix(key ^ 2)) * 5_400.0) as i32 - 2_700;
        let noise = (0.10 + 0.15 * unit(mix(key ^ 3))) as f32;
        Household {
            noise_key: key,
            scale,
            shift_seconds,
            noise,
        }
    }

    /// Size relative to the reference household (0.5 to 1.3).
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Mean power (without noise) at local time `local` (unix seconds shifted by the UTC
    /// offset), watts.
    pub fn mean_power_w(&self, local: i64) -> f64 {
        let t = local - i64::from(self.shift_seconds);
        let day = t.div_euclid(DAY);
        let second = t.rem_euclid(DAY);
        self.scale * reference_power_w(second, is_weekend(day))
    }

    /// Energy used in `[start, start + length)`, watt-hours, with noise and appliance events;
    /// never above what `max_power_w` allows for the interval.
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
        let mean_wh = integrate_wh(local, length, |t| self.mean_power_w(t));

        // Noise: an approximately normal factor (Irwin-Hall sum of four uniforms).
        let h = mix(self.noise_key ^ mix(start));
        let sum: f64 = (0..4u64).map(|i| unit(mix(h ^ (i + 10)))).sum();
        let z = (sum - 2.0) * 1.732_050_807_568_877_2;
        let factor = (1.0 + f64::from(self.noise) * z).clamp(0.25, 3.0);
        let mut wh = mean_wh * factor;

        // An appliance now and then: more likely in longer intervals and by day.
        let hour_power = self.mean_power_w(local) / self.scale;
        let chance = (f64::from(length) / 1_800.0 * 0.03 * hour_power / 400.0).min(0.9);
        if unit(mix(h ^ 20)) < chance {
            let watts = 1_000.0 + 1_500.0 * unit(mix(h ^ 21));
            let seconds = (300.0 + 900.0 * unit(mix(h ^ 22))).min(f64::from(length));
            wh += watts * seconds / 3_600.0;
        }

        let mut energy = wh.round().max(0.0) as u64;
        if let Some(max) = max_power_w {
            let cap = u128::from(max) * u128::from(length) / 3_600;
            energy = energy.min(u64::try_from(cap).unwrap_or(u64::MAX));
        }
        energy
    }
}

/// What a simulated meter measures: a household's consumption, or a solar plant's
/// generation (a generation meter of the simulated park).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MeterCurve {
    /// A household on the load curve.
    Household(Household),
    /// A solar plant on the clear-sky curve.
    Solar(SolarPlant),
}

impl MeterCurve {
    /// Energy in `[start, start + length)`, watt-hours, consumed or generated; never above
    /// what `max_power_w` allows for the interval.
    pub fn energy_wh(
        &self,
        start: u64,
        length: u32,
        utc_offset_minutes: i32,
        max_power_w: Option<u64>,
    ) -> u64 {
        match self {
            MeterCurve::Household(h) => h.energy_wh(start, length, utc_offset_minutes, max_power_w),
            MeterCurve::Solar(s) => s.energy_wh(start, length, utc_offset_minutes, max_power_w),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 2026-11-02 00:00 UTC.
    const MONDAY: u64 = 1_793_577_600;
    const HALF_HOUR: u32 = 1_800;

    fn day_profile(h: &Household, day_start: u64) -> Vec<u64> {
        (0..48)
            .map(|i| h.energy_wh(day_start + i * u64::from(HALF_HOUR), HALF_HOUR, 0, None))
            .collect()
    }

    #[test]
    fn monday_is_a_weekday_and_the_weekend_is_saturday_and_sunday() {
        let day = (MONDAY / 86_400) as i64;
        assert_eq!(weekday(day), 0);
        assert!(!is_weekend(day + 4));
        assert!(is_weekend(day + 5));
        assert!(is_weekend(day + 6));
        assert!(!is_weekend(day + 7));
    }

    #[test]
    fn same_seed_same_readings_other_seed_other_readings() {
        let a = day_profile(&Household::new(42, 7), MONDAY);
        let b = day_profile(&Household::new(42, 7), MONDAY);
        assert_eq!(a, b);
        assert_ne!(a, day_profile(&Household::new(43, 7), MONDAY));
        assert_ne!(a, day_profile(&Household::new(42, 8), MONDAY));
    }

    #[test]
    fn a_fixed_vector_keeps_the_curve_from_changing_silently() {
        let h = Household::new(1, 0);
        let energies: Vec<u64> = (0..4)
            .map(|i| h.energy_wh(MONDAY + i * 7_200, HALF_HOUR, 60, None))
            .collect();
        // Changes only when the curve is changed on purpose (then update the vector).
        assert_eq!(energies, [148, 119, 154, 288]);
    }

    /// Mean over many households and weeks: the shape a grid operator would recognise.
    #[test]
    fn the_daily_shape_is_plausible() {
        let mut weekday = [0f64; 24];
        let mut weekend = [0f64; 24];
        let households = 40u32;
        for index in 0..households {
            let h = Household::new(9, index);
            for day in 0..14u64 {
                let start = MONDAY + day * 86_400;
                let target = if day % 7 >= 5 {
                    &mut weekend
                } else {
                    &mut weekday
                };
                for (i, e) in day_profile(&h, start).iter().enumerate() {
                    target[i / 2] += *e as f64;
                }
            }
        }
        let night = weekday[3];
        // Evening peak is the day's highest, well above the night's base load.
        let evening = weekday[19];
        assert!(evening > 3.0 * night, "evening {evening} night {night}");
        assert!(weekday.iter().all(|&w| w <= evening * 1.05), "{weekday:?}");
        // A weekday morning peak at 7-8, above late morning.
        assert!(weekday[7] > 1.5 * night, "{weekday:?}");
        assert!(weekday[7] > weekday[10], "{weekday:?}");
        // Weekends: little at 7, more at 9-10 than on weekdays (scaled to 4 vs 10 days).
        let per_day = |v: f64, days: f64| v / days;
        assert!(per_day(weekend[7], 4.0) < per_day(weekday[7], 10.0));
        assert!(per_day(weekend[9], 4.0) > per_day(weekday[9], 10.0));

        // About 11 kWh per household and day on average (sizes vary from 0.5 to 1.3).
        let total: f64 = weekday.iter().chain(weekend.iter()).sum();
        let per_household_day = total / f64::from(households) / 14.0;
        assert!(
            (6_000.0..14_000.0).contains(&per_household_day),
            "{per_household_day} Wh/day"
        );
    }

    #[test]
    fn energy_scales_with_length_and_respects_the_power_limit() {
        let h = Household::new(5, 3);
        let day: u64 = (0..24)
            .map(|i| h.energy_wh(MONDAY + i * 3_600, 3_600, 0, None))
            .sum();
        let whole = h.energy_wh(MONDAY, 86_400, 0, None);
        // One noise draw for the whole day versus 24: same order of magnitude.
        assert!(whole > day / 3 && whole < day * 3, "{whole} vs {day}");
        assert_eq!(h.energy_wh(MONDAY, 0, 0, None), 0);
        for i in 0..200 {
            let e = h.energy_wh(MONDAY + i * 900, 900, 0, Some(400));
            assert!(e <= 100, "{e} Wh in 15 min at most 400 W");
        }
    }

    #[test]
    fn utc_offset_moves_the_peak() {
        let h = Household::new(11, 0);
        // 18:30 UTC is 19:30 at UTC+1 and 17:30 at UTC-1: the evening peak is stronger later.
        let mean_at = |offset: i32| {
            let local = MONDAY as i64 + 18 * 3_600 + 1_800 + i64::from(offset) * 60;
            h.mean_power_w(local)
        };
        assert!(mean_at(60) > mean_at(-60));
    }
}
