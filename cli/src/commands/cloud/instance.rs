//! The `--instance` flag of `ledger cloud publish-prices`: one named instance type written as
//! `NAME:VCPUS:MEMORY_MIB:DISK_GIB[:IPS[:GPUS]]=PRICE`, the price in currency per hour.

use std::str::FromStr;

use ledger_sdk::contracts::cloud::{InstanceType, Resources};

use crate::units::Money;

/// The form `--instance` takes, for its help and its errors.
pub const INSTANCE_FORM: &str = "NAME:VCPUS:MEMORY_MIB:DISK_GIB[:IPS[:GPUS]]=PRICE";

/// One `--instance` value: an instance type with its price per hour in minor units.
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceSpec(pub InstanceType);

fn number<T: FromStr>(what: &str, field: &str) -> Result<T, String> {
    field
        .parse()
        .map_err(|_| format!("{what} '{field}' is not a whole number"))
}

impl FromStr for InstanceSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: String| format!("'{s}' is not an instance type ({INSTANCE_FORM}): {why}");
        let (spec, price) = s
            .rsplit_once('=')
            .ok_or_else(|| bad("the price per hour after '=' is missing".into()))?;
        let per_hour = price.parse::<Money>().map_err(bad)?;
        let per_hour = u64::try_from(per_hour.minor())
            .map_err(|_| bad(format!("{per_hour} is too large a price per hour")))?;
        let fields: Vec<&str> = spec.split(':').collect();
        if !(4..=6).contains(&fields.len()) {
            return Err(bad(format!(
                "{} fields before '=', where a name, vCPUs, memory and disk (and optionally \
                 public IPs and GPUs) are 4 to 6",
                fields.len()
            )));
        }
        let name = fields[0].to_string();
        if name.is_empty() {
            return Err(bad("the name is empty".into()));
        }
        let optional = |i: usize, what: &str| -> Result<u32, String> {
            fields.get(i).map_or(Ok(0), |f| number(what, f))
        };
        let resources = Resources {
            vcpus: number("vCPUs", fields[1]).map_err(bad)?,
            memory_mib: number("memory (MiB)", fields[2]).map_err(bad)?,
            disk_gib: number("disk (GiB)", fields[3]).map_err(bad)?,
            public_ips: optional(4, "public IPs").map_err(bad)?,
            gpus: optional(5, "GPUs").map_err(bad)?,
        };
        Ok(InstanceSpec(InstanceType {
            name,
            resources,
            per_hour,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_is_its_resources_and_its_hourly_price() {
        let InstanceSpec(t) = "m1.large:4:8192:100=1.25".parse().unwrap();
        assert_eq!(t.name, "m1.large");
        assert_eq!(
            t.resources,
            Resources {
                vcpus: 4,
                memory_mib: 8192,
                disk_gib: 100,
                public_ips: 0,
                gpus: 0,
            }
        );
        assert_eq!(t.per_hour, 125);
        let InstanceSpec(gpu) = "g1.a100:8:65536:500:1:2=12".parse().unwrap();
        assert_eq!((gpu.resources.public_ips, gpu.resources.gpus), (1, 2));
        assert_eq!(gpu.per_hour, 1_200);
    }

    #[test]
    fn malformed_types_say_what_is_wrong() {
        for (input, why) in [
            ("m1.large:4:8192:100", "price per hour after '=' is missing"),
            ("m1.large:4:8192=1", "3 fields before '='"),
            ("m1.large:4:8192:100:1:0:9=1", "7 fields before '='"),
            (":4:8192:100=1", "the name is empty"),
            (
                "m1.large:four:8192:100=1",
                "vCPUs 'four' is not a whole number",
            ),
            ("m1.large:4:8192:100=1.234", "at most 2 decimals"),
        ] {
            let err = input.parse::<InstanceSpec>().unwrap_err();
            assert!(err.contains(why), "{input}: {err}");
            assert!(err.contains(INSTANCE_FORM), "{input}: {err}");
        }
    }
}
