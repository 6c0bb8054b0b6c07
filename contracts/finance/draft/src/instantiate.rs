//! Instantiation: the registry, the fund token and the approval rules.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use cw20::{Cw20QueryMsg, TokenInfoResponse};
use ledger_types::draft::{InstantiateMsg, TotalsResponse};

use crate::state::{CONFIG, Config, TOTALS};
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::validate;
use crate::{ContractError, ContractResult};

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult {
    nonpayable(&info)?;
    let admin_contract = deps.api.addr_validate(&msg.admin_contract)?;
    let fund_token = deps.api.addr_validate(&msg.fund_token)?;
    validate::approval_levels(&msg.approval_levels)?;
    validate::veto_window(msg.veto_window_seconds)?;
    // A fund token that does not answer as a cw20 would make every draft unissuable.
    let _: TokenInfoResponse = deps
        .querier
        .query_wasm_smart(&fund_token, &Cw20QueryMsg::TokenInfo {})
        .map_err(|_| ContractError::NotAFundToken {
            address: fund_token.to_string(),
        })?;

    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(
        deps.storage,
        &Config {
            admin_contract: admin_contract.clone(),
            fund_token: fund_token.clone(),
            approval_levels: msg.approval_levels.clone(),
            veto_window_seconds: msg.veto_window_seconds,
        },
    )?;
    TOTALS.save(deps.storage, &TotalsResponse::default())?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin_contract", admin_contract)
        .add_attribute("fund_token", fund_token)
        .add_attribute("approval_levels", msg.approval_levels.len().to_string())
        .add_attribute("veto_window_seconds", msg.veto_window_seconds.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
    use cosmwasm_std::{
        ContractResult, SystemResult, Uint128, WasmQuery, coins, from_json, to_json_binary,
    };
    use cw_utils::PaymentError;

    use crate::state::CONFIG;

    fn msg(admin: &str, token: &str) -> InstantiateMsg {
        InstantiateMsg {
            admin_contract: admin.to_string(),
            fund_token: token.to_string(),
            approval_levels: vec!["county finance".into(), "provincial office".into()],
            veto_window_seconds: 3_600,
        }
    }

    /// Mocked dependencies in which only `token` answers as a cw20.
    fn deps_with_token(
        token: &str,
    ) -> cosmwasm_std::OwnedDeps<
        cosmwasm_std::MemoryStorage,
        cosmwasm_std::testing::MockApi,
        cosmwasm_std::testing::MockQuerier,
    > {
        let mut deps = mock_dependencies();
        let token = token.to_string();
        deps.querier.update_wasm(move |query| match query {
            WasmQuery::Smart { contract_addr, msg } if *contract_addr == token => {
                match from_json::<Cw20QueryMsg>(msg) {
                    Ok(Cw20QueryMsg::TokenInfo {}) => SystemResult::Ok(ContractResult::Ok(
                        to_json_binary(&TokenInfoResponse {
                            name: "Relief Yuan".into(),
                            symbol: "RCNY".into(),
                            decimals: 2,
                            total_supply: Uint128::zero(),
                        })
                        .unwrap(),
                    )),
                    _ => SystemResult::Ok(ContractResult::Err("unsupported".into())),
                }
            }
            _ => SystemResult::Ok(ContractResult::Err("no such contract".into())),
        });
        deps
    }

    #[test]
    fn instantiate_stores_the_wiring_and_empty_totals() {
        let api = cosmwasm_std::testing::MockApi::default();
        let (admin, token, creator) = (
            api.addr_make("admin"),
            api.addr_make("token"),
            api.addr_make("creator"),
        );
        let mut deps = deps_with_token(token.as_str());
        let res = instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&creator, &[]),
            msg(admin.as_str(), token.as_str()),
        )
        .unwrap();
        assert_eq!(res.attributes[0].value, "instantiate");
        let config = CONFIG.load(&deps.storage).unwrap();
        assert_eq!(config.fund_token, token);
        assert_eq!(config.approval_levels.len(), 2);
        assert_eq!(
            TOTALS.load(&deps.storage).unwrap(),
            TotalsResponse::default()
        );
        assert_eq!(
            cw2::get_contract_version(&deps.storage).unwrap().contract,
            CONTRACT_NAME
        );
    }

    #[test]
    fn instantiate_refuses_bad_settings() {
        let api = cosmwasm_std::testing::MockApi::default();
        let (admin, token, creator, other) = (
            api.addr_make("admin"),
            api.addr_make("token"),
            api.addr_make("creator"),
            api.addr_make("not-a-token"),
        );
        let mut deps = deps_with_token(token.as_str());
        let info = message_info(&creator, &[]);
        assert_eq!(
            instantiate(
                deps.as_mut(),
                mock_env(),
                info.clone(),
                msg(admin.as_str(), other.as_str())
            ),
            Err(ContractError::NotAFundToken {
                address: other.to_string()
            })
        );
        let mut no_levels = msg(admin.as_str(), token.as_str());
        no_levels.approval_levels.clear();
        assert_eq!(
            instantiate(deps.as_mut(), mock_env(), info.clone(), no_levels),
            Err(ContractError::InvalidApprovalLevels { count: 0, max: 5 })
        );
        let mut no_window = msg(admin.as_str(), token.as_str());
        no_window.veto_window_seconds = 0;
        assert_eq!(
            instantiate(deps.as_mut(), mock_env(), info.clone(), no_window),
            Err(ContractError::InvalidVetoWindow {
                seconds: 0,
                max: ledger_types::draft::MAX_VETO_WINDOW
            })
        );
        assert!(matches!(
            instantiate(
                deps.as_mut(),
                mock_env(),
                info,
                msg("Not An Address", token.as_str())
            ),
            Err(ContractError::Std(_))
        ));
        assert_eq!(
            instantiate(
                deps.as_mut(),
                mock_env(),
                message_info(&creator, &coins(5, "ustake")),
                msg(admin.as_str(), token.as_str())
            ),
            Err(ContractError::Payment(PaymentError::NonPayable {}))
        );
        assert!(CONFIG.may_load(&deps.storage).unwrap().is_none());
    }
}
