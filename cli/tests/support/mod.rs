//! What the CLI's chain tests share: the localnet's test accounts and the `ledger` binary run
//! as a user runs it, with a home directory of its own. Each test file uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The passphrase of the signing keys the tests import.
pub const PASSPHRASE: &str = "correct horse battery staple";
/// The passphrase of meter keys made with `ledger` (`LEDGER_METER_PASSPHRASE`).
pub const METER_PASSPHRASE: &str = "meter key passphrase";
/// The passphrase of lenders' encryption keys (`LEDGER_ENCRYPTION_PASSPHRASE`).
pub const ENCRYPTION_PASSPHRASE: &str = "a different passphrase for the encryption keys";

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A localnet account's public test mnemonic from `localnet/accounts.json`.
pub fn mnemonic(name: &str) -> String {
    let text = std::fs::read_to_string(repo().join("localnet/accounts.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    json["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no account {name}"))["mnemonic"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A number in a JSON answer, written as a number or as a string (`Uint128`).
pub fn u(v: &Value) -> u64 {
    match v {
        Value::Number(n) => n.as_u64().unwrap(),
        Value::String(s) => s.parse().unwrap(),
        other => panic!("not a number: {other}"),
    }
}

/// The main localnet's node when its ports are shifted by `LOCALNET_PORT_OFFSET`, `None` at
/// the default ports.
pub fn localnet_node() -> Option<String> {
    let offset: u16 = std::env::var("LOCALNET_PORT_OFFSET").ok()?.parse().ok()?;
    (offset > 0).then(|| format!("http://127.0.0.1:{}", 26657 + offset))
}

/// The main localnet's chain settings, following `LOCALNET_PORT_OFFSET` and
/// `LOCALNET_CHAIN_ID` as the `ledger` runs of [`Cli`] do.
pub fn localnet_config() -> ledger_client::ChainConfig {
    let mut config = ledger_client::ChainConfig::localnet();
    // Other suites share the chain (scripts/chain-test.sh): blocks can come slowly.
    config.tx_timeout = std::time::Duration::from_secs(180);
    if let Some(node) = localnet_node() {
        config.node = node;
    }
    if let Ok(chain_id) = std::env::var("LOCALNET_CHAIN_ID") {
        config.chain_id = chain_id;
    }
    config
}

/// The latest block's time on the main localnet, unix seconds.
pub fn chain_now() -> u64 {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = ledger_client::Client::connect(localnet_config())
            .await
            .unwrap();
        let (_, time) = client.latest_height_and_time().await.unwrap();
        u64::try_from(time.unix_timestamp()).unwrap()
    })
}

/// Waits until the latest block's time reaches `at` (unix seconds). Chain time, not the
/// wall clock: on a loaded machine blocks come late, and a date the contract compares with
/// the block's time is only reached when a block carries it.
pub fn wait_for_chain_time(at: u64, what: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    while chain_now() < at {
        assert!(
            std::time::Instant::now() < deadline,
            "the chain never reached {what}"
        );
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}

/// Runs the `ledger` binary with its own home directory.
pub struct Cli {
    home: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Self {
        Cli {
            home: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    /// Writes a file into the home directory; returns its path.
    pub fn write(&self, name: &str, text: &str) -> String {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    }

    /// The command with this home and the tests' passphrases, and no `LEDGER_*` variable of
    /// the environment the tests run in.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ledger"));
        for (key, _) in std::env::vars() {
            if key.starts_with("LEDGER_") {
                cmd.env_remove(key);
            }
        }
        // A localnet of one's own beside the default one (`LOCALNET_PORT_OFFSET`,
        // `LOCALNET_CHAIN_ID`, as `localnet/env.sh` reads them): its node and chain id.
        if let Some(node) = localnet_node() {
            cmd.env("LEDGER_NODE", node);
        }
        if let Ok(chain_id) = std::env::var("LOCALNET_CHAIN_ID") {
            cmd.env("LEDGER_CHAIN_ID", chain_id);
        }
        cmd.arg("--home")
            .arg(self.home.path())
            .args(args)
            .env("LEDGER_PASSPHRASE", PASSPHRASE)
            .env("LEDGER_METER_PASSPHRASE", METER_PASSPHRASE)
            .env("LEDGER_ENCRYPTION_PASSPHRASE", ENCRYPTION_PASSPHRASE)
            .stdin(Stdio::null());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Runs a command that must succeed; returns stdout and stderr.
    pub fn ok_both(&self, args: &[&str]) -> (String, String) {
        let out = self.run(args);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            out.status.success(),
            "ledger {} failed:\n{stderr}\n{stdout}",
            args.join(" ")
        );
        (stdout, stderr)
    }

    /// Runs a command that must succeed; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_both(args).0
    }

    /// Runs a command with `-o json` that must succeed; returns its JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["-o", "json"]);
        let stdout = self.ok(&all);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("ledger {}: not JSON ({e}):\n{stdout}", args.join(" ")))
    }

    /// Runs a command that must fail with exit code 1 and `error: ...` in words (no debug dump,
    /// no passphrase); returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(1),
            "ledger {} should fail:\n{stderr}",
            args.join(" ")
        );
        assert!(stderr.starts_with("error: "), "{stderr}");
        for dump in ["ClientError", "Contract {", "KeyError", "Err(", "panicked"] {
            assert!(!stderr.contains(dump), "a debug dump: {stderr}");
        }
        assert!(
            !stderr.contains(PASSPHRASE),
            "the passphrase leaked: {stderr}"
        );
        stderr
    }

    /// Imports a localnet account from its mnemonic on stdin; returns `keys add`'s JSON.
    pub fn import(&self, name: &str) -> Value {
        let mut child = self
            .command(&["keys", "add", name, "--recover", "-o", "json"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(mnemonic(name).as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    pub fn address(&self, key: &str) -> String {
        self.json(&["keys", "show", key])["address"]
            .as_str()
            .unwrap()
            .to_string()
    }
}
