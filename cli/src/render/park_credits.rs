//! The park's carbon credits in tables: classes, projects, batches, balances, retirement
//! certificates, history, sell orders, verifiers, serial look-ups; and the export's workbook
//! (a holder's history and its certificates). Credits are whole tonnes of CO2-equivalent;
//! prices are in the settlement token with two decimals; times in UTC.

use std::path::Path;

use comfy_table::{Cell, Table};
use cosmwasm_std::Uint128;
use ledger_sdk::contracts::park::credits::{
    Balance, Batch, BatchStatus, Class, ConfigResponse, HistoryEntry, HistoryEvent, Project,
    RetiredThrough, Retirement, SellOrder, SerialLookupResponse, standard_name,
};
use rust_xlsxwriter::{Workbook, XlsxError};

use crate::render::xlsx::{self, Formats, excel_time, header_row};
use crate::render::{self, num};
use crate::units::money;
use crate::when;

/// A vintage or period `[from, to)` as dates: `2025-01-01 to 2026-01-01`.
pub fn span(from: u64, to: u64) -> String {
    format!("{} to {}", when::date(from), when::date(to))
}

/// Where a batch is in its sign-off, in one word.
pub fn batch_state(status: &BatchStatus) -> &'static str {
    match status {
        BatchStatus::Proposed => "proposed",
        BatchStatus::Issued { .. } => "issued",
        BatchStatus::Rejected { .. } => "rejected",
    }
}

/// Every class.
pub fn classes_table(classes: &[Class]) -> Table {
    let mut t = render::table(["id", "standard", "methodology", "admin", "issuers"]);
    for c in classes {
        t.add_row(vec![
            Cell::new(&c.id),
            Cell::new(standard_name(&c.standard)),
            Cell::new(&c.methodology),
            Cell::new(&c.admin),
            Cell::new(c.issuers.join("\n")),
        ]);
    }
    t
}

/// One class.
pub fn class_record(c: &Class) -> Table {
    render::record(vec![
        ("class", c.id.clone()),
        ("standard", standard_name(&c.standard)),
        ("methodology", c.methodology.clone()),
        ("admin", c.admin.clone()),
        ("issuers", c.issuers.join(", ")),
        ("created", when::datetime(c.created_at)),
    ])
}

/// Every project.
pub fn projects_table(projects: &[Project]) -> Table {
    let mut t = render::table(["id", "class", "jurisdiction", "developer", "created by"]);
    for p in projects {
        t.add_row(vec![
            Cell::new(&p.id),
            Cell::new(&p.class_id),
            Cell::new(&p.jurisdiction),
            Cell::new(&p.developer),
            Cell::new(&p.created_by),
        ]);
    }
    t
}

/// One project.
pub fn project_record(p: &Project) -> Table {
    render::record(vec![
        ("project", p.id.clone()),
        ("class", p.class_id.clone()),
        ("jurisdiction", p.jurisdiction.clone()),
        ("developer", p.developer.clone()),
        ("metadata", p.metadata.clone()),
        (
            "created",
            format!("{} by {}", when::datetime(p.created_at), p.created_by),
        ),
    ])
}

/// Every batch with its totals.
pub fn batches_table(batches: &[Batch]) -> Table {
    let mut t = render::table([
        "id",
        "project",
        "standard",
        "vintage",
        "serials",
        "status",
        "issued",
        "tradable",
        "retired",
        "cancelled",
    ]);
    for b in batches {
        t.add_row(vec![
            num(b.id),
            Cell::new(&b.project_id),
            Cell::new(standard_name(&b.standard)),
            Cell::new(span(b.vintage_start, b.vintage_end)),
            Cell::new(format!("{}-{}", b.serial_first, b.serial_last)),
            Cell::new(batch_state(&b.status)),
            num(b.totals.issued),
            num(b.totals.tradable),
            num(b.totals.retired),
            num(b.totals.cancelled),
        ]);
    }
    t
}

