//! Meter clients in the background, and the readings a simulated fleet must produce.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ledger_types::meter::StoredReading;
use meter_client::app::first_start;
use meter_client::curve::Household;
use serde_json::Value;

use crate::binary;
use crate::cli::World;

/// Highest power a reading may imply, as `ledger deploy` sets it by default (W); the simulator
/// caps its readings there.
pub const MAX_POWER_W: u64 = 1_000_000;

/// A process whose stderr lines arrive on a channel (and are echoed to the test's stderr).
pub struct Background {
    child: Option<Child>,
    lines: mpsc::Receiver<String>,
    log: Arc<Mutex<Vec<String>>>,
}

impl Background {
    /// Starts `program` with `args` and the environment `envs`.
    // The child is waited for by `kill`, `finish` or `drop`.
    #[allow(clippy::zombie_processes)]
    pub fn spawn(program: &Path, args: &[String], envs: &[(&str, &str)]) -> Background {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let stderr = child.stderr.take().expect("stderr is piped");
        let (tx, rx) = mpsc::channel();
        let log = Arc::new(Mutex::new(Vec::new()));
        let keep = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { return };
                eprintln!("    | {line}");
                keep.lock().expect("the log lock").push(line.clone());
                let _ = tx.send(line);
            }
        });
        Background {
            child: Some(child),
            lines: rx,
            log,
        }
    }

    /// Waits for the `n`th line containing `needle`; false if the process ended or the time
    /// ran out first.
    pub fn wait_for(&self, needle: &str, n: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut seen = 0;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => {
                    seen += 1;
                    if seen >= n {
                        return true;
                    }
                }
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    }

    /// Whether the process still runs.
    pub fn running(&mut self) -> bool {
        match self.child.as_mut() {
            Some(c) => c.try_wait().map(|s| s.is_none()).unwrap_or(false),
            None => false,
        }
    }

    /// SIGKILL, then the log so far.
    pub fn kill(mut self) -> Vec<String> {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        self.log.lock().expect("the log lock").clone()
    }

    /// Waits for the process to end by itself and succeed; returns its log.
    pub fn finish(mut self, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        let mut child = self.child.take().expect("the process was started");
        loop {
            if let Some(status) = child.try_wait().expect("the process can be waited for") {
                // Let the reader thread take the last lines.
                std::thread::sleep(Duration::from_millis(300));
                let log = self.log.lock().expect("the log lock").clone();
                assert!(status.success(), "the process failed: {status}");
                return log;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the process did not finish in {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A simulated fleet registered in a world: `meters` meters `<prefix>000000...` whose keys
/// derive from `seed`.
#[derive(Clone, Debug)]
pub struct Fleet {
    /// Meter id prefix.
    pub prefix: String,
    /// The fleet's seed.
    pub seed: u64,
    /// Meter ids, in fleet order.
    pub ids: Vec<String>,
    /// Each meter's tariff's UTC offset (minutes east).
    pub offsets: Vec<i32>,
    /// Each meter's `last_interval_end` when registered (its registration time).
    pub registered_end: Vec<u64>,
}

impl Fleet {
    /// Registers a fleet's meters: meter i belongs to `owners[i % owners.len()]` and has tariff
    /// `tariffs[i % tariffs.len()]`.
    pub fn register(
        world: &World,
        prefix: &str,
        seed: u64,
        meters: u32,
        owners: &[&str],
        tariffs: &[&str],
    ) -> Fleet {
        let out = Command::new(binary("meter-client"))
            .args(["fleet", "keys", "--meters", &meters.to_string()])
            .args(["--seed", &seed.to_string(), "--id-prefix", prefix])
            .args(["--format", "json"])
            .output()
            .expect("meter-client runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let keys: Vec<Value> = serde_json::from_slice(&out.stdout).expect("fleet keys as JSON");
        let mut fleet = Fleet {
            prefix: prefix.to_string(),
            seed,
            ids: vec![],
            offsets: vec![],
            registered_end: vec![],
        };
        for (i, k) in keys.iter().enumerate() {
            let id = k["meter_id"].as_str().expect("meter_id").to_string();
            let tariff = tariffs[i % tariffs.len()];
            world.register(
                &id,
                owners[i % owners.len()],
                tariff,
                k["pubkey_hex"].as_str().expect("pubkey_hex"),
                "10",
            );
            let state = world.cli.meter(&id);
            fleet.registered_end.push(
                u64::try_from(crate::num(&state["state"]["last_interval_end"])).expect("a time"),
            );
            fleet
                .offsets
                .push(crate::tariffs::example(tariff).utc_offset_minutes);
            fleet.ids.push(id);
        }
        fleet
    }

    /// The first registration's time: a backfill from there gives every meter readings from
    /// its registration on.
    pub fn first_registration(&self) -> u64 {
        self.registered_end.iter().copied().min().unwrap_or(0)
    }

    /// Arguments of `meter-client fleet` for this fleet in `world`.
    pub fn args(
        &self,
        world: &World,
        data_dir: &Path,
        interval: u32,
        backfill: u64,
        until: u64,
        batch: usize,
    ) -> Vec<String> {
        [
            "fleet",
            "--meters",
            &self.ids.len().to_string(),
            "--seed",
            &self.seed.to_string(),
            "--id-prefix",
            &self.prefix,
            "--deployment",
            world.cli.deployment().to_str().expect("a UTF-8 path"),
            "--home",
            world.home().to_str().expect("a UTF-8 path"),
            "--gateway-key",
            "gateway",
            "--data-dir",
            data_dir.to_str().expect("a UTF-8 path"),
            "--interval",
            &interval.to_string(),
            "--backfill",
            &backfill.to_string(),
            "--until",
            &until.to_string(),
            "--batch",
            &batch.to_string(),
            "--backoff-cap",
            "2",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    /// Starts `meter-client fleet` in the background.
    pub fn spawn(&self, world: &World, args: &[String]) -> Background {
        Background::spawn(
            &binary("meter-client"),
            args,
            &[("LEDGER_PASSPHRASE", world.cli.passphrase.as_str())],
        )
    }

    /// The readings meter `i` must have on chain after a run from `backfill` to `until`
    /// with `interval`-second readings: the load curve's, numbered from 1.
    pub fn expected(
        &self,
        i: usize,
        interval: u32,
        backfill: u64,
        until: u64,
    ) -> Vec<StoredReading> {
        let household = Household::new(self.seed, i as u32);
        let mut start = first_start(self.registered_end[i], Some(backfill), interval, 0);
        let mut register = 0;
        let mut out = Vec::new();
        while start + u64::from(interval) <= until {
            let energy = household.energy_wh(start, interval, self.offsets[i], Some(MAX_POWER_W));
            register += energy;
            out.push(StoredReading {
                sequence: out.len() as u64 + 1,
                interval_start: start,
                interval_length: interval,
                energy_wh: energy,
                register_wh: register,
            });
            start += u64::from(interval);
        }
        out
    }
}
