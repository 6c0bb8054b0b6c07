//! A node that closes a connection without answering (as CometBFT does with idle keep-alive
//! connections) costs the client nothing: it asks again on a new connection.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use ledger_client::{ChainConfig, Client};

const STATUS: &str = include_str!("fixtures/status.json");

/// Reads one HTTP request (headers and a Content-Length body) from `stream`.
fn read_request(stream: &TcpStream) {
    let mut reader = BufReader::new(stream);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            return;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse().unwrap();
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
}

/// Accepts a connection, or gives up after a few seconds with nobody calling.
fn accept(listener: &TcpListener) -> Option<TcpStream> {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).unwrap();
                return Some(stream);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                thread::sleep(Duration::from_millis(10))
            }
            Err(e) => panic!("accept: {e}"),
        }
    }
    None
}

/// Serves up to `connections` connections on loopback, one request each: the first `drop` of
/// them are closed after the request without an answer, the rest get the status fixture.
/// Returns the address and a handle that yields how many connections came.
fn node(drop: usize, connections: usize) -> (String, thread::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let handle = thread::spawn(move || {
        for served in 0..connections {
            let Some(mut stream) = accept(&listener) else {
                return served;
            };
            read_request(&stream);
            if served < drop {
                continue; // dropped: the connection closes with no answer
            }
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                 connection: close\r\n\r\n{STATUS}",
                STATUS.len()
            );
            stream.write_all(response.as_bytes()).unwrap();
        }
        connections
    });
    (address, handle)
}

fn config(node: String) -> ChainConfig {
    ChainConfig {
        node,
        chain_id: "ledger-fixture-1".to_string(),
        ..ChainConfig::localnet()
    }
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_retried_once() {
    let (address, node) = node(1, 2);
    let client = Client::connect(config(address))
        .await
        .expect("second attempt answers");
    assert_eq!(client.config().chain_id, "ledger-fixture-1");
    assert_eq!(
        node.join().unwrap(),
        2,
        "one dropped connection, one answered"
    );
}

#[tokio::test]
async fn a_node_that_keeps_closing_is_reported_after_the_one_retry() {
    let (address, node) = node(2, 2);
    let error = Client::connect(config(address)).await.unwrap_err();
    assert!(error.is_transient(), "{error:?}");
    assert_eq!(node.join().unwrap(), 2, "exactly one retry");
}
