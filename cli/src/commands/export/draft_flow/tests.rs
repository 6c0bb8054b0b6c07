use super::*;
use calamine::Data;
use cosmwasm_std::{Addr, HexBinary, Uint128};
use ledger_types::draft::{
    Approval, ClawbackReason, Disagreement, DraftStatus, EventKind, Hop, HopRef, ProjectStatus,
    ReconciliationCounts, Stage, StageStatus,
};
use ledger_workbooks::inspect::{Workbook, num, text};

const NOV_2026: u64 = 1_793_491_200;

fn cells(path: &std::path::Path, sheet: &str) -> Vec<Vec<Data>> {
    Workbook::open(path).unwrap().cells(sheet)
}

fn part(path: &std::path::Path, name: &str) -> String {
    Workbook::open(path).unwrap().part(name)
}

fn addr(name: &str) -> Addr {
    Addr::unchecked(format!("wasm1{name}"))
}

fn hop(index: u32, from: &str, to: &str, bps: u16, value: u128, release: u128) -> Hop {
    Hop {
        index,
        label: to.to_string(),
        from: addr(from),
        to: addr(to),
        release_bps: bps,
        value: Uint128::new(value),
        release: Uint128::new(release),
        serial: None,
        endorsed_at: None,
        check: HopCheck::NotEndorsed,
    }
}

/// A project of two stages: the first delivered and reconciled except one hop whose bank
/// record disagrees; the second's draft cancelled after one hop missing its record.
fn sample() -> (
    Project,
    Vec<Draft>,
    BTreeMap<String, BankRecord>,
    Vec<Event>,
) {
    let stage = |number, amount: u128, status, draft_id| Stage {
        number,
        amount: Uint128::new(amount),
        purpose: format!("stage {number}"),
        status,
        approvals: vec![Approval {
            level: 0,
            approver: addr("finance"),
            comment: "budget checked".into(),
            at: NOV_2026,
        }],
        applied_at: Some(NOV_2026 - 3_600),
        draft_id,
        progress: if number == 1 { 100 } else { 0 },
    };
    let project = Project {
        id: 4,
        applicant: addr("county"),
        name: "Rural planting".into(),
        project_type: "industry".into(),
        department: "agriculture bureau".into(),
        budget: Uint128::new(500_000),
        description: "greenhouses".into(),
        implementing_unit: addr("unit"),
        unit_qualifications: "grade B".into(),
        start_date: NOV_2026,
        end_date: NOV_2026 + 365 * 86_400,
        stages: vec![
            stage(1, 300_000, StageStatus::Completed, Some(1)),
            stage(2, 200_000, StageStatus::Withdrawn, Some(2)),
        ],
        current_stage: 2,
        status: ProjectStatus::Withdrawn,
        applied_at: NOV_2026 - 3_600,
        events: 3,
    };
    let mut d1_hops = vec![
        hop(0, "province", "bank", 0, 300_000, 0),
        hop(1, "bank", "fund", 600, 300_000, 18_000),
        hop(2, "fund", "unit", 9_400, 282_000, 282_000),
    ];
    for (i, h) in d1_hops.iter_mut().enumerate() {
        h.serial = Some(format!("S-{i}"));
        h.endorsed_at = Some(NOV_2026 + 60 * i as u64);
        h.check = HopCheck::Reconciled;
    }
    d1_hops[2].check = HopCheck::Mismatch {
        disagreements: vec![Disagreement::Amount {
            endorsed: Uint128::new(282_000),
            bank: Uint128::new(281_000),
        }],
    };
    let d1 = Draft {
        id: 1,
        project_id: 4,
        stage: 1,
        issuer: addr("province"),
        amount: Uint128::new(300_000),
        locked: Uint128::zero(),
        released: Uint128::new(300_000),
        clawed_back: Uint128::zero(),
        holder: addr("unit"),
        endorsed: 3,
        hops: d1_hops,
        final_recipients: vec![addr("unit")],
        issued_at: NOV_2026,
        expires_at: NOV_2026 + 90 * 86_400,
        status: DraftStatus::Delivered,
        closed_at: None,
        counts: ReconciliationCounts {
            reconciled: 2,
            missing: 0,
            mismatched: 1,
        },
        events: 7,
    };
    let mut d2_hops = vec![
        hop(0, "province", "bank", 0, 200_000, 0),
        hop(1, "bank", "unit", 10_000, 200_000, 200_000),
    ];
    d2_hops[0].serial = Some("S-9".into());
    d2_hops[0].endorsed_at = Some(NOV_2026 + 7_200);
    d2_hops[0].check = HopCheck::MissingBankRecord;
    let d2 = Draft {
        id: 2,
        stage: 2,
        amount: Uint128::new(200_000),
        released: Uint128::zero(),
        clawed_back: Uint128::new(200_000),
        holder: addr("bank"),
        endorsed: 1,
        hops: d2_hops,
        status: DraftStatus::Cancelled,
        closed_at: Some(NOV_2026 + 8_000),
        counts: ReconciliationCounts {
            reconciled: 0,
            missing: 1,
            mismatched: 0,
        },
        ..d1.clone()
    };
    let records = (0..3)
        .map(|i| {
            let h = &d1.hops[i];
            let amount = if i == 2 { 281_000 } else { h.value.u128() };
            (
                format!("S-{i}"),
                BankRecord {
                    serial: format!("S-{i}"),
                    draft_id: d1.id,
                    payer: h.from.clone(),
                    payee: h.to.clone(),
                    amount: Uint128::new(amount),
                    time: NOV_2026 + 30 + 60 * i as u64,
                    operator: addr("bankop"),
                    posted_at: NOV_2026 + 900,
                    matched: Some(HopRef {
                        draft_id: 1,
                        hop: i as u32,
                    }),
                },
            )
        })
        .collect();
    let event = |seq, at, draft_id, kind| Event {
        seq,
        project_id: 4,
        draft_id,
        draft_seq: draft_id.map(|_| seq),
        actor: addr("county"),
        at,
        height: 100 + u64::from(seq),
        kind,
    };
    let history = vec![
        event(
            1,
            NOV_2026 - 3_600,
            None,
            EventKind::Applied {
                stage: 1,
                amount: Uint128::new(300_000),
            },
        ),
        event(
            2,
            NOV_2026 + 50,
            None,
            EventKind::Progress {
                stage: 1,
                percent: 100,
                text: "done".into(),
                evidence: HexBinary::from(vec![0xab; 32]),
            },
        ),
        event(
            3,
            NOV_2026 + 8_000,
            Some(2),
            EventKind::ClawedBack {
                draft_id: 2,
                amount: Uint128::new(200_000),
                reason: ClawbackReason::Cancelled,
                note: "unit replaced".into(),
            },
        ),
    ];
    (project, vec![d1, d2], records, history)
}

