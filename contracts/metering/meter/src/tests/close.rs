//! ClosePeriod: bills, notices to the bank, and refusals.

use cosmwasm_std::Uint128;
use ledger_types::bank::{AdvanceNotice, BillNotice, ExecuteMsg as BankExecuteMsg};
use ledger_types::billing::MeterSettings;
use ledger_types::meter::{Bill, BillsResponse, ExecuteMsg, QueryMsg};
use ledger_types::tariff::LineKind;

use super::helpers::*;
use crate::ContractError;

/// November with two days of readings: Sunday at 100 Wh per half-hour, Monday at 150.
fn november() -> (Ctx, Feed) {
    let mut ctx = Ctx::with_meter();
    let mut feed = Feed::new(&ctx, METER, 1);
    ctx.at(NOV_2026 + 2 * DAY);
    let readings = feed.half_hours(96, |i| if i < 48 { 100 } else { 150 });
    ctx.submit(readings).unwrap();
    (ctx, feed)
}

fn close_msg(period: u32) -> ExecuteMsg {
    ExecuteMsg::ClosePeriod {
        meter_id: METER.into(),
        period,
    }
}

#[test]
fn closing_prices_the_period_stores_the_bill_and_tells_the_bank() {
    let (mut ctx, _) = november();
    ctx.at(DEC_2026);
    let response = ctx.close(METER, NOV).unwrap();

    // 4_800 Wh on Sunday (weekend), 7_200 Wh on Monday, 300 W at most.
    let total = expected_total(12_000, 4_800, 300);
    assert_attrs(
        &response,
        &[
            ("action", "close_period"),
            ("period", &NOV.to_string()),
            ("total", &total.to_string()),
        ],
    );
    ctx.assert_to_bank(
        &response,
        BankExecuteMsg::RecordBill(BillNotice {
            meter_id: METER.into(),
            period: NOV,
            total,
            final_due: DEC_2026 + 17 * DAY,
            next: AdvanceNotice {
                meter_id: METER.into(),
                period: NOV + 1,
                estimate: total,
                advances: default_advances(DEC_2026),
            },
        }),
    );

    let bill: Bill = ctx.query(QueryMsg::Bill {
        meter_id: METER.into(),
        period: NOV,
    });
    assert_eq!(bill.period_start, NOV_2026);
    assert_eq!(bill.period_end, DEC_2026);
    assert_eq!(bill.energy_wh, 12_000);
    assert_eq!(bill.max_power_w, 300);
    assert_eq!(bill.tariff_id, "flat");
    assert_eq!(bill.tariff_version, 3);
    assert_eq!(bill.lines.len(), 3);
    assert_eq!(bill.lines[1].quantity, 4_800);
    assert_eq!(bill.total, total);
    assert_eq!(bill.subtotal + bill.tax, total);
    assert_eq!(bill.closed_at, DEC_2026);

    assert!(ctx.period(METER, NOV).closed);
    assert_eq!(ctx.meter(METER).next_period_to_close, NOV + 1);
}

#[test]
fn a_period_cannot_be_closed_early_twice_or_out_of_order() {
    let (mut ctx, _) = november();
    let anyone = ctx.gateway.clone();
    ctx.at(DEC_2026 - 1);
    ctx.refused(
        &anyone,
        close_msg(NOV),
        ContractError::PeriodNotEnded {
            meter_id: METER.into(),
            period: NOV,
            ends_at: DEC_2026,
        },
    );
    ctx.at(DEC_2026 + 40 * DAY);
    ctx.refused(
        &anyone,
        close_msg(NOV + 1),
        ContractError::PeriodNotNext {
            meter_id: METER.into(),
            period: NOV + 1,
            expected: NOV,
        },
    );
    ctx.refused(
        &anyone,
        ExecuteMsg::ClosePeriod {
            meter_id: "m-9".into(),
            period: NOV,
        },
        ContractError::UnknownMeter {
            meter_id: "m-9".into(),
        },
    );
    ctx.close(METER, NOV).unwrap();
    ctx.refused(
        &anyone,
        close_msg(NOV),
        ContractError::PeriodAlreadyClosed {
            meter_id: METER.into(),
            period: NOV,
        },
    );
    ctx.refused(
        &anyone,
        close_msg(NOV - 1),
        ContractError::PeriodBeforeRegistration {
            meter_id: METER.into(),
            period: NOV - 1,
            first_period: NOV,
        },
    );
    // December had no readings: it closes with an empty profile.
    let response = ctx.close(METER, NOV + 1).unwrap();
    let [(_, BankExecuteMsg::RecordBill(notice))] = &bank_messages(&response)[..] else {
        panic!("expected one RecordBill");
    };
    assert_eq!(notice.total, Uint128::zero());
    let december = ctx.period(METER, NOV + 1);
    assert_eq!((december.energy_wh, december.readings), (0, 0));
    assert!(december.closed);
    let bills: BillsResponse = ctx.query(QueryMsg::Bills {
        meter_id: METER.into(),
        start_after: None,
        limit: None,
    });
    assert_eq!(
        bills.bills.iter().map(|b| b.period).collect::<Vec<_>>(),
        vec![NOV, NOV + 1]
    );
}

