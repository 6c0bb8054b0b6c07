//! The meter client on the real chain (issue 3, chain test 3, and the fleet).
//!
//! Needs the localnet (`localnet/start.sh`) on 127.0.0.1:26657 and the contracts built in
//! `artifacts/` (`./scripts/build-wasm.sh`). The tests store the contracts and instantiate a
//! ledger of their own (admin, tariff, bank) as the multi-test builder does, with fresh
//! accounts funded by the localnet's admin, so they do not disturb other users of the chain.
//!
//! ```sh
//! localnet/start.sh
//! cargo test -p meter-client --features chain-tests --test chain -- --test-threads=1
//! localnet/stop.sh --reset
//! ```

#![cfg(feature = "chain-tests")]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cosmwasm_std::{Binary, Uint128};
use ledger_client::{
    ChainConfig, Client, ClientError, Deployment, Gas, KdfParams, KeyStore, Signer,
};
use ledger_types::admin::{self, MeterInfo, RegisterMeter, Role};
use ledger_types::bank;
use ledger_types::billing::{BillingCycle, MeterSettings, PaymentSchedule};
use ledger_types::meter::{self, MeterState, ReadingsResponse, StoredReading};
use ledger_types::tariff::{self, TariffComponents};
use meter_client::app::first_start;
use meter_client::curve::{Household, mix};

const BIN: &str = env!("CARGO_BIN_EXE_meter-client");
const METER_PASS: &str = "meter passphrase";
const GATEWAY_PASS: &str = "gateway passphrase";
const TARIFF: &str = "flat-test";
const TARIFF_OFFSET_MINUTES: i32 = 60;
const INITIAL_REGISTER: u64 = 5_000;

/// The ledger the tests deployed.
struct World {
    admin_contract: String,
    tariff_contract: String,
    bank_contract: String,
    token: String,
    /// Code ids, as the deployment file's `code_ids`.
    codes: serde_json::Value,
    /// The ledger's administrator (and retailer): a fresh account.
    operator_secret: String,
    consumers: Vec<String>,
    /// The gateway's key file (a fresh, funded account) and a scratch directory.
    gateway_key: PathBuf,
    scratch: PathBuf,
}

