//! Closed leases' bills, by provider, by provider and consumer, by consumer, and the running
//! totals the contract keeps as it records them.

use super::{
    Bill, BillCursor, BillTotals, BillsResponse, MonthTotals, MonthlyTotalsResponse, QueryMsg,
};
use crate::error::Result;
use crate::ledger::Ledger;
use crate::paging::Paged;

/// Whose bills [`Ledger::cloud_bills`] reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BillFilter {
    /// What a provider billed, to every consumer.
    Provider(String),
    /// What a provider billed one consumer organisation.
    Pair {
        /// The provider organisation.
        provider: String,
        /// The consumer organisation.
        consumer: String,
    },
    /// What a consumer organisation was billed, by every provider.
    Consumer(String),
}

/// Which running totals [`Ledger::cloud_totals`] reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TotalsOf {
    /// A provider's, over every consumer.
    Provider(String),
    /// A consumer organisation's, over every provider.
    Consumer(String),
    /// Between one provider and one consumer.
    Pair {
        /// The provider organisation.
        provider: String,
        /// The consumer organisation.
        consumer: String,
    },
}

impl Ledger {
    /// One closed lease's bill.
    pub async fn cloud_bill(&self, lease_id: u64) -> Result<Bill> {
        self.cloud(&QueryMsg::Bill { lease_id }).await
    }

    /// Bills by close time (then lease id) for `filter`, up to `cap`.
    ///
    /// ```no_run
    /// use ledger_sdk::contracts::cloud::bills::{BillFilter, TotalsOf};
    /// use ledger_sdk::paging::ALL;
    /// # async fn run(ledger: ledger_sdk::Ledger) -> ledger_sdk::Result<()> {
    /// let bills = ledger.cloud_bills(&BillFilter::Provider("uni-a".into()), ALL).await?;
    /// let totals = ledger.cloud_totals(&TotalsOf::Provider("uni-a".into())).await?;
    /// let sum: u128 = bills.items.iter().map(|b| b.amount.u128()).sum();
    /// assert_eq!(sum, totals.amount.u128());
    /// # Ok(()) }
    /// ```
    pub async fn cloud_bills(&self, filter: &BillFilter, cap: usize) -> Result<Paged<Bill>> {
        self.list(
            self.cloud_contract()?,
            cap,
            |start_after, limit| match filter {
                BillFilter::Provider(provider) => QueryMsg::ProviderBills {
                    provider: provider.clone(),
                    consumer: None,
                    start_after,
                    limit,
                },
                BillFilter::Pair { provider, consumer } => QueryMsg::ProviderBills {
                    provider: provider.clone(),
                    consumer: Some(consumer.clone()),
                    start_after,
                    limit,
                },
                BillFilter::Consumer(consumer) => QueryMsg::ConsumerBills {
                    consumer: consumer.clone(),
                    start_after,
                    limit,
                },
            },
            |r: BillsResponse| r.bills,
            |b| BillCursor {
                closed_at: b.closed_at,
                lease_id: b.lease_id,
            },
        )
        .await
    }

    /// The running totals of `of` (zero before the first bill).
    pub async fn cloud_totals(&self, of: &TotalsOf) -> Result<BillTotals> {
        let msg = match of {
            TotalsOf::Provider(provider) => QueryMsg::ProviderTotals {
                provider: provider.clone(),
            },
            TotalsOf::Consumer(consumer) => QueryMsg::ConsumerTotals {
                consumer: consumer.clone(),
            },
            TotalsOf::Pair { provider, consumer } => QueryMsg::PairTotals {
                provider: provider.clone(),
                consumer: consumer.clone(),
            },
        };
        self.cloud(&msg).await
    }

    /// A provider's totals per calendar month (UTC) of the bills' close, oldest first, up to
    /// `cap` months.
    pub async fn cloud_monthly_totals(
        &self,
        provider: &str,
        cap: usize,
    ) -> Result<Paged<MonthTotals>> {
        self.list(
            self.cloud_contract()?,
            cap,
            |start_after, limit| QueryMsg::MonthlyTotals {
                provider: provider.to_string(),
                start_after,
                limit,
            },
            |r: MonthlyTotalsResponse| r.months,
            |m| m.month,
        )
        .await
    }
}
