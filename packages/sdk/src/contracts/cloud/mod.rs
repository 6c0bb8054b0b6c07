//! The cloud-federation contract: organisations lending each other compute, their quotas,
//! public price lists, leases escrowed in the settlement token and billed when they close, and
//! the bills and running totals providers settle with.
//!
//! Each area has its file: [`organisations`] (organisations and their users), [`quotas`],
//! [`prices`] (publishing and comparing price lists), [`leases`] (request, top up, accept,
//! reject, release, close, storing sealed terms), [`terms`] (sealing a lease's private terms
//! to both organisations and opening them with one's key), [`bills`] (bills and totals) and
//! [`usage`] (the usage records of providers' metering agents). The usage calls take the
//! contract's address, because a provider's metering agent runs with its key and that address,
//! not a deployment file.
//!
//! ```no_run
//! use ledger_sdk::contracts::cloud::Resources;
//! use ledger_sdk::paging::ALL;
//! # async fn run(ledger: ledger_sdk::Ledger, user: ledger_sdk::Sender) -> ledger_sdk::Result<()> {
//! // Compare every provider's prices, then ask the cheapest per vCPU for a small host.
//! let prices = ledger.cloud_current_prices(ALL).await?;
//! let Some(cheapest) = prices.items.iter().min_by_key(|p| p.prices.per_vcpu_hour) else {
//!     return Ok(());
//! };
//! let host = Resources { vcpus: 2, memory_mib: 4096, disk_gib: 50, public_ips: 1, gpus: 0 };
//! let escrow = ledger.cloud_escrow_for(&host, &cheapest.prices, 8 * 3600).await?;
//! ledger
//!     .cloud_request_lease(&user, &cheapest.provider, host, 8 * 3600, None, escrow)
//!     .await?;
//! # Ok(()) }
//! ```

pub mod bills;
pub mod leases;
pub mod organisations;
pub mod prices;
pub mod quotas;
pub mod terms;
pub mod usage;

use ledger_client::TxOutcome;
pub use ledger_types::cloud::*;
pub use usage::*;

use crate::error::Result;
use crate::ledger::{Ledger, deployed};
use crate::sender::Sender;

impl Ledger {
    /// The cloud-federation contract's address, or [`crate::Error::NotDeployed`].
    pub fn cloud_contract(&self) -> Result<&str> {
        deployed(&self.contracts()?.cloud_federation, "cloud-federation")
    }

    /// A query of the cloud-federation contract.
    pub async fn cloud<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> Result<T> {
        self.query(self.cloud_contract()?, msg).await
    }

    /// The registry and settlement token the contract was instantiated with.
    pub async fn cloud_config(&self) -> Result<ConfigResponse> {
        self.cloud(&QueryMsg::Config {}).await
    }

    /// Where every token the contract received is: billed, refunded, in escrow or held.
    pub async fn cloud_escrow_totals(&self) -> Result<EscrowTotals> {
        self.cloud(&QueryMsg::EscrowTotals {}).await
    }

    /// Executes `msg` on the cloud-federation contract.
    pub async fn cloud_execute(&self, sender: &Sender, msg: &ExecuteMsg) -> Result<TxOutcome> {
        self.exec(sender, self.cloud_contract()?, msg).await
    }
}
