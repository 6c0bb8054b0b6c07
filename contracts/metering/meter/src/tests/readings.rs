//! SubmitReadings: what is accepted, how totals move, and every refusal.

use cosmwasm_std::Binary;
use ledger_types::admin::MeterStatus;
use ledger_types::billing::MeterSettings;
use ledger_types::meter::{
    DailyTotal, ExecuteMsg, MAX_READINGS_PER_MSG, RefusedReading, StoredReading,
    SubmitReadingsResponse, codes,
};
use ledger_types::reading::{Reading, SignedReading};

use super::helpers::*;
use crate::ContractError;
use crate::execute::readings::refusals;

/// The context one day into November, with the meter's first 48 half-hours accepted.
fn a_day_of_readings() -> (Ctx, Feed) {
    let mut ctx = Ctx::with_meter();
    let mut feed = Feed::new(&ctx, METER, 1);
    ctx.at(NOV_2026 + DAY);
    let readings = feed.half_hours(48, |i| 100 + i as u64);
    ctx.submit(readings).unwrap();
    (ctx, feed)
}

#[test]
fn a_batch_updates_every_total() {
    let mut ctx = Ctx::with_meter();
    let mut feed = Feed::new(&ctx, METER, 1);
    ctx.at(NOV_2026 + 2 * DAY);
    // Sunday 1 November: 48 half-hours; Monday 2 November: 48 more.
    let readings = feed.half_hours(96, |i| if i < 48 { 100 } else { 200 + i as u64 });
    let response = ctx.submit(readings).unwrap();
    assert_eq!(attr(&response, "action"), "submit_readings");
    assert_eq!(attr(&response, "accepted"), "96");
    assert_eq!(attr(&response, "meters"), METER);
    assert!(response.messages.is_empty());

    let monday: u64 = (48..96).map(|i| 200 + i as u64).sum();
    let state = ctx.meter(METER);
    assert_eq!(state.last_sequence, 96);
    assert_eq!(state.readings, 96);
    assert_eq!(state.last_interval_end, NOV_2026 + 2 * DAY);
    assert_eq!(state.register_wh, 1_000 + 4_800 + monday);

    let day0 = NOV_2026 / DAY;
    assert_eq!(
        ctx.days(METER).days,
        vec![
            DailyTotal {
                day: day0,
                day_start: NOV_2026,
                energy_wh: 4_800,
                readings: 48
            },
            DailyTotal {
                day: day0 + 1,
                day_start: NOV_2026 + DAY,
                energy_wh: monday,
                readings: 48
            },
        ]
    );

    let usage = ctx.period(METER, NOV);
    assert_eq!((usage.start, usage.end), (NOV_2026, DEC_2026));
    assert_eq!(usage.energy_wh, 4_800 + monday);
    assert_eq!(usage.readings, 96);
    // The largest half-hour is the last: 295 Wh in half an hour is 590 W.
    assert_eq!(usage.max_power_w, 590);
    assert!(!usage.closed);
    assert_eq!(usage.hourly.len(), 1);
    let nov = &usage.hourly[0];
    assert_eq!(nov.month, 11);
    // Sunday is a weekend day: 200 Wh in each of its hours.
    assert_eq!(nov.weekend_wh, [200; 24]);
    // Monday hour h holds half-hours 48 + 2h and 49 + 2h.
    for h in 0..24 {
        let i = 48 + 2 * h as u64;
        assert_eq!(nov.weekday_wh[h], (200 + i) + (201 + i));
    }

    let stored = ctx.readings(METER).readings;
    assert_eq!(stored.len(), 96);
    assert_eq!(
        stored[95],
        StoredReading {
            sequence: 96,
            interval_start: NOV_2026 + 2 * DAY - 1_800,
            interval_length: HALF_HOUR,
            energy_wh: 295,
            register_wh: state.register_wh,
        }
    );
}

