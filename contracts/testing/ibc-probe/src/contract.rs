//! Instantiate, the send and the query.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    Binary, Deps, DepsMut, Env, IbcMsg, IbcTimeout, MessageInfo, Order, Response, StdResult,
    to_json_binary,
};
use cw_storage_plus::Bound;

use crate::ProbeError;
use crate::msg::{AnswersResponse, ExecuteMsg, InstantiateMsg, QueryMsg};
use crate::state::{ANSWERS, LAST_ANSWER};

const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Answers per page unless the query asks for fewer, and at most.
const DEFAULT_LIMIT: u32 = 30;
const MAX_LIMIT: u32 = 100;

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    _msg: InstantiateMsg,
) -> Result<Response, ProbeError> {
    no_funds(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    LAST_ANSWER.save(deps.storage, &0)?;
    Ok(Response::new().add_attribute("action", "instantiate"))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    _deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ProbeError> {
    no_funds(&info)?;
    match msg {
        ExecuteMsg::Send {
            channel_id,
            data,
            timeout_seconds,
        } => send(env, channel_id, data, timeout_seconds),
    }
}

/// Anyone may send: the probe is an instrument for tests on a local chain, and what it sends
/// is exactly what a hostile contract could send.
fn send(
    env: Env,
    channel_id: String,
    data: Binary,
    timeout_seconds: u64,
) -> Result<Response, ProbeError> {
    if timeout_seconds == 0 {
        return Err(ProbeError::ZeroTimeout { timeout_seconds });
    }
    let timeout = IbcTimeout::with_timestamp(env.block.time.plus_seconds(timeout_seconds));
    Ok(Response::new()
        .add_attribute("action", "send")
        .add_attribute("channel_id", &channel_id)
        .add_attribute("bytes", data.len().to_string())
        .add_message(IbcMsg::SendPacket {
            channel_id,
            data,
            timeout,
        }))
}

fn no_funds(info: &MessageInfo) -> Result<(), ProbeError> {
    if info.funds.is_empty() {
        return Ok(());
    }
    let funds = info
        .funds
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    Err(ProbeError::Funds { funds })
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Answers { start_after, limit } => {
            to_json_binary(&answers(deps, start_after, limit)?)
        }
    }
}

fn answers(deps: Deps, start_after: Option<u64>, limit: Option<u32>) -> StdResult<AnswersResponse> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
    let mut answers = ANSWERS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(limit + 1)
        .map(|entry| entry.map(|(_, answer)| answer))
        .collect::<StdResult<Vec<_>>>()?;
    let has_more = answers.len() > limit;
    answers.truncate(limit);
    Ok(AnswersResponse { answers, has_more })
}
