//! Leases: a user's request with its escrow, the provider's answer, release, close by anyone
//! once due, and the pair's sealed terms.

use cosmwasm_std::Uint128;
use ledger_client::TxOutcome;

use super::{
    ExecuteMsg, Lease, LeaseChargeResponse, LeasesResponse, QueryMsg, ReceiveMsg, Resources,
    SealedTerms, StoredTerms,
};
use crate::error::Result;
use crate::ledger::Ledger;
use crate::paging::Paged;
use crate::sender::Sender;

/// Which leases [`Ledger::cloud_leases`] reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeaseFilter {
    /// Every lease, whatever its state.
    All,
    /// One provider's requested and running leases.
    OpenAt(String),
}

impl Ledger {
    /// One lease.
    pub async fn cloud_lease(&self, lease_id: u64) -> Result<Lease> {
        self.cloud(&QueryMsg::Lease { lease_id }).await
    }

    /// Leases in id order for `filter`, up to `cap`.
    pub async fn cloud_leases(&self, filter: &LeaseFilter, cap: usize) -> Result<Paged<Lease>> {
        self.list(
            self.cloud_contract()?,
            cap,
            |start_after, limit| match filter {
                LeaseFilter::All => QueryMsg::Leases { start_after, limit },
                LeaseFilter::OpenAt(provider) => QueryMsg::OpenLeases {
                    provider: provider.clone(),
                    start_after,
                    limit,
                },
            },
            |r: LeasesResponse| r.leases,
            |l| l.id,
        )
        .await
    }

    /// What a running lease would be billed if closed now, and whether anyone may close it.
    pub async fn cloud_lease_charge(&self, lease_id: u64) -> Result<LeaseChargeResponse> {
        self.cloud(&QueryMsg::LeaseCharge { lease_id }).await
    }

    /// A lease's sealed terms as stored (refused with `cloud.no_terms` when none were sealed);
    /// [`Ledger::cloud_open_terms`] opens them.
    pub async fn cloud_terms(&self, lease_id: u64) -> Result<StoredTerms> {
        self.cloud(&QueryMsg::Terms { lease_id }).await
    }

    /// Sends `amount` of the settlement token to the cloud contract with `hook`.
    pub async fn send_to_cloud(
        &self,
        sender: &Sender,
        amount: Uint128,
        hook: &ReceiveMsg,
    ) -> Result<TxOutcome> {
        let token = &self.contracts()?.token;
        self.cw20_send(sender, token, self.cloud_contract()?, amount, hook)
            .await
    }

    /// A `CloudUser` of an organisation: requests a host from `provider`, escrowing `escrow`
    /// of the settlement token (at least one hour at the lease's price; see
    /// [`Ledger::cloud_escrow_for`]). The new lease's id is in the outcome's `lease_id`
    /// attribute ([`lease_id_of`]).
    pub async fn cloud_request_lease(
        &self,
        sender: &Sender,
        provider: &str,
        resources: Resources,
        holding_seconds: u64,
        terms: Option<SealedTerms>,
        escrow: Uint128,
    ) -> Result<TxOutcome> {
        let hook = ReceiveMsg::RequestLease {
            provider: provider.to_string(),
            resources: Some(resources),
            instance_type: None,
            holding_seconds,
            terms,
        };
        self.send_to_cloud(sender, escrow, &hook).await
    }

    /// [`Ledger::cloud_request_lease`] by the name of an instance type of `provider`'s price
    /// list in force: the lease holds the type's resources and is charged its price per hour
    /// (escrow: [`Ledger::cloud_escrow_for_instance`]).
    pub async fn cloud_request_instance(
        &self,
        sender: &Sender,
        provider: &str,
        instance_type: &str,
        holding_seconds: u64,
        terms: Option<SealedTerms>,
        escrow: Uint128,
    ) -> Result<TxOutcome> {
        let hook = ReceiveMsg::RequestLease {
            provider: provider.to_string(),
            resources: None,
            instance_type: Some(instance_type.to_string()),
            holding_seconds,
            terms,
        };
        self.send_to_cloud(sender, escrow, &hook).await
    }

    /// A `CloudUser` of the lease's consumer: adds `amount` to its escrow.
    pub async fn cloud_top_up(
        &self,
        sender: &Sender,
        lease_id: u64,
        amount: Uint128,
    ) -> Result<TxOutcome> {
        self.send_to_cloud(sender, amount, &ReceiveMsg::TopUp { lease_id })
            .await
    }

    /// Provider administrator: accepts a requested lease; it is charged from this block.
    pub async fn cloud_accept_lease(&self, sender: &Sender, lease_id: u64) -> Result<TxOutcome> {
        self.cloud_execute(sender, &ExecuteMsg::AcceptLease { lease_id })
            .await
    }

    /// Provider administrator: rejects a requested lease with `reason`; the escrow goes back.
    pub async fn cloud_reject_lease(
        &self,
        sender: &Sender,
        lease_id: u64,
        reason: &str,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::RejectLease {
            lease_id,
            reason: reason.to_string(),
        };
        self.cloud_execute(sender, &msg).await
    }

    /// Either side: releases a running lease (billed at once), or withdraws a request.
    pub async fn cloud_release_lease(&self, sender: &Sender, lease_id: u64) -> Result<TxOutcome> {
        self.cloud_execute(sender, &ExecuteMsg::ReleaseLease { lease_id })
            .await
    }

    /// Anyone: closes a lease whose holding period is over or whose escrow is used up.
    pub async fn cloud_close_lease(&self, sender: &Sender, lease_id: u64) -> Result<TxOutcome> {
        self.cloud_execute(sender, &ExecuteMsg::CloseLease { lease_id })
            .await
    }

    /// Anyone: pays out what a lease's end held for a barred party, once none is.
    pub async fn cloud_release_held(&self, sender: &Sender, lease_id: u64) -> Result<TxOutcome> {
        self.cloud_execute(sender, &ExecuteMsg::ReleaseHeld { lease_id })
            .await
    }

    /// A member of either organisation of the lease: stores (or replaces) its sealed terms
    /// ([`Ledger::cloud_seal_terms_text`] seals a text and stores it).
    pub async fn cloud_seal_terms(
        &self,
        sender: &Sender,
        lease_id: u64,
        terms: SealedTerms,
    ) -> Result<TxOutcome> {
        self.cloud_execute(sender, &ExecuteMsg::SealTerms { lease_id, terms })
            .await
    }
}

/// The id of the lease a request created, from its outcome's wasm `lease_id` attribute.
pub fn lease_id_of(outcome: &TxOutcome) -> Option<u64> {
    outcome
        .attribute("wasm", "lease_id")
        .and_then(|v| v.parse().ok())
}
