//! `ledger region`: its command line, the refusals that need no chain, and its tables and JSON.

use clap::Parser;
use cosmwasm_std::{Addr, Uint128};
use ledger_client::{
    CodeIds, Contracts, Deployment, RegionCodeIds, RegionContracts, RegionDeployment,
};
use ledger_sdk::contracts::endpoint::{BillRecord, SentBill};
use ledger_sdk::contracts::router::{Region, RegionChannel, Route, RouteState};
use ledger_types::region::{BillStatus, ChainPoint, OutboxEntry, OutboxState, ToRegion};

use super::args::RegionCmd;
use super::deploy::{check_new_region, read_region_artifacts};
use crate::cli::{Cli, Command};
use crate::context::{GlobalArgs, TxArgs};
use crate::render::Output;
use crate::render::regions::{
    join_regions, link_command, outbox_table, region_bills_table, regions_table, routes_table,
    to_region_words,
};

fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(["ledger", "region"].iter().chain(args).copied())
}

fn region_cmd(args: &[&str]) -> (GlobalArgs, TxArgs, RegionCmd) {
    let cli = parse(args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    let Command::Region { tx, cmd } = cli.command else {
        panic!("not a region command");
    };
    (cli.globals, tx, cmd)
}

/// A table as printed to a pipe: whatever terminal runs the tests, nothing is wrapped.
fn unwrapped(mut table: comfy_table::Table) -> String {
    table.force_no_tty();
    table.to_string()
}

fn region_1() -> RegionDeployment {
    RegionDeployment {
        region: "region-1".into(),
        chain_id: "ledger-region-1".into(),
        node: "http://127.0.0.1:36657".into(),
        main_connection: "connection-0".into(),
        region_connection: "connection-1".into(),
        code_ids: RegionCodeIds {
            admin: 1,
            meter: 2,
            tariff: 3,
            endpoint: 4,
        },
        contracts: RegionContracts {
            registry: "wasm1registry".into(),
            tariff: "wasm1tariff".into(),
            endpoint: "wasm1endpoint".into(),
        },
    }
}

fn main_deployment(regions: Vec<RegionDeployment>) -> Deployment {
    Deployment {
        chain_id: "ledger-localnet-1".into(),
        node: "http://127.0.0.1:26657".into(),
        code_ids: CodeIds {
            admin: 1,
            meter: 2,
            tariff: 3,
            bank: 4,
            settlement_token: 5,
            draft: None,
            loan_share: None,
            router: Some(6),
            cloud_federation: None,
            park_market: None,
            park_certificates: None,
            park_credits: None,
            park_footprints: None,
        },
        contracts: Contracts {
            admin: "wasm1admin".into(),
            tariff: "wasm1maintariff".into(),
            bank: "wasm1bank".into(),
            token: "wasm1token".into(),
            draft: None,
            loan_share: None,
            loan_token: None,
            router: Some("wasm1router".into()),
            cloud_federation: None,
            park_market: None,
            park_certificates: None,
            park_credits: None,
            park_footprints: None,
        },
        regions,
    }
}

#[test]
fn deploy_takes_the_sub_chain_from_the_global_flags() {
    let (globals, tx, cmd) = region_cmd(&[
        "deploy",
        "region-1",
        "--node",
        "http://127.0.0.1:36657",
        "--chain-id",
        "ledger-region-1",
        "--main-connection",
        "connection-0",
        "--region-connection",
        "connection-1",
        "--from",
        "admin",
    ]);
    assert_eq!(globals.node.as_deref(), Some("http://127.0.0.1:36657"));
    assert_eq!(globals.chain_id.as_deref(), Some("ledger-region-1"));
    assert_eq!(tx.from.as_deref(), Some("admin"));
    let RegionCmd::Deploy(args) = cmd else {
        panic!("not deploy");
    };
    assert_eq!(args.name, "region-1");
    assert_eq!(
        (
            args.main_connection.as_str(),
            args.region_connection.as_str()
        ),
        ("connection-0", "connection-1")
    );
    assert_eq!(args.artifacts, std::path::PathBuf::from("artifacts"));
    assert_eq!((args.timeout_seconds, args.max_attempts), (600, 5));
    assert_eq!(args.label, "ledger");

    let base = [
        "deploy",
        "region-1",
        "--main-connection",
        "c",
        "--region-connection",
        "c",
    ];
    let with = |extra: &[&str]| parse(&[&base[..], extra].concat());
    let RegionCmd::Deploy(args) = region_cmd(
        &[
            &base[..],
            &[
                "--timeout-seconds",
                "30",
                "--max-attempts",
                "9",
                "--artifacts",
                "wasm",
            ],
        ]
        .concat(),
    )
    .2
    else {
        panic!("not deploy");
    };
    assert_eq!((args.timeout_seconds, args.max_attempts), (30, 9));
    assert_eq!(args.artifacts, std::path::PathBuf::from("wasm"));
    assert!(with(&["--timeout-seconds", "0"]).is_err());
    assert!(with(&["--max-attempts", "0"]).is_err());
    assert!(parse(&["deploy", "region-1", "--main-connection", "c"]).is_err());
    assert!(
        parse(&[
            "deploy",
            "--main-connection",
            "c",
            "--region-connection",
            "c"
        ])
        .is_err()
    );
}

#[test]
fn queries_and_retry_parse() {
    let (globals, _, cmd) = region_cmd(&["list", "-o", "json"]);
    assert_eq!(globals.output, Output::Json);
    assert!(matches!(cmd, RegionCmd::List));
    assert!(
        matches!(region_cmd(&["show", "region-1"]).2, RegionCmd::Show { name } if name == "region-1")
    );
    assert!(matches!(
        region_cmd(&["routes", "region-1", "--limit", "5"]).2,
        RegionCmd::Routes { name, limit } if name == "region-1" && limit.limit == 5
    ));
    assert!(
        matches!(region_cmd(&["route", "m-1"]).2, RegionCmd::Route { meter } if meter == "m-1")
    );
    assert!(matches!(
        region_cmd(&["outbox"]).2,
        RegionCmd::Outbox { region: None, limit } if limit.limit == 1000
    ));
    assert!(matches!(
        region_cmd(&["outbox", "--region", "region-2"]).2,
        RegionCmd::Outbox { region: Some(r), .. } if r == "region-2"
    ));
    assert!(
        matches!(region_cmd(&["bills", "region-1"]).2, RegionCmd::Bills { name, .. } if name == "region-1")
    );
    assert!(matches!(
        region_cmd(&["confirmations", "region-1", "3"]).2,
        RegionCmd::Confirmations { name, period: 3, .. } if name == "region-1"
    ));
    assert!(matches!(
        region_cmd(&["retry", "7", "--region", "region-1", "--from", "op"]).2,
        RegionCmd::Retry { id: 7, region: Some(r) } if r == "region-1"
    ));
    assert!(matches!(
        region_cmd(&["retry", "7"]).2,
        RegionCmd::Retry {
            id: 7,
            region: None
        }
    ));

    assert!(parse(&["confirmations", "region-1"]).is_err());
    assert!(parse(&["confirmations", "region-1", "third"]).is_err());
    assert!(parse(&["retry"]).is_err());
    assert!(parse(&["show"]).is_err());
}

#[test]
fn a_region_already_in_the_file_or_on_the_main_chain_is_refused() {
    let deployment = main_deployment(vec![region_1()]);
    assert!(check_new_region(&deployment, "region-2", "ledger-region-2").is_ok());

    let err = check_new_region(&deployment, "region-1", "ledger-region-9")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "the deployment file already has region 'region-1' (chain ledger-region-1, endpoint \
         wasm1endpoint): pick another name, or see it with `ledger region show region-1`"
    );
    let err = check_new_region(&deployment, "region-2", "ledger-localnet-1")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("--chain-id ledger-localnet-1 is the main chain's"),
        "{err}"
    );
    let err = check_new_region(&deployment, "region-2", "ledger-region-1")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "chain ledger-region-1 already holds region 'region-1': each region has its own sub-chain"
    );
    for bad in ["", "Region-1", "region_1", "région", &"r".repeat(33)] {
        let err = check_new_region(&deployment, bad, "ledger-region-2")
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot name a region"), "{bad:?}: {err}");
    }
}

