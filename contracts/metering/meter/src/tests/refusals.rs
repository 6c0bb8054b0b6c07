//! A batch with refused readings: the valid ones are stored, each refused one is reported
//! with its code and leaves no trace, and only whole-message faults fail the message.

use cosmwasm_std::{Binary, coins};
use ledger_types::meter::{ExecuteMsg, RefusedReading, SubmitReadingsResponse, codes};
use ledger_types::reading::{Reading, SignedReading};
use proptest::prelude::*;
use proptest::sample::select;

use super::helpers::*;
use crate::ContractError;

fn refusal(meter_id: &str, sequence: u64, code: &str) -> RefusedReading {
    RefusedReading {
        meter_id: meter_id.into(),
        sequence,
        code: code.into(),
    }
}

/// Meters "m-1" and "m-2", a day of readings of each accepted, at the start of the second day.
fn two_meters() -> (Ctx, Feed, Feed) {
    let mut ctx = Ctx::with_meter();
    ctx.add_meter("m-2", 2, "flat").unwrap();
    let mut a = Feed::new(&ctx, METER, 1);
    let mut b = Feed::new(&ctx, "m-2", 2);
    ctx.at(NOV_2026 + DAY);
    let mut day = a.half_hours(48, |i| 100 + i as u64);
    day.extend(b.half_hours(48, |i| 200 + i as u64));
    ctx.submit(day).unwrap();
    ctx.at(NOV_2026 + 2 * DAY);
    (ctx, a, b)
}

#[test]
fn valid_readings_are_stored_and_each_refused_one_is_reported() {
    let (mut ctx, mut a, b) = two_meters();
    let m2_before = ctx.meter("m-2");
    let m2_readings = ctx.readings("m-2");

    let replay = {
        let mut r = b.peek(HALF_HOUR, 5);
        r.sequence = 48;
        b.sign(r)
    };
    let mut bad_signature = b.sign(b.peek(HALF_HOUR, 5));
    bad_signature.signature = Binary::from(vec![7u8; 64]);
    let unknown = {
        let mut r = a.peek(HALF_HOUR, 5);
        r.meter_id = "m-9".into();
        a.sign(r)
    };
    let future = {
        let mut r = b.peek(HALF_HOUR, 5);
        r.interval_start = NOV_2026 + 2 * DAY;
        b.sign(r)
    };
    let first = a.next(HALF_HOUR, 7);
    let second = a.next(HALF_HOUR, 9);
    let batch = vec![replay, first, bad_signature, unknown, future, second];

    let response = ctx.submit(batch).unwrap();

    assert_eq!(
        outcome(&response),
        SubmitReadingsResponse {
            accepted: 2,
            refused: vec![
                refusal("m-2", 48, codes::REPLAYED_OR_OUT_OF_ORDER),
                refusal("m-2", 49, codes::INVALID_SIGNATURE),
                refusal("m-9", 49, codes::READING_UNKNOWN_METER),
                refusal("m-2", 49, codes::FUTURE_READING),
            ],
        }
    );
    assert_eq!(
        refused_event(&response),
        Some((
            "4".to_string(),
            "m-2:48:meter.replayed_or_out_of_order,m-2:49:meter.invalid_signature,\
             m-9:49:meter.reading_unknown_meter,m-2:49:meter.future_reading"
                .to_string()
        ))
    );
    assert_attrs(
        &response,
        &[
            ("action", "submit_readings"),
            ("accepted", "2"),
            ("meters", "m-1"),
        ],
    );
    // The valid readings are in; the refused meter is as it was.
    let m1 = ctx.meter(METER);
    assert_eq!((m1.last_sequence, m1.register_wh), (50, a.register));
    assert_eq!(ctx.readings(METER).readings.len(), 50);
    assert_eq!(ctx.meter("m-2"), m2_before);
    assert_eq!(ctx.readings("m-2"), m2_readings);
}

#[test]
fn a_reading_after_a_refused_one_of_its_meter_is_judged_without_it() {
    let (mut ctx, mut a, _) = two_meters();
    // Sequence 49 with a bad signature, then 49 again and 50 over the same intervals: the
    // refused reading took neither its sequence nor its interval.
    let mut forged = a.sign(a.peek(HALF_HOUR, 5));
    forged.signature = Binary::from(vec![1u8; 64]);
    let genuine = a.next(HALF_HOUR, 5);
    let later = a.next(HALF_HOUR, 6);

    let response = ctx.submit(vec![forged, genuine, later]).unwrap();

    assert_eq!(
        outcome(&response),
        SubmitReadingsResponse {
            accepted: 2,
            refused: vec![refusal(METER, 49, codes::INVALID_SIGNATURE)],
        }
    );
    assert_eq!(ctx.meter(METER).last_sequence, 50);
    // A sequence skipped past a refused one is accepted too: sequences need only rise.
    let mut skipped = a.peek(HALF_HOUR, 5);
    skipped.sequence += 1;
    let skipped = a.take(skipped);
    let response = ctx.submit(vec![skipped]).unwrap();
    assert_eq!(outcome(&response).accepted, 1);
    assert_eq!(refused_event(&response), None);
    assert_eq!(ctx.meter(METER).last_sequence, 52);
}

