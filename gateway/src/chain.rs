//! What the gateway reads from the chain, behind one trait: the SDK in production
//! ([`SdkReads`]), an in-memory registry in the handler tests.
//!
//! Every list is one contract page (`start_after`, `limit`, `has_more`), so a client pages
//! through the gateway exactly as it would through the contracts.

use std::future::Future;
use std::pin::Pin;

use ledger_sdk::Ledger;
use ledger_types::admin::{
    self, MeterInfo, MetersResponse, Participant, ParticipantStatus, ParticipantsResponse,
    QueryMsg as RegistryQuery, Role,
};
use ledger_types::meter::{BillsResponse, QueryMsg as MeterQuery};

/// A read of the chain in flight.
pub type ChainFuture<'a, T> =
    Pin<Box<dyn Future<Output = Result<T, ledger_sdk::Error>> + Send + 'a>>;

/// The chain reads the gateway's endpoints need.
pub trait LedgerReads: Send + Sync + 'static {
    /// The height of the node's latest block.
    fn latest_height(&self) -> ChainFuture<'_, u64>;
    /// How the registry knows an address: its participant record, with [`Role::Admin`]
    /// among its roles when it is the registry's administrator (who holds that role without
    /// being registered as a participant); `None` for anyone else.
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

/// `participant` as the gateway sees it: the registry's administrator holds [`Role::Admin`]
/// whether or not it is also a registered participant (the registry never grants that role
/// through a participant record).
fn with_admin_role(
    participant: Option<Participant>,
    address: &str,
    is_admin: bool,
) -> Option<Participant> {
    if !is_admin {
        return participant;
    }
    let mut participant = participant.unwrap_or_else(|| Participant {
        address: cosmwasm_std::Addr::unchecked(address),
        name: "Registry administrator".to_string(),
        roles: Vec::new(),
        status: ParticipantStatus::Active,
        blacklisted: None,
        meter_contract: None,
        registered_at: 0,
    });
    if !participant.roles.contains(&Role::Admin) {
        participant.roles.insert(0, Role::Admin);
    }
    Some(participant)
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
            let (found, administrator) = tokio::join!(
                self.ledger.participant(address),
                self.ledger.registry_admin()
            );
            let found = absent_as_none(found, admin::codes::PARTICIPANT_NOT_FOUND)?;
            let is_admin = administrator?.admin.as_str() == address;
            Ok(with_admin_role(found, address, is_admin))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn consumer(address: &str) -> Participant {
        Participant {
            address: cosmwasm_std::Addr::unchecked(address),
            name: "Alice".to_string(),
            roles: vec![Role::Consumer],
            status: ParticipantStatus::Suspended,
            blacklisted: None,
            meter_contract: None,
            registered_at: 7,
        }
    }

    #[test]
    fn the_registry_administrator_holds_the_admin_role_registered_or_not() {
        let unregistered = with_admin_role(None, "wasm1admin", true).unwrap();
        assert_eq!(unregistered.roles, vec![Role::Admin]);
        assert_eq!(unregistered.status, ParticipantStatus::Active);

        // A registered administrator keeps her record, standing included.
        let registered = with_admin_role(Some(consumer("wasm1admin")), "wasm1admin", true).unwrap();
        assert_eq!(registered.roles, vec![Role::Admin, Role::Consumer]);
        assert_eq!(registered.status, ParticipantStatus::Suspended);
        assert_eq!(registered.registered_at, 7);
    }

    #[test]
    fn anyone_else_is_what_the_registry_says() {
        assert_eq!(with_admin_role(None, "wasm1x", false), None);
        let alice = consumer("wasm1alice");
        assert_eq!(
            with_admin_role(Some(alice.clone()), "wasm1alice", false),
            Some(alice)
        );
    }
}