#[test]
fn totals_are_the_same_whether_sent_at_once_or_one_by_one() {
    let (mut ctx, mut feed) = a_day_of_readings();
    ctx.at(NOV_2026 + 3 * DAY);
    for i in 0..60 {
        ctx.submit(vec![feed.next(HALF_HOUR, 7 + i)]).unwrap();
    }
    let (mut other, mut other_feed) = a_day_of_readings();
    other.at(NOV_2026 + 3 * DAY);
    other
        .submit((0..60).map(|i| other_feed.next(HALF_HOUR, 7 + i)).collect())
        .unwrap();
    assert_eq!(ctx.period(METER, NOV), other.period(METER, NOV));
    assert_eq!(ctx.days(METER), other.days(METER));
    assert_eq!(ctx.meter(METER), other.meter(METER));
}

#[test]
fn hours_are_those_of_the_tariff_and_intervals_count_where_they_start() {
    let mut ctx = Ctx::new(MeterSettings::default(), NOV_2026);
    ctx.add_meter(METER, 1, "east").unwrap(); // +05:30
    let mut feed = Feed::new(&ctx, METER, 1);
    ctx.at(NOV_2026 + DAY);
    // 00:00Z is 05:30 local on Sunday; 18:15Z straddles local midnight (23:45 to 00:15).
    feed.skip(18 * 3_600 + 900);
    let before_midnight = feed.next(HALF_HOUR, 40);
    ctx.submit(vec![before_midnight]).unwrap();
    let usage = ctx.period(METER, NOV);
    let nov = &usage.hourly[0];
    assert_eq!(nov.weekend_wh[23], 40);
    assert_eq!(nov.weekday_wh, [0; 24]);
    // The next interval starts 00:15 local on Monday.
    ctx.submit(vec![feed.next(HALF_HOUR, 50)]).unwrap();
    let nov = &ctx.period(METER, NOV).hourly[0];
    assert_eq!(nov.weekday_wh[0], 50);
}

#[test]
fn readings_of_several_meters_in_one_batch() {
    let mut ctx = Ctx::with_meter();
    ctx.add_meter("m-2", 2, "flat").unwrap();
    let mut a = Feed::new(&ctx, METER, 1);
    let mut b = Feed::new(&ctx, "m-2", 2);
    ctx.at(NOV_2026 + DAY);
    let mut batch = Vec::new();
    for i in 0..10 {
        batch.push(a.next(HALF_HOUR, 10 + i));
        batch.push(b.next(HALF_HOUR, 20 + i));
    }
    let response = ctx.submit(batch).unwrap();
    assert_eq!(attr(&response, "meters"), "m-1,m-2");
    assert_eq!(ctx.period(METER, NOV).energy_wh, (10..20).sum::<u64>());
    assert_eq!(ctx.period("m-2", NOV).energy_wh, (20..30).sum::<u64>());
    assert_eq!(ctx.meter("m-2").last_sequence, 10);
}

#[test]
fn a_batch_must_hold_one_to_the_maximum_of_readings() {
    let (mut ctx, feed) = a_day_of_readings();
    ctx.refused_submission(vec![], ContractError::NoReadings {});
    let many: Vec<SignedReading> = (0..=MAX_READINGS_PER_MSG)
        .map(|_| feed.sign(feed.peek(HALF_HOUR, 1)))
        .collect();
    ctx.refused_submission(
        many,
        ContractError::TooManyReadings {
            count: MAX_READINGS_PER_MSG + 1,
            max: MAX_READINGS_PER_MSG,
        },
    );
}

#[test]
fn a_replayed_reading_is_refused_in_a_later_transaction() {
    let (mut ctx, mut feed) = a_day_of_readings();
    ctx.at(NOV_2026 + 2 * DAY);
    let first = feed.next(HALF_HOUR, 5);
    ctx.submit(vec![first.clone()]).unwrap();
    // Replayed alone, and inside a batch after a new reading, which is stored.
    ctx.refused_readings(
        vec![first.clone()],
        ContractError::ReplayedOrOutOfOrder {
            meter_id: METER.into(),
            sequence: 49,
            last: 49,
        },
    );
    let second = feed.next(HALF_HOUR, 5);
    let response = ctx.submit(vec![second, first]).unwrap();
    assert_eq!(
        outcome(&response),
        SubmitReadingsResponse {
            accepted: 1,
            refused: vec![RefusedReading {
                meter_id: METER.into(),
                sequence: 49,
                code: codes::REPLAYED_OR_OUT_OF_ORDER.into(),
            }],
        }
    );
    assert_eq!(ctx.meter(METER).last_sequence, 50);
}

