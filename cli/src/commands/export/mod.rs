//! `ledger export`: XLSX workbooks for people: a month of a meter's readings (one row per day
//! and the month's total) and, for the bank, every bill with its instalments and payment
//! status; a project's fund flow is written by [`crate::commands::export::draft_flow`] with the same formats.
//! Written with rust_xlsxwriter; the data are gathered first into plain rows so the writers can
//! be tested without a chain.

pub mod draft_flow;
#[cfg(test)]
mod xlsx_cells;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail};
use clap::{Args, Subcommand};
use ledger_types::billing::BillingCycle;
use ledger_types::time::DAY;
use rust_xlsxwriter::{DocProperties, Workbook};
use serde::Serialize;

use crate::context::App;
use crate::render::core::{instalment_kind, instalment_status};
use crate::render::metering::local_start;
use crate::render::xlsx::{
    Formats, about_sheet, excel_time, header_row, kwh_value, money_value, save,
};
use crate::render::{self, Output};
use crate::when::{self, Month};
use ledger_sdk::Ledger;

/// `ledger export ...`
#[derive(Subcommand, Debug)]
pub enum ExportCmd {
    /// A meter's readings for a month (or a billing period): one row per day with its energy
    /// and number of readings, and the total
    Readings(ReadingsArgs),
    /// For the bank: every meter's bills with their instalments and payment status
    Bills(BillsArgs),
    /// A project's fund flow: every hop of its drafts with the holder, the amount released,
    /// the bank serial and record and the reconciliation; its stages and history
    DraftFlow(draft_flow::DraftFlowArgs),
}

/// `ledger export readings`
#[derive(Args, Debug)]
pub struct ReadingsArgs {
    /// The meter's id
    #[arg(long)]
    pub meter: String,
    /// The calendar month, YYYY-MM (in the billing cycle's UTC offset)
    #[arg(long, required_unless_present = "period", conflicts_with = "period")]
    pub month: Option<Month>,
    /// A billing period instead of a month (for cycles with short demo days)
    #[arg(long)]
    pub period: Option<u32>,
    /// The workbook to write
    #[arg(long, value_name = "FILE", default_value = "readings.xlsx")]
    pub out: PathBuf,
}

/// `ledger export bills`
#[derive(Args, Debug)]
pub struct BillsArgs {
    /// Only these meters (repeat the flag) [default: every registered meter]
    #[arg(long = "meter", value_name = "ID")]
    pub meters: Vec<String>,
    /// The workbook to write
    #[arg(long, value_name = "FILE", default_value = "bills.xlsx")]
    pub out: PathBuf,
}

/// One day of a readings export.
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
#[derive(Clone, Debug)]
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

/// One instalment (or a bill without instalments) of a bills export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstalmentRow {
    /// The meter.
    pub meter_id: String,
    /// Its owner.
    pub consumer: String,
    /// The billing period.
    pub period: u32,
    /// Period start, local seconds.
    pub period_start_local: u64,
    /// Period end (exclusive), local seconds.
    pub period_end_local: u64,
    /// The bill's total in minor units, once the period is closed.
    pub bill_total: Option<u128>,
    /// `advance 1`, `advance 2`, `final`; empty for a bill without instalments.
    pub instalment: String,
    /// Due date, local seconds.
    pub due_local: Option<u64>,
    /// Instalment amount, minor units.
    pub amount: Option<u128>,
    /// Paid so far, minor units.
    pub paid: Option<u128>,
    /// `open`, `overdue`, `paid`, `superseded`.
    pub status: String,
    /// True when the cycle's days are civil days.
    pub whole_days: bool,
}

/// What a bills workbook shows.
#[derive(Clone, Debug)]
pub struct BillsExport {
    /// Currency label for the amount headers (the settlement token's symbol).
    pub currency: String,
    /// How dates are to be read.
    pub time_zone: String,
    /// Rows in meter, period, due-date order.
    pub rows: Vec<InstalmentRow>,
}

