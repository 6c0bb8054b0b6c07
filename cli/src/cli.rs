//! The command line: `ledger [global flags] <command>`.

use clap::{Parser, Subcommand};

use crate::commands::core::admin::AdminCmd;
use crate::commands::core::bank::BankCmd;
use crate::commands::core::deploy::DeployArgs;
use crate::commands::core::token::TokenCmd;
use crate::commands::export::ExportCmd;
use crate::commands::keys::KeysCmd;
use crate::commands::metering::meter::MeterCmd;
use crate::commands::metering::tariff::TariffCmd;
use crate::commands::query::QueryCmd;
use crate::commands::regions::RegionCmd;
use crate::context::{GlobalArgs, TxArgs};

/// Administer the obligation ledger on a wasmd chain: keys, deployment, participants, meters,
/// tariffs, the bank, drafts, loan sharing, cloud federation, queries and XLSX exports.
#[derive(Parser, Debug)]
#[command(
    name = "ledger",
    version,
    after_help = "Secrets: the signing key's passphrase comes from LEDGER_PASSPHRASE or a prompt \
                  that does not echo; mnemonics and hex keys from stdin or such a prompt.\n\
                  Amounts are currency units with up to 2 decimals (12.34 = 1234 minor units)."
)]
pub struct Cli {
    #[command(flatten)]
    pub globals: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// The command groups.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Manage signing keys, stored encrypted in <home>/keys
    #[command(subcommand)]
    Keys(KeysCmd),
    /// Store and instantiate every contract, wire them together and write the deployment file
    Deploy {
        #[command(flatten)]
        tx: TxArgs,
        #[command(flatten)]
        args: Box<DeployArgs>,
    },
    /// Administrator and blacklister actions: participants, meters, the admin role
    Admin {
        #[command(flatten)]
        tx: TxArgs,
        #[command(subcommand)]
        cmd: AdminCmd,
    },
    /// Define tariffs and their versions from JSON files
    Tariff {
        #[command(flatten)]
        tx: TxArgs,
        #[command(subcommand)]
        cmd: TariffCmd,
    },
    /// Bank operations: deposits, redemptions, payments, settlement
    Bank {
        #[command(flatten)]
        tx: TxArgs,
        #[command(subcommand)]
        cmd: BankCmd,
    },
    /// Meter actions anyone may take: closing a billing period, submitting signed readings
    Meter {
        #[command(flatten)]
        tx: TxArgs,
        #[command(subcommand)]
        cmd: MeterCmd,
    },
    /// Regional sub-chains: add one, read the router's and the endpoints' view of them, send
    /// a stuck packet again
    Region {
        #[command(flatten)]
        tx: TxArgs,
        #[command(subcommand)]
        cmd: RegionCmd,
    },
    /// Settlement token holders: prepay bills, request redemption
    Token {
        #[command(flatten)]
        tx: TxArgs,
        #[command(subcommand)]
        cmd: TokenCmd,
    },
    /// Digital drafts: apply, approve, issue, endorse, bank records, progress, and their
    /// queries (earmarked funds travelling to a project, reconciled with the banks' records)
    Draft {
        #[command(flatten)]
        tx: TxArgs,
        #[command(subcommand)]
        cmd: crate::commands::finance::draft::DraftCmd,
    },
    /// Loan sharing between lenders: roles, encryption keys, the consortium token, plans
    /// imported from CSV/XLSX with the borrower's data encrypted, confirmations, the
    /// disclosing watcher, decryption, and their queries
    Loan {
        #[command(flatten)]
        tx: TxArgs,
        #[command(subcommand)]
        cmd: crate::commands::finance::loan::LoanCmd,
    },
    /// Cloud federation: organisations, quotas, price lists, leases escrowed in the settlement
    /// token and billed on release, bills and totals, the settlement export
    Cloud {
        #[command(flatten)]
        tx: TxArgs,
        #[command(subcommand)]
        cmd: crate::commands::cloud::CloudCmd,
    },
    /// The park's energy market: generators, offers and escrowed bids per slot, clearing,
    /// settlement on generation meters' readings, prices, trades and their export
    Park {
        #[command(flatten)]
        tx: TxArgs,
        #[command(subcommand)]
        cmd: crate::commands::park::ParkCmd,
    },
    /// Read the ledger (tables, or -o json)
    #[command(subcommand, visible_alias = "q")]
    Query(QueryCmd),
    /// Write XLSX workbooks: a month of a meter's readings, the bank's bills and instalments,
    /// a project's fund flow
    #[command(subcommand)]
    Export(ExportCmd),
}
