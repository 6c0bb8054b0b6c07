//! The `ledger loan` command line: subcommands, their flags and the values they parse.

use super::query::{ConfirmationFilter, LoanQuery, PlanFilter};
use super::watch::WatchArgs;
use crate::args::Limit;

use crate::units::{Money, parse_fixed};

use clap::{Subcommand, ValueEnum};

use ledger_sdk::contracts::loan_share::{LoanShareRole, MAX_RATE_BPS};

use std::path::PathBuf;
use std::str::FromStr;

/// A loan-share role as typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Sells (mints) and redeems (burns) the consortium token.
    TokenIssuer,
    /// Posts share plans and discloses to participants.
    Contributor,
    /// Confirms shares of other lenders' plans.
    Participant,
    /// Sells data services for tokens.
    DataServiceProvider,
}

/// An annual rate typed in percent with up to two decimals (`18.5` is 1850 basis points).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateArg(pub u32);

impl FromStr for RateArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!("'{s}' is not an annual rate: give percent with up to 2 decimals, e.g. 18.5")
        };
        let bps = parse_fixed(s.trim().trim_end_matches('%'), 2).map_err(|_| bad())?;
        u32::try_from(bps)
            .ok()
            .filter(|b| *b <= MAX_RATE_BPS)
            .map(RateArg)
            .ok_or_else(bad)
    }
}

