//! Issue 3, chain test 1: the demo story.
//!
//! Runs `scripts/demo.sh` as `make demo` does (non-interactive, with a home and an output
//! folder of its own), then reads what it left on the chain with `ledger ... -o json` and
//! checks it: every bill equals the amount computed independently from the tariff file and
//! the readings the chain holds, every bill looks like a real month's (the fleet compresses
//! time: hundreds of kWh, the tiered tariff's second block reached, every time-of-use band and
//! the demand charge billed), and the instalments were paid as the story says (Alice and Bob
//! automatically from their prepaid balances, Carol's overdue ones by the bank operator after
//! her deposit at the counter).
//!
//! ```sh
//! make chain-test     # or, with the localnet running and everything built:
//! cargo test -p e2e --test demo -- --ignored --test-threads=1 --nocapture
//! ```

use std::collections::BTreeMap;
use std::process::Command;
use std::time::Instant;

use e2e::chain::address;
use e2e::cli::Ledger;
use e2e::tariffs::{example, expected_bill};
use e2e::{binary, num, repo};
use ledger_testing::expected::{advances, line_tuples};
use ledger_types::bank::{Instalment, InstalmentKind, InstalmentStatus, Payment, PaymentSource};
use ledger_types::billing::BillingCycle;
use ledger_types::meter::Bill;
use ledger_types::tariff::LineKind;
use meter_client::app::first_start;

/// The demo's passphrase (scripts/demo.sh; demo only).
const DEMO_PASSPHRASE: &str = "demo-only-passphrase";

