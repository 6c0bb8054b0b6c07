use calamine::{Data, Reader, Xlsx, open_workbook};
use clap::Parser;
use cosmwasm_std::{Addr, Uint128};
use ledger_sdk::contracts::cloud::bills::{BillFilter, TotalsOf};
use ledger_sdk::contracts::cloud::leases::LeaseFilter;
use ledger_sdk::contracts::cloud::{
    Bill, CloseReason, InstanceType, Lease, LeaseStatus, LeasedInstance, PriceVersion, Prices,
    QuotaResponse, Resources,
};

use super::args::*;
use super::export::sums;
use super::parse_public_key;
use super::query::CloudQuery;
use crate::cli::{Cli, Command};
use crate::render::cloud::{
    EXPORT_COLUMNS, bills_csv, bills_table, bills_workbook, lease_record, leases_table,
    prices_table, quotas_table,
};

fn cloud_cmd(args: &[&str]) -> CloudCmd {
    let mut all = vec!["ledger", "cloud"];
    all.extend(args);
    match Cli::try_parse_from(all).unwrap().command {
        Command::Cloud { cmd, .. } => cmd,
        other => panic!("not a cloud command: {other:?}"),
    }
}

fn parse_err(args: &[&str]) -> String {
    let mut all = vec!["ledger", "cloud"];
    all.extend(args);
    Cli::try_parse_from(all).unwrap_err().to_string()
}

fn host() -> Resources {
    Resources {
        vcpus: 4,
        memory_mib: 8192,
        disk_gib: 100,
        public_ips: 1,
        gpus: 0,
    }
}

fn bill(lease_id: u64, consumer: &str, amount: u128, refund: u128) -> Bill {
    Bill {
        lease_id,
        provider: "uni-a".into(),
        consumer: consumer.into(),
        payer: Addr::unchecked("wasm1payer"),
        resources: host(),
        price_version: 1,
        instance_type: None,
        started_at: 1_800_000_000,
        charged_until: 1_800_003_600,
        seconds: 3_600,
        time_charge: Uint128::new(amount),
        usage_gb: 0,
        usage_charge: Uint128::zero(),
        amount: Uint128::new(amount),
        escrow: Uint128::new(amount + refund),
        refund: Uint128::new(refund),
        reason: CloseReason::ReleasedByUser,
        closed_at: 1_800_003_600 + lease_id,
        closed_by: Addr::unchecked("wasm1payer"),
    }
}