/// Every check of a reading, each with the exact error and no change to the state.
#[test]
fn bad_readings_are_refused_without_a_trace() {
    let (mut ctx, feed) = a_day_of_readings();
    ctx.at(NOV_2026 + 2 * DAY);
    let err_ctx = |sequence| (METER.to_string(), sequence);
    let (meter_id, seq) = err_ctx(49);

    // One reading, the next one but for `edit`, signed after the edit.
    let edited = |edit: &dyn Fn(&mut Reading)| {
        let mut r = feed.peek(HALF_HOUR, 5);
        edit(&mut r);
        vec![feed.sign(r)]
    };
    let future_start = NOV_2026 + 2 * DAY + 61 - 1_800;
    let mut cases = vec![
        // Unknown meter.
        (
            edited(&|r| r.meter_id = "m-9".into()),
            ContractError::ReadingUnknownMeter {
                meter_id: "m-9".into(),
                sequence: 49,
            },
        ),
        // Sequence not above the last.
        (
            edited(&|r| r.sequence = 48),
            ContractError::ReplayedOrOutOfOrder {
                meter_id: meter_id.clone(),
                sequence: 48,
                last: 48,
            },
        ),
    ];
    // Interval length zero or above the maximum (a day).
    for length in [0, 86_401] {
        cases.push((
            vec![feed.sign(feed.peek(length, 0))],
            ContractError::BadIntervalLength {
                meter_id: meter_id.clone(),
                sequence: seq,
                length,
                max: 86_400,
            },
        ));
    }
    cases.extend([
        // Overlapping the last interval.
        (
            edited(&|r| r.interval_start -= 1),
            ContractError::OverlappingInterval {
                meter_id: meter_id.clone(),
                sequence: seq,
                start: NOV_2026 + DAY - 1,
                last_end: NOV_2026 + DAY,
            },
        ),
        // Ending after block time plus the 60 s tolerance.
        (
            edited(&|r| r.interval_start = future_start),
            ContractError::FutureReading {
                meter_id: meter_id.clone(),
                sequence: seq,
                end: NOV_2026 + 2 * DAY + 61,
                latest: NOV_2026 + 2 * DAY + 60,
            },
        ),
        // An interval end that overflows.
        (
            edited(&|r| r.interval_start = u64::MAX - 10),
            ContractError::ReadingOverflow {
                meter_id: meter_id.clone(),
                sequence: seq,
                what: "interval end",
            },
        ),
        // Register going backwards.
        (
            edited(&|r| r.register_wh = feed.register - 1),
            ContractError::RegisterWentBackwards {
                meter_id: meter_id.clone(),
                sequence: seq,
                register_wh: feed.register - 1,
                last_wh: feed.register,
            },
        ),
        // Energy not equal to the register increase.
        (
            edited(&|r| r.energy_wh = 6),
            ContractError::EnergyMismatch {
                meter_id: meter_id.clone(),
                sequence: seq,
                energy_wh: 6,
                delta_wh: 5,
            },
        ),
        // More than the 1 MW the settings allow: 500_001 Wh in half an hour.
        (
            vec![feed.sign(feed.peek(HALF_HOUR, 500_001))],
            ContractError::ImpossiblePower {
                meter_id: meter_id.clone(),
                sequence: seq,
                power_w: 1_000_002,
                max_w: 1_000_000,
            },
        ),
    ]);
    for (readings, expected) in cases {
        ctx.refused_readings(readings, expected);
    }
    // One second earlier than the future reading it is accepted (checked on a copy of the
    // state).
    let mut lenient = a_day_of_readings().0;
    lenient.at(NOV_2026 + 2 * DAY);
    lenient
        .submit(edited(&|r| r.interval_start = future_start - 1))
        .unwrap();

    // Bad signatures: garbage, wrong length, another key, another contract, another chain.
    let mut bad = feed.sign(feed.peek(HALF_HOUR, 5));
    bad.signature = Binary::from(vec![7u8; 64]);
    let invalid = || ContractError::InvalidSignature {
        meter_id: METER.into(),
        sequence: seq,
    };
    ctx.refused_readings(vec![bad.clone()], invalid());
    bad.signature = Binary::from(vec![7u8; 63]);
    ctx.refused_readings(vec![bad], invalid());
    let foreign_key = key(9).sign(
        &ctx.env.block.chain_id,
        ctx.env.contract.address.as_str(),
        feed.peek(HALF_HOUR, 5),
    );
    ctx.refused_readings(vec![foreign_key], invalid());
    let other_contract = ctx.deps.api.addr_make("another-meter-contract");
    let foreign_contract = key(1).sign(
        &ctx.env.block.chain_id,
        other_contract.as_str(),
        feed.peek(HALF_HOUR, 5),
    );
    ctx.refused_readings(vec![foreign_contract], invalid());
    let foreign_chain = key(1).sign(
        "another-chain-1",
        ctx.env.contract.address.as_str(),
        feed.peek(HALF_HOUR, 5),
    );
    ctx.refused_readings(vec![foreign_chain], invalid());
    // A field changed after signing.
    let mut tampered = feed.sign(feed.peek(HALF_HOUR, 5));
    tampered.interval_start += 1;
    ctx.refused_readings(vec![tampered], invalid());

    // A bad reading after a good one: the good one is stored.
    let mut feed = feed;
    let good = feed.next(HALF_HOUR, 5);
    let mut r = feed.peek(HALF_HOUR, 5);
    r.energy_wh = 4;
    let bad = feed.sign(r);
    let errors = refusals(ctx.deps.as_ref(), &ctx.env, &[good.clone(), bad.clone()]).unwrap();
    assert_eq!(
        errors,
        vec![ContractError::EnergyMismatch {
            meter_id,
            sequence: 50,
            energy_wh: 4,
            delta_wh: 5,
        }]
    );
    let response = ctx.submit(vec![good, bad]).unwrap();
    assert_eq!(outcome(&response).accepted, 1);
    assert_eq!(ctx.meter(METER).last_sequence, 49);
}

