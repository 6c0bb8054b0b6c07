//! `ledger export draft-flow`: a project's fund flow as an XLSX workbook for people: every hop
//! of every draft with its holder, the amount moved and released, the bank serial, the bank's
//! record and the reconciliation; the stages with their approvals; the drafts' books; and the
//! project's history with block times. The data are gathered into plain rows first so the
//! writer can be tested without a chain; the formats are those of the other exports.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use ledger_types::draft::{BankRecord, Draft, Event, HopCheck, Project};
use rust_xlsxwriter::{DocProperties, Format, Workbook, XlsxError};

use crate::render::draft::{
    approvals_text, check_status, disagreement, event_text, project_status,
};
use crate::render::xlsx::{Formats, about_sheet, excel_time, header_row, money_value, save};
use crate::when;
use ledger_sdk::Ledger;
use ledger_sdk::contracts::draft::HistoryOf;

/// `ledger export draft-flow`
#[derive(Args, Debug)]
pub struct DraftFlowArgs {
    /// The project's id
    #[arg(long)]
    pub project: u64,
    /// The workbook to write
    #[arg(long, value_name = "FILE", default_value = "draft-flow.xlsx")]
    pub out: PathBuf,
}

/// A stage of the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageRow {
    /// 1 for the first stage.
    pub number: u32,
    /// What it pays for.
    pub purpose: String,
    /// Minor units.
    pub amount: u128,
    /// Its status in words.
    pub status: String,
    /// When it was applied for.
    pub applied_at: Option<u64>,
    /// Each approval: level, approver, time, comment (one per line).
    pub approvals: String,
    /// Last reported progress, percent.
    pub progress: u8,
    /// Its draft.
    pub draft_id: Option<u64>,
}

/// A draft's books.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftRow {
    /// The draft.
    pub id: u64,
    /// The stage it pays for.
    pub stage: u32,
    /// active, delivered, expired, cancelled.
    pub status: String,
    /// Who issued it.
    pub issuer: String,
    /// Who holds it now.
    pub holder: String,
    /// Minor units locked at issue.
    pub amount: u128,
    /// Minor units still locked.
    pub locked: u128,
    /// Minor units released to holders.
    pub released: u128,
    /// Minor units returned to the issuer.
    pub clawed_back: u128,
    /// Unix seconds.
    pub issued_at: u64,
    /// Unix seconds.
    pub expires_at: u64,
    /// Unix seconds, once expired or cancelled.
    pub closed_at: Option<u64>,
    /// Hops reconciled, missing a bank record, mismatched.
    pub counts: (u32, u32, u32),
}

/// One hop of a draft with the bank's record of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HopRow {
    /// The draft.
    pub draft_id: u64,
    /// The stage it pays for.
    pub stage: u32,
    /// 0 for the first hop.
    pub hop: u32,
    /// What the receiving holder is in the chain.
    pub label: String,
    /// Who passes the draft on.
    pub from: String,
    /// Who receives it.
    pub to: String,
    /// Share released to `to`, basis points.
    pub release_bps: u16,
    /// Minor units the bank transfer must carry.
    pub value: u128,
    /// Minor units released to `to`.
    pub release: u128,
    /// Whether it has been endorsed.
    pub endorsed: bool,
    /// The transfer's serial number, once endorsed.
    pub serial: Option<String>,
    /// Unix seconds.
    pub endorsed_at: Option<u64>,
    /// The bank's record of the transfer, when posted.
    pub bank: Option<BankRow>,
    /// not endorsed, missing bank record, reconciled, mismatch.
    pub status: String,
    /// What disagrees, one item per line.
    pub disagreements: String,
}

/// A transfer as the bank booked it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankRow {
    /// Who paid.
    pub payer: String,
    /// Who was paid.
    pub payee: String,
    /// Minor units.
    pub amount: u128,
    /// Booking time, unix seconds.
    pub time: u64,
    /// When it was posted on chain.
    pub posted_at: u64,
}