#[test]
fn rows_follow_the_drafts_and_their_bank_records() {
    let (project, drafts, records, history) = sample();
    let levels = vec!["county-finance".to_string()];
    let export = FlowExport::new("LEUR", &project, &levels, &drafts, &records, &history);
    assert_eq!(export.hops.len(), 5);
    let mismatch = &export.hops[2];
    assert_eq!(mismatch.status, "mismatch");
    assert_eq!(
        mismatch.disagreements,
        "amount: endorsed 2820.00, bank 2810.00"
    );
    assert_eq!(mismatch.bank.as_ref().unwrap().amount, 281_000);
    let missing = &export.hops[3];
    assert_eq!(
        (missing.status.as_str(), missing.bank.is_none()),
        ("missing bank record", true)
    );
    assert!(!export.hops[4].endorsed);
    assert_eq!(export.stages[1].status, "withdrawn");
    assert!(
        export.stages[0]
            .approvals
            .starts_with("level 0 (county-finance) by wasm1finance at 2026-11-01")
    );
    assert_eq!(export.events[2].event, "clawed back");
    assert_eq!(
        export.events[2].details,
        "draft 2: 2000.00 returned to the issuer (cancelled: unit replaced)"
    );
    assert_eq!(export.drafts[1].counts, (0, 1, 0));
}

