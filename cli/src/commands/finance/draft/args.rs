//! The `ledger draft` command line: subcommands, their flags and the values they parse.

use super::query::{DraftQuery, HistoryOf};
use crate::args::Limit;

use crate::render::draft::level_list;

use crate::units::Money;
use crate::when::When;
use anyhow::anyhow;
use clap::{Args, Subcommand, ValueEnum};

use ledger_sdk::contracts::draft::{DraftRole, ProjectStatus};

use std::path::PathBuf;
use std::str::FromStr;

/// A draft role as typed: `issuer`, `applicant`, `approver:<level>` (the level's number or
/// name), `implementing-unit`, `holder`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleSpec {
    /// A role that needs nothing resolved.
    Role(DraftRole),
    /// An approver at the level of this name (looked up in the contract's levels).
    ApproverNamed(String),
}

impl FromStr for RoleSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "'{s}' is not a draft role: use issuer, applicant, approver:<level number or \
                 name>, implementing-unit or holder"
            )
        };
        let lower = s.trim().to_ascii_lowercase();
        Ok(match lower.as_str() {
            "issuer" => RoleSpec::Role(DraftRole::Issuer),
            "applicant" => RoleSpec::Role(DraftRole::Applicant),
            "implementing-unit" | "implementing_unit" => {
                RoleSpec::Role(DraftRole::ImplementingUnit)
            }
            "holder" => RoleSpec::Role(DraftRole::Holder),
            other => {
                let level = other.strip_prefix("approver:").ok_or_else(bad)?;
                if level.is_empty() {
                    return Err(bad());
                }
                match level.parse::<u8>() {
                    Ok(level) => RoleSpec::Role(DraftRole::Approver { level }),
                    Err(_) => RoleSpec::ApproverNamed(s.trim()["approver:".len()..].to_string()),
                }
            }
        })
    }
}

impl RoleSpec {
    /// The role, an approval level's name looked up in `levels`.
    pub fn resolve(&self, levels: &[String]) -> anyhow::Result<DraftRole> {
        match self {
            RoleSpec::Role(role) => Ok(*role),
            RoleSpec::ApproverNamed(name) => levels
                .iter()
                .position(|l| l.eq_ignore_ascii_case(name))
                .map(|i| DraftRole::Approver { level: i as u8 })
                .ok_or_else(|| {
                    anyhow!(
                        "the draft contract has no approval level '{name}'; its levels are {}",
                        level_list(levels)
                    )
                }),
        }
    }
}

/// A project's status, to filter by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProjectStatusArg {
    /// The current stage awaits approval.
    PendingApproval,
    /// The current stage is approved and may be issued.
    Approved,
    /// A draft is issued for the current stage.
    InProgress,
    /// The current stage is complete; the next may be applied for.
    AwaitingNextStage,
    /// The last stage is complete.
    Completed,
    /// A stage was rejected or vetoed.
    Rejected,
    /// The current stage's draft expired or was cancelled before delivery.
    Withdrawn,
}