#[test]
fn readings_for_a_closed_period_are_carried_into_the_next_bill() {
    let (mut ctx, mut feed) = november();
    ctx.at(DEC_2026 + DAY);
    ctx.close(METER, NOV).unwrap();
    let billed = ctx.period(METER, NOV);
    // A late half-hour of November (a Tuesday) is accepted: the meter is not stuck.
    let late = feed.half_hours(1, |_| 5);
    ctx.submit(late).unwrap();
    // December's readings are accepted too, with the register continuing.
    feed.skip(DEC_2026 - feed.next_start);
    ctx.submit(feed.half_hours(4, |_| 10)).unwrap();
    assert_eq!(ctx.period(METER, NOV).energy_wh, billed.energy_wh + 5);
    assert_eq!(ctx.period(METER, NOV + 1).energy_wh, 40);
    // December's bill carries the 5 late Wh as its own line, priced as the tariff prices
    // energy (the mocked tariff: 2 per Wh on a weekday).
    ctx.at(DEC_2026 + 31 * DAY);
    ctx.close(METER, NOV + 1).unwrap();
    let bill: Bill = ctx.query(QueryMsg::Bill {
        meter_id: METER.into(),
        period: NOV + 1,
    });
    assert_eq!((bill.energy_wh, bill.late_energy_wh), (40, 5));
    let line = bill.lines.last().unwrap();
    assert_eq!(
        line.kind,
        LineKind::LateEnergy {
            from_period: NOV,
            to_period: NOV
        }
    );
    assert_eq!((line.quantity, line.amount), (5, Uint128::new(10)));
    assert_eq!(line.unit_price, Uint128::new(2_000_000));
    assert_eq!(line.description, "Late energy from period 682");
    let lines: Uint128 = bill.lines.iter().map(|l| l.amount).sum();
    assert_eq!(lines, bill.subtotal);
}

#[test]
fn the_bill_does_not_depend_on_when_later_readings_arrive() {
    // Closed while November's last day is still open in the meter record...
    let (mut early, mut early_feed) = november();
    early.at(DEC_2026 + DAY);
    let early_bill = bank_messages(&early.close(METER, NOV).unwrap());
    // ...or after December's first readings moved it into the stored records.
    let (mut late, mut late_feed) = november();
    late.at(DEC_2026 + DAY);
    late_feed.skip(DEC_2026 - late_feed.next_start);
    late.submit(late_feed.half_hours(2, |_| 10)).unwrap();
    let late_bill = bank_messages(&late.close(METER, NOV).unwrap());
    assert_eq!(early_bill, late_bill);
    early_feed.skip(DEC_2026 - early_feed.next_start);
    early.submit(early_feed.half_hours(2, |_| 10)).unwrap();
    assert_eq!(early.period(METER, NOV), late.period(METER, NOV));
    assert_eq!(early.days(METER), late.days(METER));
}

#[test]
fn a_failing_quote_closes_nothing() {
    let mut ctx = Ctx::new(MeterSettings::default(), NOV_2026);
    ctx.add_meter(METER, 1, "broken").unwrap();
    ctx.at(DEC_2026);
    let anyone = ctx.gateway.clone();
    ctx.refused(
        &anyone,
        close_msg(NOV),
        ContractError::QuoteFailed {
            meter_id: METER.into(),
            period: NOV,
            reason: "Generic error: Querier contract error: no version in force".into(),
        },
    );
}

#[test]
fn without_advances_the_notice_lists_none() {
    let mut settings = MeterSettings::default();
    settings.schedule.advances.clear();
    let mut ctx = Ctx::new(settings, NOV_2026);
    let response = ctx.add_meter(METER, 1, "flat").unwrap();
    assert!(response.messages.is_empty());
    ctx.at(DEC_2026);
    let response = ctx.close(METER, NOV).unwrap();
    let [(_, BankExecuteMsg::RecordBill(notice))] = &bank_messages(&response)[..] else {
        panic!("expected one RecordBill");
    };
    assert!(notice.next.advances.is_empty());
    assert_eq!(notice.final_due, DEC_2026 + 17 * DAY);
}