/// Writes the readings workbook: sheet "Readings" with Date | Energy (kWh) | Readings and a
/// total row, the header bold and frozen; sheet "About" says what it is.
pub fn write_readings(path: &Path, export: &ReadingsExport) -> anyhow::Result<()> {
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
    let mut total_wh: u64 = 0;
    let mut total_readings: u64 = 0;
    for (i, day) in export.days.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_datetime_with_format(row, 0, excel_time(day.start_local)?, date_format)?;
        ws.write_number_with_format(row, 1, kwh_value(day.energy_wh), &f.kwh)?;
        ws.write_number_with_format(row, 2, f64::from(day.readings), &f.count)?;
        total_wh = total_wh.saturating_add(day.energy_wh);
        total_readings += u64::from(day.readings);
    }
    let total_row = export.days.len() as u32 + 1;
    ws.write_string_with_format(total_row, 0, "Total", &f.total_label)?;
    ws.write_number_with_format(total_row, 1, kwh_value(total_wh), &f.total_kwh)?;
    ws.write_number_with_format(total_row, 2, total_readings as f64, &f.total_count)?;

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
                    "{} kWh in {total_readings} readings",
                    crate::units::kwh(total_wh)
                ),
            ),
        ],
    )?;
    save(&mut workbook, path)
}

/// Writes the bills workbook: sheet "Bills" with one row per instalment (meter, consumer,
/// period, period start and end, bill total, instalment, due date, amount, paid, status),
/// amounts in currency with two decimals, dates as dates, header bold, frozen and filterable.
pub fn write_bills(path: &Path, export: &BillsExport) -> anyhow::Result<()> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Bills and instalments")
            .set_subject("Every meter's bills with their instalments and payment status")
            .set_comment(format!(
                "Amounts in {}; dates in {}",
                export.currency, export.time_zone
            )),
    );
    let ws = workbook.add_worksheet();
    ws.set_name("Bills")?;
    let cur = &export.currency;
    let total_h = format!("Bill total ({cur})");
    let amount_h = format!("Amount ({cur})");
    let paid_h = format!("Paid ({cur})");
    let headers: [(&str, f64); 11] = [
        ("Meter", 14.0),
        ("Consumer", 46.0),
        ("Period", 8.0),
        ("Period start", 20.0),
        ("Period end", 20.0),
        (&total_h, 14.0),
        ("Instalment", 12.0),
        ("Due date", 20.0),
        (&amount_h, 14.0),
        (&paid_h, 14.0),
        ("Status", 12.0),
    ];
    header_row(ws, &f, &headers)?;
    for (i, r) in export.rows.iter().enumerate() {
        let row = i as u32 + 1;
        let date_format = if r.whole_days { &f.date } else { &f.datetime };
        ws.write_string(row, 0, &r.meter_id)?;
        ws.write_string(row, 1, &r.consumer)?;
        ws.write_number_with_format(row, 2, f64::from(r.period), &f.count)?;
        ws.write_datetime_with_format(row, 3, excel_time(r.period_start_local)?, date_format)?;
        // For civil days, the period's last day; for short demo days, the instant it ends.
        let end = if r.whole_days {
            r.period_end_local.saturating_sub(DAY)
        } else {
            r.period_end_local
        };
        ws.write_datetime_with_format(row, 4, excel_time(end)?, date_format)?;
        if let Some(total) = r.bill_total {
            ws.write_number_with_format(row, 5, money_value(total), &f.money)?;
        }
        ws.write_string(row, 6, &r.instalment)?;
        if let Some(due) = r.due_local {
            ws.write_datetime_with_format(row, 7, excel_time(due)?, date_format)?;
        }
        if let Some(amount) = r.amount {
            ws.write_number_with_format(row, 8, money_value(amount), &f.money)?;
        }
        if let Some(paid) = r.paid {
            ws.write_number_with_format(row, 9, money_value(paid), &f.money)?;
        }
        ws.write_string(row, 10, &r.status)?;
    }
    let last_row = export.rows.len() as u32;
    ws.autofilter(0, 0, last_row.max(1), 10)?;
    about_sheet(
        &mut workbook,
        &[
            (
                "Contents",
                "every bill with its instalments and payment status".into(),
            ),
            (
                "Amounts",
                format!("{} with two decimals (minor units / 100)", export.currency),
            ),
            ("Dates", format!("in {}", export.time_zone)),
            (
                "Period end",
                "the period's last day (for demo cycles with short days, the instant it ends)"
                    .into(),
            ),
            (
                "Bill total",
                "empty while the period is not closed; advances are scheduled before the bill"
                    .into(),
            ),
        ],
    )?;
    save(&mut workbook, path)
}

