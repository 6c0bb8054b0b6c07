//! The tariff contract: tariffs, their versions over time, and quotes.

use ledger_client::TxOutcome;
pub use ledger_types::tariff::*;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::paging::Paged;
use crate::sender::Sender;

impl Ledger {
    /// The tariff contract's address, or [`crate::Error::NoDeployment`].
    /// On a regional sub-chain ([`Ledger::in_region`]), the region's tariff contract.
    pub fn tariff_contract(&self) -> Result<&str> {
        if self.region().is_some() {
            return Ok(&self.region_deployment()?.contracts.tariff);
        }
        Ok(&self.contracts()?.tariff)
    }

    /// A query of the tariff contract.
    pub async fn tariff<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> Result<T> {
        self.query(self.tariff_contract()?, msg).await
    }

    /// A tariff with its versions.
    pub async fn tariff_info(&self, tariff_id: &str) -> Result<TariffInfo> {
        self.tariff(&QueryMsg::Tariff {
            tariff_id: tariff_id.to_string(),
        })
        .await
    }

    /// One version of a tariff.
    pub async fn tariff_version(&self, tariff_id: &str, version: u32) -> Result<TariffVersion> {
        self.tariff(&QueryMsg::Version {
            tariff_id: tariff_id.to_string(),
            version,
        })
        .await
    }

    /// The version of a tariff in force at the unix time `at`.
    pub async fn tariff_version_at(&self, tariff_id: &str, at: u64) -> Result<TariffVersion> {
        self.tariff(&QueryMsg::VersionAt {
            tariff_id: tariff_id.to_string(),
            at,
        })
        .await
    }

    /// What `usage` costs on a tariff now.
    pub async fn quote(&self, tariff_id: &str, usage: UsageProfile) -> Result<QuoteResponse> {
        self.tariff(&QueryMsg::Quote {
            tariff_id: tariff_id.to_string(),
            usage,
        })
        .await
    }

    /// Tariffs in id order.
    pub async fn tariffs(&self, cap: usize) -> Result<Paged<TariffInfo>> {
        self.list(
            self.tariff_contract()?,
            cap,
            |start_after, limit| QueryMsg::Tariffs { start_after, limit },
            |r: TariffsResponse| r.tariffs,
            |t| t.tariff_id.clone(),
        )
        .await
    }

    /// Executes `msg` on the tariff contract.
    pub async fn tariff_execute(&self, sender: &Sender, msg: &ExecuteMsg) -> Result<TxOutcome> {
        self.exec(sender, self.tariff_contract()?, msg).await
    }

    /// Defines a new tariff with its first version.
    pub async fn create_tariff(
        &self,
        sender: &Sender,
        tariff_id: String,
        name: String,
        utc_offset_minutes: i32,
        components: TariffComponents,
        effective_from: u64,
    ) -> Result<TxOutcome> {
        self.tariff_execute(
            sender,
            &ExecuteMsg::CreateTariff {
                tariff_id,
                name,
                utc_offset_minutes,
                components,
                effective_from,
            },
        )
        .await
    }

    /// Adds a version of a tariff that takes effect at `effective_from`.
    pub async fn add_tariff_version(
        &self,
        sender: &Sender,
        tariff_id: String,
        components: TariffComponents,
        effective_from: u64,
    ) -> Result<TxOutcome> {
        self.tariff_execute(
            sender,
            &ExecuteMsg::AddVersion {
                tariff_id,
                components,
                effective_from,
            },
        )
        .await
    }

    /// Administrator: names the retailer owning a tariff.
    pub async fn set_tariff_owner(
        &self,
        sender: &Sender,
        tariff_id: String,
        owner: String,
    ) -> Result<TxOutcome> {
        self.tariff_execute(sender, &ExecuteMsg::SetTariffOwner { tariff_id, owner })
            .await
    }
}