#[test]
fn deploy_refuses_before_connecting_to_any_chain() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deployment.json");
    main_deployment(vec![region_1()]).save(&file).unwrap();
    let file = file.to_str().unwrap();
    let run = |args: &[&str]| {
        let cli = Cli::try_parse_from(
            ["ledger", "--deployment", file, "region", "deploy"]
                .iter()
                .chain(args)
                .copied(),
        )
        .unwrap();
        crate::run(cli).unwrap_err().to_string()
    };
    // No node listens at port 9: a refusal that needed a chain would say so instead.
    let chain = [
        "--node",
        "http://127.0.0.1:9",
        "--main-connection",
        "c",
        "--region-connection",
        "c",
    ];
    let err = run(&[&["region-1", "--chain-id", "ledger-region-2"], &chain[..]].concat());
    assert!(
        err.starts_with("the deployment file already has region 'region-1'"),
        "{err}"
    );
    let err = run(&[&["region-2", "--chain-id", "ledger-localnet-1"], &chain[..]].concat());
    assert!(err.contains("is the main chain's"), "{err}");
    let err = run(&[
        "region-2",
        "--main-connection",
        "c",
        "--region-connection",
        "c",
    ]);
    assert!(err.contains("--node <URL> and --chain-id <ID>"), "{err}");
}