static WORLD: OnceLock<World> = OnceLock::new();

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn admin_signer() -> Signer {
    let text = std::fs::read_to_string(repo().join("localnet/accounts.json")).unwrap();
    let accounts: serde_json::Value = serde_json::from_str(&text).unwrap();
    let admin = accounts["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "admin")
        .unwrap();
    Signer::from_mnemonic(admin["mnemonic"].as_str().unwrap(), "wasm").unwrap()
}

async fn connect() -> Client {
    Client::connect(ChainConfig::localnet())
        .await
        .expect("the localnet runs: start it with localnet/start.sh")
}

/// Retries what another user of the same account may have raced (sequence numbers).
async fn again<T, F, Fut>(mut call: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ClientError>>,
{
    for attempt in 0.. {
        match call().await {
            Ok(v) => return v,
            Err(
                e @ (ClientError::SequenceMismatch { .. } | ClientError::AlreadyInMempool { .. }),
            ) if attempt < 5 => {
                eprintln!("retrying: {e}");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Err(e) => panic!("{e}"),
        }
    }
    unreachable!()
}

async fn deploy() -> World {
    let client = connect().await;
    let admin = admin_signer();
    let operator = Signer::generate("wasm").unwrap();
    let gateway = Signer::generate("wasm").unwrap();
    for who in [&operator, &gateway] {
        let to = who.address().to_string();
        again(|| client.send(&admin, &to, 100_000_000_000, Gas::Auto)).await;
    }
    let store = |name: &'static str| {
        let client = &client;
        let admin = &admin;
        async move {
            let path = repo().join("artifacts").join(format!("{name}.wasm"));
            let wasm = std::fs::read(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; build the contracts with ./scripts/build-wasm.sh",
                    path.display()
                )
            });
            again(|| client.store_code(admin, wasm.clone())).await
        }
    };
    let codes = serde_json::json!({
        "admin": store("admin").await,
        "meter": store("meter").await,
        "tariff": store("tariff").await,
        "bank": store("bank").await,
        "settlement_token": store("settlement_token").await,
    });
    let code = |name: &str| codes[name].as_u64().unwrap();
    let me = operator.address().to_string();
    let settings = MeterSettings {
        cycle: BillingCycle::CalendarMonth {
            utc_offset_minutes: 0,
        },
        schedule: PaymentSchedule::default(),
        // The line-source test feeds readings up to a few hours ahead of the chain's clock.
        future_tolerance_seconds: 86_400,
        max_interval_seconds: 86_400,
        max_power_w: 1_000_000,
    };
    let admin_contract = client
        .instantiate(
            &operator,
            code("admin"),
            &admin::InstantiateMsg {
                admin: Some(me.clone()),
                meter_code_id: code("meter"),
                meter_settings: settings,
                timelock_delay_seconds: None,
            },
            "meter-client-test-admin",
            Some(&me),
        )
        .await
        .unwrap();
    let tariff_contract = client
        .instantiate(
            &operator,
            code("tariff"),
            &tariff::InstantiateMsg {
                admin_contract: admin_contract.clone(),
            },
            "meter-client-test-tariff",
            Some(&me),
        )
        .await
        .unwrap();
    let bank_contract = client
        .instantiate(
            &operator,
            code("bank"),
            &bank::InstantiateMsg {
                admin_contract: admin_contract.clone(),
                token_code_id: code("settlement_token"),
                token_name: "Ledger Euro".into(),
                token_symbol: "LEUR".into(),
                token_decimals: 2,
            },
            "meter-client-test-bank",
            Some(&me),
        )
        .await
        .unwrap();
    let bank_config: bank::ConfigResponse = client
        .query_smart(&bank_contract, &bank::QueryMsg::Config {})
        .await
        .unwrap();
    let exec = |msg: admin::ExecuteMsg| {
        let client = &client;
        let operator = &operator;
        let admin_contract = admin_contract.clone();
        async move {
            client
                .execute(operator, &admin_contract, &msg, vec![])
                .await
                .unwrap()
        }
    };
    exec(admin::ExecuteMsg::SetContracts {
        tariff: tariff_contract.clone(),
        bank: bank_contract.clone(),
    })
    .await;
    exec(admin::ExecuteMsg::RegisterParticipant {
        address: me.clone(),
        name: "Retailer".into(),
        roles: vec![Role::Retailer],
    })
    .await;
    let mut consumers = Vec::new();
    for i in 0..2 {
        let address = Signer::generate("wasm").unwrap().address().to_string();
        exec(admin::ExecuteMsg::RegisterParticipant {
            address: address.clone(),
            name: format!("Consumer {i}"),
            roles: vec![Role::Consumer],
        })
        .await;
        consumers.push(address);
    }
    client
        .execute(
            &operator,
            &tariff_contract,
            &tariff::ExecuteMsg::CreateTariff {
                tariff_id: TARIFF.into(),
                name: "Flat test tariff".into(),
                utc_offset_minutes: TARIFF_OFFSET_MINUTES,
                components: TariffComponents {
                    flat_rate: Some(Uint128::new(23_450)),
                    ..TariffComponents::default()
                },
                effective_from: 0,
            },
            vec![],
        )
        .await
        .unwrap();

    let scratch = tempfile::tempdir().unwrap().keep();
    let keys = KeyStore::open(&scratch, "wasm").with_kdf(KdfParams::insecure_for_tests());
    keys.store("gateway", &gateway, GATEWAY_PASS).unwrap();
    World {
        admin_contract,
        tariff_contract,
        bank_contract,
        token: bank_config.token.to_string(),
        codes,
        operator_secret: hex::encode(operator.secret_bytes().as_ref()),
        consumers,
        gateway_key: scratch.join("gateway.json"),
        scratch,
    }
}

fn world() -> &'static World {
    WORLD.get_or_init(|| runtime().block_on(deploy()))
}

