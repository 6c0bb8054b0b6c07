//! The core contracts in words and tables: participants and roles, the deployment,
//! instalments, payments, prepaid balances, redemptions, the bank's totals.

use comfy_table::Table;
use ledger_client::Deployment;
use ledger_types::admin::{Participant, Role};
use ledger_types::bank::{
    Instalment, Payment, PrepaidResponse, Redemption, RedemptionStatus, TotalsResponse,
};

use crate::render::{self, num};
use crate::units::money;
use crate::when;

/// Roles in words: `consumer, retailer`.
pub fn role_list(roles: &[Role]) -> String {
    roles
        .iter()
        .map(Role::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The deployment as a table.
pub fn deployment_table(d: &Deployment) -> comfy_table::Table {
    render::record(vec![
        ("chain id", d.chain_id.clone()),
        ("node", d.node.clone()),
        ("admin contract", d.contracts.admin.clone()),
        ("tariff contract", d.contracts.tariff.clone()),
        ("bank contract", d.contracts.bank.clone()),
        ("settlement token", d.contracts.token.clone()),
        (
            "draft contract",
            d.contracts
                .draft
                .clone()
                .unwrap_or_else(|| "not deployed (redeploy to add it)".into()),
        ),
        (
            "loan-share contract",
            d.contracts
                .loan_share
                .clone()
                .unwrap_or_else(|| "not deployed (redeploy to add it)".into()),
        ),
        (
            "consortium token",
            d.contracts
                .loan_token
                .clone()
                .unwrap_or_else(|| "not deployed (redeploy to add it)".into()),
        ),
        (
            "cloud federation",
            d.contracts
                .cloud_federation
                .clone()
                .unwrap_or_else(|| "not deployed (redeploy to add it)".into()),
        ),
        (
            "park market",
            d.contracts
                .park_market
                .clone()
                .unwrap_or_else(|| "not deployed (redeploy to add it)".into()),
        ),
        (
            "park certificates",
            d.contracts
                .park_certificates
                .clone()
                .unwrap_or_else(|| "not deployed (redeploy to add it)".into()),
        ),
        (
            "park footprints",
            d.contracts
                .park_footprints
                .clone()
                .unwrap_or_else(|| "not deployed (redeploy to add it)".into()),
        ),
        (
            "park credits",
            d.contracts
                .park_credits
                .clone()
                .unwrap_or_else(|| "not deployed (redeploy to add it)".into()),
        ),
        (
            "router",
            d.contracts
                .router
                .clone()
                .unwrap_or_else(|| "not deployed (`ledger region deploy` adds it)".into()),
        ),
        (
            "regions",
            if d.regions.is_empty() {
                "none".into()
            } else {
                d.regions
                    .iter()
                    .map(|r| format!("{} ({})", r.region, r.chain_id))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        (
            "code ids",
            format!(
                "admin {}, meter {}, tariff {}, bank {}, token {}{}{}{}{}{}{}{}{}",
                d.code_ids.admin,
                d.code_ids.meter,
                d.code_ids.tariff,
                d.code_ids.bank,
                d.code_ids.settlement_token,
                d.code_ids
                    .draft
                    .map(|id| format!(", draft {id}"))
                    .unwrap_or_default(),
                d.code_ids
                    .loan_share
                    .map(|id| format!(", loan-share {id}"))
                    .unwrap_or_default(),
                d.code_ids
                    .cloud_federation
                    .map(|id| format!(", cloud federation {id}"))
                    .unwrap_or_default(),
                d.code_ids
                    .park_market
                    .map(|id| format!(", park market {id}"))
                    .unwrap_or_default(),
                d.code_ids
                    .park_certificates
                    .map(|id| format!(", park certificates {id}"))
                    .unwrap_or_default(),
                d.code_ids
                    .park_footprints
                    .map(|id| format!(", park footprints {id}"))
                    .unwrap_or_default(),
                d.code_ids
                    .park_credits
                    .map(|id| format!(", park credits {id}"))
                    .unwrap_or_default(),
                d.code_ids
                    .router
                    .map(|id| format!(", router {id}"))
                    .unwrap_or_default()
            ),
        ),
    ])
}

/// Basis points as a percentage: `3000` is `30`, `1250` is `12.5`.
pub fn bps(b: u16) -> String {
    if b % 100 == 0 {
        (b / 100).to_string()
    } else {
        format!("{}.{:02}", b / 100, b % 100)
            .trim_end_matches('0')
            .to_string()
    }
}

use ledger_sdk::words::{instalment_kind, instalment_status, payment_source};

pub fn participants_table(ps: &[Participant]) -> Table {
    let mut t = render::table([
        "address",
        "name",
        "roles",
        "status",
        "blacklisted",
        "meter contract",
    ]);
    for p in ps {
        t.add_row(vec![
            p.address.to_string(),
            p.name.clone(),
            role_list(&p.roles),
            p.status.as_str().to_string(),
            p.blacklisted.clone().unwrap_or_else(|| "no".into()),
            p.meter_contract
                .as_ref()
                .map(|a| a.to_string())
                .unwrap_or_default(),
        ]);
    }
    t
}

pub fn participant_record(p: &Participant) -> Table {
    render::record(vec![
        ("address", p.address.to_string()),
        ("name", p.name.clone()),
        ("roles", role_list(&p.roles)),
        ("status", p.status.as_str().to_string()),
        (
            "blacklisted",
            p.blacklisted
                .as_ref()
                .map(|r| format!("yes: {r}"))
                .unwrap_or_else(|| "no".into()),
        ),
        (
            "meter contract",
            p.meter_contract
                .as_ref()
                .map(|a| a.to_string())
                .unwrap_or_else(|| "none yet".into()),
        ),
        ("registered", when::datetime(p.registered_at)),
    ])
}

pub fn instalments_table(is: &[Instalment], with_meter: bool) -> Table {
    let mut header = vec!["id"];
    if with_meter {
        header.extend(["meter", "consumer"]);
    }
    header.extend(["period", "instalment", "due", "amount", "paid", "status"]);
    let mut t = render::table(header);
    for i in is {
        let mut row = vec![num(i.id)];
        if with_meter {
            row.push(comfy_table::Cell::new(&i.meter_id));
            row.push(comfy_table::Cell::new(i.consumer.as_str()));
        }
        row.extend([
            num(i.period),
            comfy_table::Cell::new(instalment_kind(&i.kind)),
            comfy_table::Cell::new(when::datetime(i.due)),
            num(money(i.amount)),
            num(money(i.paid)),
            comfy_table::Cell::new(instalment_status(&i.status)),
        ]);
        t.add_row(row);
    }
    t
}

pub fn payments_table(ps: &[Payment]) -> Table {
    let mut t = render::table([
        "id",
        "instalment",
        "meter",
        "period",
        "consumer",
        "amount",
        "source",
        "at",
    ]);
    for p in ps {
        t.add_row(vec![
            num(p.id),
            num(p.instalment_id),
            comfy_table::Cell::new(&p.meter_id),
            num(p.period),
            comfy_table::Cell::new(p.consumer.as_str()),
            num(money(p.amount)),
            comfy_table::Cell::new(payment_source(&p.source)),
            comfy_table::Cell::new(when::datetime(p.at)),
        ]);
    }
    t
}

pub fn prepaid_table(ps: &[PrepaidResponse]) -> Table {
    let mut t = render::table(["consumer", "prepaid balance"]);
    for p in ps {
        t.add_row(vec![
            comfy_table::Cell::new(p.consumer.as_str()),
            num(money(p.balance)),
        ]);
    }
    t
}

pub fn redemptions_table(rs: &[Redemption]) -> Table {
    let mut t = render::table([
        "id",
        "holder",
        "amount",
        "payout account",
        "status",
        "payout reference",
        "requested",
    ]);
    for r in rs {
        t.add_row(vec![
            num(r.id),
            comfy_table::Cell::new(r.holder.as_str()),
            num(money(r.amount)),
            comfy_table::Cell::new(&r.payout_account),
            comfy_table::Cell::new(match r.status {
                RedemptionStatus::Requested => "requested",
                RedemptionStatus::Redeemed => "redeemed",
            }),
            comfy_table::Cell::new(r.payout_reference.clone().unwrap_or_default()),
            comfy_table::Cell::new(when::datetime(r.requested_at)),
        ]);
    }
    t
}

pub fn totals_record(t: &TotalsResponse) -> Table {
    render::record(vec![
        ("minted", money(t.minted)),
        ("burned", money(t.burned)),
        ("in circulation", money(t.minted.saturating_sub(t.burned))),
        ("prepaid balances", money(t.prepaid)),
        ("escrowed for redemption", money(t.escrowed)),
        ("paid to retailers", money(t.paid_out)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basis_points_read_as_percentages() {
        assert_eq!(bps(3000), "30");
        assert_eq!(bps(1250), "12.5");
        assert_eq!(bps(5), "0.05");
        assert_eq!(bps(2000), "20");
    }
}