/// One batch: its sign-off, its issuance as proposed and its totals.
pub fn batch_record(b: &Batch) -> Table {
    let signed = match &b.status {
        BatchStatus::Proposed => "awaiting a verifier's sign-off".to_string(),
        BatchStatus::Issued {
            verifier,
            verified_at,
        } => format!(
            "issued: signed off by {verifier} at {}",
            when::datetime(*verified_at)
        ),
        BatchStatus::Rejected {
            verifier,
            reason,
            rejected_at,
        } => format!(
            "rejected by {verifier} at {}: {reason}",
            when::datetime(*rejected_at)
        ),
    };
    let issuance = b
        .issuance
        .iter()
        .map(|s| {
            format!(
                "{}: {} tradable, {} retired",
                s.recipient, s.tradable, s.retired
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let t = b.totals;
    render::record(vec![
        ("batch", b.id.to_string()),
        (
            "project",
            format!("{} (class {})", b.project_id, b.class_id),
        ),
        ("standard", standard_name(&b.standard)),
        ("vintage", span(b.vintage_start, b.vintage_end)),
        (
            "serials",
            format!(
                "{} to {} ({} credits)",
                b.serial_first,
                b.serial_last,
                u128::from(b.serial_last - b.serial_first.min(b.serial_last)) + 1
            ),
        ),
        ("status", signed),
        (
            "proposed",
            format!("by {} at {}", b.proposed_by, when::datetime(b.proposed_at)),
        ),
        ("issuance", issuance),
        (
            "totals",
            format!(
                "{} issued = {} tradable + {} retired + {} cancelled",
                t.issued, t.tradable, t.retired, t.cancelled
            ),
        ),
        ("metadata", b.metadata.clone()),
    ])
}

/// A holder's balances.
pub fn balances_table(balances: &[Balance]) -> Table {
    let mut t = render::table(["batch", "tradable", "retired"]);
    for b in balances {
        t.add_row(vec![num(b.batch_id), num(b.tradable), num(b.retired)]);
    }
    t
}

/// How a retirement came about, in words.
pub fn through(t: &RetiredThrough) -> String {
    match t {
        RetiredThrough::Issuance => "retired at issuance".to_string(),
        RetiredThrough::Retire => "retired by its holder".to_string(),
        RetiredThrough::Transfer { from } => format!("retired on arrival from {from}"),
        RetiredThrough::Purchase { order_id, seller } => {
            format!("bought from order {order_id} of {seller} and retired")
        }
    }
}

/// What a retirement offsets, in words (empty when it names nothing).
pub fn offsets(r: &Retirement) -> String {
    let mut parts = Vec::new();
    if let Some(c) = &r.consumption {
        parts.push(format!(
            "meter {} consumption {}",
            c.meter_id,
            span(c.period_from, c.period_to)
        ));
    }
    if let Some(p) = &r.product {
        parts.push(format!("product {}@{}", p.product_id, p.version));
    }
    parts.join("; ")
}

/// A retirement certificate.
pub fn retirement_record(r: &Retirement) -> Table {
    let mut rows = vec![
        ("retirement", r.id.to_string()),
        ("credits", format!("{} t CO2e", r.amount)),
        (
            "batch",
            format!(
                "{} of project {} (class {}, {}), vintage {}",
                r.batch_id,
                r.project_id,
                r.class_id,
                standard_name(&r.standard),
                span(r.vintage_start, r.vintage_end)
            ),
        ),
        ("holder", r.holder.clone()),
        ("beneficiary", r.beneficiary.clone()),
    ];
    if let Some(whom) = &r.on_behalf_of {
        rows.push(("on behalf of", whom.clone()));
    }
    rows.push(("jurisdiction", r.jurisdiction.clone()));
    rows.push(("reason", r.reason.clone()));
    let offset = offsets(r);
    if !offset.is_empty() {
        rows.push(("offsets", offset));
    }
    rows.push(("how", through(&r.through)));
    rows.push(("retired", when::datetime(r.retired_at)));
    render::record(rows)
}

/// Retirements, one a row.
pub fn retirements_table(retirements: &[Retirement]) -> Table {
    let mut t = render::table([
        "id",
        "batch",
        "credits",
        "holder",
        "beneficiary",
        "jurisdiction",
        "offsets",
        "retired (UTC)",
    ]);
    for r in retirements {
        t.add_row(vec![
            num(r.id),
            num(r.batch_id),
            num(r.amount),
            Cell::new(&r.holder),
            Cell::new(&r.beneficiary),
            Cell::new(&r.jurisdiction),
            Cell::new(offsets(r)),
            Cell::new(when::datetime(r.retired_at)),
        ]);
    }
    t
}

/// A history entry in words.
pub fn history_step(entry: &HistoryEntry) -> String {
    match entry {
        HistoryEntry::Issued {
            to,
            tradable,
            retired,
        } => format!("issued {tradable} tradable and {retired} retired to {to}"),
        HistoryEntry::Transferred {
            from,
            to,
            amount,
            retired,
        } => format!(
            "{amount} transferred from {from} to {to}{}",
            if *retired { ", retired on arrival" } else { "" }
        ),
        HistoryEntry::Retired {
            holder,
            amount,
            retirement_id,
        } => format!("{amount} retired by {holder} (retirement {retirement_id})"),
        HistoryEntry::Cancelled {
            holder,
            amount,
            reason,
        } => format!("{amount} cancelled by {holder}: {reason}"),
        HistoryEntry::Listed {
            seller,
            order_id,
            amount,
            price,
        } => format!(
            "{amount} listed by {seller} at {} each (order {order_id})",
            money(*price)
        ),
        HistoryEntry::Unlisted {
            seller,
            order_id,
            amount,
        } => format!("{amount} back to {seller} from order {order_id}"),
    }
}

/// History, oldest first.
pub fn history_table(events: &[HistoryEvent]) -> Table {
    let mut t = render::table(["#", "batch", "at (UTC)", "what"]);
    for e in events {
        t.add_row(vec![
            num(e.seq),
            num(e.batch_id),
            Cell::new(when::datetime(e.at)),
            Cell::new(history_step(&e.entry)),
        ]);
    }
    t
}

/// Open sell orders.
pub fn orders_table(orders: &[SellOrder]) -> Table {
    let mut t = render::table([
        "id",
        "batch",
        "seller",
        "remaining",
        "price each",
        "listed (UTC)",
    ]);
    for o in orders {
        t.add_row(vec![
            num(o.id),
            num(o.batch_id),
            Cell::new(&o.seller),
            num(o.remaining),
            num(money(o.price)),
            Cell::new(when::datetime(o.created_at)),
        ]);
    }
    t
}

/// A standard's verifiers.
pub fn verifiers_table(verifiers: &[String]) -> Table {
    let mut t = render::table(["verifier"]);
    for v in verifiers {
        t.add_row(vec![Cell::new(v)]);
    }
    t
}

/// A serial look-up on one line.
pub fn serial_line(s: &SerialLookupResponse) -> String {
    let standard = standard_name(&s.standard);
    match &s.batch {
        Some(b) => format!(
            "{standard} serial {} is in batch {} (serials {} to {})",
            s.serial, b.batch_id, b.serial_first, b.serial_last
        ),
        None => format!("{standard} serial {} is in no batch's range", s.serial),
    }
}

/// The contract's settings.
pub fn config_record(c: &ConfigResponse) -> Table {
    render::record(vec![
        ("registry", c.admin_contract.clone()),
        ("settlement token", c.token.clone()),
        (
            "footprints",
            c.footprints
                .clone()
                .unwrap_or_else(|| "none: product claims are refused".to_string()),
        ),
    ])
}

/// What `amount` credits at `price` each cost, in words.
pub fn cost_words(amount: u64, price: Uint128, cost: Uint128) -> String {
    format!("{amount} credits at {} each: {}", money(price), money(cost))
}

/// The columns of the export's History sheet.
pub const HISTORY_COLUMNS: [&str; 4] = ["#", "batch", "at (UTC)", "what"];
/// The columns of the export's Retirements sheet.
pub const RETIREMENT_COLUMNS: [&str; 11] = [
    "id",
    "batch",
    "project",
    "standard",
    "vintage",
    "credits",
    "beneficiary",
    "on behalf of",
    "jurisdiction",
    "reason",
    "offsets",
];

/// Writes a holder's workbook: sheet "History" (every entry that moved its credits), sheet
/// "Retirements" (its certificates, with a row totalling the credits) and "About".
pub fn credits_workbook(
    history: &[HistoryEvent],
    retirements: &[Retirement],
    about: &[(&str, String)],
    path: &Path,
) -> anyhow::Result<()> {
    let mut workbook = Workbook::new();
    fill_workbook(&mut workbook, history, retirements, about)?;
    xlsx::save(&mut workbook, path)
}

fn fill_workbook(
    workbook: &mut Workbook,
    history: &[HistoryEvent],
    retirements: &[Retirement],
    about: &[(&str, String)],
) -> Result<(), XlsxError> {
    let f = Formats::new();
    let ws = workbook.add_worksheet();
    ws.set_name("History")?;
    let headers: Vec<(&str, f64)> = HISTORY_COLUMNS
        .iter()
        .copied()
        .zip([8.0, 8.0, 20.0, 80.0])
        .collect();
    header_row(ws, &f, &headers)?;
    for (i, e) in history.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number_with_format(row, 0, e.seq as f64, &f.count)?;
        ws.write_number_with_format(row, 1, e.batch_id as f64, &f.count)?;
        ws.write_datetime_with_format(row, 2, excel_time(e.at)?, &f.datetime)?;
        ws.write_string(row, 3, history_step(&e.entry))?;
    }
    ws.autofilter(0, 0, (history.len() as u32).max(1), 3)?;

    let ws = workbook.add_worksheet();
    ws.set_name("Retirements")?;
    let widths = [
        8.0, 8.0, 18.0, 14.0, 24.0, 10.0, 24.0, 24.0, 12.0, 36.0, 36.0,
    ];
    let headers: Vec<(&str, f64)> = RETIREMENT_COLUMNS.iter().copied().zip(widths).collect();
    header_row(ws, &f, &headers)?;
    for (i, r) in retirements.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number_with_format(row, 0, r.id as f64, &f.count)?;
        ws.write_number_with_format(row, 1, r.batch_id as f64, &f.count)?;
        ws.write_string(row, 2, &r.project_id)?;
        ws.write_string(row, 3, standard_name(&r.standard))?;
        ws.write_string(row, 4, span(r.vintage_start, r.vintage_end))?;
        ws.write_number_with_format(row, 5, r.amount as f64, &f.count)?;
        ws.write_string(row, 6, &r.beneficiary)?;
        if let Some(whom) = &r.on_behalf_of {
            ws.write_string(row, 7, whom)?;
        }
        ws.write_string(row, 8, &r.jurisdiction)?;
        ws.write_string(row, 9, &r.reason)?;
        ws.write_string(row, 10, offsets(r))?;
    }
    if !retirements.is_empty() {
        let row = retirements.len() as u32 + 1;
        let total: u64 = retirements.iter().map(|r| r.amount).sum();
        ws.write_string_with_format(row, 0, "total", &f.total_label)?;
        ws.write_number_with_format(row, 5, total as f64, &f.total_count)?;
    }
    ws.autofilter(0, 0, (retirements.len() as u32).max(1), 10)?;
    xlsx::about_sheet(workbook, about)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx, open_workbook};
    use ledger_sdk::contracts::park::credits::{
        BatchIssuance, BatchTotals, ConsumptionClaim, ProductClaim, SerialHolder, Standard,
    };

    const JAN_2025: u64 = 1_735_689_600;
    const JAN_2026: u64 = 1_767_225_600;

    fn retirement() -> Retirement {
        Retirement {
            id: 3,
            batch_id: 7,
            project_id: "ke-cookstoves".into(),
            class_id: "vcs-cookstoves".into(),
            standard: Standard::Vcs,
            vintage_start: JAN_2025,
            vintage_end: JAN_2026,
            holder: "wasm1buyer".into(),
            amount: 25,
            beneficiary: "Acme Ltd".into(),
            on_behalf_of: Some("wasm1acme".into()),
            jurisdiction: "KE".into(),
            reason: "2025 scope 2".into(),
            consumption: Some(ConsumptionClaim {
                meter_id: "m-7".into(),
                period_from: JAN_2025,
                period_to: JAN_2026,
            }),
            product: Some(ProductClaim {
                product_id: "steel".into(),
                version: 2,
            }),
            through: RetiredThrough::Purchase {
                order_id: 4,
                seller: "wasm1dev".into(),
            },
            retired_at: JAN_2026 + 3_600,
        }
    }

    fn batch() -> Batch {
        Batch {
            id: 7,
            project_id: "ke-cookstoves".into(),
            class_id: "vcs-cookstoves".into(),
            standard: Standard::Other("Puro.earth".into()),
            vintage_start: JAN_2025,
            vintage_end: JAN_2026,
            serial_first: 1,
            serial_last: 1_000,
            issuance: vec![BatchIssuance {
                recipient: "wasm1dev".into(),
                tradable: 1_000,
                retired: 0,
                retirement: None,
            }],
            metadata: "ipfs://batch".into(),
            proposed_by: "wasm1issuer".into(),
            proposed_at: JAN_2026,
            status: BatchStatus::Issued {
                verifier: "wasm1verifier".into(),
                verified_at: JAN_2026 + 60,
            },
            totals: BatchTotals {
                issued: 1_000,
                tradable: 960,
                retired: 25,
                cancelled: 15,
            },
        }
    }

    #[test]
    fn a_retirement_certificate_says_what_it_offsets_and_how_it_came_about() {
        let text = retirement_record(&retirement()).to_string();
        for expected in [
            "25 t CO2e",
            "7 of project ke-cookstoves (class vcs-cookstoves, vcs), vintage 2025-01-01 to 2026-01-01",
            "Acme Ltd",
            "wasm1acme",
            "meter m-7 consumption 2025-01-01 to 2026-01-01; product steel@2",
            "bought from order 4 of wasm1dev and retired",
        ] {
            assert!(text.contains(expected), "{expected:?} not in\n{text}");
        }
        let mut plain = retirement();
        plain.on_behalf_of = None;
        plain.consumption = None;
        plain.product = None;
        let text = retirement_record(&plain).to_string();
        assert!(!text.contains("on behalf of"), "{text}");
        assert!(!text.contains("offsets"), "{text}");
    }

    #[test]
    fn a_batch_shows_its_sign_off_range_and_totals() {
        let text = batch_record(&batch()).to_string();
        assert!(text.contains("Puro.earth"), "{text}");
        assert!(text.contains("1 to 1000 (1000 credits)"), "{text}");
        assert!(text.contains("signed off by wasm1verifier"), "{text}");
        assert!(
            text.contains("1000 issued = 960 tradable + 25 retired + 15 cancelled"),
            "{text}"
        );
        let row = batches_table(&[batch()]).to_string();
        assert!(row.contains("1-1000"), "{row}");
        assert!(row.contains("issued"), "{row}");
    }

    #[test]
    fn history_orders_and_serials_read_as_sentences() {
        let listed = HistoryEntry::Listed {
            seller: "wasm1dev".into(),
            order_id: 4,
            amount: 100,
            price: Uint128::new(1_250),
        };
        assert_eq!(
            history_step(&listed),
            "100 listed by wasm1dev at 12.50 each (order 4)"
        );
        let moved = HistoryEntry::Transferred {
            from: "wasm1a".into(),
            to: "wasm1b".into(),
            amount: 5,
            retired: true,
        };
        assert_eq!(
            history_step(&moved),
            "5 transferred from wasm1a to wasm1b, retired on arrival"
        );
        let found = SerialLookupResponse {
            standard: Standard::GoldStandard,
            serial: 42,
            batch: Some(SerialHolder {
                batch_id: 7,
                serial_first: 1,
                serial_last: 1_000,
            }),
        };
        assert_eq!(
            serial_line(&found),
            "gold-standard serial 42 is in batch 7 (serials 1 to 1000)"
        );
        let free = SerialLookupResponse {
            batch: None,
            ..found
        };
        assert_eq!(
            serial_line(&free),
            "gold-standard serial 42 is in no batch's range"
        );
        assert_eq!(
            cost_words(3, Uint128::new(1_250), Uint128::new(3_750)),
            "3 credits at 12.50 each: 37.50"
        );
    }

    #[test]
    fn the_workbook_holds_history_retirements_with_a_total_and_about() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credits.xlsx");
        let history = vec![HistoryEvent {
            seq: 12,
            batch_id: 7,
            at: JAN_2026,
            entry: HistoryEntry::Retired {
                holder: "wasm1buyer".into(),
                amount: 25,
                retirement_id: 3,
            },
        }];
        let mut second = retirement();
        second.id = 4;
        second.amount = 5;
        let about = [("Holder", "wasm1buyer".to_string())];
        credits_workbook(&history, &[retirement(), second], &about, &path).unwrap();

        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(book.sheet_names(), ["History", "Retirements", "About"]);
        let h = book.worksheet_range("History").unwrap();
        assert_eq!(h.get_value((1, 0)), Some(&Data::Float(12.0)));
        assert_eq!(
            h.get_value((1, 3)),
            Some(&Data::String(
                "25 retired by wasm1buyer (retirement 3)".into()
            ))
        );
        let r = book.worksheet_range("Retirements").unwrap();
        assert_eq!(r.get_value((0, 5)), Some(&Data::String("credits".into())));
        assert_eq!(r.get_value((2, 0)), Some(&Data::Float(4.0)));
        assert_eq!(r.get_value((3, 0)), Some(&Data::String("total".into())));
        assert_eq!(r.get_value((3, 5)), Some(&Data::Float(30.0)));
        assert_eq!(
            r.get_value((1, 10)),
            Some(&Data::String(
                "meter m-7 consumption 2025-01-01 to 2026-01-01; product steel@2".into()
            ))
        );
    }
}
