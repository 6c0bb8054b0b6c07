//! Instantiation: the registry, and the consortium token the contract instantiates and mints.
//!
//! The token is an instance of the settlement-token code (cw20 with every transfer, send, burn
//! and mint checked against the registry, see `ledger_types::token`) made by submessage with
//! this contract as its only minter (and its wasm admin) and this contract's registry as its
//! own; the reply stores its address. Owning the minter role here, rather than
//! leaving it with the issuer's wallet, is what ties every mint to a recorded payment reference
//! and every burn to a recorded payout.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Reply, Response};
use cw_utils::nonpayable;
use ledger_contract_kit::issuance::{Token, record_issued_token};
use ledger_types::loan_share::{InstantiateMsg, TotalsResponse};

use crate::ContractResult;
use crate::state::{CONFIG, Config, TOKEN, TOTALS};
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

/// Reply id of the consortium token's instantiation.
pub const TOKEN_REPLY_ID: u64 = 1;

pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> ContractResult {
    nonpayable(&info)?;
    let admin_contract = deps.api.addr_validate(&msg.admin_contract)?;
    let token = Token {
        code_id: msg.token_code_id,
        name: msg.token_name,
        symbol: msg.token_symbol,
        decimals: msg.token_decimals,
    };
    token.validate()?;

    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(
        deps.storage,
        &Config {
            admin_contract: admin_contract.clone(),
        },
    )?;
    TOTALS.save(deps.storage, &TotalsResponse::default())?;

    let instantiate_token = token.instantiate(
        &env.contract.address,
        &admin_contract,
        "consortium token",
        TOKEN_REPLY_ID,
    )?;
    Ok(Response::new()
        .add_submessage(instantiate_token)
        .add_attribute("action", "instantiate")
        .add_attribute("admin_contract", admin_contract)
        .add_attribute("token_code_id", msg.token_code_id.to_string()))
}