#[test]
fn suspended_meters_and_blocked_owners_are_refused() {
    let (mut ctx, feed) = a_day_of_readings();
    ctx.at(NOV_2026 + 2 * DAY);
    let admin = ctx.admin.clone();
    let reading = feed.sign(feed.peek(HALF_HOUR, 5));

    for status in [MeterStatus::Suspended, MeterStatus::Retired] {
        let mut other = a_day_of_readings().0;
        // Retired (or suspended) during the interval of the reading.
        other.at(NOV_2026 + DAY + 60);
        other
            .exec(
                &admin,
                ExecuteMsg::SetMeterStatus {
                    meter_id: METER.into(),
                    status,
                },
            )
            .unwrap();
        other.at(NOV_2026 + 2 * DAY);
        other.refused_readings(
            vec![reading.clone()],
            ContractError::MeterNotActive {
                meter_id: METER.into(),
                sequence: 49,
                status: status.as_str().into(),
            },
        );
    }

    ctx.exec(&admin, ExecuteMsg::SetOwnerBlocked { blocked: true })
        .unwrap();
    ctx.refused_readings(
        vec![reading.clone()],
        ContractError::OwnerBlocked {
            meter_id: METER.into(),
            sequence: 49,
        },
    );
    assert_eq!(
        ContractError::OwnerBlocked {
            meter_id: METER.into(),
            sequence: 49
        }
        .to_string(),
        "reading 49 of meter m-1: the owner is blacklisted or suspended; readings are refused"
    );
    ctx.exec(&admin, ExecuteMsg::SetOwnerBlocked { blocked: false })
        .unwrap();
    ctx.submit(vec![reading]).unwrap();
    assert_eq!(ctx.meter(METER).last_sequence, 49);
}

