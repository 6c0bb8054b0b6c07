//! The meter client as a process: started with its passphrases, its log lines watched,
//! killed or waited for; `init` of a meter's data directory.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use meter_client::curve::mix;

use super::deployed::World;

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_meter-client");
pub(crate) const METER_PASS: &str = "meter passphrase";
pub(crate) const GATEWAY_PASS: &str = "gateway passphrase";

pub(crate) fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

/// A client process whose log lines arrive on a channel (and are echoed to the test's
/// stderr).
pub(crate) struct Running {
    pub(crate) child: Child,
    pub(crate) lines: mpsc::Receiver<String>,
    pub(crate) log: Arc<Mutex<Vec<String>>>,
}

// `Running::kill` and `Running::finish` wait for the child.
#[allow(clippy::zombie_processes)]
pub(crate) fn spawn(args: &[String], pass_dir: &Path) -> Running {
    let mut child = Command::new(BIN)
        .args(args)
        .env("LEDGER_METER_PASSPHRASE", METER_PASS)
        .env("LEDGER_PASSPHRASE", GATEWAY_PASS)
        .env_remove("RUST_LOG")
        .current_dir(pass_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let log = Arc::new(Mutex::new(Vec::new()));
    let keep = Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { return };
            eprintln!("    | {line}");
            keep.lock().unwrap().push(line.clone());
            let _ = tx.send(line);
        }
    });
    Running {
        child,
        lines: rx,
        log,
    }
}

impl Running {
    /// Waits for the `n`th line containing `needle`; false if the process ended first.
    pub(crate) fn wait_for(&self, needle: &str, n: usize, timeout: Duration) -> bool {
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

    /// SIGKILL: no chance to clean up.
    pub(crate) fn kill(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.log.lock().unwrap().clone()
    }

    /// Waits for the process to end by itself.
    pub(crate) fn finish(mut self, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(200));
                let log = self.log.lock().unwrap().clone();
                assert!(
                    status.success(),
                    "the client failed: {status}\n{}",
                    log.join("\n")
                );
                return log;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("the client did not finish in {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// `meter-client init` in `data`; returns the public key.
pub(crate) fn init_meter(data: &Path, meter_id: &str) -> Vec<u8> {
    let pass = data.with_extension("pass");
    write(&pass, &format!("{METER_PASS}\n"));
    let out = Command::new(BIN)
        .args([
            "init",
            "--insecure-fast-kdf",
            "--meter-id",
            meter_id,
            "--data-dir",
        ])
        .arg(data)
        .arg("--passphrase-file")
        .arg(&pass)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hex_key = String::from_utf8(out.stdout).unwrap();
    let pubkey = hex::decode(hex_key.trim()).unwrap();
    assert_eq!(pubkey.len(), 33);
    // `pubkey` prints it again, without the passphrase.
    let again = Command::new(BIN)
        .args(["pubkey", "--data-dir"])
        .arg(data)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(again.stdout).unwrap(), hex_key);
    pubkey
}

/// A pseudo-random delay below `max_ms`, different each run.
pub(crate) fn jitter(max_ms: u64, salt: u64) -> Duration {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    Duration::from_millis(mix(u64::from(nanos) ^ salt) % max_ms)
}

/// A simulated fleet of the deployed ledger's meters `<prefix>000000 ..`.
pub(crate) struct Fleet<'a> {
    pub(crate) meters: u32,
    pub(crate) seed: u64,
    /// Seconds per reading.
    pub(crate) interval: u32,
    pub(crate) prefix: &'a str,
}

impl Fleet<'_> {
    /// `meter-client fleet` with its data in `data_dir`, readings from `backfill` to `until`,
    /// and `extra` settings.
    pub(crate) fn args(
        &self,
        world: &World,
        data_dir: &Path,
        (backfill, until): (u64, u64),
        extra: &[&str],
    ) -> Vec<String> {
        let deployment = world.deployment_file();
        let mut args: Vec<String> = [
            "fleet",
            "--meters",
            &self.meters.to_string(),
            "--seed",
            &self.seed.to_string(),
            "--id-prefix",
            self.prefix,
            "--deployment",
            deployment.to_str().unwrap(),
            "--data-dir",
            data_dir.to_str().unwrap(),
            "--gateway-key",
            world.gateway_key.to_str().unwrap(),
            "--interval",
            &self.interval.to_string(),
            "--backfill",
            &backfill.to_string(),
            "--until",
            &until.to_string(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    }
}
