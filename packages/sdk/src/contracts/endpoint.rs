//! A regional sub-chain's endpoint: the channel to the main chain's router, the region's meter
//! contracts it created, and its bills as the main chain confirmed and paid them. Its calls work
//! on a ledger of the region ([`Ledger::in_region`]).

use ledger_client::TxOutcome;
use ledger_types::billing::MeterSettings;
use ledger_types::region::{OutboxEntry, ToMain};
pub use ledger_types::region_endpoint::*;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::paging::Paged;
use crate::sender::Sender;

impl Ledger {
    /// The region's endpoint, or [`crate::Error::RegionOnly`] on the main chain.
    pub fn endpoint_contract(&self) -> Result<&str> {
        Ok(&self.region_deployment()?.contracts.endpoint)
    }

    /// A query of the region's endpoint.
    pub async fn endpoint<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> Result<T> {
        self.query(self.endpoint_contract()?, msg).await
    }

    /// The endpoint's administrator, main-chain connection, router port, meter code and settings.
    pub async fn endpoint_config(&self) -> Result<ConfigResponse> {
        self.endpoint(&QueryMsg::Config {}).await
    }

    /// The endpoint's channel to the router, if one was opened.
    pub async fn endpoint_channel(&self) -> Result<Option<ChannelInfo>> {
        let r: ChannelResponse = self.endpoint(&QueryMsg::Channel {}).await?;
        Ok(r.channel)
    }

    /// A consumer's meter contract in the region and its standing as the main chain sent it.
    pub async fn region_consumer(&self, consumer: &str) -> Result<ConsumerResponse> {
        self.endpoint(&QueryMsg::ConsumerContract {
            consumer: consumer.to_string(),
        })
        .await
    }

    /// The region's meters in id order, with their meter contracts.
    pub async fn region_meters(&self, cap: usize) -> Result<Paged<MeterEntry>> {
        self.list(
            self.endpoint_contract()?,
            cap,
            |start_after, limit| QueryMsg::Meters { start_after, limit },
            |r: MetersResponse| r.meters,
            |m| m.meter_id.clone(),
        )
        .await
    }

    /// A bill as the region sent it, and its confirmation and payment status from the main
    /// chain.
    pub async fn region_bill(&self, meter_id: &str, period: u32) -> Result<BillRecord> {
        self.endpoint(&QueryMsg::Bill {
            meter_id: meter_id.to_string(),
            period,
        })
        .await
    }

    /// Every bill the region sent, by meter and period.
    pub async fn region_bills(&self, cap: usize) -> Result<Paged<BillRecord>> {
        self.list(
            self.endpoint_contract()?,
            cap,
            |start_after, limit| QueryMsg::Bills { start_after, limit },
            |r: BillsResponse| r.bills,
            |b| (b.meter_id.clone(), b.period),
        )
        .await
    }

    /// The endpoint's packets that are in flight, unsent, stuck or refused, oldest first.
    pub async fn endpoint_outbox(&self, cap: usize) -> Result<Paged<OutboxEntry<ToMain>>> {
        self.list(
            self.endpoint_contract()?,
            cap,
            |start_after, limit| QueryMsg::Outbox { start_after, limit },
            |r: ledger_types::region::OutboxResponse<ToMain>| r.entries,
            |e| e.id,
        )
        .await
    }

    /// Sends the endpoint's packet `id` again (unsent, timed out or stuck).
    pub async fn endpoint_retry(&self, sender: &Sender, id: u64) -> Result<TxOutcome> {
        self.exec(sender, self.endpoint_contract()?, &ExecuteMsg::Retry { id })
            .await
    }

    /// Changes the code of the region's new meter contracts, their settings or the delivery
    /// of packets (the endpoint's administrator only).
    pub async fn update_endpoint_config(
        &self,
        sender: &Sender,
        meter_code_id: Option<u64>,
        meter_settings: Option<MeterSettings>,
        delivery: Option<Delivery>,
    ) -> Result<TxOutcome> {
        self.exec(
            sender,
            self.endpoint_contract()?,
            &ExecuteMsg::UpdateConfig {
                meter_code_id,
                meter_settings,
                delivery,
            },
        )
        .await
    }
}
