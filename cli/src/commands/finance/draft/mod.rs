//! `ledger draft`: digital drafts, earmarked funds that travel from a provincial office down a
//! chain of holders to a project, reconciled with the banks' records. One command per role's
//! action (roles, apply, approve/reject/veto, issue, endorse, bank records, progress, opinion,
//! the next stage, cancel, expire) and the queries of the draft contract (see
//! [`query`]). The command line: [`args`]; files: [`files`]; the XLSX export of a project's fund
//! flow: [`crate::commands::export::draft_flow`].

pub mod args;
pub mod files;
pub mod query;

pub use args::DraftCmd;
use args::{BankRecordsCmd, DecisionArgs, IssueArgs, RoleSpec};
use std::path::Path;

use anyhow::{Context, anyhow, bail};

use cosmwasm_std::{HexBinary, Uint128};
use ledger_sdk::contracts::draft::{
    BankRecordInput, DraftClosing, DraftRole, EVIDENCE_HASH_LEN, MAX_BANK_RECORDS, Project,
    ProjectStatus, StageDecision,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::context::{App, Sender, chain_now};
use crate::render::draft::{level, project_status, role_list};
use crate::render::{self, NoExtra, Output, num};
use crate::units::money;
use crate::when::{self, When};
use files::{ApplicationFile, StatementLine, TermsFile, batches, check_serial, read_statement};
use ledger_sdk::Ledger;
use query::{self as draft_query};

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
    // Fails early when the deployment file has no draft contract.
    ledger.draft_contract()?;
    let out = app.output();
    match prepared {
        Prepared::Roles { address, roles } => {
            let levels = ledger.draft_config().await?.approval_levels;
            let roles = roles
                .iter()
                .map(|r| r.resolve(&levels))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let outcome = ledger
                .set_draft_roles(&sender, address.clone(), roles.clone())
                .await?;
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
            let outcome = ledger.apply_project(&sender, application).await?;
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
            let outcome = ledger
                .decide_stage(&sender, kind, project_id, stage, comment)
                .await?;
            let project = ledger.project(project_id).await?;
            let levels = ledger.draft_config().await?.approval_levels;
            let action = format!(
                "{} stage {stage} of project {project_id}; {}",
                decided(kind),
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
            let outcome = ledger
                .endorse(&sender, draft, to.clone(), serial.clone())
                .await?;
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
            let outcome = ledger.post_bank_records(&sender, vec![input]).await?;
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
            let outcome = ledger
                .report_progress(&sender, project, percent, text, evidence.clone())
                .await?;
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
        Prepared::Opinion { project, text } => {
            let outcome = ledger.add_opinion(&sender, project, text).await?;
            let action = format!("recorded the opinion on project {project}");
            render::tx(out, &action, &outcome, NoExtra {})
        }
        Prepared::NextStage { project, note } => {
            let outcome = ledger.apply_next_stage(&sender, project, note).await?;
            let action = format!("applied for the next stage of project {project}");
            render::tx(out, &action, &outcome, NoExtra {})
        }
        Prepared::Close { draft, how, action } => {
            let outcome = ledger.close_draft(&sender, draft, how).await?;
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
                    draft_id: draft,
                    clawed_back,
                },
            )
        }
    }
}

/// A decision in the past tense, for the command's report.
fn decided(decision: StageDecision) -> &'static str {
    match decision {
        StageDecision::Approve => "approved",
        StageDecision::Reject => "rejected",
        StageDecision::Veto => "vetoed",
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
        kind: StageDecision,
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
    Opinion {
        project: u64,
        text: String,
    },
    NextStage {
        project: u64,
        note: String,
    },
    Close {
        draft: u64,
        how: DraftClosing,
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
            kind: StageDecision::Approve,
            args,
        },
        DraftCmd::Reject(args) => Prepared::Decision {
            kind: StageDecision::Reject,
            args,
        },
        DraftCmd::Veto(args) => Prepared::Decision {
            kind: StageDecision::Veto,
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
        DraftCmd::Opinion { project, text } => Prepared::Opinion { project, text },
        DraftCmd::ApplyNextStage { project, note } => Prepared::NextStage { project, note },
        DraftCmd::Cancel { draft, reason } => Prepared::Close {
            draft,
            how: DraftClosing::Cancel { reason },
            action: format!("cancelled draft {draft}"),
        },
        DraftCmd::Clawback { draft, reason } => Prepared::Close {
            draft,
            how: DraftClosing::Clawback { reason },
            action: format!("clawed back draft {draft}"),
        },
        DraftCmd::Expire { draft } => Prepared::Close {
            draft,
            how: DraftClosing::Expire,
            action: format!("closed expired draft {draft}"),
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
    let outcome = ledger
        .issue_draft(sender, config.fund_token.as_str(), stage.amount, terms)
        .await?;
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
    // Fails early when the deployment file has no draft contract.
    ledger.draft_contract()?;
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
        let outcome = ledger
            .post_bank_records(&sender, records)
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
mod tests;
