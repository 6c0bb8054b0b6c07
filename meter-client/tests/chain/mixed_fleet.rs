//! A fleet in which 1% of the meters misbehave: their readings are refused one by one inside
//! the transactions they share with clean meters, and nothing else stops (issue 18).

use std::time::Duration;

use ledger_client::ExecuteCall;
use ledger_types::admin::{self, MeterStatus};
use ledger_types::meter::codes;

use super::deployed::*;
use super::process::*;

/// Meters of the fleet, the two of them suspended while it runs (1%), one of each consumer so
/// that both meter contracts refuse, and the seconds per reading.
const METERS: u32 = 200;
const SUSPENDED: [u32; 2] = [7, 108];
const INTERVAL: u32 = 5;

fn set_status(world: &World, client: &ledger_client::Client, ids: &[String], status: MeterStatus) {
    let calls = ids
        .iter()
        .map(|id| {
            let msg = admin::ExecuteMsg::SetMeterStatus {
                meter_id: id.clone(),
                status,
            };
            ExecuteCall::new(&world.admin_contract, &msg).unwrap()
        })
        .collect();
    runtime()
        .block_on(client.execute_multi(&world.operator(), calls))
        .unwrap();
}

/// Two meters are suspended while the fleet sends. Their readings in the following
/// transactions are refused with `meter.meter_not_active` while the rest of each transaction
/// lands; no transaction fails; the client holds the two meters, keeps their readings, and
/// sends them once the meters are active again, so in the end every meter has every reading.
#[test]
#[ignore = "on the localnet: make chain-test"]
fn one_percent_of_bad_meters_leave_the_clean_readings_flowing() {
    let world = world();
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let prefix = unique("mixed") + "-";
    let seed = 41u64;
    let client = rt.block_on(connect());
    let ids: Vec<String> = (0..METERS)
        .map(|i| meter_client::keys::fleet_meter_id(&prefix, i))
        .collect();
    rt.block_on(world.register_fleet(&client, &prefix, seed, METERS));
    let backfill = unix_now();
    let until = backfill + 60;
    let fleet = Fleet {
        meters: METERS,
        seed,
        interval: INTERVAL,
        prefix: &prefix,
    };
    let args = fleet.args(
        world,
        &dir.path().join("fleet"),
        (backfill, until),
        &["--batch", "200"],
    );
    let running = spawn(&args, dir.path());
    assert!(running.wait_for("batch sent", 1, Duration::from_secs(120)));
    let bad: Vec<String> = SUSPENDED.iter().map(|&i| ids[i as usize].clone()).collect();
    set_status(world, &client, &bad, MeterStatus::Suspended);
    assert!(
        running.wait_for(
            "the contract refused a reading; the rest of the batch landed",
            2,
            Duration::from_secs(120)
        ),
        "both suspended meters' readings are refused inside landed transactions"
    );
    // Past the fleet's last reading, the two meters come back.
    while unix_now() < until + 5 {
        std::thread::sleep(Duration::from_secs(1));
    }
    set_status(world, &client, &bad, MeterStatus::Active);
    // The held meters are asked about again after their hold (30 s, then 60 s).
    let log = running.finish(Duration::from_secs(300));

    let refusals: Vec<&String> = log
        .iter()
        .filter(|l| l.contains("the contract refused a reading"))
        .collect();
    for line in &refusals {
        assert!(
            line.contains(codes::METER_NOT_ACTIVE) && bad.iter().any(|id| line.contains(id)),
            "only the suspended meters are refused, for their status: {line}"
        );
    }
    for id in &bad {
        assert!(
            refusals.iter().any(|l| l.contains(id.as_str())),
            "{id} was refused"
        );
    }
    assert!(
        !log.iter()
            .any(|l| l.contains("the contract refused the batch")),
        "no transaction failed:\n{}",
        log.join("\n")
    );

    let start = backfill.div_ceil(u64::from(INTERVAL)) * u64::from(INTERVAL);
    let expected = (until - start) / u64::from(INTERVAL);
    let contracts: Vec<String> = world
        .consumers
        .iter()
        .map(|owner| {
            let participant: admin::Participant = rt
                .block_on(client.query_smart(
                    &world.admin_contract,
                    &admin::QueryMsg::Participant {
                        address: owner.clone(),
                    },
                ))
                .unwrap();
            participant.meter_contract.unwrap().to_string()
        })
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let state = rt.block_on(meter_state(&client, &contracts[i % 2], id));
        assert_eq!(
            (state.last_sequence, state.readings),
            (expected, expected),
            "meter {id}: every reading landed once, the held ones after the reactivation"
        );
    }
}
