//! The `ledger-gateway` binary run against a world's deployment, and a small HTTP client that
//! signs in with a localnet account's key the way a wallet does (ADR-036).

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use k256::ecdsa::Signature;
use k256::ecdsa::signature::Signer as _;
use serde_json::{Value, json};

use crate::binary;
use crate::chain::signer;

/// How long the gateway may take to answer its first health check.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How a gateway is started beyond its deployment and data directory.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Lines added to its config file.
    pub config: String,
    /// The key that signs its organisation's actions, with the key store and passphrase
    /// that hold it (`--signer`, `--keys-dir`, `LEDGER_GATEWAY_PASSPHRASE`).
    pub signer: Option<(String, PathBuf, String)>,
}

/// A running gateway, stopped (Ctrl-C, as an operator would) when dropped.
pub struct Gateway {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    data_dir: PathBuf,
    deployment: PathBuf,
    options: Options,
    http: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

/// An answer: the HTTP status and the JSON body (`Value::Null` when there is none).
pub type Answer = (u16, Value);

impl Gateway {
    /// Starts the gateway on a free loopback port over `deployment`, with its files in
    /// `data_dir`, and waits until `/health` answers 200.
    pub fn start(deployment: &Path, data_dir: &Path, options: Options) -> Gateway {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client");
        let (child, url) = spawn(deployment, data_dir, &options);
        let gateway = Gateway {
            child,
            url,
            data_dir: data_dir.to_path_buf(),
            deployment: deployment.to_path_buf(),
            options,
            http,
            runtime,
        };
        gateway.wait_healthy();
        gateway
    }

    /// Stops the gateway and starts it again over the same files (the same token secret).
    pub fn restart(&mut self) {
        self.stop();
        self.start_again();
    }

    /// Starts a stopped gateway again over the same files.
    pub fn start_again(&mut self) {
        let (child, url) = spawn(&self.deployment, &self.data_dir, &self.options);
        self.child = child;
        self.url = url;
        self.wait_healthy();
    }

