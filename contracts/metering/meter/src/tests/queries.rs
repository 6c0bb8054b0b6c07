//! Paged and single-record queries.

use ledger_types::meter::{
    DailyTotalsResponse, MetersResponse, PeriodInfo, QueryMsg, ReadingsResponse,
};

use super::helpers::*;
use crate::ContractError;

/// The series a page is read from: readings (keyed by interval start) or daily totals (keyed
/// by day).
#[derive(Clone, Copy)]
enum Series {
    Readings,
    Days,
}
use Series::{Days, Readings};

/// The keys of one page of [`METER`]'s `series`, within [from, to) and after `start_after`.
fn page(
    ctx: &Ctx,
    series: Series,
    from: Option<u64>,
    to: Option<u64>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Vec<u64> {
    let meter_id = METER.to_string();
    match series {
        Readings => {
            let page: ReadingsResponse = ctx.query(QueryMsg::Readings {
                meter_id,
                from,
                to,
                start_after,
                limit,
            });
            page.readings.iter().map(|r| r.interval_start).collect()
        }
        Days => {
            let page: DailyTotalsResponse = ctx.query(QueryMsg::DailyTotals {
                meter_id,
                from_day: from,
                to_day: to,
                start_after,
                limit,
            });
            page.days.iter().map(|d| d.day).collect()
        }
    }
}

/// Ten half-hours on each of three days, with a second meter's readings in between.
fn three_days() -> Ctx {
    let mut ctx = Ctx::with_meter();
    ctx.add_meter("m-0", 2, "flat").unwrap();
    ctx.add_meter("m-2", 3, "flat").unwrap();
    let mut feed = Feed::new(&ctx, METER, 1);
    let mut other = Feed::new(&ctx, "m-2", 3);
    ctx.at(NOV_2026 + 3 * DAY);
    for _ in 0..3 {
        let mut batch = feed.half_hours(10, |i| i as u64);
        batch.extend(other.half_hours(10, |_| 1));
        ctx.submit(batch).unwrap();
        feed.skip(DAY - 10 * 1_800);
        other.skip(DAY - 10 * 1_800);
    }
    ctx
}

#[test]
fn readings_page_by_interval_start_within_bounds() {
    let ctx = three_days();
    let t = |day: u64, half_hour: u64| NOV_2026 + day * DAY + half_hour * 1_800;
    let all = page(&ctx, Readings, None, None, None, Some(100));
    assert_eq!(all.len(), 30);
    assert_eq!(all[0], t(0, 0));
    assert_eq!(all[29], t(2, 9));
    // The second meter's readings never show up.
    assert!(all.windows(2).all(|w| w[0] < w[1]));

    assert_eq!(
        page(&ctx, Readings, None, None, None, Some(3)),
        vec![t(0, 0), t(0, 1), t(0, 2)]
    );
    assert_eq!(
        page(&ctx, Readings, None, None, Some(t(0, 2)), Some(2)),
        vec![t(0, 3), t(0, 4)]
    );
    // [from, to): the start of day 1 is in, the start of day 2 is out.
    let day_1_after = |start_after| {
        page(
            &ctx,
            Readings,
            Some(t(1, 0)),
            Some(t(2, 0)),
            start_after,
            None,
        )
    };
    let day1 = day_1_after(None);
    assert_eq!(day1.len(), 10);
    assert_eq!(day1[0], t(1, 0));
    // start_after before from changes nothing; after to leaves nothing.
    assert_eq!(day_1_after(Some(t(0, 5))), day1);
    assert!(day_1_after(Some(t(2, 0))).is_empty());
    assert!(page(&ctx, Readings, None, None, Some(u64::MAX), None).is_empty());
    assert!(page(&ctx, Readings, Some(t(2, 0)), Some(t(1, 0)), None, None).is_empty());
    // The default page is 30, the largest 100.
    assert_eq!(page(&ctx, Readings, None, None, None, None).len(), 30);
    assert_eq!(page(&ctx, Readings, None, None, None, Some(0)).len(), 1);
}

#[test]
fn daily_totals_page_and_include_the_open_day() {
    let ctx = three_days();
    let d0 = NOV_2026 / DAY;
    // Days 0 and 1 are stored; day 2 is still open in the meter record.
    assert_eq!(
        page(&ctx, Days, None, None, None, None),
        vec![d0, d0 + 1, d0 + 2]
    );
    assert_eq!(
        page(&ctx, Days, None, None, None, Some(2)),
        vec![d0, d0 + 1]
    );
    assert_eq!(
        page(&ctx, Days, None, None, Some(d0 + 1), Some(2)),
        vec![d0 + 2]
    );
    assert_eq!(
        page(&ctx, Days, Some(d0 + 1), Some(d0 + 2), None, None),
        vec![d0 + 1]
    );
    assert_eq!(
        page(&ctx, Days, Some(d0 + 2), None, None, None),
        vec![d0 + 2]
    );
    assert!(page(&ctx, Days, None, None, Some(d0 + 2), None).is_empty());
    let open = &ctx.days(METER).days[2];
    assert_eq!(open.day_start, NOV_2026 + 2 * DAY);
    assert_eq!((open.energy_wh, open.readings), ((0..10).sum(), 10));
}

/// `has_more` of the readings and daily totals pages, which read one entry past the page (the
/// open day, held in the meter record, counts as the last entry).
#[test]
fn series_pages_say_whether_more_follow() {
    let ctx = three_days();
    let readings_more = |start_after: Option<u64>, limit: u32| {
        let page: ReadingsResponse = ctx.query(QueryMsg::Readings {
            meter_id: METER.into(),
            from: None,
            to: None,
            start_after,
            limit: Some(limit),
        });
        (page.readings.len(), page.has_more)
    };
    assert_eq!(readings_more(None, 29), (29, true));
    assert_eq!(readings_more(None, 30), (30, false));
    let days_more = |from_day: Option<u64>, to_day: Option<u64>, limit: u32| {
        let page: DailyTotalsResponse = ctx.query(QueryMsg::DailyTotals {
            meter_id: METER.into(),
            from_day,
            to_day,
            start_after: None,
            limit: Some(limit),
        });
        (page.days.len(), page.has_more)
    };
    let d0 = NOV_2026 / DAY;
    // Stored days beyond the page.
    assert_eq!(days_more(None, None, 1), (1, true));
    // The stored days fill the page; the open day follows.
    assert_eq!(days_more(None, None, 2), (2, true));
    assert_eq!(days_more(None, None, 3), (3, false));
    // The open day outside [from, to) is not more.
    assert_eq!(days_more(None, Some(d0 + 2), 2), (2, false));
}

#[test]
fn meters_page_in_id_order() {
    let ctx = three_days();
    let page = |start_after: Option<&str>, limit| -> Vec<String> {
        let r: MetersResponse = ctx.query(QueryMsg::Meters {
            start_after: start_after.map(String::from),
            limit,
        });
        r.meters.into_iter().map(|m| m.meter_id).collect()
    };
    assert_eq!(page(None, None), vec!["m-0", "m-1", "m-2"]);
    assert_eq!(page(None, Some(2)), vec!["m-0", "m-1"]);
    assert_eq!(page(Some("m-1"), None), vec!["m-2"]);
    let m2: MetersResponse = ctx.query(QueryMsg::Meters {
        start_after: Some("m-1".into()),
        limit: None,
    });
    assert_eq!(m2.meters[0].readings, 30);
}

#[test]
fn period_at_and_missing_records() {
    let ctx = three_days();
    let info: PeriodInfo = ctx.query(QueryMsg::PeriodAt { at: NOV_2026 + 5 });
    assert_eq!(
        info,
        PeriodInfo {
            period: NOV,
            start: NOV_2026,
            end: DEC_2026
        }
    );
    let unknown = ContractError::UnknownMeter {
        meter_id: "m-9".into(),
    };
    for msg in [
        QueryMsg::Meter {
            meter_id: "m-9".into(),
        },
        QueryMsg::PeriodTotals {
            meter_id: "m-9".into(),
            period: NOV,
        },
        QueryMsg::Bill {
            meter_id: "m-9".into(),
            period: NOV,
        },
        QueryMsg::Readings {
            meter_id: "m-9".into(),
            from: None,
            to: None,
            start_after: None,
            limit: None,
        },
    ] {
        assert_eq!(
            ctx.try_query::<serde_json_value::Value>(msg).unwrap_err(),
            unknown
        );
    }
    assert_eq!(
        ctx.try_query::<serde_json_value::Value>(QueryMsg::Bill {
            meter_id: METER.into(),
            period: NOV,
        })
        .unwrap_err(),
        ContractError::NoBill {
            meter_id: METER.into(),
            period: NOV
        }
    );
    // A period with nothing recorded yet has its bounds and zero totals.
    let future = ctx.period(METER, NOV + 5);
    assert_eq!((future.energy_wh, future.closed), (0, false));
    assert!(future.start > DEC_2026);
}

/// A stand-in for "any JSON" so that error paths can be queried without a response type.
mod serde_json_value {
    #[derive(serde::Deserialize, Debug)]
    pub struct Value {}
}
