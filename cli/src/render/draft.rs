//! The draft contract in words and tables: approval levels, roles, hops and their
//! reconciliation, history events; shared by `ledger draft` and the fund-flow workbook.

use crate::render::core::bps;
use crate::render::{self, num};
use crate::units::money;
use crate::when;
use comfy_table::{Cell, Table};
use ledger_types::draft::{
    self, Approval, BankRecord, Disagreement, Draft, DraftRole, Event, EventKind, HopCheck,
    Project, ProjectStatus, ReconciliationResponse, RolesResponse, TotalsResponse,
};

/// The approval levels numbered: `0 county-finance, 1 provincial-office`.
pub fn level_list(levels: &[String]) -> String {
    levels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{i} {l}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A stage's approvals, one line each: level, approver, time and comment.
pub fn approvals_text(approvals: &[Approval], levels: &[String]) -> String {
    approvals
        .iter()
        .map(|a| {
            format!(
                "{} by {} at {}: {}",
                level(levels, a.level),
                a.approver,
                when::datetime(a.at),
                a.comment
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A level by number with its name, when known: `level 1 (provincial-office)`.
pub fn level(levels: &[String], level: u8) -> String {
    match levels.get(usize::from(level)) {
        Some(name) => format!("level {level} ({name})"),
        None => format!("level {level}"),
    }
}

/// A draft role as typed on the command line: `issuer`, `applicant`, `approver:0`,
/// `implementing-unit`, `holder`.
pub fn role_name(role: &DraftRole) -> String {
    match role {
        DraftRole::ImplementingUnit => "implementing-unit".to_string(),
        other => other.name(),
    }
}

/// Roles in words, approvers with their level's name.
pub fn role_list(roles: &[DraftRole], levels: &[String]) -> String {
    roles
        .iter()
        .map(|r| match r {
            DraftRole::Approver { level } => match levels.get(usize::from(*level)) {
                Some(name) => format!("approver:{level} ({name})"),
                None => role_name(r),
            },
            other => role_name(other),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A project's status in words.
pub fn project_status(status: ProjectStatus) -> &'static str {
    match status {
        ProjectStatus::PendingApproval => "pending approval",
        ProjectStatus::Approved => "approved",
        ProjectStatus::InProgress => "in progress",
        ProjectStatus::AwaitingNextStage => "awaiting next stage",
        ProjectStatus::Completed => "completed",
        ProjectStatus::Rejected => "rejected",
        ProjectStatus::Withdrawn => "withdrawn",
    }
}

/// A hop's reconciliation in one word or two.
pub fn check_status(check: &HopCheck) -> &'static str {
    match check {
        HopCheck::NotEndorsed => "not endorsed",
        HopCheck::MissingBankRecord => "missing bank record",
        HopCheck::Reconciled => "reconciled",
        HopCheck::Mismatch { .. } => "mismatch",
    }
}

/// What a bank record disagrees on: `amount: endorsed 300.00, bank 299.00`.
pub fn disagreement(d: &Disagreement) -> String {
    match d {
        Disagreement::Amount { endorsed, bank } => {
            format!(
                "amount: endorsed {}, bank {}",
                money(*endorsed),
                money(*bank)
            )
        }
        Disagreement::Payer { endorsed, bank } => {
            format!("payer: endorsed {endorsed}, bank {bank}")
        }
        Disagreement::Payee { endorsed, bank } => {
            format!("payee: endorsed {endorsed}, bank {bank}")
        }
    }
}

/// A hop's reconciliation with what disagrees.
pub fn check_text(check: &HopCheck) -> String {
    match check {
        HopCheck::Mismatch { disagreements } => format!(
            "mismatch: {}",
            disagreements
                .iter()
                .map(disagreement)
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => check_status(other).to_string(),
    }
}

/// An event's kind in a word or two, and what it says.
pub fn event_text(kind: &EventKind, levels: &[String]) -> (&'static str, String) {
    match kind {
        EventKind::Applied { stage, amount } => (
            "applied",
            format!("applied with stage {stage} for {}", money(*amount)),
        ),
        EventKind::StageApplied {
            stage,
            amount,
            note,
        } => (
            "stage applied",
            format!("stage {stage} for {}: {note}", money(*amount)),
        ),
        EventKind::Approved {
            stage,
            level: l,
            comment,
        } => (
            "approved",
            format!("stage {stage} at {}: {comment}", level(levels, *l)),
        ),
        EventKind::Rejected {
            stage,
            level: l,
            comment,
        } => (
            "rejected",
            format!("stage {stage} at {}: {comment}", level(levels, *l)),
        ),
        EventKind::Vetoed {
            stage,
            level: l,
            vetoed_level,
            comment,
        } => (
            "vetoed",
            format!(
                "stage {stage}: {} overturned the approval of {}: {comment}",
                level(levels, *l),
                level(levels, *vetoed_level)
            ),
        ),
        EventKind::Issued {
            stage,
            draft_id,
            amount,
            expires_at,
        } => (
            "issued",
            format!(
                "draft {draft_id} for stage {stage}: {} locked, expires {}",
                money(*amount),
                when::datetime(*expires_at)
            ),
        ),
        EventKind::Endorsed {
            draft_id,
            hop,
            from,
            to,
            value,
            release,
            serial,
        } => (
            "endorsed",
            format!(
                "draft {draft_id} hop {hop}: {from} → {to}, {} moved, {} released, serial {serial}",
                money(*value),
                money(*release)
            ),
        ),
        EventKind::BankRecordMatched {
            draft_id,
            hop,
            serial,
            check,
        } => (
            "bank record",
            format!(
                "serial {serial} on draft {draft_id} hop {hop}: {}",
                check_text(check)
            ),
        ),
        EventKind::Delivered { draft_id } => (
            "delivered",
            format!("draft {draft_id} reached its last holder"),
        ),
        EventKind::Progress {
            stage,
            percent,
            text,
            evidence,
        } => (
            "progress",
            format!(
                "stage {stage} at {percent}%: {text} (evidence {})",
                evidence.to_hex()
            ),
        ),
        EventKind::Opinion { stage, text } => ("opinion", format!("stage {stage}: {text}")),
        EventKind::StageCompleted { stage } => {
            ("stage completed", format!("stage {stage} is complete"))
        }
        EventKind::ClawedBack {
            draft_id,
            amount,
            reason,
            note,
        } => (
            "clawed back",
            format!(
                "draft {draft_id}: {} returned to the issuer ({}{})",
                money(*amount),
                match reason {
                    draft::ClawbackReason::Expired => "expired",
                    draft::ClawbackReason::Cancelled => "cancelled",
                    draft::ClawbackReason::HolderBlacklisted => "holder blacklisted",
                },
                if note.is_empty() {
                    String::new()
                } else {
                    format!(": {note}")
                }
            ),
        ),
    }
}

pub fn opt_time(t: Option<u64>) -> String {
    t.map(when::datetime).unwrap_or_default()
}

/// A draft's facts, one per row.
pub fn draft_record(d: &Draft) -> Table {
    render::record(vec![
        ("draft", d.id.to_string()),
        ("project", format!("{} stage {}", d.project_id, d.stage)),
        ("status", d.status.as_str().to_string()),
        ("holder now", d.holder.to_string()),
        ("issuer", d.issuer.to_string()),
        ("amount", money(d.amount)),
        ("still locked", money(d.locked)),
        ("released", money(d.released)),
        ("clawed back", money(d.clawed_back)),
        (
            "hops endorsed",
            format!("{} of {}", d.endorsed, d.hops.len()),
        ),
        (
            "reconciliation",
            format!(
                "{} reconciled, {} missing a bank record, {} mismatched",
                d.counts.reconciled, d.counts.missing, d.counts.mismatched
            ),
        ),
        (
            "final recipients",
            d.final_recipients
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        ("issued", when::datetime(d.issued_at)),
        ("expires", when::datetime(d.expires_at)),
        (
            "closed",
            d.closed_at
                .map(when::datetime)
                .unwrap_or_else(|| "no".into()),
        ),
    ])
}

/// A draft's hops: who passes it to whom, what moves and is released, the serial and its
/// reconciliation.
pub fn hops_table(d: &Draft) -> Table {
    let mut t = render::table([
        "hop",
        "label",
        "from",
        "to",
        "share %",
        "value",
        "released",
        "serial",
        "endorsed",
        "bank check",
    ]);
    for h in &d.hops {
        t.add_row(vec![
            num(h.index),
            Cell::new(&h.label),
            Cell::new(h.from.as_str()),
            Cell::new(h.to.as_str()),
            num(bps(h.release_bps)),
            num(money(h.value)),
            num(money(h.release)),
            Cell::new(h.serial.clone().unwrap_or_default()),
            Cell::new(opt_time(h.endorsed_at)),
            Cell::new(check_text(&h.check)),
        ]);
    }
    t
}

pub fn drafts_table(ds: &[Draft]) -> Table {
    let mut t = render::table([
        "draft",
        "project",
        "stage",
        "status",
        "holder",
        "hops",
        "amount",
        "locked",
        "released",
        "clawed back",
        "reconciled / missing / mismatched",
        "expires",
    ]);
    for d in ds {
        t.add_row(vec![
            num(d.id),
            num(d.project_id),
            num(d.stage),
            Cell::new(d.status.as_str()),
            Cell::new(d.holder.as_str()),
            num(format!("{}/{}", d.endorsed, d.hops.len())),
            num(money(d.amount)),
            num(money(d.locked)),
            num(money(d.released)),
            num(money(d.clawed_back)),
            num(format!(
                "{} / {} / {}",
                d.counts.reconciled, d.counts.missing, d.counts.mismatched
            )),
            Cell::new(when::datetime(d.expires_at)),
        ]);
    }
    t
}

pub fn project_record(p: &Project) -> Table {
    render::record(vec![
        ("project", p.id.to_string()),
        ("name", p.name.clone()),
        ("type", p.project_type.clone()),
        ("department", p.department.clone()),
        ("status", project_status(p.status).to_string()),
        (
            "current stage",
            format!("{} of {}", p.current_stage, p.stages.len()),
        ),
        ("budget", money(p.budget)),
        ("applicant", p.applicant.to_string()),
        ("implementing unit", p.implementing_unit.to_string()),
        ("qualifications", p.unit_qualifications.clone()),
        ("description", p.description.clone()),
        (
            "dates",
            format!("{} to {}", when::date(p.start_date), when::date(p.end_date)),
        ),
        ("applied", when::datetime(p.applied_at)),
        ("events", p.events.to_string()),
    ])
}

/// A project's stages with their approvals, progress and draft.
pub fn stages_table(p: &Project, levels: &[String]) -> Table {
    let mut t = render::table([
        "stage",
        "amount",
        "purpose",
        "status",
        "approvals",
        "progress %",
        "draft",
    ]);
    for s in &p.stages {
        let approvals = approvals_text(&s.approvals, levels);
        t.add_row(vec![
            num(s.number),
            num(money(s.amount)),
            Cell::new(&s.purpose),
            Cell::new(s.status.as_str()),
            Cell::new(approvals),
            num(s.progress),
            Cell::new(s.draft_id.map(|d| d.to_string()).unwrap_or_default()),
        ]);
    }
    t
}

pub fn projects_table(ps: &[Project]) -> Table {
    let mut t = render::table([
        "project",
        "name",
        "applicant",
        "budget",
        "stage",
        "status",
        "applied",
    ]);
    for p in ps {
        t.add_row(vec![
            num(p.id),
            Cell::new(&p.name),
            Cell::new(p.applicant.as_str()),
            num(money(p.budget)),
            num(format!("{}/{}", p.current_stage, p.stages.len())),
            Cell::new(project_status(p.status)),
            Cell::new(when::datetime(p.applied_at)),
        ]);
    }
    t
}

pub fn history_table(es: &[Event], levels: &[String]) -> Table {
    let mut t = render::table(["#", "at", "block", "draft", "by", "event", "details"]);
    for e in es {
        let (what, details) = event_text(&e.kind, levels);
        t.add_row(vec![
            num(e.seq),
            Cell::new(when::datetime(e.at)),
            num(e.height),
            Cell::new(e.draft_id.map(|d| d.to_string()).unwrap_or_default()),
            Cell::new(e.actor.as_str()),
            Cell::new(what),
            Cell::new(details),
        ]);
    }
    t
}

pub fn hop_list(hops: &[u32]) -> String {
    if hops.is_empty() {
        "none".to_string()
    } else {
        hops.iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub fn reconciliation_record(r: &ReconciliationResponse) -> Table {
    render::record(vec![
        ("draft", r.draft_id.to_string()),
        ("project", r.project_id.to_string()),
        ("reconciled hops", hop_list(&r.reconciled)),
        ("hops missing a bank record", hop_list(&r.missing)),
        (
            "mismatched hops",
            hop_list(&r.mismatches.iter().map(|m| m.hop).collect::<Vec<_>>()),
        ),
    ])
}

pub fn mismatches_table(rs: &[ReconciliationResponse]) -> Table {
    let mut t = render::table(["draft", "hop", "serial", "disagrees on"]);
    for r in rs {
        for m in &r.mismatches {
            t.add_row(vec![
                num(r.draft_id),
                num(m.hop),
                Cell::new(&m.serial),
                Cell::new(
                    m.disagreements
                        .iter()
                        .map(disagreement)
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ]);
        }
    }
    t
}

pub fn discrepancies_table(rs: &[ReconciliationResponse]) -> Table {
    let mut t = render::table([
        "draft",
        "project",
        "reconciled",
        "hops missing a bank record",
        "mismatched hops",
    ]);
    for r in rs {
        t.add_row(vec![
            num(r.draft_id),
            num(r.project_id),
            num(r.counts.reconciled),
            Cell::new(hop_list(&r.missing)),
            Cell::new(
                r.mismatches
                    .iter()
                    .map(|m| {
                        format!(
                            "hop {} (serial {}): {}",
                            m.hop,
                            m.serial,
                            m.disagreements
                                .iter()
                                .map(disagreement)
                                .collect::<Vec<_>>()
                                .join("; ")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        ]);
    }
    t
}

pub fn bank_records_table(rs: &[BankRecord]) -> Table {
    let mut t = render::table([
        "serial", "payer", "payee", "amount", "booked", "posted", "matched",
    ]);
    for r in rs {
        t.add_row(vec![
            Cell::new(&r.serial),
            Cell::new(r.payer.as_str()),
            Cell::new(r.payee.as_str()),
            num(money(r.amount)),
            Cell::new(when::datetime(r.time)),
            Cell::new(when::datetime(r.posted_at)),
            Cell::new(
                r.matched
                    .map(|m| format!("draft {} hop {}", m.draft_id, m.hop))
                    .unwrap_or_else(|| "unmatched".into()),
            ),
        ]);
    }
    t
}

pub fn totals_record(t: &TotalsResponse) -> Table {
    render::record(vec![
        ("projects", t.projects.to_string()),
        ("drafts", t.drafts.to_string()),
        ("issued (locked at issue)", money(t.issued)),
        ("still locked", money(t.locked)),
        ("released to holders", money(t.released)),
        ("clawed back to issuers", money(t.clawed_back)),
        (
            "check",
            if t.issued == t.locked + t.released + t.clawed_back {
                "issued = locked + released + clawed back".to_string()
            } else {
                "issued differs from locked + released + clawed back".to_string()
            },
        ),
    ])
}

pub fn members_table(ms: &[RolesResponse], levels: &[String]) -> Table {
    let mut t = render::table(["address", "draft roles"]);
    for m in ms {
        t.add_row(vec![
            Cell::new(m.address.as_str()),
            Cell::new(role_list(&m.roles, levels)),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{Addr, Uint128};

    #[test]
    fn events_and_checks_read_as_words() {
        let levels = vec![
            "county-finance".to_string(),
            "provincial-office".to_string(),
        ];
        let (what, text) = event_text(
            &EventKind::Vetoed {
                stage: 1,
                level: 1,
                vetoed_level: 0,
                comment: "over budget".into(),
            },
            &levels,
        );
        assert_eq!(what, "vetoed");
        assert_eq!(
            text,
            "stage 1: level 1 (provincial-office) overturned the approval of level 0 \
             (county-finance): over budget"
        );
        let check = HopCheck::Mismatch {
            disagreements: vec![
                Disagreement::Amount {
                    endorsed: Uint128::new(30_000),
                    bank: Uint128::new(29_900),
                },
                Disagreement::Payee {
                    endorsed: Addr::unchecked("wasm1a"),
                    bank: Addr::unchecked("wasm1b"),
                },
            ],
        };
        assert_eq!(
            check_text(&check),
            "mismatch: amount: endorsed 300.00, bank 299.00; payee: endorsed wasm1a, bank wasm1b"
        );
        assert_eq!(
            check_text(&HopCheck::MissingBankRecord),
            "missing bank record"
        );
        assert_eq!(
            role_list(
                &[
                    DraftRole::Approver { level: 1 },
                    DraftRole::ImplementingUnit,
                    DraftRole::Approver { level: 7 }
                ],
                &levels
            ),
            "approver:1 (provincial-office), implementing-unit, approver:7"
        );
        assert_eq!(level_list(&levels), "0 county-finance, 1 provincial-office");
    }
}
