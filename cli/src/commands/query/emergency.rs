//! `ledger query pause-status` and `ledger query timelocked`: the emergency controls' state.

use crate::args::{ContractArg, address_of};
use crate::context::App;
use crate::render::core::role_list;
use crate::render::{self, Output};
use crate::when::datetime as format_unix;
use anyhow::Context;
use ledger_sdk::Ledger;
use ledger_types::admin::{self, TimelockedAction, TimelockedOperation};
use ledger_types::emergency::PauseStatus;
use serde::Serialize;

/// `ledger query pause-status`: every deployed contract's pause (or one's, with --contract).
pub async fn pause_status(
    app: &App,
    ledger: &Ledger,
    contract: Option<ContractArg>,
    meter_id: Option<String>,
) -> anyhow::Result<()> {
    let c = ledger.contracts()?;
    // A regional meter's contract answers on its region's chain.
    let meter_chain = match (contract, meter_id.as_deref()) {
        (None | Some(ContractArg::Meter), Some(meter)) => {
            Some(app.meter_chain(ledger, meter).await?)
        }
        _ => None,
    };
    let targets: Vec<(ContractArg, String)> = match contract {
        Some(ContractArg::Meter) if meter_chain.is_some() => Vec::new(),
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
            all.extend(c.cloud_federation.clone().map(|a| (ContractArg::Cloud, a)));
            all.extend(c.park_market.clone().map(|a| (ContractArg::Park, a)));
            all.extend(
                c.park_certificates
                    .clone()
                    .map(|a| (ContractArg::ParkCertificates, a)),
            );
            all.extend(
                c.park_footprints
                    .clone()
                    .map(|a| (ContractArg::ParkFootprints, a)),
            );
            all.extend(
                c.park_credits
                    .clone()
                    .map(|a| (ContractArg::ParkCredits, a)),
            );
            all
        }
    };
    let mut rows = Vec::with_capacity(targets.len() + 1);
    let meter_target = meter_chain
        .as_ref()
        .map(|m| (ContractArg::Meter, m.contract.clone()));
    for (which, address) in targets.into_iter().chain(meter_target) {
        let on = match (which, &meter_chain) {
            (ContractArg::Meter, Some(m)) => &m.ledger,
            _ => ledger,
        };
        let status: PauseStatus = on
            .pause_status(&address)
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

#[derive(Serialize)]
pub struct StatusRow {
    contract: String,
    address: String,
    #[serde(flatten)]
    status: PauseStatus,
}

/// `ledger query timelocked`: the registry's pending time-locked operations.
pub async fn list_timelocked(app: &App, ledger: &Ledger) -> anyhow::Result<()> {
    let all: admin::TimelockedOperationsResponse = ledger.timelocked_operations().await?;
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

pub fn describe(op: &TimelockedOperation) -> String {
    match &op.action {
        TimelockedAction::TransferAdmin { to } => format!("administrator role to {to}"),
        TimelockedAction::ChangeRoles { changes } => changes
            .iter()
            .map(|c| format!("{}: {}", c.address, role_list(&c.roles)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}
