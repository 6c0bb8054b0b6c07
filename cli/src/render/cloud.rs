//! The cloud-federation contract in tables: organisations, quotas, price lists side by side,
//! leases, bills and totals; and a provider's bills as the rows of its settlement export.

use std::path::Path;

use comfy_table::{Cell, Table};
use cosmwasm_std::Uint128;
use ledger_types::cloud::{
    Bill, BillTotals, Lease, LeaseChargeResponse, Organisation, PriceVersion, Prices,
    QuotaResponse, Resources,
};
use rust_xlsxwriter::Workbook;

use crate::render::xlsx::{Formats, about_sheet, excel_time, header_row, money_value, save};
use crate::render::{self, num};
use crate::units::{Span, money};
use crate::when;

/// A price per unit-hour (minor units) as currency.
fn price(minor: u64) -> String {
    money(Uint128::from(minor))
}

/// Resources on one line: `4 vCPU, 8192 MiB, 100 GiB, 1 IP` (GPUs only when there are some).
pub fn resources(r: &Resources) -> String {
    let mut s = format!(
        "{} vCPU, {} MiB, {} GiB, {} IP",
        r.vcpus, r.memory_mib, r.disk_gib, r.public_ips
    );
    if r.gpus > 0 {
        s.push_str(&format!(", {} GPU", r.gpus));
    }
    s
}

/// Organisations as a table.
pub fn organisations_table(orgs: &[Organisation]) -> Table {
    let mut t = render::table(["id", "name", "admin", "payout", "agent key", "registered"]);
    for o in orgs {
        t.add_row(vec![
            Cell::new(&o.id),
            Cell::new(&o.name),
            Cell::new(&o.admin),
            Cell::new(&o.payout),
            Cell::new(if o.agent_key.is_some() { "yes" } else { "no" }),
            Cell::new(when::datetime(o.registered_at)),
        ]);
    }
    t
}

/// One organisation.
pub fn organisation_record(o: &Organisation) -> Table {
    render::record(vec![
        ("id", o.id.clone()),
        ("name", o.name.clone()),
        ("admin", o.admin.to_string()),
        ("payout", o.payout.to_string()),
        ("encryption key", o.encryption_key.to_hex()),
        (
            "metering agent key",
            o.agent_key
                .as_ref()
                .map_or_else(|| "none".to_string(), |k| k.to_hex()),
        ),
        ("registered", when::datetime(o.registered_at)),
    ])
}

/// Users (addresses) as a table.
pub fn users_table(users: &[String]) -> Table {
    let mut t = render::table(["user"]);
    for u in users {
        t.add_row(vec![Cell::new(u)]);
    }
    t
}

/// Quotas with what is in use and left, one row per consumer.
pub fn quotas_table(quotas: &[QuotaResponse]) -> Table {
    let mut t = render::table([
        "provider",
        "consumer",
        "max holding",
        "vCPU used/quota",
        "memory MiB",
        "disk GiB",
        "IPs",
        "GPUs",
    ]);
    let used = |u: u64, q: u64| format!("{u}/{q}");
    for q in quotas {
        let (u, l) = (&q.in_use, &q.quota);
        t.add_row(vec![
            Cell::new(&q.provider),
            Cell::new(&q.consumer),
            Cell::new(Span(l.max_holding_seconds).to_string()),
            num(used(u.vcpus.into(), l.vcpus.into())),
            num(used(u.memory_mib, l.memory_mib)),
            num(used(u.disk_gib, l.disk_gib)),
            num(used(u.public_ips.into(), l.public_ips.into())),
            num(used(u.gpus.into(), l.gpus.unwrap_or(0).into())),
        ]);
    }
    t
}

