//! A meter's readings by day over a month or a billing period: one row per day with its
//! energy and number of readings, and the total.

use std::collections::BTreeMap;

use ledger_sdk::Ledger;
use ledger_sdk::words::{Month, cycle_zone, local_seconds};
use ledger_types::billing::BillingCycle;
use ledger_types::time::DAY;
use rust_xlsxwriter::{DocProperties, Workbook};

use crate::cells::{Formats, about_sheet, excel_time, header_row, kwh_value};
use crate::{Error, Result};

/// Which days a readings workbook covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// A calendar month in the billing cycle's UTC offset (cycles of civil days only).
    Month(Month),
    /// A billing period, for any cycle (demo cycles have short days).
    Period(u32),
}

/// One day of a readings workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayRow {
    /// Start of the day in local seconds since the epoch (shown as a date).
    pub start_local: u64,
    /// Energy of the day, Wh.
    pub energy_wh: u64,
    /// Readings that started in the day.
    pub readings: u32,
}

/// What a readings workbook shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadingsExport {
    /// The meter.
    pub meter_id: String,
    /// Its owner.
    pub owner: String,
    /// The span in words: `November 2026` or `period 3`.
    pub span: String,
    /// How dates are to be read, e.g. `UTC+01:00`.
    pub time_zone: String,
    /// True when days are civil days (dates); false for short demo days (date-times).
    pub whole_days: bool,
    /// One row per day, in order.
    pub days: Vec<DayRow>,
}

impl ReadingsExport {
    /// The day rows' total energy, Wh.
    pub fn total_wh(&self) -> u64 {
        self.days
            .iter()
            .fold(0u64, |sum, d| sum.saturating_add(d.energy_wh))
    }

    /// The day rows' total number of readings.
    pub fn total_readings(&self) -> u64 {
        self.days.iter().map(|d| u64::from(d.readings)).sum()
    }
}

/// The readings workbook: sheet "Readings" with Date | Energy (kWh) | Readings and a total
/// row, the header bold and frozen; sheet "About" says what it is.
pub fn write_readings(export: &ReadingsExport) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    let title = format!("Readings of meter {}, {}", export.meter_id, export.span);
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_subject("Daily energy totals from the ledger")
            .set_comment(format!(
                "Owner {}; dates in {}",
                export.owner, export.time_zone
            )),
    );
    let ws = workbook.add_worksheet();
    ws.set_name("Readings")?;
    let (date_title, date_width, date_format) = if export.whole_days {
        (format!("Date ({})", export.time_zone), 16.0, &f.date)
    } else {
        (
            format!("Day starts ({})", export.time_zone),
            22.0,
            &f.datetime,
        )
    };
    header_row(
        ws,
        &f,
        &[
            (&date_title, date_width),
            ("Energy (kWh)", 14.0),
            ("Readings (count)", 12.0),
        ],
    )?;
    let mut row = 0u32;
    for day in &export.days {
        row += 1;
        ws.write_datetime_with_format(row, 0, excel_time(day.start_local)?, date_format)?;
        ws.write_number_with_format(row, 1, kwh_value(day.energy_wh), &f.kwh)?;
        ws.write_number_with_format(row, 2, f64::from(day.readings), &f.count)?;
    }
    let (total_wh, total_readings) = (export.total_wh(), export.total_readings());
    ws.write_string_with_format(row + 1, 0, "Total", &f.total_label)?;
    ws.write_number_with_format(row + 1, 1, kwh_value(total_wh), &f.total_kwh)?;
    ws.write_number_with_format(row + 1, 2, total_readings as f64, &f.total_count)?;

    about_sheet(
        &mut workbook,
        &[
            ("Meter", export.meter_id.clone()),
            ("Owner", export.owner.clone()),
            ("Span", export.span.clone()),
            ("Dates", format!("in {}", export.time_zone)),
            (
                "Energy",
                "kWh with three decimals, from the meter's verified readings".into(),
            ),
            (
                "Total",
                format!(
                    "{}.{:03} kWh in {total_readings} readings",
                    total_wh / 1000,
                    total_wh % 1000
                ),
            ),
        ],
    )?;
    Ok(workbook.save_to_buffer()?)
}

/// The day indices (see `BillingCycle::day_index`) whose days start in `[start, end)`.
fn days_starting_in(cycle: &BillingCycle, start: u64, end: u64) -> std::ops::Range<u64> {
    let first = match cycle.day_index(start) {
        Some(d) if cycle.day_index_start(d) == Some(start) => d,
        Some(d) => d.saturating_add(1),
        None => 0,
    };
    let mut last = first;
    while cycle.day_index_start(last).is_some_and(|s| s < end) {
        last += 1;
    }
    first..last
}

