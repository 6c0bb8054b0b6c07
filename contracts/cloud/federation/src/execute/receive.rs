//! The settlement token's `Send` hook: a lease request or a top-up.

use cosmwasm_std::{DepsMut, Env, MessageInfo, from_json};
use cw20::Cw20ReceiveMsg;
use ledger_types::cloud::ReceiveMsg;

use crate::execute::leases;
use crate::state::CONFIG;
use crate::{ContractError, ContractResult};

pub fn receive(deps: DepsMut, env: Env, info: MessageInfo, msg: Cw20ReceiveMsg) -> ContractResult {
    let token = CONFIG.load(deps.storage)?.token;
    if info.sender != token {
        return Err(ContractError::WrongToken {
            token,
            sender: info.sender,
        });
    }
    let sender = deps.api.addr_validate(&msg.sender)?;
    if msg.amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    match from_json(&msg.msg)? {
        ReceiveMsg::RequestLease {
            provider,
            resources,
            instance_type,
            holding_seconds,
            terms,
        } => leases::request(
            deps,
            env,
            sender,
            msg.amount,
            leases::Request {
                provider,
                resources,
                instance_type,
                holding_seconds,
                terms,
            },
        ),
        ReceiveMsg::TopUp { lease_id } => leases::top_up(deps, sender, msg.amount, lease_id),
    }
}
