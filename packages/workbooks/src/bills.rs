//! Bills with their instalments and payments: sheet "Bills" has a row per instalment (or per
//! bill without instalments), sheet "Payments" a row per payment made towards them.

use std::collections::{BTreeMap, BTreeSet};

use ledger_sdk::words::{
    cycle_zone, instalment_kind, instalment_status, local_seconds, offset, payment_source,
};
use ledger_sdk::{Ledger, paging};
use ledger_types::admin::MeterInfo;
use ledger_types::billing::BillingCycle;
use ledger_types::time::DAY;
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet};

use crate::Result;
use crate::cells::{Formats, about_sheet, excel_time, header_row, money_value};

/// One instalment (or a bill without instalments) of a bills workbook.
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

/// One payment towards an instalment of a bills workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentRow {
    /// The bank's payment id.
    pub id: u64,
    /// When it was made (block time), local seconds.
    pub at_local: u64,
    /// The meter.
    pub meter_id: String,
    /// The billing period.
    pub period: u32,
    /// The instalment paid: `advance 1`, `final`.
    pub instalment: String,
    /// Minor units.
    pub amount: u128,
    /// Where the value came from: `automatic (settle)`, `bank operator`, `credit`.
    pub source: String,
}

/// What a bills workbook shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillsExport {
    /// Currency label for the amount headers (the settlement token's symbol).
    pub currency: String,
    /// How dates are to be read.
    pub time_zone: String,
    /// Rows in meter, period, due-date order.
    pub rows: Vec<InstalmentRow>,
    /// Payments in meter, period, id order.
    pub payments: Vec<PaymentRow>,
}

