use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::*;

/// One request to `address`; the whole response.
async fn get(address: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

#[test]
fn the_exposition_names_every_metric_with_its_type() {
    let metrics = Metrics::default();
    metrics.recorded.inc_by(7);
    metrics.accepted.inc_by(5);
    metrics.outbox.set(2);
    metrics.last_send.set(1_793_491_200);
    metrics.refusal(Some("meter.impossible_power"));
    metrics.refusal(Some("meter.impossible_power"));
    metrics.refusal(None);
    let text = metrics.render();
    for line in [
        "# TYPE meter_client_readings_recorded counter",
        "meter_client_readings_recorded_total 7",
        "meter_client_readings_sent_total 0",
        "meter_client_readings_accepted_total 5",
        "# TYPE meter_client_refusals counter",
        "meter_client_refusals_total{code=\"meter.impossible_power\"} 2",
        "meter_client_refusals_total{code=\"unknown\"} 1",
        "meter_client_readings_set_aside_total 0",
        "# TYPE meter_client_outbox_readings gauge",
        "meter_client_outbox_readings 2",
        "meter_client_last_send_timestamp_seconds 1793491200",
        "meter_client_input_samples_total 0",
        "# TYPE meter_client_input_errors counter",
        "meter_client_input_errors_total{reason=\"crc\"} 0",
        "meter_client_input_errors_total{reason=\"disconnected\"} 0",
    ] {
        assert!(text.lines().any(|l| l == line), "no `{line}` in\n{text}");
    }
    assert!(text.ends_with("# EOF\n"), "{text}");
}

#[test]
fn the_input_metrics_follow_the_inputs_counters_by_reason() {
    let metrics = Metrics::default();
    let dsmr = Arc::new(InputCounters::default());
    let modbus = Arc::new(InputCounters::default());
    metrics.watch_input(Arc::clone(&dsmr));
    metrics.watch_input(Arc::clone(&modbus));
    for _ in 0..10 {
        dsmr.sample();
    }
    dsmr.error(ErrorReason::Crc);
    let text = metrics.render();
    assert!(
        text.contains("meter_client_input_samples_total 10\n"),
        "{text}"
    );
    assert!(
        text.contains("meter_client_input_errors_total{reason=\"crc\"} 1\n"),
        "{text}"
    );
    dsmr.sample();
    modbus.sample();
    dsmr.error(ErrorReason::Crc);
    modbus.error(ErrorReason::Timeout);
    modbus.error(ErrorReason::Timeout);
    let text = metrics.render();
    for line in [
        "meter_client_input_samples_total 12",
        "meter_client_input_errors_total{reason=\"crc\"} 2",
        "meter_client_input_errors_total{reason=\"timeout\"} 2",
        "meter_client_input_errors_total{reason=\"cut\"} 0",
    ] {
        assert!(text.lines().any(|l| l == line), "no `{line}` in\n{text}");
    }
    // One series per reason, each named once.
    let series = text
        .lines()
        .filter(|l| l.starts_with("meter_client_input_errors_total{"))
        .count();
    assert_eq!(series, ErrorReason::ALL.len(), "{text}");
}

#[test]
fn only_loopback_unless_public_is_asked_for() {
    let args = |address: &str, public: bool| MetricsArgs {
        metrics: Some(address.parse().unwrap()),
        metrics_public: public,
    };
    assert_eq!(MetricsArgs::default().address().unwrap(), None);
    assert!(args("127.0.0.1:9464", false).address().unwrap().is_some());
    assert!(args("[::1]:9464", false).address().unwrap().is_some());
    let refused = args("0.0.0.0:9464", false).address().unwrap_err();
    assert!(
        refused.to_string().contains("--metrics-public"),
        "{refused}"
    );
    assert!(args("0.0.0.0:9464", true).address().unwrap().is_some());
}

#[tokio::test]
async fn a_scrape_gets_the_exposition_text() {
    let metrics = Arc::new(Metrics::default());
    metrics.recorded.inc_by(3);
    let args = MetricsArgs {
        metrics: Some("127.0.0.1:0".parse().unwrap()),
        metrics_public: false,
    };
    let address = args.start(&metrics).await.unwrap().unwrap();
    assert_ne!(address.port(), 0);

    let response = get(
        address,
        "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain\r\n\r\n",
    )
    .await;
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(
        head.contains("Content-Type: text/plain; version=0.0.4"),
        "{head}"
    );
    assert!(
        head.contains(&format!("Content-Length: {}", body.len())),
        "{head}"
    );
    assert!(
        body.contains("meter_client_readings_recorded_total 3\n"),
        "{body}"
    );

    // The metrics move between scrapes.
    metrics.recorded.inc();
    let again = get(address, "GET /metrics HTTP/1.0\r\n\r\n").await;
    assert!(
        again.contains("meter_client_readings_recorded_total 4\n"),
        "{again}"
    );

    let elsewhere = get(address, "GET / HTTP/1.1\r\n\r\n").await;
    assert!(elsewhere.starts_with("HTTP/1.1 404 "), "{elsewhere}");
    let post = get(address, "POST /metrics HTTP/1.1\r\n\r\n").await;
    assert!(post.starts_with("HTTP/1.1 405 "), "{post}");
}

#[tokio::test]
async fn a_taken_port_is_refused_with_the_address() {
    let metrics = Arc::new(Metrics::default());
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap();
    let error = serve(address, metrics).await.unwrap_err();
    assert!(error.to_string().contains(&address.to_string()), "{error}");
}
