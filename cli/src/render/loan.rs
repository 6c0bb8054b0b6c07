//! The loan-share contract in tables: plans, confirmations, disclosures, rates.

use crate::render::{self, num};
use crate::units::money;
use crate::when;
use comfy_table::{Cell, Table};
use ledger_types::loan_share::{Confirmation, Disclosure, PlanInfo};

/// An annual rate in basis points as a percentage: `1850` is `18.50%`.
pub fn rate(bps: u32) -> String {
    format!("{}.{:02}%", bps / 100, bps % 100)
}

/// Plans as a table.
pub fn plans_table(plans: &[PlanInfo]) -> Table {
    let mut t = render::table([
        "plan",
        "asset",
        "type",
        "loan",
        "offered",
        "confirmed",
        "rates",
        "fee /10k",
        "lenders",
        "closes",
        "state",
        "contributor",
    ]);
    for info in plans {
        let p = &info.plan;
        t.add_row(vec![
            num(p.id),
            Cell::new(&p.asset_id),
            Cell::new(p.loan_type.as_str()),
            num(money(p.loan_amount)),
            num(money(p.terms.offered)),
            num(money(p.confirmed)),
            Cell::new(format!(
                "{}-{}",
                rate(p.terms.min_rate_bps),
                rate(p.terms.max_rate_bps)
            )),
            num(p.terms.fee_per_10k),
            Cell::new(format!("{}/{}", p.participants, p.terms.max_participants)),
            Cell::new(when::datetime(p.terms.end)),
            Cell::new(info.state.as_str()),
            Cell::new(&p.contributor),
        ]);
    }
    t
}

/// One plan: everything in clear, and the sealed fields as what they are on chain.
pub fn plan_record(info: &PlanInfo) -> String {
    let p = &info.plan;
    let mut rows = vec![
        ("plan", p.id.to_string()),
        ("state", info.state.as_str().to_string()),
        ("contributor", p.contributor.to_string()),
        ("asset id", p.asset_id.clone()),
        ("loan type", p.loan_type.as_str().to_string()),
        ("loan amount", money(p.loan_amount)),
        ("risk score", p.risk.score.clone()),
        ("loan limit", money(p.risk.loan_limit)),
        ("suggested share", money(p.risk.suggested_share_limit)),
        ("offered", money(p.terms.offered)),
        ("confirmed", money(p.confirmed)),
        ("remaining", money(p.remaining())),
        (
            "accepted rates",
            format!(
                "{} to {}",
                rate(p.terms.min_rate_bps),
                rate(p.terms.max_rate_bps)
            ),
        ),
        (
            "fee",
            format!(
                "{} token unit(s) per 10,000 confirmed, rounded up",
                p.terms.fee_per_10k
            ),
        ),
        (
            "lenders",
            format!("{} of at most {}", p.participants, p.terms.max_participants),
        ),
        ("fees paid", money(p.fees)),
        ("opens", when::datetime(p.terms.start)),
        ("closes", when::datetime(p.terms.end)),
        ("posted", when::datetime(p.posted_at)),
    ];
    if let Some(v) = &p.vehicle {
        rows.push((
            "vehicle",
            format!("{} km, bought {}", v.mileage_km, when::date(v.purchased_at)),
        ));
    }
    if !p.data_links.is_empty() {
        rows.push(("further data", p.data_links.join("\n")));
    }
    for s in &p.sealed_fields {
        rows.push((
            s.field.as_str(),
            format!(
                "sealed: {} bytes of ciphertext, commitment {}",
                s.ciphertext.len(),
                s.commitment.to_hex()
            ),
        ));
    }
    if let Some(at) = p.withdrawn_at {
        rows.push(("withdrawn", when::datetime(at)));
    }
    render::record(rows).to_string()
}

/// Confirmations as a table.
pub fn confirmations_table(confirmations: &[Confirmation]) -> Table {
    let mut t = render::table([
        "confirmation",
        "plan",
        "asset",
        "participant",
        "amount",
        "rate",
        "fee",
        "disclosed",
        "confirmed",
    ]);
    for c in confirmations {
        t.add_row(vec![
            num(c.id),
            num(c.plan_id),
            Cell::new(&c.asset_id),
            Cell::new(&c.participant),
            num(money(c.amount)),
            num(rate(c.rate_bps)),
            num(money(c.fee)),
            Cell::new(format!("{}/{}", c.disclosed.len(), c.fields.len())),
            Cell::new(when::datetime(c.confirmed_at)),
        ]);
    }
    t
}

/// Disclosures as a table: who received which field, when; the ciphertext only by size.
pub fn disclosures_table(disclosures: &[Disclosure]) -> Table {
    let mut t = render::table([
        "disclosure",
        "confirmation",
        "plan",
        "field",
        "contributor",
        "participant",
        "ciphertext",
        "disclosed",
    ]);
    for d in disclosures {
        t.add_row(vec![
            num(d.id),
            num(d.confirmation_id),
            num(d.plan_id),
            Cell::new(d.field.as_str()),
            Cell::new(&d.contributor),
            Cell::new(&d.participant),
            Cell::new(format!("{} bytes", d.ciphertext.len())),
            Cell::new(when::datetime(d.disclosed_at)),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_show_as_percentages() {
        assert_eq!(rate(1_850), "18.50%");
        assert_eq!(rate(2_000), "20.00%");
        assert_eq!(rate(5), "0.05%");
    }
}
