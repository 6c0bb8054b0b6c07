//! The meter client on the real chain (issue 3, chain test 3, and the fleet).
//!
//! Needs the localnet (`localnet/start.sh`) on 127.0.0.1:26657 and the contracts built in
//! `artifacts/` (`./scripts/build-wasm.sh`). The tests store the contracts and instantiate a
//! ledger of their own (admin, tariff, bank) as the multi-test builder does, with fresh
//! accounts funded by the localnet's admin, so they do not disturb other users of the chain.
//!
//! ```sh
//! localnet/start.sh
//! cargo test -p meter-client --test chain -- --ignored --test-threads=1
//! localnet/stop.sh --reset
//! ```
//!
//! Beside another localnet, start one with `LOCALNET_PORT_OFFSET=N` and run the tests with
//! the same variable: their own connection and the deployment files they write reach its node
//! N ports up. `chain/cloud_agent.rs` needs
//! `artifacts/cloud_federation.wasm` too. The simulated park is a suite of its own
//! (`tests/park_chain.rs`), which waits for market slots and so runs beside other suites.

use std::io::Write;
use std::process::Command;
use std::time::Duration;

use ledger_types::meter::StoredReading;
use meter_client::app::first_start;
use meter_client::curve::Household;

#[path = "chain/cloud_agent.rs"]
mod cloud_agent;
#[path = "chain/deployed.rs"]
mod deployed;
#[path = "chain/mixed_fleet.rs"]
mod mixed_fleet;
#[path = "chain/process.rs"]
mod process;
#[cfg(feature = "heavy-chain-tests")]
#[path = "chain/ten_thousand.rs"]
mod ten_thousand;

use deployed::*;
use process::*;

/// Issue 3, chain test 3: the meter client is killed in the middle of sending, again and
/// again, and restarted; every reading lands exactly once.
#[test]
#[ignore = "on the localnet: make chain-test"]
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
#[ignore = "on the localnet: make chain-test"]
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
#[ignore = "on the localnet: make chain-test"]
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
    let fleet = Fleet {
        meters,
        seed,
        interval,
        prefix: &prefix,
    };
    let args = fleet.args(
        world,
        &dir.path().join("fleet"),
        (backfill, until),
        &["--batch", "8", "--backoff-cap", "2"],
    );
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