#[test]
fn providers_set_quotas_and_publish_prices_in_currency() {
    let CloudCmd::SetQuota(q) = cloud_cmd(&[
        "set-quota",
        "--provider",
        "uni-a",
        "--consumer",
        "uni-b",
        "--max-holding",
        "8h",
        "--vcpus",
        "16",
        "--memory-mib",
        "65536",
        "--disk-gib",
        "1000",
        "--public-ips",
        "2",
        "--from",
        "a-admin",
    ]) else {
        panic!("not set-quota")
    };
    let quota = q.quota();
    assert_eq!(quota.max_holding_seconds, 28_800);
    assert_eq!(
        (quota.vcpus, quota.memory_mib, quota.disk_gib),
        (16, 65_536, 1000)
    );
    assert_eq!((quota.public_ips, quota.gpus), (2, None));

    let CloudCmd::PublishPrices(p) = cloud_cmd(&[
        "publish-prices",
        "--provider",
        "uni-a",
        "--vcpu-hour",
        "0.10",
        "--memory-gib-hour",
        "0.04",
        "--disk-gib-hour",
        "0.01",
        "--effective-from",
        "2026-12-24",
    ]) else {
        panic!("not publish-prices")
    };
    let prices = p.prices().unwrap();
    assert_eq!(
        prices,
        Prices {
            per_vcpu_hour: 10,
            per_memory_gib_hour: 4,
            per_disk_gib_hour: 1,
            per_public_ip_hour: 0,
            per_gpu_hour: 0,
            per_gb_transferred: 0,
        }
    );
    assert_eq!(p.effective_from, crate::when::When::At(1_798_070_400));
    let err = parse_err(&[
        "publish-prices",
        "--provider",
        "uni-a",
        "--vcpu-hour",
        "0.105",
    ]);
    assert!(err.contains("at most 2 decimals"), "{err}");

    let CloudCmd::PublishPrices(p) = cloud_cmd(&[
        "publish-prices",
        "--provider",
        "uni-a",
        "--vcpu-hour",
        "0.10",
        "--memory-gib-hour",
        "0.04",
        "--disk-gib-hour",
        "0.01",
        "--instance",
        "m1.large:4:8192:100=1.25",
        "--instance",
        "g1.a100:8:65536:500:1:2=12",
    ]) else {
        panic!("not publish-prices")
    };
    assert_eq!(
        p.instance_types(),
        vec![
            InstanceType {
                name: "m1.large".into(),
                resources: Resources {
                    public_ips: 0,
                    ..host()
                },
                per_hour: 125,
            },
            InstanceType {
                name: "g1.a100".into(),
                resources: Resources {
                    vcpus: 8,
                    memory_mib: 65_536,
                    disk_gib: 500,
                    public_ips: 1,
                    gpus: 2,
                },
                per_hour: 1_200,
            },
        ]
    );
    let err = parse_err(&[
        "publish-prices",
        "--provider",
        "uni-a",
        "--vcpu-hour",
        "0.10",
        "--memory-gib-hour",
        "0.04",
        "--disk-gib-hour",
        "0.01",
        "--instance",
        "m1.large:4:8192=1",
    ]);
    assert!(err.contains("NAME:VCPUS:MEMORY_MIB:DISK_GIB"), "{err}");
}

#[test]
fn users_request_by_instance_type_or_by_resources_never_both() {
    let CloudCmd::Request(r) = cloud_cmd(&[
        "request",
        "--provider",
        "uni-a",
        "--instance",
        "m1.large",
        "--holding",
        "2h",
    ]) else {
        panic!("not request")
    };
    assert_eq!(r.instance.as_deref(), Some("m1.large"));
    assert!(r.resources().is_err());
    let err = parse_err(&[
        "request",
        "--provider",
        "uni-a",
        "--instance",
        "m1.large",
        "--vcpus",
        "4",
        "--holding",
        "2h",
    ]);
    assert!(err.contains("cannot be used with"), "{err}");
    let err = parse_err(&["request", "--provider", "uni-a", "--holding", "2h"]);
    assert!(
        err.contains("--vcpus") && err.contains("--memory-mib"),
        "{err}"
    );
}

#[test]
fn users_request_with_a_holding_period_and_an_optional_escrow() {
    let CloudCmd::Request(r) = cloud_cmd(&[
        "request",
        "--provider",
        "uni-a",
        "--vcpus",
        "4",
        "--memory-mib",
        "8192",
        "--disk-gib",
        "100",
        "--public-ips",
        "1",
        "--holding",
        "2h",
    ]) else {
        panic!("not request")
    };
    assert_eq!(r.resources(), Ok(host()));
    assert_eq!(r.instance, None);
    assert_eq!((r.holding.0, r.escrow), (7_200, None));
    let CloudCmd::Request(r) = cloud_cmd(&[
        "request",
        "--provider",
        "uni-a",
        "--vcpus",
        "1",
        "--memory-mib",
        "512",
        "--holding",
        "3600",
        "--escrow",
        "12.50",
    ]) else {
        panic!("not request")
    };
    assert_eq!(r.escrow.map(|m| m.minor()), Some(1_250));
    let err = parse_err(&[
        "request",
        "--provider",
        "uni-a",
        "--vcpus",
        "1",
        "--holding",
        "1x",
    ]);
    assert!(err.contains("not a length of time"), "{err}");
    assert!(matches!(
        cloud_cmd(&["reject", "--lease", "4", "--reason", "maintenance"]),
        CloudCmd::Reject { lease: 4, ref reason } if reason == "maintenance"
    ));
}

