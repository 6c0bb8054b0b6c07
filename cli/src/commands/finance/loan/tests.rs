use super::args::*;
use super::query::{ConfirmationFilter, LoanQuery, PlanFilter};
use crate::cli::{Cli, Command};
use clap::Parser;

fn loan_cmd(args: &[&str]) -> LoanCmd {
    let mut all = vec!["ledger", "loan"];
    all.extend(args);
    match Cli::try_parse_from(all).unwrap().command {
        Command::Loan { cmd, .. } => cmd,
        other => panic!("not a loan command: {other:?}"),
    }
}

#[test]
fn rates_parse_in_percent() {
    assert_eq!("18.5".parse::<RateArg>(), Ok(RateArg(1_850)));
    assert_eq!("20%".parse::<RateArg>(), Ok(RateArg(2_000)));
    assert_eq!("0".parse::<RateArg>(), Ok(RateArg(0)));
    for bad in ["18.555", "-1", "100.01", "abc", ""] {
        assert!(bad.parse::<RateArg>().is_err(), "{bad:?}");
    }
}

#[test]
fn the_command_tree_takes_each_roles_actions() {
    match loan_cmd(&[
        "roles",
        "retailer",
        "--role",
        "contributor",
        "--role",
        "participant",
        "--from",
        "admin",
    ]) {
        LoanCmd::Roles { roles, clear, .. } => {
            assert_eq!(roles, [RoleArg::Contributor, RoleArg::Participant]);
            assert!(!clear);
        }
        other => panic!("{other:?}"),
    }
    match loan_cmd(&[
        "confirm", "--plan", "3", "--amount", "80000", "--rate", "18.5",
    ]) {
        LoanCmd::Confirm { plan, amount, rate } => {
            assert_eq!((plan, amount.minor(), rate.0), (3, 80_000_00, 1_850));
        }
        other => panic!("{other:?}"),
    }
    match loan_cmd(&["watch", "--once", "--interval", "2"]) {
        LoanCmd::Watch(args) => assert!(args.once && args.interval == 2),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        loan_cmd(&["plans", "--open"]).into_query(),
        Ok(LoanQuery::Plans {
            filter: PlanFilter::Open,
            cap: 1000
        })
    ));
    assert!(matches!(
        loan_cmd(&["confirmations", "--participant", "consumer1"]).into_query(),
        Ok(LoanQuery::Confirmations {
            filter: ConfirmationFilter::Participant(_),
            ..
        })
    ));
    assert!(
        loan_cmd(&[
            "recharge",
            "--reference",
            "R",
            "--recipient",
            "x",
            "--amount",
            "1"
        ])
        .into_query()
        .is_err()
    );
    // Filters that contradict each other are refused by the parser.
    for bad in [
        &["plans", "--open", "--contributor", "x"][..],
        &["confirmations", "--plan", "1", "--participant", "x"],
        &["roles", "x", "--role", "contributor", "--clear"],
        &["roles", "x"],
    ] {
        let mut all = vec!["ledger", "loan"];
        all.extend(bad);
        assert!(Cli::try_parse_from(all).is_err(), "{bad:?}");
    }
}
