//! The main chain's router: which regional sub-chain serves which consumer and meter, the
//! registrations and standings it carries there, and the bills the regions confirmed.

use ledger_client::TxOutcome;
use ledger_types::region::{OutboxEntry, ToRegion};
pub use ledger_types::router::*;

use crate::error::{Error, Result};
use crate::ledger::{Ledger, deployed};
use crate::paging::Paged;
use crate::sender::Sender;

/// Where a meter's contract lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeterLocation {
    /// The regional sub-chain holding it, `None` for a meter of the main chain.
    pub region: Option<String>,
    /// The meter contract's address on that chain.
    pub contract: String,
}

impl Ledger {
    /// The router's address, or [`crate::Error::NotDeployed`] before any region was added.
    pub fn router_contract(&self) -> Result<&str> {
        deployed(&self.contracts()?.router, "router")
    }

    /// A query of the router.
    pub async fn router<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> Result<T> {
        self.query(self.router_contract()?, msg).await
    }

    /// The router's registry, bank and delivery settings.
    pub async fn router_config(&self) -> Result<ConfigResponse> {
        self.router(&QueryMsg::Config {}).await
    }

    /// A region as the router knows it: its connection, endpoint port and channel.
    pub async fn route_region(&self, region: &str) -> Result<Region> {
        self.router(&QueryMsg::Region {
            region: region.to_string(),
        })
        .await
    }

    /// Every region in name order.
    pub async fn route_regions(&self, cap: usize) -> Result<Paged<Region>> {
        self.list(
            self.router_contract()?,
            cap,
            |start_after, limit| QueryMsg::Regions { start_after, limit },
            |r: RegionsResponse| r.regions,
            |r| r.region.clone(),
        )
        .await
    }

    /// Where the router sends a meter, and whether its region has created its contract.
    pub async fn route(&self, meter_id: &str) -> Result<Route> {
        self.router(&QueryMsg::Route {
            meter_id: meter_id.to_string(),
        })
        .await
    }

    /// The meters routed to `region`, in id order.
    pub async fn routes(&self, region: &str, cap: usize) -> Result<Paged<Route>> {
        self.list(
            self.router_contract()?,
            cap,
            |start_after, limit| QueryMsg::Routes {
                region: region.to_string(),
                start_after,
                limit,
            },
            |r: RoutesResponse| r.routes,
            |r| r.meter_id.clone(),
        )
        .await
    }

    /// The region serving `consumer`, if any.
    pub async fn consumer_region(&self, consumer: &str) -> Result<ConsumerRegionResponse> {
        self.router(&QueryMsg::ConsumerRegion {
            consumer: consumer.to_string(),
        })
        .await
    }

    /// The main chain's confirmation of a regional bill: its digest, total, block.
    pub async fn confirmation(&self, meter_id: &str, period: u32) -> Result<Option<Confirmation>> {
        let r: ConfirmationResponse = self
            .router(&QueryMsg::Confirmation {
                meter_id: meter_id.to_string(),
                period,
            })
            .await?;
        Ok(r.confirmation)
    }

    /// The newest payment status of a regional bill the router sent its region.
    pub async fn bill_status(
        &self,
        meter_id: &str,
        period: u32,
    ) -> Result<Option<ledger_types::region::BillStatus>> {
        let r: BillStatusResponse = self
            .router(&QueryMsg::BillStatus {
                meter_id: meter_id.to_string(),
                period,
            })
            .await?;
        Ok(r.status)
    }

    /// The digests confirmed for `region` and `period`, in meter id order.
    pub async fn confirmed_digests(
        &self,
        region: &str,
        period: u32,
        cap: usize,
    ) -> Result<Paged<ConfirmedDigest>> {
        self.list(
            self.router_contract()?,
            cap,
            |start_after, limit| QueryMsg::ConfirmedDigests {
                region: region.to_string(),
                period,
                start_after,
                limit,
            },
            |r: ConfirmedDigestsResponse| r.digests,
            |d| d.meter_id.clone(),
        )
        .await
    }

    /// The router's packets that are in flight, unsent, stuck or refused, oldest first.
    pub async fn router_outbox(&self, cap: usize) -> Result<Paged<OutboxEntry<ToRegion>>> {
        self.list(
            self.router_contract()?,
            cap,
            |start_after, limit| QueryMsg::Outbox { start_after, limit },
            |r: ledger_types::region::OutboxResponse<ToRegion>| r.entries,
            |e| e.id,
        )
        .await
    }

    /// Where `meter_id`'s contract lives: the registry's meter contract, or for a regional
    /// meter the contract its region created, as the router recorded from the region's
    /// acknowledgement. [`Error::MeterPending`] while the region has not answered,
    /// [`Error::MeterRefused`] when it refused.
    pub async fn locate_meter(&self, meter_id: &str) -> Result<MeterLocation> {
        let info = self.meter_info(meter_id).await?;
        let Some(region) = info.region else {
            return Ok(MeterLocation {
                region: None,
                contract: info.contract.into_string(),
            });
        };
        match self.route(meter_id).await?.state {
            RouteState::Active { meter_contract } => Ok(MeterLocation {
                region: Some(region),
                contract: meter_contract,
            }),
            RouteState::Pending => Err(Error::MeterPending {
                meter_id: meter_id.to_string(),
                region,
            }),
            RouteState::Refused { code, message } => Err(Error::MeterRefused {
                meter_id: meter_id.to_string(),
                region,
                code,
                message,
            }),
        }
    }

    /// Adds a regional sub-chain: its connection on the main chain and its endpoint's port
    /// (`wasm.<endpoint address>`). The channel is opened afterwards by the relayer.
    pub async fn add_region(
        &self,
        sender: &Sender,
        region: &str,
        connection_id: &str,
        endpoint_port: &str,
    ) -> Result<TxOutcome> {
        self.exec(
            sender,
            self.router_contract()?,
            &ExecuteMsg::AddRegion {
                region: region.to_string(),
                connection_id: connection_id.to_string(),
                endpoint_port: endpoint_port.to_string(),
            },
        )
        .await
    }

    /// Sends the router's packet `id` again (unsent, timed out or stuck), on its region's
    /// current channel.
    pub async fn router_retry(&self, sender: &Sender, id: u64) -> Result<TxOutcome> {
        self.exec(sender, self.router_contract()?, &ExecuteMsg::Retry { id })
            .await
    }
}