impl World {
    fn operator(&self) -> Signer {
        Signer::from_hex(&self.operator_secret, "wasm").unwrap()
    }

    /// Registers a meter of consumer `owner`; returns its meter contract and state.
    async fn register(
        &self,
        client: &Client,
        meter_id: &str,
        owner: usize,
        pubkey: &[u8],
    ) -> (String, MeterState) {
        let operator = self.operator();
        client
            .execute(
                &operator,
                &self.admin_contract,
                &admin::ExecuteMsg::RegisterMeter(RegisterMeter {
                    meter_id: meter_id.into(),
                    owner: self.consumers[owner].clone(),
                    retailer: operator.address().to_string(),
                    pubkey: Binary::from(pubkey.to_vec()),
                    tariff_id: TARIFF.into(),
                    initial_register_wh: INITIAL_REGISTER,
                    contracted_monthly_amount: Uint128::new(5_000),
                }),
                vec![],
            )
            .await
            .unwrap();
        let info: MeterInfo = client
            .query_smart(
                &self.admin_contract,
                &admin::QueryMsg::Meter {
                    meter_id: meter_id.into(),
                },
            )
            .await
            .unwrap();
        let state = meter_state(client, info.contract.as_str(), meter_id).await;
        (info.contract.to_string(), state)
    }

    fn deployment_file(&self) -> PathBuf {
        let path = self.scratch.join("deployment.json");
        let config = ChainConfig::localnet();
        // Through JSON, so that contracts the deployment file learns later stay optional here.
        let deployment: Deployment = serde_json::from_value(serde_json::json!({
            "chain_id": config.chain_id,
            "node": config.node,
            "code_ids": self.codes,
            "contracts": {
                "admin": self.admin_contract,
                "tariff": self.tariff_contract,
                "bank": self.bank_contract,
                "token": self.token,
            },
        }))
        .unwrap();
        deployment.save(&path).unwrap();
        path
    }
}

async fn meter_state(client: &Client, contract: &str, meter_id: &str) -> MeterState {
    client
        .query_smart(
            contract,
            &meter::QueryMsg::Meter {
                meter_id: meter_id.into(),
            },
        )
        .await
        .unwrap()
}

/// Every reading the contract holds for a meter, in time order.
async fn chain_readings(client: &Client, contract: &str, meter_id: &str) -> Vec<StoredReading> {
    let mut out: Vec<StoredReading> = Vec::new();
    loop {
        let page: ReadingsResponse = client
            .query_smart(
                contract,
                &meter::QueryMsg::Readings {
                    meter_id: meter_id.into(),
                    from: None,
                    to: None,
                    start_after: out.last().map(|r| r.interval_start),
                    limit: Some(100),
                },
            )
            .await
            .unwrap();
        let n = page.readings.len();
        out.extend(page.readings);
        if n < 100 {
            return out;
        }
    }
}

/// A unique name per test run.
fn unique(prefix: &str) -> String {
    format!(
        "{prefix}{:x}",
        mix(SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64)
            & 0xff_ffff
    )
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

/// A client process whose log lines arrive on a channel (and are echoed to the test's
/// stderr).
struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    log: Arc<Mutex<Vec<String>>>,
}