#[test]
fn queries_map_to_what_they_ask() {
    let q = |args: &[&str]| cloud_cmd(args).into_query().unwrap();
    assert_eq!(q(&["prices"]), CloudQuery::Prices { cap: 1000 });
    assert_eq!(
        q(&["bills", "--provider", "uni-a"]),
        CloudQuery::Bills {
            filter: BillFilter::Provider("uni-a".into()),
            cap: 1000
        }
    );
    assert_eq!(
        q(&[
            "bills",
            "--provider",
            "uni-a",
            "--consumer",
            "uni-b",
            "--limit",
            "5"
        ]),
        CloudQuery::Bills {
            filter: BillFilter::Pair {
                provider: "uni-a".into(),
                consumer: "uni-b".into()
            },
            cap: 5
        }
    );
    assert_eq!(
        q(&["bills", "--consumer", "uni-b"]),
        CloudQuery::Bills {
            filter: BillFilter::Consumer("uni-b".into()),
            cap: 1000
        }
    );
    assert_eq!(
        q(&["totals", "--consumer", "uni-b"]),
        CloudQuery::Totals(TotalsOf::Consumer("uni-b".into()))
    );
    assert_eq!(
        q(&["leases", "--open-at", "uni-a"]),
        CloudQuery::Leases {
            filter: LeaseFilter::OpenAt("uni-a".into()),
            cap: 1000
        }
    );
    assert_eq!(q(&["lease", "7"]), CloudQuery::Lease(7));
    // -o json is taken by every query.
    let cli = Cli::try_parse_from(["ledger", "-o", "json", "cloud", "prices"]).unwrap();
    assert_eq!(cli.globals.output, crate::render::Output::Json);
    // A bills list needs whose; totals too.
    assert!(parse_err(&["bills"]).contains("--provider"));
    assert!(parse_err(&["totals"]).contains("--provider"));
    // Transactions are not queries.
    assert!(cloud_cmd(&["accept", "--lease", "1"]).into_query().is_err());
}

#[test]
fn bills_export_is_a_subcommand_of_bills() {
    let cmd = cloud_cmd(&[
        "bills",
        "export",
        "--provider",
        "uni-a",
        "--format",
        "csv",
        "--out",
        "bills.csv",
    ]);
    let CloudCmd::Bills(BillsArgs {
        export: Some(BillsSub::Export(e)),
        ..
    }) = cmd
    else {
        panic!("not an export")
    };
    assert_eq!(e.provider, "uni-a");
    assert_eq!(e.format, ExportFormat::Csv);
    assert_eq!(e.out, std::path::PathBuf::from("bills.csv"));
    let err = parse_err(&[
        "bills",
        "export",
        "--provider",
        "uni-a",
        "--format",
        "ods",
        "--out",
        "x",
    ]);
    assert!(err.contains("csv") && err.contains("xlsx"), "{err}");
}

#[test]
fn encryption_keys_are_checked_before_sending() {
    let good = format!("02{}", "ab".repeat(32));
    assert_eq!(
        parse_public_key("--encryption-key", &good).unwrap().len(),
        33
    );
    let short = parse_public_key("--encryption-key", "02abcd")
        .unwrap_err()
        .to_string();
    assert!(
        short.contains("33 bytes") && short.contains("this one is 3 bytes"),
        "{short}"
    );
    let uncompressed = format!("04{}", "ab".repeat(32));
    assert!(parse_public_key("--encryption-key", &uncompressed).is_err());
    let not_hex = parse_public_key("--encryption-key", "zz")
        .unwrap_err()
        .to_string();
    assert!(not_hex.contains("not hex"), "{not_hex}");
}

