//! The XLSX downloads through the API: who may download which workbook, the spans asked, and
//! that what arrives is the workbook of the rows gathered.

use ledger_types::time::DAY;
use ledger_workbooks::inspect::{Workbook, num, text};
use ledger_workbooks::{BillsExport, DayRow, InstalmentRow, ReadingsExport, Span, XLSX_MEDIA_TYPE};

use super::*;
use crate::workbook_reads::{WorkbookFuture, WorkbookReads};

const NOV_2026: u64 = 1_793_491_200;

/// Rows made from what is asked: a period's three days carry the period's number in their
/// energy; `m-alice-2` has a cycle of short days, so a month of it is refused as the chain's
/// would be; a bills workbook has one row per meter asked.
pub(crate) struct FixedWorkbooks;

impl WorkbookReads for FixedWorkbooks {
    fn readings<'a>(&'a self, meter_id: &'a str, span: Span) -> WorkbookFuture<'a, ReadingsExport> {
        Box::pin(async move {
            let (name, days) = match span {
                Span::Month(_) if meter_id == "m-alice-2" => {
                    return Err(ledger_workbooks::Error::NotCalendarDays {
                        meter_id: meter_id.to_string(),
                        day_seconds: 60,
                    });
                }
                Span::Month(m) => (m.long_name(), u64::from(m.days())),
                Span::Period(p) => (format!("period {p}"), 3),
            };
            let tag = match span {
                Span::Period(p) => u64::from(p),
                Span::Month(_) => 0,
            };
            Ok(ReadingsExport {
                meter_id: meter_id.to_string(),
                owner: "owner".into(),
                span: name,
                time_zone: "UTC+00:00".into(),
                whole_days: true,
                days: (0..days)
                    .map(|d| DayRow {
                        start_local: NOV_2026 + d * DAY,
                        energy_wh: tag * 1_000 + d,
                        readings: 24,
                    })
                    .collect(),
            })
        })
    }

    fn bills<'a>(&'a self, meters: &'a [MeterInfo]) -> WorkbookFuture<'a, BillsExport> {
        Box::pin(async move {
            Ok(BillsExport {
                currency: "LEUR".into(),
                time_zone: "UTC+00:00".into(),
                rows: meters
                    .iter()
                    .map(|m| InstalmentRow {
                        meter_id: m.meter_id.clone(),
                        consumer: m.owner.to_string(),
                        period: 1,
                        period_start_local: NOV_2026,
                        period_end_local: NOV_2026 + 30 * DAY,
                        bill_total: Some(6_000),
                        instalment: "final".into(),
                        due_local: Some(NOV_2026 + 40 * DAY),
                        amount: Some(6_000),
                        paid: Some(0),
                        status: "open".into(),
                        whole_days: true,
                    })
                    .collect(),
                payments: Vec::new(),
            })
        })
    }
}

/// GETs `uri` and returns the status, the content type and disposition, and the body.
async fn download(app: &Router, uri: &str, token: &str) -> (StatusCode, String, String, Vec<u8>) {
    let request = Request::builder()
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let header_of = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &header::HeaderValue| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (content_type, disposition) = (
        header_of(header::CONTENT_TYPE),
        header_of(header::CONTENT_DISPOSITION),
    );
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 22)
        .await
        .unwrap();
    (status, content_type, disposition, bytes.to_vec())
}

fn code_of(bytes: &[u8]) -> String {
    let body: Value = serde_json::from_slice(bytes).unwrap();
    body["code"].as_str().unwrap().to_string()
}

fn meters_in(bytes: Vec<u8>) -> Vec<String> {
    Workbook::new(bytes).cells("Bills")[1..]
        .iter()
        .map(|r| text(&r[0]).to_string())
        .collect()
}

#[tokio::test]
async fn the_owner_downloads_a_period_of_her_readings_as_a_workbook() {
    let app = app();
    let alice = token(&app, 2).await;
    let uri = "/api/exports/readings.xlsx?meter=m-alice-1&period=7";
    let (status, content_type, disposition, bytes) = download(&app, uri, &alice).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(content_type, XLSX_MEDIA_TYPE);
    assert_eq!(
        disposition,
        "attachment; filename=\"readings-m-alice-1-period-7.xlsx\""
    );
    let rows = Workbook::new(bytes).cells("Readings");
    assert_eq!(rows.len(), 5, "header, three days, total");
    assert_eq!(
        num(&rows[1][1]),
        7.0,
        "7000 Wh of the first day of period 7"
    );
    assert_eq!(text(&rows[4][0]), "Total");

    let uri = "/api/exports/readings.xlsx?meter=m-alice-1&month=2026-11";
    let (status, _, disposition, bytes) = download(&app, uri, &alice).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        disposition.contains("readings-m-alice-1-2026-11.xlsx"),
        "{disposition}"
    );
    assert_eq!(Workbook::new(bytes).cells("Readings").len(), 32);
}