/// `ledger loan ...`
#[derive(Subcommand, Debug)]
pub enum LoanCmd {
    /// Set the loan-share roles of an address, replacing those it had (the registry's
    /// administrator)
    Roles {
        /// The address (or a key name)
        address: String,
        /// A role; repeat for several (a lender often both contributes and participates)
        #[arg(long = "role", value_enum, required_unless_present = "clear")]
        roles: Vec<RoleArg>,
        /// Remove every loan-share role of the address
        #[arg(long, conflicts_with = "roles")]
        clear: bool,
    },
    /// Register the --from lender's encryption key: made on this machine the first time
    /// (stored encrypted in <home>/encryption-keys under the same name; passphrase from
    /// LEDGER_ENCRYPTION_PASSPHRASE or a prompt), its public half sent to the contract
    RegisterKey,
    /// Mint consortium tokens to a member against an off-chain payment; each payment
    /// reference is credited once (token issuer)
    Recharge {
        /// The payment's reference (bank transfer number), credited once
        #[arg(long)]
        reference: String,
        /// Who paid and receives the tokens (an address or a key name)
        #[arg(long)]
        recipient: String,
        /// Tokens to mint, one per unit of currency paid, e.g. 1000.00
        #[arg(long)]
        amount: Money,
    },
    /// Send tokens to the contract for redemption; the token issuer pays the currency out and
    /// burns them with `redeem` (any holder)
    RequestRedemption {
        /// Tokens to redeem, e.g. 10.00
        #[arg(long)]
        amount: Money,
        /// Where the currency goes, as the issuer knows it (a bank account)
        #[arg(long)]
        payout_account: String,
    },
    /// Burn the escrowed tokens of a redemption request whose currency was paid out (token
    /// issuer)
    Redeem {
        /// The redemption request's id
        #[arg(long)]
        request: u64,
        /// Reference of the payout (bank transfer number), used once
        #[arg(long)]
        payout_reference: String,
    },
    /// Import loan applications from a CSV or XLSX file and post each as a share plan; the
    /// borrower's fields are encrypted on this machine to your own key (contributor)
    Import {
        /// The applications (CSV, or XLSX/XLS/ODS; see cli/examples/loan-applications.csv)
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        /// The spreadsheet's sheet [default: the first]
        #[arg(long)]
        sheet: Option<String>,
        /// Check the file and show the plans without sending anything (no key needed)
        #[arg(long)]
        dry_run: bool,
        /// Leave out rows whose asset id you already posted (to finish an import that stopped)
        #[arg(long)]
        skip_posted: bool,
    },
    /// Withdraw a plan nobody has confirmed (its contributor)
    Withdraw {
        /// The plan's id
        #[arg(long)]
        plan: u64,
    },
    /// Follow confirmations of your plans and disclose each sensitive field re-encrypted to
    /// the confirming participant's key; safe to restart (contributor)
    Watch(WatchArgs),
    /// Confirm a share of a plan, paying its fee in the same transaction (participant)
    Confirm {
        /// The plan's id (see `ledger loan plans --open`)
        #[arg(long)]
        plan: u64,
        /// The share you lend, in currency units, e.g. 80000.00
        #[arg(long)]
        amount: Money,
        /// The annual rate you lend at, percent, within the plan's range, e.g. 18.5
        #[arg(long)]
        rate: RateArg,
    },
    /// Decrypt the fields disclosed to you for a confirmation, each checked against the
    /// plan's commitment; a mismatch is an error, never shown as a value (participant)
    Decrypt {
        /// The confirmation's id
        #[arg(long)]
        confirmation: u64,
    },
    /// Share plans: every plan, only open ones, or a contributor's
    Plans {
        /// Only plans still taking confirmations (open or upcoming), soonest closing first
        #[arg(long, conflicts_with = "contributor")]
        open: bool,
        /// Only this contributor's plans (an address or a key name)
        #[arg(long)]
        contributor: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// One plan, with its sealed fields as the chain holds them
    Plan {
        /// The plan's id
        plan_id: u64,
    },
    /// Confirmations: every one, a plan's, a participant's, or those still owed disclosures
    Confirmations {
        /// Only this plan's
        #[arg(long, conflicts_with_all = ["participant", "pending"])]
        plan: Option<u64>,
        /// Only this participant's (an address or a key name)
        #[arg(long, conflicts_with = "pending")]
        participant: Option<String>,
        /// Only confirmations of this contributor's plans with fields still to disclose
        #[arg(long, value_name = "CONTRIBUTOR")]
        pending: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// Who received which field, and when (ciphertexts shown by size only)
    Disclosures {
        /// Only this confirmation's
        #[arg(long)]
        confirmation: Option<u64>,
        #[command(flatten)]
        limit: Limit,
    },
    /// Consortium token balance of an address
    Balance {
        /// The address (or a key name)
        address: String,
    },
    /// A lender's registered encryption key
    Key {
        /// The address (or a key name)
        address: String,
    },
    /// Tokens minted, burned and escrowed; fees; counts of plans, confirmations, disclosures
    Totals,
    /// Addresses holding loan-share roles
    Members {
        #[command(flatten)]
        limit: Limit,
    },
    /// Redemption requests
    Redemptions {
        #[command(flatten)]
        limit: Limit,
    },
}

impl LoanCmd {
    /// The query this command asks, or the command back when it sends a transaction.
    pub fn into_query(self) -> Result<LoanQuery, LoanCmd> {
        Ok(match self {
            LoanCmd::Plans {
                open,
                contributor,
                limit,
            } => LoanQuery::Plans {
                filter: match (open, contributor) {
                    (true, _) => PlanFilter::Open,
                    (false, Some(c)) => PlanFilter::Contributor(c),
                    (false, None) => PlanFilter::All,
                },
                cap: limit.cap(),
            },
            LoanCmd::Plan { plan_id } => LoanQuery::Plan(plan_id),
            LoanCmd::Confirmations {
                plan,
                participant,
                pending,
                limit,
            } => LoanQuery::Confirmations {
                filter: match (plan, participant, pending) {
                    (Some(p), _, _) => ConfirmationFilter::Plan(p),
                    (None, Some(p), _) => ConfirmationFilter::Participant(p),
                    (None, None, Some(c)) => ConfirmationFilter::Pending(c),
                    (None, None, None) => ConfirmationFilter::All,
                },
                cap: limit.cap(),
            },
            LoanCmd::Disclosures {
                confirmation,
                limit,
            } => LoanQuery::Disclosures {
                confirmation,
                cap: limit.cap(),
            },
            LoanCmd::Balance { address } => LoanQuery::Balance(address),
            LoanCmd::Key { address } => LoanQuery::Key(address),
            LoanCmd::Totals => LoanQuery::Totals,
            LoanCmd::Members { limit } => LoanQuery::Members { cap: limit.cap() },
            LoanCmd::Redemptions { limit } => LoanQuery::Redemptions { cap: limit.cap() },
            other => return Err(other),
        })
    }
}

impl From<RoleArg> for LoanShareRole {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::TokenIssuer => LoanShareRole::TokenIssuer,
            RoleArg::Contributor => LoanShareRole::Contributor,
            RoleArg::Participant => LoanShareRole::Participant,
            RoleArg::DataServiceProvider => LoanShareRole::DataServiceProvider,
        }
    }
}