/// One entry of the project's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRow {
    /// Position in the history, from 1.
    pub seq: u32,
    /// Block time, unix seconds.
    pub at: u64,
    /// Block height.
    pub height: u64,
    /// The draft it concerns.
    pub draft_id: Option<u64>,
    /// Who caused it.
    pub actor: String,
    /// What happened, in a word or two.
    pub event: String,
    /// The details.
    pub details: String,
}

/// What a fund-flow workbook shows.
#[derive(Clone, Debug)]
pub struct FlowExport {
    /// The currency label (the fund token's symbol).
    pub currency: String,
    /// Facts about the project for the About sheet.
    pub about: Vec<(&'static str, String)>,
    /// The project's id.
    pub project_id: u64,
    /// The project's name.
    pub name: String,
    /// Stages in order.
    pub stages: Vec<StageRow>,
    /// Drafts in id order.
    pub drafts: Vec<DraftRow>,
    /// Hops in draft and hop order.
    pub hops: Vec<HopRow>,
    /// The history in order.
    pub events: Vec<EventRow>,
}

impl FlowExport {
    /// The rows of a project's flow from what the draft contract returns: the project, its
    /// approval levels, its drafts, the bank records of their serials, and its history.
    pub fn new(
        currency: &str,
        project: &Project,
        levels: &[String],
        drafts: &[Draft],
        records: &BTreeMap<String, BankRecord>,
        history: &[Event],
    ) -> Self {
        let money = |m: cosmwasm_std::Uint128| crate::units::money(m);
        let stages = project
            .stages
            .iter()
            .map(|s| StageRow {
                number: s.number,
                purpose: s.purpose.clone(),
                amount: s.amount.u128(),
                status: s.status.as_str().replace('_', " "),
                applied_at: s.applied_at,
                approvals: approvals_text(&s.approvals, levels),
                progress: s.progress,
                draft_id: s.draft_id,
            })
            .collect();
        let draft_rows = drafts
            .iter()
            .map(|d| DraftRow {
                id: d.id,
                stage: d.stage,
                status: d.status.as_str().to_string(),
                issuer: d.issuer.to_string(),
                holder: d.holder.to_string(),
                amount: d.amount.u128(),
                locked: d.locked.u128(),
                released: d.released.u128(),
                clawed_back: d.clawed_back.u128(),
                issued_at: d.issued_at,
                expires_at: d.expires_at,
                closed_at: d.closed_at,
                counts: (d.counts.reconciled, d.counts.missing, d.counts.mismatched),
            })
            .collect();
        let hops = drafts
            .iter()
            .flat_map(|d| {
                d.hops.iter().map(move |h| HopRow {
                    draft_id: d.id,
                    stage: d.stage,
                    hop: h.index,
                    label: h.label.clone(),
                    from: h.from.to_string(),
                    to: h.to.to_string(),
                    release_bps: h.release_bps,
                    value: h.value.u128(),
                    release: h.release.u128(),
                    endorsed: h.serial.is_some(),
                    serial: h.serial.clone(),
                    endorsed_at: h.endorsed_at,
                    bank: h
                        .serial
                        .as_ref()
                        .and_then(|s| records.get(s))
                        .map(|r| BankRow {
                            payer: r.payer.to_string(),
                            payee: r.payee.to_string(),
                            amount: r.amount.u128(),
                            time: r.time,
                            posted_at: r.posted_at,
                        }),
                    status: check_status(&h.check).to_string(),
                    disagreements: match &h.check {
                        HopCheck::Mismatch { disagreements } => disagreements
                            .iter()
                            .map(disagreement)
                            .collect::<Vec<_>>()
                            .join("\n"),
                        _ => String::new(),
                    },
                })
            })
            .collect();
        let events = history
            .iter()
            .map(|e| {
                let (event, details) = event_text(&e.kind, levels);
                EventRow {
                    seq: e.seq,
                    at: e.at,
                    height: e.height,
                    draft_id: e.draft_id,
                    actor: e.actor.to_string(),
                    event: event.to_string(),
                    details,
                }
            })
            .collect();
        let about = vec![
            ("Project", format!("{} {}", project.id, project.name)),
            ("Type", project.project_type.clone()),
            ("Department", project.department.clone()),
            ("Status", project_status(project.status).to_string()),
            (
                "Stage in play",
                format!("{} of {}", project.current_stage, project.stages.len()),
            ),
            ("Budget", format!("{} {currency}", money(project.budget))),
            ("Applicant", project.applicant.to_string()),
            ("Implementing unit", project.implementing_unit.to_string()),
            ("Qualifications", project.unit_qualifications.clone()),
            ("Description", project.description.clone()),
            (
                "Dates",
                format!(
                    "{} to {}",
                    when::date(project.start_date),
                    when::date(project.end_date)
                ),
            ),
            ("Applied", when::datetime(project.applied_at)),
            (
                "Amounts",
                format!("{currency} with two decimals (minor units / 100)"),
            ),
            ("Times", "UTC; history times are block times".into()),
            (
                "Flow",
                "one row per hop: who passed the draft to whom, what the bank transfer had to \
                 carry (value), what the hop released to its holder, the serial the holder \
                 named, and the bank's own record of that serial"
                    .into(),
            ),
            (
                "Reconciliation",
                "reconciled: the bank's record agrees in amount, payer and payee; missing bank \
                 record: endorsed but not reported by the bank yet; mismatch: the record \
                 disagrees (see Disagreements)"
                    .into(),
            ),
        ];
        FlowExport {
            currency: currency.to_string(),
            about,
            project_id: project.id,
            name: project.name.clone(),
            stages,
            drafts: draft_rows,
            hops,
            events,
        }
    }
}

/// More cell formats than the other exports need.
struct FlowFormats {
    base: Formats,
    percent: Format,
    wrap: Format,
    warn: Format,
}

impl FlowFormats {
    fn new() -> Self {
        FlowFormats {
            base: Formats::new(),
            percent: Format::new().set_num_format("0.00%"),
            wrap: Format::new().set_text_wrap(),
            warn: Format::new().set_bold().set_font_color("#C00000"),
        }
    }
}

/// Writes a date-time cell when there is one.
fn opt_datetime(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    t: Option<u64>,
    f: &Format,
) -> Result<(), XlsxError> {
    if let Some(t) = t {
        ws.write_datetime_with_format(row, col, excel_time(t)?, f)?;
    }
    Ok(())
}

/// Writes the fund-flow workbook: sheets "Flow" (one row per hop, with the bank's record and
/// the reconciliation, and the total released), "Stages", "Drafts", "History" and "About";
/// headers bold, frozen and filterable, amounts in currency with two decimals, times as
/// date-times in UTC.
pub fn write_flow(path: &Path, export: &FlowExport) -> anyhow::Result<()> {
    let f = FlowFormats::new();
    let b = &f.base;
    let cur = &export.currency;
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Fund flow of project {} {}",
                export.project_id, export.name
            ))
            .set_subject("Digital drafts: every hop, its bank record and its reconciliation")
            .set_comment(format!("Amounts in {cur}; times in UTC")),
    );

    // Flow: one row per hop.
    let ws = workbook.add_worksheet();
    ws.set_name("Flow")?;
    let value_h = format!("Value moved ({cur})");
    let release_h = format!("Released ({cur})");
    let bank_amount_h = format!("Bank amount ({cur})");
    let headers: [(&str, f64); 18] = [
        ("Draft", 8.0),
        ("Stage", 8.0),
        ("Hop", 6.0),
        ("Holder", 22.0),
        ("From", 46.0),
        ("To (holder)", 46.0),
        ("Share (%)", 10.0),
        (&value_h, 16.0),
        (&release_h, 16.0),
        ("Bank serial", 18.0),
        ("Endorsed (UTC)", 20.0),
        ("Bank payer", 46.0),
        ("Bank payee", 46.0),
        (&bank_amount_h, 16.0),
        ("Booked by bank (UTC)", 20.0),
        ("Posted (UTC)", 20.0),
        ("Reconciliation", 20.0),
        ("Disagreements", 50.0),
    ];
    header_row(ws, b, &headers)?;
    let mut released_total: u128 = 0;
    for (i, h) in export.hops.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number_with_format(row, 0, h.draft_id as f64, &b.count)?;
        ws.write_number_with_format(row, 1, f64::from(h.stage), &b.count)?;
        ws.write_number_with_format(row, 2, f64::from(h.hop), &b.count)?;
        ws.write_string(row, 3, &h.label)?;
        ws.write_string(row, 4, &h.from)?;
        ws.write_string(row, 5, &h.to)?;
        ws.write_number_with_format(row, 6, f64::from(h.release_bps) / 10_000.0, &f.percent)?;
        ws.write_number_with_format(row, 7, money_value(h.value), &b.money)?;
        if h.endorsed {
            ws.write_number_with_format(row, 8, money_value(h.release), &b.money)?;
            released_total = released_total.saturating_add(h.release);
        }
        if let Some(serial) = &h.serial {
            ws.write_string(row, 9, serial)?;
        }
        opt_datetime(ws, row, 10, h.endorsed_at, &b.datetime)?;
        if let Some(bank) = &h.bank {
            ws.write_string(row, 11, &bank.payer)?;
            ws.write_string(row, 12, &bank.payee)?;
            ws.write_number_with_format(row, 13, money_value(bank.amount), &b.money)?;
            ws.write_datetime_with_format(row, 14, excel_time(bank.time)?, &b.datetime)?;
            ws.write_datetime_with_format(row, 15, excel_time(bank.posted_at)?, &b.datetime)?;
        }
        let flagged = h.status == "mismatch" || h.status == "missing bank record";
        if flagged {
            ws.write_string_with_format(row, 16, &h.status, &f.warn)?;
        } else {
            ws.write_string(row, 16, &h.status)?;
        }
        if !h.disagreements.is_empty() {
            ws.write_string_with_format(row, 17, &h.disagreements, &f.wrap)?;
        }
    }
    let last = export.hops.len() as u32;
    ws.autofilter(0, 0, last.max(1), 17)?;
    let total_row = last + 1;
    ws.write_string_with_format(total_row, 0, "Total released", &b.total_label)?;
    ws.write_number_with_format(
        total_row,
        8,
        money_value(released_total),
        &b.total_label.clone().set_num_format("#,##0.00"),
    )?;

    // Stages.
    let ws = workbook.add_worksheet();
    ws.set_name("Stages")?;
    let amount_h = format!("Amount ({cur})");
    let headers: [(&str, f64); 8] = [
        ("Stage", 8.0),
        ("Purpose", 40.0),
        (&amount_h, 16.0),
        ("Status", 16.0),
        ("Applied (UTC)", 20.0),
        ("Approvals", 70.0),
        ("Progress (%)", 12.0),
        ("Draft", 8.0),
    ];
    header_row(ws, b, &headers)?;
    for (i, s) in export.stages.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number_with_format(row, 0, f64::from(s.number), &b.count)?;
        ws.write_string_with_format(row, 1, &s.purpose, &f.wrap)?;
        ws.write_number_with_format(row, 2, money_value(s.amount), &b.money)?;
        ws.write_string(row, 3, &s.status)?;
        opt_datetime(ws, row, 4, s.applied_at, &b.datetime)?;
        ws.write_string_with_format(row, 5, &s.approvals, &f.wrap)?;
        ws.write_number_with_format(row, 6, f64::from(s.progress) / 100.0, &f.percent)?;
        if let Some(d) = s.draft_id {
            ws.write_number_with_format(row, 7, d as f64, &b.count)?;
        }
    }

    // Drafts.
    let ws = workbook.add_worksheet();
    ws.set_name("Drafts")?;
    let (a_h, l_h, r_h, c_h) = (
        format!("Amount ({cur})"),
        format!("Still locked ({cur})"),
        format!("Released ({cur})"),
        format!("Clawed back ({cur})"),
    );
    let headers: [(&str, f64); 15] = [
        ("Draft", 8.0),
        ("Stage", 8.0),
        ("Status", 12.0),
        ("Issuer", 46.0),
        ("Holder now", 46.0),
        (&a_h, 16.0),
        (&l_h, 16.0),
        (&r_h, 16.0),
        (&c_h, 16.0),
        ("Issued (UTC)", 20.0),
        ("Expires (UTC)", 20.0),
        ("Closed (UTC)", 20.0),
        ("Hops reconciled", 11.0),
        ("Hops missing a bank record", 11.0),
        ("Hops mismatched", 11.0),
    ];
    header_row(ws, b, &headers)?;
    for (i, d) in export.drafts.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number_with_format(row, 0, d.id as f64, &b.count)?;
        ws.write_number_with_format(row, 1, f64::from(d.stage), &b.count)?;
        ws.write_string(row, 2, &d.status)?;
        ws.write_string(row, 3, &d.issuer)?;
        ws.write_string(row, 4, &d.holder)?;
        for (col, v) in [
            (5, d.amount),
            (6, d.locked),
            (7, d.released),
            (8, d.clawed_back),
        ] {
            ws.write_number_with_format(row, col, money_value(v), &b.money)?;
        }
        ws.write_datetime_with_format(row, 9, excel_time(d.issued_at)?, &b.datetime)?;
        ws.write_datetime_with_format(row, 10, excel_time(d.expires_at)?, &b.datetime)?;
        opt_datetime(ws, row, 11, d.closed_at, &b.datetime)?;
        let (rec, miss, mis) = d.counts;
        ws.write_number_with_format(row, 12, f64::from(rec), &b.count)?;
        ws.write_number_with_format(row, 13, f64::from(miss), &b.count)?;
        ws.write_number_with_format(row, 14, f64::from(mis), &b.count)?;
    }

    // History.
    let ws = workbook.add_worksheet();
    ws.set_name("History")?;
    let headers: [(&str, f64); 7] = [
        ("#", 6.0),
        ("Time (UTC)", 20.0),
        ("Block", 10.0),
        ("Draft", 8.0),
        ("By", 46.0),
        ("Event", 16.0),
        ("Details", 90.0),
    ];
    header_row(ws, b, &headers)?;
    for (i, e) in export.events.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number_with_format(row, 0, f64::from(e.seq), &b.count)?;
        ws.write_datetime_with_format(row, 1, excel_time(e.at)?, &b.datetime)?;
        ws.write_number(row, 2, e.height as f64)?;
        if let Some(d) = e.draft_id {
            ws.write_number_with_format(row, 3, d as f64, &b.count)?;
        }
        ws.write_string(row, 4, &e.actor)?;
        ws.write_string(row, 5, &e.event)?;
        ws.write_string_with_format(row, 6, &e.details, &f.wrap)?;
    }
    ws.autofilter(0, 0, (export.events.len() as u32).max(1), 6)?;

    about_sheet(&mut workbook, &export.about)?;
    save(&mut workbook, path)
}

