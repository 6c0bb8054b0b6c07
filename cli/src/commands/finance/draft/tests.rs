use super::args::*;
use super::query::{DraftQuery, HistoryOf};
use super::*;
use crate::cli::{Cli, Command};
use clap::Parser;

fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(std::iter::once("ledger").chain(args.iter().copied()))
}

fn draft_cmd(args: &[&str]) -> DraftCmd {
    let mut all = vec!["draft"];
    all.extend_from_slice(args);
    match parse(&all).unwrap().command {
        Command::Draft { cmd, .. } => cmd,
        other => panic!("not a draft command: {other:?}"),
    }
}

#[test]
fn clawback_names_the_draft_and_the_reason() {
    match draft_cmd(&["clawback", "--draft", "7", "--reason", "holder blacklisted"]) {
        DraftCmd::Clawback { draft, reason } => {
            assert_eq!((draft, reason.as_str()), (7, "holder blacklisted"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        parse(&["draft", "clawback", "--draft", "7"]).is_err(),
        "--reason is required"
    );
}

#[test]
fn roles_parse_with_levels_by_number_or_name() {
    let r = |s: &str| s.parse::<RoleSpec>();
    assert_eq!(r("issuer"), Ok(RoleSpec::Role(DraftRole::Issuer)));
    assert_eq!(r("Applicant"), Ok(RoleSpec::Role(DraftRole::Applicant)));
    assert_eq!(
        r("implementing-unit"),
        Ok(RoleSpec::Role(DraftRole::ImplementingUnit))
    );
    assert_eq!(
        r("implementing_unit"),
        Ok(RoleSpec::Role(DraftRole::ImplementingUnit))
    );
    assert_eq!(
        r("approver:1"),
        Ok(RoleSpec::Role(DraftRole::Approver { level: 1 }))
    );
    assert_eq!(
        r("approver:Provincial-Office"),
        Ok(RoleSpec::ApproverNamed("Provincial-Office".into()))
    );
    for bad in ["approver", "approver:", "admin", "", "holders"] {
        assert!(r(bad).is_err(), "{bad:?} should be refused");
    }
    let levels = vec![
        "county-finance".to_string(),
        "provincial-office".to_string(),
    ];
    assert_eq!(
        r("approver:provincial-office")
            .unwrap()
            .resolve(&levels)
            .unwrap(),
        DraftRole::Approver { level: 1 }
    );
    let err = r("approver:mayor").unwrap().resolve(&levels).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the draft contract has no approval level 'mayor'; its levels are 0 county-finance, \
         1 provincial-office"
    );
}

#[test]
fn the_command_tree_takes_each_roles_actions() {
    match draft_cmd(&[
        "roles",
        "wasm1x",
        "--role",
        "holder",
        "--role",
        "approver:0",
    ]) {
        DraftCmd::Roles { roles, clear, .. } => {
            assert_eq!(roles.len(), 2);
            assert!(!clear);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        parse(&["draft", "roles", "wasm1x"]).is_err(),
        "--role or --clear"
    );
    assert!(parse(&["draft", "roles", "wasm1x", "--clear", "--role", "holder"]).is_err());
    match draft_cmd(&["approve", "--project", "3", "--comment", "ok"]) {
        DraftCmd::Approve(a) => assert_eq!((a.project, a.stage), (3, None)),
        other => panic!("{other:?}"),
    }
    assert!(
        parse(&["draft", "veto", "--project", "3"]).is_err(),
        "--comment is required"
    );
    match draft_cmd(&[
        "bank-records",
        "post",
        "--serial",
        "S-1",
        "--draft",
        "4",
        "--payer",
        "a",
        "--payee",
        "b",
        "--amount",
        "3000.5",
    ]) {
        DraftCmd::BankRecords(BankRecordsCmd::Post {
            amount,
            time,
            draft,
            ..
        }) => {
            assert_eq!(draft, 4);
            assert_eq!(amount.minor(), 300_050);
            assert_eq!(time, When::Now);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        parse(&[
            "draft",
            "progress",
            "--project",
            "1",
            "--percent",
            "101",
            "--text",
            "t",
            "--evidence-hash",
            "00"
        ])
        .is_err()
    );
    assert!(
        parse(&[
            "draft",
            "progress",
            "--project",
            "1",
            "--percent",
            "50",
            "--text",
            "t"
        ])
        .is_err(),
        "evidence is required"
    );
    assert!(
        parse(&["draft", "history"]).is_err(),
        "--project or --draft"
    );
    assert!(parse(&["draft", "history", "--project", "1", "--draft", "2"]).is_err());
    match draft_cmd(&["history", "--draft", "2"]).into_query() {
        Ok(DraftQuery::History { of, cap }) => {
            assert_eq!(of, HistoryOf::Draft(2));
            assert_eq!(cap, 1000);
        }
        other => panic!("{other:?}"),
    }
    match draft_cmd(&["projects", "--status", "awaiting-next-stage"]).into_query() {
        Ok(DraftQuery::Projects { status, .. }) => {
            assert_eq!(status, Some(ProjectStatus::AwaitingNextStage))
        }
        other => panic!("{other:?}"),
    }
    match draft_cmd(&["drafts", "--holder", "bank", "--limit", "5"]).into_query() {
        Ok(DraftQuery::Drafts { holder, cap }) => {
            assert_eq!((holder.as_deref(), cap), (Some("bank"), 5))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        draft_cmd(&["bank-records", "unmatched"]).into_query(),
        Ok(DraftQuery::BankRecords {
            unmatched: true,
            ..
        })
    ));
    assert!(
        draft_cmd(&["endorse", "--draft", "1", "--to", "x", "--serial", "s"])
            .into_query()
            .is_err()
    );
    // Transaction flags are accepted after the group, as on the other groups.
    let cli = parse(&["draft", "--from", "county", "apply", "--file", "a.json"]).unwrap();
    let Command::Draft { tx, .. } = cli.command else {
        panic!("not draft")
    };
    assert_eq!(tx.from.as_deref(), Some("county"));
}

#[test]
fn deploy_takes_the_draft_settings() {
    let cli = parse(&[
        "deploy",
        "--draft-approval-levels",
        "county finance,province,ministry",
        "--draft-veto-window-seconds",
        "60",
    ])
    .unwrap();
    let Command::Deploy { args, .. } = cli.command else {
        panic!("not deploy")
    };
    assert_eq!(
        args.draft_approval_levels,
        ["county finance", "province", "ministry"]
    );
    assert_eq!(args.draft_veto_window_seconds, 60);
    assert_eq!(args.draft_fund_token, None);
    args.check_draft_settings().unwrap();

    let check = |extra: &[&str]| {
        let mut all = vec!["deploy"];
        all.extend_from_slice(extra);
        let Command::Deploy { args, .. } = parse(&all).unwrap().command else {
            panic!("not deploy")
        };
        args.check_draft_settings().map_err(|e| e.to_string())
    };
    let defaults = check(&[]);
    assert_eq!(defaults, Ok(()));
    assert!(check(&["--draft-veto-window-seconds", "0"]).is_err());
    assert!(
        check(&["--draft-approval-levels", "a,,b"])
            .unwrap_err()
            .contains("'' is not a level name")
    );
    assert!(
        check(&["--draft-approval-levels", "a,b,c,d,e,f"])
            .unwrap_err()
            .contains("give 1 to 5 level names")
    );
    assert!(
        check(&["--draft-fund-token", "not-an-address"])
            .unwrap_err()
            .contains("--draft-fund-token")
    );
}

#[test]
fn evidence_is_a_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.txt");
    std::fs::write(&file, b"abc").unwrap();
    assert_eq!(
        evidence_of(&file).unwrap().to_hex(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assert_eq!(parse_evidence_hash(hash).unwrap().to_hex(), hash);
    assert_eq!(
        parse_evidence_hash(&format!("0x{hash}")).unwrap().to_hex(),
        hash
    );
    assert!(
        parse_evidence_hash("abcd")
            .unwrap_err()
            .to_string()
            .contains("64 hex digits, got 4")
    );
    assert!(parse_evidence_hash("zz").is_err());
    assert!(evidence_of(&dir.path().join("missing")).is_err());
}
