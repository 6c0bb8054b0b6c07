//! The audit endpoints over an in-memory index: who may call them, filters, paging, the CSV
//! export and the index's status.

use axum::http::HeaderMap;

use super::*;
use crate::index::events::{Attribute, EventRow};
use crate::index::store::Batch;

fn event(height: u64, event_index: u32, contract_name: &str, action: &str) -> EventRow {
    EventRow {
        height,
        tx_index: 0,
        event_index,
        time: 1_700_000_000 + height,
        tx_hash: format!("{height:064X}"),
        actor: Some(address(2)),
        contract: format!("wasm1{contract_name}"),
        contract_name: contract_name.to_string(),
        kind: "wasm".to_string(),
        action: Some(action.to_string()),
        attributes: vec![Attribute {
            key: "action".to_string(),
            value: action.to_string(),
        }],
    }
}

/// The gateway over an index of 12 events: blocks 1 to 6, a bank and a registry event each;
/// the bank's of block 6 has a note with a comma, quotes and a line break.
fn audited_app() -> Router {
    let index = Index::in_memory().unwrap();
    let mut rows = Vec::new();
    for height in 1..=6 {
        rows.push(event(height, 1, "bank", "credit_deposit"));
        rows.push(event(height, 2, "registry", "register"));
    }
    rows[10].attributes.push(Attribute {
        key: "note".to_string(),
        value: "paid, \"late\"\nsecond line".to_string(),
    });
    commit(&index, 6, rows);
    app_with_auditor(Options {
        index,
        ..Options::default()
    })
}

/// Commits `rows` as blocks 1 to `to` of `index`.
fn commit(index: &Index, to: u64, rows: Vec<EventRow>) {
    index
        .store
        .commit(&Batch {
            from: 1,
            to,
            rows,
            skipped: None,
            contracts: vec![],
            to_hash: None,
        })
        .unwrap();
}

