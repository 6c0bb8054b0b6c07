//! Property: however a stream of readings is cut into transactions, and whenever periods are
//! closed in between, every reading is counted exactly once in its day, its period and its
//! hour, and the totals equal those computed independently from the readings.

use std::collections::BTreeMap;

use ledger_types::billing::{AdvanceRule, BillingCycle, MeterSettings, PaymentSchedule};
use ledger_types::meter::{Bill, PeriodUsage, QueryMsg};
use ledger_types::reading::SignedReading;
use ledger_types::time;
use proptest::prelude::*;
use proptest::sample::select;

use super::helpers::*;

const START: u64 = NOV_2026 + 28 * DAY;
const METERS: [&str; 2] = ["a", "b"];

fn settings(calendar: bool) -> MeterSettings {
    if calendar {
        MeterSettings {
            cycle: BillingCycle::CalendarMonth {
                utc_offset_minutes: 60,
            },
            ..MeterSettings::default()
        }
    } else {
        // Three days of a little under 28 hours: longer than the open day's hour window.
        MeterSettings {
            cycle: BillingCycle::Days {
                origin: NOV_2026,
                days: 3,
                day_seconds: 100_000,
            },
            schedule: PaymentSchedule {
                advances: vec![AdvanceRule { bps: 3_000, day: 1 }],
                final_day: 3,
            },
            ..MeterSettings::default()
        }
    }
}

fn world(calendar: bool, tariff: &str) -> Ctx {
    let mut ctx = Ctx::new(settings(calendar), START);
    ctx.add_meter(METERS[0], 1, tariff).unwrap();
    ctx.add_meter(METERS[1], 2, "flat").unwrap();
    ctx.at(START + 100 * DAY);
    ctx
}

/// (month, weekend, hour) -> Wh
type Hours = BTreeMap<(u8, bool, u8), u64>;

/// Totals computed from the readings alone.
#[derive(Default, Debug, PartialEq)]
struct Totals {
    /// period -> (energy, readings, max power, hours)
    periods: BTreeMap<u32, (u64, u32, u64, Hours)>,
    /// day -> (energy, readings)
    days: BTreeMap<u64, (u64, u32)>,
}

fn expected(cycle: &BillingCycle, offset: i32, readings: &[&SignedReading]) -> Totals {
    let mut totals = Totals::default();
    for r in readings {
        let period = cycle.period_of(r.interval_start).unwrap();
        let entry = totals.periods.entry(period).or_default();
        entry.0 += r.energy_wh;
        entry.1 += 1;
        entry.2 = entry
            .2
            .max(r.energy_wh * 3_600 / u64::from(r.interval_length));
        let at = time::local_time(time::to_local(r.interval_start, offset).unwrap());
        if r.energy_wh > 0 {
            *entry
                .3
                .entry((at.month, at.is_weekend(), at.hour))
                .or_default() += r.energy_wh;
        }
        let day = totals
            .days
            .entry(cycle.day_index(r.interval_start).unwrap())
            .or_default();
        day.0 += r.energy_wh;
        day.1 += 1;
    }
    totals
}

fn observed(ctx: &Ctx, meter_id: &str, periods: impl Iterator<Item = u32>) -> Totals {
    let mut totals = Totals::default();
    for period in periods {
        let usage = ctx.period(meter_id, period);
        if usage.readings == 0 {
            continue;
        }
        let mut hours = BTreeMap::new();
        for month in &usage.hourly {
            for h in 0..24u8 {
                for (weekend, wh) in [
                    (false, month.weekday_wh[usize::from(h)]),
                    (true, month.weekend_wh[usize::from(h)]),
                ] {
                    if wh > 0 {
                        hours.insert((month.month, weekend, h), wh);
                    }
                }
            }
        }
        totals.periods.insert(
            period,
            (usage.energy_wh, usage.readings, usage.max_power_w, hours),
        );
    }
    for day in ctx.days(meter_id).days {
        totals.days.insert(day.day, (day.energy_wh, day.readings));
    }
    totals
}

