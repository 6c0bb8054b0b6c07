//! Draft roles: kept by this contract (the registry knows nothing of issuers, approval levels
//! or holders) and set by the registry's administrator with `SetRoles`. An address may hold
//! several roles, for example approver at two levels.

use cosmwasm_std::{Addr, StdResult, Storage};
use ledger_types::draft::DraftRole;

use crate::ContractError;
use crate::ContractResult;
use crate::state::ROLES;

/// An address's roles (empty when it has none).
pub fn roles_of(storage: &dyn Storage, address: &Addr) -> StdResult<Vec<DraftRole>> {
    Ok(ROLES.may_load(storage, address)?.unwrap_or_default())
}

pub fn holds(storage: &dyn Storage, address: &Addr, role: DraftRole) -> StdResult<bool> {
    Ok(roles_of(storage, address)?.contains(&role))
}

/// Refuses `address` unless it holds `role`.
pub fn ensure_role(storage: &dyn Storage, address: &Addr, role: DraftRole) -> ContractResult<()> {
    if holds(storage, address, role)? {
        Ok(())
    } else {
        Err(ContractError::MissingRole {
            address: address.clone(),
            role: role.name(),
        })
    }
}

/// The approval levels `address` may act at, lowest first; refused when there are none.
pub fn ensure_approver(storage: &dyn Storage, address: &Addr) -> ContractResult<Vec<u8>> {
    let levels = approver_levels(&roles_of(storage, address)?);
    if levels.is_empty() {
        return Err(ContractError::NotApprover {
            sender: address.clone(),
        });
    }
    Ok(levels)
}

/// The approval levels among `roles`, lowest first.
pub fn approver_levels(roles: &[DraftRole]) -> Vec<u8> {
    let mut levels: Vec<u8> = roles
        .iter()
        .filter_map(|role| match role {
            DraftRole::Approver { level } => Some(*level),
            _ => None,
        })
        .collect();
    levels.sort_unstable();
    levels.dedup();
    levels
}

/// Roles as stored: every approver level must exist; duplicates are dropped; sorted.
pub fn normalize(mut roles: Vec<DraftRole>, levels: usize) -> ContractResult<Vec<DraftRole>> {
    for role in &roles {
        if let DraftRole::Approver { level } = role {
            if usize::from(*level) >= levels {
                return Err(ContractError::UnknownApprovalLevel {
                    level: *level,
                    levels,
                });
            }
        }
    }
    roles.sort_unstable();
    roles.dedup();
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_sorted_deduplicated_and_levels_checked() {
        let roles = vec![
            DraftRole::Holder,
            DraftRole::Approver { level: 1 },
            DraftRole::Holder,
            DraftRole::Approver { level: 0 },
        ];
        assert_eq!(
            normalize(roles.clone(), 2).unwrap(),
            vec![
                DraftRole::Approver { level: 0 },
                DraftRole::Approver { level: 1 },
                DraftRole::Holder
            ]
        );
        assert_eq!(
            normalize(roles.clone(), 1),
            Err(ContractError::UnknownApprovalLevel {
                level: 1,
                levels: 1
            })
        );
        assert_eq!(approver_levels(&roles), vec![0, 1]);
        assert!(approver_levels(&[DraftRole::Issuer]).is_empty());
    }
}
