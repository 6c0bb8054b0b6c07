//! Instantiation: the bank's wiring, and the settlement token it instantiates and mints.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Reply, Response, Uint128};
use cw_utils::nonpayable;
use ledger_contract_kit::issuance::{Token, record_issued_token};
use ledger_types::bank::{InstantiateMsg, TotalsResponse};

use crate::ContractResult;
use crate::state::{CONFIG, Config, TOKEN, TOTALS};
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

/// Reply id of the settlement token's instantiation.
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

    let instantiate_token = token.instantiate(
        &env.contract.address,
        &admin_contract,
        "settlement token",
        TOKEN_REPLY_ID,
    )?;
    Ok(Response::new()
        .add_submessage(instantiate_token)
        .add_attribute("action", "instantiate")
        .add_attribute("admin_contract", admin_contract)
        .add_attribute("token_code_id", msg.token_code_id.to_string()))
}

/// Stores the settlement token's address from its instantiation reply.
pub fn reply(deps: DepsMut, _env: Env, msg: Reply) -> ContractResult {
    Ok(record_issued_token(deps, msg, TOKEN_REPLY_ID, &TOKEN)?)
}
