use calamine::{Data, Reader, Xlsx, open_workbook};
use clap::Parser;
use ledger_sdk::contracts::park::EnergyType;
use ledger_sdk::contracts::park::certificates::{
    Certificate, CertificateStatus, HistoryEntry, HistoryEvent, Origin, Verdict, VerdictCounts,
    Verification,
};

use super::args::ParkCmd;
use super::certificates::{CertificatesCmd, parse_ids};
use crate::cli::{Cli, Command};
use crate::render::park::trades_workbook;
use crate::render::park_certificates::{
    CERTIFICATE_COLUMNS, CertificateRow, certificate_record, certificates_table, counts_line,
    history_table, status, verdict_line,
};
use crate::when::When;

/// 2027-01-15 10:00 UTC, the start of an hour.
const HOUR: u64 = 1_800_007_200;

fn cert_cmd(args: &[&str]) -> CertificatesCmd {
    let mut all = vec!["ledger", "park", "certificates"];
    all.extend(args);
    match Cli::try_parse_from(all).unwrap().command {
        Command::Park {
            cmd: ParkCmd::Certificates(cmd),
            ..
        } => cmd,
        other => panic!("not a certificates command: {other:?}"),
    }
}

fn parse_err(args: &[&str]) -> String {
    let mut all = vec!["ledger", "park", "cert"];
    all.extend(args);
    Cli::try_parse_from(all).unwrap_err().to_string()
}

fn certificate(id: u64, status: CertificateStatus, origin: Origin) -> Certificate {
    Certificate {
        id,
        meter_id: "pv-1".into(),
        hour_start: HOUR,
        energy_wh: 1_250,
        energy_type: EnergyType::Solar,
        carbon_g_per_kwh: 0,
        owner: "wasm1buyer".into(),
        issued_at: HOUR + 4_000,
        expires_at: HOUR + 3_600 + 86_400,
        origin,
        status,
    }
}

fn trade() -> Origin {
    Origin::Trade {
        slot: 120,
        fill_id: 7,
        seller: "wasm1gen".into(),
    }
}

fn claimed() -> CertificateStatus {
    CertificateStatus::Claimed {
        beneficiary: "Factory".into(),
        purpose: "scope 2, January".into(),
        period_from: HOUR,
        period_to: HOUR + 86_400,
        claimed_by: "wasm1buyer".into(),
        claimed_at: HOUR + 5_000,
    }
}

#[test]
fn every_certificate_command_parses_its_flags() {
    assert!(matches!(
        cert_cmd(&["list", "--owner", "consumer3", "--limit", "5"]),
        CertificatesCmd::List { owner: Some(o), limit } if o == "consumer3" && limit.cap() == 5
    ));
    assert!(matches!(
        cert_cmd(&["show", "4"]),
        CertificatesCmd::Show { id: 4 }
    ));
    let CertificatesCmd::MeterHour { meter, hour } = cert_cmd(&[
        "meter-hour",
        "--meter",
        "pv-1",
        "--hour",
        "2027-01-15T10:30Z",
    ]) else {
        panic!("not meter-hour")
    };
    assert_eq!((meter.as_str(), hour), ("pv-1", When::At(HOUR + 1_800)));
    let CertificatesCmd::Transfer { id, to } = cert_cmd(&[
        "transfer",
        "--id",
        "4",
        "--to",
        "retailer",
        "--from",
        "consumer3",
    ]) else {
        panic!("not transfer")
    };
    assert_eq!((id, to.as_str()), (4, "retailer"));
    let CertificatesCmd::Claim {
        id,
        beneficiary,
        purpose,
        period_from,
        period_to,
    } = cert_cmd(&[
        "claim",
        "--id",
        "4",
        "--beneficiary",
        "Factory",
        "--purpose",
        "scope 2",
        "--period-from",
        "2027-01-01",
        "--period-to",
        "now",
    ])
    else {
        panic!("not claim")
    };
    assert_eq!(
        (id, beneficiary.as_str(), purpose.as_str()),
        (4, "Factory", "scope 2")
    );
    assert_eq!(period_from, When::At(1_798_761_600));
    assert_eq!(period_to, When::Now);
    assert!(matches!(
        cert_cmd(&["issue-unsold", "--meter", "pv-1", "--hour", "1800007200"]),
        CertificatesCmd::IssueUnsold {
            hour: When::At(HOUR),
            ..
        }
    ));
    let CertificatesCmd::Verify { file } = cert_cmd(&["verify", "--file", "-"]) else {
        panic!("not verify")
    };
    assert_eq!(file.to_str(), Some("-"));
    assert!(matches!(cert_cmd(&["config"]), CertificatesCmd::Config));

    // `cert` is the same command; a bad time or a missing flag is refused before anything
    // is sent.
    let err = parse_err(&["meter-hour", "--meter", "pv-1", "--hour", "10 o'clock"]);
    assert!(err.contains("is not a time"), "{err}");
    let err = parse_err(&["claim", "--id", "4", "--beneficiary", "F", "--purpose", "p"]);
    assert!(err.contains("--period-from"), "{err}");
    // Every query takes -o json.
    for query in [
        &["list", "--owner", "wasm1x"][..],
        &["show", "1"],
        &["meter-hour", "--meter", "m", "--hour", "now"],
        &["verify", "--file", "ids.txt"],
        &["config"],
    ] {
        let mut args = vec!["ledger", "-o", "json", "park", "certificates"];
        args.extend(query);
        assert!(Cli::try_parse_from(args).is_ok(), "{query:?}");
    }
}

