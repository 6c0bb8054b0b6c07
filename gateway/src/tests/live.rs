//! Live updates: the server-sent events of `/api/live` as the index commits batches.

use super::*;

/// The next server-sent event of `body`, as text.
async fn next_event(body: &mut axum::body::BodyDataStream) -> String {
    use futures_util::StreamExt as _;
    let mut text = String::new();
    while !text.contains("\n\n") {
        let chunk = tokio::time::timeout(Duration::from_secs(5), body.next())
            .await
            .expect("an event within 5 s")
            .expect("the stream goes on")
            .unwrap();
        text.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    text
}

#[tokio::test]
async fn live_updates_announce_each_batch_the_index_commits() {
    use crate::index::follow::Indexed;
    let index = Index::in_memory().unwrap();
    let region = Index::in_memory().unwrap();
    let app = app_with(
        ledger(),
        Options {
            index: index.clone(),
            regions: [("region-1".to_string(), region.clone())].into(),
            ..Options::default()
        },
    );
    let alice = token(&app, 2).await;
    let request = Request::builder()
        .uri("/api/live")
        .header(header::AUTHORIZATION, format!("Bearer {alice}"))
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    let mut body = response.into_body().into_data_stream();
    let ready = next_event(&mut body).await;
    assert!(ready.starts_with("event: ready\n"), "{ready}");
    assert!(
        ready.contains(r#"data: {"height":0,"contracts":[]}"#),
        "{ready}"
    );

    index.status.announce(Indexed {
        height: 7,
        contracts: vec!["bank".to_string(), "registry".to_string()],
    });
    let indexed = next_event(&mut body).await;
    assert!(indexed.starts_with("event: indexed\n"), "{indexed}");
    assert!(
        indexed.contains(r#"data: {"height":7,"contracts":["bank","registry"]}"#),
        "{indexed}"
    );
    assert_eq!(index.status.indexed(), 7);

    // A regional sub-chain's batches come too, naming their region.
    region.status.announce(Indexed {
        height: 3,
        contracts: vec!["meter".to_string()],
    });
    let regional = next_event(&mut body).await;
    assert!(
        regional.contains(r#"data: {"height":3,"contracts":["meter"],"region":"region-1"}"#),
        "{regional}"
    );

    // A stopping gateway ends the stream, regions' updates included, so that its graceful
    // shutdown does not wait on it.
    index.status.close();
    use futures_util::StreamExt as _;
    let end = tokio::time::timeout(Duration::from_secs(5), body.next())
        .await
        .expect("the stream ends within 5 s");
    assert!(end.is_none(), "{end:?}");

    let (status, refused) = call(&app, Method::GET, "/api/live", None, None).await;
    assert_eq!(
        (status, code(&refused)),
        (StatusCode::UNAUTHORIZED, codes::UNAUTHENTICATED)
    );
}