/// Stores the consortium token's address from its instantiation reply.
pub fn reply(deps: DepsMut, _env: Env, msg: Reply) -> ContractResult {
    Ok(record_issued_token(deps, msg, TOKEN_REPLY_ID, &TOKEN)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContractError;
    use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
    use cosmwasm_std::{
        Binary, CosmosMsg, Event, MsgResponse, SubMsgResponse, SubMsgResult, WasmMsg, coins,
    };
    use cw_utils::PaymentError;
    use ledger_types::token::InstantiateMsg as TokenInstantiateMsg;

    fn msg(admin: &str) -> InstantiateMsg {
        InstantiateMsg {
            admin_contract: admin.to_string(),
            token_code_id: 7,
            token_name: "Consortium Yuan".into(),
            token_symbol: "CSY".into(),
            token_decimals: 2,
        }
    }

    #[test]
    fn instantiate_makes_the_token_with_the_contract_as_minter() {
        let mut deps = mock_dependencies();
        let env = mock_env();
        let (admin, creator) = (deps.api.addr_make("admin"), deps.api.addr_make("creator"));
        let res = instantiate(
            deps.as_mut(),
            env.clone(),
            message_info(&creator, &[]),
            msg(admin.as_str()),
        )
        .unwrap();
        assert_eq!(res.attributes[0].value, "instantiate");
        assert_eq!(res.messages.len(), 1);
        assert_eq!(res.messages[0].id, TOKEN_REPLY_ID);
        let CosmosMsg::Wasm(WasmMsg::Instantiate {
            admin: wasm_admin,
            code_id,
            msg: token_msg,
            ..
        }) = &res.messages[0].msg
        else {
            panic!("expected a token instantiation: {:?}", res.messages[0]);
        };
        assert_eq!(*code_id, 7);
        assert_eq!(wasm_admin.as_deref(), Some(env.contract.address.as_str()));
        let token_msg: TokenInstantiateMsg = cosmwasm_std::from_json(token_msg).unwrap();
        assert_eq!(token_msg.registry, admin.to_string());
        assert_eq!(
            token_msg.mint.unwrap().minter,
            env.contract.address.to_string()
        );
        assert!(token_msg.initial_balances.is_empty());
        assert_eq!(CONFIG.load(&deps.storage).unwrap().admin_contract, admin);
        assert_eq!(
            TOTALS.load(&deps.storage).unwrap(),
            TotalsResponse::default()
        );
        assert!(TOKEN.may_load(&deps.storage).unwrap().is_none());
    }

    #[test]
    fn instantiate_refuses_bad_settings() {
        let mut deps = mock_dependencies();
        let (admin, creator) = (deps.api.addr_make("admin"), deps.api.addr_make("creator"));
        let info = message_info(&creator, &[]);
        let cases: Vec<(InstantiateMsg, ContractError)> = vec![
            (
                InstantiateMsg {
                    token_code_id: 0,
                    ..msg(admin.as_str())
                },
                ContractError::InvalidTokenCodeId {},
            ),
            (
                InstantiateMsg {
                    token_name: "CY".into(),
                    ..msg(admin.as_str())
                },
                ContractError::InvalidTokenName { name: "CY".into() },
            ),
            (
                InstantiateMsg {
                    token_symbol: "CS1".into(),
                    ..msg(admin.as_str())
                },
                ContractError::InvalidTokenSymbol {
                    symbol: "CS1".into(),
                },
            ),
            (
                InstantiateMsg {
                    token_decimals: 19,
                    ..msg(admin.as_str())
                },
                ContractError::InvalidTokenDecimals { decimals: 19 },
            ),
        ];
        for (bad, expected) in cases {
            assert_eq!(
                instantiate(deps.as_mut(), mock_env(), info.clone(), bad),
                Err(expected)
            );
        }
        assert!(matches!(
            instantiate(deps.as_mut(), mock_env(), info, msg("Not An Address")),
            Err(ContractError::Std(_))
        ));
        assert_eq!(
            instantiate(
                deps.as_mut(),
                mock_env(),
                message_info(&creator, &coins(1, "ustake")),
                msg(admin.as_str())
            ),
            Err(ContractError::Payment(PaymentError::NonPayable {}))
        );
        assert!(CONFIG.may_load(&deps.storage).unwrap().is_none());
    }

    /// `MsgInstantiateContractResponse { address, data }` as protobuf.
    fn instantiate_response(address: &str) -> Binary {
        let mut out = vec![0x0a, address.len() as u8];
        out.extend_from_slice(address.as_bytes());
        Binary::from(out)
    }

    #[allow(deprecated)]
    fn reply_with(id: u64, response: SubMsgResponse) -> Reply {
        Reply {
            id,
            payload: Binary::default(),
            gas_used: 0,
            result: SubMsgResult::Ok(response),
        }
    }

    #[test]
    #[allow(deprecated)]
    fn the_reply_stores_the_token_from_any_form_of_the_response() {
        let mut deps = mock_dependencies();
        let token = deps.api.addr_make("token");
        let from_msg_responses = SubMsgResponse {
            events: vec![],
            data: None,
            msg_responses: vec![MsgResponse {
                type_url: "/cosmwasm.wasm.v1.MsgInstantiateContractResponse".into(),
                value: instantiate_response(token.as_str()),
            }],
        };
        let from_data = SubMsgResponse {
            events: vec![],
            data: Some(instantiate_response(token.as_str())),
            msg_responses: vec![],
        };
        let from_event = SubMsgResponse {
            events: vec![
                Event::new("instantiate").add_attribute("_contract_address", token.as_str()),
            ],
            data: None,
            msg_responses: vec![],
        };
        for response in [from_msg_responses, from_data, from_event] {
            TOKEN.remove(&mut deps.storage);
            let res = reply(
                deps.as_mut(),
                mock_env(),
                reply_with(TOKEN_REPLY_ID, response),
            )
            .unwrap();
            assert_eq!(res.attributes[1].value, token.as_str());
            assert_eq!(TOKEN.load(&deps.storage).unwrap(), token);
        }

        let empty = SubMsgResponse {
            events: vec![],
            data: None,
            msg_responses: vec![],
        };
        assert_eq!(
            reply(
                deps.as_mut(),
                mock_env(),
                reply_with(TOKEN_REPLY_ID, empty.clone())
            ),
            Err(ContractError::MissingTokenAddress {})
        );
        assert_eq!(
            reply(deps.as_mut(), mock_env(), reply_with(9, empty)),
            Err(ContractError::UnknownReplyId { id: 9 })
        );
        let failed = Reply {
            id: TOKEN_REPLY_ID,
            payload: Binary::default(),
            gas_used: 0,
            result: SubMsgResult::Err("out of gas".into()),
        };
        assert_eq!(
            reply(deps.as_mut(), mock_env(), failed),
            Err(ContractError::TokenInstantiationFailed {
                reason: "out of gas".into()
            })
        );
    }
}