/// Gathers a project's fund flow from the chain: the project, its drafts, the bank records of
/// their serials and its whole history (every page).
pub async fn gather_flow(ledger: &Ledger, project_id: u64) -> anyhow::Result<FlowExport> {
    const ALL: usize = 1_000_000;
    let project = ledger.project(project_id).await?;
    let config = ledger.draft_config().await?;
    let mut drafts = Vec::new();
    for id in project.stages.iter().filter_map(|s| s.draft_id) {
        drafts.push(ledger.draft_by_id(id).await?);
    }
    let mut records = BTreeMap::new();
    for d in &drafts {
        for h in &d.hops {
            let Some(serial) = &h.serial else { continue };
            if matches!(h.check, HopCheck::MissingBankRecord) {
                continue;
            }
            if let Some(r) = ledger.bank_record(serial).await? {
                records.insert(serial.clone(), r);
            }
        }
    }
    let history = ledger
        .history(HistoryOf::Project(project_id), ALL)
        .await?
        .items;
    let currency: String = ledger
        .cw20_info(config.fund_token.as_str())
        .await
        .map(|t| t.symbol)
        .unwrap_or_else(|_| "currency".into());
    Ok(FlowExport::new(
        &currency,
        &project,
        &config.approval_levels,
        &drafts,
        &records,
        &history,
    ))
}

#[cfg(test)]
mod tests;
