//! Reading the loan-share contract: typed queries of it on [`Ledger`] (lists paged to the end
//! or the `--limit` cap), and the `ledger loan` queries as tables or `-o json`.
//!
//! What is shown is what the chain holds: sensitive fields appear only as the size of their
//! ciphertext and their commitment, never decrypted here (`ledger loan decrypt` does that on
//! the participant's machine).

use comfy_table::Cell;
use cosmwasm_std::Uint128;
use ledger_types::loan_share::{RedemptionStatus, TotalsResponse};
use serde::Serialize;

use crate::context::App;
use crate::render::loan::{confirmations_table, disclosures_table, plan_record, plans_table};
use crate::render::{self, Output, num};
use crate::units::money;
use crate::when;
use ledger_sdk::Paged;
pub use ledger_sdk::contracts::loan_share::{ConfirmationFilter, PlanFilter};

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
            render::list(out, "plans", &page.items, page.truncated, plans_table)
        }
        LoanQuery::Plan(id) => {
            let p = ledger.loan_plan(id).await?;
            match out {
                Output::Json => render::json(&p),
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
            render::list(
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
            render::list(
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
                Output::Json => render::json(&BalanceView {
                    address: &address,
                    token: &token,
                    balance,
                }),
                Output::Table => {
                    println!(
                        "{}",
                        render::record(vec![
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
                (Output::Json, key) => render::json(&key),
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
                        render::record(vec![
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
            let t: TotalsResponse = ledger.loan_totals().await?;
            match out {
                Output::Json => render::json(&t),
                Output::Table => {
                    println!(
                        "{}",
                        render::record(vec![
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
            render::list(out, "members", &page.items, page.truncated, |ms| {
                let mut t = render::table(["address", "loan-share roles"]);
                for m in ms {
                    let roles: Vec<&str> = m.roles.iter().map(|r| r.as_str()).collect();
                    t.add_row(vec![m.address.to_string(), roles.join(", ")]);
                }
                t
            })
        }
        LoanQuery::Redemptions { cap } => {
            let page = ledger.loan_redemptions(cap).await?;
            render::list(
                out,
                "redemption requests",
                &page.items,
                page.truncated,
                |rs| {
                    let mut t = render::table([
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