#[test]
fn the_certificates_pause_like_every_contract() {
    use crate::args::ContractArg;
    use crate::commands::core::admin::AdminCmd;
    let cli = Cli::try_parse_from([
        "ledger",
        "admin",
        "pause",
        "--contract",
        "park-certificates",
        "--reason",
        "audit",
    ])
    .unwrap();
    let Command::Admin {
        cmd: AdminCmd::Pause {
            contract, reason, ..
        },
        ..
    } = cli.command
    else {
        panic!("not admin pause")
    };
    assert_eq!(contract, ContractArg::ParkCertificates);
    assert_eq!(
        (contract.name(), reason.as_str()),
        ("park-certificates", "audit")
    );
}

#[test]
fn ids_are_read_one_a_line_or_as_a_json_array() {
    assert_eq!(
        parse_ids("4\n\n  9 # the transferred one\n# none\n12\n"),
        Ok(vec![4, 9, 12])
    );
    assert_eq!(parse_ids(" [4, 9, 12]\n"), Ok(vec![4, 9, 12]));
    assert_eq!(parse_ids(""), Ok(vec![]));
    let err = parse_ids("4\nfour\n").unwrap_err();
    assert!(
        err.contains("line 2: 'four' is not a certificate id"),
        "{err}"
    );
    let err = parse_ids("[4, -1]").unwrap_err();
    assert!(err.contains("not a JSON array of certificate ids"), "{err}");
}

#[test]
fn certificates_read_with_their_status_origin_and_history() {
    let active = certificate(3, CertificateStatus::Active, trade());
    let gone = certificate(
        4,
        claimed(),
        Origin::Unsold {
            generator: "wasm1gen".into(),
        },
    );
    assert_eq!(status(&active, HOUR + 4_000), "active");
    assert_eq!(status(&active, active.expires_at), "expired");
    // A claimed certificate stays claimed after its expiry.
    assert_eq!(status(&gone, gone.expires_at + 1), "claimed");

    let table = certificates_table(&[active.clone(), gone.clone()], HOUR + 4_000).to_string();
    for want in [
        "1.250",
        "solar",
        "active",
        "claimed",
        "Factory: scope 2, January",
    ] {
        assert!(table.contains(want), "{want}: {table}");
    }
    let record = certificate_record(&gone, HOUR + 6_000).to_string();
    assert!(record.contains("unsold output of wasm1gen"), "{record}");
    assert!(record.contains("by wasm1buyer"), "{record}");
    let record = certificate_record(&active, HOUR + 6_000).to_string();
    assert!(
        record.contains("trade: fill 7 of slot 120, sold by wasm1gen"),
        "{record}"
    );

    let history = history_table(&[
        HistoryEvent {
            seq: 1,
            at: HOUR + 4_000,
            entry: HistoryEntry::Issued {
                to: "wasm1buyer".into(),
            },
        },
        HistoryEvent {
            seq: 2,
            at: HOUR + 4_500,
            entry: HistoryEntry::Transferred {
                from: "wasm1buyer".into(),
                to: "wasm1retailer".into(),
            },
        },
    ])
    .to_string();
    assert!(history.contains("issued to wasm1buyer"), "{history}");
    assert!(
        history.contains("transferred from wasm1buyer to wasm1retailer"),
        "{history}"
    );
}