#[test]
fn the_csv_export_ends_with_the_totals_of_its_bills() {
    let mut bills = [bill(1, "uni-b", 177, 23), bill(2, "uni-c", 1_000, 0)];
    bills[1].instance_type = Some("m1.large".into());
    let text = String::from_utf8(bills_csv(&bills).unwrap()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(lines[0], EXPORT_COLUMNS.join(","));
    assert!(
        lines[1].starts_with("1,uni-a,uni-b,wasm1payer,1,,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("2,uni-a,uni-c,wasm1payer,1,m1.large,"),
        "{}",
        lines[2]
    );
    assert!(
        lines[1].ends_with(",3600,1.77,0.00,1.77,0.23,released_by_user"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[3], "total,,,2 bills,,,,,7200,11.77,0.00,11.77,0.23,");
    let (amount, refunded) = sums(&bills).unwrap();
    assert_eq!((amount.u128(), refunded.u128()), (1_177, 23));
    // No bills: the header and a zero totals row.
    let empty = String::from_utf8(bills_csv(&[]).unwrap()).unwrap();
    assert!(
        empty.ends_with("total,,,0 bills,,,,,0,0.00,0.00,0.00,0.00,\n"),
        "{empty}"
    );
}

#[test]
fn the_xlsx_export_has_a_row_per_bill_and_the_totals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out/bills.xlsx");
    let mut bills = [bill(1, "uni-b", 177, 23), bill(2, "uni-c", 1_000, 0)];
    bills[1].instance_type = Some("m1.large".into());
    bills_workbook(&bills, &[("Provider", "uni-a".to_string())], &path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let rows: Vec<Vec<Data>> = book
        .worksheet_range("Bills")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][0], Data::String("lease".into()));
    assert_eq!(rows[0][5], Data::String("instance type".into()));
    assert_eq!(rows[2][2], Data::String("uni-c".into()));
    assert_eq!(rows[1][5], Data::Empty);
    assert_eq!(rows[2][5], Data::String("m1.large".into()));
    assert_eq!(rows[3][0], Data::String("total".into()));
    assert_eq!(rows[3][8], Data::Float(7_200.0));
    assert_eq!(rows[3][11], Data::Float(11.77));
    assert_eq!(rows[3][12], Data::Float(0.23));
    let about = book.worksheet_range("About").unwrap();
    assert_eq!(about.get((0, 1)), Some(&Data::String("uni-a".into())));
}

#[test]
fn tables_show_prices_in_currency_and_quotas_as_used_of_granted() {
    let version = PriceVersion {
        provider: "uni-a".into(),
        version: 2,
        prices: Prices {
            per_vcpu_hour: 10,
            per_memory_gib_hour: 4,
            per_disk_gib_hour: 1,
            per_public_ip_hour: 3,
            per_gpu_hour: 0,
            per_gb_transferred: 7,
        },
        effective_from: 1_800_000_000,
        published_at: 1_799_999_000,
        instance_types: vec![InstanceType {
            name: "m1.large".into(),
            resources: host(),
            per_hour: 125,
        }],
    };
    let t = prices_table(&[version]).to_string();
    assert!(
        t.contains("uni-a") && t.contains("0.10") && t.contains("0.07"),
        "{t}"
    );
    assert!(
        t.contains("m1.large 4 vCPU, 8192 MiB, 100 GiB, 1 IP: 1.25/h"),
        "{t}"
    );
    let quota = QuotaResponse {
        provider: "uni-a".into(),
        consumer: "uni-b".into(),
        quota: ledger_sdk::contracts::cloud::Quota {
            max_holding_seconds: 28_800,
            vcpus: 16,
            memory_mib: 65_536,
            disk_gib: 1_000,
            public_ips: 2,
            gpus: None,
        },
        in_use: host(),
        left: Resources::default(),
    };
    let t = quotas_table(&[quota]).to_string();
    assert!(
        t.contains("4/16") && t.contains("8192/65536") && t.contains("8h"),
        "{t}"
    );
    let t = bills_table(&[bill(1, "uni-b", 177, 23)]).to_string();
    assert!(t.contains("1.77") && t.contains("released_by_user"), "{t}");
}

#[test]
fn a_lease_shows_its_state_and_its_charge_now() {
    let lease = Lease {
        id: 3,
        provider: "uni-a".into(),
        consumer: "uni-b".into(),
        payer: Addr::unchecked("wasm1payer"),
        resources: host(),
        holding_seconds: 7_200,
        price_version: 1,
        prices: Prices::default(),
        instance_type: None,
        escrow: Uint128::new(354),
        status: LeaseStatus::Running,
        requested_at: 1_800_000_000,
        started_at: Some(1_800_000_060),
        ended_at: None,
        rejection: None,
        usage_gb: 0,
        usage_sequence: 0,
        usage_until: 0,
    };
    let charge = ledger_sdk::contracts::cloud::LeaseChargeResponse {
        lease_id: 3,
        charged_until: 1_800_001_860,
        time_charge: Uint128::new(88),
        usage_charge: Uint128::zero(),
        amount: Uint128::new(88),
        escrow: Uint128::new(354),
        holding_ends_at: 1_800_007_260,
        closable: false,
    };
    let t = lease_record(&lease, Some(&charge)).to_string();
    assert!(
        t.contains("running") && t.contains("0.88") && t.contains("not yet"),
        "{t}"
    );
    assert!(
        t.contains("4 vCPU, 8192 MiB, 100 GiB, 1 IP") && t.contains("2h"),
        "{t}"
    );
    let t = leases_table(std::slice::from_ref(&lease)).to_string();
    assert!(t.contains("3.54") && t.contains("v1"), "{t}");

    let typed = Lease {
        instance_type: Some(LeasedInstance {
            name: "m1.large".into(),
            per_hour: 125,
        }),
        ..lease
    };
    let t = lease_record(&typed, None).to_string();
    assert!(t.contains("m1.large at 1.25/h"), "{t}");
    let t = leases_table(&[typed]).to_string();
    assert!(t.contains("v1 m1.large"), "{t}");
    let mut b = bill(3, "uni-b", 125, 0);
    b.instance_type = Some("m1.large".into());
    let t = bills_table(&[b]).to_string();
    assert!(t.contains("v1 m1.large"), "{t}");
}

/// An app whose home is `home`, as `ledger --home <home> cloud ...` makes it.
fn app_in(home: &std::path::Path, json: bool) -> crate::context::App {
    let mut all = vec!["ledger", "--home", home.to_str().unwrap()];
    if json {
        all.extend(["-o", "json"]);
    }
    all.extend(["cloud", "orgs"]);
    let cli = Cli::try_parse_from(all).unwrap();
    crate::context::App {
        args: cli.globals,
        tx: crate::context::TxArgs::default(),
    }
}

#[test]
fn organisations_register_an_encryption_key_by_name_or_as_hex() {
    let CloudCmd::RegisterOrg {
        encryption_key,
        encryption_key_from,
        ..
    } = cloud_cmd(&[
        "register-org",
        "--id",
        "uni-a",
        "--name",
        "University A",
        "--admin",
        "retailer",
        "--encryption-key-from",
        "uni-a",
    ])
    else {
        panic!("not register-org")
    };
    assert_eq!(
        (encryption_key, encryption_key_from.as_deref()),
        (None, Some("uni-a"))
    );
    let base = [
        "register-org",
        "--id",
        "uni-a",
        "--name",
        "A",
        "--admin",
        "retailer",
    ];
    let neither = parse_err(&base);
    assert!(neither.contains("--encryption-key"), "{neither}");
    let mut both = base.to_vec();
    both.extend(["--encryption-key", "02ab", "--encryption-key-from", "uni-a"]);
    let both = parse_err(&both);
    assert!(both.contains("cannot be used with"), "{both}");
    let CloudCmd::UpdateOrg {
        encryption_key_from,
        payout,
        ..
    } = cloud_cmd(&[
        "update-org",
        "--org",
        "uni-a",
        "--encryption-key-from",
        "k2",
    ])
    else {
        panic!("not update-org")
    };
    assert_eq!((encryption_key_from.as_deref(), payout), (Some("k2"), None));
}

#[test]
fn an_organisation_s_key_is_made_encrypted_at_rest_and_found_by_name() {
    let home = tempfile::tempdir().unwrap();
    let app = app_in(home.path(), true);
    let missing = super::encryption_key_of(&app, None, Some("uni-a".into()))
        .unwrap_err()
        .to_string();
    assert!(
        missing.contains("no encryption key named 'uni-a'")
            && missing.contains("ledger cloud terms new-key --name uni-a"),
        "{missing}"
    );
    let store = crate::encryption_keys::store(&app).unwrap();
    store
        .generate("uni-a", "a passphrase of some length")
        .unwrap();
    let by_name = super::encryption_key_of(&app, None, Some("uni-a".into()))
        .unwrap()
        .unwrap();
    let info = store.info("uni-a").unwrap();
    assert_eq!(by_name.to_hex(), info.public_key);
    assert_eq!(by_name.len(), 33);
    // The file holds no secret in clear: the secret's hex is nowhere in it.
    let secret = store
        .load("uni-a", "a passphrase of some length")
        .unwrap()
        .secret_bytes();
    let file = std::fs::read_to_string(home.path().join("encryption-keys/uni-a.json")).unwrap();
    assert!(!file.contains(&hex::encode(secret.as_slice())));
    assert_eq!(
        super::encryption_key_of(&app, Some(by_name.to_hex()), None).unwrap(),
        Some(by_name)
    );
    assert_eq!(super::encryption_key_of(&app, None, None).unwrap(), None);
    // A second key under the same name is refused before any passphrase is asked.
    let again = super::terms::run(
        &app,
        super::terms::TermsCmd::NewKey {
            name: "uni-a".into(),
        },
    );
    let again = futures_block_on(again).unwrap_err().to_string();
    assert!(
        again.contains("an encryption key named 'uni-a' exists")
            && again.contains("ledger cloud terms key --name uni-a"),
        "{again}"
    );
}

/// Runs a future that needs no chain to completion.
fn futures_block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(future)
}