/// A price list's instance types, one a line: `m1.large 4 vCPU, 8192 MiB, 100 GiB, 0 IP: 1.25/h`.
fn instance_types(v: &PriceVersion) -> String {
    v.instance_types
        .iter()
        .map(|t| {
            format!(
                "{} {}: {}/h",
                t.name,
                resources(&t.resources),
                price(t.per_hour)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The prices a lease is billed at: its price-list version, and its instance type if it was
/// requested as one (`v2 m1.large`).
fn billed_at(version: u32, instance_type: Option<&str>) -> String {
    match instance_type {
        Some(name) => format!("v{version} {name}"),
        None => format!("v{version}"),
    }
}

/// Price lists side by side (the comparison of `ledger cloud prices`, and a provider's
/// history): one row per version, currency per unit-hour, and the instance types it sells
/// at their price per hour.
pub fn prices_table(versions: &[PriceVersion]) -> Table {
    let mut t = render::table([
        "provider",
        "version",
        "vCPU-h",
        "memory GiB-h",
        "disk GiB-h",
        "IP-h",
        "GPU-h",
        "per GB",
        "instance types",
        "in force from",
    ]);
    for v in versions {
        let p: &Prices = &v.prices;
        t.add_row(vec![
            Cell::new(&v.provider),
            num(v.version),
            num(price(p.per_vcpu_hour)),
            num(price(p.per_memory_gib_hour)),
            num(price(p.per_disk_gib_hour)),
            num(price(p.per_public_ip_hour)),
            num(price(p.per_gpu_hour)),
            num(price(p.per_gb_transferred)),
            Cell::new(instance_types(v)),
            Cell::new(when::datetime(v.effective_from)),
        ]);
    }
    t
}

/// Leases as a table.
pub fn leases_table(leases: &[Lease]) -> Table {
    let mut t = render::table([
        "lease",
        "provider",
        "consumer",
        "resources",
        "holding",
        "prices",
        "escrow",
        "status",
        "started",
        "payer",
    ]);
    for l in leases {
        t.add_row(vec![
            num(l.id),
            Cell::new(&l.provider),
            Cell::new(&l.consumer),
            Cell::new(resources(&l.resources)),
            Cell::new(Span(l.holding_seconds).to_string()),
            num(billed_at(
                l.price_version,
                l.instance_type.as_ref().map(|t| t.name.as_str()),
            )),
            num(money(l.escrow)),
            Cell::new(l.status.as_str()),
            Cell::new(l.started_at.map(when::datetime).unwrap_or_default()),
            Cell::new(&l.payer),
        ]);
    }
    t
}

/// One lease, and what it would be billed if closed now when it is running.
pub fn lease_record(l: &Lease, charge: Option<&LeaseChargeResponse>) -> Table {
    let mut rows = vec![
        ("lease", l.id.to_string()),
        ("status", l.status.as_str().to_string()),
        ("provider", l.provider.clone()),
        ("consumer", l.consumer.clone()),
        ("payer", l.payer.to_string()),
        ("resources", resources(&l.resources)),
        ("holding period", Span(l.holding_seconds).to_string()),
        ("price version", l.price_version.to_string()),
    ];
    if let Some(t) = &l.instance_type {
        rows.push((
            "instance type",
            format!("{} at {}/h", t.name, price(t.per_hour)),
        ));
    }
    rows.extend([
        ("escrow", money(l.escrow)),
        ("requested", when::datetime(l.requested_at)),
    ]);
    if let Some(at) = l.started_at {
        rows.push(("started", when::datetime(at)));
    }
    if let Some(at) = l.ended_at {
        rows.push(("ended", when::datetime(at)));
    }
    if let Some(reason) = &l.rejection {
        rows.push(("rejected because", reason.clone()));
    }
    if l.usage_gb > 0 {
        rows.push(("GB transferred", l.usage_gb.to_string()));
    }
    if let Some(c) = charge {
        rows.push(("charge now", money(c.amount)));
        rows.push(("holding ends", when::datetime(c.holding_ends_at)));
        rows.push((
            "closable by anyone",
            if c.closable { "yes" } else { "not yet" }.to_string(),
        ));
    }
    render::record(rows)
}

/// Bills as a table.
pub fn bills_table(bills: &[Bill]) -> Table {
    let mut t = render::table([
        "lease",
        "provider",
        "consumer",
        "prices",
        "started",
        "charged until",
        "time",
        "usage",
        "amount",
        "refund",
        "reason",
    ]);
    for b in bills {
        t.add_row(vec![
            num(b.lease_id),
            Cell::new(&b.provider),
            Cell::new(&b.consumer),
            num(billed_at(b.price_version, b.instance_type.as_deref())),
            Cell::new(when::datetime(b.started_at)),
            Cell::new(when::datetime(b.charged_until)),
            num(money(b.time_charge)),
            num(money(b.usage_charge)),
            num(money(b.amount)),
            num(money(b.refund)),
            Cell::new(b.reason.as_str()),
        ]);
    }
    t
}

/// Running totals of bills.
pub fn totals_record(of: &str, t: &BillTotals) -> Table {
    render::record(vec![
        ("totals of", of.to_string()),
        ("bills", t.bills.to_string()),
        ("time charged", money(t.time_charged)),
        ("usage charged", money(t.usage_charged)),
        ("paid to providers", money(t.amount)),
        ("refunded", money(t.refunded)),
    ])
}

/// The columns of a bills export, in order.
pub const EXPORT_COLUMNS: [&str; 14] = [
    "lease",
    "provider",
    "consumer",
    "payer",
    "price version",
    "instance type",
    "started (UTC)",
    "charged until (UTC)",
    "seconds",
    "time charge",
    "usage charge",
    "amount",
    "refund",
    "close reason",
];

/// A provider's bills as the lines of its settlement CSV: the header, one line per bill and
/// a `total` line whose amounts are the sums of the bills' (currency with two decimals).
pub fn bills_csv(bills: &[Bill]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(EXPORT_COLUMNS)?;
    let mut sum = [Uint128::zero(); 4];
    for b in bills {
        let amounts = [b.time_charge, b.usage_charge, b.amount, b.refund];
        for (s, a) in sum.iter_mut().zip(amounts) {
            *s = s.checked_add(a)?;
        }
        w.write_record([
            b.lease_id.to_string(),
            b.provider.clone(),
            b.consumer.clone(),
            b.payer.to_string(),
            b.price_version.to_string(),
            b.instance_type.clone().unwrap_or_default(),
            when::datetime(b.started_at),
            when::datetime(b.charged_until),
            b.seconds.to_string(),
            money(b.time_charge),
            money(b.usage_charge),
            money(b.amount),
            money(b.refund),
            b.reason.as_str().to_string(),
        ])?;
    }
    let seconds = bills.iter().fold(0u64, |s, b| s.saturating_add(b.seconds));
    w.write_record([
        "total".to_string(),
        String::new(),
        String::new(),
        format!("{} bills", bills.len()),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        seconds.to_string(),
        money(sum[0]),
        money(sum[1]),
        money(sum[2]),
        money(sum[3]),
        String::new(),
    ])?;
    w.into_inner()
        .map_err(|e| anyhow::Error::new(e.into_error()).context("cannot finish the CSV"))
}

/// Writes a provider's bills as an XLSX workbook: sheet "Bills" with [`EXPORT_COLUMNS`], one
/// row per bill and a totals row, and an "About" sheet saying whose bills they are and how to
/// read them.
pub fn bills_workbook(bills: &[Bill], about: &[(&str, String)], path: &Path) -> anyhow::Result<()> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("Bills")?;
    let widths = [
        8.0, 14.0, 14.0, 46.0, 9.0, 14.0, 20.0, 20.0, 10.0, 13.0, 13.0, 13.0, 13.0, 22.0,
    ];
    let headers: Vec<(&str, f64)> = EXPORT_COLUMNS.iter().copied().zip(widths).collect();
    header_row(ws, &f, &headers)?;
    for (i, b) in bills.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number_with_format(row, 0, b.lease_id as f64, &f.count)?;
        ws.write_string(row, 1, &b.provider)?;
        ws.write_string(row, 2, &b.consumer)?;
        ws.write_string(row, 3, b.payer.as_str())?;
        ws.write_number_with_format(row, 4, f64::from(b.price_version), &f.count)?;
        if let Some(instance_type) = &b.instance_type {
            ws.write_string(row, 5, instance_type)?;
        }
        ws.write_datetime_with_format(row, 6, excel_time(b.started_at)?, &f.datetime)?;
        ws.write_datetime_with_format(row, 7, excel_time(b.charged_until)?, &f.datetime)?;
        ws.write_number_with_format(row, 8, b.seconds as f64, &f.count)?;
        for (col, amount) in [
            (9, b.time_charge),
            (10, b.usage_charge),
            (11, b.amount),
            (12, b.refund),
        ] {
            ws.write_number_with_format(row, col, money_value(amount.u128()), &f.money)?;
        }
        ws.write_string(row, 13, b.reason.as_str())?;
    }
    // The totals are summed exactly in minor units, not by spreadsheet formulas, so that the
    // row says what the chain's totals say.
    let total = bills.len() as u32 + 1;
    let mut sums = [0u128; 4];
    let mut seconds = 0u64;
    for b in bills {
        for (s, a) in sums
            .iter_mut()
            .zip([b.time_charge, b.usage_charge, b.amount, b.refund])
        {
            *s = s.saturating_add(a.u128());
        }
        seconds = seconds.saturating_add(b.seconds);
    }
    ws.write_string_with_format(total, 0, "total", &f.total_label)?;
    ws.write_number_with_format(total, 8, seconds as f64, &f.total_count)?;
    for (col, sum) in (9u16..).zip(sums) {
        ws.write_number_with_format(total, col, money_value(sum), &f.total_money)?;
    }
    ws.autofilter(0, 0, (bills.len() as u32).max(1), 13)?;
    about_sheet(&mut workbook, about)?;
    save(&mut workbook, path)
}
