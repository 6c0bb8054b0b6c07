//! Reading the loan-share contract: typed queries of it on [`Ledger`] (lists paged to the end
//! or the `--limit` cap), and the `ledger loan` queries as tables or `-o json`.
//!
//! What is shown is what the chain holds: sensitive fields appear only as the size of their
//! ciphertext and their commitment, never decrypted here (`ledger loan decrypt` does that on
//! the participant's machine).

use anyhow::anyhow;
use comfy_table::{Cell, Table};
use cosmwasm_std::Uint128;
use ledger_types::loan_share::{
    self, Confirmation, ConfirmationsResponse, Disclosure, DisclosuresResponse, KeyInfo,
    MembersResponse, PlanInfo, PlansResponse, Redemption, RedemptionStatus, RedemptionsResponse,
    RolesResponse, TotalsResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::context::App;
use crate::ledger::{Ledger, Paged, collect};
use crate::output::{self, Output, num};
use crate::units::money;
use crate::when;

/// Which plans a list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanFilter {
    /// Every plan, whatever its state.
    All,
    /// Plans still taking confirmations (open or upcoming).
    Open,
    /// One contributor's plans.
    Contributor(String),
}

/// Which confirmations a list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfirmationFilter {
    /// Every confirmation.
    All,
    /// One plan's.
    Plan(u64),
    /// One participant's.
    Participant(String),
    /// Confirmations of a contributor's plans with fields still to disclose.
    Pending(String),
}

/// What `ledger loan` asks the loan-share contract.
#[derive(Debug)]
pub enum LoanQuery {
    /// Plans.
    Plans {
        /// Which.
        filter: PlanFilter,
        /// Most plans to read.
        cap: usize,
    },
    /// One plan.
    Plan(u64),
    /// Confirmations.
    Confirmations {
        /// Which.
        filter: ConfirmationFilter,
        /// Most to read.
        cap: usize,
    },
    /// Disclosures: of one confirmation, or every one.
    Disclosures {
        /// Only this confirmation's.
        confirmation: Option<u64>,
        /// Most to read.
        cap: usize,
    },
    /// Consortium token balance of an address.
    Balance(String),
    /// A lender's registered encryption key.
    Key(String),
    /// Running totals.
    Totals,
    /// Addresses holding loan-share roles.
    Members {
        /// Most to read.
        cap: usize,
    },
    /// Redemption requests.
    Redemptions {
        /// Most to read.
        cap: usize,
    },
}

impl Ledger {
    /// The loan-share contract's address, or what to do when the deployment file has none.
    pub fn loan_contract(&self) -> anyhow::Result<&str> {
        self.deployment
            .contracts
            .loan_share
            .as_deref()
            .ok_or_else(|| {
                anyhow!(
                    "the deployment file has no loan-share contract: it was written before `ledger \
                 deploy` deployed one; deploy again with `ledger deploy --force` (or \
                 --deployment <new file>)"
                )
            })
    }

    /// The consortium token: from the deployment file, else asked of the contract.
    pub async fn loan_token(&self) -> anyhow::Result<String> {
        if let Some(token) = &self.deployment.contracts.loan_token {
            return Ok(token.clone());
        }
        let config: loan_share::ConfigResponse =
            self.loan(&loan_share::QueryMsg::Config {}).await?;
        Ok(config.token.into_string())
    }

    /// A query of the loan-share contract.
    pub async fn loan<T: DeserializeOwned>(&self, msg: &loan_share::QueryMsg) -> anyhow::Result<T> {
        Ok(self.query(self.loan_contract()?, msg).await?)
    }

    /// One plan with its state now.
    pub async fn loan_plan(&self, plan_id: u64) -> anyhow::Result<PlanInfo> {
        self.loan(&loan_share::QueryMsg::Plan { plan_id }).await
    }