#[tokio::test]
async fn readings_of_another_s_meter_or_of_a_bad_span_are_refused_by_code() {
    let app = app();
    let alice = token(&app, 2).await;
    let refused = |uri: &'static str, expected: (StatusCode, &'static str)| {
        let (app, alice) = (app.clone(), alice.clone());
        async move {
            let (status, content_type, _, bytes) = download(&app, uri, &alice).await;
            assert_eq!((status, code_of(&bytes).as_str()), expected, "{uri}");
            assert!(content_type.starts_with("application/json"), "{uri}");
        }
    };
    refused(
        "/api/exports/readings.xlsx?meter=m-bob-1&period=1",
        (StatusCode::FORBIDDEN, codes::FORBIDDEN),
    )
    .await;
    refused(
        "/api/exports/readings.xlsx?meter=m-alice-1",
        (StatusCode::BAD_REQUEST, codes::BAD_REQUEST),
    )
    .await;
    refused(
        "/api/exports/readings.xlsx?meter=m-alice-1&month=2026-11&period=1",
        (StatusCode::BAD_REQUEST, codes::BAD_REQUEST),
    )
    .await;
    refused(
        "/api/exports/readings.xlsx?meter=m-alice-1&month=2026-13",
        (StatusCode::BAD_REQUEST, codes::BAD_REQUEST),
    )
    .await;
    refused(
        "/api/exports/readings.xlsx?meter=m-alice-1&period=minus",
        (StatusCode::BAD_REQUEST, codes::BAD_REQUEST),
    )
    .await;
    refused(
        "/api/exports/readings.xlsx?meter=m-alice-2&month=2026-11",
        (
            StatusCode::BAD_REQUEST,
            ledger_workbooks::codes::NOT_CALENDAR_DAYS,
        ),
    )
    .await;
    let bank = token(&app, 5).await;
    let (status, _, _, bytes) = download(
        &app,
        "/api/exports/readings.xlsx?meter=m-nowhere&period=1",
        &bank,
    )
    .await;
    assert_eq!(
        (status, code_of(&bytes).as_str()),
        (StatusCode::NOT_FOUND, "admin.meter_not_found")
    );
}

#[tokio::test]
async fn a_consumer_s_bills_workbook_holds_her_meters_and_the_bank_s_every_meter() {
    let app = app();
    let alice = token(&app, 2).await;
    let (status, content_type, disposition, bytes) =
        download(&app, "/api/exports/bills.xlsx", &alice).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, XLSX_MEDIA_TYPE);
    assert_eq!(disposition, "attachment; filename=\"bills.xlsx\"");
    assert_eq!(meters_in(bytes), ["m-alice-1", "m-alice-2"]);

    let bank = token(&app, 5).await;
    let (status, _, _, bytes) = download(&app, "/api/exports/bills.xlsx", &bank).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(meters_in(bytes), ["m-alice-1", "m-alice-2", "m-bob-1"]);

    // The retailer names her consumers' meters.
    let retailer = token(&app, 4).await;
    let uri = "/api/exports/bills.xlsx?meters=m-bob-1,m-alice-2,m-bob-1";
    let (status, _, _, bytes) = download(&app, uri, &retailer).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(meters_in(bytes), ["m-bob-1", "m-alice-2"]);
}

#[tokio::test]
async fn bills_of_meters_not_the_caller_s_or_badly_named_are_refused_by_code() {
    let app = app();
    let alice = token(&app, 2).await;
    for (uri, who, expected) in [
        (
            "/api/exports/bills.xlsx?meters=m-alice-1,m-bob-1",
            &alice,
            (StatusCode::FORBIDDEN, codes::FORBIDDEN),
        ),
        (
            "/api/exports/bills.xlsx?meters=m-alice-1,",
            &alice,
            (StatusCode::BAD_REQUEST, codes::BAD_REQUEST),
        ),
    ] {
        let (status, _, _, bytes) = download(&app, uri, who).await;
        assert_eq!((status, code_of(&bytes).as_str()), expected, "{uri}");
    }
    // A retailer sees her consumers' meters only when she names them.
    let retailer = token(&app, 4).await;
    let (status, _, _, bytes) = download(&app, "/api/exports/bills.xlsx", &retailer).await;
    assert_eq!(
        (status, code_of(&bytes).as_str()),
        (StatusCode::FORBIDDEN, codes::FORBIDDEN)
    );
    let many = format!(
        "/api/exports/bills.xlsx?meters={}",
        vec!["m-alice-1"; crate::api::downloads::MAX_EXPORT_METERS + 1].join(",")
    );
    let (status, _, _, bytes) = download(&app, &many, &alice).await;
    assert_eq!(
        (status, code_of(&bytes).as_str()),
        (StatusCode::BAD_REQUEST, codes::BAD_REQUEST)
    );
}