async fn get_raw(app: &Router, uri: &str, token: &str) -> (StatusCode, HeaderMap, String) {
    let request = Request::builder()
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
    (
        parts.status,
        parts.headers,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

#[tokio::test]
async fn the_audit_log_is_for_the_administrator_and_auditors() {
    let app = audited_app();
    let consumer = token(&app, 2).await;
    for uri in ["/api/audit", "/api/audit/export"] {
        let (status, body) = call(&app, Method::GET, uri, Some(&consumer), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{uri}");
        assert_eq!(code(&body), codes::FORBIDDEN, "{uri}");
        let (status, body) = call(&app, Method::GET, uri, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(code(&body), codes::UNAUTHENTICATED, "{uri}");
    }
    for seed in [AUDITOR, 1] {
        let token = token(&app, seed).await;
        let (status, body) = call(&app, Method::GET, "/api/audit", Some(&token), None).await;
        assert_eq!(status, StatusCode::OK, "seed {seed}: {body}");
        assert_eq!(body["items"].as_array().unwrap().len(), 12);
        let (status, _, _) = get_raw(&app, "/api/audit/export", &token).await;
        assert_eq!(status, StatusCode::OK, "seed {seed}");
    }
}

#[tokio::test]
async fn the_audit_log_filters_and_pages() {
    let app = audited_app();
    let auditor = token(&app, AUDITOR).await;
    let mut uri = "/api/audit?contract=bank&limit=4".to_string();
    let mut heights = Vec::new();
    let mut pages = 0;
    loop {
        let (status, page) = call(&app, Method::GET, &uri, Some(&auditor), None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        pages += 1;
        let items = page["items"].as_array().unwrap();
        heights.extend(items.iter().map(|e| e["height"].as_u64().unwrap()));
        assert!(items.iter().all(|e| e["contract_name"] == "bank"));
        if page["has_more"] == false {
            break;
        }
        let next = page["next"].as_str().unwrap();
        assert_eq!(next, items.last().unwrap()["cursor"]);
        uri = format!("/api/audit?contract=bank&limit=4&after={next}");
    }
    assert_eq!(pages, 2);
    assert_eq!(heights, [1, 2, 3, 4, 5, 6]);

    let (_, one) = call(
        &app,
        Method::GET,
        &format!(
            "/api/audit?action=register&from_height=2&to_height=3&actor={}",
            address(2)
        ),
        Some(&auditor),
        None,
    )
    .await;
    let cursors: Vec<&str> = one["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["cursor"].as_str().unwrap())
        .collect();
    assert_eq!(cursors, ["2.0.2", "3.0.2"]);
    let tx = format!("{:064x}", 4);
    let (_, by_tx) = call(
        &app,
        Method::GET,
        &format!("/api/audit?tx={tx}"),
        Some(&auditor),
        None,
    )
    .await;
    assert_eq!(by_tx["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        by_tx["items"][0]["attributes"][0]["value"],
        "credit_deposit"
    );

    for bad in ["/api/audit?after=nonsense", "/api/audit?from_height=high"] {
        let (status, body) = call(&app, Method::GET, bad, Some(&auditor), None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert_eq!(code(&body), codes::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn the_export_is_csv_with_quoted_fields() {
    let app = audited_app();
    let admin = token(&app, 1).await;
    let (status, headers, text) = get_raw(&app, "/api/audit/export?contract=bank", &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(headers.get(crate::api::audit::TRUNCATED_HEADER).is_none());
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "height,time,tx_hash,tx_index,event_index,actor,contract,contract_name,kind,action,attributes"
    );
    assert!(lines[1].starts_with(&format!("1,1700000001,{:064X},0,1,", 1)));
    // The note's comma, quotes and line break sit inside one quoted field, quotes doubled.
    let last = text.trim_end().rsplit("\r\n").next().unwrap();
    assert!(last.starts_with("6,"), "{last}");
    assert!(text.contains(r#""[{""key"":""action"",""value"":""credit_deposit""},{""key"":""note"",""value"":""paid, \""late\""\nsecond line""}]""#), "{text}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 6);
    let attributes: Vec<Attribute> = serde_json::from_str(&records[5][10]).unwrap();
    assert_eq!(attributes[1].value, "paid, \"late\"\nsecond line");
}

#[tokio::test]
async fn anyone_signed_in_sees_how_far_the_index_is() {
    let app = audited_app();
    let (status, body) = call(&app, Method::GET, "/api/index/status", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&body), codes::UNAUTHENTICATED);
    let consumer = token(&app, 2).await;
    let (status, body) = call(
        &app,
        Method::GET,
        "/api/index/status",
        Some(&consumer),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The follower of this test gateway never ran: nothing known of the chain yet.
    assert_eq!(body["indexed_height"], 0);
    assert_eq!(body["skipped"], json!([]));

    let (_, health) = call(&app, Method::GET, "/health", None, None).await;
    assert_eq!(health["index"]["height"], 0);
    assert_eq!(health["index"]["lag"], 42);

    let (_, metrics) = call(&app, Method::GET, "/metrics", None, None).await;
    let metrics = metrics.as_str().unwrap();
    assert!(
        metrics.contains("ledger_gateway_index_height 0"),
        "{metrics}"
    );
    assert!(
        metrics.contains("ledger_gateway_index_events_total 0"),
        "{metrics}"
    );
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks() {
    let mut row = event(3, 1, "bank", "pay, \"now\"\r\nor later");
    row.actor = None;
    let csv = crate::api::audit::to_csv(&[row]).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text.ends_with("\r\n"));
    assert!(
        text.contains(",bank,wasm,\"pay, \"\"now\"\"\r\nor later\","),
        "{text}"
    );
    // An absent actor is an empty field.
    assert!(text.contains(",0,1,,wasm1bank,"), "{text}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(&record[9], "pay, \"now\"\r\nor later");
    assert_eq!(&record[5], "");
}

#[tokio::test]
async fn each_region_has_its_own_log_asked_for_by_name() {
    let regional = Index::in_memory().unwrap();
    commit(&regional, 3, vec![event(3, 1, "meter", "close_period")]);
    let app = app_with_auditor(Options {
        regions: [("region-1".to_string(), regional)].into(),
        ..Options::default()
    });
    let auditor = token(&app, AUDITOR).await;
    let (status, page) = call(
        &app,
        Method::GET,
        "/api/audit?region=region-1",
        Some(&auditor),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let actions: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["close_period"]);
    // The main chain's log is another: empty here.
    let (_, main) = call(&app, Method::GET, "/api/audit", Some(&auditor), None).await;
    assert_eq!(main["items"], json!([]));
    let (status, _, csv) = get_raw(&app, "/api/audit/export?region=region-1", &auditor).await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains(",meter,wasm,close_period,"), "{csv}");

    for uri in [
        "/api/audit?region=region-9",
        "/api/audit/export?region=region-9",
        "/api/index/status?region=region-9",
    ] {
        let (status, body) = call(&app, Method::GET, uri, Some(&auditor), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {body}");
        assert_eq!(code(&body), codes::UNKNOWN_REGION);
    }
    let consumer = token(&app, 2).await;
    let (_, status) = call(
        &app,
        Method::GET,
        "/api/index/status?region=region-1",
        Some(&consumer),
        None,
    )
    .await;
    assert_eq!(status["regions"], json!(["region-1"]));
    // A consumer still may not read any log.
    let (status, body) = call(
        &app,
        Method::GET,
        "/api/audit?region=region-1",
        Some(&consumer),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
}
