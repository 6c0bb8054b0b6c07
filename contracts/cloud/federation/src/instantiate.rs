//! Instantiation: the registry to ask and the settlement token to accept.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::cloud::{EscrowTotals, InstantiateMsg};

use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION, Config, ESCROW, LAST_LEASE_ID};
use crate::{ContractResult, validate};

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult {
    nonpayable(&info)?;
    let admin_contract = deps.api.addr_validate(&msg.admin_contract)?;
    let token = deps.api.addr_validate(&msg.token)?;
    let minimums = msg.minimums.unwrap_or_default();
    validate::minimums(&minimums)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(
        deps.storage,
        &Config {
            admin_contract: admin_contract.clone(),
            token: token.clone(),
            minimums: minimums.clone(),
        },
    )?;
    ESCROW.save(deps.storage, &EscrowTotals::default())?;
    LAST_LEASE_ID.save(deps.storage, &0)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin_contract", admin_contract)
        .add_attribute("token", token)
        .add_attribute("min_holding_seconds", minimums.holding_seconds.to_string())
        .add_attribute("min_prepaid_seconds", minimums.prepaid_seconds.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContractError;
    use cosmwasm_std::coins;
    use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
    use cw_utils::PaymentError;
    use ledger_types::cloud::Minimums;

    #[test]
    fn instantiate_records_the_registry_and_the_token() {
        let mut deps = mock_dependencies();
        let (registry, token, creator) = (
            deps.api.addr_make("registry"),
            deps.api.addr_make("token"),
            deps.api.addr_make("creator"),
        );
        let msg = InstantiateMsg {
            admin_contract: registry.to_string(),
            token: token.to_string(),
            minimums: None,
        };
        assert_eq!(
            instantiate(
                deps.as_mut(),
                mock_env(),
                message_info(&creator, &coins(1, "ustake")),
                msg.clone()
            ),
            Err(ContractError::Payment(PaymentError::NonPayable {}))
        );
        let bad = InstantiateMsg {
            token: "Not An Address".into(),
            ..msg.clone()
        };
        assert!(matches!(
            instantiate(deps.as_mut(), mock_env(), message_info(&creator, &[]), bad),
            Err(ContractError::Std(_))
        ));
        assert!(CONFIG.may_load(&deps.storage).unwrap().is_none());

        let res = instantiate(deps.as_mut(), mock_env(), message_info(&creator, &[]), msg).unwrap();
        assert_eq!(res.attributes[0].value, "instantiate");
        let config = CONFIG.load(&deps.storage).unwrap();
        assert_eq!((config.admin_contract, config.token), (registry, token));
        assert_eq!(config.minimums, Minimums::default());
        assert_eq!(ESCROW.load(&deps.storage).unwrap(), EscrowTotals::default());
        assert_eq!(
            cw2::get_contract_version(&deps.storage).unwrap().contract,
            CONTRACT_NAME
        );
    }

    #[test]
    fn minimums_are_taken_within_their_range_and_refused_outside_it() {
        let mut deps = mock_dependencies();
        let (registry, token, creator) = (
            deps.api.addr_make("registry"),
            deps.api.addr_make("token"),
            deps.api.addr_make("creator"),
        );
        let with = |holding_seconds, prepaid_seconds| InstantiateMsg {
            admin_contract: registry.to_string(),
            token: token.to_string(),
            minimums: Some(Minimums {
                holding_seconds,
                prepaid_seconds,
            }),
        };
        let info = message_info(&creator, &[]);
        assert_eq!(
            instantiate(deps.as_mut(), mock_env(), info.clone(), with(9, 60)),
            Err(ContractError::InvalidMinimum {
                what: "holding period".into(),
                seconds: 9,
                lowest: 10,
                highest: 30 * 86_400,
            })
        );
        assert_eq!(
            instantiate(
                deps.as_mut(),
                mock_env(),
                info.clone(),
                with(60, 30 * 86_400 + 1)
            ),
            Err(ContractError::InvalidMinimum {
                what: "prepaid time".into(),
                seconds: 30 * 86_400 + 1,
                lowest: 10,
                highest: 30 * 86_400,
            })
        );
        assert!(CONFIG.may_load(&deps.storage).unwrap().is_none());

        let res = instantiate(deps.as_mut(), mock_env(), info, with(60, 10)).unwrap();
        assert!(
            res.attributes
                .iter()
                .any(|a| a.key == "min_prepaid_seconds" && a.value == "10")
        );
        assert_eq!(
            CONFIG.load(&deps.storage).unwrap().minimums,
            Minimums {
                holding_seconds: 60,
                prepaid_seconds: 10
            }
        );
    }

    #[test]
    fn a_configuration_stored_without_minimums_reads_as_the_defaults() {
        let stored = br#"{"admin_contract":"registry","token":"token"}"#;
        let config: Config = cosmwasm_std::from_json(stored).unwrap();
        assert_eq!(config.minimums, Minimums::default());
    }
}
