//! The emergency controls: `ledger admin pause|unpause --contract ...`, `ledger query
//! pause-status`, and the registry's time lock (`ledger admin schedule-roles`,
//! `execute-timelocked`, `cancel-timelocked`, `ledger query timelocked`).
//!
//! Every contract takes the same `{"pause":{"reason":..}}`, `{"unpause":{}}` and
//! `{"pause_status":{}}` (the settlement token's sit next to cw20's), so one message shape
//! serves them all; the addresses come from the deployment file.

use std::str::FromStr;

use clap::ValueEnum;
use ledger_types::admin::{Role, RoleChange};
use serde::Serialize;

use crate::args::{ContractArg, RoleArg, address_of};
use crate::context::App;
use crate::render::{self, NoExtra};
use crate::when::datetime as format_unix;

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
    let (main, sender) = app.ledger_and_sender().await?;
    // A regional meter's contract is paused on its region's chain (by the endpoint's
    // administrator, whom the endpoint vouches for as the meters' registry).
    let (ledger, sender, address, place) = match (contract, meter_id.as_deref()) {
        (ContractArg::Meter, Some(meter)) => {
            let chain = app.meter_chain(&main, meter).await?;
            let sender = chain.sender(&sender);
            let place = chain
                .region
                .as_deref()
                .map(|r| format!(" in {r}"))
                .unwrap_or_default();
            (chain.ledger, sender, chain.contract, place)
        }
        _ => {
            let address = address_of(&main, contract, meter_id.as_deref()).await?;
            (main, sender, address, String::new())
        }
    };
    let action = match &reason {
        Some(_) => format!("paused the {} contract {address}{place}", contract.name()),
        None => format!("resumed the {} contract {address}{place}", contract.name()),
    };
    let outcome = ledger.set_paused(&sender, &address, reason).await?;
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
    let outcome = ledger.schedule_role_changes(&sender, changes).await?;
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
    let action = if cancel {
        format!("cancelled time-locked operation {id}")
    } else {
        format!("carried out time-locked operation {id}")
    };
    let outcome = ledger.settle_timelocked(&sender, id, cancel).await?;
    render::tx(app.output(), &action, &outcome, NoExtra {})
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
