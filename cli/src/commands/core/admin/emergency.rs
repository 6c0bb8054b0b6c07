//! The emergency controls: `ledger admin pause|unpause --contract ...`, `ledger query
//! pause-status`, and the registry's time lock (`ledger admin schedule-roles`,
//! `execute-timelocked`, `cancel-timelocked`, `ledger query timelocked`).
//!
//! Every contract takes the same `{"pause":{"reason":..}}`, `{"unpause":{}}` and
//! `{"pause_status":{}}` (the settlement token's sit next to cw20's), so one message shape
//! serves them all; the addresses come from the deployment file.

use std::str::FromStr;

use anyhow::{Context, bail};
use clap::ValueEnum;
use ledger_types::admin::{self, Role, RoleChange, TimelockedAction, TimelockedOperation};
use ledger_types::emergency::PauseStatus;
use ledger_types::token::{EmergencyMsg, TokenQueryMsg};
use serde::Serialize;

use crate::commands::core::admin::{RoleArg, role_list};
use crate::context::App;
use crate::render::{self, NoExtra, Output};
use crate::when::datetime as format_unix;
use ledger_sdk::Ledger;

/// A contract with an emergency pause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ContractArg {
    /// The registry (admin contract).
    Registry,
    /// The tariff contract.
    Tariff,
    /// The bank.
    Bank,
    /// The settlement token.
    Token,
    /// A consumer's meter contract (name one of its meters with --meter).
    Meter,
    /// The draft contract.
    Draft,
    /// The loan-share contract.
    LoanShare,
    /// The loan-share contract's consortium token.
    LoanToken,
}

impl ContractArg {
    pub fn name(self) -> &'static str {
        match self {
            ContractArg::Registry => "registry",
            ContractArg::Tariff => "tariff",
            ContractArg::Bank => "bank",
            ContractArg::Token => "token",
            ContractArg::Meter => "meter",
            ContractArg::Draft => "draft",
            ContractArg::LoanShare => "loan-share",
            ContractArg::LoanToken => "loan-token",
        }
    }
}

/// The address of `contract` in the deployment (`meter`: the meter contract holding
/// `meter_id`).
pub async fn address_of(
    ledger: &Ledger,
    contract: ContractArg,
    meter_id: Option<&str>,
) -> anyhow::Result<String> {
    let c = &ledger.deployment.contracts;
    let missing = |what: &str| {
        anyhow::anyhow!("the deployment file has no {what} contract; was it deployed?")
    };
    Ok(match contract {
        ContractArg::Registry => c.admin.clone(),
        ContractArg::Tariff => c.tariff.clone(),
        ContractArg::Bank => c.bank.clone(),
        ContractArg::Token => c.token.clone(),
        ContractArg::Draft => c.draft.clone().ok_or_else(|| missing("draft"))?,
        ContractArg::LoanShare => c.loan_share.clone().ok_or_else(|| missing("loan-share"))?,
        ContractArg::LoanToken => c.loan_token.clone().ok_or_else(|| missing("loan token"))?,
        ContractArg::Meter => {
            let Some(meter_id) = meter_id else {
                bail!(
                    "--contract meter needs --meter <METER_ID>: each consumer has its own meter contract"
                );
            };
            ledger.meter_contract(meter_id).await?
        }
    })
}

#[derive(Serialize)]
struct Paused<'a> {
    contract: &'a str,
    address: &'a str,
}

/// `ledger admin pause` (`reason` given) or `ledger admin unpause` (`reason` absent).
pub async fn pause(
    app: &App,
    contract: ContractArg,
    meter_id: Option<String>,
    reason: Option<String>,
) -> anyhow::Result<()> {
    let (ledger, sender) = app.ledger_and_sender().await?;
    let address = address_of(&ledger, contract, meter_id.as_deref()).await?;
    let (msg, action) = match reason {
        Some(reason) => (
            EmergencyMsg::Pause { reason },
            format!("paused the {} contract {address}", contract.name()),
        ),
        None => (
            EmergencyMsg::Unpause {},
            format!("resumed the {} contract {address}", contract.name()),
        ),
    };
    let outcome = sender.execute(&address, &msg).await?;
    render::tx(
        app.output(),
        &action,
        &outcome,
        Paused {
            contract: contract.name(),
            address: &address,
        },
    )
}

