//! The `ledger cloud` queries, as tables or `-o json`.

use ledger_sdk::contracts::cloud::bills::{BillFilter, TotalsOf};
use ledger_sdk::contracts::cloud::leases::LeaseFilter;
use ledger_sdk::contracts::cloud::{LeaseStatus, codes};
use serde::Serialize;

use crate::context::App;
use crate::render::cloud::{
    bills_table, lease_record, leases_table, organisation_record, organisations_table,
    prices_table, quotas_table, totals_record, users_table,
};
use crate::render::{self, Output};

/// What `ledger cloud` asks the cloud-federation contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloudQuery {
    /// Organisations.
    Organisations {
        /// Most to read.
        cap: usize,
    },
    /// One organisation.
    Organisation(String),
    /// An organisation's users.
    Users {
        /// The organisation.
        org: String,
        /// Most to read.
        cap: usize,
    },
    /// A provider's quotas, or its quota for one consumer.
    Quotas {
        /// The provider.
        provider: String,
        /// Only this consumer's.
        consumer: Option<String>,
        /// Most to read.
        cap: usize,
    },
    /// Every provider's prices in force.
    Prices {
        /// Most providers to read.
        cap: usize,
    },
    /// A provider's price-list versions.
    PriceHistory {
        /// The provider.
        provider: String,
        /// Most to read.
        cap: usize,
    },
    /// One lease with its charge now.
    Lease(u64),
    /// Leases.
    Leases {
        /// Which.
        filter: LeaseFilter,
        /// Most to read.
        cap: usize,
    },
    /// Bills.
    Bills {
        /// Whose.
        filter: BillFilter,
        /// Most to read.
        cap: usize,
    },
    /// Running totals.
    Totals(TotalsOf),
}

/// A lease as `-o json` gives it: the lease and, while it runs, its charge now.
#[derive(Serialize)]
struct LeaseView<'a> {
    #[serde(flatten)]
    lease: &'a ledger_sdk::contracts::cloud::Lease,
    charge: Option<ledger_sdk::contracts::cloud::LeaseChargeResponse>,
}

/// Totals as `-o json` gives them, with whose they are.
#[derive(Serialize)]
struct TotalsView {
    provider: Option<String>,
    consumer: Option<String>,
    #[serde(flatten)]
    totals: ledger_sdk::contracts::cloud::BillTotals,
}

/// Runs a `ledger cloud` query.
pub async fn run(app: &App, query: CloudQuery) -> anyhow::Result<()> {
    let out = app.output();
    let ledger = app.ledger().await?;
    match query {
        CloudQuery::Organisations { cap } => {
            let page = ledger.cloud_organisations(cap).await?;
            render::list(
                out,
                "organisations",
                &page.items,
                page.truncated,
                organisations_table,
            )
        }
        CloudQuery::Organisation(id) => {
            let org = ledger.cloud_organisation(&id).await?;
            one(out, &org, || organisation_record(&org).to_string())
        }
        CloudQuery::Users { org, cap } => {
            let page = ledger.cloud_users(&org, cap).await?;
            render::list(out, "users", &page.items, page.truncated, |u| {
                users_table(u)
            })
        }
        CloudQuery::Quotas {
            provider,
            consumer: Some(consumer),
            ..
        } => {
            let quota = ledger.cloud_quota(&provider, &consumer).await?;
            render::list(out, "quotas", &[quota], false, quotas_table)
        }
        CloudQuery::Quotas {
            provider,
            consumer: None,
            cap,
        } => {
            let page = ledger.cloud_quotas(&provider, cap).await?;
            render::list(out, "quotas", &page.items, page.truncated, quotas_table)
        }
        CloudQuery::Prices { cap } => {
            let page = ledger.cloud_current_prices(cap).await?;
            render::list(
                out,
                "price lists in force",
                &page.items,
                page.truncated,
                prices_table,
            )
        }
        CloudQuery::PriceHistory { provider, cap } => {
            let page = ledger.cloud_price_history(&provider, cap).await?;
            render::list(
                out,
                "price-list versions",
                &page.items,
                page.truncated,
                prices_table,
            )
        }
        CloudQuery::Lease(id) => {
            let lease = ledger.cloud_lease(id).await?;
            let charge = match lease.status {
                LeaseStatus::Running => Some(ledger.cloud_lease_charge(id).await?),
                _ => None,
            };
            let view = LeaseView {
                lease: &lease,
                charge,
            };
            one(out, &view, || {
                lease_record(&lease, view.charge.as_ref()).to_string()
            })
        }
        CloudQuery::Leases { filter, cap } => {
            let page = ledger.cloud_leases(&filter, cap).await?;
            render::list(out, "leases", &page.items, page.truncated, leases_table)
        }
        CloudQuery::Bills { filter, cap } => {
            let page = ledger.cloud_bills(&filter, cap).await?;
            render::list(out, "bills", &page.items, page.truncated, bills_table)
        }
        CloudQuery::Totals(of) => {
            // An organisation that is not one is refused here rather than shown zero totals.
            for org in organisations_of(&of) {
                match ledger.cloud_organisation(org).await {
                    Err(e) if e.contract_code() == Some(codes::UNKNOWN_ORGANISATION) => {
                        anyhow::bail!(
                            "{org} is not an organisation of the federation (see `ledger cloud \
                             orgs`)"
                        )
                    }
                    other => {
                        other?;
                    }
                }
            }
            let totals = ledger.cloud_totals(&of).await?;
            let (provider, consumer, words) = match of {
                TotalsOf::Provider(p) => (Some(p.clone()), None, format!("provider {p}")),
                TotalsOf::Consumer(c) => (None, Some(c.clone()), format!("consumer {c}")),
                TotalsOf::Pair { provider, consumer } => (
                    Some(provider.clone()),
                    Some(consumer.clone()),
                    format!("{provider} billing {consumer}"),
                ),
            };
            let table = totals_record(&words, &totals).to_string();
            let view = TotalsView {
                provider,
                consumer,
                totals,
            };
            one(out, &view, || table)
        }
    }
}

/// The organisations a totals query names.
fn organisations_of(of: &TotalsOf) -> Vec<&str> {
    match of {
        TotalsOf::Provider(p) => vec![p],
        TotalsOf::Consumer(c) => vec![c],
        TotalsOf::Pair { provider, consumer } => vec![provider, consumer],
    }
}

/// Prints one record: its JSON, or its table.
fn one<T: Serialize>(out: Output, value: &T, table: impl FnOnce() -> String) -> anyhow::Result<()> {
    match out {
        Output::Json => render::json(value),
        Output::Table => {
            println!("{}", table());
            Ok(())
        }
    }
}
