//! What each provider grants each consuming organisation.

use ledger_client::TxOutcome;

use super::{ExecuteMsg, QueryMsg, Quota, QuotaResponse, QuotasResponse};
use crate::error::Result;
use crate::ledger::Ledger;
use crate::paging::Paged;
use crate::sender::Sender;

impl Ledger {
    /// `provider`'s quota for `consumer`, what its open leases hold and what is left.
    pub async fn cloud_quota(&self, provider: &str, consumer: &str) -> Result<QuotaResponse> {
        self.cloud(&QueryMsg::Quota {
            provider: provider.to_string(),
            consumer: consumer.to_string(),
        })
        .await
    }

    /// `provider`'s quotas in consumer order, up to `cap`.
    pub async fn cloud_quotas(&self, provider: &str, cap: usize) -> Result<Paged<QuotaResponse>> {
        self.list(
            self.cloud_contract()?,
            cap,
            |start_after, limit| QueryMsg::Quotas {
                provider: provider.to_string(),
                start_after,
                limit,
            },
            |r: QuotasResponse| r.quotas,
            |q| q.consumer.clone(),
        )
        .await
    }

    /// Provider administrator: sets (or replaces) the quota of `consumer` at `provider`.
    pub async fn cloud_set_quota(
        &self,
        sender: &Sender,
        provider: &str,
        consumer: &str,
        quota: Quota,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::SetQuota {
            provider: provider.to_string(),
            consumer: consumer.to_string(),
            quota,
        };
        self.cloud_execute(sender, &msg).await
    }
}