/// A meter contract instantiated at the start of November with `settings`, its meter
/// [`METER`] added then, and the meter's feed.
fn meter_under(settings: MeterSettings) -> (Ctx, Feed) {
    let mut ctx = Ctx::new(settings, NOV_2026);
    ctx.add_meter(METER, 1, "flat").unwrap();
    let feed = Feed::new(&ctx, METER, 1);
    (ctx, feed)
}

#[test]
fn readings_before_the_cycle_begins_are_refused() {
    let settings = day_cycle(NOV_2026 + 3_600, 60);
    let (mut ctx, mut feed) = meter_under(settings);
    ctx.at(NOV_2026 + 7_200);
    let r = feed.peek(HALF_HOUR, 5);
    ctx.refused_readings(
        vec![feed.sign(r)],
        ContractError::ReadingBeforeCycle {
            meter_id: METER.into(),
            sequence: 1,
            start: NOV_2026,
        },
    );
    // From the origin on, readings count in period 0.
    feed.skip(3_600);
    ctx.submit(vec![feed.next(60, 5)]).unwrap();
    assert_eq!(ctx.period(METER, 0).energy_wh, 5);
}

#[test]
fn days_longer_than_the_open_hours_window_keep_every_hour() {
    // Days of 30 hours: the open day's hour window fills up before the day ends.
    let settings = MeterSettings {
        max_interval_seconds: 30 * 3_600,
        ..day_cycle(NOV_2026, 30 * 3_600)
    };
    let (mut ctx, mut feed) = meter_under(settings);
    ctx.at(NOV_2026 + 4 * DAY);
    // 80 hourly readings of 1..=80 Wh in one batch, then 10 more one by one.
    ctx.submit((1..=80).map(|e| feed.next(3_600, e)).collect())
        .unwrap();
    for e in 81..=90 {
        ctx.submit(vec![feed.next(3_600, e)]).unwrap();
    }
    let usage = ctx.period(METER, 0);
    assert_eq!(usage.energy_wh, (1..=90).sum::<u64>());
    assert_eq!(usage.readings, 90);
    let nov = &usage.hourly[0];
    // Hour h of the first day (a Sunday) got h + 1 Wh.
    for h in 0..24 {
        assert_eq!(nov.weekend_wh[h], h as u64 + 1);
    }
    assert_eq!(
        nov.weekday_wh.iter().chain(&nov.weekend_wh).sum::<u64>(),
        usage.energy_wh
    );
    let days = ctx.days(METER).days;
    assert_eq!(days.len(), 3);
    assert_eq!(days[0].energy_wh, (1..=30).sum::<u64>());
    assert_eq!(days[0].readings, 30);
    assert_eq!(days[2].readings, 30);
}

#[test]
fn days_shorter_than_a_civil_day_are_whole_tariff_days() {
    // The demo's cycle: days of 5 s, each a whole day on the tariff's clock.
    let settings = day_cycle(NOV_2026, 5);
    let (mut ctx, mut feed) = meter_under(settings);
    ctx.at(NOV_2026 + 10);
    // Two days (Sunday 1 and Monday 2 November) of five one-second readings, 1..=10 Wh.
    ctx.submit((1..=10).map(|e| feed.next(1, e)).collect())
        .unwrap();
    let usage = ctx.period(METER, 0);
    assert_eq!(usage.energy_wh, (1..=10).sum::<u64>());
    let nov = &usage.hourly[0];
    // A second is 4.8 tariff hours: the readings start at 00:00, 04:48, 09:36, 14:24, 19:12.
    for (k, hour) in [0, 4, 9, 14, 19].into_iter().enumerate() {
        assert_eq!(nov.weekend_wh[hour], k as u64 + 1, "Sunday {hour}:00");
        assert_eq!(nov.weekday_wh[hour], k as u64 + 6, "Monday {hour}:00");
    }
    // 10 Wh in 4.8 hours is 2 W, not the 36 kW of 10 Wh in a real second.
    assert_eq!(usage.max_power_w, 2);
}