/// `ledger draft ...`
#[derive(Subcommand, Debug)]
pub enum DraftCmd {
    /// Set the draft roles of an address, replacing those it had (the registry's
    /// administrator)
    Roles {
        /// The address (or a key name)
        address: String,
        /// A role: issuer, applicant, approver:LEVEL (the approval level's number or name, e.g.
        /// approver:0 or approver:county-finance), implementing-unit or holder; repeat for
        /// several
        #[arg(long = "role", value_name = "ROLE", required_unless_present = "clear")]
        roles: Vec<RoleSpec>,
        /// Remove every draft role of the address
        #[arg(long, conflicts_with = "roles")]
        clear: bool,
    },
    /// Apply for a project from an application file; its first stage goes to approval
    /// (applicant: the county office)
    Apply {
        /// The application (JSON; see cli/examples/draft-application.json)
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// Approve a stage at the next approval level (approver of that level)
    Approve(DecisionArgs),
    /// Reject a stage at the next approval level, which stops the project (approver of that
    /// level)
    Reject(DecisionArgs),
    /// Overturn the last approval of a stage from a higher level, within the veto window; the
    /// stage is rejected (approver above the level that approved last)
    Veto(DecisionArgs),
    /// Issue a draft for an approved stage: sends exactly the stage's amount of the fund
    /// token to the draft contract, which locks it (issuer: the provincial office)
    Issue(IssueArgs),
    /// Pass a draft to the next holder of its plan, naming the bank transfer's serial number;
    /// the hop's share is released to the new holder (the draft's current holder)
    Endorse {
        /// The draft's id
        #[arg(long)]
        draft: u64,
        /// The next holder of the plan (an address or a key name)
        #[arg(long)]
        to: String,
        /// Serial number of the bank transfer behind this hop
        #[arg(long)]
        serial: String,
    },
    /// Post the transfers the bank booked, one or a CSV statement; list the bank records
    #[command(subcommand)]
    BankRecords(BankRecordsCmd),
    /// Report progress on the project's issued stage; 100 completes the stage (implementing
    /// unit)
    Progress(ProgressArgs),
    /// Record the county office's opinion on a project (applicant)
    Opinion {
        /// The project's id
        #[arg(long)]
        project: u64,
        /// The opinion
        #[arg(long)]
        text: String,
    },
    /// Apply for a project's next stage once the current one is complete (applicant)
    ApplyNextStage {
        /// The project's id
        #[arg(long)]
        project: u64,
        /// Why, recorded in the history
        #[arg(long)]
        note: String,
    },
    /// Cancel a draft: what it still locks returns to its issuer (the draft's own issuer, or
    /// the registry's administrator)
    Cancel {
        /// The draft's id
        #[arg(long)]
        draft: u64,
        /// Why, recorded in the history
        #[arg(long)]
        reason: String,
    },
    /// Claw back a draft whose holder is blacklisted: what it still locks returns to its
    /// issuer (the draft's own issuer, or the registry's administrator)
    Clawback {
        /// The draft's id
        #[arg(long)]
        draft: u64,
        /// Why, recorded in the history
        #[arg(long)]
        reason: String,
    },
    /// Close an expired draft: what it still locks returns to its issuer (anyone)
    Expire {
        /// The draft's id
        #[arg(long)]
        draft: u64,
    },
    /// One draft: who holds it, its amounts, its hops with their bank reconciliation
    #[command(visible_alias = "draft")]
    Show {
        /// The draft's id
        draft_id: u64,
    },
    /// Drafts, or those an address holds now
    #[command(visible_alias = "drafts")]
    List {
        /// Only drafts this address holds now (an address or a key name)
        #[arg(long)]
        holder: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// One project with its stages and approvals
    Project {
        /// The project's id
        project_id: u64,
    },
    /// Projects, optionally of one status
    Projects {
        /// Only projects with this status
        #[arg(long, value_enum)]
        status: Option<ProjectStatusArg>,
        #[command(flatten)]
        limit: Limit,
    },
    /// A project's or a draft's history with block times: applications, approvals,
    /// endorsements, bank records, progress, clawbacks
    History {
        /// Everything that happened to this project and its drafts
        #[arg(long, required_unless_present = "draft", conflicts_with = "draft")]
        project: Option<u64>,
        /// Only what concerns this draft
        #[arg(long)]
        draft: Option<u64>,
        #[command(flatten)]
        limit: Limit,
    },
    /// A draft's hops by reconciliation state: reconciled, missing a bank record, mismatched
    Reconciliation {
        /// The draft's id
        draft_id: u64,
    },
    /// Drafts with open discrepancies: hops missing a bank record or disagreeing with it
    Discrepancies {
        #[command(flatten)]
        limit: Limit,
    },
    /// Amounts issued, still locked, released and clawed back over every draft
    Totals,
    /// Addresses with draft roles
    Members {
        #[command(flatten)]
        limit: Limit,
    },
    /// The draft contract's fund token, approval levels and veto window
    Config,
}

impl DraftCmd {
    /// The query this command asks, or the command back when it sends a transaction.
    pub fn into_query(self) -> Result<DraftQuery, DraftCmd> {
        Ok(match self {
            DraftCmd::Show { draft_id } => DraftQuery::Draft(draft_id),
            DraftCmd::List { holder, limit } => DraftQuery::Drafts {
                holder,
                cap: limit.cap(),
            },
            DraftCmd::Project { project_id } => DraftQuery::Project(project_id),
            DraftCmd::Projects { status, limit } => DraftQuery::Projects {
                status: status.map(ProjectStatus::from),
                cap: limit.cap(),
            },
            DraftCmd::History {
                project,
                draft,
                limit,
            } => DraftQuery::History {
                of: match (project, draft) {
                    (Some(p), _) => HistoryOf::Project(p),
                    (None, Some(d)) => HistoryOf::Draft(d),
                    (None, None) => {
                        return Err(DraftCmd::History {
                            project,
                            draft,
                            limit,
                        });
                    }
                },
                cap: limit.cap(),
            },
            DraftCmd::Reconciliation { draft_id } => DraftQuery::Reconciliation(draft_id),
            DraftCmd::Discrepancies { limit } => DraftQuery::Discrepancies { cap: limit.cap() },
            DraftCmd::Totals => DraftQuery::Totals,
            DraftCmd::Members { limit } => DraftQuery::Members { cap: limit.cap() },
            DraftCmd::Config => DraftQuery::Config,
            DraftCmd::BankRecords(BankRecordsCmd::List { limit }) => DraftQuery::BankRecords {
                unmatched: false,
                cap: limit.cap(),
            },
            DraftCmd::BankRecords(BankRecordsCmd::Unmatched { limit }) => DraftQuery::BankRecords {
                unmatched: true,
                cap: limit.cap(),
            },
            DraftCmd::BankRecords(BankRecordsCmd::Show { serial }) => {
                DraftQuery::BankRecord(serial)
            }
            other => return Err(other),
        })
    }
}

/// `ledger draft approve|reject|veto`
#[derive(Args, Debug)]
pub struct DecisionArgs {
    /// The project's id
    #[arg(long)]
    pub project: u64,
    /// The stage [default: the project's current stage]
    #[arg(long)]
    pub stage: Option<u32>,
    /// The decision's reasons, recorded in the history
    #[arg(long)]
    pub comment: String,
}

/// `ledger draft issue`
#[derive(Args, Debug)]
pub struct IssueArgs {
    /// The draft's terms: holders, shares, final recipients, expiry (JSON; see
    /// cli/examples/draft-terms.json)
    #[arg(long, value_name = "FILE")]
    pub terms: PathBuf,
    /// The project [default: the terms file's project_id]
    #[arg(long)]
    pub project: Option<u64>,
    /// The approved stage [default: the terms file's stage, else the project's current stage]
    #[arg(long)]
    pub stage: Option<u32>,
    /// Override the terms file's expiry (unix seconds or a UTC date-time)
    #[arg(long, value_name = "WHEN")]
    pub expires_at: Option<When>,
}

/// `ledger draft progress`
#[derive(Args, Debug)]
pub struct ProgressArgs {
    /// The project's id
    #[arg(long)]
    pub project: u64,
    /// Progress of the stage in percent (0 to 100, never below the last report)
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub percent: u8,
    /// What was done
    #[arg(long)]
    pub text: String,
    /// A file of evidence kept off chain (photos, acceptance report); its SHA-256 is recorded
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "evidence_hash",
        conflicts_with = "evidence_hash"
    )]
    pub evidence: Option<PathBuf>,
    /// The evidence's SHA-256 in hex (64 digits), when the file is elsewhere
    #[arg(long, value_name = "HEX")]
    pub evidence_hash: Option<String>,
}