    fn wait_healthy(&self) {
        let started = Instant::now();
        loop {
            if let Ok((200, _)) = self.try_call(reqwest::Method::GET, "/health", None, None) {
                return;
            }
            assert!(
                started.elapsed() < START_TIMEOUT,
                "the gateway at {} did not become healthy within {START_TIMEOUT:?}",
                self.url
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Stops the gateway with SIGINT (its graceful shutdown) and waits for it.
    pub fn stop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn try_call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> reqwest::Result<Answer> {
        self.runtime.block_on(async {
            let mut request = self.http.request(method, format!("{}{path}", self.url));
            if let Some(token) = token {
                request = request.header("authorization", format!("Bearer {token}"));
            }
            if let Some(body) = body {
                request = request
                    .header("content-type", "application/json")
                    .body(body.to_string());
            }
            let response = request.send().await?;
            let status = response.status().as_u16();
            let text = response.text().await?;
            let value = serde_json::from_str(&text).unwrap_or(if text.is_empty() {
                Value::Null
            } else {
                Value::String(text)
            });
            Ok((status, value))
        })
    }

    /// `GET path` with `token`.
    pub fn get(&self, path: &str, token: &str) -> Answer {
        self.try_call(reqwest::Method::GET, path, Some(token), None)
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// `GET path` that must answer 200; its body.
    pub fn get_ok(&self, path: &str, token: &str) -> Value {
        let (status, body) = self.get(path, token);
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// `GET path` that must be refused with `status` and the stable `code`.
    pub fn get_refused(&self, path: &str, token: &str, status: u16, code: &str) {
        let (got, body) = self.get(path, token);
        assert_eq!(
            (got, body["code"].as_str()),
            (status, Some(code)),
            "GET {path}: {body}"
        );
    }

    /// `POST path` with a JSON body and no token.
    pub fn post(&self, path: &str, body: Value) -> Answer {
        self.try_call(reqwest::Method::POST, path, None, Some(body))
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// `POST path` with a JSON body as the holder of `token`.
    pub fn post_as(&self, path: &str, token: &str, body: Value) -> Answer {
        self.try_call(reqwest::Method::POST, path, Some(token), Some(body))
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// `DELETE path` as the holder of `token`.
    pub fn delete_as(&self, path: &str, token: &str) -> Answer {
        self.try_call(reqwest::Method::DELETE, path, Some(token), None)
            .unwrap_or_else(|e| panic!("DELETE {path}: {e}"))
    }

    /// Waits until the event index holds every block up to `height`.
    pub fn wait_indexed(&self, height: u64, token: &str) {
        let started = Instant::now();
        loop {
            let status = self.get_ok("/api/index/status", token);
            let indexed = status["indexed_height"]
                .as_u64()
                .expect("an indexed height");
            if indexed >= height {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the index is still at {indexed}, below {height}: {status}"
            );
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    /// Signs in as the localnet account `name`: asks for a challenge, signs its ADR-036
    /// document with the account's key, and logs in. The login's answer.
    pub fn sign_in(&self, name: &str) -> Answer {
        self.sign_in_with(&signer(name))
    }

    /// Signs in with `signer`'s key, as [`Gateway::sign_in`] does.
    pub fn sign_in_with(&self, signer: &ledger_client::Signer) -> Answer {
        let address = signer.address().to_string();
        let (status, challenge) = self.post("/auth/challenge", json!({ "address": address }));
        assert_eq!(status, 200, "a challenge for {address}: {challenge}");
        let text = challenge["challenge"]
            .as_str()
            .expect("the challenge's text");
        let doc = ledger_gateway::auth::adr036::sign_doc(&address, text.as_bytes());
        let signature: Signature = signer.ecdsa_key().sign(&doc);
        self.post(
            "/auth/login",
            json!({
                "address": address,
                "pub_key": STANDARD.encode(signer.public_key_bytes()),
                "signature": STANDARD.encode(signature.to_bytes()),
            }),
        )
    }

    /// Signs in as `name`, which must be let in; the session token.
    pub fn token(&self, name: &str) -> String {
        let (status, body) = self.sign_in(name);
        assert_eq!(status, 200, "{name} signs in: {body}");
        body["token"].as_str().expect("a token").to_string()
    }

    /// Every item of a paged list, `limit` per page, following `has_more`; also how many
    /// pages it took. `key` names the field that the next page's `start_after` takes.
    pub fn all_pages(&self, path: &str, token: &str, limit: u32, key: &str) -> (Vec<Value>, u32) {
        let separator = if path.contains('?') { '&' } else { '?' };
        let (mut items, mut pages, mut after) = (Vec::new(), 0, None::<String>);
        loop {
            let mut page_path = format!("{path}{separator}limit={limit}");
            if let Some(after) = &after {
                page_path.push_str(&format!("&start_after={after}"));
            }
            let page = self.get_ok(&page_path, token);
            pages += 1;
            let got = page["items"]
                .as_array()
                .expect("a page lists items")
                .clone();
            assert!(
                got.len() <= limit as usize,
                "{page_path}: more than the limit"
            );
            let more = page["has_more"].as_bool().expect("a page says has_more");
            after = got.last().map(|last| match &last[key] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            items.extend(got);
            if !more {
                return (items, pages);
            }
            assert!(after.is_some(), "{page_path}: has_more on an empty page");
        }
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts the binary on a free port; its stderr is copied to the test's, and the address it
/// logs it listens on is the URL.
fn spawn(deployment: &Path, data_dir: &Path, options: &Options) -> (Child, String) {
    // A port free now; the gateway binds it a moment later.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port();
    // Every participant of a test signs in from 127.0.0.1, which the default sign-in rate
    // limit (10 at once, 30 a minute per client address) would soon refuse.
    std::fs::create_dir_all(data_dir).expect("the gateway's data directory");
    let config = data_dir.join("gateway.toml");
    std::fs::write(
        &config,
        format!(
            "auth_burst = 200\nauth_per_minute = 600\n{}",
            options.config
        ),
    )
    .expect("the gateway's config file is written");
    let mut command = Command::new(binary("ledger-gateway"));
    command.env_remove(ledger_gateway::signer::PASSPHRASE_ENV);
    if let Some((name, keys_dir, passphrase)) = &options.signer {
        command
            .args(["--signer", name])
            .arg("--keys-dir")
            .arg(keys_dir)
            .env(ledger_gateway::signer::PASSPHRASE_ENV, passphrase);
    }
    let mut child = command
        .arg("--config")
        .arg(&config)
        .arg("--deployment")
        .arg(deployment)
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ledger-gateway starts (cargo build -p ledger-gateway)");
    let stderr = child.stderr.take().expect("stderr is piped");
    let (listening, told) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("gateway listening") {
                let _ = listening.send(());
            }
            eprintln!("gateway: {line}");
        }
    });
    if told.recv_timeout(START_TIMEOUT).is_err() {
        let _ = child.kill();
        panic!("the gateway did not start listening on 127.0.0.1:{port}");
    }
    (child, format!("http://127.0.0.1:{port}"))
}