#[test]
#[ignore = "on the localnet: make chain-test"]
fn the_demo_story_bills_what_the_tariffs_say_and_is_paid_as_told() {
    let dir = tempfile::tempdir().unwrap();
    let (home, out) = match std::env::var_os("E2E_DEMO_REUSE") {
        // Check a demo that already ran: E2E_DEMO_REUSE=<DEMO_HOME>:<DEMO_OUTPUT>.
        Some(reuse) => {
            let reuse = reuse.into_string().unwrap();
            let (home, out) = reuse
                .split_once(':')
                .expect("E2E_DEMO_REUSE=<home>:<output>");
            (home.into(), std::path::PathBuf::from(out))
        }
        None => {
            let home = dir.path().join("demo-home");
            let out = dir.path().join("demo-output");
            run_demo(&home, &out);
            (home, out)
        }
    };
    let cli = Ledger::new(&home, DEMO_PASSPHRASE);
    let deployment = cli.json(&["query", "deployment"]);
    assert_eq!(deployment["chain_id"], "ledger-localnet-1");
    let registry = cli.json(&["query", "registry"]);
    let cycle = &registry["config"]["meter_settings"]["cycle"]["days"];
    let (origin, days, day) = (
        num(&cycle["origin"]) as u64,
        num(&cycle["days"]) as u64,
        num(&cycle["day_seconds"]) as u64,
    );
    assert_eq!(days, 30);
    let cycle: BillingCycle =
        serde_json::from_value(registry["config"]["meter_settings"]["cycle"].clone()).unwrap();

    // Who is who: three consumers, Alice and Bob prepaid, Carol did not.
    let [alice, bob, carol] = ["consumer1", "consumer2", "consumer3"].map(address);
    let names: BTreeMap<String, String> = cli
        .json(&["query", "participants", "--role", "consumer"])
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["address"].as_str().unwrap().to_string(),
                p["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(names.len(), 3);
    assert_eq!(names[&alice], "Alice Martin");
    assert_eq!(names[&carol], "Carol's Guest House");

    let meters = cli.json(&["query", "meters"]);
    let meters = meters.as_array().unwrap();
    assert_eq!(meters.len(), 10, "ten meters");
    let tariffs: Vec<&str> = meters
        .iter()
        .map(|m| m["tariff_id"].as_str().unwrap())
        .collect();
    for t in ["home-tiered", "home-tou", "business-demand"] {
        assert!(tariffs.contains(&t), "a meter on {t}");
    }

    let mut billed: BTreeMap<String, u128> = BTreeMap::new();
    let mut energy = 0u64;
    let mut operator_paid = 0u128;
    for m in meters {
        let id = m["meter_id"].as_str().unwrap();
        let owner = m["owner"].as_str().unwrap().to_string();
        let tariff = example(m["tariff_id"].as_str().unwrap());

        // The bill: what the tariff file says of the readings the chain holds.
        let view = cli.json(&["query", "bill", "--meter", id, "--period", "0"]);
        let bill: Bill = serde_json::from_value(view["bill"].clone()).unwrap();
        assert_eq!(
            (bill.period_start, bill.period_end),
            (origin, origin + days * day),
            "{id}"
        );
        // The fleet covered the period from its first second (or, had the set-up overrun the
        // period's start, from the meter's registration), a reading per interval, each once:
        // sequences and intervals follow each other without a gap to the period's end.
        let readings = cli.readings(id);
        assert!(!readings.is_empty(), "{id} has readings");
        let interval = readings[0].interval_length;
        let registered = num(&cli.meter(id)["registry"]["registered_at"]) as u64;
        let first = first_start(registered, Some(origin), interval, 0);
        let step = u64::from(interval);
        assert_eq!(
            readings.len() as u64,
            (bill.period_end - first) / step,
            "{id}: readings from {first} to the period's end"
        );
        for (k, r) in readings.iter().enumerate() {
            assert_eq!(r.sequence, k as u64 + 1, "{id}");
            assert_eq!(r.interval_start, first + k as u64 * step, "{id}");
        }
        let expected = expected_bill(
            &tariff,
            &readings,
            &cycle,
            bill.period_start,
            bill.period_end,
        );
        energy += expected.energy_wh;
        assert_eq!(line_tuples(&bill.lines), expected.lines, "lines of {id}");
        assert_eq!(bill.subtotal.u128(), expected.subtotal, "subtotal of {id}");
        assert_eq!(bill.tax.u128(), expected.tax, "tax of {id}");
        assert_eq!(bill.total.u128(), expected.total, "total of {id}");
        assert_eq!(bill.energy_wh, expected.energy_wh, "energy of {id}");
        assert_eq!(bill.max_power_w, expected.max_power_w, "power of {id}");
        assert_eq!(
            (bill.tariff_id.as_str(), bill.tariff_version),
            (tariff.tariff_id.as_str(), 1)
        );
        assert_a_month(id, &tariff.tariff_id, &bill);
        *billed.entry(owner.clone()).or_default() += bill.total.u128();

        // The instalments: advances of the contracted amount, the final one the rest.
        let instalments: Vec<Instalment> =
            serde_json::from_value(cli.json(&["query", "instalments", "--meter", id])).unwrap();
        let payments: Vec<Payment> =
            serde_json::from_value(cli.json(&["query", "payments", "--consumer", &owner])).unwrap();
        let paid_by = |inst: &Instalment| -> Vec<PaymentSource> {
            payments
                .iter()
                .filter(|p| p.instalment_id == inst.id)
                .map(|p| p.source)
                .collect()
        };
        let of = |period: u32, kind: InstalmentKind| -> &Instalment {
            instalments
                .iter()
                .find(|i| i.period == period && i.kind == kind)
                .unwrap_or_else(|| panic!("{id}: no {kind:?} in period {period}"))
        };
        let advance = |n: u8| InstalmentKind::Advance { number: n };
        let contracted = num(&cli.meter(id)["state"]["contracted_monthly_amount"]);
        assert_eq!(
            [
                of(0, advance(1)).amount.u128(),
                of(0, advance(2)).amount.u128()
            ]
            .to_vec(),
            advances(contracted, &[3_000, 4_000]),
            "{id}: advances of the contracted amount"
        );
        let day_start = |period: u64, d: u64| origin + (period * days + d - 1) * day;
        assert_eq!(of(0, advance(1)).due, day_start(0, 10));
        assert_eq!(of(0, advance(2)).due, day_start(0, 25));
        let fin = of(0, InstalmentKind::Final);
        assert_eq!(fin.due, day_start(1, 18));
        let next1 = of(1, advance(1));
        assert_eq!(
            next1.amount.u128(),
            advances(bill.total.u128(), &[3_000])[0],
            "{id}: period 1 is estimated from the bill"
        );
        assert_eq!(next1.due, day_start(1, 10));

        if owner == alice || owner == bob {
            // Paid automatically, each on time, from the prepaid balance.
            for inst in [of(0, advance(1)), of(0, advance(2)), fin, next1] {
                assert_eq!(inst.status, InstalmentStatus::Paid, "{id}: {inst:?}");
                assert_eq!(paid_by(inst), vec![PaymentSource::Automatic], "{id}");
            }
            let advances_paid = of(0, advance(1)).amount.u128() + of(0, advance(2)).amount.u128();
            assert_eq!(fin.amount.u128(), bill.total.u128() - advances_paid, "{id}");
        } else {
            assert_eq!(owner, carol);
            // Carol's advances went overdue and were replaced by the final instalment, which
            // went overdue too; the bank operator paid it and the next advance after her
            // deposit at the counter.
            for inst in [of(0, advance(1)), of(0, advance(2))] {
                assert_eq!(inst.status, InstalmentStatus::Superseded, "{id}");
                assert!(paid_by(inst).is_empty());
            }
            assert_eq!(fin.amount, bill.total, "{id}");
            for inst in [fin, next1] {
                assert_eq!(inst.status, InstalmentStatus::Paid, "{id}: {inst:?}");
                assert_eq!(paid_by(inst), vec![PaymentSource::Operator], "{id}");
                operator_paid += inst.amount.u128();
            }
        }
        // The bank's account of the bill agrees.
        assert_eq!(num(&view["account"]["total"]), bill.total.u128());
    }
    // Ten households' months.
    assert!(
        (1_000_000..10_000_000).contains(&energy),
        "the fleet used {energy} Wh"
    );
    assert!(
        cli.json(&["query", "overdue"])
            .as_array()
            .unwrap()
            .is_empty()
    );

    // The money: Carol's counter deposit was exactly what she owed; the retailer holds every
    // payment; what was minted is paid out or still prepaid.
    let totals = cli.json(&["query", "totals"]);
    let minted = num(&totals["minted"]);
    // 1000.00 for Alice, 1500.00 for Bob, in cents, and what Carol brought to the counter.
    assert_eq!(minted, 100_000 + 150_000 + operator_paid);
    let prepaid = num(&totals["prepaid"]);
    let paid_out = num(&totals["paid_out"]);
    assert_eq!(paid_out + prepaid, minted);
    let retailer_balance = num(&cli.json(&["query", "balance", "retailer"])["balance"]);
    assert_eq!(retailer_balance, paid_out);
    assert_eq!(
        num(&cli.json(&["query", "prepaid", "--consumer", &carol])[0]["balance"]),
        0
    );

    // What the demo printed and wrote.
    let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    for name in names.values() {
        assert!(summary.contains(name.as_str()), "{name} in the summary");
    }
    for m in meters {
        let id = m["meter_id"].as_str().unwrap();
        assert!(summary.contains(id), "{id} in the summary");
        assert_xlsx(&out.join(format!("readings-{id}.xlsx")));
    }
    assert_xlsx(&out.join("bills.xlsx"));
    for (owner, total) in billed {
        eprintln!(
            "{}: billed {}.{:02}",
            names[&owner],
            total / 100,
            total % 100
        );
    }
}

/// What makes a bill a real month's rather than a few seconds' fixed charges: a household's
/// hundreds of kWh, and the line each tariff is there for, with energy (or power) and money
/// in it.
fn assert_a_month(id: &str, tariff_id: &str, bill: &Bill) {
    assert!(
        (100_000..1_000_000).contains(&bill.energy_wh),
        "{id}: {} Wh is not a household's month",
        bill.energy_wh
    );
    let line = |kind: LineKind| -> (u64, u128) {
        bill.lines
            .iter()
            .find(|l| l.kind == kind)
            .map(|l| (l.quantity, l.amount.u128()))
            .unwrap_or_else(|| panic!("{id}: no {kind:?} line in {:?}", bill.lines))
    };
    let billed = |(quantity, amount): (u64, u128), what: &str| {
        assert!(
            quantity > 0 && amount > 0,
            "{id}: {what}: {quantity} for {amount}"
        );
    };
    match tariff_id {
        // The first block holds 100 kWh: the month reaches the second.
        "home-tiered" => billed(line(LineKind::Tier { index: 1 }), "second block"),
        // Off-peak nights, shoulder days, peak evenings.
        "home-tou" => {
            for band in 0..3 {
                billed(line(LineKind::TimeOfUse { band }), "time-of-use band");
            }
        }
        "business-demand" => {
            let demand = line(LineKind::Demand);
            billed(demand, "demand");
            assert_eq!(demand.0, bill.max_power_w, "{id}");
            // The highest average over a reading's 4.8 hours: a household's evening.
            assert!(
                (200..20_000).contains(&bill.max_power_w),
                "{id}: a peak of {} W",
                bill.max_power_w
            );
        }
        other => panic!("{id}: unexpected tariff {other}"),
    }
}

/// Runs scripts/demo.sh as `make demo` does, with a home and an output folder of its own;
/// checks that it leaves the gateway running (signing for the bank, serving the cabinets) and
/// stops it.
fn run_demo(home: &std::path::Path, out: &std::path::Path) {
    let bin_dir = binary("ledger").parent().unwrap().to_path_buf();
    binary("ledger-gateway");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port();
    let started = Instant::now();
    let status = Command::new(repo().join("scripts/demo.sh"))
        .env("DEMO_HOME", home)
        .env("DEMO_OUTPUT", out)
        .env("DEMO_BIN_DIR", &bin_dir)
        .env("DEMO_SKIP_BUILD", "1")
        .env("DEMO_GATEWAY", format!("127.0.0.1:{port}"))
        .env_remove("DEMO_STOP")
        .status()
        .expect("scripts/demo.sh runs");
    assert!(status.success(), "scripts/demo.sh failed: {status}");
    eprintln!("the demo took {:.0} s", started.elapsed().as_secs_f64());

    let pid = std::fs::read_to_string(home.join("gateway/pid")).expect("the gateway's pid file");
    let get = |path: &str| {
        let out = Command::new("curl")
            .args(["-sf", &format!("http://127.0.0.1:{port}{path}")])
            .output()
            .expect("curl runs");
        assert!(out.status.success(), "GET {path} from the demo's gateway");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let health: serde_json::Value = serde_json::from_str(&get("/health")).unwrap();
    let sign_in = get("/");
    let _ = Command::new("kill").arg(pid.trim()).status();
    assert_eq!(health["signer"], address("bank"), "{health}");
    assert!(sign_in.contains("<h1>Sign in</h1>"), "{sign_in}");
}

/// A real XLSX file: a zip archive holding the workbook.
fn assert_xlsx(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.len() > 1_000 && bytes.starts_with(b"PK"),
        "{} is an XLSX file",
        path.display()
    );
}
