//! Property test: the energy of all bills of a meter equals its register advance, whatever
//! the timing: a meter registered at any moment of a period, readings uploaded late by any
//! delay, periods closed by a stranger as soon as they end or much later (and attempts
//! before they end), and a retirement at any moment. Every Wh the register advanced by ends
//! in exactly one bill (in its period's energy, or as late energy of a later bill), no bill
//! exists for a period after the retirement, and no instalment falls due after it.

use ledger_meter::ContractError;
use ledger_meter::ContractResult;
use ledger_testing::HOUR;
use ledger_testing::tariffs::{self, FLAT};
use ledger_testing::{LoadCurve, Suite, SuiteBuilder, err, readings_outcome};
use ledger_types::admin::MeterStatus;
use ledger_types::meter::codes;
use proptest::prelude::*;

const METER: &str = "prop-meter";
const HALF_HOUR: u64 = 1_800;

#[derive(Clone, Debug)]
enum Op {
    /// The gateway uploads up to `count` intervals that ended at least `lag` half hours ago.
    Read {
        count: usize,
        lag: u64,
    },
    Advance {
        seconds: u64,
    },
    /// A stranger closes the next period (refused while it has not ended).
    Close,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (1usize..30, 0u64..8).prop_map(|(count, lag)| Op::Read { count, lag }),
        4 => (HALF_HOUR / 2..6 * HOUR).prop_map(|seconds| Op::Advance { seconds }),
        3 => Just(Op::Close),
    ]
}

/// Periods of six one-hour days; the meter is registered `offset` seconds into the first
/// period, with a varying load and a contracted amount (so advances are scheduled).
fn world(offset: u64) -> Suite {
    let mut s = SuiteBuilder::new()
        .with_day_cycle(6, HOUR)
        .with_consumer("alice")
        .with_tariff(tariffs::flat())
        .build();
    s.advance_time(offset);
    let administrator = s.addrs.administrator.clone();
    s.register_meter(&administrator, METER, "alice", FLAT, 10_00)
        .unwrap();
    let device = s.device_mut(METER);
    device.load = LoadCurve::Household {
        seed: 7,
        scale_percent: 100,
    };
    s
}

/// Uploads what ended by `until` (capped at the retirement), up to `count` intervals; whether
/// any was accepted.
fn read(s: &mut Suite, count: usize, until: u64, retired_at: Option<u64>) -> bool {
    let until = retired_at.map_or(until, |r| until.min(r));
    let due = s.device(METER).due_intervals(until).min(count);
    if due == 0 {
        return false;
    }
    let batch = s.device(METER).next_batch(due);
    let outcome = readings_outcome(&s.submit_readings(METER, batch).unwrap());
    // Only a retired meter whose last period is already closed refuses its readings.
    for refused in &outcome.refused {
        assert!(
            retired_at.is_some() && refused.code == codes::METER_NOT_ACTIVE,
            "{refused:?}"
        );
    }
    outcome.accepted > 0
}

fn close(s: &mut Suite) -> ContractResult<()> {
    let stranger = s.addrs.stranger.clone();
    let next = s.meter_state(METER).next_period_to_close;
    match s.close_period(&stranger, METER, next) {
        Ok(_) => Ok(()),
        Err(e) => {
            let e: ContractError = err(Err(e));
            assert!(
                matches!(
                    e,
                    ContractError::PeriodNotEnded { .. }
                        | ContractError::PeriodAfterRetirement { .. }
                ),
                "{e}"
            );
            Err(e)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        max_shrink_iters: 100,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_wh_of_the_register_is_in_exactly_one_bill(
        offset in 0u64..6 * HOUR,
        ops in prop::collection::vec(op(), 5..=40),
        // Half of the runs retire the meter, before the given step.
        retire_before in prop::option::of(0usize..40),
    ) {
        let mut s = world(offset);
        let mut retired_at = None;
        for (step, op) in ops.iter().enumerate() {
            if retire_before == Some(step) {
                let administrator = s.addrs.administrator.clone();
                s.set_meter_status(&administrator, METER, MeterStatus::Retired)
                    .unwrap();
                retired_at = Some(s.now());
            }
            match *op {
                Op::Read { count, lag } => {
                    let until = s.now().saturating_sub(lag * HALF_HOUR);
                    read(&mut s, count, until, retired_at);
                }
                Op::Advance { seconds } => s.advance_time(seconds),
                Op::Close => {
                    let _ = close(&mut s);
                }
            }
        }
        // Finally the meter uploads everything (up to its retirement), the period of its last
        // reading ends, and every period is closed that can be.
        let now = s.now();
        while read(&mut s, 400, now, retired_at) {}
        let last = s.settings.cycle.period_of(now).unwrap();
        let (_, end) = s.settings.cycle.bounds(last).unwrap();
        s.advance_to(end);
        while close(&mut s).is_ok() {}

        let state = s.meter_state(METER);
        let bills = s.bills(METER);
        let billed: u64 = bills.iter().map(|b| b.energy_wh + b.late_energy_wh).sum();
        prop_assert_eq!(billed, state.register_wh, "billed energy vs register advance");
        let first = s.settings.cycle.period_of(state.started_at).unwrap();
        for (i, bill) in bills.iter().enumerate() {
            prop_assert_eq!(bill.period, first + i as u32, "bills in period order");
            let lines: u128 = bill.lines.iter().map(|l| l.amount.u128()).sum();
            prop_assert_eq!(lines, bill.subtotal.u128());
        }
        s.assert_readings_counted_once(METER);
        if let Some(at) = retired_at {
            let retired_in = s.settings.cycle.period_of(at).unwrap();
            prop_assert_eq!(bills.last().map(|b| b.period), Some(retired_in));
            prop_assert!(state.last_interval_end <= at);
            prop_assert!(s.instalments(METER).iter().all(|i| i.period <= retired_in));
        }
    }
}
