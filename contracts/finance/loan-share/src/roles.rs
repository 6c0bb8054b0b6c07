//! Loan-share roles: kept by this contract (the registry knows nothing of token issuers or
//! lenders) and set by the registry's administrator with `SetRoles`. An address may hold
//! several roles; a lender commonly both contributes and participates.

use cosmwasm_std::{Addr, Deps, StdResult, Storage};
use ledger_contract_kit::registry::ensure_may_receive;
use ledger_types::loan_share::LoanShareRole;

use crate::ContractError;
use crate::ContractResult;
use crate::state::{CONFIG, ROLES};

/// An address's roles (empty when it has none).
pub fn roles_of(storage: &dyn Storage, address: &Addr) -> StdResult<Vec<LoanShareRole>> {
    Ok(ROLES.may_load(storage, address)?.unwrap_or_default())
}

/// Refuses `address` unless it holds `role`.
pub fn ensure_role(
    storage: &dyn Storage,
    address: &Addr,
    role: LoanShareRole,
) -> ContractResult<()> {
    if roles_of(storage, address)?.contains(&role) {
        Ok(())
    } else {
        Err(ContractError::MissingRole {
            address: address.clone(),
            role: role.as_str().to_string(),
        })
    }
}

/// Refuses `address` unless it holds `role` and the registry lets it act (neither blacklisted
/// nor suspended). Returns the registry's address, for further checks.
pub fn ensure_acting_role(deps: Deps, address: &Addr, role: LoanShareRole) -> ContractResult<Addr> {
    ensure_role(deps.storage, address, role)?;
    let admin = CONFIG.load(deps.storage)?.admin_contract;
    ensure_may_receive(&deps.querier, &admin, address)?;
    Ok(admin)
}

/// Refuses `address` unless it is a contributor or a participant.
pub fn ensure_lender(storage: &dyn Storage, address: &Addr) -> ContractResult<()> {
    if roles_of(storage, address)?
        .iter()
        .any(LoanShareRole::is_lender)
    {
        Ok(())
    } else {
        Err(ContractError::NotALender {
            address: address.clone(),
        })
    }
}

/// Refuses `address` unless it holds some loan-share role.
pub fn ensure_member(storage: &dyn Storage, address: &Addr) -> ContractResult<()> {
    if ROLES.has(storage, address) {
        Ok(())
    } else {
        Err(ContractError::NotAMember {
            address: address.clone(),
        })
    }
}

/// Roles as stored: sorted, without repeats.
pub fn normalize(mut roles: Vec<LoanShareRole>) -> Vec<LoanShareRole> {
    roles.sort_unstable();
    roles.dedup();
    roles
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::mock_dependencies;

    #[test]
    fn roles_are_checked_one_by_one() {
        let deps = mock_dependencies();
        let (api, mut storage) = (deps.api, deps.storage);
        let (lender, issuer, nobody) = (
            api.addr_make("lender"),
            api.addr_make("issuer"),
            api.addr_make("nobody"),
        );
        let roles = normalize(vec![
            LoanShareRole::Participant,
            LoanShareRole::Contributor,
            LoanShareRole::Participant,
        ]);
        assert_eq!(
            roles,
            vec![LoanShareRole::Contributor, LoanShareRole::Participant]
        );
        ROLES.save(&mut storage, &lender, &roles).unwrap();
        ROLES
            .save(&mut storage, &issuer, &vec![LoanShareRole::TokenIssuer])
            .unwrap();

        assert_eq!(
            ensure_role(&storage, &lender, LoanShareRole::Contributor),
            Ok(())
        );
        assert_eq!(
            ensure_role(&storage, &lender, LoanShareRole::TokenIssuer),
            Err(ContractError::MissingRole {
                address: lender.clone(),
                role: "token_issuer".into()
            })
        );
        assert_eq!(ensure_lender(&storage, &lender), Ok(()));
        assert_eq!(
            ensure_lender(&storage, &issuer),
            Err(ContractError::NotALender {
                address: issuer.clone()
            })
        );
        assert_eq!(ensure_member(&storage, &issuer), Ok(()));
        assert_eq!(
            ensure_member(&storage, &nobody),
            Err(ContractError::NotAMember {
                address: nobody.clone()
            })
        );
        assert!(roles_of(&storage, &nobody).unwrap().is_empty());
    }
}
