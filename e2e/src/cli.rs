//! The `ledger` binary, run as a user runs it, with a home directory of its own; and a small
//! world deployed with it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use ledger_reading::signer::MeterKey;
use serde_json::Value;

use crate::chain::mnemonic;
use crate::{binary, num, repo, unique};

/// Passphrase of the keys the tests import (test-only, like the keys).
pub const PASSPHRASE: &str = "e2e test passphrase";

/// The localnet accounts a world imports.
pub const ACCOUNTS: [&str; 7] = [
    "admin",
    "bank",
    "retailer",
    "gateway",
    "consumer1",
    "consumer2",
    "consumer3",
];

/// The `ledger` binary with a home directory (keys, deployment file).
#[derive(Clone, Debug)]
pub struct Ledger {
    /// `--home`.
    pub home: PathBuf,
    /// `LEDGER_PASSPHRASE`.
    pub passphrase: String,
}

impl Ledger {
    /// A CLI on `home`, its keys encrypted with `passphrase`.
    pub fn new(home: impl Into<PathBuf>, passphrase: &str) -> Self {
        Ledger {
            home: home.into(),
            passphrase: passphrase.to_string(),
        }
    }

    /// `ledger --home <home> <args>`, with no `LEDGER_*` variable but the passphrase (of the
    /// account keys, and of lenders' encryption keys).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(binary("ledger"));
        for (key, _) in std::env::vars() {
            if key.starts_with("LEDGER_") {
                cmd.env_remove(key);
            }
        }
        cmd.arg("--home")
            .arg(&self.home)
            .args(args)
            .env("LEDGER_PASSPHRASE", &self.passphrase)
            .env("LEDGER_ENCRYPTION_PASSPHRASE", &self.passphrase)
            .stdin(Stdio::null());
        cmd
    }

    /// Runs a command, whatever its outcome.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("ledger runs")
    }

    /// Runs a command that must succeed; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "ledger {} failed:\n{}\n{stdout}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    }

    /// Runs a command with `-o json` that must succeed; returns its JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["-o", "json"]);
        let stdout = self.ok(&all);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("ledger {}: not JSON ({e}):\n{stdout}", args.join(" ")))
    }

    /// Runs a command with `-o json` that must end with exit `code` (3: a transaction that
    /// landed with some of its readings refused); returns its JSON.
    pub fn json_with_exit(&self, args: &[&str], code: i32) -> Value {
        let mut all = args.to_vec();
        all.extend(["-o", "json"]);
        let out = self.run(&all);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "ledger {}:
{}
{stdout}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "ledger {}: not JSON ({e}):
{stdout}",
                args.join(" ")
            )
        })
    }

    /// Runs a command that must fail with `error: ...` and exit code 1; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(1),
            "ledger {} should have failed:\n{stderr}",
            args.join(" ")
        );
        assert!(stderr.starts_with("error: "), "{stderr}");
        stderr
    }

    /// Imports a localnet account from its mnemonic, given on stdin.
    pub fn import(&self, name: &str) {
        let mut child = self
            .command(&["keys", "add", name, "--recover"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ledger runs");
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(mnemonic(name).as_bytes())
            .expect("the mnemonic is written");
        let out = child.wait_with_output().expect("ledger runs");
        assert!(
            out.status.success(),
            "importing {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The deployment file.
    pub fn deployment(&self) -> PathBuf {
        self.home.join("deployment.json")
    }

    /// Every reading of a meter, through `ledger query readings -o json`.
    pub fn readings(&self, meter: &str) -> Vec<ledger_types::meter::StoredReading> {
        let json = self.json(&["query", "readings", "--meter", meter, "--limit", "1000000"]);
        serde_json::from_value(json).expect("readings as the contract stores them")
    }

    /// A meter's registration and state (`ledger query meter`).
    pub fn meter(&self, meter: &str) -> Value {
        self.json(&["query", "meter", meter])
    }
}

/// A ledger deployed with the CLI for a test: the localnet's accounts imported, every contract
/// deployed, the retailer, the bank operator and three consumers registered, and the three
/// example tariffs defined.
pub struct World {
    /// The CLI on the world's home.
    pub cli: Ledger,
    /// Keeps the home directory.
    pub dir: tempfile::TempDir,
}

impl World {
    /// Deploys a world; `deploy_args` are given to `ledger deploy` (the billing cycle).
    pub fn deploy(deploy_args: &[&str]) -> World {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let cli = Ledger::new(dir.path().join("home"), PASSPHRASE);
        for name in ACCOUNTS {
            cli.import(name);
        }
        let artifacts = repo().join("artifacts");
        let mut args = vec![
            "deploy",
            "--from",
            "admin",
            "--artifacts",
            artifacts.to_str().expect("a UTF-8 path"),
        ];
        args.extend(deploy_args);
        cli.json(&args);
        for (who, name, role) in [
            ("retailer", "Sunrise Energy", "retailer"),
            ("bank", "Harbour Bank", "bank-operator"),
            ("consumer1", "Alice", "consumer"),
            ("consumer2", "Bob", "consumer"),
            ("consumer3", "Carol", "consumer"),
        ] {
            cli.ok(&[
                "admin",
                "participant",
                "add",
                who,
                "--name",
                name,
                "--role",
                role,
                "--from",
                "admin",
            ]);
        }
        for file in crate::tariffs::EXAMPLES {
            let path = crate::tariffs::example_path(file);
            cli.ok(&[
                "tariff",
                "create",
                "--file",
                path.to_str().expect("a UTF-8 path"),
                "--from",
                "retailer",
            ]);
        }
        World { cli, dir }
    }

    /// A world of short billing periods, as the edge and gateway tests use: two days of
    /// `day_seconds` each, no advances, the final instalment due on the next period's second
    /// day.
    pub fn deploy_short_periods(token_symbol: &str, day_seconds: u64) -> World {
        World::deploy(&[
            "--token-symbol",
            token_symbol,
            "--cycle",
            "days",
            "--days",
            "2",
            "--day-seconds",
            &day_seconds.to_string(),
            "--no-advances",
            "--final-day",
            "2",
        ])
    }

    /// A scratch directory inside the world's.
    pub fn scratch(&self, name: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(&path).expect("a scratch directory");
        path
    }

    /// Registers a meter with a public key; returns its meter contract.
    pub fn register(
        &self,
        meter_id: &str,
        owner: &str,
        tariff: &str,
        pubkey_hex: &str,
        contracted: &str,
    ) -> String {
        let out = self.cli.json(&[
            "admin",
            "meter",
            "register",
            meter_id,
            "--owner",
            owner,
            "--retailer",
            "retailer",
            "--tariff",
            tariff,
            "--pubkey",
            pubkey_hex,
            "--contracted-amount",
            contracted,
            "--from",
            "admin",
        ]);
        out["meter_contract"]
            .as_str()
            .expect("the meter contract's address")
            .to_string()
    }

    /// A meter of a test's own: a fresh id starting with `prefix` and a fresh key, registered
    /// for consumer1 on the tiered home tariff with a contracted amount of 20.
    pub fn fresh_meter(&self, prefix: &str) -> FreshMeter {
        self.fresh_meter_of(prefix, "consumer1")
    }

    /// [`World::fresh_meter`] owned by `owner`.
    pub fn fresh_meter_of(&self, prefix: &str, owner: &str) -> FreshMeter {
        let id = unique(prefix);
        let key = MeterKey::generate();
        let contract = self.register(
            &id,
            owner,
            "home-tiered",
            &hex::encode(key.public_key()),
            "20",
        );
        let registered = num(&self.cli.meter(&id)["state"]["last_interval_end"]) as u64;
        FreshMeter {
            id,
            key,
            contract,
            registered,
        }
    }

    /// Closes the meter's periods up to `last` as `closer` (anyone may close a period that
    /// has ended); the chain's bill of `last` as `ledger query bill` shows it.
    pub fn close_up_to(&self, meter_id: &str, last: u32, closer: &str) -> Value {
        let next = num(&self.cli.meter(meter_id)["state"]["next_period_to_close"]) as u32;
        for period in next..=last {
            self.cli.ok(&[
                "meter",
                "close-period",
                "--meter",
                meter_id,
                "--period",
                &period.to_string(),
                "--from",
                closer,
            ]);
        }
        let last = last.to_string();
        self.cli
            .json(&["query", "bill", "--meter", meter_id, "--period", &last])["bill"]
            .clone()
    }

    /// The home directory.
    pub fn home(&self) -> &Path {
        &self.cli.home
    }
}

/// A meter registered by [`World::fresh_meter`].
pub struct FreshMeter {
    /// Its id.
    pub id: String,
    /// Its signing key.
    pub key: MeterKey,
    /// Its consumer's meter contract.
    pub contract: String,
    /// Where its readings may start: the end of its last interval at registration (unix s).
    pub registered: u64,
}
