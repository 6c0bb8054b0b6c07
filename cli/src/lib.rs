//! The admin CLI of the obligation ledger (binary `ledger`), as a library: `main.rs` only
//! calls [`main`].
//!
//! * [`cli`]: the clap command tree; each command group's arguments live beside its code.
//! * [`commands`]: the commands by domain. [`commands::keys`]; [`commands::core`]: `deploy`,
//!   `admin` (with the emergency pause and the registry's time lock), `bank`, `token`;
//!   [`commands::metering`]: `meter`, `tariff`; [`commands::finance`]: `draft` (its files and
//!   queries) and `loan` (applications files, client-side cryptography, queries, the
//!   disclosing watcher); [`commands::regions`]: `region` (regional sub-chains: deployment, the
//!   router's and endpoints' queries, retries); [`commands::cloud`]: `cloud` (the cloud
//!   federation, with its settlement export of bills and the pairs' sealed terms);
//!   [`commands::park`]: `park` (the park's energy market and its trades export);
//!   [`commands::query`] and [`commands::export`] (XLSX, with the draft fund flow). No command
//!   module imports another.
//! * [`render`]: tables, JSON and the XLSX formats, with each domain's tables and words.
//! * [`args`]: argument types several command groups share; [`errors`]: the one-line error
//!   text and the contract refusal codes commands decide on; [`encryption_keys`]: the
//!   encryption keys (lenders', cloud organisations'), encrypted at rest, that `loan` and
//!   `cloud` share.
//! * [`context`]: global flags (`--node`, `--chain-id`, `--from`, `--gas`, `--gas-adjustment`,
//!   `--gas-prices`, `--fees`, `--home`, `--deployment`, `-o`; the transaction flags on the
//!   commands that send transactions only, as `wasmd tx` has them) turned into a chain connection,
//!   the key store, the deployment file and a transaction sender.
//! * Talking to the contracts (typed queries and executes, lists paged to the end or a cap,
//!   the deployment plan) is the SDK's, `ledger-sdk`; commands call it.
//! * [`units`], [`when`]: amounts, energy, fees and times parsed and printed exactly.
//! * [`secrets`]: passphrases and mnemonics.
//!
//! Errors reach the user as `error: ...` on stderr and exit code 1: the client library's
//! `ClientError` messages (the contract's own error text, an unreachable node with the hint to
//! run `make localnet`, insufficient fees), never a `Debug` dump; a refusal whose code has a
//! known remedy (a region's refusal of a meter registration) adds a `hint: ...` line. Nothing secret is printed.
//!
//! # Dependencies and why
//!
//! * `clap` (derive): the standard Rust argument parser; `///` comments become the help.
//! * `indicatif`: the progress bar of `ledger deploy` and `ledger region deploy` (hidden when stderr is not a terminal).
//! * `rust_xlsxwriter` 0.96: writes real XLSX with formats, frozen panes and filters without
//!   Excel; 0.96 is the last release that builds on the workspace's Rust 1.86.
//! * `comfy-table` 7.1: tables that wrap to the terminal's width (7.2 uses let chains, Rust
//!   1.88).
//! * `rpassword`: passphrase and mnemonic prompts that do not echo.
//! * `anyhow`: a CLI only reports errors and never matches on them, so one error type with
//!   context lines is enough; the libraries underneath keep their typed `thiserror` enums.
//! * `zip` (tests only): opens the written workbooks to check formatting; `tariff` (tests only) checks the example tariff files with the contract's own
//!   validation.
//! * `csv`: reads bank statements for `ledger draft bank-records import` and loan applications
//!   for `ledger loan import` (quoting, trimming, comments and line numbers for the errors);
//!   `sha2`: the SHA-256 of progress evidence.
//! * `calamine` 0.35 (0.36 needs Rust 1.88): reads loan applications from XLSX/XLS/ODS
//!   workbooks for `ledger loan import`, and exported workbooks back in tests.
//! * `ledger-crypto`: the ECIES envelope and salted commitments of borrowers' fields and of
//!   cloud leases' terms (the workspace's own crate on RustCrypto primitives).

