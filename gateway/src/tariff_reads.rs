//! What the tariff panels read from the tariff contract, behind one trait: the SDK in
//! production ([`SdkTariffReads`]), an in-memory tariff book in the handler tests. Lists are
//! one contract page each, as in [`crate::chain`].

use ledger_sdk::Ledger;
use ledger_types::tariff::{QueryMsg as TariffQuery, TariffInfo, TariffOwner, TariffVersion};

use crate::chain::ChainFuture;

/// A tariff with the retailer that owns it.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedTariff {
    /// The tariff and its versions' dates.
    pub info: TariffInfo,
    /// Its retailer (`None` for a tariff created before owners were recorded).
    pub owner: Option<String>,
}

/// A page of tariffs.
#[derive(Clone, Debug, PartialEq)]
pub struct TariffPage {
    /// The tariffs, in id order.
    pub tariffs: Vec<OwnedTariff>,
    /// More follow.
    pub has_more: bool,
}

/// The tariff contract's reads the gateway serves.
pub trait TariffReads: Send + Sync + 'static {
    /// One page of tariffs in id order, each with its owner.
    fn tariffs(&self, start_after: Option<String>, limit: u32) -> ChainFuture<'_, TariffPage>;
    /// One version of a tariff, counting from 1.
    fn version<'a>(&'a self, tariff_id: &'a str, version: u32) -> ChainFuture<'a, TariffVersion>;
}

/// The tariff contract's reads through the SDK.
#[derive(Clone, Debug)]
pub struct SdkTariffReads {
    ledger: Ledger,
}

impl SdkTariffReads {
    /// Reads through `ledger`.
    pub fn new(ledger: Ledger) -> Self {
        SdkTariffReads { ledger }
    }
}

impl TariffReads for SdkTariffReads {
    fn tariffs(&self, start_after: Option<String>, limit: u32) -> ChainFuture<'_, TariffPage> {
        Box::pin(async move {
            let page: ledger_types::tariff::TariffsResponse = self
                .ledger
                .tariff(&TariffQuery::Tariffs {
                    start_after,
                    limit: Some(limit),
                })
                .await?;
            let mut tariffs = Vec::with_capacity(page.tariffs.len());
            for info in page.tariffs {
                let owner: TariffOwner = self
                    .ledger
                    .tariff(&TariffQuery::Owner {
                        tariff_id: info.tariff_id.clone(),
                    })
                    .await?;
                tariffs.push(OwnedTariff {
                    info,
                    owner: owner.owner.map(|a| a.into_string()),
                });
            }
            Ok(TariffPage {
                tariffs,
                has_more: page.has_more,
            })
        })
    }

    fn version<'a>(&'a self, tariff_id: &'a str, version: u32) -> ChainFuture<'a, TariffVersion> {
        Box::pin(async move {
            self.ledger
                .tariff(&TariffQuery::Version {
                    tariff_id: tariff_id.to_string(),
                    version,
                })
                .await
        })
    }
}
