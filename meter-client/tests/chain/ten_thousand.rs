//! The heavy chain test: 10,000 meters through one gateway, with the fleet's peak memory.

use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ledger_types::admin;
use ledger_types::meter::{self};

use super::deployed::*;
use super::process::*;

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
/// on its own with `--features heavy-chain-tests ten_thousand -- --ignored`.
#[test]
#[ignore = "on the localnet: make chain-test"]
#[cfg(feature = "heavy-chain-tests")]
fn ten_thousand_meters_through_one_gateway() {
    let world = world();
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let prefix = unique("big") + "-";
    let (meters, seed, interval) = (10_000u32, 77u64, 60u32);
    let client = rt.block_on(connect());
    let started = Instant::now();
    rt.block_on(world.register_fleet(&client, &prefix, seed, meters));
    eprintln!("registered {meters} meters in {:?}", started.elapsed());
    let backfill = unix_now();
    let until = backfill + 200;
    let fleet = Fleet {
        meters,
        seed,
        interval,
        prefix: &prefix,
    };
    let args = fleet.args(world, &dir.path().join("fleet"), (backfill, until), &[]);
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
/// `--features heavy-chain-tests chain_outage -- --ignored`.
#[test]
#[ignore = "on the localnet: make chain-test"]
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
