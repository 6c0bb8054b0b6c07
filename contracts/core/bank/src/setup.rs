//! Instantiation: the bank's wiring, and the settlement token it instantiates and mints.

use cosmwasm_std::{
    DepsMut, Env, MessageInfo, Reply, Response, SubMsg, SubMsgResponse, Uint128, WasmMsg,
    to_json_binary,
};
use cw_utils::{nonpayable, parse_instantiate_response_data};
use cw20::MinterResponse;
use ledger_types::bank::{InstantiateMsg, TotalsResponse};

use crate::ContractError;
use crate::contract::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::state::{CONFIG, Config, TOKEN, TOTALS};

/// Reply id of the settlement token's instantiation.
pub const TOKEN_REPLY_ID: u64 = 1;

pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let admin_contract = deps.api.addr_validate(&msg.admin_contract)?;
    if msg.token_code_id == 0 {
        return Err(ContractError::InvalidTokenCodeId {});
    }
    validate_token(&msg)?;

    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    CONFIG.save(
        deps.storage,
        &Config {
            admin_contract: admin_contract.clone(),
        },
    )?;
    TOTALS.save(
        deps.storage,
        &TotalsResponse {
            minted: Uint128::zero(),
            burned: Uint128::zero(),
            prepaid: Uint128::zero(),
            escrowed: Uint128::zero(),
            paid_out: Uint128::zero(),
        },
    )?;

    let bank = env.contract.address.to_string();
    // The gated settlement token: it asks the bank's registry about every holder.
    let token_msg = ledger_types::token::InstantiateMsg {
        name: msg.token_name,
        symbol: msg.token_symbol.clone(),
        decimals: msg.token_decimals,
        initial_balances: vec![],
        mint: Some(MinterResponse {
            minter: bank.clone(),
            cap: None,
        }),
        registry: admin_contract.to_string(),
    };
    let instantiate_token = WasmMsg::Instantiate {
        admin: Some(bank),
        code_id: msg.token_code_id,
        msg: to_json_binary(&token_msg)?,
        funds: vec![],
        label: format!("{} settlement token", msg.token_symbol),
    };
    Ok(Response::new()
        .add_submessage(SubMsg::reply_on_success(instantiate_token, TOKEN_REPLY_ID))
        .add_attribute("action", "instantiate")
        .add_attribute("admin_contract", admin_contract)
        .add_attribute("token_code_id", msg.token_code_id.to_string()))
}

/// The rules cw20-base applies, checked here so that a bad name gets a clear error.
fn validate_token(msg: &InstantiateMsg) -> Result<(), ContractError> {
    let name_len = msg.token_name.len();
    if !(3..=50).contains(&name_len) {
        return Err(ContractError::InvalidTokenName {
            name: msg.token_name.clone(),
        });
    }
    let symbol = &msg.token_symbol;
    if !(3..=12).contains(&symbol.len())
        || !symbol.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
    {
        return Err(ContractError::InvalidTokenSymbol {
            symbol: symbol.clone(),
        });
    }
    if msg.token_decimals > 18 {
        return Err(ContractError::InvalidTokenDecimals {
            decimals: msg.token_decimals,
        });
    }
    Ok(())
}

/// Stores the settlement token's address from its instantiation reply.
pub fn reply(deps: DepsMut, _env: Env, msg: Reply) -> Result<Response, ContractError> {
    if msg.id != TOKEN_REPLY_ID {
        return Err(ContractError::UnknownReplyId { id: msg.id });
    }
    let response = msg
        .result
        .into_result()
        .map_err(|reason| ContractError::TokenInstantiationFailed { reason })?;
    let token = deps.api.addr_validate(&token_address(&response)?)?;
    TOKEN.save(deps.storage, &token)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate_token")
        .add_attribute("token", token))
}

/// The new contract's address: from the message response (CosmWasm 2), else the deprecated
/// data field (older chains), else the `instantiate` event.
fn token_address(response: &SubMsgResponse) -> Result<String, ContractError> {
    if let Some(first) = response.msg_responses.first() {
        return Ok(parse_instantiate_response_data(first.value.as_slice())?.contract_address);
    }
    #[allow(deprecated)]
    if let Some(data) = &response.data {
        return Ok(parse_instantiate_response_data(data.as_slice())?.contract_address);
    }
    response
        .events
        .iter()
        .filter(|event| event.ty == "instantiate")
        .flat_map(|event| event.attributes.iter())
        .find(|attr| attr.key == "_contract_address")
        .map(|attr| attr.value.clone())
        .ok_or(ContractError::MissingTokenAddress {})
}
