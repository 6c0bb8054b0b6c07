//! The park's green certificates in tables: an owner's certificates, one certificate with its
//! history, a (meter, hour)'s certified energy, a batch verification's answers; and the rows
//! and sheet of the export's "Certificates". Energy in kWh with three decimals, times in UTC.

use comfy_table::{Cell, Table};
use ledger_sdk::contracts::park::certificates::{
    Certificate, CertificateStatus, ConfigResponse, HistoryEntry, HistoryEvent, MeterHourResponse,
    Origin, Verdict, VerdictCounts, Verification,
};
use rust_xlsxwriter::{Workbook, XlsxError};
use serde::Serialize;

use crate::render::park::energy_type;
use crate::render::xlsx::{Formats, excel_time, header_row, kwh_value};
use crate::render::{self, num};
use crate::units::{Span, kwh};
use crate::when;

/// Where a certificate stands at `now`: `active`, `claimed` or `expired`.
pub fn status(c: &Certificate, now: u64) -> &'static str {
    match c.status {
        CertificateStatus::Claimed { .. } => "claimed",
        CertificateStatus::Active if now >= c.expires_at => "expired",
        CertificateStatus::Active => "active",
    }
}

/// Where a certificate's energy went first, in words.
pub fn origin(o: &Origin) -> String {
    match o {
        Origin::Trade {
            slot,
            fill_id,
            seller,
        } => format!("trade: fill {fill_id} of slot {slot}, sold by {seller}"),
        Origin::Unsold { generator } => format!("unsold output of {generator}"),
    }
}

/// Whom and what a claimed certificate was claimed for (`beneficiary: purpose`), if it was.
pub fn claimed_for(c: &Certificate) -> Option<String> {
    match &c.status {
        CertificateStatus::Claimed {
            beneficiary,
            purpose,
            ..
        } => Some(format!("{beneficiary}: {purpose}")),
        CertificateStatus::Active => None,
    }
}

/// Certificates as a table, their status at `now`.
pub fn certificates_table(certificates: &[Certificate], now: u64) -> Table {
    let mut t = render::table([
        "id",
        "meter",
        "hour (UTC)",
        "kWh",
        "type",
        "g CO2e/kWh",
        "owner",
        "status",
        "expires",
        "claimed for",
    ]);
    for c in certificates {
        t.add_row(vec![
            num(c.id),
            Cell::new(&c.meter_id),
            Cell::new(when::datetime(c.hour_start)),
            num(kwh(c.energy_wh)),
            Cell::new(energy_type(&c.energy_type)),
            num(c.carbon_g_per_kwh),
            Cell::new(&c.owner),
            Cell::new(status(c, now)),
            Cell::new(when::datetime(c.expires_at)),
            Cell::new(claimed_for(c).unwrap_or_default()),
        ]);
    }
    t
}

/// One certificate, its status at `now`.
pub fn certificate_record(c: &Certificate, now: u64) -> Table {
    let mut rows = vec![
        ("certificate", c.id.to_string()),
        ("meter", c.meter_id.clone()),
        (
            "generated",
            format!(
                "{} to {}",
                when::datetime(c.hour_start),
                when::datetime(c.hour_start + 3_600)
            ),
        ),
        ("energy", format!("{} kWh", kwh(c.energy_wh))),
        ("energy type", energy_type(&c.energy_type).to_string()),
        (
            "carbon intensity",
            format!("{} g CO2e/kWh", c.carbon_g_per_kwh),
        ),
        ("origin", origin(&c.origin)),
        ("owner", c.owner.clone()),
        ("issued", when::datetime(c.issued_at)),
        ("expires", when::datetime(c.expires_at)),
        ("status", status(c, now).to_string()),
    ];
    if let CertificateStatus::Claimed {
        beneficiary,
        purpose,
        period_from,
        period_to,
        claimed_by,
        claimed_at,
    } = &c.status
    {
        rows.push((
            "claimed",
            format!(
                "by {claimed_by} at {} for {beneficiary} ({purpose}), consumption {} to {}",
                when::datetime(*claimed_at),
                when::datetime(*period_from),
                when::datetime(*period_to)
            ),
        ));
    }
    render::record(rows)
}

/// A history step in words.
pub fn history_step(entry: &HistoryEntry) -> String {
    match entry {
        HistoryEntry::Issued { to } => format!("issued to {to}"),
        HistoryEntry::Transferred { from, to } => format!("transferred from {from} to {to}"),
        HistoryEntry::Claimed {
            by,
            beneficiary,
            purpose,
            period_from,
            period_to,
        } => format!(
            "claimed by {by} for {beneficiary} ({purpose}), consumption {} to {}",
            when::datetime(*period_from),
            when::datetime(*period_to)
        ),
    }
}

/// A certificate's history, oldest first.
pub fn history_table(events: &[HistoryEvent]) -> Table {
    let mut t = render::table(["#", "at (UTC)", "what"]);
    for e in events {
        t.add_row(vec![
            num(e.seq),
            Cell::new(when::datetime(e.at)),
            Cell::new(history_step(&e.entry)),
        ]);
    }
    t
}

/// The contract's settings.
pub fn config_record(c: &ConfigResponse) -> Table {
    render::record(vec![
        ("registry", c.admin_contract.clone()),
        ("market", c.market.clone()),
        (
            "validity",
            format!(
                "{} after the end of a certificate's hour",
                Span(c.validity_seconds)
            ),
        ),
        (
            "unsold output",
            format!(
                "certified by its generator from {} after the end of its hour",
                Span(c.direct_issuance_delay_seconds)
            ),
        ),
    ])
}