/// Closes every period of `meter_id` that ended before `next_start`.
fn close_ended(ctx: &mut Ctx, cycle: &BillingCycle, meter_id: &str, next_start: u64) {
    loop {
        let period = ctx.meter(meter_id).next_period_to_close;
        if cycle.bounds(period).unwrap().1 > next_start {
            return;
        }
        ctx.close(meter_id, period).unwrap();
    }
}

fn without_closed_flag(usage: PeriodUsage) -> PeriodUsage {
    PeriodUsage {
        closed: false,
        ..usage
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn split_batches_count_every_reading_once(
        calendar in any::<bool>(),
        tariff in select(vec!["flat", "east", "west"]),
        specs in prop::collection::vec(
            (
                0usize..2,
                prop_oneof![Just(0u64), 0u64..40_000],
                select(vec![900u32, 1_800, 3_600, 7_200]),
                0u64..3_000,
                any::<bool>(),
            ),
            1..60,
        ),
    ) {
        let cycle = settings(calendar).cycle;
        let mut one = world(calendar, tariff);
        let mut split = world(calendar, tariff);
        let mut feeds = [Feed::new(&one, METERS[0], 1), Feed::new(&one, METERS[1], 2)];
        let mut readings = Vec::new();
        let mut cuts = Vec::new();
        for (meter, gap, length, energy, cut) in &specs {
            feeds[*meter].skip(*gap);
            readings.push(feeds[*meter].next(*length, *energy));
            cuts.push(*cut);
        }

        one.submit(readings.clone()).unwrap();

        let mut chunk = Vec::new();
        for (i, reading) in readings.iter().enumerate() {
            chunk.push(reading.clone());
            if cuts[i] || i + 1 == readings.len() {
                split.submit(std::mem::take(&mut chunk)).unwrap();
                // Close what no later reading of a meter can fall in any more.
                for meter_id in METERS {
                    if let Some(next) = readings[i + 1..].iter().find(|r| r.meter_id == meter_id) {
                        close_ended(&mut split, &cycle, meter_id, next.interval_start);
                    }
                }
            }
        }

        for (m, meter_id) in METERS.iter().enumerate() {
            let mine: Vec<&SignedReading> =
                readings.iter().filter(|r| r.meter_id == *meter_id).collect();
            let state = one.meter(meter_id);
            prop_assert_eq!(state.readings, mine.len() as u64);
            let mut split_state = split.meter(meter_id);
            split_state.next_period_to_close = state.next_period_to_close;
            prop_assert_eq!(&split_state, &state);

            let Some(first) = mine.first() else { continue };
            let offset = state.tariff_utc_offset_minutes;
            let from = cycle.period_of(first.interval_start).unwrap();
            let to = cycle.period_of(feeds[m].next_start).unwrap() + 1;
            let want = expected(&cycle, offset, &mine);
            prop_assert_eq!(&observed(&one, meter_id, from..=to), &want);
            prop_assert_eq!(&observed(&split, meter_id, from..=to), &want);
            for period in from..=to {
                let usage = split.period(meter_id, period);
                prop_assert_eq!(
                    without_closed_flag(usage.clone()),
                    without_closed_flag(one.period(meter_id, period))
                );
                // A bill holds exactly the energy the period holds in the end.
                if usage.closed {
                    let bill: Bill = split.query(QueryMsg::Bill {
                        meter_id: meter_id.to_string(),
                        period,
                    });
                    prop_assert_eq!(bill.energy_wh, usage.energy_wh);
                    prop_assert_eq!(bill.max_power_w, usage.max_power_w);
                }
            }
            let stored = one.query::<ledger_types::meter::ReadingsResponse>(QueryMsg::Readings {
                meter_id: meter_id.to_string(),
                from: None,
                to: None,
                start_after: None,
                limit: Some(100),
            });
            prop_assert_eq!(stored.readings.len(), mine.len());
        }
    }
}
