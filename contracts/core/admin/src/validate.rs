//! Checks of user input that do not depend on storage.

use cosmwasm_std::Binary;
use ledger_types::admin::Role;
use ledger_types::billing::MeterSettings;
use ledger_types::reading::MAX_METER_ID_LEN;

use crate::ContractError;
use crate::ContractResult;

/// Longest participant name.
pub const MAX_NAME_LEN: usize = 128;
/// Longest blacklisting reason.
pub const MAX_REASON_LEN: usize = 256;
/// Length of a compressed secp256k1 public key.
pub const PUBKEY_LEN: usize = 33;

/// Meter settings must be computable (see [`MeterSettings::validate`]).
pub fn meter_settings(settings: &MeterSettings) -> ContractResult<()> {
    settings
        .validate()
        .map_err(|problem| ContractError::InvalidMeterSettings {
            reason: problem.to_string(),
        })
}

/// A meter code id names a stored code; code ids start at 1.
pub fn code_id(code_id: u64) -> ContractResult<()> {
    if code_id == 0 {
        return Err(ContractError::InvalidCodeId {});
    }
    Ok(())
}

/// Free text of 1 to `max` characters, not only blanks; otherwise its length in characters.
fn ensure_text(text: &str, max: usize) -> Result<(), usize> {
    let len = text.chars().count();
    if len == 0 || len > max || text.trim().is_empty() {
        return Err(len);
    }
    Ok(())
}

/// A participant's name: 1 to [`MAX_NAME_LEN`] characters.
pub fn name(name: &str) -> ContractResult<()> {
    ensure_text(name, MAX_NAME_LEN).map_err(|len| ContractError::InvalidName {
        len,
        max: MAX_NAME_LEN,
    })
}

/// Roles given to a participant: at least one, none twice, never [`Role::Admin`].
pub fn roles(roles: &[Role]) -> ContractResult<()> {
    if roles.is_empty() {
        return Err(ContractError::NoRoles {});
    }
    for (i, role) in roles.iter().enumerate() {
        if *role == Role::Admin {
            return Err(ContractError::AdminRoleNotGrantable {});
        }
        if roles[..i].contains(role) {
            return Err(ContractError::DuplicateRole {
                role: role.as_str().to_string(),
            });
        }
    }
    Ok(())
}

/// A blacklisting reason: 1 to [`MAX_REASON_LEN`] characters, not only blanks.
pub fn reason(reason: &str) -> ContractResult<()> {
    ensure_text(reason, MAX_REASON_LEN).map_err(|len| ContractError::InvalidReason {
        len,
        max: MAX_REASON_LEN,
    })
}

/// A meter id: 1 to [`MAX_METER_ID_LEN`] characters out of `A-Z a-z 0-9 . _ -`.
pub fn meter_id(meter_id: &str) -> ContractResult<()> {
    let invalid = |reason: String| ContractError::InvalidMeterId {
        meter_id: meter_id.to_string(),
        reason,
    };
    if meter_id.is_empty() {
        return Err(invalid("it is empty".to_string()));
    }
    if meter_id.len() > MAX_METER_ID_LEN {
        return Err(invalid(format!(
            "it is longer than {MAX_METER_ID_LEN} characters"
        )));
    }
    if let Some(c) = meter_id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(invalid(format!(
            "{c:?} is not allowed; use letters, digits, '.', '_' and '-'"
        )));
    }
    Ok(())
}

/// A meter's public key: 33 bytes, compressed secp256k1 (first byte 0x02 or 0x03).
pub fn pubkey(pubkey: &Binary) -> ContractResult<()> {
    if pubkey.len() != PUBKEY_LEN {
        return Err(ContractError::InvalidPubkey {
            reason: format!("it has {} bytes", pubkey.len()),
        });
    }
    match pubkey.first() {
        Some(0x02 | 0x03) => {}
        Some(other) => {
            return Err(ContractError::InvalidPubkey {
                reason: format!("it starts with {other:#04x}"),
            });
        }
        None => {
            return Err(ContractError::InvalidPubkey {
                reason: "it is empty".to_string(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meter_ids() {
        assert_eq!(meter_id("MTR-001_a.b"), Ok(()));
        assert!(matches!(
            meter_id(""),
            Err(ContractError::InvalidMeterId { .. })
        ));
        assert!(matches!(
            meter_id(&"a".repeat(MAX_METER_ID_LEN + 1)),
            Err(ContractError::InvalidMeterId { .. })
        ));
        assert_eq!(meter_id(&"a".repeat(MAX_METER_ID_LEN)), Ok(()));
        let err = meter_id("m/1").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid meter id \"m/1\": '/' is not allowed; use letters, digits, '.', '_' and '-'"
        );
        assert!(meter_id("mètre").is_err());
    }

    #[test]
    fn pubkeys() {
        let mut key = vec![0x02u8; 33];
        assert_eq!(pubkey(&Binary::from(key.clone())), Ok(()));
        key[0] = 0x03;
        assert_eq!(pubkey(&Binary::from(key.clone())), Ok(()));
        key[0] = 0x04;
        assert_eq!(
            pubkey(&Binary::from(key.clone())).unwrap_err().to_string(),
            "the meter's public key must be a 33-byte compressed secp256k1 key starting with 0x02 or 0x03: it starts with 0x04"
        );
        assert_eq!(
            pubkey(&Binary::from(vec![0x02u8; 65])),
            Err(ContractError::InvalidPubkey {
                reason: "it has 65 bytes".to_string()
            })
        );
        assert!(pubkey(&Binary::default()).is_err());
    }

    #[test]
    fn names_roles_and_reasons() {
        assert_eq!(name("Acme Energy"), Ok(()));
        assert_eq!(
            name(""),
            Err(ContractError::InvalidName { len: 0, max: 128 })
        );
        assert_eq!(
            name("   "),
            Err(ContractError::InvalidName { len: 3, max: 128 })
        );
        assert_eq!(name(&"n".repeat(128)), Ok(()));
        assert_eq!(
            name(&"n".repeat(129)),
            Err(ContractError::InvalidName { len: 129, max: 128 })
        );
        assert_eq!(roles(&[Role::Consumer, Role::Auditor]), Ok(()));
        assert_eq!(roles(&[]), Err(ContractError::NoRoles {}));
        assert_eq!(
            roles(&[Role::Consumer, Role::Admin]),
            Err(ContractError::AdminRoleNotGrantable {})
        );
        assert_eq!(
            roles(&[Role::Consumer, Role::Retailer, Role::Consumer]),
            Err(ContractError::DuplicateRole {
                role: "consumer".to_string()
            })
        );
        assert_eq!(reason("fraud"), Ok(()));
        assert_eq!(
            reason(""),
            Err(ContractError::InvalidReason { len: 0, max: 256 })
        );
        assert!(reason(&"r".repeat(257)).is_err());
        assert_eq!(code_id(0), Err(ContractError::InvalidCodeId {}));
        assert_eq!(code_id(1), Ok(()));
    }
}