#[test]
fn a_verification_prints_a_line_per_id_and_a_count_per_answer() {
    let valid = Verification {
        id: 3,
        verdict: Verdict::Valid {
            owner: "wasm1retailer".into(),
            expires_at: HOUR,
        },
    };
    assert!(verdict_line(&valid).starts_with("3: valid, held by wasm1retailer until 2027-01-15"));
    let claimed = Verification {
        id: 4,
        verdict: Verdict::Claimed {
            claimed_by: "wasm1buyer".into(),
            beneficiary: "Factory".into(),
            purpose: "scope 2".into(),
        },
    };
    assert_eq!(
        verdict_line(&claimed),
        "4: claimed by wasm1buyer for Factory (scope 2)"
    );
    let unknown = Verification {
        id: 99,
        verdict: Verdict::Unknown,
    };
    assert_eq!(verdict_line(&unknown), "99: unknown, no such certificate");
    let counts = VerdictCounts {
        valid: 1,
        claimed: 1,
        expired: 0,
        unknown: 1,
    };
    assert_eq!(
        counts_line(&counts),
        "3 ids: 1 valid, 1 claimed, 0 expired, 1 unknown"
    );
    let json = serde_json::to_value(super::certificates::VerifyReport {
        results: vec![valid, claimed, unknown],
        counts,
    })
    .unwrap();
    assert_eq!(json["results"][2]["verdict"], "unknown");
    assert_eq!(
        json["results"][1]["verdict"]["claimed"]["beneficiary"],
        "Factory"
    );
    assert_eq!(json["counts"]["unknown"], 1);
}

#[test]
fn the_export_writes_the_certificates_held_in_a_sheet_of_their_own() {
    let now = HOUR + 6_000;
    let rows: Vec<CertificateRow> = [
        certificate(3, CertificateStatus::Active, trade()),
        certificate(
            4,
            claimed(),
            Origin::Unsold {
                generator: "wasm1gen".into(),
            },
        ),
    ]
    .iter()
    .map(|c| CertificateRow::of(c, now))
    .collect();
    assert_eq!(rows[1].status, "claimed");
    assert_eq!(
        rows[1].claimed_for.as_deref(),
        Some("Factory: scope 2, January")
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("park.xlsx");
    trades_workbook(&[], |slot| slot * 60, Some(&rows), &[], &path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Trades", "Certificates", "About"]);
    let sheet = book.worksheet_range("Certificates").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, CERTIFICATE_COLUMNS);
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(1, 0), Data::Float(3.0));
    assert_eq!(cell(1, 1), Data::String("pv-1".into()));
    assert!(matches!(cell(1, 2), Data::DateTime(_)), "{:?}", cell(1, 2));
    assert_eq!(cell(1, 3), Data::Float(1.25));
    assert_eq!(cell(1, 4), Data::String("solar".into()));
    assert_eq!(cell(1, 5), Data::Float(0.0));
    assert_eq!(
        cell(1, 6),
        Data::String("trade: fill 7 of slot 120, sold by wasm1gen".into())
    );
    assert_eq!(cell(1, 7), Data::String("active".into()));
    assert_eq!(
        cell(1, 9),
        Data::Empty,
        "an active certificate is claimed for no one"
    );
    assert_eq!(cell(2, 7), Data::String("claimed".into()));
    assert_eq!(cell(2, 9), Data::String("Factory: scope 2, January".into()));
    assert_eq!(cell(3, 0), Data::String("total".into()));
    assert_eq!(cell(3, 3), Data::Float(2.5));
}