#[derive(Serialize)]
struct StatusRow {
    contract: String,
    address: String,
    #[serde(flatten)]
    status: PauseStatus,
}

/// `ledger query pause-status`: every deployed contract's pause (or one's, with --contract).
pub async fn pause_status(
    app: &App,
    ledger: &Ledger,
    contract: Option<ContractArg>,
    meter_id: Option<String>,
) -> anyhow::Result<()> {
    let c = &ledger.deployment.contracts;
    let mut targets: Vec<(ContractArg, String)> = match contract {
        Some(one) => vec![(one, address_of(ledger, one, meter_id.as_deref()).await?)],
        None => {
            let mut all = vec![
                (ContractArg::Registry, c.admin.clone()),
                (ContractArg::Tariff, c.tariff.clone()),
                (ContractArg::Bank, c.bank.clone()),
                (ContractArg::Token, c.token.clone()),
            ];
            all.extend(c.draft.clone().map(|a| (ContractArg::Draft, a)));
            all.extend(c.loan_share.clone().map(|a| (ContractArg::LoanShare, a)));
            all.extend(c.loan_token.clone().map(|a| (ContractArg::LoanToken, a)));
            all
        }
    };
    if contract.is_none() {
        if let Some(meter_id) = &meter_id {
            targets.push((ContractArg::Meter, ledger.meter_contract(meter_id).await?));
        }
    }
    let mut rows = Vec::with_capacity(targets.len());
    for (which, address) in targets {
        let status: PauseStatus = ledger
            .query(&address, &TokenQueryMsg::PauseStatus {})
            .await
            .with_context(|| format!("asking the {} contract {address}", which.name()))?;
        rows.push(StatusRow {
            contract: which.name().to_string(),
            address,
            status,
        });
    }
    render::list(app.output(), "contracts", &rows, false, |rows| {
        let mut t = render::table(["contract", "address", "state", "since", "by", "reason"]);
        for r in rows {
            let s = &r.status;
            t.add_row(vec![
                r.contract.clone(),
                r.address.clone(),
                if s.paused { "PAUSED" } else { "running" }.to_string(),
                s.since.map(format_unix).unwrap_or_default(),
                s.by.as_ref().map(|a| a.to_string()).unwrap_or_default(),
                s.reason.clone().unwrap_or_default(),
            ]);
        }
        t
    })
}

/// `ADDRESS=ROLE[,ROLE...]`: one participant's new roles in a scheduled bulk change (the
/// address may be a key name).
#[derive(Clone, Debug, PartialEq)]
pub struct RoleChangeArg {
    pub address: String,
    pub roles: Vec<Role>,
}

impl FromStr for RoleChangeArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: String| {
            format!(
                "'{s}' is not a role change ({why}): use ADDRESS=ROLE[,ROLE], e.g. wasm1...=consumer,guardian"
            )
        };
        let (address, roles) = s.split_once('=').ok_or_else(|| bad("no '='".to_string()))?;
        if address.trim().is_empty() {
            return Err(bad("no address".to_string()));
        }
        let roles = roles
            .split(',')
            .map(|r| {
                RoleArg::from_str(r.trim(), true)
                    .map(Role::from)
                    .map_err(|_| bad(format!("unknown role '{}'", r.trim())))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(RoleChangeArg {
            address: address.trim().to_string(),
            roles,
        })
    }
}

#[derive(Serialize)]
struct Scheduled {
    timelock_id: Option<u64>,
    effective_at: Option<u64>,
}

fn attribute(outcome: &ledger_client::TxOutcome, key: &str) -> Option<u64> {
    outcome.attribute("wasm", key).and_then(|v| v.parse().ok())
}

