//! How a lease is charged: the one rule the contract and every client compute with.
//!
//! A lease's hourly rate is the sum over its resources of quantity × price per unit-hour;
//! memory is priced per GiB-hour but held in MiB, so the rate is kept in 1/1024 of a minor unit
//! per hour ([`scaled_hourly_rate`]) and nothing is rounded before the end. The time charge for
//! `seconds` is then
//!
//! ```text
//! floor(seconds × scaled_hourly_rate / (3600 × 1024))
//! ```
//!
//! one division, **rounded down** to a whole minor unit: the provider is never paid a fraction
//! it did not earn, and the payer loses less than one minor unit per bill. The usage charge is
//! whole GB × the price per GB, exact. A bill pays the provider time charge + usage charge,
//! at most the escrow, and refunds the rest. Every step is checked arithmetic: an overflow is
//! an error, never a wrapped amount.

use cosmwasm_std::{OverflowError, OverflowOperation, Uint128};

use super::{Prices, Resources};

/// MiB in a GiB: memory's price is per GiB-hour.
pub const MIB_PER_GIB: u128 = 1024;
/// Seconds in an hour.
pub const SECONDS_PER_HOUR: u128 = 3600;

fn overflow() -> OverflowError {
    OverflowError::new(OverflowOperation::Mul)
}

fn mul(a: u128, b: u128) -> Result<u128, OverflowError> {
    a.checked_mul(b).ok_or_else(overflow)
}

fn add(a: u128, b: u128) -> Result<u128, OverflowError> {
    a.checked_add(b)
        .ok_or_else(|| OverflowError::new(OverflowOperation::Add))
}

/// The lease's hourly rate in 1/1024 minor units per hour.
pub fn scaled_hourly_rate(resources: &Resources, prices: &Prices) -> Result<u128, OverflowError> {
    let whole_units = [
        (u128::from(resources.vcpus), prices.per_vcpu_hour),
        (u128::from(resources.disk_gib), prices.per_disk_gib_hour),
        (u128::from(resources.public_ips), prices.per_public_ip_hour),
        (u128::from(resources.gpus), prices.per_gpu_hour),
    ];
    let mut rate = mul(
        u128::from(resources.memory_mib),
        u128::from(prices.per_memory_gib_hour),
    )?;
    for (quantity, price) in whole_units {
        rate = add(rate, mul(mul(quantity, u128::from(price))?, MIB_PER_GIB)?)?;
    }
    Ok(rate)
}

/// The time charge of `seconds` of a lease (rounded down; see the module's rule).
pub fn time_charge(
    resources: &Resources,
    prices: &Prices,
    seconds: u64,
) -> Result<Uint128, OverflowError> {
    let scaled = mul(u128::from(seconds), scaled_hourly_rate(resources, prices)?)?;
    Ok(Uint128::new(scaled / (SECONDS_PER_HOUR * MIB_PER_GIB)))
}

/// The usage charge of `gb` whole GB transferred.
pub fn usage_charge(gb: u64, prices: &Prices) -> Result<Uint128, OverflowError> {
    Ok(Uint128::new(mul(
        u128::from(gb),
        u128::from(prices.per_gb_transferred),
    )?))
}

/// The least escrow a request must bring: the time charge of `prepaid_seconds` (the
/// contract's [`super::Minimums::prepaid_seconds`]), and never less than one minor unit.
pub fn min_escrow(
    resources: &Resources,
    prices: &Prices,
    prepaid_seconds: u64,
) -> Result<Uint128, OverflowError> {
    Ok(time_charge(resources, prices, prepaid_seconds)?.max(Uint128::one()))
}

/// A bill's split of the escrow: (paid to the provider, refunded to the payer).
pub fn split(
    time_charge: Uint128,
    usage_charge: Uint128,
    escrow: Uint128,
) -> Result<(Uint128, Uint128), OverflowError> {
    let amount = time_charge.checked_add(usage_charge)?.min(escrow);
    Ok((amount, escrow.checked_sub(amount)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host() -> Resources {
        Resources {
            vcpus: 4,
            memory_mib: 8 * 1024 + 512,
            disk_gib: 100,
            public_ips: 1,
            gpus: 0,
        }
    }

    fn prices() -> Prices {
        Prices {
            per_vcpu_hour: 10,
            per_memory_gib_hour: 4,
            per_disk_gib_hour: 1,
            per_public_ip_hour: 3,
            per_gpu_hour: 500,
            per_gb_transferred: 7,
        }
    }

    #[test]
    fn an_hour_costs_the_sum_of_the_unit_prices() {
        // 4×10 + 8.5×4 + 100×1 + 1×3 = 177 per hour.
        assert_eq!(time_charge(&host(), &prices(), 3600), Ok(Uint128::new(177)));
        assert_eq!(min_escrow(&host(), &prices(), 3_600), Ok(Uint128::new(177)));
        assert_eq!(time_charge(&host(), &prices(), 0), Ok(Uint128::zero()));
    }

    #[test]
    fn fractions_are_rounded_down_once_at_the_end() {
        // 177 per hour is 0.049166.. per second: 61 s cost 2.99.. -> 2.
        assert_eq!(time_charge(&host(), &prices(), 61), Ok(Uint128::new(2)));
        // 512 MiB at 3 per GiB-hour for 1 hour is 1.5 -> 1; for 2 hours exactly 3.
        let half = Resources {
            memory_mib: 512,
            ..Resources::default()
        };
        let p = Prices {
            per_memory_gib_hour: 3,
            ..Prices::default()
        };
        assert_eq!(time_charge(&half, &p, 3600), Ok(Uint128::new(1)));
        assert_eq!(time_charge(&half, &p, 7200), Ok(Uint128::new(3)));
        // A free lease still escrows one unit.
        assert_eq!(
            min_escrow(&half, &Prices::default(), 3_600),
            Ok(Uint128::one())
        );
    }

    #[test]
    fn usage_and_the_cap() {
        assert_eq!(usage_charge(12, &prices()), Ok(Uint128::new(84)));
        assert_eq!(
            split(Uint128::new(100), Uint128::new(20), Uint128::new(500)),
            Ok((Uint128::new(120), Uint128::new(380)))
        );
        assert_eq!(
            split(Uint128::new(400), Uint128::new(200), Uint128::new(500)),
            Ok((Uint128::new(500), Uint128::zero()))
        );
    }

    #[test]
    fn overflow_is_an_error() {
        let huge = Resources {
            vcpus: u32::MAX,
            memory_mib: u64::MAX,
            disk_gib: u64::MAX,
            public_ips: u32::MAX,
            gpus: u32::MAX,
        };
        let dear = Prices {
            per_vcpu_hour: u64::MAX,
            per_memory_gib_hour: u64::MAX,
            per_disk_gib_hour: u64::MAX,
            per_public_ip_hour: u64::MAX,
            per_gpu_hour: u64::MAX,
            per_gb_transferred: u64::MAX,
        };
        assert!(time_charge(&huge, &dear, u64::MAX).is_err());
        assert!(usage_charge(u64::MAX, &dear).is_ok());
    }
}
