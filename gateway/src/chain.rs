//! What the gateway reads from the chain, behind one trait: the SDK in production
//! ([`SdkReads`]), an in-memory registry in the handler tests.
//!
//! Every list is one contract page (`start_after`, `limit`, `has_more`), so a client pages
//! through the gateway exactly as it would through the contracts.

use std::future::Future;
use std::pin::Pin;

use ledger_sdk::Ledger;
use ledger_types::admin::{
    self, MeterInfo, MetersResponse, Participant, ParticipantsResponse, QueryMsg as RegistryQuery,
};
use ledger_types::meter::{BillsResponse, QueryMsg as MeterQuery};

/// A read of the chain in flight.
pub type ChainFuture<'a, T> =
    Pin<Box<dyn Future<Output = Result<T, ledger_sdk::Error>> + Send + 'a>>;

/// The chain reads the gateway's endpoints need.
pub trait LedgerReads: Send + Sync + 'static {
    /// The height of the node's latest block.
    fn latest_height(&self) -> ChainFuture<'_, u64>;
    /// A participant of the registry, `None` when the address is not registered.
    fn participant<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Option<Participant>>;
    /// One page of participants in address order.
    fn participants(
        &self,
        start_after: Option<String>,
        limit: u32,
    ) -> ChainFuture<'_, ParticipantsResponse>;
    /// One page of meters in id order, only `owner`'s when given.
    fn meters(
        &self,
        owner: Option<String>,
        start_after: Option<String>,
        limit: u32,
    ) -> ChainFuture<'_, MetersResponse>;
    /// A meter as the registry knows it, `None` when it is not registered.
    fn meter<'a>(&'a self, meter_id: &'a str) -> ChainFuture<'a, Option<MeterInfo>>;
    /// One page of a meter's bills in period order, read from its meter contract (on its
    /// regional sub-chain for a regional meter).
    fn bills<'a>(
        &'a self,
        meter_id: &'a str,
        start_after: Option<u32>,
        limit: u32,
    ) -> ChainFuture<'a, BillsResponse>;
}

/// The chain reads through the SDK.
#[derive(Clone, Debug)]
pub struct SdkReads {
    ledger: Ledger,
}

impl SdkReads {
    /// Reads through `ledger`.
    pub fn new(ledger: Ledger) -> Self {
        SdkReads { ledger }
    }
}

/// `Ok(None)` for the contract's "not found" refusal `code`, other errors unchanged.
fn absent_as_none<T>(result: ledger_sdk::Result<T>, code: &str) -> ledger_sdk::Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.contract_code() == Some(code) => Ok(None),
        Err(e) => Err(e),
    }
}

impl LedgerReads for SdkReads {
    fn latest_height(&self) -> ChainFuture<'_, u64> {
        Box::pin(async move {
            let (height, _) = self.ledger.client.latest_height_and_time().await?;
            Ok(height)
        })
    }

    fn participant<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Option<Participant>> {
        Box::pin(async move {
            let found = self.ledger.participant(address).await;
            absent_as_none(found, admin::codes::PARTICIPANT_NOT_FOUND)
        })
    }

    fn participants(
        &self,
        start_after: Option<String>,
        limit: u32,
    ) -> ChainFuture<'_, ParticipantsResponse> {
        Box::pin(async move {
            let msg = RegistryQuery::Participants {
                role: None,
                start_after,
                limit: Some(limit),
            };
            self.ledger.admin(&msg).await
        })
    }

    fn meters(
        &self,
        owner: Option<String>,
        start_after: Option<String>,
        limit: u32,
    ) -> ChainFuture<'_, MetersResponse> {
        Box::pin(async move {
            let limit = Some(limit);
            let msg = match owner {
                Some(owner) => RegistryQuery::MetersByOwner {
                    owner,
                    start_after,
                    limit,
                },
                None => RegistryQuery::Meters { start_after, limit },
            };
            self.ledger.admin(&msg).await
        })
    }

    fn meter<'a>(&'a self, meter_id: &'a str) -> ChainFuture<'a, Option<MeterInfo>> {
        Box::pin(async move {
            let found = self.ledger.meter_info(meter_id).await;
            absent_as_none(found, admin::codes::METER_NOT_FOUND)
        })
    }

    fn bills<'a>(
        &'a self,
        meter_id: &'a str,
        start_after: Option<u32>,
        limit: u32,
    ) -> ChainFuture<'a, BillsResponse> {
        Box::pin(async move {
            let location = self.ledger.locate_meter(meter_id).await?;
            let chain = match &location.region {
                Some(region) => self.ledger.in_region(region).await?,
                None => self.ledger.clone(),
            };
            let msg = MeterQuery::Bills {
                meter_id: meter_id.to_string(),
                start_after,
                limit: Some(limit),
            };
            chain.query(&location.contract, &msg).await
        })
    }
}