/// The time zone a cycle's dates are read in.
fn cycle_zone(cycle: &BillingCycle) -> String {
    match cycle {
        BillingCycle::CalendarMonth { utc_offset_minutes } => when::offset(*utc_offset_minutes),
        BillingCycle::Days { .. } => when::offset(0),
    }
}

/// The day indices (see `BillingCycle::day_index`) whose days start in `[start, end)`.
fn days_starting_in(cycle: &BillingCycle, start: u64, end: u64) -> std::ops::Range<u64> {
    let first = match cycle.day_index(start) {
        Some(d) if cycle.day_index_start(d) == Some(start) => d,
        Some(d) => d + 1,
        None => 0,
    };
    let mut last = first;
    while cycle.day_index_start(last).is_some_and(|s| s < end) {
        last += 1;
    }
    first..last
}

/// Gathers a meter's daily totals for a month or a period, one row per day (zero for days
/// without readings).
pub async fn gather_readings(
    ledger: &Ledger,
    meter_id: &str,
    month: Option<Month>,
    period: Option<u32>,
) -> anyhow::Result<ReadingsExport> {
    let info = ledger.meter_info(meter_id).await?;
    // A regional meter's readings are in its region's meter contract.
    let location = ledger.locate_meter(meter_id).await?;
    let regional = match &location.region {
        Some(region) => Some(ledger.in_region(region).await?),
        None => None,
    };
    let ledger = regional.as_ref().unwrap_or(ledger);
    let contract = location.contract;
    let cycle = ledger.meter_config(&contract).await?.settings.cycle;
    let whole_days = cycle.day_seconds() % DAY == 0;
    let (start, end, span) = match (month, period) {
        (Some(m), _) => {
            if !whole_days {
                bail!(
                    "meter {meter_id}'s billing cycle has days of {} s, not calendar days: \
                     export a billing period with --period instead",
                    cycle.day_seconds()
                );
            }
            let offset = match cycle {
                BillingCycle::CalendarMonth { utc_offset_minutes } => utc_offset_minutes,
                BillingCycle::Days { .. } => 0,
            };
            let local_start = u64::try_from(m.first_day())
                .map_err(|_| anyhow!("month {m} is before 1970"))?
                * DAY;
            let local_end = local_start + u64::from(m.days()) * DAY;
            let from_local = |t| ledger_types::time::from_local(t, offset);
            (
                from_local(local_start).ok_or_else(|| anyhow!("month {m} is out of range"))?,
                from_local(local_end).ok_or_else(|| anyhow!("month {m} is out of range"))?,
                m.long_name(),
            )
        }
        (None, Some(p)) => {
            let (s, e) = cycle
                .bounds(p)
                .ok_or_else(|| anyhow!("period {p} is out of range"))?;
            (s, e, format!("period {p}"))
        }
        (None, None) => bail!("give --month or --period"),
    };
    let days = days_starting_in(&cycle, start, end);
    let count = (days.end - days.start) as usize;
    let page = ledger
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
                start_local: local_start(&cycle, start),
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
        whole_days,
        days: rows,
    })
}

