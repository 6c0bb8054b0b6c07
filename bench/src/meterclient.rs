//! The meter client: CPU time to sign a reading (the signing code the client runs, in this
//! process), and a `meter-client fleet` process of many meters watched through `/proc`.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use ledger_client::{KdfParams, KeyStore};
use ledger_reading::Reading;

use crate::deploy::Ledger;
use crate::fleet::{FLEET_PREFIX, FLEET_SEED};
use crate::localnet;

/// CPU time of this thread, nanoseconds (`/proc/thread-self/schedstat`).
fn thread_cpu_ns() -> Option<u64> {
    let text = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Microseconds of CPU per signed reading: `n` readings signed on one thread with a fleet key,
/// for the chain and contract the fleet uses.
pub fn signing_cpu_us(chain_id: &str, contract: &str, n: usize) -> anyhow::Result<f64> {
    let chain_id = chain_id.to_string();
    let contract = contract.to_string();
    std::thread::spawn(move || -> anyhow::Result<f64> {
        let key = meter_client::keys::fleet_key(FLEET_SEED, 0);
        let before = thread_cpu_ns().context("/proc/thread-self/schedstat is not readable")?;
        let mut sink = 0u8;
        for k in 0..n as u64 {
            let signed = key.sign(
                &chain_id,
                &contract,
                Reading {
                    meter_id: "fleet-000000".into(),
                    sequence: k + 1,
                    interval_start: 1_795_000_000 + k * 1_800,
                    interval_length: 1_800,
                    energy_wh: 100 + k % 400,
                    register_wh: 5_000_000 + k * 250,
                },
            );
            sink ^= signed.signature.as_slice()[0];
        }
        let after = thread_cpu_ns().context("/proc/thread-self/schedstat is not readable")?;
        std::hint::black_box(sink);
        Ok((after - before) as f64 / 1_000.0 / n as f64)
    })
    .join()
    .map_err(|_| anyhow::anyhow!("the signing thread panicked"))?
}

/// Microseconds of CPU for one secp256k1 verification of a reading's signature, with the very
/// function a validator's wasmvm runs for the contract's `secp256k1_verify`
/// (`cosmwasm-crypto`, here through `MockApi`), `n` times on one thread: the floor of a
/// reading's cost on each validator, which nothing but a cheaper signature scheme lowers.
pub fn verifying_cpu_us(chain_id: &str, contract: &str, n: usize) -> anyhow::Result<f64> {
    use cosmwasm_std::Api;
    let key = meter_client::keys::fleet_key(FLEET_SEED, 0);
    let signed = key.sign(
        chain_id,
        contract,
        Reading {
            meter_id: "fleet-000000".into(),
            sequence: 1,
            interval_start: 1_795_000_000,
            interval_length: 1_800,
            energy_wh: 100,
            register_wh: 5_000_100,
        },
    );
    let digest = signed.digest(chain_id, contract);
    let pubkey = key.public_key().to_vec();
    std::thread::spawn(move || -> anyhow::Result<f64> {
        let api = cosmwasm_std::testing::MockApi::default();
        let before = thread_cpu_ns().context("/proc/thread-self/schedstat is not readable")?;
        for _ in 0..n {
            let valid = api
                .secp256k1_verify(&digest, signed.signature.as_slice(), &pubkey)
                .map_err(|e| anyhow::anyhow!("verifying: {e}"))?;
            anyhow::ensure!(valid, "the fleet key's own signature did not verify");
        }
        let after = thread_cpu_ns().context("/proc/thread-self/schedstat is not readable")?;
        Ok((after - before) as f64 / 1_000.0 / n as f64)
    })
    .join()
    .map_err(|_| anyhow::anyhow!("the verifying thread panicked"))?
}

/// What the fleet process did.
pub struct FleetRun {
    pub meters: usize,
    pub peak_rss_mib: f64,
    pub readings: u64,
    pub cpu_s: f64,
    pub wall_s: f64,
}

fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Runs `meter-client fleet` over the ledger's fleet for `run_for` seconds of readings of
/// `interval` seconds each, and watches its resident memory (peak: VmHWM) and CPU time.
pub async fn fleet_run(
    ledger: &mut Ledger,
    binary: &Path,
    work: &Path,
    interval: u32,
    run_for: u64,
) -> anyhow::Result<FleetRun> {
    if !binary.exists() {
        bail!(
            "{} is missing: build it with `cargo build --release -p meter-client`",
            binary.display()
        );
    }
    ledger.fleet.resync(&ledger.sdk).await?;
    let before = ledger.fleet.accepted();
    // The meter client's simulator runs on this machine's clock, so its window is set by the
    // same clock. (The chain's latest block time can lag it by minutes right after a restart:
    // the first block after one carries the time of the commit before the stop.)
    let wall_now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .context("the system clock is before 1970")?
        .as_secs();
    let from = ledger.fleet.typical_next_start().max(wall_now);
    let until = from + run_for;

    let keys_dir = work.join("fleet-keys");
    let data_dir = work.join("fleet-data");
    for dir in [&keys_dir, &data_dir] {
        if dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
        }
    }
    let passphrase = "bench gateway passphrase";
    KeyStore::open(&keys_dir, "wasm")
        .with_kdf(KdfParams::insecure_for_tests())
        .store("gateway", ledger.gateway.signer(), passphrase)?;
    let log_path = work.join("fleet.log");
    let log =
        fs::File::create(&log_path).with_context(|| format!("creating {}", log_path.display()))?;
    let mut child = Command::new(binary)
        .args(["fleet", "--meters"])
        .arg(ledger.fleet.len().to_string())
        .args([
            "--seed",
            &FLEET_SEED.to_string(),
            "--id-prefix",
            FLEET_PREFIX,
        ])
        .arg("--deployment")
        .arg(&ledger.deployment_file)
        .arg("--data-dir")
        .arg(&data_dir)
        .arg("--gateway-key")
        .arg(keys_dir.join("gateway.json"))
        .args([
            "--interval",
            &interval.to_string(),
            "--until",
            &until.to_string(),
        ])
        .env("LEDGER_PASSPHRASE", passphrase)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    let pid = child.id();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(run_for + 300);
    let (mut peak_kib, mut cpu_s) = (0u64, 0.0f64);
    let status = loop {
        if let Some(kib) = status_kib(pid, "VmHWM:") {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(cpu) = localnet::cpu_seconds(pid) {
            cpu_s = cpu;
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            bail!(
                "the fleet did not finish in time; see {}",
                log_path.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let wall_s = started.elapsed().as_secs_f64();
    if !status.success() {
        bail!("the fleet exited with {status}; see {}", log_path.display());
    }
    ledger.fleet.resync(&ledger.sdk).await?;
    let after = ledger.fleet.accepted();
    if after == before {
        bail!(
            "the fleet brought no readings to the chain between {from} and {until}; see {}",
            log_path.display()
        );
    }
    Ok(FleetRun {
        meters: ledger.fleet.len(),
        peak_rss_mib: peak_kib as f64 / 1024.0,
        readings: after - before,
        cpu_s,
        wall_s,
    })
}