#[test]
fn missing_artifacts_name_the_router_only_when_it_is_needed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("admin.wasm"), b"\0asm").unwrap();
    let err = read_region_artifacts(dir.path(), true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("router.wasm"), "{err}");
    assert!(err.ends_with("or pass --artifacts <dir>"), "{err}");
    let err = read_region_artifacts(dir.path(), false)
        .unwrap_err()
        .to_string();
    assert!(!err.contains("router.wasm"), "{err}");
    assert!(err.contains("region_endpoint.wasm"), "{err}");
}

#[test]
fn the_link_command_opens_an_unordered_channel_between_router_and_endpoint() {
    assert_eq!(
        link_command("region-1", "wasm1router", "wasm1endpoint"),
        "relayer/link.sh main-region-1 --src-port wasm.wasm1router --dst-port wasm.wasm1endpoint \
         --version ledger-region-1 --order unordered"
    );
}

fn router_regions() -> Vec<Region> {
    vec![
        Region {
            region: "region-1".into(),
            connection_id: "connection-0".into(),
            endpoint_port: "wasm.wasm1endpoint".into(),
            channel: RegionChannel::Open {
                channel_id: "channel-3".into(),
            },
        },
        Region {
            region: "region-7".into(),
            connection_id: "connection-4".into(),
            endpoint_port: "wasm.wasm1other".into(),
            channel: RegionChannel::Awaiting,
        },
    ]
}

#[test]
fn the_region_list_joins_the_file_with_the_router() {
    let mut only_in_file = region_1();
    only_in_file.region = "region-2".into();
    only_in_file.chain_id = "ledger-region-2".into();
    only_in_file.node = "http://127.0.0.1:46657".into();
    only_in_file.contracts.endpoint = "wasm1second".into();
    let rows = join_regions(&[region_1(), only_in_file], &router_regions());
    let names: Vec<&str> = rows.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(names, ["region-1", "region-2", "region-7"]);

    let table = unwrapped(regions_table(&rows));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines,
        [
            "┌──────────┬────────────────────────────┬────────────────────────┬──────────────┬────────────────────┬────────────────────────────────────────────────────────────────┐",
            "│ region   ┆ chain id                   ┆ node                   ┆ connection   ┆ endpoint port      ┆ channel                                                        │",
            "╞══════════╪════════════════════════════╪════════════════════════╪══════════════╪════════════════════╪════════════════════════════════════════════════════════════════╡",
            "│ region-1 ┆ ledger-region-1            ┆ http://127.0.0.1:36657 ┆ connection-0 ┆ wasm.wasm1endpoint ┆ open (channel-3)                                               │",
            "│ region-2 ┆ ledger-region-2            ┆ http://127.0.0.1:46657 ┆ connection-0 ┆ wasm.wasm1second   ┆ not in the router: deploy it again with `ledger region deploy` │",
            "│ region-7 ┆ not in the deployment file ┆                        ┆ connection-4 ┆ wasm.wasm1other    ┆ awaiting: open it with relayer/link.sh                         │",
            "└──────────┴────────────────────────────┴────────────────────────┴──────────────┴────────────────────┴────────────────────────────────────────────────────────────────┘",
        ]
    );

    let json = serde_json::to_value(&rows[..1]).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "region": "region-1",
            "deployment": {
                "region": "region-1",
                "chain_id": "ledger-region-1",
                "node": "http://127.0.0.1:36657",
                "main_connection": "connection-0",
                "region_connection": "connection-1",
                "code_ids": {"admin": 1, "meter": 2, "tariff": 3, "endpoint": 4},
                "contracts": {
                    "registry": "wasm1registry",
                    "tariff": "wasm1tariff",
                    "endpoint": "wasm1endpoint"
                }
            },
            "router": {
                "region": "region-1",
                "connection_id": "connection-0",
                "endpoint_port": "wasm.wasm1endpoint",
                "channel": {"open": {"channel_id": "channel-3"}}
            }
        }])
    );
}

