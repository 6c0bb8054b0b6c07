//! The settlement token's `Send` hook: a bid, with its escrow.

use cosmwasm_std::{DepsMut, Env, MessageInfo, from_json};
use cw20::Cw20ReceiveMsg;
use ledger_types::park::ReceiveMsg;

use crate::execute::orders;
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
    match from_json(&msg.msg)? {
        ReceiveMsg::PostBid {
            slot,
            energy_wh,
            max_price,
            requirements,
        } => orders::post_bid(
            deps,
            env,
            sender,
            msg.amount,
            orders::Bid {
                slot,
                energy_wh,
                max_price,
                requirements,
            },
        ),
    }
}
