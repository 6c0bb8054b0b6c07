//! Issue 11 on the real chain, through the CLI:
//!
//! * blacklisting stops every movement of value at the bank and on the settlement token, the
//!   refusals carry the stable code `common.blacklisted`, nothing moves, and lifting the
//!   blacklisting lets value move again;
//! * a stranger closes a meter's period the moment it ends; the meter's last reading of that
//!   period, uploaded late, is still accepted, so is the next one, and the late energy is
//!   billed in the next period's bill: every Wh of the register's advance in exactly one bill.
//!
//! ```sh
//! localnet/start.sh && make wasm && cargo build -p ledger-cli
//! cargo test -p e2e --test edges_chain -- --ignored --test-threads=1 --nocapture
//! ```

use std::sync::OnceLock;
use std::time::Duration;

use e2e::chain::{chain_time, ensure_running, wait_for_time};
use e2e::cli::{FreshMeter, World};
use e2e::readings::readings_file;
use e2e::{num, unique};
use ledger_types::error_code::{code_in, common};
use serde_json::Value;

/// Seconds per day of the test ledger's cycle; two days make a 40-second billing period.
const DAY_SECONDS: u64 = 20;

static WORLD: OnceLock<World> = OnceLock::new();

/// The ledger both tests use: short periods of two 20-second days, no advances, the final
/// instalment due on the next period's second day.
fn world() -> &'static World {
    WORLD.get_or_init(|| {
        ensure_running();
        World::deploy_short_periods("EDGE", DAY_SECONDS)
    })
}

/// The token balance of a holder, minor units.
fn balance(world: &World, who: &str) -> u128 {
    num(&world.cli.json(&["query", "balance", who])["balance"])
}

/// Runs a command that the contracts must refuse; returns the stable code of the refusal.
fn refused_code(world: &World, args: &[&str]) -> String {
    let stderr = world.cli.fails(args);
    code_in(&stderr)
        .unwrap_or_else(|| panic!("ledger {}: no error code in {stderr}", args.join(" ")))
        .to_string()
}

