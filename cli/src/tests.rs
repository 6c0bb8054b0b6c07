//! Argument parsing: the command tree is consistent and the flags mean what the help says.

use clap::{CommandFactory, Parser};

use crate::args::RoleArg;
use crate::cli::{Cli, Command};
use crate::commands::core::admin::{AdminCmd, AdminMeterCmd, ParticipantCmd};
use crate::commands::core::bank::BankCmd;
use crate::commands::core::deploy::CycleKind;
use crate::commands::query::QueryCmd;
use crate::render::Output;
use crate::units::GasSetting;
use crate::when::When;
use ledger_sdk::contracts::registry::MeterKind;

fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(std::iter::once("ledger").chain(args.iter().copied()))
}

#[test]
fn the_command_tree_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn every_command_and_argument_has_help() {
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if ["help", "version"].contains(&id) {
                continue;
            }
            if arg.get_help().is_none() {
                missing.push(format!("{path} --{id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            let sub_path = format!("{path} {}", sub.get_name());
            if sub.get_about().is_none() && sub.get_name() != "help" {
                missing.push(sub_path.clone());
            }
            walk(sub, &sub_path, missing);
        }
    }
    let mut missing = Vec::new();
    walk(&Cli::command(), "ledger", &mut missing);
    assert!(missing.is_empty(), "without help: {missing:#?}");
}

#[test]
fn global_flags_go_anywhere_and_have_wasmd_defaults() {
    let cli = parse(&[
        "query",
        "participants",
        "-o",
        "json",
        "--node",
        "http://n:1",
    ])
    .unwrap();
    assert_eq!(cli.globals.output, Output::Json);
    assert_eq!(cli.globals.node.as_deref(), Some("http://n:1"));
    let cli = parse(&["--home", "/h", "bank", "settle", "--from", "bank"]).unwrap();
    assert_eq!(
        cli.globals.home.as_deref(),
        Some(std::path::Path::new("/h"))
    );
    let Command::Bank { tx, .. } = cli.command else {
        panic!("not bank")
    };
    assert_eq!(tx.from.as_deref(), Some("bank"));
    assert_eq!(tx.gas, GasSetting::Auto);
    assert_eq!(tx.gas_adjustment.to_string(), "1.4");
    assert_eq!(tx.gas_prices.to_string(), "0.025stake");
    let defaults = crate::context::TxArgs::default();
    assert_eq!(
        (defaults.gas, defaults.gas_adjustment, defaults.gas_prices),
        (tx.gas, tx.gas_adjustment, tx.gas_prices)
    );
    let cli = parse(&[
        "bank",
        "--from",
        "admin",
        "settle",
        "--gas",
        "250000",
        "--gas-prices",
        "0.1stake",
        "--fees",
        "9stake",
        "--tx-timeout",
        "240",
    ])
    .unwrap();
    let Command::Bank { tx, .. } = cli.command else {
        panic!("not bank")
    };
    assert_eq!(tx.from.as_deref(), Some("admin"));
    assert_eq!(tx.gas, GasSetting::Fixed(250_000));
    let app = crate::context::App {
        args: cli.globals.clone(),
        tx: tx.clone(),
    };
    let config = app.config_for("http://n:1".into(), "c-1".into());
    assert_eq!(config.tx_timeout, std::time::Duration::from_secs(240));
    assert_eq!(config.gas_price.to_string(), "0.1");
    assert_eq!(tx.fees.unwrap().amount, 9);
    assert!(parse(&["bank", "settle", "--tx-timeout", "soon"]).is_err());
    assert!(parse(&["bank", "settle", "--gas", "lots"]).is_err());
    assert!(parse(&["bank", "settle", "--gas-prices", "0.025"]).is_err());
    assert!(parse(&["-o", "yaml", "query", "tariffs"]).is_err());
    // Queries have no transaction flags: their --from is a time.
    assert!(parse(&["query", "tariffs", "--from", "admin"]).is_err());
}

#[test]
fn deploy_takes_a_demo_cycle() {
    let cli = parse(&[
        "deploy",
        "--artifacts",
        "a",
        "--cycle",
        "days",
        "--days",
        "4",
        "--day-seconds",
        "5",
        "--origin",
        "now",
        "--advance",
        "3000@2",
        "--advance",
        "4000@4",
        "--final-day",
        "3",
        "--token-symbol",
        "DEMO",
    ])
    .unwrap();
    let Command::Deploy { args, .. } = cli.command else {
        panic!("not deploy")
    };
    assert_eq!(args.cycle, CycleKind::Days);
    assert_eq!(args.origin, When::Now);
    let settings = args.meter_settings(1_000).unwrap();
    assert_eq!(
        settings.cycle,
        ledger_types::billing::BillingCycle::Days {
            origin: 1_000,
            days: 4,
            day_seconds: 5
        }
    );
    assert_eq!(settings.schedule.advances.len(), 2);
    // The default schedule (days 10 and 25) does not fit 4-day periods.
    let cli = parse(&["deploy", "--cycle", "days", "--days", "4"]).unwrap();
    let Command::Deploy { args, .. } = cli.command else {
        panic!("not deploy")
    };
    let err = args.meter_settings(0).unwrap_err().to_string();
    assert!(err.contains("due day 10 is outside 1..=4"), "{err}");
    let cli = parse(&["deploy", "--utc-offset-minutes", "-300"]).unwrap();
    let Command::Deploy { args, .. } = cli.command else {
        panic!("not deploy")
    };
    assert_eq!(args.utc_offset_minutes, -300);
    assert!(parse(&["deploy", "--no-advances", "--advance", "3000@2"]).is_err());
}

#[test]
fn deploy_takes_the_park_market_s_schedule_and_checks_it_first() {
    let deploy = |extra: &[&str]| {
        let mut args = vec!["deploy"];
        args.extend(extra);
        let Command::Deploy { args, .. } = parse(&args).unwrap().command else {
            panic!("not deploy")
        };
        args
    };
    // Without flags: quarter hours from the epoch.
    let default = deploy(&[]);
    assert_eq!(
        default.park_schedule(),
        ledger_sdk::deploy::DEFAULT_PARK_SCHEDULE
    );
    assert_eq!(
        default
            .deploy_settings(Default::default())
            .park_max_orders_per_slot,
        200
    );
    default.check_park_settings().unwrap();
    // The localnet's: minute slots, gates closing 20 s ahead, settled 20 s after.
    let localnet = deploy(&[
        "--park-slot-seconds",
        "60",
        "--park-origin",
        "1800000000",
        "--park-gate-closure-seconds",
        "20",
        "--park-settlement-delay-seconds",
        "20",
        "--park-max-orders-per-slot",
        "40",
    ]);
    localnet.check_park_settings().unwrap();
    let settings = localnet.deploy_settings(Default::default());
    assert_eq!(
        settings.park_schedule,
        ledger_types::park::SlotSchedule {
            origin: 1_800_000_000,
            slot_seconds: 60,
            gate_closure_seconds: 20,
            settlement_delay_seconds: 20,
        }
    );
    assert_eq!(settings.park_max_orders_per_slot, 40);
    let refused = |extra: &[&str]| deploy(extra).check_park_settings().unwrap_err().to_string();
    let err = refused(&["--park-slot-seconds", "30"]);
    assert!(err.contains("must last 60 s to 3600 s"), "{err}");
    let err = refused(&["--park-slot-seconds", "480"]);
    assert!(err.contains("divide an hour"), "{err}");
    let err = refused(&["--park-slot-seconds", "60", "--park-origin", "90"]);
    assert!(
        err.contains("not on a multiple of the slot's 60 s"),
        "{err}"
    );
    let err = refused(&["--park-max-orders-per-slot", "1"]);
    assert!(err.contains("give 2 to 500"), "{err}");

    // Certificates: a year's validity, and unsold output certified once the hour's last slot
    // may be settled and one more slot has passed.
    let settings = default.deploy_settings(Default::default());
    assert_eq!(settings.park_certificate_validity_seconds, 365 * 86_400);
    assert_eq!(settings.park_certificate_issuance_delay_seconds, None);
    let certs = deploy(&[
        "--park-certificate-validity-days",
        "30",
        "--park-certificate-issuance-delay-seconds",
        "120",
    ]);
    certs.check_park_settings().unwrap();
    let settings = certs.deploy_settings(Default::default());
    assert_eq!(settings.park_certificate_validity_seconds, 30 * 86_400);
    assert_eq!(settings.park_certificate_issuance_delay_seconds, Some(120));
    let err = refused(&["--park-certificate-validity-days", "0"]);
    assert!(err.contains("give 1 to 1825 days"), "{err}");
    let err = refused(&["--park-certificate-issuance-delay-seconds", "700000"]);
    assert!(err.contains("at most a week"), "{err}");
}

#[test]
fn participants_take_repeated_roles() {
    let cli = parse(&[
        "admin",
        "participant",
        "add",
        "wasm1x",
        "--name",
        "Shop",
        "--role",
        "consumer",
        "--role",
        "retailer",
    ])
    .unwrap();
    let Command::Admin {
        cmd: AdminCmd::Participant(ParticipantCmd::Add { roles, name, .. }),
        ..
    } = cli.command
    else {
        panic!("wrong command")
    };
    assert_eq!(name, "Shop");
    assert_eq!(roles, [RoleArg::Consumer, RoleArg::Retailer]);
    assert!(parse(&["admin", "participant", "add", "wasm1x", "--name", "S"]).is_err());
    assert!(
        parse(&[
            "admin",
            "participant",
            "add",
            "wasm1x",
            "--name",
            "S",
            "--role",
            "admin"
        ])
        .is_err()
    );
    assert!(parse(&["admin", "participant", "set-status", "wasm1x", "suspended"]).is_ok());
    assert!(
        parse(&["admin", "blacklist", "wasm1x"]).is_err(),
        "--reason is required"
    );
}

#[test]
fn meters_need_exactly_one_key_source() {
    let base = [
        "admin",
        "meter",
        "register",
        "m-1",
        "--owner",
        "c",
        "--retailer",
        "r",
        "--tariff",
        "t",
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        parse(&args)
    };
    assert!(with(&[]).is_err());
    assert!(with(&["--pubkey", "02ab", "--generate-key", "k.json"]).is_err());
    let cli = with(&["--generate-key", "k.json", "--contracted-amount", "80.50"]).unwrap();
    let Command::Admin {
        cmd: AdminCmd::Meter(AdminMeterCmd::Register(args)),
        ..
    } = cli.command
    else {
        panic!("wrong command")
    };
    assert_eq!(args.contracted_amount.minor(), 8_050);
    assert!(with(&["--pubkey", "02ab", "--contracted-amount", "1.234"]).is_err());
}

#[test]
fn meters_are_consumption_meters_unless_told() {
    let kind_of = |extra: &[&str]| {
        let mut args = vec![
            "admin",
            "meter",
            "register",
            "m-1",
            "--owner",
            "c",
            "--retailer",
            "r",
            "--tariff",
            "t",
            "--pubkey",
            "02ab",
        ];
        args.extend_from_slice(extra);
        let Command::Admin {
            cmd: AdminCmd::Meter(AdminMeterCmd::Register(args)),
            ..
        } = parse(&args)?.command
        else {
            panic!("not admin meter register")
        };
        Ok::<_, clap::Error>(MeterKind::from(args.kind))
    };
    assert_eq!(kind_of(&[]).unwrap(), MeterKind::Consumption);
    assert_eq!(
        kind_of(&["--kind", "generation"]).unwrap(),
        MeterKind::Generation
    );
    assert_eq!(
        kind_of(&["--kind", "consumption"]).unwrap(),
        MeterKind::Consumption
    );
    assert!(kind_of(&["--kind", "storage"]).is_err());
}

#[test]
fn bank_amounts_are_currency() {
    let cli = parse(&["bank", "pay", "--meter", "m-1", "--amount", "12.5"]).unwrap();
    let Command::Bank {
        cmd: BankCmd::Pay { amount, .. },
        ..
    } = cli.command
    else {
        panic!("wrong command")
    };
    assert_eq!(amount.minor(), 1_250);
    assert!(
        parse(&[
            "bank",
            "deposit",
            "--reference",
            "r",
            "--recipient",
            "c",
            "--amount",
            "-5"
        ])
        .is_err()
    );
}

#[test]
fn queries_cap_their_lists_and_check_combinations() {
    let cli = parse(&[
        "q",
        "readings",
        "--meter",
        "m",
        "--from",
        "2026-11-01",
        "--limit",
        "5",
    ])
    .unwrap();
    let Command::Query(QueryCmd::Readings { from, limit, .. }) = cli.command else {
        panic!("wrong command")
    };
    assert_eq!(from, Some(When::At(1_793_491_200)));
    assert_eq!(limit.limit, 5);
    assert!(parse(&["query", "readings", "--meter", "m", "--limit", "0"]).is_err());
    assert!(parse(&["query", "payments"]).is_err());
    assert!(
        parse(&["query", "payments", "--meter", "m"]).is_err(),
        "--period needed"
    );
    assert!(parse(&["query", "payments", "--meter", "m", "--period", "3"]).is_ok());
    assert!(
        parse(&[
            "query",
            "payments",
            "--consumer",
            "c",
            "--meter",
            "m",
            "--period",
            "3"
        ])
        .is_err()
    );
    assert!(parse(&["query", "quote"]).is_err());
    assert!(parse(&["query", "quote", "--meter", "m"]).is_ok());
    assert!(parse(&["query", "quote", "--tariff", "t", "--energy-kwh", "120.5"]).is_ok());
    assert!(parse(&["query", "bank-totals"]).is_ok());
    assert!(
        parse(&["export", "readings", "--meter", "m"]).is_err(),
        "--month or --period"
    );
    assert!(parse(&["export", "readings", "--meter", "m", "--month", "2026-11"]).is_ok());
    assert!(parse(&["export", "readings", "--meter", "m", "--month", "2026-13"]).is_err());
}

#[test]
fn error_text_joins_causes_without_repeating_them() {
    let inner = anyhow::anyhow!("contract error: unauthorized");
    let outer = inner.context("storing admin.wasm failed");
    assert_eq!(
        crate::errors::error_text(&outer),
        "storing admin.wasm failed: contract error: unauthorized"
    );
}

#[test]
fn region_flags_reach_tariffs_meters_and_tariff_queries() {
    use crate::commands::metering::meter::MeterCmd;
    use crate::commands::metering::tariff::TariffCmd;

    let cli = parse(&[
        "tariff", "create", "--file", "t.json", "--region", "region-1", "--from", "retailer",
    ])
    .unwrap();
    let Command::Tariff {
        cmd: TariffCmd::Create { region, .. },
        ..
    } = cli.command
    else {
        panic!("not tariff create")
    };
    assert_eq!(region.name(), Some("region-1"));
    assert_eq!(region.suffix(), " in region-1");
    let cli = parse(&["tariff", "set-owner", "--tariff", "t", "--owner", "r"]).unwrap();
    let Command::Tariff {
        cmd: TariffCmd::SetOwner { region, .. },
        ..
    } = cli.command
    else {
        panic!("not tariff set-owner")
    };
    assert_eq!((region.name(), region.suffix()), (None, String::new()));
    let cli = parse(&[
        "tariff",
        "add-version",
        "--file",
        "t.json",
        "--region",
        "region-2",
    ])
    .unwrap();
    assert!(matches!(
        cli.command,
        Command::Tariff { cmd: TariffCmd::AddVersion { region, .. }, .. }
            if region.name() == Some("region-2")
    ));

    let cli = parse(&[
        "admin",
        "meter",
        "register",
        "m-9",
        "--owner",
        "c",
        "--retailer",
        "r",
        "--tariff",
        "t",
        "--pubkey",
        "02ab",
        "--region",
        "region-1",
    ])
    .unwrap();
    let Command::Admin {
        cmd: AdminCmd::Meter(AdminMeterCmd::Register(args)),
        ..
    } = cli.command
    else {
        panic!("not admin meter register")
    };
    assert_eq!(args.region.as_deref(), Some("region-1"));

    let cli = parse(&["query", "tariffs", "--region", "region-1", "-o", "json"]).unwrap();
    assert!(matches!(
        cli.command,
        Command::Query(QueryCmd::Tariffs { region, .. }) if region.name() == Some("region-1")
    ));
    let cli = parse(&["query", "tariff", "t", "--region", "region-1"]).unwrap();
    assert!(matches!(
        cli.command,
        Command::Query(QueryCmd::Tariff { region, .. }) if region.name() == Some("region-1")
    ));
    // A meter's quote uses the meter's own chain, so --region would contradict it.
    assert!(parse(&["query", "quote", "--meter", "m-1", "--region", "region-1"]).is_err());
    assert!(
        parse(&[
            "query",
            "quote",
            "--tariff",
            "t",
            "--energy-kwh",
            "1",
            "--region",
            "r"
        ])
        .is_ok()
    );

    // Readings find their meter's chain themselves; --region only places an explicit contract.
    assert!(
        parse(&[
            "meter", "submit", "--file", "r.json", "--region", "region-1"
        ])
        .is_err()
    );
    let cli = parse(&[
        "meter",
        "submit",
        "--file",
        "r.json",
        "--contract",
        "wasm1m",
        "--region",
        "region-1",
    ])
    .unwrap();
    assert!(matches!(
        cli.command,
        Command::Meter { cmd: MeterCmd::Submit { region: Some(r), .. }, .. } if r == "region-1"
    ));
}