#![forbid(unsafe_code)]

pub mod args;
pub mod cli;
pub mod commands;
pub mod context;
pub mod encryption_keys;
pub mod errors;
pub mod render;
pub mod secrets;
pub mod units;
pub mod when;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::commands::core::{admin, bank, deploy, token};
use crate::commands::finance::{draft, loan};
use crate::commands::metering::{meter, tariff};
use crate::commands::{cloud, export, keys, park, query, regions};
use crate::context::{App, TxArgs};
pub use crate::errors::{PARTLY_REFUSED_EXIT, PartlyRefused, error_code, error_report, error_text};

/// Parses the command line, runs the command and turns an error into `error: ...` on stderr
/// and exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<PartlyRefused>().is_some() => {
            eprintln!("warning: {e}");
            ExitCode::from(PARTLY_REFUSED_EXIT)
        }
        Err(e) => {
            eprintln!("{}", error_report(&e));
            ExitCode::FAILURE
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let (tx, command) = match cli.command {
        Command::Keys(cmd) => {
            let app = App {
                args: cli.globals,
                tx: TxArgs::default(),
            };
            return keys::run(&app, cmd);
        }
        Command::Deploy { tx, args } => (tx, Task::Deploy(args)),
        Command::Admin { tx, cmd } => (tx, Task::Admin(cmd)),
        Command::Tariff { tx, cmd } => (tx, Task::Tariff(cmd)),
        Command::Bank { tx, cmd } => (tx, Task::Bank(cmd)),
        Command::Meter { tx, cmd } => (tx, Task::Meter(cmd)),
        Command::Token { tx, cmd } => (tx, Task::Token(cmd)),
        Command::Region { tx, cmd } => (tx, Task::Region(cmd)),
        Command::Draft { tx, cmd } => (tx, Task::Draft(cmd)),
        Command::Loan { tx, cmd } => (tx, Task::Loan(cmd)),
        Command::Cloud { tx, cmd } => (tx, Task::Cloud(cmd)),
        Command::Park { tx, cmd } => (tx, Task::Park(cmd)),
        Command::Query(cmd) => (TxArgs::default(), Task::Query(cmd)),
        Command::Export(cmd) => (TxArgs::default(), Task::Export(cmd)),
    };
    let app = App {
        args: cli.globals,
        tx,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        match command {
            Task::Deploy(args) => deploy::run(&app, *args).await,
            Task::Admin(cmd) => admin::run(&app, cmd).await,
            Task::Tariff(cmd) => tariff::run(&app, cmd).await,
            Task::Bank(cmd) => bank::run(&app, cmd).await,
            Task::Meter(cmd) => meter::run(&app, cmd).await,
            Task::Token(cmd) => token::run(&app, cmd).await,
            Task::Region(cmd) => regions::run(&app, cmd).await,
            Task::Draft(cmd) => draft::run(&app, cmd).await,
            Task::Loan(cmd) => loan::run(&app, cmd).await,
            Task::Cloud(cmd) => cloud::run(&app, cmd).await,
            Task::Park(cmd) => park::run(&app, cmd).await,
            Task::Query(cmd) => query::run(&app, cmd).await,
            Task::Export(cmd) => export::run(&app, cmd).await,
        }
    })
}

/// A command that talks to the chain, its flags taken apart.
enum Task {
    Deploy(Box<deploy::DeployArgs>),
    Admin(admin::AdminCmd),
    Tariff(tariff::TariffCmd),
    Bank(bank::BankCmd),
    Meter(meter::MeterCmd),
    Token(token::TokenCmd),
    Region(regions::RegionCmd),
    Draft(draft::DraftCmd),
    Loan(loan::LoanCmd),
    Cloud(cloud::CloudCmd),
    Park(park::ParkCmd),
    Query(query::QueryCmd),
    Export(export::ExportCmd),
}

#[cfg(test)]
mod tests;