/// Gathers every bill and instalment of the given meters (all registered meters when empty).
pub async fn gather_bills(ledger: &Ledger, only: &[String]) -> anyhow::Result<BillsExport> {
    const ALL: usize = 1_000_000;
    let meters = if only.is_empty() {
        ledger.meters(None, ALL).await?.items
    } else {
        let mut ms = Vec::new();
        for id in only {
            ms.push(ledger.meter_info(id).await?);
        }
        ms
    };
    let mut cycles: BTreeMap<String, BillingCycle> = BTreeMap::new();
    // A regional meter's bills are in its region's meter contract; its instalments at the bank.
    let mut regions: BTreeMap<String, Ledger> = BTreeMap::new();
    let mut zones = Vec::new();
    let mut rows = Vec::new();
    for m in &meters {
        let (chain, contract) = match &m.region {
            None => (ledger, m.contract.to_string()),
            Some(region) => {
                let contract = ledger.locate_meter(&m.meter_id).await?.contract;
                if !regions.contains_key(region) {
                    regions.insert(region.clone(), ledger.in_region(region).await?);
                }
                (&regions[region], contract)
            }
        };
        if !cycles.contains_key(&contract) {
            let cycle = chain.meter_config(&contract).await?.settings.cycle;
            cycles.insert(contract.clone(), cycle);
        }
        let cycle = &cycles[&contract];
        let zone = cycle_zone(cycle);
        if !zones.contains(&zone) {
            zones.push(zone);
        }
        let whole_days = cycle.day_seconds() % DAY == 0;
        let bills: BTreeMap<u32, u128> = chain
            .bills(&contract, &m.meter_id, ALL)
            .await?
            .items
            .into_iter()
            .map(|b| (b.period, b.total.u128()))
            .collect();
        let instalments = ledger.instalments(&m.meter_id, ALL).await?.items;
        let bounds = |p: u32| {
            let (s, e) = cycle.bounds(p).unwrap_or_default();
            (local_start(cycle, s), local_start(cycle, e))
        };
        for i in &instalments {
            let (s, e) = bounds(i.period);
            rows.push(InstalmentRow {
                meter_id: m.meter_id.clone(),
                consumer: m.owner.to_string(),
                period: i.period,
                period_start_local: s,
                period_end_local: e,
                bill_total: bills.get(&i.period).copied(),
                instalment: instalment_kind(&i.kind),
                due_local: Some(local_start(cycle, i.due)),
                amount: Some(i.amount.u128()),
                paid: Some(i.paid.u128()),
                status: instalment_status(&i.status).to_string(),
                whole_days,
            });
        }
        for (period, total) in &bills {
            if instalments.iter().any(|i| i.period == *period) {
                continue;
            }
            let (s, e) = bounds(*period);
            rows.push(InstalmentRow {
                meter_id: m.meter_id.clone(),
                consumer: m.owner.to_string(),
                period: *period,
                period_start_local: s,
                period_end_local: e,
                bill_total: Some(*total),
                instalment: String::new(),
                due_local: None,
                amount: None,
                paid: None,
                status: "no instalments".into(),
                whole_days,
            });
        }
    }
    rows.sort_by(|a, b| {
        (&a.meter_id, a.period, a.due_local).cmp(&(&b.meter_id, b.period, b.due_local))
    });
    let currency = ledger
        .token_info()
        .await
        .map(|t| t.symbol)
        .unwrap_or_else(|_| "currency".into());
    Ok(BillsExport {
        currency,
        time_zone: if zones.is_empty() {
            when::offset(0)
        } else {
            zones.join(", ")
        },
        rows,
    })
}

#[derive(Serialize)]
struct Written<'a> {
    file: String,
    rows: usize,
    what: &'a str,
}