/// Unix seconds `[start, end)` of `span` in `cycle`, and the span in words.
fn span_bounds(meter_id: &str, cycle: &BillingCycle, span: Span) -> Result<(u64, u64, String)> {
    match span {
        Span::Month(m) => {
            let offset = match cycle {
                BillingCycle::CalendarMonth { utc_offset_minutes } => *utc_offset_minutes,
                BillingCycle::Days { day_seconds, .. } if day_seconds % DAY == 0 => 0,
                BillingCycle::Days { day_seconds, .. } => {
                    return Err(Error::NotCalendarDays {
                        meter_id: meter_id.to_string(),
                        day_seconds: *day_seconds,
                    });
                }
            };
            let out_of_range = || Error::OutOfRange(format!("month {m}"));
            let first_day = u64::try_from(m.first_day()).map_err(|_| out_of_range())?;
            let local_start = first_day.checked_mul(DAY).ok_or_else(out_of_range)?;
            let local_end = local_start
                .checked_add(u64::from(m.days()) * DAY)
                .ok_or_else(out_of_range)?;
            let from_local = |t| ledger_types::time::from_local(t, offset).ok_or_else(out_of_range);
            Ok((
                from_local(local_start)?,
                from_local(local_end)?,
                m.long_name(),
            ))
        }
        Span::Period(p) => {
            let (s, e) = cycle
                .bounds(p)
                .ok_or_else(|| Error::OutOfRange(format!("period {p}")))?;
            Ok((s, e, format!("period {p}")))
        }
    }
}