/// `ledger draft bank-records ...`
#[derive(Subcommand, Debug)]
pub enum BankRecordsCmd {
    /// Post one transfer as the bank booked it (bank operator)
    Post {
        /// The transfer's serial number, as the holder names it when endorsing
        #[arg(long)]
        serial: String,
        /// The draft the transfer belongs to: only an endorsement of this draft matches it
        #[arg(long)]
        draft: u64,
        /// Who paid (an address or a key name)
        #[arg(long)]
        payer: String,
        /// Who was paid (an address or a key name)
        #[arg(long)]
        payee: String,
        /// Amount in currency units, e.g. 3000.00
        #[arg(long)]
        amount: Money,
        /// When the bank booked it: `now` (the latest block's time), unix seconds or a UTC
        /// date-time; not later than the block time
        #[arg(long, default_value = "now", value_name = "WHEN")]
        time: When,
    },
    /// Post a bank statement: CSV with the columns serial,draft,payer,payee,amount,time (see
    /// cli/examples/draft-statement.csv), at most 50 records per transaction (bank operator)
    Import {
        /// The statement
        #[arg(long, value_name = "FILE")]
        csv: PathBuf,
        /// Check the statement and show what would be posted, without sending anything
        #[arg(long)]
        dry_run: bool,
        /// Leave out records whose serial number the contract already has (to finish an
        /// import that stopped part way), instead of refusing the statement
        #[arg(long)]
        skip_posted: bool,
    },
    /// Bank records in serial order, with the endorsement each was matched with
    List {
        #[command(flatten)]
        limit: Limit,
    },
    /// Bank records no endorsement has claimed yet
    Unmatched {
        #[command(flatten)]
        limit: Limit,
    },
    /// One bank record
    Show {
        /// Its serial number
        serial: String,
    },
}

impl From<ProjectStatusArg> for ProjectStatus {
    fn from(s: ProjectStatusArg) -> Self {
        match s {
            ProjectStatusArg::PendingApproval => ProjectStatus::PendingApproval,
            ProjectStatusArg::Approved => ProjectStatus::Approved,
            ProjectStatusArg::InProgress => ProjectStatus::InProgress,
            ProjectStatusArg::AwaitingNextStage => ProjectStatus::AwaitingNextStage,
            ProjectStatusArg::Completed => ProjectStatus::Completed,
            ProjectStatusArg::Rejected => ProjectStatus::Rejected,
            ProjectStatusArg::Withdrawn => ProjectStatus::Withdrawn,
        }
    }
}