/// What a (meter, hour) has certified.
pub fn meter_hour_record(m: &MeterHourResponse) -> Table {
    render::record(vec![
        ("meter", m.meter_id.clone()),
        (
            "hour",
            format!(
                "{} to {}",
                when::datetime(m.hour_start),
                when::datetime(m.hour_start + 3_600)
            ),
        ),
        ("certified", format!("{} kWh", kwh(m.certified_wh))),
        ("certificates", m.certificates.to_string()),
    ])
}

/// One verification answer on one line: `7: valid, held by wasm1... until ...`.
pub fn verdict_line(v: &Verification) -> String {
    let id = v.id;
    match &v.verdict {
        Verdict::Valid { owner, expires_at } => format!(
            "{id}: valid, held by {owner} until {}",
            when::datetime(*expires_at)
        ),
        Verdict::Claimed {
            claimed_by,
            beneficiary,
            purpose,
        } => format!("{id}: claimed by {claimed_by} for {beneficiary} ({purpose})"),
        Verdict::Expired { owner } => format!("{id}: expired, held by {owner}"),
        Verdict::Unknown => format!("{id}: unknown, no such certificate"),
    }
}

/// The count of each answer, on one line.
pub fn counts_line(c: &VerdictCounts) -> String {
    format!(
        "{} ids: {} valid, {} claimed, {} expired, {} unknown",
        c.valid + c.claimed + c.expired + c.unknown,
        c.valid,
        c.claimed,
        c.expired,
        c.unknown
    )
}

/// One certificate as the export's "Certificates" sheet writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertificateRow {
    /// The certificate.
    pub id: u64,
    /// Its generation meter.
    pub meter_id: String,
    /// Start of its generation hour, unix seconds.
    pub hour_start: u64,
    /// Its energy, Wh.
    pub energy_wh: u64,
    /// `solar`, `wind`, `storage` or `grid`.
    pub energy_type: &'static str,
    /// g CO2e per kWh.
    pub carbon_g_per_kwh: u32,
    /// Where its energy went first, in words.
    pub origin: String,
    /// `active`, `claimed` or `expired`.
    pub status: &'static str,
    /// When it expires, unix seconds.
    pub expires_at: u64,
    /// `beneficiary: purpose` once claimed.
    pub claimed_for: Option<String>,
}

impl CertificateRow {
    /// `c` as its row, its status at `now`.
    pub fn of(c: &Certificate, now: u64) -> Self {
        CertificateRow {
            id: c.id,
            meter_id: c.meter_id.clone(),
            hour_start: c.hour_start,
            energy_wh: c.energy_wh,
            energy_type: energy_type(&c.energy_type),
            carbon_g_per_kwh: c.carbon_g_per_kwh,
            origin: origin(&c.origin),
            status: status(c, now),
            expires_at: c.expires_at,
            claimed_for: claimed_for(c),
        }
    }
}

/// The columns of the export's Certificates sheet.
pub const CERTIFICATE_COLUMNS: [&str; 10] = [
    "id",
    "meter",
    "hour (UTC)",
    "energy kWh",
    "type",
    "carbon g CO2e/kWh",
    "origin",
    "status",
    "expires (UTC)",
    "claimed for",
];

/// Adds sheet "Certificates" with [`CERTIFICATE_COLUMNS`] and a row totalling the energy
/// (summed exactly in Wh).
pub fn certificates_sheet(
    workbook: &mut Workbook,
    rows: &[CertificateRow],
) -> Result<(), XlsxError> {
    let f = Formats::new();
    let ws = workbook.add_worksheet();
    ws.set_name("Certificates")?;
    let widths = [8.0, 14.0, 20.0, 11.0, 9.0, 11.0, 50.0, 9.0, 20.0, 36.0];
    let headers: Vec<(&str, f64)> = CERTIFICATE_COLUMNS.iter().copied().zip(widths).collect();
    header_row(ws, &f, &headers)?;
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number_with_format(row, 0, r.id as f64, &f.count)?;
        ws.write_string(row, 1, &r.meter_id)?;
        ws.write_datetime_with_format(row, 2, excel_time(r.hour_start)?, &f.datetime)?;
        ws.write_number_with_format(row, 3, kwh_value(r.energy_wh), &f.kwh)?;
        ws.write_string(row, 4, r.energy_type)?;
        ws.write_number_with_format(row, 5, f64::from(r.carbon_g_per_kwh), &f.count)?;
        ws.write_string(row, 6, &r.origin)?;
        ws.write_string(row, 7, r.status)?;
        ws.write_datetime_with_format(row, 8, excel_time(r.expires_at)?, &f.datetime)?;
        if let Some(claimed) = &r.claimed_for {
            ws.write_string(row, 9, claimed)?;
        }
    }
    if !rows.is_empty() {
        let row = rows.len() as u32 + 1;
        let total: u64 = rows.iter().map(|r| r.energy_wh).sum();
        ws.write_string_with_format(row, 0, "total", &f.total_label)?;
        ws.write_number_with_format(row, 3, kwh_value(total), &f.total_kwh)?;
    }
    ws.autofilter(0, 0, (rows.len() as u32).max(1), 9)?;
    Ok(())
}