/// `ledger bank deposit` of 5.00 for consumer3 under `reference`.
fn deposit(reference: &str, prepay: bool) -> Vec<&str> {
    let mut args = vec![
        "bank",
        "deposit",
        "--reference",
        reference,
        "--recipient",
        "consumer3",
        "--amount",
        "5.00",
        "--from",
        "bank",
    ];
    if prepay {
        args.push("--prepay");
    }
    args
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn blacklisting_stops_value_at_the_bank_and_on_the_token() {
    let world = world();
    let cli = &world.cli;
    let before = balance(world, "consumer3");
    cli.ok(&deposit(&unique("EDGE-IN-"), false));
    assert_eq!(balance(world, "consumer3"), before + 500);

    cli.ok(&[
        "admin",
        "blacklist",
        "consumer3",
        "--reason",
        "sanctions list (chain test)",
        "--from",
        "admin",
    ]);
    // Nothing reaches the wallet: neither a deposit into it nor one into its prepaid balance.
    let (wallet, prepaid) = (unique("EDGE-X-"), unique("EDGE-Y-"));
    assert_eq!(
        refused_code(world, &deposit(&wallet, false)),
        common::BLACKLISTED
    );
    assert_eq!(
        refused_code(world, &deposit(&prepaid, true)),
        common::BLACKLISTED
    );
    // Nothing leaves it: the token refuses the holder's own Send to the bank, whether to
    // prepay or to cash out.
    assert_eq!(
        refused_code(
            world,
            &[
                "token",
                "send-prepay",
                "--amount",
                "1.00",
                "--from",
                "consumer3"
            ]
        ),
        common::BLACKLISTED
    );
    assert_eq!(
        refused_code(
            world,
            &[
                "token",
                "request-redemption",
                "--amount",
                "1.00",
                "--payout-account",
                "IBAN DE00 0000",
                "--from",
                "consumer3",
            ]
        ),
        common::BLACKLISTED
    );
    assert_eq!(balance(world, "consumer3"), before + 500, "nothing moved");

    // Cleared, the holder's value moves again.
    cli.ok(&["admin", "unblacklist", "consumer3", "--from", "admin"]);
    cli.ok(&[
        "token",
        "send-prepay",
        "--amount",
        "1.00",
        "--from",
        "consumer3",
    ]);
    assert_eq!(balance(world, "consumer3"), before + 400);
}

/// The period that holds `at`, from the meter contract.
fn period_at(world: &World, meter_id: &str, period: Option<u32>) -> (u32, u64, u64) {
    let mut args = vec!["query", "period", "--meter", meter_id];
    let number;
    if let Some(p) = period {
        number = p.to_string();
        args.extend(["--period", &number]);
    }
    let usage = world.cli.json(&args);
    (
        num(&usage["period"]) as u32,
        num(&usage["start"]) as u64,
        num(&usage["end"]) as u64,
    )
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn a_reading_uploaded_after_a_strangers_close_is_billed_in_the_next_bill() {
    let world = world();
    let cli = &world.cli;
    let FreshMeter {
        id: meter_id,
        key,
        contract,
        registered,
    } = world.fresh_meter("late-");

    // A period with room for a reading that ends 5 seconds before the period does.
    let (mut period, mut start, mut end) = period_at(world, &meter_id, None);
    if end < chain_time() + 20 {
        (period, start, end) = period_at(world, &meter_id, Some(period + 1));
    }
    let first_start = start.max(registered);
    let first_length = u32::try_from(end - 5 - first_start).unwrap();
    let dir = world.scratch(&meter_id);
    let submit = |name: &str, readings: &[(u64, u64, u32, u64, u64)]| {
        let file = dir.join(name);
        readings_file(&file, &key, &contract, &meter_id, readings);
        cli.json(&[
            "meter",
            "submit",
            "--file",
            file.to_str().unwrap(),
            "--owner",
            "consumer1",
            "--from",
            "gateway",
        ])
    };
    // The first reading needs its interval to have ended: wait for it.
    wait_for_time(end - 5, Duration::from_secs(120));
    submit("on-time.json", &[(1, first_start, first_length, 100, 100)]);

    // The period ends and a stranger closes it at once, before the last 5 seconds arrive.
    wait_for_time(end, Duration::from_secs(120));
    let bill = world.close_up_to(&meter_id, period, "consumer2");
    assert_eq!(num(&bill["energy_wh"]), 100);
    assert_eq!(num(&bill["late_energy_wh"]), 0);

    // The meter's last reading of the closed period arrives now: accepted, and so is the next
    // one (register continuity holds), so the meter is not stuck.
    let landed = submit("late.json", &[(2, end - 5, 5, 40, 140)]);
    assert_eq!(landed["readings"], 1);
    wait_for_time(end + 10, Duration::from_secs(60));
    let landed = submit("next.json", &[(3, end, 10, 60, 200)]);
    assert_eq!(landed["readings"], 1);
    assert_eq!(num(&cli.meter(&meter_id)["state"]["last_sequence"]), 3);

    // The next period's bill carries the late energy as its own line.
    let (_, _, next_end) = period_at(world, &meter_id, Some(period + 1));
    wait_for_time(next_end, Duration::from_secs(120));
    let next = world.close_up_to(&meter_id, period + 1, "consumer2");
    assert_eq!(num(&next["energy_wh"]), 60);
    assert_eq!(num(&next["late_energy_wh"]), 40);
    let late_lines: Vec<&Value> = next["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|line| line["kind"].get("late_energy").is_some())
        .collect();
    assert_eq!(late_lines.len(), 1, "{next}");
    assert_eq!(
        num(&late_lines[0]["kind"]["late_energy"]["from_period"]) as u32,
        period
    );

    // Every Wh the register advanced by is in exactly one bill.
    let billed = num(&bill["energy_wh"]) + num(&next["energy_wh"]) + num(&next["late_energy_wh"]);
    assert_eq!(billed, 200);
}