fn bill_record() -> BillRecord {
    BillRecord {
        meter_id: "m-1".into(),
        period: 4,
        sent: Some(SentBill {
            packet_id: 12,
            readings_digest: "ab".repeat(32),
            sent_at: 1_793_491_200,
        }),
        confirmed: Some(ChainPoint {
            height: 812,
            time: 1_793_491_260,
        }),
        status: Some(BillStatus {
            meter_id: "m-1".into(),
            period: 4,
            total: Uint128::new(12_345),
            paid: Uint128::new(4_000),
            settled: false,
            revision: 2,
            at: ChainPoint {
                height: 900,
                time: 1_793_491_800,
            },
        }),
    }
}

#[test]
fn a_region_bill_shows_its_sending_confirmation_and_payment() {
    let unsent = BillRecord {
        meter_id: "m-2".into(),
        period: 4,
        sent: None,
        confirmed: None,
        status: None,
    };
    let table = unwrapped(region_bills_table(&[bill_record(), unsent]));
    let rows: Vec<Vec<String>> = table
        .lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| {
            l.trim_matches('│')
                .split('┆')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            vec![
                "meter",
                "period",
                "sent",
                "confirmed",
                "total",
                "paid",
                "settled"
            ],
            vec![
                "m-1",
                "4",
                "packet 12 at 2026-11-01 00:00:00 UTC",
                "block 812 at 2026-11-01 00:01:00 UTC",
                "123.45",
                "40.00",
                "no"
            ],
            vec![
                "m-2",
                "4",
                "not sent from here",
                "not yet",
                "",
                "",
                "no status yet"
            ],
        ]
    );

    let json = serde_json::to_value(bill_record()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "meter_id": "m-1",
            "period": 4,
            "sent": {"packet_id": 12, "readings_digest": "ab".repeat(32), "sent_at": 1_793_491_200},
            "confirmed": {"height": 812, "time": 1_793_491_260},
            "status": {
                "meter_id": "m-1",
                "period": 4,
                "total": "12345",
                "paid": "4000",
                "settled": false,
                "revision": 2,
                "at": {"height": 900, "time": 1_793_491_800}
            }
        })
    );
}

#[test]
fn routes_and_packets_are_put_into_words() {
    let routes = [
        Route {
            meter_id: "m-1".into(),
            region: "region-1".into(),
            consumer: Addr::unchecked("wasm1alice"),
            state: RouteState::Active {
                meter_contract: "wasm1meter".into(),
            },
        },
        Route {
            meter_id: "m-2".into(),
            region: "region-1".into(),
            consumer: Addr::unchecked("wasm1bob"),
            state: RouteState::Refused {
                code: "region_endpoint.unknown_tariff".into(),
                message: "no tariff t-9".into(),
            },
        },
    ];
    let table = unwrapped(routes_table(&routes));
    assert!(
        table.contains("│ m-1   ┆ region-1 ┆ wasm1alice ┆ active in wasm1meter"),
        "{table}"
    );
    assert!(
        table.contains("refused [region_endpoint.unknown_tariff]: no tariff t-9"),
        "{table}"
    );

    let entry = OutboxEntry {
        id: 3,
        channel_id: "channel-3".into(),
        body: ToRegion::OwnerStanding {
            consumer: "wasm1alice".into(),
            blocked: true,
            revision: 5,
        },
        attempts: 5,
        first_sent: 1_793_491_200,
        last_sent: 1_793_494_200,
        state: OutboxState::Stuck,
    };
    assert_eq!(
        to_region_words(&entry.body),
        "wasm1alice blocked (revision 5)"
    );
    let table = unwrapped(outbox_table(&[entry], to_region_words));
    assert!(
        table.contains("stuck (timed out every time): `ledger region retry`"),
        "{table}"
    );
    assert!(table.contains("2026-11-01 00:50:00 UTC"), "{table}");
}
