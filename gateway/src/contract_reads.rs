//! Where each deployed contract is and what it answers, behind one trait: the SDK in
//! production ([`SdkContractReads`]), a fixed deployment in the handler tests. Queries here
//! are already typed by [`crate::contract_kinds`]; this only carries them to the right chain.

use ledger_sdk::Ledger;
use serde_json::Value;

use crate::chain::ChainFuture;
use crate::contract_kinds;

/// Where a meter's contract is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeterContract {
    /// The region it lives in; `None` on the main chain.
    pub region: Option<String>,
    /// Its address there.
    pub address: String,
}

/// The deployment's contracts and a smart query of any of them.
pub trait ContractReads: Send + Sync + 'static {
    /// The regional sub-chains of the deployment, by name.
    fn regions(&self) -> Vec<String>;
    /// The contracts deployed once on the main chain (`region` `None`) or on a region's
    /// sub-chain, as (kind name, address), kinds the deployment left out omitted.
    fn deployed(&self, region: Option<&str>) -> Vec<(&'static str, String)>;
    /// The address of the contract of kind `name` deployed once there, if any.
    fn address_of(&self, region: Option<&str>, name: &str) -> Option<String> {
        self.deployed(region)
            .into_iter()
            .find_map(|(n, address)| (n == name).then_some(address))
    }
    /// Where meter `meter_id`'s contract is.
    fn meter<'a>(&'a self, meter_id: &'a str) -> ChainFuture<'a, MeterContract>;
    /// A smart query of the contract at `address` on the main chain or `region`'s.
    fn query<'a>(
        &'a self,
        region: Option<&'a str>,
        address: &'a str,
        query: &'a Value,
    ) -> ChainFuture<'a, Value>;
}

/// The deployment's contracts through the SDK.
#[derive(Clone, Debug)]
pub struct SdkContractReads {
    ledger: Ledger,
}

impl SdkContractReads {
    /// Reads through `ledger`.
    pub fn new(ledger: Ledger) -> Self {
        SdkContractReads { ledger }
    }
}

impl ContractReads for SdkContractReads {
    fn regions(&self) -> Vec<String> {
        self.ledger.deployment().map_or_else(
            |_| Vec::new(),
            |d| d.regions.iter().map(|r| r.region.clone()).collect(),
        )
    }

    fn deployed(&self, region: Option<&str>) -> Vec<(&'static str, String)> {
        let Ok(deployment) = self.ledger.deployment() else {
            return Vec::new();
        };
        let found = match region {
            None => contract_kinds::on_main_chain(&deployment.contracts),
            Some(region) => match deployment.region(region) {
                Ok(r) => contract_kinds::in_region(&r.contracts),
                Err(_) => Vec::new(),
            },
        };
        found
            .into_iter()
            .map(|(name, address)| (name, address.to_string()))
            .collect()
    }

    fn meter<'a>(&'a self, meter_id: &'a str) -> ChainFuture<'a, MeterContract> {
        Box::pin(async move {
            let location = self.ledger.locate_meter(meter_id).await?;
            Ok(MeterContract {
                region: location.region,
                address: location.contract,
            })
        })
    }

    fn query<'a>(
        &'a self,
        region: Option<&'a str>,
        address: &'a str,
        query: &'a Value,
    ) -> ChainFuture<'a, Value> {
        Box::pin(async move {
            match region {
                Some(region) => {
                    self.ledger
                        .in_region(region)
                        .await?
                        .query(address, query)
                        .await
                }
                None => self.ledger.query(address, query).await,
            }
        })
    }
}