    /// A contributor's plan by asset id, or `None` when it has none.
    pub async fn loan_plan_by_asset(
        &self,
        contributor: &str,
        asset_id: &str,
    ) -> anyhow::Result<Option<PlanInfo>> {
        let msg = loan_share::QueryMsg::PlanByAsset {
            contributor: contributor.to_string(),
            asset_id: asset_id.to_string(),
        };
        match self.loan::<PlanInfo>(&msg).await {
            Ok(p) => Ok(Some(p)),
            Err(e)
                if crate::error_code(&e).as_deref() == Some(loan_share::codes::ASSET_NOT_FOUND) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Plans in the contract's order for `filter`.
    pub async fn loan_plans(
        &self,
        filter: &PlanFilter,
        cap: usize,
    ) -> anyhow::Result<Paged<PlanInfo>> {
        let contract = self.loan_contract()?;
        Ok(collect(
            cap,
            |start_after, limit| {
                let limit = Some(limit);
                let msg = match filter {
                    PlanFilter::All => loan_share::QueryMsg::Plans { start_after, limit },
                    PlanFilter::Open => loan_share::QueryMsg::OpenPlans { start_after, limit },
                    PlanFilter::Contributor(c) => loan_share::QueryMsg::PlansByContributor {
                        contributor: c.clone(),
                        start_after,
                        limit,
                    },
                };
                async move {
                    let r: PlansResponse = self.query(contract, &msg).await?;
                    Ok(r.plans)
                }
            },
            |p: &PlanInfo| p.plan.id,
        )
        .await?)
    }

    /// One confirmation.
    pub async fn loan_confirmation(&self, confirmation_id: u64) -> anyhow::Result<Confirmation> {
        self.loan(&loan_share::QueryMsg::Confirmation { confirmation_id })
            .await
    }

    /// Confirmations in id order for `filter`.
    pub async fn loan_confirmations(
        &self,
        filter: &ConfirmationFilter,
        cap: usize,
    ) -> anyhow::Result<Paged<Confirmation>> {
        let contract = self.loan_contract()?;
        Ok(collect(
            cap,
            |start_after, limit| {
                let limit = Some(limit);
                let msg = match filter {
                    ConfirmationFilter::All => {
                        loan_share::QueryMsg::Confirmations { start_after, limit }
                    }
                    ConfirmationFilter::Plan(plan_id) => {
                        loan_share::QueryMsg::ConfirmationsByPlan {
                            plan_id: *plan_id,
                            start_after,
                            limit,
                        }
                    }
                    ConfirmationFilter::Participant(p) => {
                        loan_share::QueryMsg::ConfirmationsByParticipant {
                            participant: p.clone(),
                            start_after,
                            limit,
                        }
                    }
                    ConfirmationFilter::Pending(c) => loan_share::QueryMsg::PendingDisclosures {
                        contributor: c.clone(),
                        start_after,
                        limit,
                    },
                };
                async move {
                    let r: ConfirmationsResponse = self.query(contract, &msg).await?;
                    Ok(r.confirmations)
                }
            },
            |c: &Confirmation| c.id,
        )
        .await?)
    }

    /// A confirmation's disclosures (at most one per field, so never more than a page).
    pub async fn confirmation_disclosures(
        &self,
        confirmation_id: u64,
    ) -> anyhow::Result<Vec<Disclosure>> {
        let r: DisclosuresResponse = self
            .loan(&loan_share::QueryMsg::ConfirmationDisclosures { confirmation_id })
            .await?;
        Ok(r.disclosures)
    }

    /// Every disclosure in id order.
    pub async fn loan_disclosures(&self, cap: usize) -> anyhow::Result<Paged<Disclosure>> {
        let contract = self.loan_contract()?;
        Ok(collect(
            cap,
            |start_after, limit| {
                let msg = loan_share::QueryMsg::Disclosures {
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: DisclosuresResponse = self.query(contract, &msg).await?;
                    Ok(r.disclosures)
                }
            },
            |d: &Disclosure| d.id,
        )
        .await?)
    }

    /// A lender's registered encryption key.
    pub async fn loan_key(&self, address: &str) -> anyhow::Result<Option<KeyInfo>> {
        self.loan(&loan_share::QueryMsg::Key {
            address: address.to_string(),
        })
        .await
    }

    /// Consortium token balance of `address`.
    pub async fn loan_balance(&self, address: &str) -> anyhow::Result<Uint128> {
        let token = self.loan_token().await?;
        let r: cw20::BalanceResponse = self
            .query(
                &token,
                &cw20::Cw20QueryMsg::Balance {
                    address: address.to_string(),
                },
            )
            .await?;
        Ok(r.balance)
    }

    /// Addresses with loan-share roles, in address order.
    pub async fn loan_members(&self, cap: usize) -> anyhow::Result<Paged<RolesResponse>> {
        let contract = self.loan_contract()?;
        Ok(collect(
            cap,
            |start_after, limit| {
                let msg = loan_share::QueryMsg::Members {
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: MembersResponse = self.query(contract, &msg).await?;
                    Ok(r.members)
                }
            },
            |m: &RolesResponse| m.address.to_string(),
        )
        .await?)
    }

    /// Redemption requests in id order.
    pub async fn loan_redemptions(&self, cap: usize) -> anyhow::Result<Paged<Redemption>> {
        let contract = self.loan_contract()?;
        Ok(collect(
            cap,
            |start_after, limit| {
                let msg = loan_share::QueryMsg::Redemptions {
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: RedemptionsResponse = self.query(contract, &msg).await?;
                    Ok(r.redemptions)
                }
            },
            |r: &Redemption| r.id,
        )
        .await?)
    }
}

/// Runs a `ledger loan` query.
pub async fn run(app: &App, query: LoanQuery) -> anyhow::Result<()> {
    let out = app.output();
    let ledger = app.ledger().await?;
    match query {
        LoanQuery::Plans { filter, cap } => {
            let filter = match filter {
                PlanFilter::Contributor(c) => PlanFilter::Contributor(app.address(&c)?),
                other => other,
            };
            let page = ledger.loan_plans(&filter, cap).await?;
            output::list(out, "plans", &page.items, page.truncated, plans_table)
        }
        LoanQuery::Plan(id) => {
            let p = ledger.loan_plan(id).await?;
            match out {
                Output::Json => output::json(&p),
                Output::Table => {
                    println!("{}", plan_record(&p));
                    Ok(())
                }
            }
        }
        LoanQuery::Confirmations { filter, cap } => {
            let filter = match filter {
                ConfirmationFilter::Participant(p) => {
                    ConfirmationFilter::Participant(app.address(&p)?)
                }
                ConfirmationFilter::Pending(c) => ConfirmationFilter::Pending(app.address(&c)?),
                other => other,
            };
            let page = ledger.loan_confirmations(&filter, cap).await?;
            output::list(
                out,
                "confirmations",
                &page.items,
                page.truncated,
                confirmations_table,
            )
        }
        LoanQuery::Disclosures { confirmation, cap } => {
            let page = match confirmation {
                Some(id) => {
                    // Fails with the contract's "does not exist" for an unknown id.
                    ledger.loan_confirmation(id).await?;
                    Paged {
                        items: ledger.confirmation_disclosures(id).await?,
                        truncated: false,
                    }
                }
                None => ledger.loan_disclosures(cap).await?,
            };
            output::list(
                out,
                "disclosures",
                &page.items,
                page.truncated,
                disclosures_table,
            )
        }
        LoanQuery::Balance(address) => {
            let address = app.address(&address)?;
            let token = ledger.loan_token().await?;
            let balance = ledger.loan_balance(&address).await?;
            #[derive(Serialize)]
            struct BalanceView<'a> {
                address: &'a str,
                token: &'a str,
                balance: Uint128,
            }
            match out {
                Output::Json => output::json(&BalanceView {
                    address: &address,
                    token: &token,
                    balance,
                }),
                Output::Table => {
                    println!(
                        "{}",
                        output::record(vec![
                            ("address", address.clone()),
                            ("consortium token", token.clone()),
                            ("balance", money(balance)),
                        ])
                    );
                    Ok(())
                }
            }
        }
        LoanQuery::Key(address) => {
            let address = app.address(&address)?;
            let key = ledger.loan_key(&address).await?;
            match (out, key) {
                (Output::Json, key) => output::json(&key),
                (Output::Table, None) => {
                    eprintln!(
                        "{address} has no encryption key registered; it registers one with \
                         `ledger loan register-key --from <its key>`"
                    );
                    Ok(())
                }
                (Output::Table, Some(k)) => {
                    println!(
                        "{}",
                        output::record(vec![
                            ("address", k.address.to_string()),
                            ("public key (hex)", k.public_key.to_hex()),
                            ("version", k.version.to_string()),
                            ("registered", when::datetime(k.registered_at)),
                        ])
                    );
                    Ok(())
                }
            }
        }
        LoanQuery::Totals => {
            let t: TotalsResponse = ledger.loan(&loan_share::QueryMsg::Totals {}).await?;
            match out {
                Output::Json => output::json(&t),
                Output::Table => {
                    println!(
                        "{}",
                        output::record(vec![
                            ("tokens minted", money(t.minted)),
                            ("tokens burned", money(t.burned)),
                            ("escrowed for redemption", money(t.escrowed)),
                            ("fees paid to contributors", money(t.fees_paid)),
                            ("paid to data services", money(t.data_service_paid)),
                            ("confirmed (loan amounts)", money(t.confirmed)),
                            ("plans", t.plans.to_string()),
                            ("confirmations", t.confirmations.to_string()),
                            ("disclosures", t.disclosures.to_string()),
                        ])
                    );
                    Ok(())
                }
            }
        }
        LoanQuery::Members { cap } => {
            let page = ledger.loan_members(cap).await?;
            output::list(out, "members", &page.items, page.truncated, |ms| {
                let mut t = output::table(["address", "loan-share roles"]);
                for m in ms {
                    let roles: Vec<&str> = m.roles.iter().map(|r| r.as_str()).collect();
                    t.add_row(vec![m.address.to_string(), roles.join(", ")]);
                }
                t
            })
        }
        LoanQuery::Redemptions { cap } => {
            let page = ledger.loan_redemptions(cap).await?;
            output::list(
                out,
                "redemption requests",
                &page.items,
                page.truncated,
                |rs| {
                    let mut t = output::table([
                        "id",
                        "holder",
                        "amount",
                        "payout account",
                        "status",
                        "payout reference",
                    ]);
                    for r in rs {
                        t.add_row(vec![
                            num(r.id),
                            Cell::new(&r.holder),
                            num(money(r.amount)),
                            Cell::new(&r.payout_account),
                            Cell::new(match r.status {
                                RedemptionStatus::Requested => "requested",
                                RedemptionStatus::Redeemed => "redeemed",
                            }),
                            Cell::new(r.payout_reference.as_deref().unwrap_or("")),
                        ]);
                    }
                    t
                },
            )
        }
    }
}

/// An annual rate in basis points as a percentage: `1850` is `18.50%`.
pub fn rate(bps: u32) -> String {
    format!("{}.{:02}%", bps / 100, bps % 100)
}

/// Plans as a table.
pub fn plans_table(plans: &[PlanInfo]) -> Table {
    let mut t = output::table([
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
    output::record(rows).to_string()
}

/// Confirmations as a table.
pub fn confirmations_table(confirmations: &[Confirmation]) -> Table {
    let mut t = output::table([
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
    let mut t = output::table([
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
