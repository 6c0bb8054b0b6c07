//! Membership: the registry's administrator sets roles; lenders register encryption keys.

use cosmwasm_std::{
    DepsMut, Env, HexBinary, MessageInfo, OverflowError, OverflowOperation, Response,
};
use cw_utils::nonpayable;
use ledger_types::loan_share::{KeyInfo, LoanShareRole};

use crate::ContractResult;
use crate::keys::validate_public_key;
use crate::registry::ensure_registry_admin;
use crate::roles::{ensure_lender, normalize};
use crate::state::{CONFIG, KEYS, ROLES};

/// Registry administrator: replaces an address's loan-share roles; an empty list removes them.
pub fn set_roles(
    deps: DepsMut,
    info: MessageInfo,
    address: String,
    roles: Vec<LoanShareRole>,
) -> ContractResult {
    nonpayable(&info)?;
    let config = CONFIG.load(deps.storage)?;
    ensure_registry_admin(&deps.querier, &config.admin_contract, &info.sender)?;
    let address = deps.api.addr_validate(&address)?;
    let roles = normalize(roles);

    if roles.is_empty() {
        ROLES.remove(deps.storage, &address);
    } else {
        ROLES.save(deps.storage, &address, &roles)?;
    }
    let names: Vec<&str> = roles.iter().map(LoanShareRole::as_str).collect();
    Ok(Response::new()
        .add_attribute("action", "set_roles")
        .add_attribute("address", address)
        .add_attribute("roles", names.join(",")))
}

/// Lender: registers or replaces its encryption key.
pub fn register_key(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    public_key: HexBinary,
) -> ContractResult {
    nonpayable(&info)?;
    ensure_lender(deps.storage, &info.sender)?;
    validate_public_key(deps.api, &public_key)?;

    let version = match KEYS.may_load(deps.storage, &info.sender)? {
        Some(previous) => previous
            .version
            .checked_add(1)
            .ok_or(OverflowError::new(OverflowOperation::Add))?,
        None => 1,
    };
    KEYS.save(
        deps.storage,
        &info.sender,
        &KeyInfo {
            address: info.sender.clone(),
            public_key: public_key.clone(),
            version,
            registered_at: env.block.time.seconds(),
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "register_key")
        .add_attribute("lender", info.sender)
        .add_attribute("public_key", public_key.to_hex())
        .add_attribute("key_version", version.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContractError;
    use crate::testing::{KEY_ONE, KEY_TWO, setup};
    use cosmwasm_std::coins;
    use cosmwasm_std::testing::{message_info, mock_env};
    use cw_utils::PaymentError;

    #[test]
    fn only_the_registry_administrator_sets_roles() {
        let (mut deps, a) = setup();
        let res = set_roles(
            deps.as_mut(),
            message_info(&a.administrator, &[]),
            a.stranger.to_string(),
            vec![LoanShareRole::Participant, LoanShareRole::Contributor],
        )
        .unwrap();
        assert_eq!(res.attributes[2].value, "contributor,participant");
        assert_eq!(
            ROLES.load(&deps.storage, &a.stranger).unwrap(),
            vec![LoanShareRole::Contributor, LoanShareRole::Participant]
        );
        set_roles(
            deps.as_mut(),
            message_info(&a.administrator, &[]),
            a.stranger.to_string(),
            vec![],
        )
        .unwrap();
        assert!(!ROLES.has(&deps.storage, &a.stranger));

        assert_eq!(
            set_roles(
                deps.as_mut(),
                message_info(&a.issuer, &[]),
                a.stranger.to_string(),
                vec![LoanShareRole::TokenIssuer],
            ),
            Err(ContractError::NotRegistryAdmin {
                sender: a.issuer.clone()
            })
        );
        assert_eq!(
            set_roles(
                deps.as_mut(),
                message_info(&a.administrator, &coins(1, "ustake")),
                a.stranger.to_string(),
                vec![],
            ),
            Err(ContractError::Payment(PaymentError::NonPayable {}))
        );
    }

    #[test]
    fn lenders_register_and_replace_their_keys() {
        let (mut deps, a) = setup();
        let one = HexBinary::from_hex(KEY_ONE).unwrap();
        let two = HexBinary::from_hex(KEY_TWO).unwrap();
        let res = register_key(
            deps.as_mut(),
            mock_env(),
            message_info(&a.participant, &[]),
            one.clone(),
        )
        .unwrap();
        assert_eq!(res.attributes[3].value, "2");
        let key = KEYS.load(&deps.storage, &a.participant).unwrap();
        assert_eq!((key.public_key, key.version), (one, 2));
        register_key(
            deps.as_mut(),
            mock_env(),
            message_info(&a.participant, &[]),
            two.clone(),
        )
        .unwrap();
        assert_eq!(KEYS.load(&deps.storage, &a.participant).unwrap().version, 3);

        assert_eq!(
            register_key(
                deps.as_mut(),
                mock_env(),
                message_info(&a.provider, &[]),
                two.clone()
            ),
            Err(ContractError::NotALender {
                address: a.provider.clone()
            })
        );
        assert_eq!(
            register_key(
                deps.as_mut(),
                mock_env(),
                message_info(&a.contributor, &[]),
                HexBinary::from(vec![2u8; 20])
            ),
            Err(ContractError::PublicKeyLength { len: 20 })
        );
        assert_eq!(KEYS.load(&deps.storage, &a.contributor).unwrap().version, 1);
    }
}