/// The bills workbook: sheet "Bills" with one row per instalment (meter, consumer, period,
/// period start and end, bill total, instalment, due date, amount, paid, status), sheet
/// "Payments" with one row per payment; amounts in currency with two decimals, dates as
/// dates, headers bold, frozen and filterable.
pub fn write_bills(export: &BillsExport) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Bills, instalments and payments")
            .set_subject("Bills with their instalments, payment status and payments")
            .set_comment(format!(
                "Amounts in {}; dates in {}",
                export.currency, export.time_zone
            )),
    );
    bills_sheet(workbook.add_worksheet(), &f, export)?;
    payments_sheet(workbook.add_worksheet(), &f, export)?;
    about_sheet(
        &mut workbook,
        &[
            (
                "Contents",
                "every bill with its instalments and payment status; every payment".into(),
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
    Ok(workbook.save_to_buffer()?)
}

fn bills_sheet(ws: &mut Worksheet, f: &Formats, export: &BillsExport) -> Result<()> {
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
    header_row(ws, f, &headers)?;
    let mut row = 0u32;
    for r in &export.rows {
        row += 1;
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
    ws.autofilter(0, 0, row.max(1), 10)?;
    Ok(())
}

fn payments_sheet(ws: &mut Worksheet, f: &Formats, export: &BillsExport) -> Result<()> {
    ws.set_name("Payments")?;
    let amount_h = format!("Amount ({})", export.currency);
    let headers: [(&str, f64); 7] = [
        ("Payment", 10.0),
        ("Paid at", 20.0),
        ("Meter", 14.0),
        ("Period", 8.0),
        ("Instalment", 12.0),
        (&amount_h, 14.0),
        ("Source", 20.0),
    ];
    header_row(ws, f, &headers)?;
    let mut row = 0u32;
    for p in &export.payments {
        row += 1;
        ws.write_number_with_format(row, 0, p.id as f64, &f.count)?;
        ws.write_datetime_with_format(row, 1, excel_time(p.at_local)?, &f.datetime)?;
        ws.write_string(row, 2, &p.meter_id)?;
        ws.write_number_with_format(row, 3, f64::from(p.period), &f.count)?;
        ws.write_string(row, 4, &p.instalment)?;
        ws.write_number_with_format(row, 5, money_value(p.amount), &f.money)?;
        ws.write_string(row, 6, &p.source)?;
    }
    ws.autofilter(0, 0, row.max(1), 6)?;
    Ok(())
}

/// Gathers every bill, instalment and payment of `meters`: bills from each meter's contract
/// (its region's for a regional meter), instalments and payments from the bank.
pub async fn gather_bills(ledger: &Ledger, meters: &[MeterInfo]) -> Result<BillsExport> {
    let mut cycles: BTreeMap<String, BillingCycle> = BTreeMap::new();
    let mut regions: BTreeMap<String, Ledger> = BTreeMap::new();
    let mut zones = Vec::new();
    let mut rows = Vec::new();
    let mut kinds: BTreeMap<u64, (String, BillingCycle)> = BTreeMap::new();
    for m in meters {
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
            .bills(&contract, &m.meter_id, paging::ALL)
            .await?
            .items
            .into_iter()
            .map(|b| (b.period, b.total.u128()))
            .collect();
        let instalments = ledger.instalments(&m.meter_id, paging::ALL).await?.items;
        let bounds = |p: u32| {
            let (s, e) = cycle.bounds(p).unwrap_or_default();
            (local_seconds(cycle, s), local_seconds(cycle, e))
        };
        for i in &instalments {
            let (s, e) = bounds(i.period);
            kinds.insert(i.id, (instalment_kind(&i.kind), cycle.clone()));
            rows.push(InstalmentRow {
                meter_id: m.meter_id.clone(),
                consumer: m.owner.to_string(),
                period: i.period,
                period_start_local: s,
                period_end_local: e,
                bill_total: bills.get(&i.period).copied(),
                instalment: instalment_kind(&i.kind),
                due_local: Some(local_seconds(cycle, i.due)),
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

    // Payments are listed per consumer; one read per consumer, kept for the meters asked.
    let consumers: BTreeSet<&str> = meters.iter().map(|m| m.owner.as_str()).collect();
    let mut payments = Vec::new();
    for consumer in consumers {
        for p in ledger
            .payments_by_consumer(consumer, paging::ALL)
            .await?
            .items
        {
            let Some((instalment, cycle)) = kinds.get(&p.instalment_id) else {
                continue;
            };
            payments.push(PaymentRow {
                id: p.id,
                at_local: local_seconds(cycle, p.at),
                meter_id: p.meter_id,
                period: p.period,
                instalment: instalment.clone(),
                amount: p.amount.u128(),
                source: payment_source(&p.source).to_string(),
            });
        }
    }
    payments.sort_by(|a, b| (&a.meter_id, a.period, a.id).cmp(&(&b.meter_id, b.period, b.id)));

    let currency = ledger
        .token_info()
        .await
        .map(|t| t.symbol)
        .unwrap_or_else(|_| "currency".into());
    Ok(BillsExport {
        currency,
        time_zone: if zones.is_empty() {
            offset(0)
        } else {
            zones.join(", ")
        },
        rows,
        payments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::{Cell, Workbook, num, text};

    const NOV_2026: u64 = 1_793_491_200;

    fn export() -> BillsExport {
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
        BillsExport {
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
            payments: vec![
                PaymentRow {
                    id: 7,
                    at_local: NOV_2026 + 9 * DAY + 3_661,
                    meter_id: "m-1".into(),
                    period: 682,
                    instalment: "advance 1".into(),
                    amount: 2_000,
                    source: "automatic (settle)".into(),
                },
                PaymentRow {
                    id: 9,
                    at_local: NOV_2026 + 10 * DAY,
                    meter_id: "m-1".into(),
                    period: 682,
                    instalment: "advance 1".into(),
                    amount: 400,
                    source: "bank operator".into(),
                },
            ],
        }
    }

    #[test]
    fn a_bills_workbook_lists_instalments_with_currency_and_dates() {
        let book = Workbook::new(write_bills(&export()).unwrap());
        assert_eq!(book.sheet_names(), ["Bills", "Payments", "About"]);
        let rows = book.cells("Bills");
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
        assert_eq!(rows[4][5], Cell::Empty, "no bill yet for period 683");

        let sheet = book.part("xl/worksheets/sheet1.xml");
        assert!(sheet.contains(r#"state="frozen""#), "{sheet}");
        assert!(sheet.contains(r#"<autoFilter ref="A1:K5"/>"#), "{sheet}");
        let styles = book.part("xl/styles.xml");
        assert!(styles.contains(r##"formatCode="#,##0.00""##), "{styles}");
        assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#), "{styles}");
        let shared = book.part("xl/sharedStrings.xml");
        assert!(shared.contains("Bill total (LEUR)"), "{shared}");
    }

    #[test]
    fn a_bills_workbook_lists_every_payment_with_its_time_and_source() {
        let book = Workbook::new(write_bills(&export()).unwrap());
        let rows = book.cells("Payments");
        let header: Vec<&str> = rows[0].iter().map(text).collect();
        assert_eq!(
            header,
            [
                "Payment",
                "Paid at",
                "Meter",
                "Period",
                "Instalment",
                "Amount (LEUR)",
                "Source"
            ]
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(num(&rows[1][0]), 7.0);
        // 2026-11-10 01:01:01
        assert!((num(&rows[1][1]) - (46_336.0 + 3_661.0 / 86_400.0)).abs() < 1e-9);
        assert_eq!(text(&rows[1][2]), "m-1");
        assert_eq!(num(&rows[1][3]), 682.0);
        assert_eq!(text(&rows[1][4]), "advance 1");
        assert!((num(&rows[1][5]) - 20.0).abs() < 1e-9);
        assert_eq!(text(&rows[2][6]), "bank operator");
        let paid: f64 = rows[1..].iter().map(|r| num(&r[5])).sum();
        assert!(
            (paid - 24.0).abs() < 1e-9,
            "payments add up to the paid advance"
        );
        let sheet = book.part("xl/worksheets/sheet2.xml");
        assert!(sheet.contains(r#"<autoFilter ref="A1:G3"/>"#), "{sheet}");
    }

    #[test]
    fn an_empty_bills_workbook_still_has_its_headers() {
        let empty = BillsExport {
            rows: Vec::new(),
            payments: Vec::new(),
            ..export()
        };
        let book = Workbook::new(write_bills(&empty).unwrap());
        assert_eq!(book.cells("Bills").len(), 1);
        assert_eq!(book.cells("Payments").len(), 1);
    }
}