#[test]
fn a_batch_of_only_refused_readings_succeeds_and_changes_nothing() {
    let (mut ctx, a, b) = two_meters();
    let before = storage(&ctx);
    let mut replay_a = a.peek(HALF_HOUR, 5);
    replay_a.sequence = 1;
    let mut mismatch_b = b.peek(HALF_HOUR, 5);
    mismatch_b.energy_wh = 6;
    let batch = vec![a.sign(replay_a), b.sign(mismatch_b)];

    let response = ctx.submit(batch).unwrap();

    assert_eq!(
        outcome(&response),
        SubmitReadingsResponse {
            accepted: 0,
            refused: vec![
                refusal(METER, 1, codes::REPLAYED_OR_OUT_OF_ORDER),
                refusal("m-2", 49, codes::ENERGY_MISMATCH),
            ],
        }
    );
    assert_attrs(
        &response,
        &[
            ("action", "submit_readings"),
            ("accepted", "0"),
            ("meters", ""),
        ],
    );
    assert_eq!(storage(&ctx), before);
}

#[test]
fn whole_message_faults_still_fail_the_message() {
    let (mut ctx, mut a, _) = two_meters();
    let good = a.next(HALF_HOUR, 5);
    let gateway = ctx.gateway.clone();
    ctx.refused_with_funds(
        &gateway,
        ExecuteMsg::SubmitReadings {
            readings: vec![good.clone()],
        },
        &coins(1, "ustake"),
        ContractError::Payment(cw_utils::PaymentError::NonPayable {}),
    );
    // A whole-message fault wins over a bad reading in the message: nothing is judged.
    let mut bad = a.sign(a.peek(HALF_HOUR, 5));
    bad.signature = Binary::from(vec![7u8; 64]);
    ctx.refused_with_funds(
        &gateway,
        ExecuteMsg::SubmitReadings {
            readings: vec![good, bad],
        },
        &coins(1, "ustake"),
        ContractError::Payment(cw_utils::PaymentError::NonPayable {}),
    );
    // The pause is asserted in tests/edges.rs, where the registry that pauses exists.
}

/// What is wrong with a generated reading, if anything.
#[derive(Clone, Copy, Debug)]
enum Fault {
    None,
    Signature,
    Replay,
    Future,
    Unknown,
    Mismatch,
    Overlap,
}

impl Fault {
    /// The reading `feed` would send next, spoilt by the fault, and the code it earns.
    fn spoil(self, feed: &Feed, ctx: &Ctx, reading: Reading) -> (SignedReading, &'static str) {
        let mut r = reading;
        let code = match self {
            Fault::None => unreachable!("a valid reading is not spoilt"),
            Fault::Signature => {
                let mut signed = feed.sign(r);
                signed.interval_length += 1;
                return (signed, codes::INVALID_SIGNATURE);
            }
            Fault::Replay => {
                r.sequence = feed.sequence;
                codes::REPLAYED_OR_OUT_OF_ORDER
            }
            Fault::Future => {
                r.interval_start = ctx.env.block.time.seconds() + 3_600;
                codes::FUTURE_READING
            }
            Fault::Unknown => {
                r.meter_id = "ghost".into();
                codes::READING_UNKNOWN_METER
            }
            Fault::Mismatch => {
                r.energy_wh += 1;
                codes::ENERGY_MISMATCH
            }
            Fault::Overlap => {
                r.interval_start -= 1;
                codes::OVERLAPPING_INTERVAL
            }
        };
        (feed.sign(r), code)
    }
}

const START: u64 = NOV_2026 + 28 * DAY;

fn fleet() -> Ctx {
    let mut ctx = Ctx::new(day_cycle(NOV_2026, 20_000), START);
    ctx.add_meter("a", 1, "east").unwrap();
    ctx.add_meter("b", 2, "flat").unwrap();
    ctx.at(START + 100 * DAY);
    ctx
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever bad readings a batch holds, the state after it is the state after its valid
    /// readings sent one by one, and every bad one is reported with its code.
    #[test]
    fn refused_readings_leave_no_trace(
        specs in prop::collection::vec(
            (
                0usize..2,
                prop_oneof![Just(0u64), 0u64..30_000],
                select(vec![900u32, 1_800, 3_600, 7_200]),
                0u64..3_000,
                prop_oneof![
                    3 => Just(Fault::None),
                    1 => select(vec![
                        Fault::Signature,
                        Fault::Replay,
                        Fault::Future,
                        Fault::Unknown,
                        Fault::Mismatch,
                        Fault::Overlap,
                    ]),
                ],
            ),
            1..60,
        ),
    ) {
        let mut batched = fleet();
        let mut one_by_one = fleet();
        let mut feeds = [Feed::new(&batched, "a", 1), Feed::new(&batched, "b", 2)];
        let mut batch = Vec::new();
        let mut valid = Vec::new();
        let mut refused = Vec::new();
        for (meter, gap, length, energy, fault) in specs {
            let feed = &mut feeds[meter];
            match fault {
                Fault::None => {
                    // Gaps only before valid readings, so that a spoilt one starts where its
                    // meter's last accepted interval ended.
                    feed.skip(gap);
                    let reading = feed.next(length, energy);
                    valid.push(reading.clone());
                    batch.push(reading);
                }
                fault => {
                    let (reading, code) = fault.spoil(feed, &batched, feed.peek(length, energy));
                    refused.push(refusal(&reading.meter_id, reading.sequence, code));
                    batch.push(reading);
                }
            }
        }

        let response = batched.submit(batch).unwrap();
        prop_assert_eq!(
            outcome(&response),
            SubmitReadingsResponse { accepted: valid.len() as u32, refused }
        );
        for reading in valid {
            let response = one_by_one.submit(vec![reading]).unwrap();
            prop_assert_eq!(outcome(&response).accepted, 1);
        }
        prop_assert_eq!(storage(&batched), storage(&one_by_one));
    }
}