/// Gathers a meter's daily totals over `span`, one row per day (zero for days without
/// readings), from its meter contract (on its region's chain for a regional meter).
pub async fn gather_readings(
    ledger: &Ledger,
    meter_id: &str,
    span: Span,
) -> Result<ReadingsExport> {
    let info = ledger.meter_info(meter_id).await?;
    let location = ledger.locate_meter(meter_id).await?;
    let regional = match &location.region {
        Some(region) => Some(ledger.in_region(region).await?),
        None => None,
    };
    let chain = regional.as_ref().unwrap_or(ledger);
    let contract = location.contract;
    let cycle = chain.meter_config(&contract).await?.settings.cycle;
    let (start, end, span) = span_bounds(meter_id, &cycle, span)?;
    let days = days_starting_in(&cycle, start, end);
    let count = usize::try_from(days.end - days.start).unwrap_or(usize::MAX);
    let page = chain
        .daily(
            &contract,
            meter_id,
            Some(days.start),
            Some(days.end),
            count.max(1),
        )
        .await?;
    let by_day: BTreeMap<u64, (u64, u32)> = page
        .items
        .iter()
        .map(|d| (d.day, (d.energy_wh, d.readings)))
        .collect();
    let rows = days
        .map(|d| {
            let (energy_wh, readings) = by_day.get(&d).copied().unwrap_or((0, 0));
            let start = cycle.day_index_start(d).unwrap_or_default();
            DayRow {
                start_local: local_seconds(&cycle, start),
                energy_wh,
                readings,
            }
        })
        .collect();
    Ok(ReadingsExport {
        meter_id: meter_id.to_string(),
        owner: info.owner.to_string(),
        span,
        time_zone: cycle_zone(&cycle),
        whole_days: cycle.day_seconds() % DAY == 0,
        days: rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::{Workbook, num, text};

    const NOV_2026: u64 = 1_793_491_200;

    #[test]
    fn a_readings_workbook_has_a_row_per_day_and_a_total() {
        let days: Vec<DayRow> = (0..30)
            .map(|d| DayRow {
                start_local: NOV_2026 + d * DAY,
                energy_wh: 1_000 * d + 7,
                readings: if d == 3 { 0 } else { 48 },
            })
            .collect();
        let export = ReadingsExport {
            meter_id: "m-1".into(),
            owner: "wasm1owner".into(),
            span: "November 2026".into(),
            time_zone: "UTC+00:00".into(),
            whole_days: true,
            days,
        };
        let book = Workbook::new(write_readings(&export).unwrap());

        let rows = book.cells("Readings");
        assert_eq!(rows.len(), 32, "header, 30 days, total");
        assert_eq!(text(&rows[0][0]), "Date (UTC+00:00)");
        assert_eq!(text(&rows[0][1]), "Energy (kWh)");
        assert_eq!(text(&rows[0][2]), "Readings (count)");
        // 2026-11-01 is Excel serial 46327.
        assert_eq!(num(&rows[1][0]), 46_327.0);
        assert_eq!(num(&rows[30][0]), 46_356.0);
        assert!((num(&rows[2][1]) - 1.007).abs() < 1e-9);
        assert_eq!(num(&rows[4][2]), 0.0);
        assert_eq!(text(&rows[31][0]), "Total");
        let total_wh: u64 = (0..30).map(|d| 1_000 * d + 7).sum();
        assert!((num(&rows[31][1]) - total_wh as f64 / 1000.0).abs() < 1e-9);
        assert_eq!(num(&rows[31][2]), 29.0 * 48.0);

        // Formatting: the header is frozen, the date and kWh formats are there.
        let sheet = book.part("xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{sheet}"
        );
        assert!(sheet.contains("<cols>"), "column widths: {sheet}");
        let styles = book.part("xl/styles.xml");
        assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#), "{styles}");
        assert!(styles.contains(r##"formatCode="#,##0.000""##), "{styles}");
        assert!(styles.contains("<b/>"), "bold header: {styles}");
        let about = book.cells("About");
        assert_eq!(text(&about[0][1]), "m-1");
        assert_eq!(text(&about[5][1]), "435.210 kWh in 1392 readings");
    }

    #[test]
    fn short_days_are_written_as_date_times() {
        let export = ReadingsExport {
            meter_id: "m".into(),
            owner: "o".into(),
            span: "period 0".into(),
            time_zone: "UTC+00:00".into(),
            whole_days: false,
            days: vec![
                DayRow {
                    start_local: NOV_2026 + 10,
                    energy_wh: 5,
                    readings: 1,
                },
                DayRow {
                    start_local: NOV_2026 + 20,
                    energy_wh: 0,
                    readings: 0,
                },
            ],
        };
        let book = Workbook::new(write_readings(&export).unwrap());
        let rows = book.cells("Readings");
        assert_eq!(text(&rows[0][0]), "Day starts (UTC+00:00)");
        assert!((num(&rows[1][0]) - (46_327.0 + 10.0 / 86_400.0)).abs() < 1e-9);
        assert_eq!(text(&rows[3][0]), "Total");
        let styles = book.part("xl/styles.xml");
        assert!(
            styles.contains(r#"formatCode="yyyy-mm-dd hh:mm:ss""#),
            "{styles}"
        );
    }

    #[test]
    fn day_ranges_follow_the_cycle() {
        let month = BillingCycle::CalendarMonth {
            utc_offset_minutes: 60,
        };
        let start = NOV_2026 - 3_600; // local midnight in UTC+01:00
        let days = days_starting_in(&month, start, start + 30 * DAY);
        assert_eq!(days.end - days.start, 30);
        assert_eq!(month.day_index_start(days.start), Some(start));
        assert_eq!(local_seconds(&month, start), NOV_2026);
        let demo = BillingCycle::Days {
            origin: 1_000,
            days: 4,
            day_seconds: 5,
        };
        let (s, e) = demo.bounds(2).unwrap();
        assert_eq!(days_starting_in(&demo, s, e), 8..12);
    }

    #[test]
    fn a_month_is_read_in_the_cycle_s_offset_and_refused_for_short_days() {
        let nov: Month = "2026-11".parse().unwrap();
        let month = BillingCycle::CalendarMonth {
            utc_offset_minutes: 60,
        };
        assert_eq!(
            span_bounds("m", &month, Span::Month(nov)).unwrap(),
            (
                NOV_2026 - 3_600,
                NOV_2026 + 30 * DAY - 3_600,
                "November 2026".into()
            )
        );
        let demo = BillingCycle::Days {
            origin: 1_000,
            days: 4,
            day_seconds: 5,
        };
        let err = span_bounds("m", &demo, Span::Month(nov)).unwrap_err();
        assert!(
            matches!(
                err,
                Error::NotCalendarDays {
                    ref meter_id,
                    day_seconds: 5
                } if meter_id == "m"
            ),
            "{err:?}"
        );
        assert_eq!(err.code(), Some(crate::codes::NOT_CALENDAR_DAYS));
        assert_eq!(
            span_bounds("m", &demo, Span::Period(2)).unwrap(),
            (1_040, 1_060, "period 2".into())
        );
    }
}
