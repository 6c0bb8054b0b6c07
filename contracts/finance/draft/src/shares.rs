//! How a draft's amount is shared out along its chain.
//!
//! Each hop carries a share in whole basis points of the draft's amount; the share is released
//! to the hop's holder when the draft reaches it. Shares are rounded down, so the releases
//! never add up to more than the amount. When the shares add up to the whole (10000), the last
//! hop releases everything still locked, so the amount is consumed exactly, rounding dust
//! included; when they add up to less, the remainder stays locked until the draft expires or is
//! cancelled and then returns to the issuer.
//!
//! A hop's value is what the draft is worth when it moves (everything still locked): the
//! amount the bank transfer of that hop must carry, as the whole remaining value passes from
//! holder to holder and each keeps its share.

use cosmwasm_std::Uint128;
use ledger_types::draft::{BPS_WHOLE, MAX_HOPS};

use crate::ContractError;
use crate::ContractResult;

/// What one hop moves and releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HopAmounts {
    /// Still locked when the hop is endorsed.
    pub value: Uint128,
    /// Released to the hop's holder.
    pub release: Uint128,
}

/// Checks the shares (1 to [`MAX_HOPS`] hops, adding up to 1..=10000 basis points) and
/// computes every hop's value and release for `amount`.
pub fn share_out(amount: Uint128, shares: &[u16]) -> ContractResult<Vec<HopAmounts>> {
    if shares.is_empty() || shares.len() > MAX_HOPS {
        return Err(ContractError::InvalidHopCount {
            count: shares.len(),
            max: MAX_HOPS,
        });
    }
    let total_bps: u32 = shares.iter().map(|bps| u32::from(*bps)).sum();
    if total_bps > BPS_WHOLE {
        return Err(ContractError::SharesExceedWhole { total_bps });
    }
    if total_bps == 0 {
        return Err(ContractError::NoShares {});
    }
    let whole = total_bps == BPS_WHOLE;
    let last = shares.len().saturating_sub(1);
    let mut remaining = amount;
    let mut hops = Vec::with_capacity(shares.len());
    for (index, bps) in shares.iter().enumerate() {
        let release = if whole && index == last {
            remaining
        } else {
            amount.checked_multiply_ratio(u128::from(*bps), u128::from(BPS_WHOLE))?
        };
        hops.push(HopAmounts {
            value: remaining,
            release,
        });
        remaining = remaining.checked_sub(release)?;
    }
    Ok(hops)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn amounts(amount: u128, shares: &[u16]) -> Vec<(u128, u128)> {
        share_out(Uint128::new(amount), shares)
            .unwrap()
            .iter()
            .map(|h| (h.value.u128(), h.release.u128()))
            .collect()
    }

    #[test]
    fn custody_hops_pass_the_whole_value_and_the_last_takes_the_rest() {
        // Finance department and bank only pass the draft on; the county fund keeps 6%.
        assert_eq!(
            amounts(1_000_000, &[0, 0, 600, 9_400]),
            vec![
                (1_000_000, 0),
                (1_000_000, 0),
                (1_000_000, 60_000),
                (940_000, 940_000)
            ]
        );
    }

    #[test]
    fn rounding_dust_goes_to_the_last_hop_when_the_shares_are_whole() {
        // 3333 bps of 10 is 3.333: rounded down to 3 twice; the last hop takes 4.
        assert_eq!(
            amounts(10, &[3_333, 3_333, 3_334]),
            vec![(10, 3), (7, 3), (4, 4)]
        );
    }

    #[test]
    fn a_partial_plan_leaves_a_remainder_locked() {
        assert_eq!(
            amounts(1_001, &[5_000, 2_500]),
            vec![(1_001, 500), (501, 250)]
        );
    }

    #[test]
    fn bad_shares_are_refused() {
        assert_eq!(
            share_out(Uint128::new(1), &[]),
            Err(ContractError::InvalidHopCount { count: 0, max: 10 })
        );
        assert_eq!(
            share_out(Uint128::new(1), &[1; 11]),
            Err(ContractError::InvalidHopCount { count: 11, max: 10 })
        );
        assert_eq!(
            share_out(Uint128::new(1), &[6_000, 4_001]),
            Err(ContractError::SharesExceedWhole { total_bps: 10_001 })
        );
        assert_eq!(
            share_out(Uint128::new(1), &[u16::MAX, u16::MAX]),
            Err(ContractError::SharesExceedWhole {
                total_bps: 2 * u32::from(u16::MAX)
            })
        );
        assert_eq!(
            share_out(Uint128::new(1), &[0, 0]),
            Err(ContractError::NoShares {})
        );
    }

    #[test]
    fn the_largest_amount_does_not_overflow() {
        let hops = share_out(Uint128::MAX, &[9_999, 1]).unwrap();
        assert_eq!(hops[1].value + hops[0].release, Uint128::MAX);
        assert_eq!(hops[1].release, hops[1].value);
    }

    proptest! {
        #[test]
        fn releases_never_exceed_the_amount_and_a_whole_plan_consumes_it(
            amount in 0u128..1_000_000_000_000,
            shares in prop::collection::vec(0u16..4_000, 1..=10),
            make_whole in any::<bool>(),
        ) {
            let mut shares = shares;
            let mut total: u32 = shares.iter().map(|s| u32::from(*s)).sum();
            if make_whole && total <= 10_000 {
                let last = shares.len().saturating_sub(1);
                shares[last] += (10_000 - total) as u16;
                total = 10_000;
            }
            prop_assume!((1..=10_000).contains(&total));
            let hops = share_out(Uint128::new(amount), &shares).unwrap();
            let released: u128 = hops.iter().map(|h| h.release.u128()).sum();
            prop_assert!(released <= amount);
            if total == 10_000 {
                prop_assert_eq!(released, amount);
            }
            let mut remaining = amount;
            for (hop, bps) in hops.iter().zip(&shares) {
                prop_assert_eq!(hop.value.u128(), remaining);
                prop_assert!(hop.release <= hop.value);
                prop_assert!(hop.release.u128() >= amount * u128::from(*bps) / 10_000);
                remaining -= hop.release.u128();
            }
        }
    }
}