/// Runs an `export` command.
pub async fn run(app: &App, cmd: ExportCmd) -> anyhow::Result<()> {
    let ledger = app.ledger().await?;
    let (file, rows, what) = match cmd {
        ExportCmd::Readings(args) => {
            let export = gather_readings(&ledger, &args.meter, args.month, args.period).await?;
            write_readings(&args.out, &export)?;
            (args.out, export.days.len(), "days")
        }
        ExportCmd::Bills(args) => {
            let export = gather_bills(&ledger, &args.meters).await?;
            write_bills(&args.out, &export)?;
            (args.out, export.rows.len(), "instalment rows")
        }
        ExportCmd::DraftFlow(args) => {
            let export = draft_flow::gather_flow(&ledger, args.project).await?;
            draft_flow::write_flow(&args.out, &export)?;
            (args.out, export.hops.len(), "hop rows")
        }
    };
    match app.output() {
        Output::Json => render::json(&Written {
            file: file.display().to_string(),
            rows,
            what,
        }),
        Output::Table => {
            println!("wrote {} ({rows} {what})", file.display());
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::xlsx_cells::{cells, num, part, text};
    use super::*;
    use calamine::Data;

    const NOV_2026: u64 = 1_793_491_200;

    #[test]
    fn readings_workbook_has_a_row_per_day_and_a_total() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/readings.xlsx");
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
        write_readings(&path, &export).unwrap();

        let rows = cells(&path, "Readings");
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
        let sheet = part(&path, "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{sheet}"
        );
        assert!(sheet.contains("<cols>"), "column widths: {sheet}");
        let styles = part(&path, "xl/styles.xml");
        assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#), "{styles}");
        assert!(styles.contains(r##"formatCode="#,##0.000""##), "{styles}");
        assert!(styles.contains("<b/>"), "bold header: {styles}");
        let about = cells(&path, "About");
        assert_eq!(text(&about[0][1]), "m-1");
    }

    #[test]
    fn short_days_are_written_as_date_times() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.xlsx");
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
        write_readings(&path, &export).unwrap();
        let rows = cells(&path, "Readings");
        assert_eq!(text(&rows[0][0]), "Day starts (UTC+00:00)");
        assert!((num(&rows[1][0]) - (46_327.0 + 10.0 / 86_400.0)).abs() < 1e-9);
        assert_eq!(text(&rows[3][0]), "Total");
        let styles = part(&path, "xl/styles.xml");
        assert!(
            styles.contains(r#"formatCode="yyyy-mm-dd hh:mm:ss""#),
            "{styles}"
        );
    }

    #[test]
    fn bills_workbook_lists_instalments_with_currency_and_dates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bills.xlsx");
        let row = |kind: &str, due: u64, amount: u128, paid: u128, status: &str| InstalmentRow {
            meter_id: "m-1".into(),
            consumer: "wasm1consumer".into(),
            period: 682,
            period_start_local: NOV_2026,
            period_end_local: NOV_2026 + 30 * DAY,
            bill_total: Some(12_345),
            instalment: kind.into(),
            due_local: Some(due),
            amount: Some(amount),
            paid: Some(paid),
            status: status.into(),
            whole_days: true,
        };
        let export = BillsExport {
            currency: "LEUR".into(),
            time_zone: "UTC+00:00".into(),
            rows: vec![
                row("advance 1", NOV_2026 + 9 * DAY, 2_400, 2_400, "paid"),
                row("advance 2", NOV_2026 + 24 * DAY, 3_200, 0, "superseded"),
                row("final", NOV_2026 + 47 * DAY, 9_945, 0, "open"),
                InstalmentRow {
                    bill_total: None,
                    period: 683,
                    ..row("advance 1", NOV_2026 + 39 * DAY, 3_703, 0, "open")
                },
            ],
        };
        write_bills(&path, &export).unwrap();
        let rows = cells(&path, "Bills");
        let header: Vec<&str> = rows[0].iter().map(text).collect();
        assert_eq!(
            header,
            [
                "Meter",
                "Consumer",
                "Period",
                "Period start",
                "Period end",
                "Bill total (LEUR)",
                "Instalment",
                "Due date",
                "Amount (LEUR)",
                "Paid (LEUR)",
                "Status"
            ]
        );
        assert_eq!(rows.len(), 5);
        assert_eq!(text(&rows[1][0]), "m-1");
        assert_eq!(num(&rows[1][2]), 682.0);
        assert_eq!(num(&rows[1][3]), 46_327.0); // 2026-11-01
        assert_eq!(num(&rows[1][4]), 46_356.0); // 2026-11-30, the last day
        assert!((num(&rows[1][5]) - 123.45).abs() < 1e-9);
        assert_eq!(text(&rows[1][6]), "advance 1");
        assert_eq!(num(&rows[1][7]), 46_336.0); // 2026-11-10
        assert!((num(&rows[3][8]) - 99.45).abs() < 1e-9);
        assert_eq!(num(&rows[2][9]), 0.0);
        assert_eq!(text(&rows[2][10]), "superseded");
        assert_eq!(rows[4][5], Data::Empty, "no bill yet for period 683");

        let sheet = part(&path, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains(r#"state="frozen""#), "{sheet}");
        assert!(sheet.contains(r#"<autoFilter ref="A1:K5"/>"#), "{sheet}");
        let styles = part(&path, "xl/styles.xml");
        assert!(styles.contains(r##"formatCode="#,##0.00""##), "{styles}");
        assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#), "{styles}");
        let shared = part(&path, "xl/sharedStrings.xml");
        assert!(shared.contains("Bill total (LEUR)"), "{shared}");
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
        assert_eq!(local_start(&month, start), NOV_2026);
        let demo = BillingCycle::Days {
            origin: 1_000,
            days: 4,
            day_seconds: 5,
        };
        let (s, e) = demo.bounds(2).unwrap();
        assert_eq!(days_starting_in(&demo, s, e), 8..12);
    }
}
