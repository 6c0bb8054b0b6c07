//! Block tariffs: a period's energy split over the tiers it crosses.

use cosmwasm_std::Uint128;
use ledger_types::tariff::Tier;

/// The part of a period's energy that falls in one tier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierShare {
    /// Position in the tier table, from 0.
    pub index: usize,
    /// Energy before this tier starts, Wh.
    pub from_wh: u64,
    /// Where the tier ends, Wh; `None` for the unbounded last tier.
    pub up_to_wh: Option<u64>,
    pub price_per_mwh: Uint128,
    /// Energy priced in this tier, Wh.
    pub energy_wh: u64,
}

impl TierShare {
    /// The tier as a bill line names it: "Tier 2: 100000 to 300000 Wh".
    pub(super) fn description(&self) -> String {
        let n = self.index.saturating_add(1);
        match self.up_to_wh {
            Some(to) => format!("Tier {n}: {} to {to} Wh", self.from_wh),
            None => format!("Tier {n}: above {} Wh", self.from_wh),
        }
    }
}

/// Splits `energy_wh` over a block tariff: tier `i` takes the energy in
/// (previous bound, `up_to_wh`]. Returns one share per tier, zero ones included; over a valid
/// table (last tier unbounded) the shares add up to `energy_wh`.
pub fn split_tiers(energy_wh: u64, tiers: &[Tier]) -> Vec<TierShare> {
    let mut from_wh = 0u64;
    tiers
        .iter()
        .enumerate()
        .map(|(index, tier)| {
            let end = tier.up_to_wh.map_or(energy_wh, |to| to.min(energy_wh));
            let share = TierShare {
                index,
                from_wh,
                up_to_wh: tier.up_to_wh,
                price_per_mwh: tier.price_per_mwh,
                energy_wh: end.saturating_sub(from_wh),
            };
            from_wh = tier.up_to_wh.unwrap_or(u64::MAX).max(from_wh);
            share
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::pricing::fixtures::{arb_tiers, three_tiers};

    #[test]
    fn split_tiers_marks_bounds() {
        let shares = split_tiers(250_000, &three_tiers());
        let got: Vec<(usize, u64, Option<u64>, u64)> = shares
            .iter()
            .map(|s| (s.index, s.from_wh, s.up_to_wh, s.energy_wh))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 0, Some(100_000), 100_000),
                (1, 100_000, Some(300_000), 150_000),
                (2, 300_000, None, 0),
            ]
        );
    }

    proptest! {
        #[test]
        fn tier_split_conserves_energy(energy in 0u64..5_000_000, tiers in arb_tiers()) {
            let shares = split_tiers(energy, &tiers);
            prop_assert_eq!(shares.len(), tiers.len());
            prop_assert_eq!(shares.iter().map(|s| s.energy_wh).sum::<u64>(), energy);
            // Each share stays inside its tier.
            for s in &shares {
                if let Some(to) = s.up_to_wh {
                    prop_assert!(s.energy_wh <= to - s.from_wh);
                }
            }
        }
    }
}