#[test]
fn terms_are_sealed_from_text_or_a_file_and_opened_with_a_named_key() {
    let CloudCmd::Terms {
        cmd: super::terms::TermsCmd::Seal(seal),
    } = cloud_cmd(&[
        "terms",
        "seal",
        "--lease",
        "7",
        "--text",
        "host gpu-07",
        "--from",
        "consumer1",
    ])
    else {
        panic!("not terms seal")
    };
    assert_eq!(seal.lease, 7);
    assert_eq!(seal.terms().unwrap(), "host gpu-07");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terms.txt");
    std::fs::write(&path, "host gpu-07\n10.0.4.17\n").unwrap();
    let CloudCmd::Terms {
        cmd: super::terms::TermsCmd::Seal(seal),
    } = cloud_cmd(&[
        "terms",
        "seal",
        "--lease",
        "7",
        "--file",
        path.to_str().unwrap(),
    ])
    else {
        panic!("not terms seal")
    };
    assert_eq!(seal.terms().unwrap(), "host gpu-07\n10.0.4.17\n");
    std::fs::write(&path, [0xff, 0xfe]).unwrap();
    let binary = seal.terms().unwrap_err().to_string();
    assert!(binary.contains("is not UTF-8 text"), "{binary}");

    let neither = parse_err(&["terms", "seal", "--lease", "7"]);
    assert!(
        neither.contains("--file") && neither.contains("--text"),
        "{neither}"
    );
    let both = parse_err(&[
        "terms", "seal", "--lease", "7", "--text", "x", "--file", "f",
    ]);
    assert!(both.contains("cannot be used with"), "{both}");

    let CloudCmd::Terms {
        cmd: super::terms::TermsCmd::Open { lease, key },
    } = cloud_cmd(&[
        "terms", "open", "--lease", "7", "--key", "uni-b", "-o", "json",
    ])
    else {
        panic!("not terms open")
    };
    assert_eq!((lease, key.as_str()), (7, "uni-b"));
    assert!(parse_err(&["terms", "open", "--lease", "7"]).contains("--key"));
}