// `Running::kill` and `Running::finish` wait for the child.
#[allow(clippy::zombie_processes)]
fn spawn(args: &[String], pass_dir: &Path) -> Running {
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
    fn wait_for(&self, needle: &str, n: usize, timeout: Duration) -> bool {
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
    fn kill(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.log.lock().unwrap().clone()
    }

    /// Waits for the process to end by itself.
    fn finish(mut self, timeout: Duration) -> Vec<String> {
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
fn init_meter(data: &Path, meter_id: &str) -> Vec<u8> {
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
fn jitter(max_ms: u64, salt: u64) -> Duration {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    Duration::from_millis(mix(u64::from(nanos) ^ salt) % max_ms)
}

/// Issue 3, chain test 3: the meter client is killed in the middle of sending, again and
/// again, and restarted; every reading lands exactly once.
#[test]
fn killed_while_sending_every_reading_lands_exactly_once() {
    let world = world();
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("meter");
    let meter_id = unique("kill-");
    let pubkey = init_meter(&data, &meter_id);
    let client = rt.block_on(connect());
    let (contract, state) = rt.block_on(world.register(&client, &meter_id, 0, &pubkey));
    assert_eq!(state.last_sequence, 0);

    // What the meter reader says: 160 readings of a minute from the registration on, one
    // garbage line among them (reported and skipped).
    let count = 160u64;
    let mut expected = Vec::new();
    let mut text = String::from("# interval_start interval_length register_wh\n");
    let mut register = INITIAL_REGISTER;
    for k in 0..count {
        let start = state.last_interval_end + 60 * k;
        let energy = 3 + (k * 37) % 50;
        register += energy;
        text.push_str(&format!("{start} 60 {register}\n"));
        if k == 40 {
            text.push_str("this line is noise from the serial port\n");
        }
        expected.push(StoredReading {
            sequence: k + 1,
            interval_start: start,
            interval_length: 60,
            energy_wh: energy,
            register_wh: register,
        });
    }
    let lines = dir.path().join("readings.txt");
    write(&lines, &text);

    let args: Vec<String> = [
        "run",
        "--data-dir",
        data.to_str().unwrap(),
        "--contract",
        &contract,
        "--gateway-key",
        world.gateway_key.to_str().unwrap(),
        "--source",
        &format!("lines:{}", lines.display()),
        "--batch",
        "6",
        "--backoff-cap",
        "2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();

    // Killed right after starting (while recording), then three times in the middle of
    // sending, at a different moment each time.
    let first = spawn(&args, dir.path());
    std::thread::sleep(Duration::from_millis(150) + jitter(400, 1));
    first.kill();
    let mut sent_before = 0;
    for round in 0..3u64 {
        let running = spawn(&args, dir.path());
        assert!(
            running.wait_for(
                "batch sent",
                1 + (round as usize % 2),
                Duration::from_secs(120)
            ),
            "no batch was sent in round {round}"
        );
        // Somewhere inside the next transaction's life: signing, simulating, in the mempool,
        // or waiting for the block.
        std::thread::sleep(jitter(1_500, round));
        let log = running.kill();
        sent_before += log.iter().filter(|l| l.contains("batch sent")).count();
    }
    assert!(sent_before >= 4);
    let state = rt.block_on(meter_state(&client, &contract, &meter_id));
    assert!(
        state.last_sequence < count,
        "something was left for the last run"
    );

    // The last run goes to the end of the file and stops once everything is on chain.
    let log = spawn(&args, dir.path()).finish(Duration::from_secs(300));
    assert!(
        log.iter().any(|l| l.contains("bad line skipped")),
        "the noise line is reported"
    );

    let readings = rt.block_on(chain_readings(&client, &contract, &meter_id));
    assert_eq!(readings.len(), expected.len());
    assert_eq!(
        readings, expected,
        "every reading exactly once, as produced"
    );
    let state = rt.block_on(meter_state(&client, &contract, &meter_id));
    assert_eq!(state.last_sequence, count);
    assert_eq!(state.readings, count);
    assert_eq!(state.register_wh, register);
    assert!(!data.join("rejected.jsonl").exists());

    // Run again: the file is read again, everything is already recorded, nothing is sent.
    let log = spawn(&args, dir.path()).finish(Duration::from_secs(60));
    assert!(!log.iter().any(|l| l.contains("batch sent")));
    assert_eq!(
        rt.block_on(chain_readings(&client, &contract, &meter_id))
            .len(),
        count as usize
    );
}

/// The simulator end to end: its readings land and are exactly the load curve's.
#[test]
fn simulated_readings_land_as_the_load_curve_computes_them() {
    let world = world();
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("meter");
    let meter_id = unique("sim-");
    let pubkey = init_meter(&data, &meter_id);
    let client = rt.block_on(connect());
    let (contract, state) = rt.block_on(world.register(&client, &meter_id, 1, &pubkey));
    let (interval, seed) = (5u32, 11u64);
    let backfill = state.last_interval_end;
    let until = unix_now() + 25;
    let args: Vec<String> = [
        "run",
        "--data-dir",
        data.to_str().unwrap(),
        "--contract",
        &contract,
        "--gateway-key",
        world.gateway_key.to_str().unwrap(),
        "--source",
        "simulator",
        "--interval",
        &interval.to_string(),
        "--seed",
        &seed.to_string(),
        "--backfill",
        &backfill.to_string(),
        "--until",
        &until.to_string(),
        "--batch",
        "3",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    spawn(&args, dir.path()).finish(Duration::from_secs(120));

    let household = Household::new(seed, 0);
    let mut start = first_start(state.last_interval_end, Some(backfill), interval, 0);
    let mut register = INITIAL_REGISTER;
    let mut expected = Vec::new();
    while start + u64::from(interval) <= until {
        let energy = household.energy_wh(start, interval, TARIFF_OFFSET_MINUTES, Some(1_000_000));
        register += energy;
        expected.push(StoredReading {
            sequence: expected.len() as u64 + 1,
            interval_start: start,
            interval_length: interval,
            energy_wh: energy,
            register_wh: register,
        });
        start += u64::from(interval);
    }
    assert!(expected.len() >= 4);
    let readings = rt.block_on(chain_readings(&client, &contract, &meter_id));
    assert_eq!(readings, expected);

    // SIGTERM stops it cleanly (exit status 0), keeping its state.
    let mut args = args;
    let until_at = args.iter().position(|a| a == "--until").unwrap() + 1;
    args[until_at] = "now+1h".into();
    let running = spawn(&args, dir.path());
    assert!(running.wait_for("reading from simulator", 1, Duration::from_secs(60)));
    std::thread::sleep(Duration::from_secs(2));
    let status = Command::new("kill")
        .args(["-TERM", &running.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let log = running.finish(Duration::from_secs(30));
    assert!(log.iter().any(|l| l.contains("signal received")), "{log:?}");
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("state.json")).unwrap()).unwrap();
    assert!(
        state["meters"][0]["cursor"]["next_sequence"]
            .as_u64()
            .unwrap()
            > expected.len() as u64
    );
}

/// Fleet mode: meters of two consumers (two meter contracts) share transactions through one
/// gateway; a kill in the middle loses and duplicates nothing.
#[test]
fn a_fleet_shares_transactions_and_survives_a_kill() {
    let world = world();
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let prefix = unique("fleet") + "-";
    let (meters, seed, interval) = (6u32, 21u64, 2u32);
    let out = Command::new(BIN)
        .args([
            "fleet",
            "keys",
            "--meters",
            &meters.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .args(["--id-prefix", &prefix, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let keys: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(keys.len(), meters as usize);
    let client = rt.block_on(connect());
    let mut registered = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        let id = k["meter_id"].as_str().unwrap().to_string();
        let pubkey = hex::decode(k["pubkey_hex"].as_str().unwrap()).unwrap();
        let (contract, state) = rt.block_on(world.register(&client, &id, i % 2, &pubkey));
        registered.push((id, contract, state));
    }
    // From the first registration on: the meters registered first have a backlog to catch up
    // on, so transactions follow each other and the kill falls inside one.
    let backfill = registered
        .iter()
        .map(|r| r.2.last_interval_end)
        .min()
        .unwrap();
    let until = unix_now() + 20;
    let deployment = world.deployment_file();
    let args: Vec<String> = [
        "fleet",
        "--meters",
        &meters.to_string(),
        "--seed",
        &seed.to_string(),
        "--id-prefix",
        &prefix,
        "--deployment",
        deployment.to_str().unwrap(),
        "--data-dir",
        dir.path().join("fleet").to_str().unwrap(),
        "--gateway-key",
        world.gateway_key.to_str().unwrap(),
        "--interval",
        &interval.to_string(),
        "--backfill",
        &backfill.to_string(),
        "--until",
        &until.to_string(),
        "--batch",
        "8",
        "--backoff-cap",
        "2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let running = spawn(&args, dir.path());
    assert!(running.wait_for("batch sent", 2, Duration::from_secs(120)));
    std::thread::sleep(jitter(1_200, 7));
    let mut log = running.kill();
    log.extend(spawn(&args, dir.path()).finish(Duration::from_secs(180)));
    assert!(
        log.iter().any(|l| l.contains("in 2 message(s)")),
        "readings of both consumers' contracts shared a transaction"
    );

    for (i, (id, contract, state)) in registered.iter().enumerate() {
        let household = Household::new(seed, i as u32);
        let mut start = first_start(state.last_interval_end, Some(backfill), interval, 0);
        let mut register = INITIAL_REGISTER;
        let mut expected = Vec::new();
        while start + u64::from(interval) <= until {
            let energy =
                household.energy_wh(start, interval, TARIFF_OFFSET_MINUTES, Some(1_000_000));
            register += energy;
            expected.push(StoredReading {
                sequence: expected.len() as u64 + 1,
                interval_start: start,
                interval_length: interval,
                energy_wh: energy,
                register_wh: register,
            });
            start += u64::from(interval);
        }
        let readings = rt.block_on(chain_readings(&client, contract, id));
        assert_eq!(readings, expected, "meter {id}");
    }
    let _ = std::io::stderr().flush();
}

/// Peak resident memory of a process, KiB (`VmHWM`), while it runs.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// 10,000 meters of two consumers through one gateway, for a few intervals: every reading
/// lands and the process stays small. Heavy (registration alone is 100 transactions): run it
/// on its own with `--features chain-tests,heavy-chain-tests ten_thousand`.
#[test]
#[cfg(feature = "heavy-chain-tests")]
fn ten_thousand_meters_through_one_gateway() {
    let world = world();
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let prefix = unique("big") + "-";
    let (meters, seed, interval) = (10_000u32, 77u64, 60u32);
    let client = rt.block_on(connect());
    let operator = world.operator();
    let started = Instant::now();
    for chunk in (0..meters).collect::<Vec<_>>().chunks(200) {
        let calls = chunk
            .iter()
            .map(|&i| {
                let msg = admin::ExecuteMsg::RegisterMeter(RegisterMeter {
                    meter_id: meter_client::keys::fleet_meter_id(&prefix, i),
                    owner: world.consumers[i as usize % 2].clone(),
                    retailer: operator.address().to_string(),
                    pubkey: Binary::from(
                        meter_client::keys::fleet_key(seed, i).public_key().to_vec(),
                    ),
                    tariff_id: TARIFF.into(),
                    initial_register_wh: INITIAL_REGISTER,
                    contracted_monthly_amount: Uint128::new(5_000),
                });
                ledger_client::ExecuteCall::new(&world.admin_contract, &msg).unwrap()
            })
            .collect();
        rt.block_on(client.execute_multi(&operator, calls)).unwrap();
    }
    eprintln!("registered {meters} meters in {:?}", started.elapsed());
    let backfill = unix_now();
    let until = backfill + 200;
    let deployment = world.deployment_file();
    let args: Vec<String> = [
        "fleet",
        "--meters",
        &meters.to_string(),
        "--seed",
        &seed.to_string(),
        "--id-prefix",
        &prefix,
        "--deployment",
        deployment.to_str().unwrap(),
        "--data-dir",
        dir.path().join("fleet").to_str().unwrap(),
        "--gateway-key",
        world.gateway_key.to_str().unwrap(),
        "--interval",
        &interval.to_string(),
        "--backfill",
        &backfill.to_string(),
        "--until",
        &until.to_string(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let running = spawn(&args, dir.path());
    let pid = running.child.id();
    let peak = Arc::new(Mutex::new(0u64));
    let watch = Arc::clone(&peak);
    std::thread::spawn(move || {
        while let Some(kib) = peak_rss_kib(pid) {
            let mut p = watch.lock().unwrap();
            *p = (*p).max(kib);
            drop(p);
            std::thread::sleep(Duration::from_millis(500));
        }
    });
    let log = running.finish(Duration::from_secs(1_200));
    let peak = *peak.lock().unwrap();
    eprintln!("peak resident memory of the fleet: {} MiB", peak / 1024);
    let batches = log.iter().filter(|l| l.contains("batch sent")).count();
    eprintln!("{batches} transactions");

    let start = backfill.div_ceil(u64::from(interval)) * u64::from(interval);
    let expected = (until - start) / u64::from(interval);
    assert!(expected >= 2);
    let mut seen = 0;
    for owner in 0..2 {
        let participant: admin::Participant = rt
            .block_on(client.query_smart(
                &world.admin_contract,
                &admin::QueryMsg::Participant {
                    address: world.consumers[owner].clone(),
                },
            ))
            .unwrap();
        let contract = participant.meter_contract.unwrap().to_string();
        let mut start_after: Option<String> = Some(prefix.clone());
        loop {
            let page: meter::MetersResponse = rt
                .block_on(client.query_smart(
                    &contract,
                    &meter::QueryMsg::Meters {
                        start_after: start_after.clone(),
                        limit: Some(100),
                    },
                ))
                .unwrap();
            let mut done = page.meters.len() < 100;
            for m in page.meters {
                if !m.meter_id.starts_with(&prefix) {
                    done = true;
                    break;
                }
                assert_eq!(m.last_sequence, expected, "{}", m.meter_id);
                assert_eq!(m.readings, expected, "{}", m.meter_id);
                seen += 1;
                start_after = Some(m.meter_id);
            }
            if done {
                break;
            }
        }
    }
    assert_eq!(seen, meters);
    assert!(peak < 200 * 1024, "peak {peak} KiB");
}

/// The chain goes away in the middle of sending (the whole localnet stopped) and comes back:
/// the client waits with backoff, keeps its readings, and every one lands exactly once. It
/// stops and restarts the shared localnet, so it is not part of the default run:
/// `--features chain-tests,heavy-chain-tests chain_outage`.
#[test]
#[cfg(feature = "heavy-chain-tests")]
fn a_chain_outage_loses_nothing() {
    let world = world();
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("meter");
    let meter_id = unique("outage-");
    let pubkey = init_meter(&data, &meter_id);
    let client = rt.block_on(connect());
    let (contract, state) = rt.block_on(world.register(&client, &meter_id, 0, &pubkey));
    drop(client);
    let count = 60u64;
    let mut text = String::new();
    let mut register = INITIAL_REGISTER;
    for k in 0..count {
        register += 10 + k;
        text.push_str(&format!(
            "{} 60 {register}\n",
            state.last_interval_end + 60 * k
        ));
    }
    let lines = dir.path().join("readings.txt");
    write(&lines, &text);
    let args: Vec<String> = [
        "run",
        "--data-dir",
        data.to_str().unwrap(),
        "--contract",
        &contract,
        "--gateway-key",
        world.gateway_key.to_str().unwrap(),
        "--source",
        &format!("lines:{}", lines.display()),
        "--batch",
        "5",
        "--backoff-cap",
        "4",
        "--tx-timeout",
        "8",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let running = spawn(&args, dir.path());
    assert!(running.wait_for("batch sent", 2, Duration::from_secs(120)));
    let script = |name: &str| {
        let status = Command::new(repo().join("localnet").join(name))
            .status()
            .unwrap();
        assert!(status.success(), "{name}");
    };
    script("stop.sh");
    // A transaction caught by the outage times out, then the chain cannot be asked: retries.
    assert!(running.wait_for("retry_in_ms", 3, Duration::from_secs(90)));
    std::thread::sleep(Duration::from_secs(10));
    script("start.sh");
    let log = running.finish(Duration::from_secs(300));
    assert!(log.iter().any(|l| l.contains("retry_in_ms")));

    let client = rt.block_on(connect());
    let readings = rt.block_on(chain_readings(&client, &contract, &meter_id));
    let sequences: Vec<u64> = readings.iter().map(|r| r.sequence).collect();
    assert_eq!(sequences, (1..=count).collect::<Vec<_>>());
    assert_eq!(readings.last().unwrap().register_wh, register);
}
