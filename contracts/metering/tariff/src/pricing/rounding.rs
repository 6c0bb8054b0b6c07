//! The one rounding rule: an exact fraction rounded half up to whole minor units.

use cosmwasm_std::{Uint128, Uint256};

use crate::ContractResult;

/// `value * multiplier / divisor`, exact, rounded half up (x.5 goes to x + 1).
pub fn mul_div_half_up(
    value: Uint128,
    multiplier: Uint128,
    divisor: u128,
) -> ContractResult<Uint256> {
    let numerator = value.full_mul(multiplier);
    let divisor = Uint256::from(divisor);
    let quotient = numerator.checked_div(divisor)?;
    let remainder = numerator.checked_rem(divisor)?;
    // Half or more of the divisor left over rounds up: remainder >= divisor - remainder,
    // written so that nothing is doubled and nothing can overflow.
    let rounded = if remainder >= divisor.checked_sub(remainder)? {
        quotient.checked_add(Uint256::one())?
    } else {
        quotient
    };
    Ok(rounded)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::pricing::fixtures::u;

    #[test]
    fn rounding_is_half_up() {
        // 1.5 -> 2, 2.5 -> 3, 1.4999.. -> 1, 0.5 -> 1, exact stays exact.
        assert_eq!(mul_div_half_up(u(3), u(1), 2).unwrap(), Uint256::from(2u8));
        assert_eq!(mul_div_half_up(u(5), u(1), 2).unwrap(), Uint256::from(3u8));
        assert_eq!(
            mul_div_half_up(u(1_499_999), u(1), 1_000_000).unwrap(),
            Uint256::from(1u8)
        );
        assert_eq!(
            mul_div_half_up(u(500_000), u(1), 1_000_000).unwrap(),
            Uint256::from(1u8)
        );
        assert_eq!(
            mul_div_half_up(u(499_999), u(1), 1_000_000).unwrap(),
            Uint256::zero()
        );
        assert_eq!(
            mul_div_half_up(u(4_000_000), u(3), 1_000_000).unwrap(),
            Uint256::from(12u8)
        );
        // The product of two maximal values does not overflow.
        let big = mul_div_half_up(Uint128::MAX, Uint128::MAX, 1).unwrap();
        assert_eq!(big, Uint128::MAX.full_mul(Uint128::MAX));
        // MAX * MAX is odd, so halving it leaves .5, which rounds up.
        let half = mul_div_half_up(Uint128::MAX, Uint128::MAX, 2).unwrap();
        assert_eq!(
            half,
            Uint128::MAX.full_mul(Uint128::MAX) / Uint256::from(2u8) + Uint256::one()
        );
    }

    proptest! {
        #[test]
        fn rounding_matches_the_textbook_formula(
            value in 0u128..1u128 << 60,
            multiplier in 0u128..1u128 << 60,
            divisor in 1u128..1u128 << 20,
        ) {
            // floor(n / d + 1/2) = floor((2n + d) / 2d), computed where it cannot overflow.
            let expected = (2 * value * multiplier + divisor) / (2 * divisor);
            let got = mul_div_half_up(u(value), u(multiplier), divisor).unwrap();
            prop_assert_eq!(got, Uint256::from(expected));
        }
    }
}