/// `ledger admin schedule-roles`.
pub async fn schedule_roles(app: &App, changes: Vec<RoleChangeArg>) -> anyhow::Result<()> {
    let changes = changes
        .into_iter()
        .map(|c| {
            Ok(RoleChange {
                address: app.address(&c.address)?,
                roles: c.roles,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (ledger, sender) = app.ledger_and_sender().await?;
    let count = changes.len();
    let outcome = sender
        .execute(
            &ledger.deployment.contracts.admin,
            &admin::ExecuteMsg::ScheduleRoleChanges { changes },
        )
        .await?;
    let id = attribute(&outcome, "timelock_id");
    let effective_at = attribute(&outcome, "effective_at");
    let action = format!(
        "scheduled {count} role change(s) as time-locked operation {}, effective at {}; run \
         `ledger admin execute-timelocked` then",
        id.map(|i| i.to_string()).unwrap_or_default(),
        effective_at.map(format_unix).unwrap_or_default()
    );
    render::tx(
        app.output(),
        &action,
        &outcome,
        Scheduled {
            timelock_id: id,
            effective_at,
        },
    )
}

/// `ledger admin execute-timelocked` / `cancel-timelocked`.
pub async fn timelocked(app: &App, id: u64, cancel: bool) -> anyhow::Result<()> {
    let (ledger, sender) = app.ledger_and_sender().await?;
    let (msg, action) = if cancel {
        (
            admin::ExecuteMsg::CancelTimelocked { id },
            format!("cancelled time-locked operation {id}"),
        )
    } else {
        (
            admin::ExecuteMsg::ExecuteTimelocked { id },
            format!("carried out time-locked operation {id}"),
        )
    };
    let outcome = sender
        .execute(&ledger.deployment.contracts.admin, &msg)
        .await?;
    render::tx(app.output(), &action, &outcome, NoExtra {})
}

fn describe(op: &TimelockedOperation) -> String {
    match &op.action {
        TimelockedAction::TransferAdmin { to } => format!("administrator role to {to}"),
        TimelockedAction::ChangeRoles { changes } => changes
            .iter()
            .map(|c| format!("{}: {}", c.address, role_list(&c.roles)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// `ledger query timelocked`: the registry's pending time-locked operations.
pub async fn list_timelocked(app: &App, ledger: &Ledger) -> anyhow::Result<()> {
    let mut all: admin::TimelockedOperationsResponse = ledger
        .admin(&admin::QueryMsg::TimelockedOperations {
            start_after: None,
            limit: None,
        })
        .await?;
    while let Some(last) = all.operations.last().map(|op| op.id) {
        let next: admin::TimelockedOperationsResponse = ledger
            .admin(&admin::QueryMsg::TimelockedOperations {
                start_after: Some(last),
                limit: None,
            })
            .await?;
        if next.operations.is_empty() {
            break;
        }
        all.operations.extend(next.operations);
    }
    match app.output() {
        Output::Json => render::json(&all),
        Output::Table => {
            eprintln!("time-lock delay: {} seconds", all.delay_seconds);
            render::list(
                Output::Table,
                "pending time-locked operations",
                &all.operations,
                false,
                |ops| {
                    let mut t =
                        render::table(["id", "what", "scheduled by", "scheduled", "effective at"]);
                    for op in ops {
                        t.add_row(vec![
                            op.id.to_string(),
                            describe(op),
                            op.scheduled_by.to_string(),
                            format_unix(op.scheduled_at),
                            format_unix(op.effective_at),
                        ]);
                    }
                    t
                },
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_changes_parse() {
        assert_eq!(
            "wasm1abc=consumer,guardian".parse::<RoleChangeArg>(),
            Ok(RoleChangeArg {
                address: "wasm1abc".to_string(),
                roles: vec![Role::Consumer, Role::Guardian],
            })
        );
        assert_eq!(
            "alice = bank-operator"
                .parse::<RoleChangeArg>()
                .unwrap()
                .roles,
            vec![Role::BankOperator]
        );
        assert!("wasm1abc".parse::<RoleChangeArg>().is_err());
        assert!("=consumer".parse::<RoleChangeArg>().is_err());
        assert!("wasm1abc=wizard".parse::<RoleChangeArg>().is_err());
    }
}
