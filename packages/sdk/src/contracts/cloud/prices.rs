//! Public, versioned price lists: publishing them, their history, and every provider's prices
//! in force for comparison.

use cosmwasm_std::Uint128;
use ledger_client::TxOutcome;

use super::pricing::Rate;
use super::{
    CurrentPricesResponse, ExecuteMsg, InstanceType, PriceVersion, PriceVersionsResponse, Prices,
    QueryMsg, Resources,
};
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::paging::Paged;
use crate::sender::Sender;

impl Ledger {
    /// Version `version` of `provider`'s price list.
    pub async fn cloud_price_version(&self, provider: &str, version: u32) -> Result<PriceVersion> {
        self.cloud(&QueryMsg::PriceVersion {
            provider: provider.to_string(),
            version,
        })
        .await
    }

    /// `provider`'s price-list versions, oldest first, up to `cap`.
    pub async fn cloud_price_history(
        &self,
        provider: &str,
        cap: usize,
    ) -> Result<Paged<PriceVersion>> {
        self.list(
            self.cloud_contract()?,
            cap,
            |start_after, limit| QueryMsg::PriceVersions {
                provider: provider.to_string(),
                start_after,
                limit,
            },
            |r: PriceVersionsResponse| r.versions,
            |v| v.version,
        )
        .await
    }

    /// Every provider's price list in force now, in provider order, up to `cap` providers
    /// (providers with none in force yet are left out).
    pub async fn cloud_current_prices(&self, cap: usize) -> Result<Paged<PriceVersion>> {
        self.list(
            self.cloud_contract()?,
            cap,
            |start_after, limit| QueryMsg::CurrentPrices { start_after, limit },
            |r: CurrentPricesResponse| r.prices,
            |v| v.provider.clone(),
        )
        .await
    }

    /// Provider administrator: publishes a new price-list version in force from
    /// `effective_from` (unix seconds, not in the past), with per-unit `prices` and the named
    /// `instance_types` it sells (may be empty; the contract checks their count, names and
    /// resources). Running leases keep their version.
    pub async fn cloud_publish_prices(
        &self,
        sender: &Sender,
        provider: &str,
        prices: Prices,
        instance_types: Vec<InstanceType>,
        effective_from: u64,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::PublishPrices {
            provider: provider.to_string(),
            prices,
            effective_from,
            instance_types,
        };
        self.cloud_execute(sender, &msg).await
    }

    /// The escrow that pays for `holding_seconds` of `resources` at `prices` in full, and
    /// never less than the contract's minimum prepaid time (read from its configuration),
    /// computed with the contract's own rule.
    pub async fn cloud_escrow_for(
        &self,
        resources: &Resources,
        prices: &Prices,
        holding_seconds: u64,
    ) -> Result<Uint128> {
        let minimums = self.cloud_config().await?.minimums;
        escrow_for(resources, prices, holding_seconds, minimums.prepaid_seconds)
    }

    /// [`Ledger::cloud_escrow_for`] for a lease requested as an instance type sold at
    /// `per_hour`.
    pub async fn cloud_escrow_for_instance(
        &self,
        per_hour: u64,
        holding_seconds: u64,
    ) -> Result<Uint128> {
        let minimums = self.cloud_config().await?.minimums;
        escrow_at(
            Rate::PerInstance { per_hour },
            holding_seconds,
            minimums.prepaid_seconds,
        )
    }
}

/// See [`Ledger::cloud_escrow_for`]: the larger of the whole holding period's charge and the
/// minimum escrow, `prepaid_seconds` being the contract's minimum prepaid time.
pub fn escrow_for(
    resources: &Resources,
    prices: &Prices,
    holding_seconds: u64,
    prepaid_seconds: u64,
) -> Result<Uint128> {
    escrow_at(
        Rate::PerUnit { resources, prices },
        holding_seconds,
        prepaid_seconds,
    )
}

/// The escrow of a lease charged at `rate` (per unit or per instance): the larger of the
/// whole holding period's charge and the minimum escrow for `prepaid_seconds`.
pub fn escrow_at(rate: Rate<'_>, holding_seconds: u64, prepaid_seconds: u64) -> Result<Uint128> {
    let overflow = |e: cosmwasm_std::OverflowError| {
        Error::Invalid(format!(
            "the lease's escrow cannot be computed ({e}): ask for fewer resources or a shorter \
             holding period"
        ))
    };
    let whole = rate.time_charge(holding_seconds).map_err(overflow)?;
    let least = rate.min_escrow(prepaid_seconds).map_err(overflow)?;
    Ok(whole.max(least))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_escrow_covers_the_holding_period_and_never_less_than_the_minimum() {
        let host = Resources {
            vcpus: 2,
            memory_mib: 1024,
            disk_gib: 10,
            public_ips: 1,
            gpus: 0,
        };
        let prices = Prices {
            per_vcpu_hour: 10,
            per_memory_gib_hour: 4,
            per_disk_gib_hour: 1,
            per_public_ip_hour: 3,
            per_gpu_hour: 0,
            per_gb_transferred: 0,
        };
        // 2×10 + 1×4 + 10×1 + 1×3 = 37 per hour.
        assert_eq!(
            escrow_for(&host, &prices, 7200, 3600).unwrap(),
            Uint128::new(74)
        );
        // Half an hour still brings the hour the contract asks for by default...
        assert_eq!(
            escrow_for(&host, &prices, 1800, 3600).unwrap(),
            Uint128::new(37)
        );
        // ...and only its own half hour where the contract's minimum is ten minutes.
        assert_eq!(
            escrow_for(&host, &prices, 1800, 600).unwrap(),
            Uint128::new(18)
        );
    }

    #[test]
    fn an_instance_escrow_is_its_hourly_price_over_the_holding_period() {
        let large = Rate::PerInstance { per_hour: 125 };
        // 125 per hour for 1.5 hours is 187.5 -> 187; a quarter hour still brings the hour.
        assert_eq!(escrow_at(large, 5400, 3600).unwrap(), Uint128::new(187));
        assert_eq!(escrow_at(large, 900, 3600).unwrap(), Uint128::new(125));
        assert!(matches!(
            escrow_at(Rate::PerInstance { per_hour: u64::MAX }, u64::MAX, 3600),
            Err(Error::Invalid(_))
        ));
    }
}
