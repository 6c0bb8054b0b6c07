//! Checks of input that touch no state: ids, texts, keys, quotas, resources, sealed terms.

use cosmwasm_std::{Api, Binary, HexBinary};
use ledger_types::cloud::{
    InstanceType, MAX_ENVELOPE_LEN, MAX_INSTANCE_NAME_LEN, MAX_INSTANCE_TYPES, MAX_ORG_ID_LEN,
    MAX_TEXT_LEN, MINIMUM_RANGE_SECONDS, Minimums, PUBLIC_KEY_LEN, Quota, Resources, SealedTerms,
};

use crate::{ContractError, ContractResult};

/// A well-formed compact signature (r = 1, s = 1), used only to make the chain decode a key:
/// `secp256k1_verify` answers `Ok(_)` for a curve point and an error for anything else.
const PROBE_SIGNATURE: [u8; 64] = {
    let mut sig = [0u8; 64];
    sig[31] = 1;
    sig[63] = 1;
    sig
};

/// Shortest envelope: `ledger-crypto`'s overhead (version, ephemeral key, nonce, tag) and one
/// byte of plaintext.
pub const MIN_ENVELOPE_LEN: usize = 1 + 33 + 12 + 16 + 1;

/// Whether `name` is 1 to `max` bytes of letters, digits, `-`, `_`, `.`.
fn is_plain_name(name: &str, max: usize) -> bool {
    !name.is_empty()
        && name.len() <= max
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

/// Refuses an organisation id that is empty, too long, or not letters, digits, `-`, `_`, `.`.
pub fn org_id(id: &str) -> ContractResult<()> {
    if !is_plain_name(id, MAX_ORG_ID_LEN) {
        return Err(ContractError::InvalidOrgId {
            id: id.to_string(),
            max: MAX_ORG_ID_LEN,
        });
    }
    Ok(())
}

/// Refuses blank and overlong free text.
pub fn text(value: &str, field: &str) -> ContractResult<()> {
    if value.trim().is_empty() {
        return Err(ContractError::EmptyText {
            field: field.to_string(),
        });
    }
    let len = value.chars().count();
    if len > MAX_TEXT_LEN {
        return Err(ContractError::TextTooLong {
            field: field.to_string(),
            len,
            max: MAX_TEXT_LEN,
        });
    }
    Ok(())
}

/// Refuses anything but a compressed secp256k1 point; `what` names the key in the error.
pub fn public_key(api: &dyn Api, key: &HexBinary, what: &str) -> ContractResult<()> {
    if key.len() != PUBLIC_KEY_LEN {
        return Err(ContractError::PublicKeyLength {
            what: what.to_string(),
            len: key.len(),
        });
    }
    let prefix = key.as_slice()[0];
    if prefix != 0x02 && prefix != 0x03 {
        return Err(ContractError::PublicKeyNotCompressed {
            what: what.to_string(),
            prefix,
        });
    }
    api.secp256k1_verify(&[0u8; 32], &PROBE_SIGNATURE, key.as_slice())
        .map(|_| ())
        .map_err(|_| ContractError::PublicKeyNotOnCurve {
            what: what.to_string(),
        })
}

/// Refuses minimums outside [`MINIMUM_RANGE_SECONDS`].
pub fn minimums(minimums: &Minimums) -> ContractResult<()> {
    for (what, seconds) in [
        ("holding period", minimums.holding_seconds),
        ("prepaid time", minimums.prepaid_seconds),
    ] {
        if !MINIMUM_RANGE_SECONDS.contains(&seconds) {
            return Err(ContractError::InvalidMinimum {
                what: what.to_string(),
                seconds,
                lowest: *MINIMUM_RANGE_SECONDS.start(),
                highest: *MINIMUM_RANGE_SECONDS.end(),
            });
        }
    }
    Ok(())
}

/// Refuses a quota whose longest holding period is below the shortest lease, `min_holding`.
pub fn quota(quota: &Quota, min_holding: u64) -> ContractResult<()> {
    if quota.max_holding_seconds < min_holding {
        return Err(ContractError::HoldingLimitTooShort {
            max_holding_seconds: quota.max_holding_seconds,
            min: min_holding,
        });
    }
    Ok(())
}

/// Refuses a price list's instance types unless there are at most [`MAX_INSTANCE_TYPES`],
/// each with a plain name (as organisation ids), a name no other type has, and vCPUs and
/// memory.
pub fn instance_types(types: &[InstanceType]) -> ContractResult<()> {
    if types.len() > MAX_INSTANCE_TYPES {
        return Err(ContractError::TooManyInstanceTypes {
            count: types.len(),
            max: MAX_INSTANCE_TYPES,
        });
    }
    for (i, t) in types.iter().enumerate() {
        if !is_plain_name(&t.name, MAX_INSTANCE_NAME_LEN) {
            return Err(ContractError::InvalidInstanceName {
                name: t.name.clone(),
                max: MAX_INSTANCE_NAME_LEN,
            });
        }
        if types[..i].iter().any(|earlier| earlier.name == t.name) {
            return Err(ContractError::DuplicateInstanceType {
                name: t.name.clone(),
            });
        }
        if t.resources.vcpus == 0 || t.resources.memory_mib == 0 {
            return Err(ContractError::EmptyInstanceType {
                name: t.name.clone(),
            });
        }
    }
    Ok(())
}

/// Refuses a host without vCPUs or memory, and a holding period below the shortest lease,
/// `min_holding`.
pub fn request(
    resources: &Resources,
    holding_seconds: u64,
    min_holding: u64,
) -> ContractResult<()> {
    if resources.vcpus == 0 || resources.memory_mib == 0 {
        return Err(ContractError::EmptyResources {});
    }
    if holding_seconds < min_holding {
        return Err(ContractError::HoldingTooShort {
            holding_seconds,
            min: min_holding,
        });
    }
    Ok(())
}

fn envelope(which: &str, bytes: &Binary) -> ContractResult<()> {
    if bytes.len() < MIN_ENVELOPE_LEN || bytes.len() > MAX_ENVELOPE_LEN {
        return Err(ContractError::EnvelopeLength {
            which: which.to_string(),
            len: bytes.len(),
            min: MIN_ENVELOPE_LEN,
            max: MAX_ENVELOPE_LEN,
        });
    }
    Ok(())
}

/// Refuses envelopes of impossible lengths and a commitment that is not 32 bytes. The
/// contract cannot open an envelope; that they are sealed to the right keys is for the two
/// parties to check.
pub fn terms(terms: &SealedTerms) -> ContractResult<()> {
    envelope("for_provider", &terms.for_provider)?;
    envelope("for_consumer", &terms.for_consumer)?;
    if terms.commitment.len() != 32 {
        return Err(ContractError::CommitmentLength {
            len: terms.commitment.len(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;

    /// The compressed public key of the secret key 1 (the generator point).
    const GENERATOR: &str = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    #[test]
    fn ids_and_texts() {
        assert_eq!(org_id("cnic-1.east_2"), Ok(()));
        for bad in ["", "has space", "ümlaut", &"x".repeat(33)] {
            assert_eq!(
                org_id(bad),
                Err(ContractError::InvalidOrgId {
                    id: bad.to_string(),
                    max: 32
                })
            );
        }
        assert_eq!(text("ok", "name"), Ok(()));
        assert_eq!(
            text("  ", "name"),
            Err(ContractError::EmptyText {
                field: "name".into()
            })
        );
        assert_eq!(
            text(&"y".repeat(257), "reason"),
            Err(ContractError::TextTooLong {
                field: "reason".into(),
                len: 257,
                max: 256
            })
        );
    }

    #[test]
    fn only_compressed_curve_points_are_keys() {
        let api = MockApi::default();
        let good = HexBinary::from_hex(GENERATOR).unwrap();
        assert_eq!(public_key(&api, &good, "agent key"), Ok(()));
        assert_eq!(
            public_key(&api, &HexBinary::from(vec![2u8; 32]), "agent key"),
            Err(ContractError::PublicKeyLength {
                what: "agent key".into(),
                len: 32
            })
        );
        let mut uncompressed = good.to_vec();
        uncompressed[0] = 0x04;
        assert_eq!(
            public_key(&api, &HexBinary::from(uncompressed), "k"),
            Err(ContractError::PublicKeyNotCompressed {
                what: "k".into(),
                prefix: 4
            })
        );
        // x = 5 has no point on secp256k1.
        let mut off_curve = vec![0u8; 33];
        off_curve[0] = 2;
        off_curve[32] = 5;
        assert_eq!(
            public_key(&api, &HexBinary::from(off_curve), "k"),
            Err(ContractError::PublicKeyNotOnCurve { what: "k".into() })
        );
    }

    fn flavor(name: &str, vcpus: u32, memory_mib: u64) -> InstanceType {
        InstanceType {
            name: name.to_string(),
            resources: Resources {
                vcpus,
                memory_mib,
                ..Resources::default()
            },
            per_hour: 10,
        }
    }

    #[test]
    fn instance_types_are_few_plainly_named_distinct_and_real_hosts() {
        assert_eq!(instance_types(&[]), Ok(()));
        let good = [flavor("m1.large", 4, 8192), flavor("gpu-a_1", 1, 1)];
        assert_eq!(instance_types(&good), Ok(()));
        let full: Vec<_> = (0..32).map(|i| flavor(&format!("t{i}"), 1, 1)).collect();
        assert_eq!(instance_types(&full), Ok(()));
        let over: Vec<_> = (0..33).map(|i| flavor(&format!("t{i}"), 1, 1)).collect();
        assert_eq!(
            instance_types(&over),
            Err(ContractError::TooManyInstanceTypes { count: 33, max: 32 })
        );
        for bad in ["", "m1 large", "m1/large", &"x".repeat(33)] {
            assert_eq!(
                instance_types(&[flavor(bad, 1, 1)]),
                Err(ContractError::InvalidInstanceName {
                    name: bad.to_string(),
                    max: 32
                })
            );
        }
        assert_eq!(
            instance_types(&[flavor("a", 1, 1), flavor("b", 1, 1), flavor("a", 2, 2)]),
            Err(ContractError::DuplicateInstanceType { name: "a".into() })
        );
        for (vcpus, memory) in [(0, 512), (1, 0)] {
            assert_eq!(
                instance_types(&[flavor("tiny", vcpus, memory)]),
                Err(ContractError::EmptyInstanceType {
                    name: "tiny".into()
                })
            );
        }
    }

    #[test]
    fn requests_and_terms() {
        let host = Resources {
            vcpus: 1,
            memory_mib: 512,
            ..Resources::default()
        };
        assert_eq!(request(&host, 3600, 3600), Ok(()));
        assert_eq!(
            request(&Resources { vcpus: 0, ..host }, 3600, 3600),
            Err(ContractError::EmptyResources {})
        );
        assert_eq!(
            request(&host, 3599, 3600),
            Err(ContractError::HoldingTooShort {
                holding_seconds: 3599,
                min: 3600
            })
        );
        // A contract instantiated with a shorter minimum takes the shorter lease.
        assert_eq!(request(&host, 60, 60), Ok(()));
        let sealed = SealedTerms {
            for_provider: Binary::from(vec![1u8; 80]),
            for_consumer: Binary::from(vec![1u8; 62]),
            commitment: HexBinary::from(vec![0u8; 32]),
        };
        assert_eq!(
            terms(&sealed),
            Err(ContractError::EnvelopeLength {
                which: "for_consumer".into(),
                len: 62,
                min: 63,
                max: 4096
            })
        );
        let sealed = SealedTerms {
            for_consumer: Binary::from(vec![1u8; 63]),
            commitment: HexBinary::from(vec![0u8; 31]),
            ..sealed
        };
        assert_eq!(
            terms(&sealed),
            Err(ContractError::CommitmentLength { len: 31 })
        );
    }
}
