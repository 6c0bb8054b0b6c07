//! The localnet: its scripts, its accounts, and what its nodes say about the chain.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use ledger_client::{ChainConfig, Client, Signer};
use serde_json::Value;

use crate::repo;

/// How far every port of the localnet lies above its defaults: `LOCALNET_PORT_OFFSET`, read as
/// `localnet/env.sh` reads it, so that the tests talk to the network the scripts started (a
/// second network beside a busy one runs with an offset).
pub fn port_offset() -> u16 {
    std::env::var("LOCALNET_PORT_OFFSET")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The RPC of main-chain node `i` (0..=3); clients use node 0's.
pub fn node_rpc(i: u32) -> String {
    format!("http://127.0.0.1:{}", 26_657 + u32::from(port_offset()) + i)
}

/// How long the chain tests wait for a transaction to be in a block. Two lanes of suites share
/// the main chain on two cores, and one of them stops a validator for minutes: blocks can then
/// come slowly enough that the client's 60 s default gives up on a transaction that lands.
pub const TX_TIMEOUT: Duration = Duration::from_secs(180);

/// Client settings for the main localnet, through node 0.
pub fn main_config() -> ChainConfig {
    ChainConfig {
        node: node_rpc(0),
        tx_timeout: TX_TIMEOUT,
        ..ChainConfig::localnet()
    }
}

/// Runs `localnet/<script> <args>`; returns its output, whatever its exit status.
pub fn try_script(script: &str, args: &[&str]) -> Output {
    Command::new(repo().join("localnet").join(script))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run localnet/{script}: {e}"))
}

/// Runs `localnet/<script> <args>`, which must succeed; returns its stdout and stderr.
pub fn script(script: &str, args: &[&str]) -> String {
    let started = Instant::now();
    let out = try_script(script, args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "localnet/{script} {} failed:\n{text}",
        args.join(" ")
    );
    eprintln!(
        "localnet/{script} {} ({:.1} s)",
        args.join(" "),
        started.elapsed().as_secs_f64()
    );
    text
}

/// Makes sure the network runs (`localnet/start.sh` only checks for blocks when it does).
pub fn ensure_running() {
    script("start.sh", &[]);
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// Height and block time (unix seconds) of node `i` (0..=3), or `None` when it does not answer.
pub fn status(node: u32) -> Option<(u64, u64)> {
    let config = ChainConfig {
        node: node_rpc(node),
        ..ChainConfig::localnet()
    };
    runtime().block_on(async {
        let client = Client::connect(config).await.ok()?;
        let (height, time) = client.latest_height_and_time().await.ok()?;
        Some((height, u64::try_from(time.unix_timestamp()).ok()?))
    })
}

/// Height of node 0; panics when it does not answer.
pub fn height() -> u64 {
    status(0).expect("node 0 answers").0
}

/// Block time of node 0's latest block, unix seconds.
pub fn chain_time() -> u64 {
    status(0).expect("node 0 answers").1
}

/// Waits until node 0's latest block is at least `height`.
pub fn wait_for_height(height: u64, timeout: Duration) -> u64 {
    wait_for_node_height(0, height, timeout)
}

/// Waits until node `node`'s latest block is at least `height`: a restarted node answers
/// before it has caught up with the others.
pub fn wait_for_node_height(node: u32, height: u64, timeout: Duration) -> u64 {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some((h, _)) = status(node) {
            if h >= height {
                return h;
            }
        }
        assert!(
            Instant::now() < deadline,
            "node {node} did not reach height {height} in {timeout:?}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Waits until node 0's latest block time is at least `unix`.
pub fn wait_for_time(unix: u64, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while status(0).is_none_or(|(_, t)| t < unix) {
        assert!(
            Instant::now() < deadline,
            "the chain's clock did not reach {unix} in {timeout:?}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// The file of the test accounts the tests sign with: `localnet/accounts.json`, or
/// `accounts-N.json` when `LOCALNET_ACCOUNT_SET=N` (localnet/env.sh), so that a suite can run
/// beside another on the same chain without sharing an account sequence.
fn accounts_file() -> PathBuf {
    match std::env::var("LOCALNET_ACCOUNT_SET") {
        Ok(set) if set != "1" => repo().join(format!("localnet/accounts-{set}.json")),
        _ => repo().join("localnet/accounts.json"),
    }
}

fn accounts() -> Vec<Value> {
    let path = accounts_file();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let json: Value = serde_json::from_str(&text).expect("accounts.json is JSON");
    json["accounts"]
        .as_array()
        .expect("accounts.json lists accounts")
        .clone()
}

/// `field` of the localnet account `name` (in [`accounts_file`]).
fn account_field(name: &str, field: &str) -> String {
    accounts()
        .into_iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no account {name} in {}", accounts_file().display()))[field]
        .as_str()
        .unwrap_or_else(|| panic!("account {name} has no {field}"))
        .to_string()
}

/// A localnet account's public test mnemonic (in [`accounts_file`]).
pub fn mnemonic(name: &str) -> String {
    account_field(name, "mnemonic")
}

/// A localnet account's address.
pub fn address(name: &str) -> String {
    account_field(name, "address")
}

/// A localnet account's signing key.
pub fn signer(name: &str) -> Signer {
    Signer::from_mnemonic(&mnemonic(name), "wasm").expect("the test mnemonics are valid")
}

/// The last `lines` lines of every node's log, for a failure report.
pub fn log_tails(lines: usize) -> String {
    let mut out = String::new();
    for i in 0..4 {
        let path = repo().join(format!("localnet/data/node{i}.log"));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        let tail = &all[all.len().saturating_sub(lines)..];
        out.push_str(&format!(
            "--- {} ---\n{}\n",
            path.display(),
            tail.join("\n")
        ));
    }
    out
}
