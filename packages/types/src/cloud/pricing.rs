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
//! it did not earn, and the payer loses less than one minor unit per bill.
//!
//! A lease requested as a named instance type is charged the type's price per hour instead
//! of its resources' unit prices: its scaled rate is `per_hour × 1024`, so the same one
//! division gives
//!
//! ```text
//! floor(seconds × per_hour / 3600)
//! ```
//!
//! exactly ([`Rate`] picks the rate of a lease). The usage charge is
//! whole GB × the price per GB, exact. A bill pays the provider time charge + usage charge,
//! at most the escrow, and refunds the rest. Every step is checked arithmetic: an overflow is
//! an error, never a wrapped amount.

use cosmwasm_std::{OverflowError, OverflowOperation, Uint128};

use super::{Lease, Prices, Resources};

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
    Rate::PerUnit { resources, prices }.time_charge(seconds)
}

/// What a lease is charged by the hour: its resources at per-unit prices, or the price per
/// hour of the instance type it was requested as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rate<'a> {
    PerUnit {
        resources: &'a Resources,
        prices: &'a Prices,
    },
    /// An instance type's price for the whole instance, minor units per hour.
    PerInstance { per_hour: u64 },
}

impl<'a> Rate<'a> {
    /// The rate `lease` is charged at: its instance type's, if it was requested as one.
    pub fn of_lease(lease: &'a Lease) -> Self {
        match &lease.instance_type {
            Some(instance) => Rate::PerInstance {
                per_hour: instance.per_hour,
            },
            None => Rate::PerUnit {
                resources: &lease.resources,
                prices: &lease.prices,
            },
        }
    }

    /// The rate in 1/1024 minor units per hour (see [`scaled_hourly_rate`]).
    pub fn scaled(&self) -> Result<u128, OverflowError> {
        match self {
            Rate::PerUnit { resources, prices } => scaled_hourly_rate(resources, prices),
            Rate::PerInstance { per_hour } => mul(u128::from(*per_hour), MIB_PER_GIB),
        }
    }

    /// The time charge of `seconds` at this rate (rounded down once; see the module's rule).
    pub fn time_charge(&self, seconds: u64) -> Result<Uint128, OverflowError> {
        let scaled = mul(u128::from(seconds), self.scaled()?)?;
        Ok(Uint128::new(scaled / (SECONDS_PER_HOUR * MIB_PER_GIB)))
    }

    /// The least escrow a request at this rate must bring: the time charge of
    /// `prepaid_seconds`, and never less than one minor unit.
    pub fn min_escrow(&self, prepaid_seconds: u64) -> Result<Uint128, OverflowError> {
        Ok(self.time_charge(prepaid_seconds)?.max(Uint128::one()))
    }
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
    Rate::PerUnit { resources, prices }.min_escrow(prepaid_seconds)
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
    fn an_instance_type_is_charged_its_hourly_price_rounded_down_once() {
        let m1_large = Rate::PerInstance { per_hour: 125 };
        assert_eq!(m1_large.time_charge(3600), Ok(Uint128::new(125)));
        // 125 per hour for 61 s is 2.118.. -> 2; for 100 s 3.47.. -> 3.
        assert_eq!(m1_large.time_charge(61), Ok(Uint128::new(2)));
        assert_eq!(m1_large.time_charge(100), Ok(Uint128::new(3)));
        assert_eq!(m1_large.min_escrow(3600), Ok(Uint128::new(125)));
        assert_eq!(m1_large.min_escrow(10), Ok(Uint128::one()));
        // A free type still escrows one unit.
        assert_eq!(
            Rate::PerInstance { per_hour: 0 }.min_escrow(3600),
            Ok(Uint128::one())
        );
        // The per-unit rate gives what the free functions give.
        let per_unit = Rate::PerUnit {
            resources: &host(),
            prices: &prices(),
        };
        assert_eq!(
            per_unit.time_charge(61),
            time_charge(&host(), &prices(), 61)
        );
    }

    #[test]
    fn the_instance_rule_is_floor_of_seconds_times_price_over_an_hour() {
        for per_hour in [0u64, 1, 7, 125, 3_599, 3_601, 1_000_000, u64::MAX / 4096] {
            for seconds in [0u64, 1, 59, 3_599, 3_600, 3_601, 86_399, 31_536_000] {
                let want = u128::from(seconds) * u128::from(per_hour) / 3600;
                assert_eq!(
                    Rate::PerInstance { per_hour }.time_charge(seconds),
                    Ok(Uint128::new(want)),
                    "{per_hour} per hour for {seconds} s"
                );
            }
        }
        assert!(
            Rate::PerInstance { per_hour: u64::MAX }
                .time_charge(u64::MAX)
                .is_err()
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