#[test]
fn the_workbook_shows_every_hop_with_currency_times_and_formats() {
    let (project, drafts, records, history) = sample();
    let levels = vec!["county-finance".to_string()];
    let export = FlowExport::new("LEUR", &project, &levels, &drafts, &records, &history);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out/flow.xlsx");
    write_flow(&path, &export).unwrap();

    let rows = cells(&path, "Flow");
    let header: Vec<&str> = rows[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "Draft",
            "Stage",
            "Hop",
            "Holder",
            "From",
            "To (holder)",
            "Share (%)",
            "Value moved (LEUR)",
            "Released (LEUR)",
            "Bank serial",
            "Endorsed (UTC)",
            "Bank payer",
            "Bank payee",
            "Bank amount (LEUR)",
            "Booked by bank (UTC)",
            "Posted (UTC)",
            "Reconciliation",
            "Disagreements"
        ]
    );
    assert_eq!(rows.len(), 1 + 5 + 1, "header, five hops, total");
    // Draft 1, hop 1: 6% to the fund, with its bank record.
    let r = &rows[2];
    assert_eq!((num(&r[0]), num(&r[2])), (1.0, 1.0));
    assert_eq!(text(&r[5]), "wasm1fund");
    assert!((num(&r[6]) - 0.06).abs() < 1e-12);
    assert!((num(&r[7]) - 3_000.0).abs() < 1e-9);
    assert!((num(&r[8]) - 180.0).abs() < 1e-9);
    assert_eq!(text(&r[9]), "S-1");
    // 2026-11-01 00:01:00 UTC is Excel serial 46327 + 60 s.
    assert!((num(&r[10]) - (46_327.0 + 60.0 / 86_400.0)).abs() < 1e-9);
    assert_eq!(text(&r[11]), "wasm1bank");
    assert!((num(&r[13]) - 3_000.0).abs() < 1e-9);
    assert_eq!(text(&r[16]), "reconciled");
    // The mismatch and the missing record.
    assert_eq!(text(&rows[3][16]), "mismatch");
    assert_eq!(text(&rows[3][17]), "amount: endorsed 2820.00, bank 2810.00");
    assert_eq!(text(&rows[4][16]), "missing bank record");
    assert_eq!(rows[4][11], Data::Empty, "no bank record");
    assert_eq!(text(&rows[5][16]), "not endorsed");
    assert_eq!(
        rows[5][8],
        Data::Empty,
        "nothing released by an unendorsed hop"
    );
    assert_eq!(text(&rows[6][0]), "Total released");
    assert!((num(&rows[6][8]) - 3_000.0).abs() < 1e-9);

    let stages = cells(&path, "Stages");
    assert_eq!(text(&stages[0][2]), "Amount (LEUR)");
    assert!((num(&stages[1][2]) - 3_000.0).abs() < 1e-9);
    assert_eq!(text(&stages[1][3]), "completed");
    assert!(
        (num(&stages[1][6]) - 1.0).abs() < 1e-12,
        "100% as a percentage"
    );
    let drafts = cells(&path, "Drafts");
    assert_eq!(text(&drafts[2][2]), "cancelled");
    assert!((num(&drafts[2][8]) - 2_000.0).abs() < 1e-9, "clawed back");
    assert_eq!(num(&drafts[2][13]), 1.0, "one hop missing its record");
    let history = cells(&path, "History");
    assert_eq!(history.len(), 4);
    assert_eq!(text(&history[0][1]), "Time (UTC)");
    assert_eq!(num(&history[3][2]), 103.0, "block height");
    assert_eq!(text(&history[3][5]), "clawed back");
    assert!(text(&history[2][6]).starts_with("stage 1 at 100%: done (evidence abab"));
    let about = cells(&path, "About");
    assert_eq!(text(&about[0][1]), "4 Rural planting");

    // Formatting: frozen bold headers, filters, currency, percentages and date-times.
    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"state="frozen""#), "{sheet}");
    assert!(sheet.contains(r#"<autoFilter ref="A1:R6"/>"#), "{sheet}");
    let styles = part(&path, "xl/styles.xml");
    assert!(styles.contains(r##"formatCode="#,##0.00""##), "{styles}");
    assert!(styles.contains(r#"formatCode="0.00%""#), "{styles}");
    assert!(
        styles.contains(r#"formatCode="yyyy-mm-dd hh:mm:ss""#),
        "{styles}"
    );
    assert!(styles.contains("<b/>"), "bold header: {styles}");
    let history_sheet = part(&path, "xl/worksheets/sheet4.xml");
    assert!(history_sheet.contains(r#"state="frozen""#));
}

#[test]
fn a_project_without_drafts_still_makes_a_workbook() {
    let (mut project, _, _, history) = sample();
    for s in &mut project.stages {
        s.draft_id = None;
    }
    let export = FlowExport::new("LEUR", &project, &[], &[], &BTreeMap::new(), &history[..1]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flow.xlsx");
    write_flow(&path, &export).unwrap();
    let rows = cells(&path, "Flow");
    assert_eq!(rows.len(), 2, "header and the total");
    assert_eq!(num(&rows[1][8]), 0.0);
}
