//! `ledger draft`: digital drafts, earmarked funds that travel from a provincial office down a
//! chain of holders to a project, reconciled with the banks' records. One command per role's
//! action (roles, apply, approve/reject/veto, issue, endorse, bank records, progress, opinion,
//! the next stage, cancel, expire) and the queries of the draft contract (see
//! [`crate::commands::finance::draft::query`]). Files: [`crate::commands::finance::draft::files`]; the XLSX export of a project's fund
//! flow: [`crate::commands::export::draft_flow`].

pub mod files;
pub mod query;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand, ValueEnum};
use cosmwasm_std::{HexBinary, Uint128, to_json_binary};
use cw20::Cw20ExecuteMsg;
use ledger_types::draft::{
    BankRecordInput, DraftRole, EVIDENCE_HASH_LEN, ExecuteMsg, MAX_BANK_RECORDS, Project,
    ProjectStatus, ReceiveMsg,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::args::Limit;
use crate::context::{App, Sender, chain_now};
use crate::render::draft::{level, level_list, project_status, role_list};
use crate::render::{self, NoExtra, Output, num};
use crate::units::{Money, money};
use crate::when::{self, When};
use files::{ApplicationFile, StatementLine, TermsFile, batches, check_serial, read_statement};
use ledger_sdk::Ledger;
use query::{self as draft_query, DraftQuery, HistoryOf};

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

impl DraftCmd {
    /// The query this command asks, or the command back when it sends a transaction.
    fn into_query(self) -> Result<DraftQuery, DraftCmd> {
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

#[derive(Serialize)]
struct RolesSet {
    address: String,
    roles: Vec<DraftRole>,
}

#[derive(Serialize)]
struct Applied {
    project_id: Option<u64>,
    stages: usize,
    budget: Uint128,
}

#[derive(Serialize)]
struct Decided {
    project_id: u64,
    stage: u32,
    project_status: ProjectStatus,
}

#[derive(Serialize)]
struct Issued {
    draft_id: Option<u64>,
    project_id: u64,
    stage: u32,
    amount: Uint128,
    expires_at: u64,
}

#[derive(Serialize)]
struct Endorsed {
    draft_id: u64,
    hop: Option<u32>,
    to: String,
    release: Option<String>,
    reconciliation: Option<String>,
    draft_status: Option<String>,
}

#[derive(Serialize)]
struct Posted {
    records: usize,
    reconciled: u32,
    mismatched: u32,
    unmatched: u32,
}

#[derive(Serialize)]
struct Progressed {
    project_id: u64,
    percent: u8,
    evidence: String,
    project_status: Option<String>,
}

#[derive(Serialize)]
struct Closed {
    draft_id: u64,
    clawed_back: Option<String>,
}

/// Runs a `draft` command.
pub async fn run(app: &App, cmd: DraftCmd) -> anyhow::Result<()> {
    let cmd = match cmd.into_query() {
        Ok(query) => return draft_query::run(app, query).await,
        Err(cmd) => cmd,
    };
    if let DraftCmd::BankRecords(BankRecordsCmd::Import {
        csv,
        dry_run,
        skip_posted,
    }) = cmd
    {
        return import(app, &csv, dry_run, skip_posted).await;
    }
    // Files and local arguments are checked before any key is asked for.
    let prepared = prepare(app, cmd)?;
    let (ledger, sender) = app.ledger_and_sender().await?;
    let contract = ledger.draft_contract()?.to_string();
    let out = app.output();
    match prepared {
        Prepared::Roles { address, roles } => {
            let levels = ledger.draft_config().await?.approval_levels;
            let roles = roles
                .iter()
                .map(|r| r.resolve(&levels))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let msg = ExecuteMsg::SetRoles {
                address: address.clone(),
                roles: roles.clone(),
            };
            let outcome = sender.execute(&contract, &msg).await?;
            let action = if roles.is_empty() {
                format!("removed the draft roles of {address}")
            } else {
                format!(
                    "set the draft roles of {address} to {}",
                    role_list(&roles, &levels)
                )
            };
            render::tx(out, &action, &outcome, RolesSet { address, roles })
        }
        Prepared::Apply(file) => {
            let now = chain_now(&ledger.client).await?;
            let application = file.resolve(|a| app.address(a), now)?;
            let stages = application.stages.len();
            let budget = application.budget;
            let name = application.name.clone();
            let outcome = sender
                .execute(&contract, &ExecuteMsg::Apply(application))
                .await?;
            let project_id = outcome
                .attribute("wasm", "project_id")
                .and_then(|v| v.parse().ok());
            let levels = ledger.draft_config().await?.approval_levels;
            let action = format!(
                "applied for project {} '{name}': budget {}, {stages} stage(s); stage 1 awaits \
                 {}",
                project_id.map_or("?".to_string(), |id: u64| id.to_string()),
                money(budget),
                level(&levels, 0)
            );
            render::tx(
                out,
                &action,
                &outcome,
                Applied {
                    project_id,
                    stages,
                    budget,
                },
            )
        }
        Prepared::Decision { kind, args } => {
            let stage = match args.stage {
                Some(s) => s,
                None => ledger.project(args.project).await?.current_stage,
            };
            let (project_id, comment) = (args.project, args.comment);
            let msg = match kind {
                Decision::Approve => ExecuteMsg::Approve {
                    project_id,
                    stage,
                    comment,
                },
                Decision::Reject => ExecuteMsg::Reject {
                    project_id,
                    stage,
                    comment,
                },
                Decision::Veto => ExecuteMsg::Veto {
                    project_id,
                    stage,
                    comment,
                },
            };
            let outcome = sender.execute(&contract, &msg).await?;
            let project = ledger.project(project_id).await?;
            let levels = ledger.draft_config().await?.approval_levels;
            let action = format!(
                "{} stage {stage} of project {project_id}; {}",
                kind.past(),
                next_step(&project, &levels)
            );
            render::tx(
                out,
                &action,
                &outcome,
                Decided {
                    project_id,
                    stage,
                    project_status: project.status,
                },
            )
        }
        Prepared::Issue { file, args } => issue(app, &ledger, &sender, file, args).await,
        Prepared::Endorse { draft, to, serial } => {
            let msg = ExecuteMsg::Endorse {
                draft_id: draft,
                to: to.clone(),
                serial: serial.clone(),
            };
            let outcome = sender.execute(&contract, &msg).await?;
            let attr = |key: &str| outcome.attribute("wasm", key).map(str::to_string);
            let endorsed = Endorsed {
                draft_id: draft,
                hop: attr("hop").and_then(|h| h.parse().ok()),
                to: to.clone(),
                release: attr("release"),
                reconciliation: attr("reconciliation"),
                draft_status: attr("draft_status"),
            };
            let released = endorsed
                .release
                .as_deref()
                .and_then(|r| r.parse::<u128>().ok())
                .map(|r| money(Uint128::new(r)))
                .unwrap_or_else(|| "?".into());
            let action = format!(
                "endorsed draft {draft} to {to} (hop {}, serial {serial}): {released} released; \
                 bank check: {}{}",
                endorsed.hop.map_or("?".to_string(), |h| h.to_string()),
                endorsed
                    .reconciliation
                    .as_deref()
                    .unwrap_or("?")
                    .replace('_', " "),
                if endorsed.draft_status.as_deref() == Some("delivered") {
                    "; the draft is delivered"
                } else {
                    ""
                }
            );
            render::tx(out, &action, &outcome, endorsed)
        }
        Prepared::Post(record) => {
            let now = chain_now(&ledger.client).await?;
            let input = record.input(now);
            let serial = input.serial.clone();
            let outcome = sender
                .execute(
                    &contract,
                    &ExecuteMsg::PostBankRecords {
                        records: vec![input],
                    },
                )
                .await?;
            let posted = posted(&outcome, 1);
            let action = format!(
                "posted bank record {serial}: {}",
                match (posted.reconciled, posted.mismatched) {
                    (1, _) => "matched with its endorsement and reconciled",
                    (_, 1) => "matched with its endorsement, which it DISAGREES with",
                    _ => "no endorsement names this serial yet; it waits unmatched",
                }
            );
            render::tx(out, &action, &outcome, posted)
        }
        Prepared::Progress {
            project,
            percent,
            text,
            evidence,
        } => {
            let msg = ExecuteMsg::ReportProgress {
                project_id: project,
                percent,
                text,
                evidence: evidence.clone(),
            };
            let outcome = sender.execute(&contract, &msg).await?;
            let status = outcome
                .attribute("wasm", "project_status")
                .map(str::to_string);
            let action = format!(
                "reported {percent}% on project {project} (evidence {}); the project is {}",
                evidence.to_hex(),
                status.as_deref().unwrap_or("?").replace('_', " ")
            );
            render::tx(
                out,
                &action,
                &outcome,
                Progressed {
                    project_id: project,
                    percent,
                    evidence: evidence.to_hex(),
                    project_status: status,
                },
            )
        }
        Prepared::Plain { msg, action } => {
            let outcome = sender.execute(&contract, &msg).await?;
            match msg {
                ExecuteMsg::Cancel { draft_id, .. }
                | ExecuteMsg::Clawback { draft_id, .. }
                | ExecuteMsg::Expire { draft_id } => {
                    let clawed_back = outcome.attribute("wasm", "clawed_back").map(str::to_string);
                    let amount = clawed_back
                        .as_deref()
                        .and_then(|a| a.parse::<u128>().ok())
                        .map(|a| money(Uint128::new(a)))
                        .unwrap_or_else(|| "?".into());
                    render::tx(
                        out,
                        &format!("{action}: {amount} returned to the issuer"),
                        &outcome,
                        Closed {
                            draft_id,
                            clawed_back,
                        },
                    )
                }
                _ => render::tx(out, &action, &outcome, NoExtra {}),
            }
        }
    }
}

/// Approve, reject or veto.
#[derive(Clone, Copy, Debug)]
enum Decision {
    Approve,
    Reject,
    Veto,
}

impl Decision {
    fn past(self) -> &'static str {
        match self {
            Decision::Approve => "approved",
            Decision::Reject => "rejected",
            Decision::Veto => "vetoed",
        }
    }
}

/// A transaction command with its files read and its arguments checked.
enum Prepared {
    Roles {
        address: String,
        roles: Vec<RoleSpec>,
    },
    Apply(ApplicationFile),
    Decision {
        kind: Decision,
        args: DecisionArgs,
    },
    Issue {
        file: TermsFile,
        args: IssueArgs,
    },
    Endorse {
        draft: u64,
        to: String,
        serial: String,
    },
    Post(StatementLine),
    Progress {
        project: u64,
        percent: u8,
        text: String,
        evidence: HexBinary,
    },
    Plain {
        msg: ExecuteMsg,
        action: String,
    },
}

fn prepare(app: &App, cmd: DraftCmd) -> anyhow::Result<Prepared> {
    Ok(match cmd {
        DraftCmd::Roles {
            address,
            roles,
            clear,
        } => Prepared::Roles {
            address: app.address(&address)?,
            roles: if clear { Vec::new() } else { roles },
        },
        DraftCmd::Apply { file } => Prepared::Apply(ApplicationFile::load(&file)?),
        DraftCmd::Approve(args) => Prepared::Decision {
            kind: Decision::Approve,
            args,
        },
        DraftCmd::Reject(args) => Prepared::Decision {
            kind: Decision::Reject,
            args,
        },
        DraftCmd::Veto(args) => Prepared::Decision {
            kind: Decision::Veto,
            args,
        },
        DraftCmd::Issue(args) => Prepared::Issue {
            file: TermsFile::load(&args.terms)?,
            args,
        },
        DraftCmd::Endorse { draft, to, serial } => {
            check_serial(&serial).map_err(|why| anyhow!("--serial: {why}"))?;
            Prepared::Endorse {
                draft,
                to: app.address(&to)?,
                serial,
            }
        }
        DraftCmd::BankRecords(BankRecordsCmd::Post {
            serial,
            draft,
            payer,
            payee,
            amount,
            time,
        }) => {
            check_serial(&serial).map_err(|why| anyhow!("--serial: {why}"))?;
            if amount.minor() == 0 {
                bail!("--amount: a bank record moves more than nothing");
            }
            Prepared::Post(StatementLine {
                line: 0,
                serial,
                draft,
                payer: app.address(&payer)?,
                payee: app.address(&payee)?,
                amount,
                time,
            })
        }
        DraftCmd::Progress(args) => Prepared::Progress {
            project: args.project,
            percent: args.percent,
            text: args.text,
            evidence: match (args.evidence, args.evidence_hash) {
                (Some(file), _) => evidence_of(&file)?,
                (None, Some(hex)) => parse_evidence_hash(&hex)?,
                (None, None) => bail!("give --evidence <file> or --evidence-hash <hex>"),
            },
        },
        DraftCmd::Opinion { project, text } => Prepared::Plain {
            action: format!("recorded the opinion on project {project}"),
            msg: ExecuteMsg::AddOpinion {
                project_id: project,
                text,
            },
        },
        DraftCmd::ApplyNextStage { project, note } => Prepared::Plain {
            action: format!("applied for the next stage of project {project}"),
            msg: ExecuteMsg::ApplyNextStage {
                project_id: project,
                note,
            },
        },
        DraftCmd::Cancel { draft, reason } => Prepared::Plain {
            action: format!("cancelled draft {draft}"),
            msg: ExecuteMsg::Cancel {
                draft_id: draft,
                reason,
            },
        },
        DraftCmd::Clawback { draft, reason } => Prepared::Plain {
            action: format!("clawed back draft {draft}"),
            msg: ExecuteMsg::Clawback {
                draft_id: draft,
                reason,
            },
        },
        DraftCmd::Expire { draft } => Prepared::Plain {
            action: format!("closed expired draft {draft}"),
            msg: ExecuteMsg::Expire { draft_id: draft },
        },
        other => bail!("internal error: {other:?} is not a transaction"),
    })
}

/// What happens next to a project, in words.
fn next_step(p: &Project, levels: &[String]) -> String {
    let stage = p
        .stages
        .iter()
        .find(|s| s.number == p.current_stage)
        .map(|s| s.approvals.len())
        .unwrap_or_default();
    match p.status {
        ProjectStatus::PendingApproval => format!(
            "it awaits {}",
            level(levels, u8::try_from(stage).unwrap_or(u8::MAX))
        ),
        ProjectStatus::Approved => "it may now be issued (`ledger draft issue`)".to_string(),
        other => format!("the project is {}", project_status(other)),
    }
}

/// The SHA-256 of an evidence file.
pub fn evidence_of(path: &Path) -> anyhow::Result<HexBinary> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read the evidence file {}", path.display()))?;
    Ok(HexBinary::from(Sha256::digest(&bytes).to_vec()))
}

/// A SHA-256 given in hex.
pub fn parse_evidence_hash(hex_hash: &str) -> anyhow::Result<HexBinary> {
    let trimmed = hex_hash.trim();
    let trimmed = trimmed.strip_prefix("0x").unwrap_or(trimmed);
    let bytes = hex::decode(trimmed).map_err(|e| anyhow!("--evidence-hash is not hex: {e}"))?;
    if bytes.len() != EVIDENCE_HASH_LEN {
        bail!(
            "--evidence-hash must be a SHA-256: {} hex digits, got {}",
            2 * EVIDENCE_HASH_LEN,
            trimmed.len()
        );
    }
    Ok(HexBinary::from(bytes))
}

/// Counts from a `PostBankRecords` outcome.
fn posted(outcome: &ledger_client::TxOutcome, records: usize) -> Posted {
    let count = |key: &str| {
        outcome
            .attribute("wasm", key)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    Posted {
        records,
        reconciled: count("reconciled"),
        mismatched: count("mismatched"),
        unmatched: count("unmatched"),
    }
}

async fn issue(
    app: &App,
    ledger: &Ledger,
    sender: &Sender,
    mut file: TermsFile,
    args: IssueArgs,
) -> anyhow::Result<()> {
    let project_id = args.project.or(file.project_id).ok_or_else(|| {
        anyhow!(
            "say which project the draft is for: --project <id>, or project_id in the terms file"
        )
    })?;
    let project = ledger.project(project_id).await?;
    let stage_no = args.stage.or(file.stage).unwrap_or(project.current_stage);
    let stage = project
        .stages
        .iter()
        .find(|s| s.number == stage_no)
        .ok_or_else(|| anyhow!("project {project_id} has no stage {stage_no}"))?;
    if let Some(at) = args.expires_at {
        file.expires_at = at;
    }
    let now = chain_now(&ledger.client).await?;
    let terms = file.resolve(project_id, stage_no, |a| app.address(a), now)?;
    let expires_at = terms.expires_at;
    let hops = terms.hops.len();
    let config = ledger.draft_config().await?;
    let msg = Cw20ExecuteMsg::Send {
        contract: ledger.draft_contract()?.to_string(),
        amount: stage.amount,
        msg: to_json_binary(&ReceiveMsg::IssueDraft(terms))?,
    };
    let outcome = sender.execute(config.fund_token.as_str(), &msg).await?;
    let draft_id = outcome
        .attribute("wasm", "draft_id")
        .and_then(|v| v.parse().ok());
    let action = format!(
        "issued draft {} for stage {stage_no} of project {project_id}: {} locked, {hops} hop(s), \
         expires {}",
        draft_id.map_or("?".to_string(), |id: u64| id.to_string()),
        money(stage.amount),
        when::datetime(expires_at)
    );
    render::tx(
        app.output(),
        &action,
        &outcome,
        Issued {
            draft_id,
            project_id,
            stage: stage_no,
            amount: stage.amount,
            expires_at,
        },
    )
}

/// One transaction of an import.
#[derive(Serialize)]
struct Batch {
    first_line: u64,
    last_line: u64,
    txhash: String,
    height: u64,
    #[serde(flatten)]
    posted: Posted,
}

/// What an import reports in JSON.
#[derive(Serialize)]
struct Imported {
    action: String,
    file: String,
    records: usize,
    skipped: Vec<String>,
    reconciled: u32,
    mismatched: u32,
    unmatched: u32,
    batches: Vec<Batch>,
}

/// `ledger draft bank-records import`
async fn import(app: &App, csv: &Path, dry_run: bool, skip_posted: bool) -> anyhow::Result<()> {
    let mut lines = read_statement(csv, |a| app.address(a))?;
    let out = app.output();
    if dry_run {
        return match out {
            Output::Json => {
                let records: Vec<BankRecordInput> = lines.iter().map(|l| l.input(0)).collect();
                render::json(&records)
            }
            Output::Table => {
                let mut t = render::table([
                    "line", "serial", "draft", "payer", "payee", "amount", "time",
                ]);
                for l in &lines {
                    t.add_row(vec![
                        num(l.line),
                        comfy_table::Cell::new(&l.serial),
                        num(l.draft),
                        comfy_table::Cell::new(&l.payer),
                        comfy_table::Cell::new(&l.payee),
                        num(l.amount),
                        comfy_table::Cell::new(match l.time {
                            When::Now => "now".to_string(),
                            When::At(t) => when::datetime(t),
                        }),
                    ]);
                }
                println!("{t}");
                eprintln!(
                    "{} records checked; nothing was sent (--dry-run). They would go in {} \
                     transaction(s) of at most {MAX_BANK_RECORDS} records.",
                    lines.len(),
                    batches(&lines).count()
                );
                Ok(())
            }
        };
    }
    let (ledger, sender) = app.ledger_and_sender().await?;
    let contract = ledger.draft_contract()?.to_string();
    let now = chain_now(&ledger.client).await?;

    // Checked against the chain before anything is sent: serials it already has, times after
    // the latest block.
    let mut posted_before = Vec::new();
    let mut problems = Vec::new();
    for l in &lines {
        if let When::At(t) = l.time {
            if t > now {
                problems.push(format!(
                    "line {}: booked at {}, after the latest block ({})",
                    l.line,
                    when::datetime(t),
                    when::datetime(now)
                ));
            }
        }
        if ledger.bank_record(&l.serial).await?.is_some() {
            posted_before.push((l.line, l.serial.clone()));
        }
    }
    if !posted_before.is_empty() && !skip_posted {
        for (line, serial) in &posted_before {
            problems.push(format!(
                "line {line}: a bank record with serial {serial} was already posted (pass \
                 --skip-posted to leave such lines out)"
            ));
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| {
            p.split(':')
                .next()
                .and_then(|l| l.trim_start_matches("line ").parse::<u64>().ok())
        });
        bail!(
            "statement {}: {} problem(s), nothing was posted:\n  {}",
            csv.display(),
            problems.len(),
            problems.join("\n  ")
        );
    }
    let skipped: Vec<String> = posted_before.into_iter().map(|(_, s)| s).collect();
    lines.retain(|l| !skipped.contains(&l.serial));
    if lines.is_empty() {
        bail!(
            "statement {}: every record was posted before; nothing to do",
            csv.display()
        );
    }

    let mut done: Vec<Batch> = Vec::new();
    let total = batches(&lines).count();
    for (i, batch) in batches(&lines).enumerate() {
        let (first, last) = (batch[0].line, batch[batch.len() - 1].line);
        let records: Vec<BankRecordInput> = batch.iter().map(|l| l.input(now)).collect();
        let outcome = sender
            .execute(&contract, &ExecuteMsg::PostBankRecords { records })
            .await
            .map_err(anyhow::Error::from)
            .with_context(|| {
                let before = if done.is_empty() {
                    "nothing was posted".to_string()
                } else {
                    format!(
                        "lines up to {} were posted; run the import again with --skip-posted \
                         to post the rest",
                        done.last().map_or(0, |b| b.last_line)
                    )
                };
                format!(
                    "posting lines {first} to {last} (transaction {} of {total}) failed; {before}",
                    i + 1
                )
            })?;
        let batch = Batch {
            first_line: first,
            last_line: last,
            txhash: outcome.hash.clone(),
            height: outcome.height,
            posted: posted(&outcome, batch.len()),
        };
        if out == Output::Table {
            println!(
                "posted lines {first} to {last}: {} reconciled, {} mismatched, {} unmatched (tx \
                 {} in block {})",
                batch.posted.reconciled,
                batch.posted.mismatched,
                batch.posted.unmatched,
                batch.txhash,
                batch.height
            );
        }
        done.push(batch);
    }
    let sum = |f: fn(&Posted) -> u32| done.iter().map(|b| f(&b.posted)).sum::<u32>();
    let report = Imported {
        action: format!(
            "imported {} bank record(s) from {} in {} transaction(s)",
            lines.len(),
            csv.display(),
            done.len()
        ),
        file: csv.display().to_string(),
        records: lines.len(),
        reconciled: sum(|p| p.reconciled),
        mismatched: sum(|p| p.mismatched),
        unmatched: sum(|p| p.unmatched),
        skipped,
        batches: done,
    };
    match out {
        Output::Json => render::json(&report),
        Output::Table => {
            println!(
                "{}: {} reconciled, {} mismatched, {} unmatched{}",
                report.action,
                report.reconciled,
                report.mismatched,
                report.unmatched,
                if report.skipped.is_empty() {
                    String::new()
                } else {
                    format!("; {} posted before and skipped", report.skipped.len())
                }
            );
            if report.mismatched > 0 {
                println!("see `ledger draft discrepancies` for what disagrees");
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
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
}
